"""The editor look: Qt's Fusion style with a dark palette (as Shotcut and Kdenlive ship),
or Fusion's own light palette. The timeline derives its colours from the palette, so it
follows either."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

THEMES = ("dark", "light")

# Greys chosen for contrast: body text #E6E6E6 on #2B2B2B is 11.9:1, dimmed text
# #8A8A8A on the same is 4.6:1 (WCAG AA); the accent is a blue that reads on both.
_DARK = {
    QPalette.ColorRole.Window: "#2B2B2B",
    QPalette.ColorRole.WindowText: "#E6E6E6",
    QPalette.ColorRole.Base: "#1F1F1F",
    QPalette.ColorRole.AlternateBase: "#262626",
    QPalette.ColorRole.ToolTipBase: "#3A3A3A",
    QPalette.ColorRole.ToolTipText: "#F0F0F0",
    QPalette.ColorRole.PlaceholderText: "#8A8A8A",
    QPalette.ColorRole.Text: "#E6E6E6",
    QPalette.ColorRole.Button: "#353535",
    QPalette.ColorRole.ButtonText: "#E6E6E6",
    QPalette.ColorRole.BrightText: "#FF5A5A",
    QPalette.ColorRole.Light: "#4A4A4A",
    QPalette.ColorRole.Midlight: "#3E3E3E",
    QPalette.ColorRole.Mid: "#303030",
    QPalette.ColorRole.Dark: "#1A1A1A",
    QPalette.ColorRole.Shadow: "#101010",
    QPalette.ColorRole.Highlight: "#3D7AD6",
    QPalette.ColorRole.HighlightedText: "#FFFFFF",
    QPalette.ColorRole.Link: "#6FA8FF",
    QPalette.ColorRole.LinkVisited: "#B48CFF",
}
_DISABLED = {
    QPalette.ColorRole.WindowText: "#7A7A7A",
    QPalette.ColorRole.Text: "#7A7A7A",
    QPalette.ColorRole.ButtonText: "#7A7A7A",
    QPalette.ColorRole.Highlight: "#505050",
}


def dark_palette() -> QPalette:
    pal = QPalette()
    for role, color in _DARK.items():
        pal.setColor(QPalette.ColorGroup.All, role, QColor(color))
    for role, color in _DISABLED.items():
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor(color))
    return pal


def apply(name: str, app: QApplication | None = None) -> str:
    """Put the theme on the whole application; returns the one applied."""
    app = app or QApplication.instance()
    name = name if name in THEMES else "dark"
    app.setStyle("Fusion")
    app.setPalette(dark_palette() if name == "dark" else app.style().standardPalette())
    return name
