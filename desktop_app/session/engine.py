"""The speech model's lifetime: one engine source per (model, device) choice, loaded the
first time a file needs it, reused after, dropped when the model or the device changes."""

from __future__ import annotations

import threading
from collections.abc import Callable

from desktop_app.pipeline import EngineSource


class EngineHolder:
    """Keeps the :class:`EngineSource` of the current choice.

    ``source(model, device)`` returns the same source (and so the same loaded engine) while
    the choice stays; another model or device gets a new one (the old engine's memory goes
    with it). :meth:`invalidate` drops it, so the next analysis loads what is chosen then
    (new weights in the same folder, say)."""

    def __init__(self, make_source: Callable[[str | None, str], EngineSource] = EngineSource) -> None:
        self._make = make_source
        self._lock = threading.Lock()
        self._source: EngineSource | None = None
        self._choice: tuple[str, str] | None = None

    @staticmethod
    def _key(model: str | None, device: str) -> tuple[str, str]:
        return (str(model or ""), device or "auto")

    def source(self, model: str | None, device: str) -> EngineSource:
        with self._lock:
            key = self._key(model, device)
            if self._source is None or self._choice != key:
                self._source = self._make(model, device)
                self._choice = key
            return self._source

    @property
    def engine(self):
        """The loaded engine of the current choice, or None."""
        return self._source.loaded if self._source is not None else None

    def invalidate(self) -> None:
        with self._lock:
            self._source = None
            self._choice = None
