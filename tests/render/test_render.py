"""Rendering a cut with PyAV: the right frames at every cut point, sound in sync and without
clicks, nothing half-written on cancel or error. Frames are checked by decoding their numbers."""

import os
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest

from desktop_app.core.errors import Cancelled, OutputError, OutputExistsError
from desktop_app.core.progress import CancelToken, Progress, drive
from desktop_app.export.timeline import frame_ranges
from desktop_app.media import render as render_module
from desktop_app.media.captions import Caption
from desktop_app.media.render import RenderError, RenderOptions, plan_pieces, render_cut
from tests.media.gen import make_audio_file
from tests.render.numbered import (
    AMPLITUDE,
    BASE_HZ,
    STEP_HZ,
    decode_audio,
    decode_video,
    make_numbered_video,
    tone_at,
)

KEEP = [(500, 1500), (2210, 3000), (3020, 3500), (4000, 5990)]
RATE = 48_000


def render(source, keep, out, **options):
    progress = []
    path = drive(render_cut(source, keep, out, RenderOptions(**options)), progress.append)
    return path, progress


def expected_frames(keep, fps, total):
    return [n for _, first, count in frame_ranges(keep, fps, total) for n in range(first, first + count)]


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".part" in p.name)


@pytest.mark.parametrize("rate_key", ["25", "29.97", "23.976", "24", "30", "50", "59.94"])
def test_the_cut_holds_exactly_the_planned_frames(tmp_path, numbered, rate_key):
    source, fps = numbered[rate_key]
    seconds = 6 if rate_key in ("25", "29.97") else 4
    keep = [(a, min(b, seconds * 1000 - 10)) for a, b in KEEP if a < seconds * 1000]
    out, progress = render(source, keep, tmp_path / "cut.mp4")
    numbers, times = decode_video(out)
    total = round(seconds * fps)
    # the planned frames, and only they, in order: the same frames the timeline exports use,
    # so the last frame before each cut point and the first after it are the planned ones
    assert numbers == expected_frames(keep, fps, total)
    kept_ms = sum(b - a for a, b in keep)
    assert abs(len(numbers) / fps * 1000 - kept_ms) <= 1000 / fps
    assert times == pytest.approx([i / float(fps) for i in range(len(numbers))], abs=1e-3)
    with av.open(str(out)) as container:
        stream = container.streams.video[0]
        assert abs(float(stream.duration * stream.time_base) * 1000 - kept_ms) <= 1000 / fps
        assert Fraction(stream.average_rate) == fps
    assert isinstance(progress[0], Progress) and progress[-1].done == progress[-1].total
    assert all(a.done <= b.done for a, b in zip(progress, progress[1:], strict=False))
    assert leftovers(tmp_path) == [] and oct(os.stat(out).st_mode & 0o777) == oct(0o644)


def _expected_audio(pieces, n_out):
    """The source sound (the formula it was made from) at the times the cut plays."""
    out = np.zeros(n_out)
    for p in pieces:
        o0, n, s0 = round(p.out_start * RATE), round(p.duration * RATE), round(p.src_start * RATE)
        n = min(n, n_out - o0)
        out[o0 : o0 + n] = tone_at((np.arange(n) + s0) / RATE)
    return out


def test_sound_is_in_sync_and_joins_do_not_click(tmp_path, numbered_25):
    fps = Fraction(25)
    pieces = plan_pieces(KEEP, fps=fps, total_frames=150)
    out, _ = render(numbered_25, KEEP, tmp_path / "cut.mp4")
    got = decode_audio(out)
    total = pieces[-1].out_start + pieces[-1].duration
    assert (
        round(float(total) * RATE) <= len(got) <= round(float(total) * RATE) + 1024
    )  # plus AAC's last frame
    expected = _expected_audio(pieces, len(got))
    natural = 2 * np.pi * (BASE_HZ + 7 * STEP_HZ) * AMPLITUDE / RATE  # the steepest the tone ever is
    for p in pieces:
        o0, n = round(p.out_start * RATE), round(p.duration * RATE)
        inner = slice(o0 + 1000, o0 + n - 1000)
        assert np.sqrt(np.mean((got[inner] - expected[inner]) ** 2)) < 0.01  # in sync (1 ms off is ~0.1)
        lags = range(-48, 49)
        best = max(
            lags, key=lambda lag: float(np.dot(got[o0 + 1000 + lag : o0 + n - 1000 + lag], expected[inner]))
        )
        assert best == 0
    joins = [round(p.out_start * RATE) for p in pieces[1:]]
    steepest = [np.abs(np.diff(got[j - 480 : j + 480])).max() for j in joins]
    assert max(steepest) <= 1.2 * natural, steepest
    # the same cut without fades clicks: the check above can fail
    hard, _ = render(numbered_25, KEEP, tmp_path / "hard.mp4", fade_ms=0)
    raw = decode_audio(hard)
    assert max(np.abs(np.diff(raw[j - 480 : j + 480])).max() for j in joins) > 3 * natural


def test_cancel_leaves_nothing_behind(tmp_path, numbered_25):
    token = CancelToken()
    stage = render_cut(numbered_25, KEEP, tmp_path / "cut.mp4", RenderOptions(), token)
    next(stage)
    token.cancel()
    with pytest.raises(Cancelled):
        drive(stage)
    assert list(tmp_path.iterdir()) == []
    # closing the generator half-way (a UI dropping the job) cleans up too
    stage = render_cut(numbered_25, KEEP, tmp_path / "cut.mp4")
    next(stage)
    stage.close()
    assert list(tmp_path.iterdir()) == []


def test_an_error_keeps_the_old_file_and_leaves_no_temporary(tmp_path, numbered_25, monkeypatch):
    target = tmp_path / "cut.mp4"
    target.write_bytes(b"the previous render")
    calls = []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) > 10:
            raise OSError(28, "No space left on device")
        return real(*args, **kwargs)

    real = render_module._encode_video
    monkeypatch.setattr(render_module, "_encode_video", failing)
    with pytest.raises(OutputError, match="No space left"):
        render(numbered_25, KEEP, target, overwrite=True)
    assert target.read_bytes() == b"the previous render" and leftovers(tmp_path) == []
    monkeypatch.undo()
    with pytest.raises(OutputExistsError):
        render(numbered_25, KEEP, target)
    with pytest.raises(RenderError, match="keeps nothing"):
        render(numbered_25, [(100, 100)], tmp_path / "empty.mp4")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cut.mp4"]


def test_burned_in_captions_cover_their_time_only(tmp_path, numbered_25):
    captions = (Caption(0, 1000, "Hello <world> & 字幕"), Caption(2000, 2500, "[Laughter]"))
    plain, _ = render(numbered_25, KEEP, tmp_path / "plain.mp4")
    burned, _ = render(numbered_25, KEEP, tmp_path / "burned.mp4", captions=captions)

    def frames(path):
        with av.open(str(path)) as c:
            return [f.to_ndarray(format="gray").astype(int) for f in c.decode(video=0)]

    a, b = frames(plain), frames(burned)
    assert len(a) == len(b)
    changed = [float(np.abs(x - y)[-40:].mean()) > 3 for x, y in zip(a, b, strict=True)]
    shown = [i for i, c in enumerate(changed) if c]
    assert shown[0] == 0 and 24 in shown and 25 not in shown  # 0-1 s: frames 0..24
    assert 50 in shown and 62 in shown and 63 not in shown  # 2.0-2.5 s: frames 50..62
    assert sum(changed) == 25 + 13


def test_variable_frame_rate_keeps_the_frame_times(tmp_path):
    times = [0.0]
    rng = np.random.default_rng(3)
    while times[-1] < 4.0:
        times.append(times[-1] + float(rng.choice([1 / 30, 1 / 24, 1 / 15])))
    source = make_numbered_video(tmp_path / "vfr.mp4", times[-1], 30, frame_times_s=times)
    keep = [(500, 1500), (2500, 3700)]
    out, _ = render(source, keep, tmp_path / "cut.mp4")
    numbers, out_times = decode_video(out)
    wanted = [i for i, t in enumerate(times) if any(a / 1000 <= t < b / 1000 for a, b in keep)]
    assert numbers == wanted
    shift = {0: 0.5, 1: 2.5 - 1.0}
    for n, t in zip(numbers, out_times, strict=True):
        assert t == pytest.approx(times[n] - shift[0 if times[n] < 2 else 1], abs=0.002)


def test_audio_only_sources_render_sample_accurately(tmp_path):
    source = make_audio_file(tmp_path / "talk.wav", tone_at, RATE, duration_s=4.0, channels=1)
    keep = [(250, 1250), (2000, 2500)]
    out, _ = render(source, keep, tmp_path / "cut.m4a")
    got = decode_audio(out)
    assert 1.5 * RATE <= len(got) <= 1.5 * RATE + 1024
    pieces = plan_pieces(keep, fps=None)
    expected = _expected_audio(pieces, len(got))
    assert np.sqrt(np.mean((got[2000:46000] - expected[2000:46000]) ** 2)) < 0.01
    assert np.sqrt(np.mean((got[50000:70000] - expected[50000:70000]) ** 2)) < 0.01
