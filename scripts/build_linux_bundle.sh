#!/usr/bin/env bash
# Build Cutmark's Linux bundle and .deb on this machine, then smoke-test the bundle.
#
#   scripts/build_linux_bundle.sh [--no-smoke] [--no-deb]
#
# Output: dist/cutmark/ (the onedir bundle: run dist/cutmark/cutmark) and
# dist/cutmark_<version>_<arch>.deb. Uses the Python in .venv when there is one (made by
# scripts/setup.sh), else python3, or $PYTHON. That environment needs Cutmark's
# dependencies and PyInstaller: pip install -e ".[build]". Build with the CPU torch
# (installers/README.md explains the CPU and CUDA variants).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
smoke=1 deb=1
for arg in "$@"; do
  case "$arg" in
    --no-smoke) smoke=0 ;;
    --no-deb) deb=0 ;;
    *) echo "usage: $0 [--no-smoke] [--no-deb]" >&2; exit 2 ;;
  esac
done
PY="${PYTHON:-$([ -x .venv/bin/python ] && echo .venv/bin/python || echo python3)}"
export PYTHON="$PY"

"$PY" -c 'import PyInstaller' 2>/dev/null || {
  echo "build: PyInstaller is missing; install the build extra: $PY -m pip install -e \".[build]\"" >&2; exit 1; }
torch_info="$("$PY" -c 'import torch; print(torch.__version__, torch.version.cuda or "cpu")')"
echo "build: $("$PY" --version), PyInstaller $("$PY" -c 'import PyInstaller; print(PyInstaller.__version__)'), torch $torch_info"
case "$torch_info" in
  *" cpu") ;;
  *) echo "build: warning: this torch is a CUDA build; the bundle will carry its CUDA libraries (several GB)." >&2 ;;
esac
[ -f resources/icons/cutmark-256.png ] || "$PY" resources/make_icons.py

t0=$SECONDS
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller installers/cutmark.spec
t_bundle=$((SECONDS - t0))
echo "build: bundle dist/cutmark ($(du -sh dist/cutmark | cut -f1)) in ${t_bundle}s"

t_deb=0
if [ "$deb" -eq 1 ]; then
  t0=$SECONDS
  bash installers/linux/build_deb.sh dist/cutmark dist
  t_deb=$((SECONDS - t0))
fi

t_smoke=0
if [ "$smoke" -eq 1 ]; then
  t0=$SECONDS
  bash scripts/smoke_bundle.sh dist/cutmark
  t_smoke=$((SECONDS - t0))
fi
echo "build: times: bundle ${t_bundle}s, deb ${t_deb}s, smoke ${t_smoke}s"
