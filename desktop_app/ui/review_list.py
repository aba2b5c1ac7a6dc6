"""The review's list: every marker the Events filter shows, with its time, confidence and
decision, so a reviewer sees what is done and what is left and can jump to any marker
(as Subtitle Edit lists its lines beside the one being edited)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QPalette
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem

from desktop_app.core import vocabulary
from desktop_app.core.timebase import format_clock
from desktop_app.session import review
from desktop_app.ui.i18n import t

COLUMNS = 4  # time, marker, confidence, decision


def _row(item) -> tuple[str, str, str, str]:
    m = item.marker
    kind = vocabulary.kind_of(m.label)
    name = f"{kind.glyph}  {t(kind.name)}" if kind else m.label
    conf = f"{m.confidence * 100:.0f}%" if m.confidence is not None else ""
    decision = {review.ACCEPTED: "✓ " + t("accepted"), review.REJECTED: "✗ " + t("rejected")}.get(
        item.state, ""
    )
    return format_clock(m.start_ms)[:-4], name, conf, decision


class ReviewList(QTreeWidget):
    picked = Signal(int)  # index into the items last shown

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setColumnCount(COLUMNS)
        self.setHeaderLabels([t("Time"), t("Marker"), t("Confidence"), t("Decision")])
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)  # long shows: thousands of rows stay quick
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.header()
        header.setStretchLastSection(False)
        for col in range(COLUMNS):
            mode = QHeaderView.ResizeMode.Stretch if col == 1 else QHeaderView.ResizeMode.ResizeToContents
            header.setSectionResizeMode(col, mode)
        self._rows: list[tuple] = []
        self.itemClicked.connect(lambda row, _col: self.picked.emit(self.indexOfTopLevelItem(row)))
        self.itemActivated.connect(lambda row, _col: self.picked.emit(self.indexOfTopLevelItem(row)))

    def show_items(self, items: list, current) -> None:
        """Show ``items`` (ReviewItems) with ``current`` selected; rows are rebuilt only when
        what they say changed."""
        rows = [_row(i) for i in items]
        if rows != self._rows:
            self._rows = rows
            self.clear()
            dim = QBrush(self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
            widgets = []
            for item, texts in zip(items, rows, strict=True):
                row = QTreeWidgetItem(list(texts))
                row.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if item.state == review.REJECTED:  # struck through and dimmed, as in the document
                    font = row.font(1)
                    font.setStrikeOut(True)
                    row.setFont(1, font)
                    for col in range(COLUMNS):
                        row.setForeground(col, dim)
                widgets.append(row)
            self.addTopLevelItems(widgets)
        at = items.index(current) if current in items else -1
        self.blockSignals(True)
        if at >= 0:
            row = self.topLevelItem(at)
            self.setCurrentItem(row)
            self.scrollToItem(row)
        else:
            self.clearSelection()
        self.blockSignals(False)
