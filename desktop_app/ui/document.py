"""Qt signals over the session's document, and the edit calls the widgets make.

The project, its undo history and its file live in :class:`desktop_app.session.Document`
(no Qt); this object only re-announces its changes as signals and turns widget calls
into typed edit commands.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from desktop_app.project.schema import Project
from desktop_app.session import commands as cmd
from desktop_app.session.document import DIRTY, PATH, PROJECT, Document


class ProjectDocument(QObject):
    changed = Signal()
    dirty_changed = Signal(bool)
    path_changed = Signal(str)

    def __init__(self, document: Document | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document or Document()
        self._unsubscribe = self.document.subscribe(self._on_change)

    def _on_change(self, what: str) -> None:
        if what == PROJECT:
            self.changed.emit()
        elif what == DIRTY:
            self.dirty_changed.emit(self.document.is_dirty())
        elif what == PATH:
            self.path_changed.emit(str(self.document.path or ""))

    # --- reading -------------------------------------------------------------------
    @property
    def project(self) -> Project | None:
        return self.document.project

    @property
    def path(self) -> Path | None:
        return self.document.path

    def is_dirty(self) -> bool:
        return self.document.is_dirty()

    def cut_marks(self) -> list[dict]:
        return cmd.cut_marks(self.project)

    def mark_state(self, index: int) -> str | None:
        return cmd.mark_state(self.project, index)

    # --- history ---------------------------------------------------------------------
    def undo(self) -> bool:
        return self.document.undo()

    def redo(self) -> bool:
        return self.document.redo()

    def undo_text(self) -> str:
        return self.document.history.undo_text

    def redo_text(self) -> str:
        return self.document.history.redo_text

    def mark_clean(self) -> None:
        self.document.mark_clean()

    # --- edits (typed errors propagate; nothing changes then) -------------------------
    def run(self, command: cmd.EditCommand) -> bool:
        return self.document.run(command)

    def set_text(self, index: int, value: str) -> None:
        self.run(cmd.SetText(index, value))

    def set_event(self, index: int, event: str | None) -> None:
        self.run(cmd.SetEvent(index, event))

    def set_emotion(self, index: int, emotion: str | None) -> None:
        self.run(cmd.SetEmotion(index, emotion))

    def split(self, index: int, at_ms: int) -> None:
        self.run(cmd.SplitSegment(index, at_ms))

    def merge_with_next(self, index: int) -> None:
        self.run(cmd.MergeWithNext(index))

    def set_mark(self, index: int, action: str | None) -> None:
        self.run(cmd.SetMark(index, action))
