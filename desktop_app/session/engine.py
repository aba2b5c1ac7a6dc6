"""The speech model's lifetime: loaded once, reused, dropped when the model or device changes."""

from __future__ import annotations

import threading
from collections.abc import Callable


class EngineHolder:
    """Keeps one loaded engine for a ``(model, device)`` choice.

    ``loader(model, device)`` loads it (seconds; call :meth:`get` off the main thread).
    Asking for another model or device loads that one instead; :meth:`invalidate` drops
    the engine so the next analysis loads what is chosen then (e.g. new weights).
    """

    def __init__(self, loader: Callable[[str | None, str], object] | None = None) -> None:
        if loader is None:
            from desktop_app.pipeline import load_engine

            loader = load_engine
        self._loader = loader
        self._lock = threading.Lock()
        self._engine = None
        self._choice: tuple[str, str] | None = None
        self.loads = 0  # how many times a model was loaded (tests, diagnostics)

    @staticmethod
    def _key(model: str | None, device: str) -> tuple[str, str]:
        return (str(model or ""), device or "auto")

    def loaded_for(self, model: str | None, device: str) -> bool:
        return self._engine is not None and self._choice == self._key(model, device)

    def get(self, model: str | None, device: str):
        with self._lock:
            key = self._key(model, device)
            if self._engine is None or self._choice != key:
                self._engine = None  # the old model's memory goes before the new one loads
                self._engine = self._loader(model, device)
                self._choice = key
                self.loads += 1
            return self._engine

    @property
    def engine(self):
        return self._engine

    def invalidate(self) -> None:
        with self._lock:
            self._engine = None
            self._choice = None
