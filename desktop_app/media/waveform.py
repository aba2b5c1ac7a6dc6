"""Waveform peaks for the timeline (numpy only)."""

from __future__ import annotations

import numpy as np


def waveform_peaks(samples: np.ndarray, sample_rate: int, *, peaks_per_second: int = 100) -> np.ndarray:
    """``(n, 2)`` float32: ``(min, max)`` of each bucket of ``sample_rate / peaks_per_second`` samples.

    Bucket ``i`` covers samples ``[i * size, (i + 1) * size)`` with ``size`` rounded to
    a whole number of samples; the last, shorter bucket covers what is left. The full
    buckets are a reshaped view (no copy of the samples).
    """
    if sample_rate <= 0 or peaks_per_second <= 0:
        raise ValueError("sample_rate and peaks_per_second must be positive")
    data = np.asarray(samples)
    if data.ndim != 1:
        raise ValueError(f"samples must be 1-D (mono), not shape {data.shape}")
    size = max(1, round(sample_rate / peaks_per_second))
    full = data.shape[0] // size
    tail = data.shape[0] - full * size
    out = np.empty((full + (1 if tail else 0), 2), dtype=np.float32)
    if full:
        blocks = data[: full * size].reshape(full, size)
        out[:full, 0] = blocks.min(axis=1)
        out[:full, 1] = blocks.max(axis=1)
    if tail:
        rest = data[full * size :]
        out[full] = (rest.min(), rest.max())
    return out
