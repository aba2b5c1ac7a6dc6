"""Properties of the subtitle layout that hold for any transcript."""

import dataclasses

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.core.model import GAP, SPEECH, Marker, Segment, Word
from desktop_app.edit import plan_from_spans
from desktop_app.export import SubtitleOptions, build_cues
from desktop_app.project import Project
from tests.project.factories import sample_analysis

_pieces = st.sampled_from(
    ["hello", "world,", "a", "supercalifragilisticexpialidocious", "中", "文", "字幕。", "「引用」", "😀",
     "\n\n", "\x00", "\t", " ", "-->", "<i>", "한국어", "שלום", "https://example.com/a/very/long/path/that/never/ends"]
)  # fmt: skip


@st.composite
def _segments(draw):
    out, t = [], 0
    for _ in range(draw(st.integers(0, 6))):
        t += draw(st.integers(0, 3000))
        length = draw(st.integers(0, 20000))
        parts = draw(st.lists(_pieces, max_size=40))
        text = draw(st.sampled_from(["", " "])).join(parts)
        words = ()
        if draw(st.booleans()):
            tokens = text.split()
            if tokens:
                step = max(1, length // len(tokens))
                words = tuple(Word(tok, t + i * step, t + (i + 1) * step) for i, tok in enumerate(tokens))
        out.append(Segment(t, t + length, draw(st.sampled_from([SPEECH, SPEECH, GAP])), text, words=words))
        t += length - draw(st.integers(0, 500))  # sometimes overlapping
        t = max(t, 0)
    return out


_options = st.builds(
    SubtitleOptions,
    max_chars_per_line=st.sampled_from([42, 16, 5]),
    max_lines=st.integers(1, 3),
    min_duration_ms=st.sampled_from([0, 1000]),
    max_duration_ms=st.sampled_from([1000, 7000]),
    max_cps=st.sampled_from([9.0, 20.0]),
    min_gap_ms=st.sampled_from([0, 80]),
    include_events=st.booleans(),
    event_style=st.sampled_from(["cue", "prefix"]),
    include_emotion=st.booleans(),
    cjk_max_chars_per_line=st.sampled_from([None, 16, 3]),
    cjk_max_cps=st.sampled_from([None, 9.0]),
    merge_short=st.booleans(),
    max_shift_ms=st.sampled_from([0, 600]),
)
_cuts = st.none() | st.lists(st.tuples(st.integers(0, 60_000), st.integers(1, 20_000)), max_size=6).map(
    lambda spans: plan_from_spans([(a, a + n) for a, n in spans], 60_000)
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(segments=_segments(), options=_options, marker_at=st.integers(0, 60_000), cut=_cuts)
def test_cues_are_always_well_formed(segments, options, marker_at, cut):
    analysis = sample_analysis()
    markers = (Marker("event", "laughter", marker_at, marker_at + 2500), Marker("event", "Speech", 0, 100))
    segments = [
        s if i % 2 else dataclasses.replace(s, emotion="ANGRY", language="zh") for i, s in enumerate(segments)
    ]
    analysis = type(analysis)(**{**analysis.__dict__, "segments": tuple(segments), "markers": markers})
    cues = build_cues(Project(analysis), options, cut)
    if cut is not None:
        assert all(c.end_ms <= max(cut.kept_ms, c.start_ms + options.max_duration_ms) for c in cues)
    for cue in cues:
        assert 0 <= cue.start_ms < cue.end_ms
        assert cue.end_ms - cue.start_ms <= options.max_duration_ms
        assert 1 <= len(cue.lines) <= options.max_lines
        for line in cue.lines:
            assert line and line == line.strip() and len(line) <= options.max_chars_per_line
            assert not any(ord(ch) < 32 or ch in "\x7f\u2028\u2029" for ch in line)
    for a, b in zip(cues, cues[1:], strict=False):
        assert a.end_ms + options.min_gap_ms <= b.start_ms


def test_empty_project_has_no_cues():
    analysis = sample_analysis()
    analysis = type(analysis)(**{**analysis.__dict__, "segments": (), "markers": ()})
    assert build_cues(Project(analysis), SubtitleOptions(include_events=True)) == []


def test_short_and_fast_cues_are_lengthened_into_free_time():
    analysis = sample_analysis()
    segments = (
        Segment(1000, 1200, SPEECH, "Hi"),
        Segment(1500, 1900, SPEECH, "a" * 30 + " bb"),
        Segment(9000, 9100, SPEECH, "end"),
    )
    analysis = type(analysis)(**{**analysis.__dict__, "segments": segments, "markers": ()})
    cues = build_cues(Project(analysis), SubtitleOptions(min_gap_ms=100, merge_short=False, max_shift_ms=0))
    assert [(c.start_ms, c.end_ms) for c in cues] == [(1000, 1400), (1500, 3150), (9000, 10000)]


def test_a_tiny_cue_merges_into_its_neighbour_when_it_fits():
    analysis = sample_analysis()
    segments = (
        Segment(1000, 1200, SPEECH, "Hi"),
        Segment(1500, 1900, SPEECH, "a" * 30 + " bb"),
        Segment(9000, 9100, SPEECH, "end"),
        Segment(20000, 20300, SPEECH, "x" * 40),
        Segment(20400, 20600, SPEECH, "y" * 40 + " zz"),  # together more than two lines: not merged
    )
    analysis = type(analysis)(**{**analysis.__dict__, "segments": segments, "markers": ()})
    cues = build_cues(Project(analysis), SubtitleOptions(min_gap_ms=100))
    assert [(c.start_ms, c.end_ms, c.lines) for c in cues[:2]] == [
        (1000, 3150, ("Hi " + "a" * 30 + " bb",)),
        (9000, 10000, ("end",)),
    ]
    assert [c.lines for c in cues[2:]] == [("x" * 40,), ("y" * 40, "zz")]
