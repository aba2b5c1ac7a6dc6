"""Colours and glyphs for event and emotion kinds, shared by every view of the UI.

The kinds themselves (colours, glyphs, names) are :mod:`desktop_app.core.vocabulary`;
this module gives the views ``(colour, glyph, name)`` tuples and the few colours of
their own (speech, cuts, playhead, waveform). Labels are matched loosely, so the
model's spellings (``"Laughter"``, ``"BGM"``, ``"HAPPY"``) find the same style as
Cutmark's lower-case marker labels.
"""

from __future__ import annotations

from typing import NamedTuple

from desktop_app.core import vocabulary


class KindStyle(NamedTuple):
    color: str  # "#rrggbb"
    glyph: str
    name: str


def _style(kind: vocabulary.Kind) -> KindStyle:
    return KindStyle(kind.color, kind.glyph, kind.name)


EVENT_STYLE: dict[str, KindStyle] = {k.label: _style(k) for k in vocabulary.EVENTS}
EMOTION_STYLE: dict[str, KindStyle] = {k.label: _style(k) for k in (*vocabulary.EMOTIONS, vocabulary.NEUTRAL)}
SILENCE_STYLE = _style(vocabulary.SILENCE_KIND)
UNKNOWN_STYLE = KindStyle("#A0A0A0", "?", "Other")

SPEECH_COLOR = "#5A6E96"  # speech blocks in the text lane (white text reads on it)
CUT_KEPT_COLOR = "#3FA66B"
CUT_REMOVED_COLOR = "#D64545"
PLAYHEAD_COLOR = "#E53935"
WAVEFORM_COLOR = "#4F9BD9"


def event_key(label: str | None) -> str | None:
    """``"Laughter"``/``"laughter"``/``"BGM"`` -> ``"laughter"``/``"bgm"``; None when not an event kind."""
    if not label:
        return None
    kind = vocabulary.event_kind(label)
    return kind.label if kind is not None else None


def emotion_key(label: str | None) -> str | None:
    """``"HAPPY"`` -> ``"happy"``; None for unknown emotions (``EMO_UNKNOWN`` included)."""
    if not label:
        return None
    kind = vocabulary.emotion_kind(label)
    return kind.label if kind is not None else None


def event_style(label: str | None) -> KindStyle:
    key = event_key(label)
    return EVENT_STYLE[key] if key else _fallback(label)


def emotion_style(label: str | None) -> KindStyle:
    key = emotion_key(label)
    return EMOTION_STYLE[key] if key else _fallback(label)


def marker_style(kind: str, label: str) -> KindStyle:
    """The style of a :class:`~desktop_app.core.model.Marker` by its kind and label."""
    if kind == "emotion":
        return emotion_style(label)
    if kind == "silence":
        return SILENCE_STYLE
    return event_style(label)


def event_color(label: str | None) -> str:
    return event_style(label).color


def emotion_color(label: str | None) -> str:
    return emotion_style(label).color


def event_glyph(label: str | None) -> str:
    return event_style(label).glyph


def emotion_glyph(label: str | None) -> str:
    return emotion_style(label).glyph


def display_name(label: str | None) -> str:
    """A label for people: ``"bgm"`` -> ``"Music"``, ``"HAPPY"`` -> ``"Happy"``, unknown -> as given."""
    return vocabulary.display_name(label)


def _fallback(label: str | None) -> KindStyle:
    name = display_name(label) or UNKNOWN_STYLE.name
    return KindStyle(UNKNOWN_STYLE.color, name[:1].upper() or UNKNOWN_STYLE.glyph, name)


def relative_luminance(color: str) -> float:
    """WCAG relative luminance of ``#rrggbb`` (0 black .. 1 white)."""
    value = color.lstrip("#")
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def text_color_on(color: str) -> str:
    """Black or white, whichever contrasts more with a ``#rrggbb`` background."""
    lum = relative_luminance(color)
    return "#000000" if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else "#FFFFFF"
