"""The one vocabulary of sound events and emotions, used by every package.

Each kind has Cutmark's label (``"laughter"``, written in projects), the tag SenseVoice
emits (``"Laughter"``), an English display name (the UI translates it with ``t()``), the
word a hearing-impaired cue uses (``[Laughter]``, ``[Coughing]``), a colour and a glyph
for the app, and the marker colours of the editors (OpenTimelineIO's names, Resolve's).

Colours: events use the Okabe-Ito palette (black swapped for grey), emotions Paul Tol's
"bright" scheme; both stay distinct under the common colour blindnesses. Glyphs come from
Unicode blocks that DejaVu, Segoe UI Symbol and Apple Symbols all cover, one per kind.
Editor colours: every kind has its own Resolve colour (Resolve has sixteen); OTIO has
eleven names, so related kinds (cough/sneeze/breath) share one there.
"""

from __future__ import annotations

from dataclasses import dataclass

EVENT = "event"
EMOTION = "emotion"
SILENCE = "silence"


@dataclass(frozen=True)
class Kind:
    label: str  # Cutmark's label, as projects store it
    group: str  # EVENT, EMOTION or SILENCE
    model_tag: str | None  # SenseVoice's tag; None when the model has none (silence)
    name: str  # English display name; the UI translates it
    caption: str  # the hearing-impaired cue word: [Laughter], [Coughing]
    color: str  # "#rrggbb" in the app
    glyph: str  # one symbol, drawn inside narrow blocks
    otio_color: str  # OpenTimelineIO marker colour name
    resolve_color: str  # DaVinci Resolve marker colour
    avid_color: str  # Avid locator colour (EDL "* LOC:"): eight colours, so related kinds share


EVENTS: tuple[Kind, ...] = (
    Kind("laughter", EVENT, "Laughter", "Laughter", "Laughter", "#E69F00", "☺", "YELLOW", "Yellow", "YELLOW"),
    Kind("applause", EVENT, "Applause", "Applause", "Applause", "#56B4E9", "‼", "GREEN", "Green", "GREEN"),
    Kind("bgm", EVENT, "BGM", "Music", "Music", "#CC79A7", "♪", "PURPLE", "Purple", "MAGENTA"),
    Kind("cry", EVENT, "Cry", "Crying", "Crying", "#0072B2", "☂", "BLUE", "Blue", "BLUE"),
    Kind("cough", EVENT, "Cough", "Cough", "Coughing", "#D55E00", "✱", "CYAN", "Cyan", "CYAN"),
    Kind("sneeze", EVENT, "Sneeze", "Sneeze", "Sneezing", "#F0E442", "❋", "CYAN", "Mint", "CYAN"),
    Kind("breath", EVENT, "Breath", "Breath", "Breathing", "#999999", "≈", "CYAN", "Sky", "CYAN"),
    Kind("sing", EVENT, "Sing", "Singing", "Singing", "#009E73", "♫", "PINK", "Pink", "MAGENTA"),
)
EMOTIONS: tuple[Kind, ...] = (
    Kind("happy", EMOTION, "HAPPY", "Happy", "Happy", "#CCBB44", "♥", "ORANGE", "Lemon", "RED"),
    Kind("sad", EMOTION, "SAD", "Sad", "Sad", "#4477AA", "☹", "BLUE", "Lavender", "RED"),
    Kind("angry", EMOTION, "ANGRY", "Angry", "Angry", "#EE6677", "⚡", "RED", "Red", "RED"),
    Kind("fearful", EMOTION, "FEARFUL", "Fearful", "Fearful", "#AA3377", "⚠", "MAGENTA", "Sand", "RED"),
    Kind("disgusted", EMOTION, "DISGUSTED", "Disgusted", "Disgusted", "#228833", "✗", "RED", "Cocoa", "RED"),
    Kind(
        "surprised", EMOTION, "SURPRISED", "Surprised", "Surprised", "#66CCEE", "!", "PINK", "Fuchsia", "RED"
    ),
)
NEUTRAL = Kind("neutral", EMOTION, "NEUTRAL", "Neutral", "Neutral", "#BBBBBB", "·", "WHITE", "Cream", "RED")
SILENCE_KIND = Kind("silence", SILENCE, None, "Silence", "Silence", "#8C8C8C", "…", "BLACK", "Cream", "WHITE")

EVENT_LABELS: tuple[str, ...] = tuple(k.label for k in EVENTS)
EMOTION_LABELS: tuple[str, ...] = tuple(k.label for k in EMOTIONS)  # neutral is never marked

# The "find more" event sensitivity: the gains SenseVoice's authors put on each event's
# probability to reach their ESC-50 figures (FunAudioLLM/SenseVoice issue #67; they also
# suppressed Speech, BGM and Sing there, which recordings with speech cannot). Absent: 1.
FIND_MORE_GAINS: dict[str, float] = {"applause": 10.0, "cry": 3.0, "sneeze": 3.0, "cough": 3.0}

_BY_LABEL: dict[str, Kind] = {k.label: k for k in (*EVENTS, *EMOTIONS, NEUTRAL, SILENCE_KIND)}
# Spellings people and other tools use for the same kinds.
_ALIASES = {
    "music": "bgm",
    "singing": "sing",
    "crying": "cry",
    "laugh": "laughter",
    "coughing": "cough",
    "sneezing": "sneeze",
    "breathing": "breath",
}
_BY_MODEL_TAG: dict[str, Kind] = {k.model_tag: k for k in _BY_LABEL.values() if k.model_tag}


def kind_of(label: str | None) -> Kind | None:
    """The kind for a label in any of its spellings (``"Laughter"``, ``"laughter"``,
    ``"BGM"``, ``"music"``, ``"HAPPY"``); None for speech, unknown and absent labels."""
    if not label:
        return None
    key = label.strip().lower()
    return _BY_LABEL.get(_ALIASES.get(key, key))


def event_kind(label: str | None) -> Kind | None:
    kind = kind_of(label)
    return kind if kind is not None and kind.group == EVENT else None


def emotion_kind(label: str | None) -> Kind | None:
    """Emotions, neutral included (it is an emotion, only never marked)."""
    kind = kind_of(label)
    return kind if kind is not None and kind.group == EMOTION else None


def from_model_tag(tag: str | None) -> Kind | None:
    """SenseVoice's exact tag (``"Laughter"``, ``"HAPPY"``) -> its kind; None otherwise
    (``Speech``, ``EMO_UNKNOWN``, ``Event_UNK`` and the rest carry no marker)."""
    return _BY_MODEL_TAG.get(tag or "")


def display_name(label: str | None) -> str:
    """English name for people: ``"bgm"`` -> ``"Music"``; an unknown label as given, tidied."""
    kind = kind_of(label)
    if kind is not None:
        return kind.name
    return (label or "").replace("_", " ").strip().capitalize()
