"""Which windows go through the model together."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from desktop_app.core.model import Window

if TYPE_CHECKING:
    from desktop_app.transcribe.options import TranscribeOptions

FRAME_MS = 60  # one encoder frame: 10 ms fbank hop x LFR 6
QUERY_FRAMES = 4  # language, emotion, event, text-norm slots before the speech frames
# What a batch costs beyond its padded frames, in frames: GEMMs of a few hundred rows run
# below the CPU's peak (a 2-core AVX-512 CPU: one 6 s window alone ~0.09 s per audio
# second, four together ~0.06).
BATCH_OVERHEAD_FRAMES = 80


def plan_batches(windows: Sequence[Window], options: TranscribeOptions) -> list[list[Window]]:
    """Shortest first (the first results arrive soonest), similar lengths together.

    A batch holds at most ``max_batch`` windows and ``batch_seconds`` of audio padded to
    its longest window (a single longer window goes alone). Within those bounds the cut
    points minimise the padded frames plus ``BATCH_OVERHEAD_FRAMES`` per batch (small
    batches run below the CPU's peak): dynamic programming over the sorted windows.
    """
    ordered = sorted(windows, key=lambda w: (w.duration_ms, w.start_ms))
    n = len(ordered)
    frames = [w.duration_ms / FRAME_MS + QUERY_FRAMES for w in ordered]
    cost = [0.0] + [math.inf] * n  # cost[j]: best plan for the j shortest windows
    start = [0] * (n + 1)
    for j in range(1, n + 1):
        longest_ms = ordered[j - 1].duration_ms
        for size in range(1, min(options.max_batch, j) + 1):
            if size > 1 and longest_ms * size > options.batch_seconds * 1000:
                break
            c = cost[j - size] + size * frames[j - 1] + BATCH_OVERHEAD_FRAMES
            if c < cost[j]:
                cost[j], start[j] = c, j - size
    batches: list[list[Window]] = []
    j = n
    while j > 0:
        batches.append(ordered[start[j] : j])
        j = start[j]
    return batches[::-1]
