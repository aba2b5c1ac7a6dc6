"""Drop by tag: cut coughs, sneezes and music-only stretches out of a plan.

A marker's time resolution is its window's (up to ~15 s for speech), so with
``spare_speech`` (the default) a tagged stretch is only cut where no transcribed
speech (a segment with text, whatever the VAD said) lies: a cough tag on a window full
of words does not delete the words. ``music_only`` drops ``bgm`` markers where nobody
speaks (no segment with speech at all, transcribed or not: see ``Segment.has_speech``).
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.core.model import Analysis
from desktop_app.edit.plan import CutPlan, CutPlanError, check_lengths, subtract, whole_plan

MUSIC_LABELS = ("bgm",)


@dataclass(frozen=True)
class TagDropOptions:
    labels: tuple[str, ...] = ("cough", "sneeze")
    music_only: bool = True
    pad_ms: int = 0  # widen each dropped stretch by this much on both sides
    min_confidence: float = 0.0
    spare_speech: bool = True
    min_drop_ms: int = 200  # stretches shorter than this are left alone

    def __post_init__(self) -> None:
        object.__setattr__(self, "labels", tuple(x.strip().lower() for x in self.labels if x.strip()))
        check_lengths(pad_ms=self.pad_ms, min_drop_ms=self.min_drop_ms)
        if not self.labels and not self.music_only:
            raise CutPlanError("tag drop: no labels and music_only is off, so nothing would be dropped")


def _minus(spans: list[tuple[int, int]], holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    for a, b in holes:
        spans = [p for s, e in spans for p in ((s, min(e, a)), (max(s, b), e)) if p[1] > p[0]]
    return spans


def tag_drop_spans(analysis: Analysis, options: TagDropOptions | None = None) -> list[tuple[int, int]]:
    """The stretches to cut, in source time, sorted (they may touch)."""
    opts = options or TagDropOptions()
    labels = set(opts.labels) | (set(MUSIC_LABELS) if opts.music_only else set())
    voiced = [(s.start_ms, s.end_ms, bool(s.text.strip())) for s in analysis.segments if s.has_speech]
    speech = [(a, b) for a, b, has_text in voiced if has_text and b > a]  # what spare_speech protects
    any_speech = [(a, b) for a, b, _ in voiced if b > a]  # music under any voice is not music-only
    out: list[tuple[int, int]] = []
    for m in analysis.markers:
        if m.kind != "event" or m.label.lower() not in labels or m.end_ms <= m.start_ms:
            continue
        if m.confidence is not None and m.confidence < opts.min_confidence:
            continue
        pieces = [(m.start_ms, m.end_ms)]
        if m.label.lower() in MUSIC_LABELS and opts.music_only:
            pieces = _minus(pieces, any_speech)
        elif opts.spare_speech:
            pieces = _minus(pieces, speech)
        out.extend(
            (max(0, a - opts.pad_ms), b + opts.pad_ms) for a, b in pieces if b - a >= max(1, opts.min_drop_ms)
        )
    if opts.pad_ms and opts.spare_speech:
        out = _minus(out, speech)
    return sorted(out)


def drop_tags(plan: CutPlan | None, analysis: Analysis, options: TagDropOptions | None = None) -> CutPlan:
    """``plan`` (the whole source when None) with the tagged stretches cut away."""
    base = plan if plan is not None else whole_plan(analysis.media.duration_ms)
    return subtract(base, tag_drop_spans(analysis, options))
