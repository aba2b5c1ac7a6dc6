"""The Transcript dock: the document, its find bar, and the text edits that act on the
whole transcript (remove fillers, shorten pauses, restore)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from desktop_app.ui.document_view import DocumentView
from desktop_app.ui.find_bar import FindBar
from desktop_app.ui.i18n import t


class TranscriptPane(QWidget):
    seek_requested = Signal(int)

    def __init__(self, doc, edits, parent=None) -> None:
        super().__init__(parent)
        self.view = DocumentView(doc)
        self.view.seek_requested.connect(self.seek_requested)
        self.find = FindBar(self.view)
        self.find.cut_all_requested.connect(edits.cut_matches)
        tools = QHBoxLayout()
        tools.setContentsMargins(2, 2, 2, 0)
        for text, tip, slot in (
            (
                t("Remove fillers"),
                t("Cut um, uh, 嗯, えー… in one step; each stays visible, struck through"),
                edits.remove_fillers,
            ),
            (
                t("Shorten pauses"),
                t("Shorten every pause between kept words to at most 300 ms"),
                edits.shorten_pauses,
            ),
            (t("Restore"), t("Bring back the selected struck words"), self.view.restore_selection),
        ):
            b = QPushButton(text)
            b.setToolTip(tip)
            b.clicked.connect(slot)
            tools.addWidget(b)
        tools.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(tools)
        layout.addWidget(self.find)
        layout.addWidget(self.view, 1)
