"""A thin strip over the timeline: laughs (and applause) per minute across the whole show,
so where it is funny reads at a glance. Click a bar to go there."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop_app.core import vocabulary
from desktop_app.core.timebase import format_clock
from desktop_app.ui.i18n import t


class ActivityStrip(QWidget):
    seek_requested = Signal(int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)
        self.series: dict[str, list[float]] = {}  # label -> events per bin
        self.bin_ms = 60_000
        self.duration_ms = 0
        self.gutter = 76  # lines the bars up with the timeline's lanes
        self.setToolTip(t("Laughs and applause per minute: click to go there"))

    def sizeHint(self) -> QSize:
        return QSize(600, 26)

    def set_series(self, series: dict[str, list[float]], bin_ms: int, duration_ms: int) -> None:
        self.series, self.bin_ms, self.duration_ms = series, max(1, bin_ms), duration_ms
        self.setVisible(any(any(v) for v in series.values()))
        self.update()

    def _bins(self) -> int:
        return max((len(v) for v in self.series.values()), default=0)

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        pal = self.palette()
        p.fillRect(self.rect(), pal.color(QPalette.ColorRole.Window))
        n = self._bins()
        width = self.width() - self.gutter
        if n == 0 or width <= 0 or self.duration_ms <= 0:
            return
        p.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
        p.drawText(
            QRectF(4, 0, self.gutter - 6, self.height()), Qt.AlignmentFlag.AlignVCenter, t("Per minute")
        )
        peak = max((max(v) for v in self.series.values() if v), default=0) or 1
        labels = [k for k in ("laughter", "applause") if k in self.series] or list(self.series)
        h = (self.height() - 4) / max(1, len(labels))
        scale = width / self.duration_ms
        for row, label in enumerate(labels):
            kind = vocabulary.kind_of(label)
            color = QColor(kind.color if kind is not None else "#E69F00")
            for i, value in enumerate(self.series[label]):
                if value <= 0:
                    continue
                x0 = self.gutter + i * self.bin_ms * scale
                x1 = self.gutter + min(self.duration_ms, (i + 1) * self.bin_ms) * scale
                bar_h = max(2.0, h * value / peak)
                c = QColor(color)
                c.setAlphaF(0.35 + 0.65 * value / peak)
                p.fillRect(QRectF(x0, 2 + row * h + (h - bar_h), max(1.0, x1 - x0 - 1), bar_h), c)

    def _bin_at(self, x: float) -> int | None:
        width = self.width() - self.gutter
        if x < self.gutter or width <= 0 or self.duration_ms <= 0:
            return None
        return int((x - self.gutter) / width * self.duration_ms // self.bin_ms)

    def mousePressEvent(self, event) -> None:
        i = self._bin_at(event.position().x())
        if i is not None:
            self.seek_requested.emit(i * self.bin_ms)

    def mouseMoveEvent(self, event) -> None:
        i = self._bin_at(event.position().x())
        if i is None:
            return
        parts = []
        for label, values in self.series.items():
            if i < len(values) and values[i]:
                kind = vocabulary.kind_of(label)
                parts.append(t("{0} a minute").format(f"{values[i]:g} × {t(kind.name) if kind else label}"))
        start = format_clock(i * self.bin_ms)[:-4]
        self.setToolTip(start + (": " + ", ".join(parts) if parts else ""))
