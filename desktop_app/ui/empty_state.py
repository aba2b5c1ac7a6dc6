"""What the window shows before anything is open: how to start, recent files, the model."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from desktop_app.ui.i18n import t


class EmptyState(QWidget):
    open_requested = Signal()
    recent_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("empty-state")
        layout = QVBoxLayout(self)
        layout.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.setSpacing(12)
        title = QLabel(t("Drop a video here, or File > Open"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        title.setFont(font)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)
        sub = QLabel(
            t("Cutmark transcribes it and marks laughter, applause, music and emotions on the timeline.")
        )
        sub.setAlignment(Qt.AlignmentFlag.AlignCenter)
        sub.setWordWrap(True)
        sub.setForegroundRole(sub.foregroundRole())
        layout.addWidget(sub)
        button = QPushButton(t("Open a video…"))
        button.setDefault(True)
        button.clicked.connect(self.open_requested)
        layout.addWidget(button, 0, Qt.AlignmentFlag.AlignCenter)
        self.recent_title = QLabel(t("Recent files"))
        self.recent_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.recent_title)
        self.recent = QListWidget()
        self.recent.setMaximumWidth(640)
        self.recent.setMaximumHeight(180)
        self.recent.itemActivated.connect(
            lambda item: self.recent_requested.emit(item.data(Qt.ItemDataRole.UserRole))
        )
        layout.addWidget(self.recent, 0, Qt.AlignmentFlag.AlignCenter)
        self.model_state = QLabel()
        self.model_state.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.model_state)

    def set_recent(self, files: list[str]) -> None:
        self.recent.clear()
        for f in files:
            item = QListWidgetItem(f"{Path(f).name}    —    {Path(f).parent}")
            item.setData(Qt.ItemDataRole.UserRole, f)
            item.setToolTip(f)
            self.recent.addItem(item)
        self.recent.setVisible(bool(files))
        self.recent_title.setVisible(bool(files))
        rows = min(len(files), 6)  # as tall as its rows, up to six
        self.recent.setFixedHeight(rows * (self.recent.sizeHintForRow(0) if files else 0) + 6)
        self.recent.setMinimumWidth(min(640, max(320, self.recent.sizeHintForColumn(0) + 24)))

    def set_model_state(self, text: str, *, missing: bool = False) -> None:
        line = t("Speech model: {0}").format(text)
        if missing:  # what to click to get transcripts and events, in the window's words
            line += "\n" + t(
                "For transcripts and events, choose Analysis > Speech model… and click Download."
            )
        self.model_state.setText(line)
