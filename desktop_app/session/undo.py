"""A plain-Python undo stack of whole-project snapshots.

Projects are immutable, so an edit is "replace the project": each step keeps the
before and after values (cheap: unchanged parts are shared). The stack knows the step
at which the project was last saved, so "unsaved changes" survive undo and redo.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Step(Generic[T]):
    text: str
    before: T
    after: T


class UndoStack(Generic[T]):
    def __init__(self, limit: int = 500) -> None:
        self._steps: list[Step[T]] = []
        self._index = 0  # steps[:index] are done
        self._clean: int | None = 0  # index at the last save; None: that state was dropped
        self.limit = limit

    def push(self, text: str, before: T, after: T) -> None:
        if self._clean is not None and self._clean > self._index:
            self._clean = None  # the saved state was undone and is now replaced: unreachable
        del self._steps[self._index :]
        self._steps.append(Step(text, before, after))
        self._index += 1
        if len(self._steps) > self.limit:
            drop = len(self._steps) - self.limit
            del self._steps[:drop]
            self._index -= drop
            if self._clean is not None:
                self._clean = self._clean - drop if self._clean >= drop else None

    def undo(self) -> T | None:
        """The value before the last step (None when nothing is left to undo)."""
        if self._index == 0:
            return None
        self._index -= 1
        return self._steps[self._index].before

    def redo(self) -> T | None:
        if self._index >= len(self._steps):
            return None
        step = self._steps[self._index]
        self._index += 1
        return step.after

    @property
    def can_undo(self) -> bool:
        return self._index > 0

    @property
    def can_redo(self) -> bool:
        return self._index < len(self._steps)

    @property
    def undo_text(self) -> str:
        return self._steps[self._index - 1].text if self.can_undo else ""

    @property
    def redo_text(self) -> str:
        return self._steps[self._index].text if self.can_redo else ""

    def is_clean(self) -> bool:
        return self._clean == self._index

    def set_clean(self) -> None:
        self._clean = self._index

    def set_dirty(self) -> None:
        """Nothing on disk holds this state (e.g. it could not be saved anywhere)."""
        self._clean = None

    def clear(self) -> None:
        self._steps.clear()
        self._index = 0
        self._clean = 0
