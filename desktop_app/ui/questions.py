"""Questions whose buttons name what they do ("Replace", "Analyse again") rather than Yes/No.

Cancel is the default button and what Escape and the title bar's close button answer, so
neither Enter nor Escape does the action by accident. Tests patch ``ask`` and ``ask_save``."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"


def question_box(
    parent: QWidget | None,
    title: str,
    text: str,
    action_text: str,
    *,
    destructive: bool = False,
    cancel_text: str | None = None,
) -> tuple[QMessageBox, QPushButton, QPushButton]:
    """The box ``ask`` shows, not yet shown: (box, action button, cancel button)."""
    icon = QMessageBox.Icon.Warning if destructive else QMessageBox.Icon.Question
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    action = box.addButton(action_text, QMessageBox.ButtonRole.AcceptRole)
    if cancel_text is None:
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)  # Qt's own "Cancel", translated
    else:
        cancel = box.addButton(cancel_text, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    return box, action, cancel


def ask(
    parent: QWidget | None,
    title: str,
    text: str,
    action_text: str,
    *,
    destructive: bool = False,
    cancel_text: str | None = None,
) -> bool:
    """True when the user clicks the button named ``action_text``; Cancel, Escape or closing
    the box is False."""
    box, action, _cancel = question_box(
        parent, title, text, action_text, destructive=destructive, cancel_text=cancel_text
    )
    box.exec()
    return box.clickedButton() is action


def save_box(parent: QWidget | None, title: str, text: str) -> QMessageBox:
    """Qt's standard Save, Discard and Cancel (Qt translates them and names Discard the way the
    desktop does, e.g. "Close without Saving"); Save is the default, Escape is Cancel."""
    box = QMessageBox(
        QMessageBox.Icon.Question, title, text,
        QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        parent,
    )  # fmt: skip
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)
    return box


def ask_save(parent: QWidget | None, title: str, text: str) -> str:
    """SAVE, DISCARD or CANCEL (Escape and closing the box too)."""
    box = save_box(parent, title, text)
    box.exec()
    clicked = box.standardButton(box.clickedButton()) if box.clickedButton() else None
    if clicked == QMessageBox.StandardButton.Save:
        return SAVE
    if clicked == QMessageBox.StandardButton.Discard:
        return DISCARD
    return CANCEL


__all__ = ["ask", "ask_save", "question_box", "save_box", "SAVE", "DISCARD", "CANCEL"]
