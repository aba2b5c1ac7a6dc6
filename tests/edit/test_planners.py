"""Silence removal, highlights, drop by tag and the user's keep/cut marks."""

import dataclasses

import pytest

from desktop_app.core.model import GAP, SPEECH, Marker, Segment
from desktop_app.edit import (
    CutPlanError,
    HighlightOptions,
    SilenceCutOptions,
    TagDropOptions,
    apply_user_marks,
    build_plan,
    drop_tags,
    find_highlights,
    highlight_cut,
    silence_cut,
    user_marks,
    whole_plan,
)
from tests.project.factories import sample_analysis


def analysis(segments=(), markers=(), duration_ms=60_000):
    base = sample_analysis()
    media = dataclasses.replace(base.media, duration_ms=duration_ms)
    return dataclasses.replace(base, media=media, segments=tuple(segments), markers=tuple(markers))


SPEECHY = analysis(
    [
        Segment(0, 1000, GAP),
        Segment(1000, 4000, SPEECH, "one"),
        Segment(4000, 4300, GAP),  # a short pause: not worth a cut
        Segment(4300, 6000, SPEECH, "two"),
        Segment(6000, 12000, GAP),
        Segment(12000, 12200, SPEECH, "blip"),  # too short to keep on its own
        Segment(12200, 20000, GAP),
        Segment(20000, 29950, SPEECH, "three"),
    ],
    [Marker("event", "laughter", 14000, 16000, 0.9)],
    duration_ms=30_000,
)


def test_silence_cut_pads_joins_and_drops_blips():
    plan = silence_cut(
        SPEECHY, SilenceCutOptions(pad_before_ms=200, pad_after_ms=300, min_clip_ms=701, min_gap_ms=500)
    )
    assert plan.spans() == [(800, 6300), (19800, 30000)]
    assert {r.reason for r in plan.ranges} == {"speech"}
    assert plan.source_duration_ms == 30_000


def test_silence_cut_can_keep_events_too():
    opts = SilenceCutOptions(
        keep=("speech", "Laughter"), pad_before_ms=0, pad_after_ms=0, min_clip_ms=0, min_gap_ms=0
    )
    plan = silence_cut(SPEECHY, opts)
    assert (14000, 16000) in plan.spans() and (12000, 12200) in plan.spans()
    assert plan.ranges[plan.index_at(15000)].reason == "laughter"


def test_silence_cut_on_a_silent_file_keeps_nothing():
    plan = silence_cut(analysis([Segment(0, 60_000, GAP)]))
    assert plan.ranges == () and plan.kept_ms == 0


@pytest.mark.parametrize("bad", [{"pad_before_ms": -1}, {"min_clip_ms": -5}, {"keep": ()}, {"keep": (" ",)}])
def test_silence_options_are_checked(bad):
    with pytest.raises(CutPlanError):
        SilenceCutOptions(**bad)


SHOW = analysis(
    [
        Segment(0, 9_000, SPEECH, "setup"),
        Segment(9_000, 30_000, GAP),
        Segment(30_000, 44_000, SPEECH, "joke"),
    ],
    [
        Marker("event", "laughter", 10_000, 12_000, 0.9),  # score 1.8
        Marker("event", "applause", 50_000, 56_000, 0.8),  # score 4.8
        Marker("event", "laughter", 100_000, 101_000, None),  # score 0.5
        Marker("event", "laughter", 104_000, 105_000, 0.2),  # merges with the one before
        Marker("event", "cough", 70_000, 71_000, 0.99),  # not chosen
    ],
    duration_ms=110_000,
)


def test_highlights_are_windows_around_events_snapped_merged_and_ranked():
    ranked = find_highlights(SHOW, HighlightOptions(before_ms=8000, after_ms=2000))
    assert [(h.start_ms, h.end_ms) for h in ranked] == [(42_000, 58_000), (0, 14_000), (92_000, 107_000)]
    # 42 000 lay inside the speech 30–44 s; 2 s back to its start is within snap_max_ms? no: 12 s away
    assert ranked[0].labels == ("applause",) and ranked[2].events == 2
    assert ranked[0].score == pytest.approx(4.8) and ranked[2].score == pytest.approx(0.7)
    plan = highlight_cut(SHOW, HighlightOptions())
    assert plan.spans() == [(0, 14_000), (42_000, 58_000), (92_000, 107_000)]
    assert plan.ranges[1].reason == "highlight:applause"


def test_highlight_edges_snap_to_speech_when_close():
    a = analysis([Segment(5_000, 10_500, SPEECH, "x")], [Marker("event", "laughter", 10_000, 11_000, 1.0)])
    [h] = find_highlights(a, HighlightOptions(before_ms=2000, after_ms=0, snap_max_ms=3000))
    assert (h.start_ms, h.end_ms) == (5_000, 11_000)  # 8 000 snapped back to the sentence start
    [h] = find_highlights(a, HighlightOptions(before_ms=2000, after_ms=0, snap_max_ms=1000))
    assert h.start_ms == 8_000
    [h] = find_highlights(a, HighlightOptions(before_ms=2000, after_ms=0, snap_to_speech=False))
    assert h.start_ms == 8_000


def test_highlight_target_takes_the_best_that_fit():
    plan = highlight_cut(SHOW, HighlightOptions(target_ms=31_000))
    assert plan.spans() == [(0, 14_000), (42_000, 58_000)]  # 16 s + 14 s; the 15 s one would overshoot
    assert plan.kept_ms <= 31_000
    tiny = highlight_cut(SHOW, HighlightOptions(target_ms=5_000))
    assert tiny.spans() == [(53_000, 58_000)]  # the best, trimmed, its reaction kept
    assert highlight_cut(SHOW, HighlightOptions(events=("sneeze",))).ranges == ()


def test_drop_by_tag_spares_speech_and_music_under_speech():
    a = analysis(
        [
            Segment(0, 10_000, SPEECH, "talking"),
            Segment(10_000, 20_000, GAP),
            Segment(20_000, 30_000, SPEECH, ""),
        ],  # voice, no text
        [
            Marker("event", "cough", 8_000, 12_000, 0.9),  # overlaps speech: only 10–12 s goes
            Marker("event", "bgm", 15_000, 40_000, 0.9),  # music; speech-free part 15–20 and 30–40 s
            Marker("event", "sneeze", 21_000, 22_000, 0.1),  # below the confidence asked for
            Marker("event", "laughter", 45_000, 47_000, 0.9),
        ],
    )
    plan = drop_tags(None, a, TagDropOptions(min_confidence=0.5))
    assert plan.removed() == [(10_000, 12_000), (15_000, 20_000), (30_000, 40_000)]
    untranscribed = drop_tags(None, a, TagDropOptions(labels=("sneeze",), music_only=False))
    assert untranscribed.removed() == [(21_000, 22_000)]  # a voice without text is not spared
    only_cough = drop_tags(
        whole_plan(60_000), a, TagDropOptions(labels=("cough",), music_only=False, spare_speech=False)
    )
    assert only_cough.removed() == [(8_000, 12_000)]


def test_user_marks_apply_in_order_and_are_validated():
    edits = {
        "cuts": [
            {"start_ms": 0, "end_ms": 5_000, "action": "cut"},
            {"start_ms": 2_000, "end_ms": 3_000, "action": "keep", "note": "keep the punchline"},
            {"start_ms": 50_000, "end_ms": 50_000, "action": "cut"},
        ]
    }
    plan = apply_user_marks(whole_plan(60_000), edits)
    assert plan.spans() == [(2_000, 3_000), (5_000, 60_000)]
    assert plan.ranges[0].reason == "user"
    assert apply_user_marks(None, {}, duration_ms=10).spans() == [(0, 10)]
    for bad in (
        {"cuts": {"start_ms": 1}},
        {"cuts": [{"start_ms": 1, "end_ms": 2}]},
        {"cuts": [{"start_ms": 5, "end_ms": 2, "action": "cut"}]},
        {"cuts": [{"start_ms": -1, "end_ms": 2, "action": "cut"}]},
        {"cuts": [{"start_ms": 1, "end_ms": 2, "action": "delete"}]},
        {"cuts": [{"start_ms": 1.5, "end_ms": 2, "action": "cut"}]},
    ):
        with pytest.raises(CutPlanError, match=r"edits\.cuts"):
            user_marks(bad)


def test_build_plan_composes_planner_drop_and_marks():
    edits = {"cuts": [{"start_ms": 12_000, "end_ms": 12_200, "action": "keep"}]}
    assert build_plan(SPEECHY, "none", edits=edits) is None
    strict = SilenceCutOptions(min_clip_ms=1000)
    assert (11_800, 12_400) not in build_plan(SPEECHY, "silence", silence=strict).spans()
    plan = build_plan(SPEECHY, "silence", silence=strict, edits=edits)
    # the 200 ms keep mark is widened about its middle to the 1 s minimum clip
    assert (11_600, 12_600) in plan.spans() and plan.ranges[1].reason == "user"
    drop = TagDropOptions(labels=("laughter",), music_only=False)
    marks_only = build_plan(SPEECHY, "marks", drop=drop)
    assert marks_only.removed() == [(14_000, 16_000)]
    with pytest.raises(CutPlanError, match="unknown cut"):
        build_plan(SPEECHY, "fastest")
