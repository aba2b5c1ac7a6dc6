from desktop_app.core.model import GAP, SPEECH, Segment, Window
from desktop_app.events import EventOptions, build_markers


def seg(a, b, kind=GAP, event=None, emotion=None, ec=None, mc=None):
    return Segment(a, b, kind, event=event, emotion=emotion, event_confidence=ec, emotion_confidence=mc)


def test_adjacent_windows_with_the_same_event_merge():
    segments = [
        seg(0, 3000, event="Applause", ec=0.9),
        seg(3000, 6000, event="Applause", ec=0.5),
        seg(6000, 9000, event="Laughter", ec=0.8),
    ]
    markers = build_markers(segments)
    assert [(m.label, m.start_ms, m.end_ms) for m in markers] == [
        ("applause", 0, 6000),
        ("laughter", 6000, 9000),
    ]
    assert markers[0].confidence == 0.7


def test_emotions_only_from_speech_and_not_neutral():
    segments = [
        seg(0, 5000, SPEECH, "Speech", "HAPPY"),
        seg(5000, 8000, SPEECH, "Speech", "HAPPY"),
        seg(8000, 9000, SPEECH, "Speech", "NEUTRAL"),
        seg(9000, 12000, GAP, "BGM", "ANGRY"),
    ]
    markers = build_markers(segments)
    assert [(m.kind, m.label, m.start_ms, m.end_ms) for m in markers] == [
        ("emotion", "happy", 0, 8000),
        ("event", "bgm", 9000, 12000),
    ]


def test_confidence_floor_and_silences():
    segments = [seg(0, 3000, event="Cough", ec=0.2)]
    silent = [Window(1, 3000, 3500, GAP, True), Window(2, 5000, 9000, GAP, True)]
    markers = build_markers(segments, silent, EventOptions(min_event_confidence=0.5))
    assert [(m.kind, m.start_ms, m.end_ms) for m in markers] == [("silence", 5000, 9000)]


def test_gap_windows_where_the_model_heard_words_carry_emotion():
    segments = [
        seg(0, 3000, SPEECH, "Speech", "SAD"),
        Segment(3000, 4000, GAP, text="oh", event="Speech", emotion="SAD"),
        seg(4000, 6000, SPEECH, "Speech", "SAD"),
    ]
    assert [(m.label, m.start_ms, m.end_ms) for m in build_markers(segments)] == [("sad", 0, 6000)]
