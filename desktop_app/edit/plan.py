"""Cut plans: which stretches of the source survive, and where source times land in the cut.

A :class:`CutPlan` is a sorted tuple of non-overlapping :class:`KeepRange` (half-open
``[start_ms, end_ms)`` on the source's clock) plus the source's duration. Played one
after the other, the kept ranges make the cut; ``remap_ms`` and ``remap_span`` move
source times (subtitles, markers) onto the cut's clock. Everything here is pure.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from desktop_app.core.errors import CutmarkError


class CutPlanError(CutmarkError):
    """A cut plan, its options or the user's keep/cut marks do not make sense."""

    hint = "Check the cut options (lengths must not be negative) and the project's keep/cut marks."


@dataclass(frozen=True)
class KeepRange:
    """One kept stretch of the source, ``[start_ms, end_ms)``, and why it is kept."""

    start_ms: int
    end_ms: int
    reason: str = "keep"

    @property
    def duration_ms(self) -> int:
        return self.end_ms - self.start_ms


@dataclass(frozen=True)
class CutPlan:
    """Kept ranges in source order (sorted, non-overlapping, non-empty, inside the source)."""

    ranges: tuple[KeepRange, ...]
    source_duration_ms: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "ranges", tuple(self.ranges))
        if not isinstance(self.source_duration_ms, int) or self.source_duration_ms < 0:
            raise CutPlanError(
                f"source_duration_ms must be a non-negative integer (got {self.source_duration_ms!r})"
            )
        previous_end = 0
        for i, r in enumerate(self.ranges):
            if not (isinstance(r.start_ms, int) and isinstance(r.end_ms, int)):
                raise CutPlanError(f"keep range {i} must have integer times (got {r!r})")
            if r.start_ms < previous_end or r.end_ms <= r.start_ms or r.end_ms > self.source_duration_ms:
                raise CutPlanError(
                    f"keep range {i} [{r.start_ms}, {r.end_ms}) must be non-empty, in order, without overlap, "
                    f"and inside the source (0..{self.source_duration_ms} ms)"
                )
            previous_end = r.end_ms

    # --- sizes -----------------------------------------------------------------

    @property
    def kept_ms(self) -> int:
        return sum(r.duration_ms for r in self.ranges)

    @property
    def cut_ms(self) -> int:
        return self.source_duration_ms - self.kept_ms

    @cached_property
    def offsets_ms(self) -> tuple[int, ...]:
        """Where each range starts on the cut's clock."""
        out, total = [], 0
        for r in self.ranges:
            out.append(total)
            total += r.duration_ms
        return tuple(out)

    @cached_property
    def _starts(self) -> list[int]:
        return [r.start_ms for r in self.ranges]

    def __len__(self) -> int:
        return len(self.ranges)

    def is_whole(self) -> bool:
        """True when the plan keeps the whole source (nothing is cut)."""
        return self.kept_ms == self.source_duration_ms

    def index_at(self, t_ms: int) -> int | None:
        """The index of the range holding source time ``t_ms``, or None when it is cut away."""
        i = bisect.bisect_right(self._starts, t_ms) - 1
        if i >= 0 and t_ms < self.ranges[i].end_ms:
            return i
        return None

    def spans(self) -> list[tuple[int, int]]:
        return [(r.start_ms, r.end_ms) for r in self.ranges]

    def removed(self) -> list[tuple[int, int]]:
        """The cut-away stretches ``[start, end)`` in source time."""
        out, t = [], 0
        for r in self.ranges:
            if r.start_ms > t:
                out.append((t, r.start_ms))
            t = r.end_ms
        if t < self.source_duration_ms:
            out.append((t, self.source_duration_ms))
        return out


# --- building plans -----------------------------------------------------------


def whole_plan(duration_ms: int, reason: str = "all") -> CutPlan:
    """A plan that keeps everything (the identity cut)."""
    duration_ms = int(duration_ms)
    ranges = (KeepRange(0, duration_ms, reason),) if duration_ms > 0 else ()
    return CutPlan(ranges, max(0, duration_ms))


def _merge_reasons(a: str, b: str) -> str:
    parts = list(dict.fromkeys([*a.split("+"), *b.split("+")]))
    return "+".join(p for p in parts if p)


def plan_from_spans(
    spans: Iterable[tuple[int, int] | KeepRange],
    duration_ms: int,
    *,
    reason: str = "keep",
    join_gap_ms: int = 0,
) -> CutPlan:
    """Clamp to the source, drop empty spans, sort, and merge spans that overlap or are
    less than ``join_gap_ms`` apart (touching spans always merge)."""
    duration_ms = max(0, int(duration_ms))
    items: list[KeepRange] = []
    for span in spans:
        if isinstance(span, KeepRange):
            start, end, why = span.start_ms, span.end_ms, span.reason
        else:
            start, end = span
            why = reason
        start, end = max(0, int(start)), min(duration_ms, int(end))
        if end > start:
            items.append(KeepRange(start, end, why))
    items.sort(key=lambda r: (r.start_ms, r.end_ms))
    merged: list[KeepRange] = []
    for r in items:
        if merged and r.start_ms - merged[-1].end_ms <= max(0, join_gap_ms):
            last = merged[-1]
            merged[-1] = KeepRange(
                last.start_ms, max(last.end_ms, r.end_ms), _merge_reasons(last.reason, r.reason)
            )
        else:
            merged.append(r)
    return CutPlan(tuple(merged), duration_ms)


def union(plan: CutPlan, spans: Iterable[tuple[int, int]], reason: str = "keep") -> CutPlan:
    """``plan`` plus ``spans`` (kept as well)."""
    return plan_from_spans([*plan.ranges, *spans], plan.source_duration_ms, reason=reason)


def subtract(plan: CutPlan, spans: Iterable[tuple[int, int]]) -> CutPlan:
    """``plan`` with ``spans`` cut away (linear in ranges + spans: word cuts come by the thousand)."""
    holes: list[tuple[int, int]] = []
    for a, b in sorted((max(0, a), b) for a, b in spans if b > a):
        if holes and a <= holes[-1][1]:
            holes[-1] = (holes[-1][0], max(holes[-1][1], b))
        else:
            holes.append((a, b))
    starts = [a for a, _ in holes]
    out: list[KeepRange] = []
    for r in plan.ranges:
        i = max(0, bisect.bisect_right(starts, r.start_ms) - 1)
        at = r.start_ms
        while i < len(holes) and holes[i][0] < r.end_ms:
            a, b = holes[i]
            if b > at:
                if a > at:
                    out.append(KeepRange(at, a, r.reason))
                at = b
            i += 1
        if at < r.end_ms:
            out.append(KeepRange(at, r.end_ms, r.reason))
    return CutPlan(tuple(out), plan.source_duration_ms)


def drop_short(plan: CutPlan, min_ms: int, *, keep_edges: Iterable[int] = ()) -> CutPlan:
    """``plan`` without ranges shorter than ``min_ms``; a source shorter than that keeps
    a range covering all of it. A range starting or ending at one of ``keep_edges`` stays
    whatever its length (the words the user kept between two word cuts)."""
    floor = min(min_ms, plan.source_duration_ms)
    edges = set(keep_edges)
    return CutPlan(
        tuple(r for r in plan.ranges if r.duration_ms >= floor or r.start_ms in edges or r.end_ms in edges),
        plan.source_duration_ms,
    )


def widen(start_ms: int, end_ms: int, min_ms: int, duration_ms: int) -> tuple[int, int]:
    """``[start_ms, end_ms)`` grown evenly about its middle to at least ``min_ms`` (at most
    the source), shifted back inside ``[0, duration_ms)`` where it would stick out."""
    start_ms, end_ms = max(0, start_ms), min(duration_ms, end_ms)
    want = min(min_ms, duration_ms)
    if end_ms - start_ms >= want:
        return start_ms, end_ms
    start = start_ms - (want - (end_ms - start_ms)) // 2
    start = min(max(0, start), duration_ms - want)
    return start, start + want


# --- mapping times onto the cut ---------------------------------------------------


def remap_ms(plan: CutPlan, t_ms: int) -> int | None:
    """Source time → cut time; None when ``t_ms`` is cut away (ranges are half-open)."""
    i = plan.index_at(t_ms)
    if i is None:
        return None
    return plan.offsets_ms[i] + t_ms - plan.ranges[i].start_ms


def remap_span(plan: CutPlan, start_ms: int, end_ms: int) -> tuple[int, int] | None:
    """The kept part of ``[start_ms, end_ms)`` on the cut's clock, or None when all of it is cut.

    The kept parts of one span are always contiguous in the cut (whatever lay between
    them was removed), so the answer is one span. A zero-length span (a point marker)
    maps like :func:`remap_ms`.
    """
    if end_ms <= start_ms:
        t = remap_ms(plan, start_ms)
        return None if t is None else (t, t)
    first = bisect.bisect_right(plan._starts, start_ms) - 1
    if first < 0 or plan.ranges[first].end_ms <= start_ms:
        first += 1
    last = bisect.bisect_left(plan._starts, end_ms) - 1
    if first >= len(plan.ranges) or last < first:
        return None
    a, b = plan.ranges[first], plan.ranges[last]
    cut_start = plan.offsets_ms[first] + max(start_ms, a.start_ms) - a.start_ms
    cut_end = plan.offsets_ms[last] + min(end_ms, b.end_ms) - b.start_ms
    if cut_end <= cut_start:
        return None
    return cut_start, cut_end


def source_ms(plan: CutPlan, cut_t_ms: int) -> int | None:
    """Cut time → source time (the inverse of :func:`remap_ms`); None past the end."""
    i = bisect.bisect_right(plan.offsets_ms, cut_t_ms) - 1
    if i < 0 or cut_t_ms >= plan.offsets_ms[i] + plan.ranges[i].duration_ms:
        return None
    return plan.ranges[i].start_ms + cut_t_ms - plan.offsets_ms[i]


def check_lengths(**values: int | None) -> None:
    """Raise :class:`CutPlanError` for a negative length option (shared by the planners)."""
    for name, value in values.items():
        if value is not None and value < 0:
            raise CutPlanError(f"{name} must not be negative (got {value})")


def spans_of(items: Sequence, *, pad_before_ms: int = 0, pad_after_ms: int = 0) -> list[tuple[int, int]]:
    """``(start - pad_before, end + pad_after)`` for anything with ``start_ms``/``end_ms``."""
    return [(i.start_ms - pad_before_ms, i.end_ms + pad_after_ms) for i in items]
