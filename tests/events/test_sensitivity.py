"""Issue #15 item 2: per-class sensitivity re-derives markers from the stored distributions."""

import pytest

from desktop_app.core.model import GAP, SPEECH, Segment
from desktop_app.events.sensitivity import (
    FIND_MORE,
    PRESETS,
    Sensitivity,
    SensitivityError,
    apply_sensitivity,
    choose,
    parse_sensitivity,
    preset_of,
    sensitivity_from_dict,
)
from desktop_app.events.state import EventState, derive_markers


def window(a, b, event, probs, kind=GAP, emotion=None, emotion_probs=()):
    conf = dict(probs).get(event)
    return Segment(
        a, b, kind, event=event, event_confidence=conf, event_probs=probs, emotion=emotion,
        emotion_confidence=dict(emotion_probs).get(emotion), emotion_probs=emotion_probs,
    )  # fmt: skip


SEGMENTS = (
    window(0, 3000, "Speech", (("Speech", 0.8), ("Applause", 0.15), ("Laughter", 0.05)), SPEECH),
    window(3000, 6000, "Laughter", (("Laughter", 0.6), ("Cough", 0.3))),
    window(
        6000,
        9000,
        "Speech",
        (("Speech", 0.9), ("Laughter", 0.1)),
        SPEECH,
        "NEUTRAL",
        (("NEUTRAL", 0.55), ("HAPPY", 0.45)),
    ),  # fmt: skip
)


def events(markers):
    return [(m.label, m.start_ms, m.end_ms, m.confidence) for m in markers if m.kind == "event"]


def test_presets_are_the_model_and_the_authors_published_gains():
    assert PRESETS["model"].is_model
    assert dict(PRESETS[FIND_MORE].gains) == {"applause": 10.0, "cry": 3.0, "sneeze": 3.0, "cough": 3.0}
    assert PRESETS[FIND_MORE].gain("Applause") == 10.0 and PRESETS[FIND_MORE].gain("Laughter") == 1.0


def test_as_the_model_says_is_the_argmax():
    assert derive_markers(SEGMENTS, ()) == derive_markers(SEGMENTS, (), state=EventState(PRESETS["model"]))
    assert events(derive_markers(SEGMENTS, ())) == [("laughter", 3000, 6000, 0.6)]


def test_find_more_and_own_gains_change_the_markers():
    found = derive_markers(SEGMENTS, (), state=EventState(PRESETS[FIND_MORE]))
    # applause 0.15 x 10 beats speech 0.8; cough 0.3 x 3 beats laughter 0.6
    assert events(found) == [("applause", 0, 3000, 0.15), ("cough", 3000, 6000, 0.3)]
    own = derive_markers(SEGMENTS, (), state=EventState(parse_sensitivity("laughter=10,happy=2")))
    assert events(own) == [("laughter", 3000, 9000, 0.35)]  # merged, duration-weighted confidence
    assert [(m.label, m.start_ms) for m in own if m.kind == "emotion"] == [("happy", 6000)]


def test_a_tag_the_user_set_by_hand_is_kept():
    edited = Segment(3000, 6000, GAP, event="BGM", event_probs=(("Laughter", 0.6), ("Cough", 0.3)))
    assert choose(edited.event, None, edited.event_probs, PRESETS[FIND_MORE]) == ("BGM", None)
    assert apply_sensitivity([edited], PRESETS[FIND_MORE])[0] is edited
    old = Segment(0, 3000, GAP, event="Laughter", event_confidence=0.6)  # no distribution kept
    assert apply_sensitivity([old], parse_sensitivity("cough=1000"))[0] is old


def test_parsing_and_storing():
    assert parse_sensitivity("model") == Sensitivity()
    assert parse_sensitivity("Find_More") == PRESETS[FIND_MORE]
    mixed = parse_sensitivity("find-more, laughter=2, Music=0.5")
    assert dict(mixed.gains) == {"applause": 10, "cry": 3, "sneeze": 3, "cough": 3, "laughter": 2, "bgm": 0.5}
    assert mixed.preset == "custom"
    assert sensitivity_from_dict(mixed.to_dict()) == mixed
    assert parse_sensitivity("applause=1") == Sensitivity()  # a gain of 1 is no change
    for bad in (
        "",
        "louder",
        "laughter",
        "laughter=0",
        "laughter=-1",
        "laughter=x",
        "giggle=2",
        "model,find-more",
    ):
        with pytest.raises(SensitivityError):
            parse_sensitivity(bad)


def test_the_preset_is_read_from_the_gains():
    assert preset_of(Sensitivity()) == "model"
    assert preset_of(PRESETS[FIND_MORE]) == "find-more"
    assert preset_of(parse_sensitivity("applause=10,cry=3,sneeze=3,cough=3")) == "find-more"  # same gains
    assert preset_of(parse_sensitivity("find-more,laughter=2")) == "custom"
    assert preset_of(parse_sensitivity("laughter=1")) == "model"  # a gain of 1 is no change
