"""The transcript table: one row per segment with something in it (text or an event).

The model reads the document's project and writes through the document, so every
edit lands on the undo stack. The current row follows the playhead.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QTableView,
)

from desktop_app.core import vocabulary
from desktop_app.core.timebase import format_clock
from desktop_app.session.session import shown_in_transcript
from desktop_app.ui.document import ProjectDocument
from desktop_app.ui.i18n import t
from desktop_app.ui.style import text_color_on

COL_TIME, COL_TEXT, COL_TAGS, COL_MARK = range(4)
HEADERS = ("Time", "Text", "Tags", "Keep/Cut")
_Index = QModelIndex | QPersistentModelIndex
CHIPS_ROLE = Qt.ItemDataRole.UserRole + 1  # [(text, "#rrggbb" or "")] for the tags column

LANGUAGE_NAMES = {"zh": "中文", "en": "English", "yue": "粵語", "ja": "日本語", "ko": "한국어"}
LANGUAGE_CODES = {"zh": "ZH", "en": "EN", "yue": "YUE", "ja": "JA", "ko": "KO"}


def chips(seg, *, language: bool = True) -> list[tuple[str, str]]:
    """The row's compact tags: language code, emotion and event, each with its colour."""
    out: list[tuple[str, str]] = []
    if language and seg.language in LANGUAGE_CODES:
        out.append((LANGUAGE_CODES[seg.language], ""))
    emotion = vocabulary.emotion_kind(seg.emotion)
    if emotion is not None and emotion is not vocabulary.NEUTRAL:
        out.append((f"{emotion.glyph} {t(emotion.name)}", emotion.color))
    event = vocabulary.event_kind(seg.event)
    if event is not None:
        out.append((f"{event.glyph} {t(event.name)}", event.color))
    return out


def readable(seg) -> str:
    """What a person reads in the tags column: 'English · Happy · Laughter'."""
    parts = [LANGUAGE_NAMES.get(seg.language or "", "")]
    parts += [text.split(" ", 1)[-1] for text, color in chips(seg) if color]
    return " · ".join(p for p in parts if p)


class TranscriptModel(QAbstractTableModel):
    def __init__(self, doc: ProjectDocument) -> None:
        super().__init__()
        self.doc = doc
        self.rows: list[int] = []  # segment index per row
        doc.changed.connect(self.reload)

    def reload(self) -> None:
        self.beginResetModel()
        segs = self.doc.project.analysis.segments if self.doc.project else ()
        self.rows = [i for i, s in enumerate(segs) if shown_in_transcript(s)]
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
        if index.column() == COL_TEXT:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: _Index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        i = self.rows[index.row()]
        seg = self.doc.project.analysis.segments[i]
        col = index.column()
        if col == COL_TAGS:
            return (
                readable(seg)
                if role == Qt.ItemDataRole.DisplayRole
                else chips(seg)
                if role == CHIPS_ROLE
                else None
            )
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == COL_TIME:
                return format_clock(seg.start_ms, hours=seg.end_ms >= 3_600_000)[:-2]
            if col == COL_TEXT:
                return seg.text
            if col == COL_MARK:
                state = self.doc.mark_state(i)
                return {"keep": "✓ " + t("keep"), "cut": "✂ " + t("cut")}.get(state, "")
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
        if col != COL_TEXT:
            return False
        self.doc.set_text(i, str(value))
        return True


class _ChipsDelegate(QStyledItemDelegate):
    """Paints the tags as small rounded chips in their kinds' colours."""

    def paint(self, painter, option, index) -> None:
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        fm = option.fontMetrics
        x, r = option.rect.left() + 4, option.rect
        h = fm.height() + 4
        y = r.top() + (r.height() - h) // 2
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for text, color in index.data(CHIPS_ROLE) or []:
            w = fm.horizontalAdvance(text) + 10
            if x + w > r.right():
                break
            fill = QColor(color) if color else option.palette.color(QPalette.ColorRole.Mid)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            painter.drawRoundedRect(QRectF(x, y, w, h), h / 2, h / 2)
            painter.setPen(QColor(text_color_on(fill.name())))
            painter.drawText(QRectF(x, y, w, h), Qt.AlignmentFlag.AlignCenter, text)
            x += w + 4
        painter.restore()


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
        header.setSectionResizeMode(
            COL_TEXT, QHeaderView.ResizeMode.Stretch
        )  # the text takes the spare width
        # Fixed widths from the font: ResizeToContents measures every row (slow for hours).
        fm = self.fontMetrics()
        for col, sample in (
            (COL_TIME, "00:00:00.0"),
            (COL_TAGS, "EN  ♥ Surprised  ‼ Laughter"),
            (COL_MARK, "✂ Keep"),
        ):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(
                col, max(fm.horizontalAdvance(sample), fm.horizontalAdvance(t(HEADERS[col]))) + 18
            )
        self.setItemDelegateForColumn(COL_TAGS, _ChipsDelegate(self))
        # Wrapped text: only the rows on screen are measured (ResizeToContents would measure
        # every row of an hour-long transcript on each change).
        self.verticalHeader().setDefaultSectionSize(fm.height() + 10)
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self._fit_visible_rows)
        self.verticalScrollBar().valueChanged.connect(self._fit_timer.start)
        self.model_.modelReset.connect(self._fit_timer.start)
        header.sectionResized.connect(self._fit_timer.start)
        self.doubleClicked.connect(self._on_double_click)
        self._following: int | None = None

    def _fit_visible_rows(self) -> None:
        first = max(0, self.rowAt(0))
        last = self.rowAt(self.viewport().height() - 1)
        last = self.model_.rowCount() - 1 if last < 0 else last
        for row in range(first, min(last + 2, self.model_.rowCount())):
            self.resizeRowToContents(row)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_timer.start()

    def _on_double_click(self, index: QModelIndex) -> None:
        """Double-click seeks to the segment; on the text it also edits it."""
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

    def contextMenuEvent(self, event) -> None:
        """Right-click: change the row's emotion or event, or mark it keep/cut."""
        index = self.indexAt(event.pos())
        if not index.isValid():
            return
        i = self.model_.segment_index(index.row())
        menu = QMenu(self)
        for title, kinds, setter, none_text in (
            (t("Emotion"), (vocabulary.NEUTRAL, *vocabulary.EMOTIONS), self.doc.set_emotion, None),
            (t("Event"), vocabulary.EVENTS, self.doc.set_event, t("Speech")),
        ):
            sub = menu.addMenu(title)
            if none_text:
                sub.addAction(none_text, lambda setter=setter: setter(i, "Speech"))
            for kind in kinds:
                sub.addAction(
                    f"{kind.glyph}  {t(kind.name)}", lambda k=kind, setter=setter: setter(i, k.model_tag)
                )
        menu.addSeparator()
        menu.addAction(t("Mark segment &keep"), lambda: self.doc.set_mark(i, "keep"))
        menu.addAction(t("Mark segment &cut"), lambda: self.doc.set_mark(i, "cut"))
        menu.addAction(t("C&lear mark"), lambda: self.doc.set_mark(i, None))
        menu.exec(event.globalPos())
