"""Issue #15 item 3: flagged windows are re-run as short sub-windows; markers cover only the
parts that carry the event."""

from desktop_app.core.model import GAP, SPEECH, Segment
from desktop_app.events import build_markers
from desktop_app.events.refine import RefineOptions, is_flagged, part_spans, sub_windows
from desktop_app.events.sensitivity import PRESETS, apply_sensitivity


def speech(a, b, probs=(("Speech", 0.9),), **kw):
    return Segment(
        a, b, SPEECH, "hello", event="Speech", event_confidence=probs[0][1], event_probs=probs, **kw
    )


def part(a, b, event, p, emotion="HAPPY"):
    rest = ("Speech", round(1 - p, 4)) if event != "Speech" else ("Applause", round(1 - p, 4))
    probs = tuple(sorted([(event, p), rest], key=lambda x: -x[1]))
    return Segment(
        a, b, SPEECH, event=probs[0][0], event_confidence=probs[0][1], event_probs=probs, emotion=emotion
    )


def test_sub_windows_half_overlap_and_their_stretches_tile_the_window():
    seg = speech(10_000, 15_500)
    spans = sub_windows(seg, RefineOptions())
    assert spans == [(10_000, 12_000), (11_000, 13_000), (12_000, 14_000), (13_000, 15_000), (13_500, 15_500)]
    parts = tuple(part(a, b, "Speech", 0.9) for a, b in spans)
    stretches = part_spans(Segment(10_000, 15_500, SPEECH, parts=parts))
    assert stretches[0][0] == 10_000 and stretches[-1][1] == 15_500
    assert all(x[1] == y[0] for x, y in zip(stretches, stretches[1:], strict=False))  # no gap, no overlap
    assert stretches[1] == (11_500, 12_500)  # the middle of each sub-window


def test_which_windows_are_flagged():
    opts = RefineOptions()
    assert is_flagged(Segment(0, 6000, GAP, event="Laughter"), opts)
    assert is_flagged(speech(0, 14_000, (("Speech", 0.85), ("Laughter", 0.12))), opts)  # passes 10 %
    assert not is_flagged(speech(0, 14_000, (("Speech", 0.94), ("Applause", 0.05))), opts)
    assert not is_flagged(speech(0, 14_000, (("Speech", 0.99), ("Event_UNK", 0.2))), opts)  # not an event
    assert not is_flagged(Segment(0, 3000, GAP, event="Laughter"), opts)  # already short
    assert not is_flagged(Segment(0, 6000, GAP, event="Laughter"), RefineOptions(enabled=False))


def test_a_burst_inside_a_speech_window_is_marked_only_where_its_parts_say_so():
    parts = tuple(
        part(a, b, "Applause" if 5000 <= a <= 6000 else "Speech", 0.8)
        for a, b in sub_windows(speech(0, 14_000), RefineOptions())
    )
    seg = speech(0, 14_000, (("Speech", 0.8), ("Applause", 0.2)), parts=parts)
    (marker,) = [m for m in build_markers([seg]) if m.kind == "event"]
    assert (marker.label, marker.start_ms, marker.end_ms) == ("applause", 5500, 7500)
    assert marker.confidence == 0.8
    # without parts the window's own (speech) event gives no marker at all
    assert [
        m
        for m in build_markers([speech(0, 14_000, (("Speech", 0.8), ("Applause", 0.2)))])
        if m.kind == "event"
    ] == []


def test_a_window_event_no_part_carries_keeps_the_whole_window():
    parts = (part(0, 2000, "Speech", 0.9), part(1000, 3000, "Speech", 0.9), part(2000, 4000, "Speech", 0.9))
    seg = Segment(
        0, 4000, GAP, event="Laughter", event_confidence=0.7, event_probs=(("Laughter", 0.7),), parts=parts
    )
    assert [(m.label, m.start_ms, m.end_ms) for m in build_markers([seg])] == [("laughter", 0, 4000)]


def test_sensitivity_re_chooses_the_parts_too():
    parts = tuple(
        part(a, b, "Speech", 0.85) if a != 6000 else part(a, b, "Speech", 0.7)
        for a, b in sub_windows(speech(0, 14_000), RefineOptions())
    )
    seg = speech(0, 14_000, (("Speech", 0.8), ("Applause", 0.2)), parts=parts)
    assert [m for m in build_markers([seg]) if m.kind == "event"] == []
    found = [m for m in build_markers(apply_sensitivity([seg], PRESETS["find-more"])) if m.kind == "event"]
    # applause x10: every part with applause p >= 0.1 (all of them: 0.15 or 0.3) says applause
    assert [(m.label, m.start_ms, m.end_ms) for m in found] == [("applause", 0, 14_000)]


def test_emotion_changes_inside_a_refined_window_follow_the_parts():
    spans = sub_windows(speech(0, 6000), RefineOptions())
    emotions = ["HAPPY", "HAPPY", "ANGRY", "ANGRY", "ANGRY"]
    parts = tuple(part(a, b, "Speech", 0.9, emotion=e) for (a, b), e in zip(spans, emotions, strict=True))
    seg = speech(0, 6000, parts=parts, emotion="HAPPY")
    got = [(m.label, m.start_ms, m.end_ms) for m in build_markers([seg]) if m.kind == "emotion"]
    assert got == [("happy", 0, 2500), ("angry", 2500, 6000)]
