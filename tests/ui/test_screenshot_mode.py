"""``cutmark gui VIDEO --screenshot OUT.png --quit-after-analysis`` under a real X server (Xvfb)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tests.media.gen import make_video
from tests.rig.scenes import SR, show_60s

TINY = Path(__file__).resolve().parents[1] / "assets" / "tiny_sensevoice"


@pytest.mark.timeout(240)
@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="needs xvfb-run (apt-get install xvfb)")
def test_screenshot_shows_video_frame_waveform_lanes_and_transcript(tmp_path):
    from PIL import Image

    audio, _ = show_60s()
    video = make_video(tmp_path / "show.mp4", 60.0, audio=audio, audio_rate=SR, channels=1, size=(320, 180))
    out = tmp_path / "shot.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "CUTMARK_CACHE_DIR": str(tmp_path / "cache"),
           "CUTMARK_MODELS_DIR": str(tmp_path / "models"), "XDG_CONFIG_HOME": str(tmp_path / "config")}  # fmt: skip
    cmd = ["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", sys.executable, "-m", "desktop_app", "gui", str(video),
           "--model", str(TINY), "--device", "cpu", "--screenshot", str(out), "--quit-after-analysis"]  # fmt: skip
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=200)
    assert proc.returncode == 0, proc.stderr[-2000:]
    img = np.asarray(Image.open(out).convert("RGB")).astype(int)
    assert img.shape[:2] == (1000, 1600)
    # The player shows the frame at the first event (applause at 12 s, +200 ms): frame 305,
    # whose grey level the generator set to 305 * 7 % 256 = 87. An empty video widget is black.
    video_area = img[150:450, 200:800]
    grey = np.abs(video_area - 87).max(axis=2) <= 12
    assert grey.mean() > 0.5, f"video frame not on screen (mean colour {video_area.mean(axis=(0, 1))})"
    # The timeline (bottom third) carries the applause colour of the events lane and a waveform.
    bottom = img[650:1000, :1000]
    applause = (np.abs(bottom - np.array([0x56, 0xB4, 0xE9])).max(axis=2) <= 10).sum()
    assert applause > 100
    # The transcript dock (right) is filled with rows, not an empty panel.
    panel = img[80:400, 1100:1600]
    assert (panel.std(axis=2).sum() > 0) and (np.abs(np.diff(panel, axis=0)).sum(axis=2) > 60).mean() > 0.02
