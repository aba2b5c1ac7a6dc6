"""Small toolbar icons drawn from symbols in the palette's text colour, so they read on the
dark and the light theme alike (Qt's standard icons have no zoom or cut)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QApplication

SYMBOLS = {"zoom_in": "⊕", "zoom_out": "⊖", "fit": "⇔", "cut": "✂", "split": "┆", "keep": "✓"}


def glyph_icon(name: str, color: QColor | None = None, size: int = 20) -> QIcon:
    app = QApplication.instance()
    color = color or app.palette().windowText().color()
    pm = QPixmap(size, size)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = QFont(app.font())
    font.setPixelSize(int(size * 0.8))
    p.setFont(font)
    p.setPen(color)
    p.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, SYMBOLS[name])
    p.end()
    return QIcon(pm)
