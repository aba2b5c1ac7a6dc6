"""No plan, from any source, keeps a clip shorter than the minimum (unless the media is).

A cut mark next to padded speech used to leave 200 ms slivers (5 frames at 25 fps)
that every editor timeline then carried as clips. ``build_plan`` now drops ranges
shorter than ``min_clip_ms`` after the marks, and widens a keep mark shorter than it.
"""

import dataclasses

import opentimelineio as otio
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.cli.main import main
from desktop_app.core.model import GAP, SPEECH, Marker, Segment
from desktop_app.edit import (
    HighlightOptions,
    SilenceCutOptions,
    TagDropOptions,
    build_plan,
)
from desktop_app.project import Project, save_project
from tests.project.factories import sample_analysis

LABELS = ("laughter", "applause", "bgm", "cough", "sneeze")


@st.composite
def analyses(draw):
    duration = draw(st.integers(1, 60_000))
    segments, t = [], 0
    while t < duration and len(segments) < 10:
        end = min(duration, t + draw(st.integers(1, 8_000)))
        kind = draw(st.sampled_from([SPEECH, GAP]))
        segments.append(Segment(t, end, kind, draw(st.sampled_from(["", "hello", "你好"]))))
        t = end
    markers = []
    for _ in range(draw(st.integers(0, 6))):
        start = draw(st.integers(0, duration - 1))
        end = min(duration, start + draw(st.integers(1, 6_000)))
        markers.append(
            Marker("event", draw(st.sampled_from(LABELS)), start, end, draw(st.none() | st.floats(0, 1)))
        )
    base = sample_analysis()
    media = dataclasses.replace(base.media, duration_ms=duration)
    return dataclasses.replace(base, media=media, segments=tuple(segments), markers=tuple(markers))


_marks = st.lists(
    st.tuples(st.integers(0, 62_000), st.integers(0, 3_000), st.sampled_from(["keep", "cut"])), max_size=6
).map(lambda ms: [{"start_ms": a, "end_ms": a + n, "action": act} for a, n, act in ms])

_drops = st.none() | st.builds(
    TagDropOptions,
    labels=st.lists(st.sampled_from(LABELS), min_size=1, max_size=3).map(tuple),
    pad_ms=st.integers(0, 500),
    spare_speech=st.booleans(),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    a=analyses(),
    mode=st.sampled_from(["silence", "highlights", "marks"]),
    marks=_marks,
    drop=_drops,
    min_clip=st.sampled_from([None, 0, 200, 500, 1_500]),
    pad=st.integers(0, 400),
    target=st.none() | st.integers(1_000, 30_000),
)
def test_no_kept_range_is_shorter_than_the_minimum_from_any_source(
    a, mode, marks, drop, min_clip, pad, target
):
    silence = SilenceCutOptions(pad_before_ms=pad, pad_after_ms=pad, min_gap_ms=pad)
    highlights = HighlightOptions(
        events=("laughter", "cough"), before_ms=pad * 5, after_ms=pad, target_ms=target
    )
    plan = build_plan(
        a,
        mode,
        silence=silence,
        highlights=highlights,
        drop=drop,
        edits={"cuts": marks},
        min_clip_ms=min_clip,
    )
    duration = a.media.duration_ms
    floor = min(500 if min_clip is None else min_clip, duration)
    assert all(r.duration_ms >= floor for r in plan.ranges), plan.spans()
    reach = floor  # how far a widened keep mark may reach past its own edges
    for i, m in enumerate(marks):
        later = marks[i + 1 :]
        if m["action"] == "cut":  # a cut moment stays cut unless a later keep mark comes near it
            for t in (m["start_ms"], (m["start_ms"] + m["end_ms"]) // 2, m["end_ms"] - 1):
                near_keep = any(
                    k["action"] == "keep" and k["start_ms"] - reach <= t < k["end_ms"] + reach for k in later
                )
                if m["start_ms"] <= t < min(m["end_ms"], duration) and not near_keep:
                    assert plan.index_at(t) is None, (t, m, plan.spans())
        elif m["end_ms"] > m["start_ms"] and m["start_ms"] < duration:  # a keep mark keeps its moment
            middle = (m["start_ms"] + min(m["end_ms"], duration)) // 2
            near_cut = any(
                c["action"] == "cut" and c["start_ms"] - reach <= middle < c["end_ms"] + reach for c in later
            )
            if not near_cut:
                assert plan.index_at(middle) is not None, (middle, m, plan.spans())


def test_a_short_keep_mark_is_widened_about_its_middle_to_the_minimum():
    a = sample_analysis()
    edits = {"cuts": [{"start_ms": 40_000, "end_ms": 40_100, "action": "keep"}]}
    plan = build_plan(
        a, "marks", edits={"cuts": [{"start_ms": 0, "end_ms": 60_000, "action": "cut"}, *edits["cuts"]]}
    )
    assert plan.spans() == [(39_800, 40_300)] and plan.ranges[0].reason == "user"
    at_the_end = {
        "cuts": [
            {"start_ms": 0, "end_ms": 60_000, "action": "cut"},
            {"start_ms": 59_900, "end_ms": 60_000, "action": "keep"},
        ]
    }
    assert build_plan(a, "marks", edits=at_the_end).spans() == [(59_500, 60_000)]  # shifted inside the media


def test_media_shorter_than_the_minimum_keeps_all_of_it():
    base = sample_analysis()
    short = dataclasses.replace(
        base,
        media=dataclasses.replace(base.media, duration_ms=300),
        segments=(Segment(0, 300, SPEECH, "hi"),),
        markers=(),
    )
    assert build_plan(short, "silence").spans() == [(0, 300)]
    assert (
        build_plan(
            short, "marks", edits={"cuts": [{"start_ms": 100, "end_ms": 120, "action": "cut"}]}
        ).spans()
        == []
    )


def test_a_negative_minimum_is_refused():
    from desktop_app.edit import CutPlanError

    with pytest.raises(CutPlanError, match="min_clip_ms"):
        build_plan(sample_analysis(), "marks", min_clip_ms=-1)


@pytest.fixture
def project_with_a_cut_mark(tmp_path):
    """The issue's case: the user cut the English sentence (1-9 s) out of the talk."""
    analysis = sample_analysis()
    media = dataclasses.replace(analysis.media, path="talk.mp4")
    edits = {"cuts": [{"start_ms": 1_000, "end_ms": 9_000, "action": "cut"}]}
    path = tmp_path / "talk.cutmark.json"
    save_project(Project(dataclasses.replace(analysis, media=media), edits=edits), path)
    (tmp_path / "talk.mp4").write_bytes(b"not really a video")
    return path


def test_cutmark_cut_writes_no_clip_shorter_than_min_clip(tmp_path, project_with_a_cut_mark, capsys):
    assert main(["cut", str(project_with_a_cut_mark), "--dry-run"]) == 0
    kept = [line.split()[:2] for line in capsys.readouterr().out.splitlines()]
    assert kept == [["00:00:11.800", "00:00:22.200"]]  # not the 200 ms pads left at 0.8-1.0 s and 9.0-9.2 s
    out = tmp_path / "out"
    assert main(["cut", str(project_with_a_cut_mark), "--format", "otio,fcp7xml", "--out", str(out)]) == 0
    timeline = otio.adapters.read_from_file(str(out / "talk.otio"))
    clips = list(timeline.tracks[0].find_clips())
    assert len(clips) == 1 and all(c.duration().to_seconds() >= 0.5 for c in clips)
    assert (out / "talk.xml").read_text(encoding="utf-8").count("<clipitem") >= 1
    capsys.readouterr()
    assert main(["cut", str(project_with_a_cut_mark), "--dry-run", "--min-clip-ms", "0"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 3  # asked for: the slivers are back
