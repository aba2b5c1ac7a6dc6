from hypothesis import given
from hypothesis import strategies as st

from desktop_app.transcribe.tags import EMOTIONS, EVENTS, LANGUAGES, emotion_label, event_label, parse_output


def test_parses_the_published_order():
    p = parse_output("<|en|><|HAPPY|><|Speech|><|woitn|>hello world")
    assert (p.language, p.emotion, p.event, p.itn, p.text) == ("en", "HAPPY", "Speech", False, "hello world")


def test_classifies_by_set_not_position():
    p = parse_output("<|Laughter|><|withitn|><|ANGRY|><|zh|>哈哈")
    assert (p.language, p.emotion, p.event, p.itn, p.text) == ("zh", "ANGRY", "Laughter", True, "哈哈")


def test_missing_and_repeated_tags_first_wins():
    p = parse_output("<|nospeech|><|Applause|><|Applause|><|BGM|>")
    assert p.language == "nospeech" and p.event == "Applause" and p.emotion is None and p.itn is None
    assert p.text == ""


def test_unknown_tags_are_kept_aside_not_in_text():
    p = parse_output("<|en|><|SOMETHING_NEW|>  hi   there ")
    assert p.unknown_tags == ("SOMETHING_NEW",) and p.text == "hi there"


def test_labels():
    assert (
        event_label("Laughter") == "laughter" and event_label("Speech") is None and event_label(None) is None
    )
    assert emotion_label("EMO_UNKNOWN") is None and emotion_label("HAPPY") == "happy"


tag = st.sampled_from([f"<|{t}|>" for t in (*LANGUAGES, *EMOTIONS, *EVENTS, "withitn", "woitn")])


@given(st.lists(tag, max_size=8), st.text(alphabet=st.characters(blacklist_characters="<|>"), max_size=30))
def test_any_tag_soup_parses_without_losing_text(tags, text):
    p = parse_output("".join(tags) + text)
    assert p.text == " ".join(text.split())
    if tags:
        first_lang = next((t[2:-2] for t in tags if t[2:-2] in LANGUAGES), None)
        assert p.language == first_lang
