"""Shotcut (.mlt) and Kdenlive (.kdenlive) exports rendered by ``melt``, the MLT framework both
editors play through: the rendered frames are exactly the planned ones, in order, and the
sound of both audio streams lands on the right frames, at 25, 29.97 and 23.976 fps, with
and without a start timecode. Kdenlive's subtitles are burned in by its subtitle filter.

``scripts/setup.sh`` installs ``melt`` (Debian's package); without it these tests fail
rather than skip, since they are the proof that the files play.
"""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from fractions import Fraction

import av
import numpy as np
import pytest

from desktop_app.core.model import GAP, SPEECH, Marker, Segment
from desktop_app.edit import plan_from_spans
from desktop_app.export import ExportOptions, build_cues, build_timeline, export
from desktop_app.export.timeline import ms_to_frame
from desktop_app.media import probe
from desktop_app.project import Project
from tests.project.factories import sample_analysis
from tests.render.numbered import click_times, decode_audio, decode_video, make_two_track_video
from tests.render.test_render import expected_frames

SECONDS = 4
CELLS = 96  # the frame number is drawn in the top 96 rows; below is black, for subtitles
KEEP = [(0, 700), (1210, 2000), (2020, 2500), (3000, 3990)]  # 2000-2020: a gap under a frame
CLICKS_MAIN_MS = [300, 900, 1500, 3500]  # 900 is cut away
CLICKS_SECOND_MS = [1800, 2700, 3200]  # 2700 is cut away
RATES = {"25": Fraction(25), "29.97": Fraction(30000, 1001), "23.976": Fraction(24000, 1001)}
TIMECODES = {"25": "10:00:00:00", "29.97": "01:00:00;00", "23.976": "00:59:59:00"}


def melt() -> str:
    path = shutil.which("melt")
    if path is None:
        pytest.fail("melt is not installed: run scripts/setup.sh (it installs Debian's 'melt' package)")
    return path


@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    """``sources[(rate_key, with_timecode)]`` → (path, fps): made on first use, in a folder
    whose name has spaces and non-ASCII letters, as has the file's."""
    folder = tmp_path_factory.mktemp("melt media") / "第一集 & more"
    folder.mkdir()
    made = {}

    def get(rate_key: str, timecode: bool):
        if (rate_key, timecode) not in made:
            fps = RATES[rate_key]
            path = folder / f"talk {rate_key}{' tc' if timecode else ''} 'ok' é.mp4"
            make_two_track_video(
                path,
                SECONDS,
                fps,
                clicks_main=[ms_to_frame(ms, fps) for ms in CLICKS_MAIN_MS],
                clicks_second=[ms_to_frame(ms, fps) for ms in CLICKS_SECOND_MS],
                timecode=TIMECODES[rate_key] if timecode else None,
                cells_height=CELLS,
            )
            made[(rate_key, timecode)] = (path, fps)
        return made[(rate_key, timecode)]

    return get


def project_for(path) -> Project:
    media = probe(path)
    segments = (
        Segment(0, 200, GAP),
        Segment(200, 1600, SPEECH, "Hello there, everyone.", "en"),
        Segment(1600, 3000, GAP, event="Laughter"),
        Segment(3000, 3900, SPEECH, "Bye now.", "en"),
        Segment(3900, media.duration_ms, GAP),
    )
    markers = (
        Marker("emotion", "happy", 200, 1600, 0.6),
        Marker("event", "laughter", 1700, 2400, 0.9),
        Marker("event", "applause", 3300, 3300),
    )
    base = sample_analysis()
    return Project(dataclasses.replace(base, media=media, audio_track=0, segments=segments, markers=markers))


def render(file, out) -> None:
    args = [melt(), "-quiet", str(file), "-consumer", f"avformat:{out}", "vcodec=ffv1", "acodec=pcm_s16le",
            "ar=48000", "channels=2", "real_time=-1"]  # fmt: skip
    result = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert out.is_file(), result.stderr[-2000:]


@pytest.mark.parametrize("fmt", ["mlt", "kdenlive"])
@pytest.mark.parametrize("timecode", [False, True], ids=["no-tc", "tc"])
@pytest.mark.parametrize("rate_key", list(RATES))
def test_melt_renders_exactly_the_planned_frames_and_sound(tmp_path, sources, rate_key, timecode, fmt):
    source, fps = sources(rate_key, timecode)
    proj = project_for(source)
    assert len(proj.analysis.media.audio_tracks) == 2
    assert (proj.analysis.media.start_timecode is not None) == timecode
    plan = plan_from_spans(KEEP, proj.analysis.media.duration_ms)
    out_dir = tmp_path / "cut ünïcode"
    options = ExportOptions(cut=plan)
    [path] = export(proj, [fmt], out_dir, stem="talk cut", options=options)
    tl = build_timeline(proj, options.timeline, plan)
    assert tl.rate == fps and (tl.source_start_frame > 0) == timecode
    rendered = tmp_path / "rendered.mkv"
    render(path, rendered)

    # every planned frame, in order, and nothing else
    numbers, times = decode_video(rendered, CELLS)
    planned = expected_frames(plan.spans(), fps, tl.source_frames)
    assert numbers == planned
    assert len(numbers) == tl.frames
    assert abs(len(numbers) / fps * 1000 - plan.kept_ms) <= 1000 / fps
    with av.open(str(rendered)) as container:
        assert Fraction(container.streams.video[0].average_rate) == fps

    # the sound: as long as the picture (within a frame), and each click of either stream
    # on the frame it was made on; the cut-away clicks are gone
    sound = decode_audio(rendered)
    assert abs(len(sound) / 48000 - len(numbers) / fps) <= 1 / fps
    expected = []
    for ms in CLICKS_MAIN_MS + CLICKS_SECOND_MS:
        frame = ms_to_frame(ms, fps)
        if frame in planned:
            expected.append(planned.index(frame) / fps)
    found = click_times(sound, 48000)
    assert len(found) == len(expected) == 5, (found, expected)
    assert np.abs(np.array(found) - np.array(sorted(expected))).max() < 1 / fps

    # subtitles: Kdenlive's are burned in below the number while a cue is up; Shotcut has none
    band = _subtitle_band(rendered)
    frame_s = 1 / float(fps)
    cues = build_cues(proj, options.subtitles, plan) if fmt == "kdenlive" else []
    if fmt == "kdenlive":
        assert cues and (out_dir / "talk cut.kdenlive.srt").is_file()
    for index, lit in enumerate(band):
        t = index * frame_s
        inside = any(c.start_ms / 1000 + frame_s <= t <= c.end_ms / 1000 - 2 * frame_s for c in cues)
        outside = all(t < c.start_ms / 1000 - 0.2 or t > c.end_ms / 1000 + 0.2 for c in cues)
        if inside:
            assert lit, f"frame {index}: no subtitle drawn"
        elif outside:
            assert not lit, f"frame {index}: something drawn outside every cue"


def _subtitle_band(path) -> list[bool]:
    """Per frame: whether anything is drawn below the frame number."""
    with av.open(str(path)) as container:
        return [
            bool((frame.to_ndarray(format="gray")[CELLS:] > 60).any()) for frame in container.decode(video=0)
        ]
