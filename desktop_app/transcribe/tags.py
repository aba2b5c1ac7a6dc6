"""Parse SenseVoice's raw output: ``<|lang|><|EMOTION|><|Event|><|itn|>text``.

Tags are classified by the set they belong to, never by position, and missing or
repeated tags are tolerated (the first of each set wins). funasr's
``rich_transcription_postprocess`` is for display only and loses data, so we do not
use it here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from desktop_app.core import vocabulary

LANGUAGES = ("zh", "en", "yue", "ja", "ko", "nospeech")
EMOTIONS = ("HAPPY", "SAD", "ANGRY", "NEUTRAL", "FEARFUL", "DISGUSTED", "SURPRISED", "EMO_UNKNOWN")
EVENTS = (
    "Speech",
    "BGM",
    "Applause",
    "Laughter",
    "Cry",
    "Sneeze",
    "Breath",
    "Cough",
    "Sing",
    "Speech_Noise",
    "GBG",
    "Event_UNK",
)
TEXT_NORMS = ("withitn", "woitn")

# SenseVoice names -> the lower-case labels Cutmark shows and writes (core.vocabulary).
EVENT_LABELS = {k.model_tag: k.label for k in vocabulary.EVENTS}
EMOTION_LABELS: dict[str, str | None] = {
    **{k.model_tag: k.label for k in (*vocabulary.EMOTIONS, vocabulary.NEUTRAL)},
    "EMO_UNKNOWN": None,
}

_TAG = re.compile(r"<\|([^|<>]*)\|>")
_SETS = {
    **{t: "language" for t in LANGUAGES},
    **{t: "emotion" for t in EMOTIONS},
    **{t: "event" for t in EVENTS},
    **{t: "itn" for t in TEXT_NORMS},
}


def tag_kind(name: str) -> str | None:
    """'language', 'emotion', 'event', 'itn', or None for a tag we do not know."""
    return _SETS.get(name)


@dataclass(frozen=True)
class ParsedOutput:
    language: str | None
    emotion: str | None
    event: str | None
    itn: bool | None
    text: str
    unknown_tags: tuple[str, ...] = ()


def parse_output(raw: str) -> ParsedOutput:
    """Split raw model text into its tags and the plain text.

    >>> parse_output("<|en|><|HAPPY|><|Speech|><|woitn|>hello").emotion
    'HAPPY'
    """
    found: dict[str, str] = {}
    unknown: list[str] = []
    for name in _TAG.findall(raw):
        kind = _SETS.get(name)
        if kind is None:
            unknown.append(name)
        else:
            found.setdefault(kind, name)
    text = _TAG.sub("", raw)
    text = " ".join(text.split())  # the model's spacing is noise; keep single spaces
    itn = found.get("itn")
    return ParsedOutput(
        language=found.get("language"),
        emotion=found.get("emotion"),
        event=found.get("event"),
        itn=None if itn is None else itn == "withitn",
        text=text,
        unknown_tags=tuple(unknown),
    )


def event_label(event: str | None) -> str | None:
    """'Laughter' -> 'laughter'; None for speech, unknown and absent events."""
    return EVENT_LABELS.get(event or "")


def emotion_label(emotion: str | None) -> str | None:
    return EMOTION_LABELS.get(emotion or "")


# Probabilities below this are left out of a window's stored distribution: they could
# not win under any sensible gain, and they would make every project file much larger.
PROB_FLOOR = 0.001


def distribution(
    names: Sequence[str], probs: Sequence[float], floor: float = PROB_FLOOR
) -> tuple[tuple[str, float], ...]:
    """``(name, probability)`` pairs at or above ``floor``, most likely first (ties by
    name), rounded to 4 places: the compact form projects keep."""
    kept = [(n, round(float(p), 4)) for n, p in zip(names, probs, strict=True) if p >= floor]
    return tuple(sorted(kept, key=lambda item: (-item[1], item[0])))
