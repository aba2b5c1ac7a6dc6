"""Per-class sensitivity: which event and emotion each window gets, from its stored distribution.

SenseVoice's plain argmax favours precision over recall for events. Its authors reached
their ESC-50 figures by adding ``log(gain)`` to each event's log-probability before the
argmax (Applause x10, Cry/Sneeze/Cough x3; FunAudioLLM/SenseVoice issue #67). A gain
here is exactly that: a window's class is the one with the largest ``p * gain`` among
the classes its slot kept (``Segment.event_probs`` / ``emotion_probs``), so changing the
sensitivity re-derives every marker without running the model. A gain of 1 for every
class is the model's own choice.

Only windows whose tag is still the model's own are re-chosen: a tag the user set by
hand (it differs from the distribution's winner) stays.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from desktop_app.core import vocabulary
from desktop_app.core.errors import CutmarkError
from desktop_app.core.model import Segment

SPEECH_LABEL = "speech"  # the Speech tag: lower it to let events win over speech
MODEL = "model"
FIND_MORE = "find-more"
CUSTOM = "custom"
FIND_MORE_GAINS = vocabulary.FIND_MORE_GAINS  # the authors' published gains (issue #67)
MAX_GAIN = 1000.0

GAIN_LABELS: tuple[str, ...] = (
    *vocabulary.EVENT_LABELS,
    SPEECH_LABEL,
    *vocabulary.EMOTION_LABELS,
    vocabulary.NEUTRAL.label,
)


class SensitivityError(CutmarkError):
    hint = (
        "Use 'model', 'find-more', or LABEL=GAIN pairs such as 'laughter=2,applause=10' "
        f"(labels: {', '.join(GAIN_LABELS)})."
    )


@dataclass(frozen=True)
class Sensitivity:
    """Gains by Cutmark label (``"applause"``, ``"speech"``, ``"happy"``); absent ones are 1."""

    gains: tuple[tuple[str, float], ...] = ()  # sorted by label, no gain of 1
    preset: str = MODEL  # what the user picked: MODEL, FIND_MORE or CUSTOM

    @property
    def is_model(self) -> bool:
        return not self.gains

    def gain(self, tag: str) -> float:
        """The gain of a SenseVoice tag (``"Applause"``, ``"Speech"``, ``"HAPPY"``)."""
        label = tag_label(tag)
        return dict(self.gains).get(label, 1.0) if label else 1.0

    def to_dict(self) -> dict:
        return {"preset": self.preset, "gains": dict(self.gains)}


def tag_label(tag: str | None) -> str | None:
    """The gain key of a tag: its vocabulary label, ``"speech"`` for Speech, else None."""
    if tag == "Speech":
        return SPEECH_LABEL
    kind = vocabulary.from_model_tag(tag)
    return kind.label if kind is not None else None


def make_sensitivity(gains: Mapping[str, float], preset: str = CUSTOM) -> Sensitivity:
    """Checked gains (labels in any spelling the vocabulary knows)."""
    clean: dict[str, float] = {}
    for name, value in gains.items():
        label = _gain_key(name)
        try:
            gain = float(value)
        except (TypeError, ValueError):
            raise SensitivityError(f"The gain for {name} must be a number (got {value!r}).") from None
        if not math.isfinite(gain) or not 0 < gain <= MAX_GAIN:
            raise SensitivityError(
                f"The gain for {name} must be above 0 and at most {MAX_GAIN:g} (got {value})."
            )
        if gain != 1.0:
            clean[label] = gain
    return Sensitivity(tuple(sorted(clean.items())), preset if clean else MODEL)


def _gain_key(name: str) -> str:
    key = str(name).strip().lower()
    if key == SPEECH_LABEL:
        return key
    kind = vocabulary.kind_of(key)
    if kind is None or kind.label not in GAIN_LABELS:
        raise SensitivityError(f"'{name}' is not an event or emotion Cutmark knows.")
    return kind.label


PRESETS: dict[str, Sensitivity] = {
    MODEL: Sensitivity(),
    FIND_MORE: make_sensitivity(FIND_MORE_GAINS, FIND_MORE),
}


def preset_of(sensitivity: Sensitivity) -> str:
    """Which preset ``sensitivity``'s gains are: MODEL, FIND_MORE, or CUSTOM for any other
    gains (what the user picked is read from the gains, so equal gains are the same preset)."""
    for name, known in PRESETS.items():
        if sensitivity.gains == known.gains:
            return name
    return CUSTOM


def parse_sensitivity(text: str) -> Sensitivity:
    """``"model"``, ``"find-more"``, ``"laughter=2,applause=10"`` or a preset followed by
    changes to it (``"find-more,laughter=2"``)."""
    gains: dict[str, float] = {}
    preset = MODEL
    parts = [p.strip() for p in str(text).split(",") if p.strip()]
    if not parts:
        raise SensitivityError("The sensitivity is empty.")
    for i, part in enumerate(parts):
        if "=" not in part:
            name = part.lower().replace("_", "-")
            if i != 0 or name not in PRESETS:
                raise SensitivityError(
                    f"'{part}' is not a sensitivity preset (presets: {', '.join(PRESETS)})."
                )
            preset = name
            gains.update(dict(PRESETS[name].gains))
            continue
        name, _, value = part.partition("=")
        gains[_gain_key(name)] = value  # type: ignore[assignment]  (checked just below)
        preset = CUSTOM
    return make_sensitivity(gains, preset)


def sensitivity_from_dict(data: object) -> Sensitivity:
    """What :meth:`Sensitivity.to_dict` wrote (a project's edits); errors name the problem."""
    if data is None:
        return Sensitivity()
    if not isinstance(data, dict) or not isinstance(data.get("gains", {}), dict):
        raise SensitivityError("The stored sensitivity must be an object with a 'gains' object.")
    preset = data.get("preset", CUSTOM)
    if preset not in (MODEL, FIND_MORE, CUSTOM):
        raise SensitivityError(f"'{preset}' is not a sensitivity preset.")
    return make_sensitivity(data.get("gains", {}), preset)


# --- choosing ------------------------------------------------------------------------


def choose(
    current: str | None,
    confidence: float | None,
    probs: Sequence[tuple[str, float]],
    sensitivity: Sensitivity,
) -> tuple[str | None, float | None]:
    """The tag (and its probability) a window gets under ``sensitivity``.

    ``current`` is kept when there is nothing to choose from, or when it is not the
    distribution's own winner (the user changed it, or the model wrote no tag of the set).
    """
    if sensitivity.is_model or not probs or current != probs[0][0]:
        return current, confidence
    best = max(probs, key=lambda item: item[1] * sensitivity.gain(item[0]))  # ties: the likelier
    if best[0] == current:
        return current, confidence
    return best[0], best[1]


def _resegment(seg: Segment, sensitivity: Sensitivity) -> Segment:
    event, event_p = choose(seg.event, seg.event_confidence, seg.event_probs, sensitivity)
    emotion, emotion_p = choose(seg.emotion, seg.emotion_confidence, seg.emotion_probs, sensitivity)
    parts = tuple(_resegment(p, sensitivity) for p in seg.parts)
    if (event, emotion, parts) == (seg.event, seg.emotion, seg.parts):
        return seg
    return dataclasses.replace(
        seg, event=event, event_confidence=event_p, emotion=emotion, emotion_confidence=emotion_p, parts=parts
    )


def apply_sensitivity(segments: Iterable[Segment], sensitivity: Sensitivity | None) -> tuple[Segment, ...]:
    """The segments with their event and emotion (and their parts') re-chosen; the same
    objects where nothing changes. Text, times and distributions are untouched."""
    segs = tuple(segments)
    if sensitivity is None or sensitivity.is_model:
        return segs
    return tuple(_resegment(s, sensitivity) for s in segs)
