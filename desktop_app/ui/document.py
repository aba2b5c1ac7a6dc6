"""The open project as an undoable document.

Projects are immutable, so every edit is "replace the project"; the undo stack keeps
the before and after snapshots (cheap: unchanged parts are shared). The edit rules
themselves live in ``desktop_app/edit`` and run without Qt.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from desktop_app.core.model import Segment
from desktop_app.edit import transcript_edits as te
from desktop_app.events import build_markers
from desktop_app.events.markers import SILENCE
from desktop_app.project.schema import Project
from desktop_app.project.store import load_project, save_project

AUTOSAVE_SUFFIX = ".autosave"


def with_segments(project: Project, segments: tuple[Segment, ...]) -> Project:
    """Segments changed: rebuild event and emotion markers, keep the silences."""
    a = project.analysis
    silences = tuple(m for m in a.markers if m.kind == SILENCE)
    markers = tuple(
        sorted(silences + tuple(build_markers(segments)), key=lambda m: (m.start_ms, m.kind, m.label))
    )
    return dataclasses.replace(project, analysis=dataclasses.replace(a, segments=segments, markers=markers))


class _Replace(QUndoCommand):
    def __init__(self, doc: ProjectDocument, before: Project, after: Project, text: str) -> None:
        super().__init__(text)
        self.doc, self.before, self.after = doc, before, after

    def redo(self) -> None:
        self.doc._set(self.after)

    def undo(self) -> None:
        self.doc._set(self.before)


class ProjectDocument(QObject):
    changed = Signal()
    dirty_changed = Signal(bool)
    path_changed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)
        self.project: Project | None = None
        self.path: Path | None = None

    def _on_clean_changed(self, clean: bool) -> None:
        self.dirty_changed.emit(not clean)

    # --- whole projects ------------------------------------------------------------
    def load(self, project: Project, path: Path | None) -> None:
        self.undo_stack.clear()
        self.project = project
        self.path = Path(path) if path else None
        self.undo_stack.setClean()
        self.changed.emit()
        self.path_changed.emit(str(self.path or ""))

    def open(self, path: Path) -> None:
        self.load(load_project(path), path)

    def is_dirty(self) -> bool:
        return not self.undo_stack.isClean()

    def save(self, path: Path | None = None) -> Path:
        target = Path(path or self.path)
        save_project(self.project, target, overwrite=True)
        if self.path != target:
            self.path = target
            self.path_changed.emit(str(target))
        self.undo_stack.setClean()
        self.autosave_path(target).unlink(missing_ok=True)
        return target

    def autosave_path(self, path: Path | None = None) -> Path:
        p = Path(path or self.path)
        return p.with_name(p.name + AUTOSAVE_SUFFIX)

    def autosave(self) -> Path | None:
        """Write the unsaved state beside the project; the project file itself is untouched."""
        if self.project is None or self.path is None or not self.is_dirty():
            return None
        target = self.autosave_path()
        save_project(self.project, target, overwrite=True)
        return target

    # --- edits -------------------------------------------------------------------
    def _set(self, project: Project) -> None:
        self.project = project
        self.changed.emit()

    def apply(self, text: str, fn: Callable[[Project], Project]) -> None:
        """Run an edit; the library raises a typed error (and nothing changes) when it cannot."""
        before = self.project
        after = fn(before)
        if after is not before:
            self.undo_stack.push(_Replace(self, before, after, text))

    def _segments_edit(self, text: str, fn: Callable[[tuple[Segment, ...]], tuple[Segment, ...]]) -> None:
        self.apply(text, lambda p: with_segments(p, fn(p.analysis.segments)))

    def set_text(self, index: int, value: str) -> None:
        if self.project.analysis.segments[index].text != value:
            self._segments_edit("Edit text", lambda s: te.set_text(s, index, value))

    def set_event(self, index: int, event: str | None) -> None:
        self._segments_edit("Change event", lambda s: te.set_event(s, index, event))

    def set_emotion(self, index: int, emotion: str | None) -> None:
        self._segments_edit("Change emotion", lambda s: te.set_emotion(s, index, emotion))

    def split(self, index: int, at_ms: int) -> None:
        self._segments_edit("Split segment", lambda s: te.split_segment(s, index, at_ms))

    def merge_with_next(self, index: int) -> None:
        self._segments_edit("Merge segments", lambda s: te.merge_with_next(s, index))

    def cut_marks(self) -> list[dict]:
        return list((self.project.edits or {}).get("cuts", [])) if self.project else []

    def mark_state(self, index: int) -> str | None:
        """'keep', 'cut' or None: the last mark that covers this segment exactly."""
        seg = self.project.analysis.segments[index]
        state = None
        for m in self.cut_marks():
            if m["start_ms"] == seg.start_ms and m["end_ms"] == seg.end_ms:
                state = m["action"]
        return state

    def set_mark(self, index: int, action: str | None) -> None:
        """Mark a segment keep or cut (None removes its mark); exporters honour it."""
        seg = self.project.analysis.segments[index]
        marks = [
            m for m in self.cut_marks() if not (m["start_ms"] == seg.start_ms and m["end_ms"] == seg.end_ms)
        ]
        if action is not None:
            marks.append({"start_ms": seg.start_ms, "end_ms": seg.end_ms, "action": action})
        text = {"keep": "Mark keep", "cut": "Mark cut", None: "Clear mark"}[action]
        self.apply(text, lambda p: dataclasses.replace(p, edits={**(p.edits or {}), "cuts": marks}))
