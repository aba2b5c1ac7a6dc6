"""The open project: its file, its undo history, autosave and restore. No Qt.

Views observe it with :meth:`Document.subscribe`: the callback gets ``"project"`` when
the project changed, ``"dirty"`` when the saved/unsaved state changed, ``"path"`` when
the file changed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from desktop_app.project.schema import Project
from desktop_app.project.store import load_project, save_project
from desktop_app.session.commands import EditCommand, ReplaceProject
from desktop_app.session.undo import UndoStack

AUTOSAVE_SUFFIX = ".autosave"
PROJECT, DIRTY, PATH = "project", "dirty", "path"


def autosave_path(project_path: str | Path) -> Path:
    p = Path(project_path)
    return p.with_name(p.name + AUTOSAVE_SUFFIX)


class Document:
    def __init__(self) -> None:
        self.project: Project | None = None
        self.path: Path | None = None
        self.history: UndoStack[Project] = UndoStack()
        self._listeners: list[Callable[[str], None]] = []

    # --- observing -----------------------------------------------------------------
    def subscribe(self, callback: Callable[[str], None]) -> Callable[[], None]:
        """Call ``callback(what)`` on every change; returns a function that unsubscribes."""
        self._listeners.append(callback)
        return lambda: self._listeners.remove(callback)

    def _emit(self, *what: str) -> None:
        for name in what:
            for callback in list(self._listeners):
                callback(name)

    # --- whole projects ----------------------------------------------------------------
    def load(self, project: Project | None, path: Path | None) -> None:
        self.project = project
        self.path = Path(path) if path else None
        self.history.clear()
        self._emit(PROJECT, DIRTY, PATH)

    def open(self, path: Path) -> None:
        """Load a project file (a typed error leaves the open project as it was)."""
        self.load(load_project(path), path)

    def is_dirty(self) -> bool:
        return self.project is not None and not self.history.is_clean()

    def mark_clean(self) -> None:
        was = self.is_dirty()
        self.history.set_clean()
        if was:
            self._emit(DIRTY)

    def mark_unsaved(self) -> None:
        """The project is on no disk (saving failed everywhere): closing must ask."""
        self.history.set_dirty()
        self._emit(DIRTY)

    def save(self, path: Path | None = None) -> Path:
        target = Path(path or self.path)
        save_project(self.project, target, overwrite=True)
        moved = self.path != target
        self.path = target
        was = self.is_dirty()
        self.history.set_clean()
        autosave_path(target).unlink(missing_ok=True)
        self._emit(*((PATH,) if moved else ()), *((DIRTY,) if was else ()))
        return target

    # --- autosave --------------------------------------------------------------------
    def autosave(self) -> Path | None:
        """Write the unsaved state beside the project; the project file itself is untouched."""
        if self.project is None or self.path is None or not self.is_dirty():
            return None
        target = autosave_path(self.path)
        save_project(self.project, target, overwrite=True)
        return target

    def newer_autosave(self) -> Path | None:
        """An autosave of the open project's file newer than the file (a crash left it)."""
        if self.path is None:
            return None
        candidate = autosave_path(self.path)
        try:
            if candidate.stat().st_mtime > self.path.stat().st_mtime:
                return candidate
        except OSError:
            return None
        return None

    def restore_autosave(self) -> None:
        """Apply the newer autosave as one undoable, unsaved step (typed error if damaged)."""
        found = self.newer_autosave()
        if found is not None:
            self.run(ReplaceProject(load_project(found)))

    def discard_autosave(self) -> None:
        if self.path is not None:
            autosave_path(self.path).unlink(missing_ok=True)

    # --- edits -----------------------------------------------------------------------
    def run(self, command: EditCommand) -> bool:
        """Apply an edit as one undo step; False when it changed nothing. The library raises
        a typed error (and nothing changes) when the edit cannot be made."""
        if self.project is None:
            return False
        before = self.project
        after = command.apply(before)
        if after is before:
            return False
        was = self.is_dirty()
        self.history.push(command.text, before, after)
        self._set(after, was)
        return True

    def undo(self) -> bool:
        was = self.is_dirty()
        value = self.history.undo()
        if value is None:
            return False
        self._set(value, was)
        return True

    def redo(self) -> bool:
        was = self.is_dirty()
        value = self.history.redo()
        if value is None:
            return False
        self._set(value, was)
        return True

    def _set(self, project: Project, was_dirty: bool) -> None:
        self.project = project
        dirty = self.is_dirty()
        if was_dirty and not dirty:
            # undo/redo came back to what the file holds (e.g. redo of "Analyse again"): an
            # autosave of the state left would be offered over it after a crash
            with contextlib.suppress(OSError):
                self.discard_autosave()
        self._emit(PROJECT, *((DIRTY,) if dirty != was_dirty else ()))
