"""Realistic analyses and hypothesis strategies shared by the project and export tests."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import strategies as st

from desktop_app.core.model import (
    GAP,
    SPEECH,
    Analysis,
    AudioTrack,
    Marker,
    MediaInfo,
    ModelRef,
    Segment,
    VideoStream,
    Word,
)

EN_TEXT = (
    "So today we are talking about subtitles, and why reading speed matters so much "
    "when people watch videos on their phones without any sound at all."
)
ZH_TEXT = "今天我们来聊一聊字幕的排版规则，为什么每行的字数和阅读速度对观众来说这么重要。"


def words_for(text: str, start_ms: int, end_ms: int, *, cjk: bool) -> tuple[Word, ...]:
    """Evenly timed words (CJK: one per character, punctuation dropped like a CTC aligner)."""
    tokens = [ch for ch in text if ch.isalnum()] if cjk else text.split()
    step = (end_ms - start_ms) // len(tokens)
    return tuple(
        Word(tok, start_ms + i * step, start_ms + (i + 1) * step - 20) for i, tok in enumerate(tokens)
    )


def sample_analysis(*, video: bool = True, with_words: bool = True) -> Analysis:
    tracks = (
        AudioTrack(0, 1, "aac", 2, 48_000, language="eng", title="Main", duration_ms=60_000),
        AudioTrack(1, 2, "opus", 1, 48_000, language=None, title="Commentary – ‏עברית‏", duration_ms=None),
    )
    media = MediaInfo(
        path='/videos/第一集 <&> "talk" 🎬.mp4',
        size_bytes=123_456_789,
        format_name="mov,mp4,m4a,3gp,3g2,mj2",
        duration_ms=60_000,
        audio_tracks=tracks,
        video=VideoStream(0, "h264", 1920, 1080, Fraction(30000, 1001), False) if video else None,
        start_timecode="01:00:00;00" if video else None,
    )
    en_words = words_for(EN_TEXT, 1_000, 9_000, cjk=False) if with_words else ()
    zh_words = words_for(ZH_TEXT, 12_000, 19_000, cjk=True) if with_words else ()
    segments = (
        Segment(0, 1_000, GAP, "", event="BGM", event_confidence=0.75),
        Segment(1_000, 9_000, SPEECH, EN_TEXT, "en", "HAPPY", "Speech", 0.98, 0.61, 0.9, en_words),
        Segment(9_000, 12_000, GAP, "", event="Laughter", event_confidence=0.83),
        Segment(12_000, 19_000, SPEECH, ZH_TEXT, "zh", "NEUTRAL", "Speech", 0.99, 0.7, 0.95, zh_words),
        Segment(19_000, 22_000, SPEECH, "שלום עולם! مرحبا 👋🏽 <b>&amp;</b> 😀", "ko", None, None),
        Segment(22_000, 60_000, GAP, ""),
    )
    markers = (
        Marker("event", "laughter", 9_000, 12_000, 0.83),
        Marker("event", "applause", 30_000, 33_000, None),
        Marker("emotion", "happy", 1_000, 9_000, 0.61),
        Marker("silence", "silence", 22_000, 60_000),
    )
    return Analysis(
        media=media,
        content_hash="b2s1:" + "ab" * 32,
        audio_track=0,
        model=ModelRef("iic/SenseVoiceSmall", "cuda:0"),
        segments=segments,
        markers=markers,
        options={"language": "auto", "vad": {"threshold": 0.5, "pad_ms": [30, 30]}, "note": "中文 ✓"},
    )


# --- hypothesis --------------------------------------------------------------

_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
_opt_text = st.none() | _text
_ms = st.integers(min_value=0, max_value=10**10)
_conf = st.none() | st.floats(allow_nan=False, allow_infinity=False)


@st.composite
def _span(draw):
    a, b = draw(_ms), draw(_ms)
    return min(a, b), max(a, b)


@st.composite
def _word(draw):
    start, end = draw(_span())
    return Word(draw(_text), start, end)


@st.composite
def _segment(draw):
    start, end = draw(_span())
    return Segment(
        start,
        end,
        draw(st.sampled_from([SPEECH, GAP])),
        draw(_text),
        draw(_opt_text),
        draw(_opt_text),
        draw(_opt_text),
        draw(_conf),
        draw(_conf),
        draw(_conf),
        tuple(draw(st.lists(_word(), max_size=4))),
    )


@st.composite
def _marker(draw):
    start, end = draw(_span())
    return Marker(draw(_text), draw(_text), start, end, draw(_conf))


_fps = st.none() | st.fractions(min_value=Fraction(1, 1001), max_value=1000)
_video = st.none() | st.builds(VideoStream, _ms, _text, _ms, _ms, _fps, st.booleans())
_track = st.builds(AudioTrack, _ms, _ms, _text, _ms, _ms, _opt_text, _opt_text, st.none() | _ms)
_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | _text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_text, inner, max_size=3),
    max_leaves=10,
)


@st.composite
def analyses(draw):
    media = MediaInfo(
        path=draw(_text),
        size_bytes=draw(_ms),
        format_name=draw(_text),
        duration_ms=draw(_ms),
        audio_tracks=tuple(draw(st.lists(_track, max_size=3))),
        video=draw(_video),
        start_timecode=draw(_opt_text),
    )
    return Analysis(
        media=media,
        content_hash=draw(_text),
        audio_track=draw(_ms),
        model=ModelRef(draw(_text), draw(_text)),
        segments=tuple(draw(st.lists(_segment(), max_size=5))),
        markers=tuple(draw(st.lists(_marker(), max_size=4))),
        options=draw(st.dictionaries(_text, _json, max_size=4)),
    )


json_objects = st.dictionaries(_text, _json, max_size=4)
