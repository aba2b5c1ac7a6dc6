"""Which event kinds and emotions are shown, and a clickable list of the visible markers."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core import vocabulary
from desktop_app.core.model import Marker
from desktop_app.core.timebase import format_clock
from desktop_app.events.markers import EMOTION_KINDS, EVENT_KINDS
from desktop_app.ui.i18n import t

# English names; t() translates them (scripts/update_translations.py collects the vocabulary)
EVENT_NAMES = {k.label: k.name for k in vocabulary.EVENTS}
EMOTION_NAMES = {k.label: k.name for k in vocabulary.EMOTIONS}


def _swatch(color: str) -> QIcon:
    pm = QPixmap(12, 12)
    pm.fill(QColor(color))
    return QIcon(pm)


def _color(label: str) -> str:
    try:
        from desktop_app.ui import style

        return style.event_color(label) if label in EVENT_KINDS else style.emotion_color(label)
    except (ImportError, AttributeError, KeyError):
        return "#888888"


def marker_name(m: Marker) -> str:
    if m.kind == "event":
        return t(EVENT_NAMES.get(m.label, m.label))
    if m.kind == "emotion":
        return t(EMOTION_NAMES.get(m.label, m.label))
    return t("Silence")


class FiltersPanel(QWidget):
    filter_changed = Signal(object, object)  # set of event labels, set of emotion labels
    marker_activated = Signal(object)  # Marker

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.event_boxes = self._group(layout, t("Events"), EVENT_KINDS, EVENT_NAMES)
        self.emotion_boxes = self._group(layout, t("Emotions"), EMOTION_KINDS, EMOTION_NAMES)
        self.list = QListWidget()
        self.list.setToolTip(t("Click an event to jump to it"))
        self.list.itemActivated.connect(self._activated)
        self.list.itemClicked.connect(self._activated)
        layout.addWidget(self.list, 1)
        self._markers: list[Marker] = []

    def _group(self, layout, title, kinds, names) -> dict[str, QCheckBox]:
        box = QGroupBox(title)
        grid = QGridLayout(box)
        boxes = {}
        for i, kind in enumerate(kinds):
            cb = QCheckBox(t(names[kind]))
            cb.setIcon(_swatch(_color(kind)))
            cb.setChecked(True)
            cb.toggled.connect(self._emit)
            grid.addWidget(cb, i // 2, i % 2)
            boxes[kind] = cb
        layout.addWidget(box)
        return boxes

    def events_shown(self) -> set[str]:
        return {k for k, cb in self.event_boxes.items() if cb.isChecked()}

    def emotions_shown(self) -> set[str]:
        return {k for k, cb in self.emotion_boxes.items() if cb.isChecked()}

    def set_shown(self, events: set[str], emotions: set[str]) -> None:
        for k, cb in self.event_boxes.items():
            cb.setChecked(k in events)
        for k, cb in self.emotion_boxes.items():
            cb.setChecked(k in emotions)

    def is_visible(self, m: Marker) -> bool:
        if m.kind == "event":
            return m.label in self.events_shown()
        if m.kind == "emotion":
            return m.label in self.emotions_shown()
        return False

    def set_markers(self, markers) -> None:
        self._markers = list(markers)
        self._refill()

    def visible_markers(self) -> list[Marker]:
        return [m for m in self._markers if self.is_visible(m)]

    def _emit(self) -> None:
        self._refill()
        self.filter_changed.emit(self.events_shown(), self.emotions_shown())

    def _refill(self) -> None:
        self.list.clear()
        for m in self.visible_markers():
            conf = f"  {m.confidence * 100:.0f}%" if m.confidence is not None else ""
            item = QListWidgetItem(
                _swatch(_color(m.label)), f"{format_clock(m.start_ms)[:-4]}  {marker_name(m)}{conf}"
            )
            item.setData(Qt.ItemDataRole.UserRole, m)
            self.list.addItem(item)

    def _activated(self, item: QListWidgetItem) -> None:
        self.marker_activated.emit(item.data(Qt.ItemDataRole.UserRole))
