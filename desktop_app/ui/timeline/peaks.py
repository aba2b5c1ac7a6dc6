"""Waveform peaks reduced to one ``(min, max)`` pair per pixel column (numpy only).

The project stores ``(n, 2)`` min/max peaks at ``peaks_per_second`` buckets a second.
:class:`PeakPyramid` builds coarser copies of them once (each level merges ``FACTOR``
buckets of the one below), so drawing any zoom touches at most ``FACTOR`` buckets per
pixel: ``reduceat`` over the level whose buckets are just finer than a pixel.
"""

from __future__ import annotations

import numpy as np

FACTOR = 4


class PeakPyramid:
    def __init__(self, peaks: np.ndarray, peaks_per_second: int) -> None:
        base = np.asarray(peaks, dtype=np.float32)
        if base.ndim != 2 or base.shape[1] != 2:
            raise ValueError(f"peaks must have shape (n, 2), not {base.shape}")
        if peaks_per_second <= 0:
            raise ValueError("peaks_per_second must be positive")
        self.peaks_per_second = int(peaks_per_second)
        self.bucket_ms = 1000.0 / self.peaks_per_second
        self.duration_ms = base.shape[0] * self.bucket_ms
        peak = float(np.max(np.abs(base))) if base.size else 0.0
        # show quiet recordings larger (up to 8x) but never clip a loud one
        self.gain = min(8.0, 1.0 / peak) if peak > 1e-6 else 1.0
        self.levels: list[np.ndarray] = [base]
        level = base
        while level.shape[0] > FACTOR:
            n = -(-level.shape[0] // FACTOR)
            pad = n * FACTOR - level.shape[0]
            if pad:  # repeat the last bucket: it changes neither the min nor the max
                level = np.concatenate([level, np.repeat(level[-1:], pad, axis=0)])
            blocks = level.reshape(n, FACTOR, 2)
            level = np.stack([blocks[:, :, 0].min(axis=1), blocks[:, :, 1].max(axis=1)], axis=1)
            self.levels.append(level)

    def level_for(self, ms_per_px: float) -> int:
        """The coarsest level whose buckets are no wider than a pixel."""
        ratio = ms_per_px / self.bucket_ms
        if ratio <= 1.0:
            return 0
        return min(len(self.levels) - 1, int(np.log(ratio) / np.log(FACTOR) + 1e-9))

    def columns(
        self, start_ms: float, ms_per_px: float, width: int
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(lo, hi, valid)`` for ``width`` columns from ``start_ms``; gain applied, ``valid`` a mask."""
        lo = np.zeros(width, dtype=np.float32)
        hi = np.zeros(width, dtype=np.float32)
        valid = np.zeros(width, dtype=bool)
        if width <= 0:
            return lo, hi, valid
        k = self.level_for(ms_per_px)
        data = self.levels[k]
        bucket = self.bucket_ms * FACTOR**k
        edges = np.floor((start_ms + np.arange(width + 1) * ms_per_px) / bucket).astype(np.int64)
        valid = (edges[:-1] >= 0) & (edges[:-1] < data.shape[0])
        if not valid.any():
            return lo, hi, valid
        idx = edges[:-1][valid]
        first, last = int(idx[0]), int(idx[-1])
        stop = int(min(max(edges[1:][valid][-1], last + 1), data.shape[0]))
        sub = data[first:stop]
        rel = idx - first
        lo[valid] = np.minimum.reduceat(sub[:, 0], rel) * self.gain
        hi[valid] = np.maximum.reduceat(sub[:, 1], rel) * self.gain
        np.clip(lo, -1.0, 1.0, out=lo)
        np.clip(hi, -1.0, 1.0, out=hi)
        return lo, hi, valid
