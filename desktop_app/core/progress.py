"""Progress reports and cooperative cancellation for the long stages.

Long stages are generators that yield :class:`Progress` and check a
:class:`CancelToken` between steps, so the CLI and the UI drive them the same way.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from desktop_app.core.errors import Cancelled


@dataclass(frozen=True)
class Progress:
    """``done``/``total`` in the stage's own unit (``unit``); ``total`` 0 means unknown."""

    stage: str
    done: float
    total: float
    unit: str = "ms"
    message: str = ""
    overall: float | None = None  # 0..1 across the whole job, set by the pipeline

    @property
    def fraction(self) -> float | None:
        if self.total <= 0:
            return None
        return max(0.0, min(1.0, self.done / self.total))


@dataclass(frozen=True)
class Notice:
    """Something the user should hear about now while the job goes on (a stage yields it
    between its progress reports), e.g. "the GPU ran out of memory; continuing on the CPU"."""

    message: str


@dataclass(frozen=True)
class SegmentsReady:
    """Partial results, yielded as each batch finishes, so the timeline fills while the
    rest runs (``segments``: a tuple of :class:`~desktop_app.core.model.Segment`)."""

    segments: tuple


class CancelToken:
    """Thread-safe flag set by the UI or a signal handler, checked by the worker."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled("Cancelled by the user.")


NEVER_CANCELLED = CancelToken()


def drive(stage, on_item=None):
    """Run a stage generator to the end and return its result; ``on_item(item)`` sees
    every item it yields. The one driver of the CLI, the app's jobs and the tests.

    Stages ``yield`` :class:`Progress` and ``return`` their result, so a pipeline
    composes them with ``result = yield from stage(...)``; plain callers use this. The
    stage is closed however the run ends (an error, Ctrl+C), so it releases its files now.
    """
    try:
        while True:
            try:
                item = next(stage)
            except StopIteration as stop:
                return stop.value
            if on_item is not None:
                on_item(item)
            del item  # held while the stage runs on, a view of its buffer would pin it (see relay)
    finally:
        stage.close()


def relay(stage, transform=None):
    """Re-yield a stage's items, each through ``transform`` (None from it drops the item),
    and return the stage's result: how one stage nests another while changing its reports.
    The inner stage is closed however the outer one ends."""
    try:
        while True:
            try:
                item = next(stage)
            except StopIteration as stop:
                return stop.value
            out = transform(item) if transform is not None else item
            # drop both before the stage runs on: an item can be a view of the stage's own
            # buffer (the audio decoded so far), and a live view would stop the decoder
            # from trimming that buffer in place at the end (it would copy it instead)
            del item
            if out is not None:
                yield out
            del out
    finally:
        stage.close()
