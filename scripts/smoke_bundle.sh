#!/usr/bin/env bash
# Smoke-test a built Cutmark bundle headless (Linux): the frozen program, not the source.
#
#   scripts/smoke_bundle.sh [BUNDLE_DIR]        (default: dist/cutmark)
#
# Needs, on the machine that runs it: the bundle, xvfb-run, and a Python with Cutmark's
# dependencies (the build environment) to generate the test video and check the results.
# Everything the bundle writes goes to a temporary folder (settings, cache, model folder).
# Exit status 0 when every check passes; the failing step is named otherwise.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bundle="$(cd "${1:-$root/dist/cutmark}" && pwd)"
bin="$bundle/cutmark"
PY="${PYTHON:-$([ -x "$root/.venv/bin/python" ] && echo "$root/.venv/bin/python" || echo python3)}"
tiny="$root/tests/assets/tiny_sensevoice"
[ -x "$bin" ] || { echo "smoke: no bundle at $bundle (build it with scripts/build_linux_bundle.sh)" >&2; exit 2; }
command -v xvfb-run >/dev/null || { echo "smoke: xvfb-run is needed (apt-get install xvfb xauth)" >&2; exit 2; }

work="$(mktemp -d "${TMPDIR:-/tmp}/cutmark-smoke.XXXXXX")"
[ -n "${KEEP_SMOKE:-}" ] || trap 'rm -rf "$work"' EXIT
export CUTMARK_CACHE_DIR="$work/cache" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
export QT_QPA_PLATFORM=xcb
unset CUTMARK_MODELS_DIR
cd "$work"

fails=0
step() {  # step NAME COMMAND...: run, time, report
  local name="$1"; shift
  local t0=$SECONDS
  if "$@" >"$work/$name.log" 2>&1; then
    printf 'PASS  %-22s %4ss\n' "$name" "$((SECONDS - t0))"
  else
    printf 'FAIL  %-22s %4ss  (log below)\n' "$name" "$((SECONDS - t0))"
    tail -n 25 "$work/$name.log" | sed 's/^/      /'
    fails=$((fails + 1))
  fi
}
check() { "$PY" - "$@"; }

echo "smoke: bundle $bundle ($(du -sh "$bundle" | cut -f1)), work folder $work"

# The test video: 60 s, 320x180, speech / applause at 12 s / laughter at 19 s / music at 36 s
# (the scene the UI tests use), written with tests/media/gen.py's make_video.
step make-video "$PY" - "$root" "$work/show.mp4" <<'EOF'
import sys
sys.path.insert(0, sys.argv[1])
from tests.media.gen import make_video
from tests.rig.scenes import SR, show_60s
audio, _ = show_60s()
make_video(sys.argv[2], 60.0, audio=audio, audio_rate=SR, channels=1, size=(320, 180))
EOF

step bundle-data bash -c "ls '$bundle'/_internal/desktop_app/ui/i18n/cutmark_zh_CN.qm \
  '$bundle'/_internal/silero_vad/data/silero_vad.jit '$bundle'/_internal/funasr/version.txt"
# Every Qt plugin and QML module in the bundle finds the Qt libraries it links (the spec
# drops unused Qt modules; a plugin left behind without its library would only fail on a
# user's machine). System libraries (libGL, Wayland, ...) come from the user's system.
step qt-libs-resolve bash -c "cd '$bundle/_internal' && find PySide6 -name '*.so*' -type f \
  -exec env LD_LIBRARY_PATH=\$PWD:\$PWD/PySide6/Qt/lib ldd {} + 2>/dev/null > '$work/ldd.txt'; \
  ! grep -E 'libQt6[A-Za-z0-9]*\.so[.0-9]* => not found' '$work/ldd.txt'"
step version bash -c "'$bin' --version | grep -Eq '^cutmark [0-9]+\.[0-9]+'"
step help bash -c "'$bin' --help | grep -q 'process'"

# platformdirs: the model cache follows the platform's data folder ($XDG_DATA_HOME here).
step models-path bash -c "[ \"\$('$bin' models path)\" = '$work/data/cutmark/models' ]"
step models-list "$bin" models list

# No model downloaded: a clear one-line error that names the fixes, exit 1.
step no-model-error bash -c "'$bin' process show.mp4 --out nomodel >out.txt 2>&1; rc=\$?; cat out.txt;
  [ \$rc -eq 1 ] && grep -q 'models download' out.txt && grep -q -- '--vad-only' out.txt"

step process-vad-only "$bin" process show.mp4 --vad-only --out vad
step check-vad-only check "$work/vad/show.cutmark.json" <<'EOF'
import json, sys
p = json.load(open(sys.argv[1]))
speech = [s for s in p["segments"] if s["kind"] == "speech"]
assert p["media"]["duration_ms"] == 60000, p["media"]["duration_ms"]
assert len(speech) >= 3, f"{len(speech)} speech spans"
print(f"{len(speech)} speech spans, {len(p['segments'])} segments")
EOF

# funasr + SenseVoiceSmall's classes + the model-loading path, frozen (the tiny test model).
step process-tiny-model "$bin" process show.mp4 --model "$tiny" --device cpu --out tiny
step check-tiny-model check "$work/tiny/show.cutmark.json" "$work/tiny/show.srt" <<'EOF'
import json, sys
p = json.load(open(sys.argv[1]))
texts = [s["text"] for s in p["segments"] if s.get("text")]
labels = {m["label"]: m["start_ms"] for m in p["markers"] if m["kind"] == "event"}
assert any("hello" in t.lower() for t in texts), texts
assert 11000 <= labels.get("applause", -1) <= 13000, labels
assert 18000 <= labels.get("laughter", -1) <= 20000, labels
srt = open(sys.argv[2], encoding="utf-8").read()
assert "-->" in srt and "hello" in srt.lower()
print(f"{len(texts)} segments with text; events {labels}")
EOF

# OpenTimelineIO and its adapters (entry points, manifests, adapter sources), frozen.
step export-timelines "$bin" export tiny/show.cutmark.json --format srt,vtt,txt,fcp7xml,fcpxml,edl,otio,csv,chapters,markers-edl --cut silence --out exports
step check-exports check "$work/exports" <<'EOF'
import sys, xml.etree.ElementTree as ET
from pathlib import Path
import opentimelineio as otio
d = Path(sys.argv[1])
names = sorted(p.name for p in d.iterdir())
for suffix in (".srt", ".vtt", ".txt", ".xml", ".fcpxml", ".edl", ".otio", ".csv", ".chapters.txt", ".markers.edl"):
    assert (d / f"show{suffix}").is_file(), (suffix, names)
assert ET.parse(d / "show.xml").getroot().tag == "xmeml"
assert ET.parse(d / "show.fcpxml").getroot().tag == "fcpxml"
tl = otio.adapters.read_from_file(str(d / "show.otio"))
clips = list(tl.find_clips())
assert clips, "no clips in the .otio"
assert "FCM:" in (d / "show.edl").read_text()
print(f"{len(names)} files; {len(clips)} clips in the OTIO timeline")
EOF

step render-pyav "$bin" render tiny/show.cutmark.json --cut silence --out cut.mp4
if [ -d "$bundle/_internal/imageio_ffmpeg" ]; then
  step render-moviepy "$bin" render tiny/show.cutmark.json --cut silence --backend moviepy --out cut-moviepy.mp4
fi
step check-render check "$work/cut.mp4" <<'EOF'
import sys, av
with av.open(sys.argv[1]) as c:
    d = c.duration / 1e6
    assert c.streams.video and c.streams.audio
assert 5 < d < 59, d  # speech only: about 18 s of the 60
print(f"rendered cut: {d:.1f} s")
EOF

# The real window under Xvfb: QtMultimedia's FFmpeg plugin must decode the frame.
step gui-screenshot bash -c "xvfb-run -a -s '-screen 0 1600x1000x24' '$bin' gui show.mp4 --model '$tiny' \
  --device cpu --screenshot shot.png --quit-after-analysis 2>&1 | tee gui.txt; [ \${PIPESTATUS[0]} -eq 0 ] \
  && ! grep -q 'QML module is missing' gui.txt"  # the player's QML path (desktop_app/ui/player.py)
step check-screenshot check "$work/shot.png" <<'EOF'
import sys
import numpy as np
from PIL import Image
img = np.asarray(Image.open(sys.argv[1]).convert("RGB")).astype(int)
assert img.shape[:2] == (1000, 1600), img.shape
assert img.std() > 20 and len(np.unique(img.reshape(-1, 3), axis=0)) > 200, "blank picture"
# Seeked to the applause at 12 s (+200 ms): frame 305, grey 305*7 % 256 = 87 (an empty player is black).
grey = np.abs(img[150:450, 200:800] - 87).max(axis=2) <= 12
assert grey.mean() > 0.5, f"video frame not shown (mean {img[150:450, 200:800].mean(axis=(0, 1))})"
print("window picture: video frame, lanes and transcript present")
EOF

# First run in the app: the model manager opens (no model yet; analysis falls back to speech detection).
step gui-model-manager xvfb-run -a -s "-screen 0 1600x1000x24" "$bin" gui show.mp4 --screenshot model.png \
  --screenshot-show model --quit-after-analysis
step check-model-manager test -s model.png

echo
if [ "$fails" -eq 0 ]; then
  echo "smoke: all checks passed"
else
  echo "smoke: $fails check(s) failed; logs in $work (set KEEP_SMOKE=1 to keep them)"
  exit 1
fi
