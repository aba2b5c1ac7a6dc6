"""The one vocabulary: every kind distinct where people tell them apart, every spelling found."""

from desktop_app.core import vocabulary as v
from desktop_app.transcribe.tags import EMOTIONS, EVENTS, emotion_label, event_label

KINDS = (*v.EVENTS, *v.EMOTIONS)


def test_each_kind_has_its_own_glyph_colour_and_resolve_colour():
    for attr in ("label", "glyph", "color", "resolve_color"):
        values = [getattr(k, attr) for k in KINDS]
        assert len(set(values)) == len(values), attr
    laughter, happy = v.kind_of("laughter"), v.kind_of("happy")
    assert laughter.glyph != happy.glyph  # they shared one once


def test_every_model_tag_and_spelling_finds_its_kind():
    for kind in KINDS:
        assert kind.model_tag in EVENTS + EMOTIONS
        assert v.from_model_tag(kind.model_tag) is kind
        assert v.kind_of(kind.model_tag) is kind and v.kind_of(kind.label.upper()) is kind
    assert (
        event_label("BGM") == "bgm"
        and emotion_label("HAPPY") == "happy"
        and emotion_label("EMO_UNKNOWN") is None
    )
    assert v.kind_of("Music") is v.kind_of("bgm") and v.kind_of("coughing").label == "cough"
    assert v.event_kind("happy") is None and v.emotion_kind("laughter") is None
    assert v.kind_of("Speech") is None and v.display_name("speech_noise") == "Speech noise"


def test_the_cue_words_and_names_are_the_ones_every_face_uses():
    from desktop_app.export.subtitles import event_caption
    from desktop_app.export.timeline import marker_color, marker_name

    assert event_caption("cough") == "[Coughing]" and event_caption("bgm") == "[Music]"
    assert marker_name("event", "cough") == "Cough" and marker_name("event", "bgm") == "Music"
    assert marker_color("emotion", "happy") != marker_color("event", "bgm")
