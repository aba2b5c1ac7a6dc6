"""``cutmark render`` end to end on a numbered video with a hand-made analysis."""

import dataclasses
import json
from fractions import Fraction

import av
import numpy as np
import pytest

from desktop_app.cli import progress_view
from desktop_app.cli.main import main
from desktop_app.core.model import GAP, SPEECH, Marker, Segment
from desktop_app.edit import SilenceCutOptions, silence_cut
from desktop_app.export import SubtitleOptions, build_cues
from desktop_app.media import probe
from desktop_app.project import Project, save_project
from tests.project.factories import sample_analysis
from tests.render.numbered import decode_video
from tests.render.test_render import expected_frames


@pytest.fixture
def project_file(tmp_path, numbered_25):
    base = sample_analysis()
    media = dataclasses.replace(probe(numbered_25), start_timecode=None)
    segments = (
        Segment(0, 600, GAP),
        Segment(600, 1800, SPEECH, "First words here.", "en"),
        Segment(1800, 3600, GAP),
        Segment(3600, 5200, SPEECH, "And the last ones.", "en"),
        Segment(5200, media.duration_ms, GAP),
    )
    markers = (Marker("event", "laughter", 2000, 3000, 0.9),)
    analysis = dataclasses.replace(base, media=media, segments=segments, markers=markers)
    path = tmp_path / "n25.cutmark.json"
    save_project(Project(analysis), path)
    return path, analysis


def test_render_a_silence_cut_with_subtitles(tmp_path, project_file, capsys):
    path, analysis = project_file
    out = tmp_path / "cut.mp4"
    rc = main(["render", str(path), "--cut", "silence", "--pad-ms", "100", "--burn-subtitles", "--out", str(out),
               "--progress", "json"])  # fmt: skip
    assert rc == 0
    events = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert events[0]["event"] == "start" and events[-1]["event"] == "done"
    plan = silence_cut(analysis, SilenceCutOptions(pad_before_ms=100, pad_after_ms=100))
    assert plan.spans() == [(500, 1900), (3500, 5300)]
    numbers, _ = decode_video(out)
    assert len(numbers) == len(expected_frames(plan.spans(), Fraction(25), 150))
    plain = tmp_path / "plain.mp4"
    assert main(["render", str(path), "--cut", "silence", "--pad-ms", "100", "--out", str(plain)]) == 0
    assert decode_video(plain)[0] == expected_frames(plan.spans(), Fraction(25), 150)
    with av.open(str(out)) as a, av.open(str(plain)) as b:
        pairs = zip(a.decode(video=0), b.decode(video=0), strict=True)
        differs = [
            np.abs(x.to_ndarray(format="gray")[-30:].astype(int) - y.to_ndarray(format="gray")[-30:]).mean()
            > 3
            for x, y in pairs
        ]
    cues = build_cues(Project(analysis), SubtitleOptions(), plan)
    shown = [any(c.start_ms <= i * 40 < c.end_ms for c in cues) for i in range(len(differs))]
    assert sum(shown) > 40 and not all(shown)
    assert differs == shown  # a caption exactly while a cue is on


def test_render_highlights_without_captions_is_frame_exact(tmp_path, project_file, capsys):
    path, _ = project_file
    out = tmp_path / "reel.mp4"
    assert (
        main(
            [
                "render",
                str(path),
                "--cut",
                "highlights",
                "--before",
                "1s",
                "--after",
                "500ms",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    assert capsys.readouterr().out.strip() == str(out)
    numbers, _ = decode_video(out)
    assert numbers == expected_frames(
        [(600, 3500)], Fraction(25), 150
    )  # 1 s before 2 s snapped back to 0.6 s
    assert main(["render", str(path), "--cut", "highlights", "--out", str(out)]) == 1  # exists
    assert "--overwrite" in capsys.readouterr().err


def test_ctrl_c_during_render_leaves_nothing(tmp_path, project_file, monkeypatch, capsys):
    path, _ = project_file

    def interrupt(self, p):
        raise KeyboardInterrupt

    monkeypatch.setattr(progress_view.ProgressView, "progress", interrupt)
    out = tmp_path / "never.mp4"
    assert main(["render", str(path), "--out", str(out)]) == 130
    assert "cancelled" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["n25.cutmark.json"]


def test_render_with_the_moviepy_backend(tmp_path, project_file):
    path, _ = project_file
    out = tmp_path / "mp.mp4"
    assert main(["render", str(path), "--cut", "silence", "--backend", "moviepy", "--out", str(out)]) == 0
    plan = [(400, 2000), (3400, 5400)]  # default 200 ms padding
    assert decode_video(out)[0] == expected_frames(plan, Fraction(25), 150)
