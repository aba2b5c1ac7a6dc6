"""The moviepy renderer: the same frames as the PyAV one, captions composited, cancel cleans up."""

import numpy as np
import pytest

from desktop_app.core.errors import Cancelled
from desktop_app.core.progress import CancelToken, drive
from desktop_app.media.captions import Caption
from desktop_app.media.render import RenderOptions
from desktop_app.media.render_moviepy import render_cut_moviepy
from tests.render.numbered import decode_audio, decode_video
from tests.render.test_render import KEEP, expected_frames


def test_moviepy_renders_the_same_frames(tmp_path, numbered_25):
    progress = []
    out = drive(render_cut_moviepy(numbered_25, KEEP, tmp_path / "cut.mp4", RenderOptions()), progress.append)
    numbers, _ = decode_video(out)
    assert numbers == expected_frames(KEEP, 25, 150)
    audio = decode_audio(out)
    assert abs(len(audio) / 48000 - len(numbers) / 25) < 0.05
    assert progress[-1].done == progress[-1].total and [p.name for p in tmp_path.iterdir()] == ["cut.mp4"]


def test_moviepy_composites_captions_and_cancels_cleanly(tmp_path, numbered_25):
    out = drive(
        render_cut_moviepy(
            numbered_25, KEEP, tmp_path / "cap.mp4", RenderOptions(captions=(Caption(0, 1000, "Hi 你好"),))
        )
    )
    import av

    with av.open(str(out)) as c:
        grey = [f.to_ndarray(format="gray").astype(int) for f in c.decode(video=0)]
    plain = drive(render_cut_moviepy(numbered_25, KEEP, tmp_path / "plain.mp4", RenderOptions()))
    with av.open(str(plain)) as c:
        base = [f.to_ndarray(format="gray").astype(int) for f in c.decode(video=0)]
    changed = [float(np.abs(a - b)[-40:].mean()) > 3 for a, b in zip(grey, base, strict=True)]
    assert changed[0] and changed[24] and not any(changed[26:])
    token = CancelToken()
    stage = render_cut_moviepy(numbered_25, KEEP, tmp_path / "gone.mp4", RenderOptions(), token)
    next(stage)
    token.cancel()
    with pytest.raises(Cancelled):
        drive(stage)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cap.mp4", "plain.mp4"]
