"""Colours and glyphs for event and emotion kinds, shared by every view of the UI.

Plain Python (hex strings, no Qt) so anything could reuse it. Each style is a
``(colour, glyph, name)`` tuple: ``colour`` a ``#rrggbb`` string that ``QColor`` takes,
``glyph`` one short symbol drawn inside narrow blocks (chosen from Unicode blocks that
DejaVu, Segoe UI Symbol and Apple Symbols all cover), ``name`` the display name.

Event colours are the Okabe–Ito palette (black swapped for grey, which reads on dark
themes too); emotion colours are Paul Tol's "bright" scheme. Both are designed to stay
distinct under the common forms of colour blindness. Labels are matched loosely, so the
model's own spellings (``"Laughter"``, ``"BGM"``, ``"HAPPY"``) find the same style as
Cutmark's lower-case marker labels.
"""

from __future__ import annotations

from typing import NamedTuple


class KindStyle(NamedTuple):
    color: str  # "#rrggbb"
    glyph: str
    name: str


EVENT_STYLE: dict[str, KindStyle] = {
    "laughter": KindStyle("#E69F00", "☺", "Laughter"),
    "applause": KindStyle("#56B4E9", "‼", "Applause"),
    "bgm": KindStyle("#CC79A7", "♪", "Music"),
    "cry": KindStyle("#0072B2", "☂", "Crying"),
    "cough": KindStyle("#D55E00", "✱", "Cough"),
    "sneeze": KindStyle("#F0E442", "❋", "Sneeze"),
    "breath": KindStyle("#999999", "≈", "Breath"),
    "sing": KindStyle("#009E73", "♫", "Singing"),
}

EMOTION_STYLE: dict[str, KindStyle] = {
    "happy": KindStyle("#CCBB44", "☺", "Happy"),
    "sad": KindStyle("#4477AA", "☹", "Sad"),
    "angry": KindStyle("#EE6677", "⚡", "Angry"),
    "fearful": KindStyle("#AA3377", "⚠", "Fearful"),
    "disgusted": KindStyle("#228833", "✗", "Disgusted"),
    "surprised": KindStyle("#66CCEE", "!", "Surprised"),
    "neutral": KindStyle("#BBBBBB", "·", "Neutral"),
}

SILENCE_STYLE = KindStyle("#8C8C8C", "…", "Silence")
UNKNOWN_STYLE = KindStyle("#A0A0A0", "?", "Other")

SPEECH_COLOR = "#5A6E96"  # speech blocks in the text lane (white text reads on it)
CUT_KEPT_COLOR = "#3FA66B"
CUT_REMOVED_COLOR = "#D64545"
PLAYHEAD_COLOR = "#E53935"
WAVEFORM_COLOR = "#4F9BD9"

# SenseVoice spellings that are not just the upper/title-case of our labels
_ALIASES = {"music": "bgm", "singing": "sing", "crying": "cry", "laugh": "laughter"}


def event_key(label: str | None) -> str | None:
    """``"Laughter"``/``"laughter"``/``"BGM"`` -> ``"laughter"``/``"bgm"``; None when not an event kind."""
    if not label:
        return None
    key = label.strip().lower()
    key = _ALIASES.get(key, key)
    return key if key in EVENT_STYLE else None


def emotion_key(label: str | None) -> str | None:
    """``"HAPPY"`` -> ``"happy"``; None for unknown emotions (``EMO_UNKNOWN`` included)."""
    if not label:
        return None
    key = label.strip().lower()
    return key if key in EMOTION_STYLE else None


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
    key = event_key(label)
    if key:
        return EVENT_STYLE[key].name
    key = emotion_key(label)
    if key:
        return EMOTION_STYLE[key].name
    if label and label.lower() == "silence":
        return SILENCE_STYLE.name
    return (label or "").replace("_", " ").strip().capitalize()


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
