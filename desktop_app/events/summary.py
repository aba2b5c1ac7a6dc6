"""A file's events at a glance: how many of each, how often over time, where they bunch up.

The per-minute series is what the app's strip above the timeline draws (one value per
bin: markers that start in it, scaled to a minute); the clusters are the busiest
stretches of one bin's length, found by sliding that length over the markers' starts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from desktop_app.core import vocabulary
from desktop_app.core.model import Marker

DEFAULT_BIN_MS = 60_000
DEFAULT_CLUSTERS = 3


@dataclass(frozen=True)
class Cluster:
    """``count`` markers of ``label`` starting in ``[start_ms, end_ms)`` (one bin long)."""

    label: str
    start_ms: int
    end_ms: int
    count: int


@dataclass(frozen=True)
class KindSummary:
    label: str
    kind: str  # "event" or "emotion"
    count: int  # markers
    total_ms: int  # time they cover
    per_minute: tuple[float, ...]  # markers starting in each bin, per minute (of the bin's length)
    clusters: tuple[Cluster, ...]  # busiest first (ties: earlier first), never overlapping


@dataclass(frozen=True)
class EventSummary:
    duration_ms: int
    bin_ms: int
    kinds: tuple[KindSummary, ...]  # the vocabulary's order: events, then emotions; only those present

    def get(self, label: str) -> KindSummary | None:
        return next((k for k in self.kinds if k.label == label), None)

    @property
    def counts(self) -> dict[str, int]:
        return {k.label: k.count for k in self.kinds}

    def bin_starts_ms(self) -> list[int]:
        return [i * self.bin_ms for i in range(_bins(self.duration_ms, self.bin_ms))]

    def to_dict(self) -> dict:
        return {
            "duration_ms": self.duration_ms,
            "bin_ms": self.bin_ms,
            "kinds": [
                {
                    "label": k.label,
                    "kind": k.kind,
                    "count": k.count,
                    "total_ms": k.total_ms,
                    "per_minute": list(k.per_minute),
                    "clusters": [
                        {"start_ms": c.start_ms, "end_ms": c.end_ms, "count": c.count} for c in k.clusters
                    ],
                }
                for k in self.kinds
            ],
        }


def _bins(duration_ms: int, bin_ms: int) -> int:
    return max(1, -(-max(0, duration_ms) // bin_ms))


def _clusters(label: str, starts: Sequence[int], bin_ms: int, top: int) -> tuple[Cluster, ...]:
    """Greedy: the densest bin-long stretch starting at a marker, then the next that does not overlap."""
    candidates = []
    j = 0
    for i, start in enumerate(starts):
        j = max(j, i)
        while j < len(starts) and starts[j] < start + bin_ms:
            j += 1
        candidates.append(Cluster(label, start, start + bin_ms, j - i))
    chosen: list[Cluster] = []
    for c in sorted(candidates, key=lambda c: (-c.count, c.start_ms)):
        if len(chosen) == top:
            break
        if all(c.end_ms <= o.start_ms or c.start_ms >= o.end_ms for o in chosen):
            chosen.append(c)
    return tuple(chosen)


def summarize_events(
    markers: Iterable[Marker],
    duration_ms: int,
    *,
    bin_ms: int = DEFAULT_BIN_MS,
    clusters: int = DEFAULT_CLUSTERS,
) -> EventSummary:
    """Counts, per-minute series and clusters of the event and emotion markers."""
    if bin_ms <= 0:
        raise ValueError("bin_ms must be positive")
    n_bins = _bins(duration_ms, bin_ms)
    by_label: dict[str, list[Marker]] = {}
    for m in markers:
        if m.kind in (vocabulary.EVENT, vocabulary.EMOTION):
            by_label.setdefault(m.label, []).append(m)
    order = [k.label for k in (*vocabulary.EVENTS, *vocabulary.EMOTIONS)]
    labels = sorted(by_label, key=lambda lab: (order.index(lab) if lab in order else len(order), lab))
    kinds = []
    for label in labels:
        found = sorted(by_label[label], key=lambda m: m.start_ms)
        counts = [0] * n_bins
        for m in found:
            counts[min(n_bins - 1, max(0, m.start_ms) // bin_ms)] += 1
        # the last bin may be shorter than the rest: its rate is per minute of what it holds
        lengths = [max(1, min(bin_ms, duration_ms - i * bin_ms)) for i in range(n_bins)]
        kinds.append(
            KindSummary(
                label=label,
                kind=found[0].kind,
                count=len(found),
                total_ms=sum(m.end_ms - m.start_ms for m in found),
                per_minute=tuple(round(c * 60_000 / n, 3) for c, n in zip(counts, lengths, strict=True)),
                clusters=_clusters(label, [m.start_ms for m in found], bin_ms, clusters),
            )
        )
    return EventSummary(duration_ms=duration_ms, bin_ms=bin_ms, kinds=tuple(kinds))
