"""Analysis › Event sensitivity: the presets, with the tick on the open project's own.

The tick observes the document: a project saved with "find more" opens ticked so, undo and
redo move the tick back and forth, and a project with other per-class gains (set with the
command line's ``--sensitivity laughter=2``) shows a "Custom" entry, ticked and greyed, that
names its gains. Choosing runs the session's undoable command; this decides nothing.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup

from desktop_app.core.errors import CutmarkError
from desktop_app.core.vocabulary import display_name
from desktop_app.events.sensitivity import CUSTOM, FIND_MORE, MODEL, Sensitivity, preset_of
from desktop_app.session.markers import event_state
from desktop_app.ui.i18n import t


def _gains_text(sensitivity: Sensitivity) -> str:
    """'Applause ×10, Laughter ×2' in the window's language (Chinese lists take 、)."""
    text = ""
    for label, gain in sensitivity.gains:
        part = f"{t(display_name(label))} ×{gain:g}"
        text = t("{0}, {1}").format(text, part) if text else part
    return text


class SensitivityMenu:
    def __init__(self, win, menu) -> None:
        self.doc, self.edits = win.doc, win.edits
        self.menu = menu.addMenu(t("Event &sensitivity"))
        self.group = QActionGroup(win)  # exclusive: one tick
        self.actions: dict[str, QAction] = {}
        for code, name in (
            (MODEL, t("As the model says")),
            (FIND_MORE, t("Find more (the model's authors' gains)")),
            (CUSTOM, t("Custom")),
        ):
            action = QAction(name, win)
            action.setCheckable(True)
            action.triggered.connect(win.document.view.commit_pending)  # a word being fixed first
            action.triggered.connect(lambda _c=False, code=code: self.choose(code))
            self.group.addAction(action)
            self.menu.addAction(action)
            self.actions[code] = action
        custom = self.actions[CUSTOM]
        custom.setEnabled(False)  # it says what the project has; the command line sets it
        custom.setVisible(False)
        self.doc.changed.connect(self.refresh)
        self.refresh()

    def current(self) -> Sensitivity | None:
        """The open project's sensitivity (None when no project is open or it cannot be read)."""
        project = self.doc.project
        if project is None:
            return None
        try:
            return event_state(project).sensitivity
        except CutmarkError:
            return None

    def refresh(self) -> None:
        sensitivity = self.current()
        self.menu.setEnabled(sensitivity is not None)
        chosen = preset_of(sensitivity) if sensitivity is not None else MODEL
        custom = self.actions[CUSTOM]
        custom.setVisible(chosen == CUSTOM)
        custom.setText(t("Custom: {0}").format(_gains_text(sensitivity)) if chosen == CUSTOM else t("Custom"))
        self.actions[chosen].setChecked(True)

    def choose(self, code: str) -> None:
        if code != CUSTOM:
            self.edits.set_sensitivity(code)
        self.refresh()  # nothing changed (no project, the same gains): the tick goes back
