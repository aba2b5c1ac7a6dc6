"""Small dialogs of the Help menu."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.ui.i18n import t


def show_shortcuts(win) -> None:
    from desktop_app.ui.shortcuts import shortcuts_html

    box = QMessageBox(win)
    box.setWindowTitle(t("Keyboard shortcuts"))
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(shortcuts_html(win.menuBar()))
    box.exec()


def about(parent: QWidget) -> None:
    from desktop_app import __version__

    text = t(
        "Transcripts, sound events and emotions from your videos, computed on this computer with SenseVoiceSmall."
    )
    QMessageBox.about(parent, t("About Cutmark"), f"Cutmark {__version__}\n\n{text}\n\nGPL-3.0-or-later")
