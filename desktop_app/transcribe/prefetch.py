"""The windows' audio as clips, and their features made on a worker thread while the
device runs the batch before (moved out of the engine, unchanged)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from desktop_app.core.model import Window


def clips_of(samples: np.ndarray, batch: Sequence[Window]) -> list[np.ndarray]:
    return [np.ascontiguousarray(samples[w.start_ms * 16 : w.end_ms * 16], dtype=np.float32) for w in batch]


class FeaturePrefetch:
    """Features of the next batch on a worker thread while the device runs this batch
    (the feature code holds the GIL, so this pays only where the model runs elsewhere)."""

    def __init__(self, engine) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self._engine = engine
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="cutmark-features")
        self._batch = None
        self._future = None

    def start(self, samples: np.ndarray, batch: list[Window]) -> None:
        self._batch, self._future = batch, self._pool.submit(self._work, samples, batch)

    def _work(self, samples, batch):
        clips = clips_of(samples, batch)
        return (clips, *self._engine._frontend_features(clips))

    def take(self, batch: list[Window]):
        """The prepared (clips, feats, lengths) if they are for ``batch`` (not after a split)."""
        future, planned = self._future, self._batch
        self._future = self._batch = None
        if future is None:
            return None
        ready = future.result()
        return ready if planned is batch else None

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
