"""The Help page that lists every shortcut, read from the menus so it is never stale."""

from __future__ import annotations

import html

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar

from desktop_app.ui.i18n import t


def _rows(menu: QMenu, prefix: str = ""):
    for action in menu.actions():
        if action.menu() is not None:
            yield from _rows(action.menu(), prefix + action.text().replace("&", "") + " › ")
        elif not action.isSeparator() and not action.shortcut().isEmpty():
            yield (
                prefix + action.text().replace("&", ""),
                action.shortcut().toString(QKeySequence.SequenceFormat.NativeText),
            )


def shortcut_table(bar: QMenuBar) -> list[tuple[str, str, str]]:
    """(menu, action, keys) for every action with a shortcut."""
    out = []
    for top in bar.actions():
        if top.menu() is not None:
            for text, keys in _rows(top.menu()):
                out.append((top.text().replace("&", ""), text, keys))
    return out


def shortcuts_html(bar: QMenuBar) -> str:
    rows = "".join(
        f"<tr><td>{html.escape(menu)}</td><td>{html.escape(text)}</td><td><b>{html.escape(keys)}</b></td></tr>"
        for menu, text, keys in shortcut_table(bar)
    )
    extra = t(
        "Timeline: Ctrl+wheel zooms, wheel scrolls, click or drag to seek. Double-click a transcript row to jump and edit."
    )
    return f"<table cellspacing='6'>{rows}</table><p>{html.escape(extra)}</p>"
