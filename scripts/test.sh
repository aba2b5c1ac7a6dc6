#!/usr/bin/env bash
# Set up (once: the runtime, then the test tools and Ray) and run the whole test suite
# headless. Extra arguments go to pytest.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev || exit 1
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
.venv/bin/python -m ruff check desktop_app tests scripts benchmarks || exit 1
.venv/bin/python -m pytest "$@"
rc=$?
if [ "$rc" -eq 5 ]; then
  echo "test.sh: pytest collected no tests; that is a failure here (the suite must not vanish)." >&2
fi
exit "$rc"
