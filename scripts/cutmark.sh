#!/usr/bin/env bash
# Set up (once) and run Cutmark: ./scripts/cutmark.sh process VIDEO --vad-only
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
bash "$here/scripts/setup.sh"
exec "$here/.venv/bin/cutmark" "$@"
