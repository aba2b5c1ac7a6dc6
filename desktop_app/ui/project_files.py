"""Saving the open project: Save, Save as, "save changes first?", autosave and restore.

Where a project goes and how it is written is the session's; this asks the user."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop_app.core.errors import CutmarkError
from desktop_app.project.store import PROJECT_SUFFIX
from desktop_app.ui import questions
from desktop_app.ui.hints import ui_hint
from desktop_app.ui.i18n import t


class ProjectFiles:
    def __init__(self, win) -> None:
        self.win = win

    def offer_restore(self) -> None:
        # discarding is the choice that loses something: Restore is the default and what Escape answers
        discard = questions.ask(
            self.win, t("Restore unsaved changes?"),
            t("Cutmark found changes to this project that were not saved (it may have closed unexpectedly). Restore them?"),
            t("Discard changes"), destructive=True, cancel_text=t("Restore"),
        )  # fmt: skip
        if discard:
            self.win.session.document.discard_autosave()
            return
        try:
            self.win.session.document.restore_autosave()
        except CutmarkError as exc:  # a damaged autosave must not keep the project itself closed
            QMessageBox.warning(self.win, t("Restore unsaved changes"), exc.message)

    def save(self) -> bool:
        self.win.document.view.commit_pending()  # a word being fixed in the transcript is saved
        if self.win.doc.project is None:
            return True
        if self.win.doc.path is None:
            return self.save_as()
        return self._save_to(None)

    def save_as(self) -> bool:
        self.win.document.view.commit_pending()
        if self.win.doc.project is None:
            return True
        path, _ = QFileDialog.getSaveFileName(
            self.win, t("Save project as"), str(self.win.doc.path or ""), f"Cutmark (*{PROJECT_SUFFIX})"
        )
        if not path:
            return False
        target = Path(path if path.endswith(PROJECT_SUFFIX) else path + PROJECT_SUFFIX)
        # the file dialog asked about the name as typed, not this one with the suffix added
        asked = str(target) == path or not target.exists() or target == self.win.doc.path
        if not (asked or self._replace_ok(target)):
            return False
        return self._save_to(target)

    def _replace_ok(self, target: Path) -> bool:
        return questions.ask(
            self.win, t("Replace file?"), t("{0} exists already. Replace it?").format(target.name),
            t("Replace"), destructive=True,
        )  # fmt: skip

    def _save_to(self, path: Path | None) -> bool:
        try:
            saved = self.win.session.save(path)
        except CutmarkError as exc:
            QMessageBox.warning(self.win, t("Could not save"), f"{exc.message}\n\n{ui_hint(exc)}".strip())
            return False
        if path is None and self.win.session.in_cache_folder:
            self.win.jobs.say(
                t("The video's folder is read-only; the project was saved in {0}").format(saved)
            )
        else:
            self.win.jobs.say(t("Saved {0}").format(saved))
        return True

    def confirm_reanalysis(self) -> bool:
        """Analysing again replaces the project (and saves over its file); undo brings the
        previous one back. Ask all the same, Cancel by default."""
        return questions.ask(
            self.win, t("Analyse again?"),
            t("This replaces the transcript and markers, your edits included, and saves over the project file when the new analysis finishes. Edit › Undo brings them back. Continue?"),
            t("Analyse again"),
        )  # fmt: skip

    def maybe_save(self) -> bool:
        """Ask before unsaved edits would be lost. False means: stay."""
        self.win.document.view.commit_pending()  # a word being fixed counts (the close button too)
        if not self.win.doc.is_dirty():
            return True
        answer = questions.ask_save(
            self.win, t("Unsaved changes"), t("Save the changes to this project first?")
        )
        if answer == questions.SAVE:
            return self.save()
        if answer == questions.DISCARD:
            self.win.session.document.discard_autosave()
            return True
        return False

    def autosave(self) -> None:
        try:
            self.win.session.document.autosave()
        except CutmarkError as exc:
            self.win.jobs.say(t("Autosave failed: ") + exc.message)
