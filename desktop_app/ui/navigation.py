"""Where N/P and the segment keys go. Plain functions: the window only calls them."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from desktop_app.core.model import Marker, Segment

# Pressing P just after landing on a marker must go to the one before, not back to it.
BACK_GRACE_MS = 400


def next_marker(markers: Sequence[Marker], pos_ms: int, shown: Callable[[Marker], bool]) -> Marker | None:
    later = [m for m in markers if shown(m) and m.start_ms > pos_ms + 10]
    return min(later, key=lambda m: m.start_ms) if later else None


def previous_marker(markers: Sequence[Marker], pos_ms: int, shown: Callable[[Marker], bool]) -> Marker | None:
    earlier = [m for m in markers if shown(m) and m.start_ms < pos_ms - BACK_GRACE_MS]
    return max(earlier, key=lambda m: m.start_ms) if earlier else None


def next_segment(
    segments: Sequence[Segment], pos_ms: int, wanted: Callable[[Segment], bool]
) -> Segment | None:
    return next((s for s in segments if wanted(s) and s.start_ms > pos_ms + 10), None)


def previous_segment(
    segments: Sequence[Segment], pos_ms: int, wanted: Callable[[Segment], bool]
) -> Segment | None:
    earlier = [s for s in segments if wanted(s) and s.start_ms < pos_ms - BACK_GRACE_MS]
    return earlier[-1] if earlier else None
