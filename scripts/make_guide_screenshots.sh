#!/usr/bin/env bash
# Make the guide's dialog and panel pictures (docs/images/guide-*.png) with the real app;
# scripts/make_screenshots.py makes the window, export and empty-state ones.
#
#   scripts/make_guide_screenshots.sh            # the app from this checkout
#   CUTMARK_BIN=dist/cutmark/cutmark scripts/make_guide_screenshots.sh   # or a built bundle
#
# Needs xvfb-run and a Python with Cutmark installed (for scripts/make_demo_video.py).
# Each picture is one run of `cutmark gui demo.mp4 --screenshot ... --quit-after-analysis`
# (with --screenshot-show for the dialogs and panels) under Xvfb, analysed with the small
# test model in tests/assets/tiny_sensevoice: its transcript says "hello" wherever someone
# speaks, and it marks the demo's applause (0:12), laughter (0:19) and music (0:36).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
PY="${PYTHON:-$([ -x "$root/.venv/bin/python" ] && echo "$root/.venv/bin/python" || echo python3)}"
out="$root/docs/images"
command -v xvfb-run >/dev/null || { echo "guide: xvfb-run is needed (apt-get install xvfb xauth)" >&2; exit 2; }
if [ -n "${CUTMARK_BIN:-}" ]; then app=("$(cd "$(dirname "$CUTMARK_BIN")" && pwd)/$(basename "$CUTMARK_BIN")"); else app=("$PY" -m desktop_app); fi

# A fixed, readable folder: the export dialog shows the video's folder in the picture.
work="/tmp/cutmark-guide"
rm -rf "$work"
trap 'rm -rf "$work"' EXIT
# Fresh settings and cache; the model folder the dialog names is the Linux default for a
# user called "you" (nothing is written there: the pictures use the test model).
export XDG_CONFIG_HOME="$work/config" CUTMARK_CACHE_DIR="$work/cache"
export CUTMARK_MODELS_DIR="/home/you/.local/share/cutmark/models"
export QT_QPA_PLATFORM=xcb QT_LOGGING_RULES="qt.multimedia.*=false"
mkdir -p "$out" "$work/Videos"

demo="$work/Videos/demo.mp4"
"$PY" "$root/scripts/make_demo_video.py" "$demo" >/dev/null

shot() {  # shot NAME [--screenshot-show WHAT]
  local name="$1"; shift
  xvfb-run -a -s "-screen 0 1600x1000x24" "${app[@]}" gui "$demo" --language en \
    --model "$root/tests/assets/tiny_sensevoice" --device cpu \
    --screenshot "$out/guide-$name.png" --quit-after-analysis "$@" 2>"$work/$name.log" \
    || { echo "guide: $name failed:" >&2; tail -20 "$work/$name.log" >&2; exit 1; }
  echo "docs/images/guide-$name.png"
}

shot events --screenshot-show events
shot edit --screenshot-show edit
shot model --screenshot-show model
shot shortcuts --screenshot-show shortcuts
