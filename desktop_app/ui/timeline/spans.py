"""Time-sorted spans with fast "what overlaps this window" queries, and pixel run merging.

Painting must only touch what is visible. Spans are kept sorted by start with a running
maximum of their ends, so both edges of the visible window are a binary search
(``searchsorted``) away, however long the media and however many markers there are.
:func:`coverage` turns the visible spans into per-pixel-column counts in one pass.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


class SpanIndex:
    """Spans sorted by start; ``query`` returns the positions of those overlapping a window."""

    def __init__(self, starts: Sequence[int] | np.ndarray, ends: Sequence[int] | np.ndarray) -> None:
        self.starts = np.asarray(starts, dtype=np.float64)
        self.ends = np.maximum(np.asarray(ends, dtype=np.float64), self.starts)
        if self.starts.size and np.any(np.diff(self.starts) < 0):
            raise ValueError("spans must be sorted by start")
        self._max_end = np.maximum.accumulate(self.ends) if self.ends.size else self.ends

    def __len__(self) -> int:
        return int(self.starts.size)

    def query(self, t0: float, t1: float) -> np.ndarray:
        """Positions (ascending) of spans with ``start <= t1`` and ``end >= t0``."""
        lo = int(np.searchsorted(self._max_end, t0, side="left"))
        hi = int(np.searchsorted(self.starts, t1, side="right"))
        if hi <= lo:
            return np.empty(0, dtype=np.int64)
        pos = np.arange(lo, hi, dtype=np.int64)
        return pos[self.ends[lo:hi] >= t0]


def coverage(
    x0: np.ndarray, x1: np.ndarray, width: int, codes: np.ndarray | None = None, n_codes: int = 1
) -> np.ndarray:
    """``(n_codes, width)`` counts of the spans ``[x0, x1)`` (pixels, floats) covering each column.

    A span narrower than a pixel still covers the column it falls in, so thousands of
    sub-pixel markers become one array per lane, whatever the zoom: no per-marker drawing.
    """
    out_shape = (n_codes, max(0, width))
    if width <= 0 or x0.size == 0:
        return np.zeros(out_shape, dtype=np.int32)
    a = np.floor(x0)
    b = np.maximum(np.ceil(x1), a + 1)
    a = np.clip(a, 0, width).astype(np.int64)
    b = np.clip(b, 0, width).astype(np.int64)
    keep = b > a
    base = (
        np.zeros(x0.shape, dtype=np.int64)
        if codes is None
        else np.asarray(codes, dtype=np.int64) * (width + 1)
    )
    size = n_codes * (width + 1)
    cover = np.bincount((base + a)[keep], minlength=size) - np.bincount((base + b)[keep], minlength=size)
    return np.cumsum(cover.reshape(n_codes, width + 1), axis=1)[:, :width].astype(np.int32)


def stack_rows(starts: np.ndarray, ends: np.ndarray, max_rows: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """Rows for overlapping spans (sorted by start): ``(row, rows_in_cluster)`` per span.

    Spans that overlap nothing keep the lane's full height (one row); only a cluster of
    overlapping spans is split, into as many rows as it needs (at most ``max_rows``; past
    that, a span shares the row that frees up first). Touching spans do not overlap.
    """
    n = len(starts)
    row = np.zeros(n, dtype=np.int8)
    rows = np.ones(n, dtype=np.int8)
    row_ends: list[float] = []
    cluster_start, cluster_end = 0, -np.inf
    for i, (s, e) in enumerate(zip(np.asarray(starts).tolist(), np.asarray(ends).tolist(), strict=True)):
        if s >= cluster_end:
            rows[cluster_start:i] = max(1, len(row_ends))
            row_ends, cluster_start = [], i
        r = next((k for k, end in enumerate(row_ends) if end <= s), None)
        if r is None:
            if len(row_ends) < max_rows:
                row_ends.append(-np.inf)
                r = len(row_ends) - 1
            else:
                r = int(np.argmin(row_ends))
        row_ends[r] = max(row_ends[r], e)
        row[i] = r
        cluster_end = max(cluster_end, e)
    rows[cluster_start:n] = max(1, len(row_ends))
    return row, rows
