"""Silence removal (jump cuts): keep the speech, with a little air around it.

Steps, in order: take the stretches to keep (speech: the segments the VAD called
speech and any other segment the model heard words in; plus any event labels asked
for, e.g. laughter); pad each by ``pad_before_ms``/``pad_after_ms``; join
neighbours whose silence is shorter than ``min_gap_ms`` (a short pause is not worth a
jump cut); drop clips shorter than ``min_clip_ms`` (a lone cough-length blip); clamp
to the source.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.core.model import Analysis
from desktop_app.edit.plan import CutPlan, CutPlanError, KeepRange, check_lengths, drop_short, plan_from_spans

SPEECH_LABEL = "speech"


@dataclass(frozen=True)
class SilenceCutOptions:
    keep: tuple[str, ...] = (SPEECH_LABEL,)  # "speech" and/or event labels ("laughter", ...)
    pad_before_ms: int = 200
    pad_after_ms: int = 200
    min_clip_ms: int = 500
    min_gap_ms: int = 500
    min_confidence: float = 0.0  # for event labels in ``keep``

    def __post_init__(self) -> None:
        object.__setattr__(self, "keep", tuple(k.strip().lower() for k in self.keep if k.strip()))
        if not self.keep:
            raise CutPlanError("silence cut: 'keep' names nothing to keep (use 'speech' or event labels)")
        check_lengths(
            pad_before_ms=self.pad_before_ms,
            pad_after_ms=self.pad_after_ms,
            min_clip_ms=self.min_clip_ms,
            min_gap_ms=self.min_gap_ms,
        )


def kept_material(analysis: Analysis, options: SilenceCutOptions) -> list[tuple[int, int, str]]:
    """``(start, end, label)`` of everything the options say to keep, unpadded."""
    out: list[tuple[int, int, str]] = []
    if SPEECH_LABEL in options.keep:
        out.extend((s.start_ms, s.end_ms, SPEECH_LABEL) for s in analysis.segments if s.has_speech)
    labels = set(options.keep) - {SPEECH_LABEL}
    for m in analysis.markers:
        confident = m.confidence is None or m.confidence >= options.min_confidence
        if m.kind == "event" and m.label.lower() in labels and confident:
            out.append((m.start_ms, m.end_ms, m.label.lower()))
    return [item for item in out if item[1] > item[0]]


def silence_cut(analysis: Analysis, options: SilenceCutOptions | None = None) -> CutPlan:
    """The jump-cut plan for ``analysis``: speech (and chosen events) kept, silences removed."""
    opts = options or SilenceCutOptions()
    duration = analysis.media.duration_ms
    padded = [
        (start - opts.pad_before_ms, end + opts.pad_after_ms, label)
        for start, end, label in kept_material(analysis, opts)
    ]
    plan = plan_from_spans(
        [
            KeepRange(max(0, a), min(duration, b), label)
            for a, b, label in padded
            if min(duration, b) > max(0, a)
        ],
        duration,
        join_gap_ms=max(0, opts.min_gap_ms - 1),
    )
    return drop_short(plan, opts.min_clip_ms)
