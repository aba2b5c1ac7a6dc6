#!/usr/bin/env bash
# One-time set-up on Debian/Ubuntu: the system libraries Qt and media need, a virtual
# environment in .venv, and Cutmark with what it needs to run.
#
#   scripts/setup.sh         to run Cutmark (scripts/cutmark.sh calls this)
#   scripts/setup.sh --dev   also the test tools and Ray for the batch tests (scripts/test.sh)
#
# Safe to run again: each step is stamped in .venv and skipped once done (until
# pyproject.toml or this script change). CUTMARK_SETUP_DRY_RUN=1 prints the steps and
# what they would run, and changes nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

DEV=0
for arg in "$@"; do
  case "$arg" in
    --dev) DEV=1 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "setup: unknown option '$arg' (use --dev, or nothing)." >&2; exit 2 ;;
  esac
done
DRY="${CUTMARK_SETUP_DRY_RUN:-}"
started=$SECONDS

say() { echo "setup: $*" >&2; }  # stderr: stdout stays the command's (e.g. --progress json)
run() {  # run a command, or only show it in a dry run
  if [ -n "$DRY" ]; then echo "  would run: $*" >&2; else "$@" >&2; fi
}
run_quiet() {  # the same, its output dropped
  if [ -n "$DRY" ]; then echo "  would run: $*" >&2; else "$@" >/dev/null; fi
}

APT_PACKAGES=(melt libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libpulse0
  libxrandr2 libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-image0
  libxcb-render-util0 xvfb xauth fonts-noto-cjk espeak-ng python3-venv)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    say "installing ${#missing[@]} system packages with apt-get (Qt's and the media libraries, fonts; up to ~150 MB): ${missing[*]}"
    run $SUDO apt-get update -qq
    run_quiet env DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
  else
    echo "setup: not a Debian/Ubuntu system; install these yourself: ${missing[*]}" >&2
  fi
fi

PY="${PYTHON:-}"
if [ -z "$PY" ]; then
  for cand in python3.11 python3; do
    if command -v "$cand" >/dev/null 2>&1 && "$cand" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
      PY="$cand"; break
    fi
  done
fi
[ -n "$PY" ] || { echo "setup: Cutmark needs Python 3.11 (set PYTHON=/path/to/python3.11)." >&2; exit 1; }

if [ ! -x .venv/bin/python ]; then
  say "creating the virtual environment in .venv"
  run "$PY" -m venv .venv
fi
PIP=(.venv/bin/python -m pip install -q)
want="$(cat pyproject.toml scripts/setup.sh | sha256sum | cut -c1-16)"
runtime_stamp=".venv/.cutmark-setup"
dev_stamp=".venv/.cutmark-setup-dev"
TORCH="${CUTMARK_TORCH:-torch==2.13.0}"

torch_size() {  # which torch build pip will pick here, and its size, for the step's line
  [ -n "$DRY" ] && { echo "~200 MB for a CPU build, ~3 GB with CUDA"; return; }
  local url
  # shellcheck disable=SC2086
  url="$(.venv/bin/python -m pip install --dry-run --no-deps --ignore-installed -q --report - $TORCH 2>/dev/null \
    | .venv/bin/python -c 'import json,sys; print(json.load(sys.stdin)["install"][0]["download_info"]["url"])' 2>/dev/null || true)"
  case "$url" in
    *%2Bcpu*|*+cpu*|*macosx*|*win_amd64*) echo "CPU build, ~200 MB" ;;
    *manylinux*) echo "with CUDA, ~3 GB with its NVIDIA libraries; see the README for a CPU-only one of ~200 MB" ;;
    *) echo "~200 MB to ~3 GB, by build" ;;
  esac
}

if [ "$(cat "$runtime_stamp" 2>/dev/null)" != "$want" ]; then
  say "updating pip (~2 MB)"
  run .venv/bin/python -m pip install -q --upgrade pip
  # torch first, pinned: on Linux PyPI's build includes CUDA; set CUTMARK_TORCH to choose another
  # (e.g. "torch --index-url https://download.pytorch.org/whl/cpu" for a small CPU-only install).
  say "installing ${TORCH/==/ } ($(torch_size))"
  # shellcheck disable=SC2086
  run "${PIP[@]}" $TORCH
  say "installing Cutmark's runtime packages: FunASR, PySide6 (Qt), PyAV, OpenTimelineIO, ... (~500 MB)"
  run "${PIP[@]}" -e .
  [ -n "$DRY" ] || echo "$want" > "$runtime_stamp"
fi
if [ "$DEV" -eq 1 ] && [ "$(cat "$dev_stamp" 2>/dev/null)" != "$want" ]; then
  say "installing the test tools and Ray for the batch tests: pytest, pytest-qt, ruff, ray, ... (~150 MB)"
  run "${PIP[@]}" -e ".[dev,cluster]"
  [ -n "$DRY" ] || echo "$want" > "$dev_stamp"
fi
if [ $((SECONDS - started)) -gt 5 ]; then
  say "done in $(( (SECONDS - started) / 60 )) min $(( (SECONDS - started) % 60 )) s"
fi
