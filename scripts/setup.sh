#!/usr/bin/env bash
# One-time set-up on Debian/Ubuntu: the system libraries Qt and media need, a virtual
# environment in .venv, and Cutmark with its dependencies. Safe to run again: it only
# installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

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
    echo "setup: installing system packages: ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
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

[ -x .venv/bin/python ] || "$PY" -m venv .venv
stamp=".venv/.cutmark-setup"
want="$(cat pyproject.toml scripts/setup.sh | sha256sum | cut -c1-16)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  # torch first, pinned: on Linux PyPI's build includes CUDA; set CUTMARK_TORCH to choose another
  # (e.g. "torch --index-url https://download.pytorch.org/whl/cpu" for a small CPU-only install).
  .venv/bin/python -m pip install -q --upgrade pip
  # shellcheck disable=SC2086
  .venv/bin/python -m pip install -q ${CUTMARK_TORCH:-torch==2.13.0}
  .venv/bin/python -m pip install -q -e ".[dev,cluster]"
  echo "$want" > "$stamp"
fi
