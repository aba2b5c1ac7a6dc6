"""Ctrl+F over the transcript: matches highlighted, Enter / Shift+Enter to step through
them, "Cut all matches" as one undoable edit. Plain text, case- and width-insensitive."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QToolButton, QWidget

from desktop_app.ui.i18n import t


class FindBar(QWidget):
    cut_all_requested = Signal(str)

    def __init__(self, view, parent=None) -> None:
        super().__init__(parent)
        self.view = view
        row = QHBoxLayout(self)
        row.setContentsMargins(2, 2, 2, 2)
        self.field = QLineEdit()
        self.field.setPlaceholderText(t("Find in the transcript"))
        self.field.setClearButtonEnabled(True)
        self.field.textChanged.connect(self.search)
        self.field.returnPressed.connect(lambda: self.step(1))
        self.count = QLabel()
        prev, nxt = QToolButton(), QToolButton()
        prev.setArrowType(Qt.ArrowType.UpArrow)
        nxt.setArrowType(Qt.ArrowType.DownArrow)
        prev.setToolTip(t("Previous match (Shift+Enter)"))
        nxt.setToolTip(t("Next match (Enter)"))
        prev.clicked.connect(lambda: self.step(-1))
        nxt.clicked.connect(lambda: self.step(1))
        self.cut_all = QPushButton(t("Cut all matches"))
        self.cut_all.setEnabled(False)
        self.cut_all.clicked.connect(lambda: self.cut_all_requested.emit(self.field.text()))
        close = QToolButton()
        close.setText("✕")
        close.setToolTip(t("Close (Esc)"))
        close.clicked.connect(self.close_bar)
        for w in (self.field, self.count, prev, nxt, self.cut_all, close):
            row.addWidget(w, 1 if w is self.field else 0)
        self.hide()

    def open_bar(self) -> None:
        self.show()
        self.field.setFocus()
        self.field.selectAll()
        self.search(self.field.text())

    def close_bar(self) -> None:
        self.view.find_all("")
        self.hide()
        self.view.setFocus()

    def search(self, text: str) -> None:
        n = self.view.find_all(text)
        self.cut_all.setEnabled(n > 0)
        self.count.setText(t("{0} matches").format(n) if text.strip() else "")
        if n:
            self.step(1)

    def step(self, direction: int) -> None:
        index = self.view.next_match(direction)
        total = len(self.view._matches)
        if total:
            self.count.setText(t("{0} of {1}").format(index, total))

    def event(self, event) -> bool:
        # Esc closes the bar: claim it before the window's Esc shortcut (Cancel analysis),
        # which would otherwise take the key from the field and leave the bar open
        if event.type() == QEvent.Type.ShortcutOverride and event.key() == Qt.Key.Key_Escape:
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self.step(-1)
            return
        super().keyPressEvent(event)
