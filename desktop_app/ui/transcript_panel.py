"""The transcript table: one row per segment with something in it (text or an event).

The model reads the document's project and writes through the document, so every
edit lands on the undo stack. The current row follows the playhead.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QStyledItemDelegate,
    QTableView,
)

from desktop_app.core.timebase import format_clock
from desktop_app.transcribe.tags import EMOTIONS, EVENTS
from desktop_app.ui.document import ProjectDocument
from desktop_app.ui.i18n import t

COL_TIME, COL_TEXT, COL_LANG, COL_EMOTION, COL_EVENT, COL_MARK = range(6)
HEADERS = ("Time", "Text", "Language", "Emotion", "Event", "Keep/Cut")
_Index = QModelIndex | QPersistentModelIndex


LANGUAGE_NAMES = {"zh": "中文", "en": "English", "yue": "粵語", "ja": "日本語", "ko": "한국어"}


def readable(col: int, seg) -> str:
    """What a person reads: 'Happy', 'Laughter'; nothing for 'no speech' and unknowns."""
    from desktop_app.transcribe.tags import emotion_label, event_label
    from desktop_app.ui.filters_panel import EMOTION_NAMES, EVENT_NAMES

    if col == COL_LANG:
        return LANGUAGE_NAMES.get(seg.language or "", "")
    if col == COL_EMOTION:
        label = emotion_label(seg.emotion)
        return t(EMOTION_NAMES.get(label, "Neutral")) if label else ""
    label = event_label(seg.event)
    if label:
        return t(EVENT_NAMES[label])
    return t("Speech") if seg.event == "Speech" else ""


def _shown(seg) -> bool:
    """Speech, text, or a sound event worth a row; quiet gaps stay on the timeline only."""
    return seg.kind == "speech" or bool(seg.text) or seg.event not in (None, "Speech", "Event_UNK")


class TranscriptModel(QAbstractTableModel):
    def __init__(self, doc: ProjectDocument) -> None:
        super().__init__()
        self.doc = doc
        self.rows: list[int] = []  # segment index per row
        doc.changed.connect(self.reload)

    def reload(self) -> None:
        self.beginResetModel()
        segs = self.doc.project.analysis.segments if self.doc.project else ()
        self.rows = [i for i, s in enumerate(segs) if _shown(s)]
        self.endResetModel()

    def segment_index(self, row: int) -> int:
        return self.rows[row]

    def row_of_segment(self, seg_index: int) -> int | None:
        import bisect

        pos = bisect.bisect_left(self.rows, seg_index)
        return pos if pos < len(self.rows) and self.rows[pos] == seg_index else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return t(HEADERS[section])
        return None

    def flags(self, index: _Index):
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in (COL_TEXT, COL_EMOTION, COL_EVENT):
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: _Index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        i = self.rows[index.row()]
        seg = self.doc.project.analysis.segments[i]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole and col in (COL_LANG, COL_EMOTION, COL_EVENT):
            return readable(col, seg)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == COL_TIME:
                return format_clock(seg.start_ms, hours=seg.end_ms >= 3_600_000)[:-2]
            if col == COL_TEXT:
                return seg.text
            if col == COL_LANG:
                return seg.language or ""
            if col == COL_EMOTION:
                return seg.emotion or ""
            if col == COL_EVENT:
                return seg.event or ""
            if col == COL_MARK:
                state = self.doc.mark_state(i)
                return {"keep": t("keep"), "cut": t("cut")}.get(state, "")
        if role == Qt.ItemDataRole.ToolTipRole:
            conf = [
                f"{name} {value * 100:.0f}%"
                for name, value in (
                    (t("language"), seg.language_confidence),
                    (t("emotion"), seg.emotion_confidence),
                    (t("event"), seg.event_confidence),
                )
                if value is not None
            ]
            span = f"{format_clock(seg.start_ms)} – {format_clock(seg.end_ms)}"
            return "\n".join([span, seg.text, ", ".join(conf)]).strip()
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_MARK:
            state = self.doc.mark_state(i)
            return QColor("#2e7d32") if state == "keep" else QColor("#c62828") if state == "cut" else None
        return None

    def setData(self, index: _Index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        i = self.rows[index.row()]
        col = index.column()
        if col == COL_TEXT:
            self.doc.set_text(i, str(value))
        elif col == COL_EMOTION:
            self.doc.set_emotion(i, value or None)
        elif col == COL_EVENT:
            self.doc.set_event(i, value or None)
        else:
            return False
        return True


class _ChoiceDelegate(QStyledItemDelegate):
    def __init__(self, choices, parent=None) -> None:
        super().__init__(parent)
        self.choices = ("", *choices)

    def createEditor(self, parent, option, index):
        box = QComboBox(parent)
        box.addItems(self.choices)
        return box

    def setEditorData(self, editor, index):
        editor.setCurrentText(index.data(Qt.ItemDataRole.EditRole) or "")

    def setModelData(self, editor, model, index):
        model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)


class TranscriptView(QTableView):
    seek_requested = Signal(int)

    def __init__(self, doc: ProjectDocument, parent=None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.model_ = TranscriptModel(doc)
        self.setModel(self.model_)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
        # Fixed widths from the font: ResizeToContents measures every row (slow for hours).
        fm = self.fontMetrics()
        for col, sample in ((COL_TIME, "00:00:00.0"), (COL_LANG, "English"), (COL_EMOTION, "Surprised"),
                            (COL_EVENT, "Laughter"), (COL_MARK, "Keep/Cut")):  # fmt: skip
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(
                col, max(fm.horizontalAdvance(sample), fm.horizontalAdvance(t(HEADERS[col]))) + 18
            )
        self.setItemDelegateForColumn(COL_EMOTION, _ChoiceDelegate(EMOTIONS, self))
        self.setItemDelegateForColumn(COL_EVENT, _ChoiceDelegate(EVENTS, self))
        self.doubleClicked.connect(self._on_double_click)
        self._following: int | None = None

    def _on_double_click(self, index: QModelIndex) -> None:
        """Double-click seeks to the segment; on text, emotion or event it also edits."""
        seg = self.doc.project.analysis.segments[self.model_.segment_index(index.row())]
        self.seek_requested.emit(seg.start_ms)
        if index.flags() & Qt.ItemFlag.ItemIsEditable:
            self.edit(index)

    def current_segment(self) -> int | None:
        rows = self.selectionModel().selectedRows() if self.selectionModel() else []
        return self.model_.segment_index(rows[0].row()) if rows else None

    def follow_segment(self, seg_index: int | None) -> None:
        """Select the row of the segment under the playhead (no-op while editing)."""
        if seg_index == self._following or self.state() == QAbstractItemView.State.EditingState:
            return
        self._following = seg_index
        row = self.model_.row_of_segment(seg_index) if seg_index is not None else None
        if row is None:
            return
        self.selectRow(row)
        self.scrollTo(self.model_.index(row, COL_TEXT), QAbstractItemView.ScrollHint.EnsureVisible)
