"""The questions' buttons name the action ("Replace", "Analyse again"), not Yes/No; Cancel is
the default button and Escape's, so neither key does the action by accident."""

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("PySide6")

from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

from desktop_app.ui import questions  # noqa: E402


def _later(do) -> None:
    """Run ``do(box)`` on the question once it is shown (exec blocks until it is answered)."""

    def step():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, step)
            return
        do(box)

    QTimer.singleShot(0, step)


def _texts(box: QMessageBox) -> set[str]:
    return {b.text().replace("&", "") for b in box.buttons()}


def test_the_box_names_the_action_and_cancel_is_default_and_escape(qapp):
    box, action, cancel = questions.question_box(None, "Replace file?", "show.srt exists already.", "Replace")
    assert _texts(box) == {"Replace", "Cancel"}
    assert "Yes" not in _texts(box) and "No" not in _texts(box)
    assert box.defaultButton() is cancel and box.escapeButton() is cancel
    assert box.buttonRole(action) == QMessageBox.ButtonRole.AcceptRole
    assert box.buttonRole(cancel) == QMessageBox.ButtonRole.RejectRole
    assert box.icon() == QMessageBox.Icon.Question
    box.deleteLater()

    box, _action, cancel = questions.question_box(
        None, "Restore?", "text", "Discard changes", destructive=True, cancel_text="Restore"
    )
    assert _texts(box) == {"Discard changes", "Restore"} and box.defaultButton() is cancel
    assert box.escapeButton() is cancel and box.icon() == QMessageBox.Icon.Warning
    box.deleteLater()


def test_clicking_the_action_is_true(qapp):
    def click(box):
        (button,) = [b for b in box.buttons() if b.text() == "Analyse again"]
        button.click()

    _later(click)
    assert questions.ask(None, "Analyse again?", "Continue?", "Analyse again") is True


@pytest.mark.parametrize("how", ["escape", "enter", "cancel", "reject"])
def test_escape_enter_and_cancel_are_false(qapp, how):
    def answer(box):
        if how == "escape":
            QTest.keyClick(box, Qt.Key.Key_Escape)
        elif how == "enter":
            QTest.keyClick(box, Qt.Key.Key_Return)
        elif how == "cancel":
            box.escapeButton().click()
        else:
            box.reject()

    _later(answer)
    assert questions.ask(None, "Replace files?", "Replace them?", "Replace", destructive=True) is False


@pytest.mark.parametrize(
    ("button", "expected"),
    [
        (QMessageBox.StandardButton.Save, questions.SAVE),
        (QMessageBox.StandardButton.Discard, questions.DISCARD),
        (QMessageBox.StandardButton.Cancel, questions.CANCEL),
        (None, questions.CANCEL),  # Escape
    ],
)
def test_save_changes_keeps_qts_save_discard_cancel(qapp, button, expected):
    box = questions.save_box(None, "Unsaved changes", "Save the changes first?")
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Save)
    assert box.escapeButton() is box.button(QMessageBox.StandardButton.Cancel)
    box.deleteLater()

    def answer(shown):
        if button is None:
            QTest.keyClick(shown, Qt.Key.Key_Escape)
        else:
            shown.button(button).click()

    _later(answer)
    assert questions.ask_save(None, "Unsaved changes", "Save the changes first?") == expected
