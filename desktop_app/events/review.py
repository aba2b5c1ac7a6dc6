"""The user's review of markers: accepted, rejected or relabelled, whatever the model says later.

A decision is about a span of time and a label, not about one marker object: a rejected
"laughter 12.0-15.0 s" means "no laughter there", so if a later sensitivity finds
laughter from 9 s to 15 s, only 9-12 s is left. An accepted marker is kept as it was
accepted (its span, label and confidence) under any sensitivity; a relabelled one
("that laugh is applause") rejects the old label over the span and accepts the new one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from desktop_app.core import vocabulary
from desktop_app.core.errors import CutmarkError
from desktop_app.core.model import Marker

ACCEPTED = "accepted"
REJECTED = "rejected"
VERDICTS = (ACCEPTED, REJECTED)
MIN_PIECE_MS = 200  # what is left of a marker beside a rejected span is dropped below this


class ReviewError(CutmarkError):
    hint = "Nothing was changed."


@dataclass(frozen=True)
class Review:
    verdict: str  # ACCEPTED or REJECTED
    kind: str  # "event" or "emotion"
    label: str  # the label kept (accepted) or refused (rejected)
    start_ms: int
    end_ms: int
    confidence: float | None = None
    original_label: str | None = None  # set when the user changed the marker's kind

    @property
    def marker(self) -> Marker:
        return Marker(self.kind, self.label, self.start_ms, self.end_ms, self.confidence)

    def covers(self, marker: Marker) -> bool:
        """This decision is about ``marker`` (the same span and kind, its label or its old one)."""
        return (self.kind, self.start_ms, self.end_ms) == (
            marker.kind,
            marker.start_ms,
            marker.end_ms,
        ) and marker.label in (self.label, self.original_label)

    def to_dict(self) -> dict:
        d = {
            "verdict": self.verdict,
            "kind": self.kind,
            "label": self.label,
            "start_ms": self.start_ms,
            "end_ms": self.end_ms,
            "confidence": self.confidence,
        }
        if self.original_label is not None:
            d["original_label"] = self.original_label
        return d


def review_for(marker: Marker, verdict: str, label: str | None = None) -> Review:
    """A decision on ``marker``; ``label`` relabels it (and accepts the new label)."""
    if verdict not in VERDICTS:
        raise ReviewError(f"'{verdict}' is not a review verdict ({', '.join(VERDICTS)}).")
    if marker.kind not in (vocabulary.EVENT, vocabulary.EMOTION):
        raise ReviewError(f"Only event and emotion markers are reviewed (this one is {marker.kind}).")
    if label is None or label == marker.label:
        return Review(verdict, marker.kind, marker.label, marker.start_ms, marker.end_ms, marker.confidence)
    kind = vocabulary.kind_of(label)
    if kind is None or kind.group != marker.kind or kind is vocabulary.NEUTRAL:
        names = vocabulary.EVENT_LABELS if marker.kind == vocabulary.EVENT else vocabulary.EMOTION_LABELS
        raise ReviewError(f"'{label}' is not a {marker.kind} Cutmark marks ({', '.join(names)}).")
    if kind.label == marker.label:
        return review_for(marker, verdict)
    return Review(ACCEPTED, marker.kind, kind.label, marker.start_ms, marker.end_ms, None, marker.label)


def reviews_from_list(data: object) -> tuple[Review, ...]:
    """What :meth:`Review.to_dict` wrote, checked (a project's edits)."""
    if data is None:
        return ()
    if not isinstance(data, list):
        raise ReviewError("The stored review must be a list of decisions.")
    out = []
    for i, item in enumerate(data):
        where = f"review[{i}]"
        if not isinstance(item, dict):
            raise ReviewError(f"{where} must be an object.")
        try:
            start, end = item["start_ms"], item["end_ms"]
            verdict, kind, label = item["verdict"], item["kind"], item["label"]
        except KeyError as exc:
            raise ReviewError(f"{where}.{exc.args[0]} is missing.") from None
        if (
            not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end))
            or not 0 <= start <= end
        ):
            raise ReviewError(f"{where} must have whole milliseconds with start_ms <= end_ms.")
        confidence = item.get("confidence")
        if confidence is not None and not isinstance(confidence, int | float):
            raise ReviewError(f"{where}.confidence must be a number or null.")
        if verdict not in VERDICTS or kind not in (vocabulary.EVENT, vocabulary.EMOTION):
            raise ReviewError(f"{where} has an unknown verdict or kind ({verdict!r}, {kind!r}).")
        if not isinstance(label, str) or not label:
            raise ReviewError(f"{where}.label must be a label.")
        original = item.get("original_label")
        out.append(Review(verdict, kind, label, start, end, confidence, original))
    return tuple(out)


def with_decision(reviews: Sequence[Review], decision: Review) -> tuple[Review, ...]:
    """``reviews`` with ``decision`` replacing any earlier one about the same marker."""
    target = decision.marker
    if decision.original_label is not None:
        target = Marker(decision.kind, decision.original_label, decision.start_ms, decision.end_ms)
    kept = tuple(r for r in reviews if not (r.covers(target) or r.covers(decision.marker)))
    return (*kept, decision)


def _subtract(marker: Marker, start_ms: int, end_ms: int) -> list[Marker]:
    if end_ms <= marker.start_ms or start_ms >= marker.end_ms:
        return [marker]
    pieces = [(marker.start_ms, start_ms), (end_ms, marker.end_ms)]
    return [
        Marker(marker.kind, marker.label, a, b, marker.confidence) for a, b in pieces if b - a >= MIN_PIECE_MS
    ]


def apply_review(markers: Iterable[Marker], reviews: Sequence[Review]) -> list[Marker]:
    """The markers the user stands behind: rejected spans (and the old label of a
    relabelled one) removed from same-label markers, accepted markers in place of what
    the model says over their span for their label."""
    out = list(markers)
    if not reviews:
        return out
    for r in reviews:
        refused = {r.original_label} if r.original_label else set()
        refused |= {r.label}  # accepted: the model's own marker of that label gives way to it
        out = [
            piece
            for m in out
            for piece in (
                _subtract(m, r.start_ms, r.end_ms) if m.kind == r.kind and m.label in refused else [m]
            )
        ]
    out += [r.marker for r in reviews if r.verdict == ACCEPTED]
    return sorted(out, key=lambda m: (m.start_ms, m.kind, m.label))


def review_state(marker: Marker, reviews: Sequence[Review]) -> str | None:
    """ACCEPTED when ``marker`` is one the user accepted (or relabelled); None when not reviewed."""
    for r in reversed(reviews):
        if r.verdict == ACCEPTED and r.marker == marker:
            return ACCEPTED
    return None


def rejected_markers(reviews: Sequence[Review]) -> list[Marker]:
    """The markers the user rejected (for a review view that shows them struck out)."""
    return [r.marker for r in reviews if r.verdict == REJECTED]
