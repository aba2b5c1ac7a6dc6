#!/usr/bin/env bash
# Set up (once: only what running needs) and run Cutmark: ./scripts/cutmark.sh demo
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
bash "$here/scripts/setup.sh"
# the command to suggest in messages such as "next: ... gui cutmark-demo/cutmark-demo.mp4"
export CUTMARK_PROG="${CUTMARK_PROG:-$0}"
exec "$here/.venv/bin/cutmark" "$@"
