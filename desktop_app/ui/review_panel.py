"""Review the markers: step through the ones the Events filter shows, hear each with a
second of context, accept (A) or reject (R) with one key, or change its kind. Decisions
are undoable session commands; rejected markers leave every export and plan, accepted
ones stay whatever the sensitivity says later."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.core import vocabulary
from desktop_app.core.errors import CutmarkError
from desktop_app.core.timebase import format_clock
from desktop_app.session import review
from desktop_app.ui.i18n import t
from desktop_app.ui.review_list import ReviewList

CONTEXT_MS = 1000  # heard before and after the marker
STEP_KEYS = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}


def _step_of(event) -> int:
    """-1 or 1 for a plain ← or → (the keypad's too), else 0."""
    plain = not (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier)
    return STEP_KEYS.get(event.key(), 0) if plain else 0


def _is_space(event) -> bool:
    return event.key() == Qt.Key.Key_Space and not event.modifiers()


class ReviewPanel(QWidget):
    play_requested = Signal(int, int)  # start, stop (ms)

    def __init__(self, doc, is_shown, parent=None) -> None:
        super().__init__(parent)
        self.doc, self.is_shown = doc, is_shown  # is_shown(marker): the Events filter's say
        self.current = None  # the ReviewItem on screen
        layout = QVBoxLayout(self)
        self.title = QLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.progress = QLabel()
        layout.addWidget(self.title)
        layout.addWidget(self.detail)
        layout.addWidget(self.progress)
        row = QHBoxLayout()
        self.accept_btn = QPushButton(t("Accept (A)"))
        self.reject_btn = QPushButton(t("Reject (R)"))
        self.play_btn = QPushButton(t("Play again (Space)"))
        self.kind = QComboBox()
        self.kind.setToolTip(t("It is something else: pick what it is"))
        for b, slot in (
            (self.accept_btn, self.accept),
            (self.reject_btn, self.reject),
            (self.play_btn, self.play),
        ):
            b.clicked.connect(slot)
            row.addWidget(b)
        row.addWidget(self.kind, 1)
        layout.addLayout(row)
        nav = QHBoxLayout()
        prev_btn, next_btn = QPushButton("◀ " + t("Previous")), QPushButton(t("Next") + " ▶")
        prev_btn.clicked.connect(lambda: self.step(-1))
        next_btn.clicked.connect(lambda: self.step(1))
        nav.addWidget(prev_btn)
        nav.addWidget(next_btn)
        layout.addLayout(nav)
        self.list = ReviewList()
        self.list.picked.connect(self._pick)
        layout.addWidget(self.list, 1)
        self.kind.activated.connect(self._change_kind)
        for key, slot in (("A", self.accept), ("R", self.reject)):
            sc = QShortcut(QKeySequence(key), self, slot)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        for child in self.findChildren(QWidget):
            child.installEventFilter(self)  # ← →: see eventFilter
        doc.changed.connect(self._refresh)
        self._refresh()

    # ← and → step through the markers while the panel has the focus. They are the window's
    # frame-step shortcuts too, and Qt runs neither of two shortcuts on one key, so the panel
    # claims the keys (ShortcutOverride) and takes the presses before its buttons, which
    # would move the focus with them. Space plays the marker again, as its button says,
    # instead of the window's play/pause (which plays on from wherever the playhead is).
    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and (_step_of(event) or _is_space(event)):
            event.accept()
            return True
        return super().event(event)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and _is_space(event):
            event.accept()
            return True
        if event.type() == QEvent.Type.KeyPress and _is_space(event):
            if not event.isAutoRepeat():
                self.play()
            return True
        if event.type() == QEvent.Type.KeyPress and _step_of(event):
            self.step(_step_of(event))
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event) -> None:
        if not self.eventFilter(self, event):
            super().keyPressEvent(event)

    def items(self) -> list:
        project = self.doc.project
        if project is None:
            return []
        return [i for i in review.review_items(project) if self.is_shown(i.marker)]

    def start(self) -> None:
        """Show the first marker not yet reviewed (or the first one) and play it."""
        items = self.items()
        self.current = next((i for i in items if i.state is None), items[0] if items else None)
        self._refresh()
        self.play()

    def step(self, direction: int) -> None:
        items = self.items()
        if not items:
            return
        keys = [(i.marker.start_ms, i.marker.kind, i.marker.label) for i in items]
        here = (
            (self.current.marker.start_ms, self.current.marker.kind, self.current.marker.label)
            if self.current
            else None
        )
        i = keys.index(here) if here in keys else -1
        self.current = items[max(0, min(len(items) - 1, i + direction))]
        self._refresh()
        self.play()

    def _pick(self, index: int) -> None:
        items = self.items()
        if 0 <= index < len(items):
            self.current = items[index]
            self._refresh()
            self.play()

    def play(self) -> None:
        if self.current is not None:
            m = self.current.marker
            self.play_requested.emit(max(0, m.start_ms - CONTEXT_MS), m.end_ms + CONTEXT_MS)

    def _run(self, command) -> None:
        try:
            self.doc.run(command)
        except CutmarkError as exc:
            self.detail.setText(exc.message)

    def accept(self) -> None:
        if self.current is not None:
            self._run(review.AcceptMarker(self.current.marker))
            QTimer.singleShot(0, lambda: self.step(1))

    def reject(self) -> None:
        if self.current is not None:
            self._run(review.RejectMarker(self.current.marker))
            QTimer.singleShot(0, lambda: self.step(1))

    def _change_kind(self, index: int) -> None:
        label = self.kind.itemData(index)
        if self.current is not None and label and label != self.current.marker.label:
            self._run(review.ChangeMarkerKind(self.current.marker, label))
            QTimer.singleShot(0, lambda: self.step(1))

    def _refresh(self) -> None:
        items = self.items()
        if self.current is not None:  # the marker may have changed (a decision, a new kind)
            m = self.current.marker
            same = [i for i in items if (i.marker.start_ms, i.marker.kind) == (m.start_ms, m.kind)]
            self.current = next((i for i in same if i.marker.label == m.label), same[0] if same else None)
        done = sum(1 for i in items if i.state is not None)
        self.progress.setText(
            t("{0} of {1} reviewed").format(done, len(items)) if items else t("No markers to review.")
        )
        item = self.current
        self.list.show_items(items, item)
        for w in (self.accept_btn, self.reject_btn, self.play_btn, self.kind):
            w.setEnabled(item is not None)
        if item is None:
            self.title.setText(t("Review the markers"))
            self.detail.setText(
                t(
                    "Choose Analysis > Review the markers (Ctrl+Shift+R): each marker plays with a second "
                    "around it; A accepts, R rejects."
                )
            )
            return
        m = item.marker
        kind = vocabulary.kind_of(m.label)
        name = t(kind.name) if kind else m.label
        self.title.setText(f"{kind.glyph if kind else '•'} {name}")
        state = {review.ACCEPTED: t("accepted"), review.REJECTED: t("rejected")}.get(
            item.state, t("not reviewed")
        )
        conf = t("confidence {0}%").format(f"{m.confidence * 100:.0f}") if m.confidence is not None else ""
        span = f"{format_clock(m.start_ms)[:-4]} – {format_clock(m.end_ms)[:-4]}"
        self.detail.setText(" · ".join(x for x in (span, conf, state) if x))
        kinds = vocabulary.EVENTS if m.kind == vocabulary.EVENT else vocabulary.EMOTIONS
        self.kind.blockSignals(True)
        self.kind.clear()
        for k in kinds:
            self.kind.addItem(f"{k.glyph}  {t(k.name)}", k.label)
        self.kind.setCurrentIndex(max(0, self.kind.findData(m.label)))
        self.kind.blockSignals(False)
