"""The window's menus, declared as data: (text, the window's method, shortcut).

Each entry names a method of the main window (or a callable taking it), so the menus
are one readable table and Help > Keyboard shortcuts reads them back.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QActionGroup, QKeySequence

from desktop_app.ui.i18n import LANGUAGES, t
from desktop_app.ui.sensitivity_menu import SensitivityMenu

SEP = None
# The session's command names, as Edit > Undo shows them ("Undo Edit text"); t() translates.
UNDO_NAMES = (
    "Edit text",
    "Change event",
    "Change emotion",
    "Split segment",
    "Merge segments",
    "Mark keep",
    "Mark cut",
    "Clear mark",
    "Restore unsaved changes",
    "Cut words",
    "Restore words",
    "Remove fillers",
    "Shorten pauses",
    "Cut all matches",
    "Edit word",
    "Restore pauses",
    "Accept marker",
    "Reject marker",
    "Change marker kind",
    "Change sensitivity",
    "Analyse again",
)
K = QKeySequence.StandardKey


def _menu_table(win) -> list[tuple[str, list]]:
    from desktop_app.ui import dialogs

    p, e = win.player, win.edits
    return [
        (t("&File"), [
            (t("&Open…"), win.open_dialog, K.Open),
            ("recent", None, None),
            (t("&Save project"), win.files.save, K.Save),
            (t("Save project &as…"), win.files.save_as, K.SaveAs),
            SEP,
            (t("&Export…"), win.export_dialog, "Ctrl+E"),
            (t("Analyse &many files…"), win.batch_dialog, "Ctrl+Shift+O"),
            SEP,
            (t("&Close"), win.close_media, K.Close),
            (t("&Quit"), win.close, K.Quit),
        ]),
        (t("&Edit"), [
            ("undo", e.undo, K.Undo),
            ("redo", e.redo, K.Redo),
            SEP,
            (t("&Find in the transcript…"), e.find, K.Find),
            (t("Cu&t the selected words"), e.cut_selection, None),
            (t("R&estore the selected words"), e.restore_selection, None),
            (t("Remove &fillers"), e.remove_fillers, None),
            (t("Cut repeated wor&ds"), e.remove_repeats, None),
            (t("Shorten &pauses"), e.shorten_pauses, None),
            SEP,
            (t("Edit segment &text"), e.edit_current_text, "F2"),
            (t("&Split segment at playhead"), e.split_at_playhead, "Ctrl+B"),
            (t("&Merge with next segment"), e.merge_with_next, "Ctrl+M"),
            SEP,
            (t("Mark segment &keep"), lambda: e.mark_current("keep"), "Ctrl+K"),
            (t("Mark segment &cut"), lambda: e.mark_current("cut"), "Ctrl+Shift+X"),
            (t("C&lear mark"), lambda: e.mark_current(None), "Ctrl+Shift+K"),
        ]),
        (t("&Playback"), [
            (t("Play / Pause"), p.toggle, "Space"),
            (t("Play (faster each press)"), e.play_forward, "L"),
            (t("Pause"), p.pause, "K"),
            (t("Back 5 seconds"), lambda: p.seek(p.position() - 5000), "J"),
            (t("Previous frame"), lambda: p.step_frames(-1), "Left"),
            (t("Next frame"), lambda: p.step_frames(1), "Right"),
            SEP,
            ("preview", e.toggle_preview, "Ctrl+Shift+P"),
            SEP,
            (t("&Next event"), lambda: e.jump_event(1), "N"),
            (t("&Previous event"), lambda: e.jump_event(-1), "P"),
            (t("Next segment"), lambda: e.jump_segment(1), "Down"),
            (t("Previous segment"), lambda: e.jump_segment(-1), "Up"),
        ]),
        (t("&View"), [
            (t("Zoom in"), win.timeline.zoom_in, K.ZoomIn),
            (t("Zoom out"), win.timeline.zoom_out, K.ZoomOut),
            (t("Fit timeline"), win.timeline.fit_all, "Ctrl+0"),
            ("follow", win.timeline.set_follow_playhead, None),
            SEP,
            ("docks", None, None),
            ("theme", None, None),
            ("language", None, None),
        ]),
        (t("&Analysis"), [
            ("analyse", win.reanalyse, "Ctrl+R"),
            (t("Re&view the markers"), e.start_review, "Ctrl+Shift+R"),
            ("sensitivity", None, None),
            ("cancel", win.cancel_job, "Esc"),
            SEP,
            (t("Speech &model…"), win.model_manager, None),
        ]),
        (t("&Help"), [
            (t("&Keyboard shortcuts"), lambda: dialogs.show_shortcuts(win), K.HelpContents),
            (t("&About Cutmark"), lambda: dialogs.about(win), None),
        ]),
    ]  # fmt: skip


@dataclass
class Menus:
    undo: QAction
    redo: QAction
    recent: object  # QMenu
    analyse: QAction
    follow: QAction
    preview: QAction
    sensitivity: SensitivityMenu


def _action(win, menu, text: str, slot, shortcut=None, *, checkable: bool = False) -> QAction:
    action = QAction(text, win)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.setCheckable(checkable)
    # a word being fixed in the transcript is committed first: Ctrl+S saves it, Export and
    # Close include it (connected first, so it runs before the slot)
    action.triggered.connect(win.document.view.commit_pending)
    action.triggered.connect(slot)
    menu.addAction(action)
    return action


def _choices(win, menu, title: str, options, current: str, choose) -> None:
    sub = menu.addMenu(title)
    group = QActionGroup(win)
    for code, name in options:
        a = _action(win, sub, name, lambda _c=False, code=code: choose(code), checkable=True)
        a.setChecked(current == code)
        group.addAction(a)


def build_menus(win) -> Menus:
    bar = win.menuBar()
    found: dict[str, object] = {}
    for title, entries in _menu_table(win):
        menu = bar.addMenu(title)
        for entry in entries:
            if entry is SEP:
                menu.addSeparator()
                continue
            text, slot, shortcut = entry
            if text == "recent":
                found["recent"] = menu.addMenu(t("Open &Recent"))
            elif text in ("undo", "redo"):
                found[text] = _action(win, menu, t("&Undo") if text == "undo" else t("&Redo"), slot, shortcut)
            elif text == "follow":
                found["follow"] = _action(win, menu, t("Follow playhead"), slot, checkable=True)
                found["follow"].setChecked(True)
            elif text == "docks":
                menu.addAction(win.transcript_dock.toggleViewAction())
                menu.addAction(win.filters_dock.toggleViewAction())
            elif text == "theme":
                themes = (("dark", t("Dark")), ("light", t("Light")))
                _choices(win, menu, t("Theme"), themes, win.settings.theme, win.set_theme)
            elif text == "language":
                languages = (("system", t("System")), *LANGUAGES.items())
                _choices(win, menu, t("Language"), languages, win.settings.language, win.set_language)
            elif text == "preview":
                found["preview"] = _action(win, menu, t("Pre&view the cut"), slot, shortcut, checkable=True)
                win.preview.toggled.connect(found["preview"].setChecked)
            elif text == "sensitivity":
                found["sensitivity"] = SensitivityMenu(win, menu)  # ticked as the project has it
            elif text == "cancel":  # greyed while nothing runs: Esc stays the focused widget's
                cancel = _action(win, menu, t("&Cancel analysis"), slot, shortcut)
                cancel.setEnabled(win.jobs.is_running())
                win.jobs.running.connect(cancel.setEnabled)
            elif text == "analyse":
                found["analyse"] = _action(win, menu, t("&Analyse again"), slot, shortcut)
            else:
                _action(win, menu, text, slot, shortcut)
    return Menus(
        found["undo"], found["redo"], found["recent"], found["analyse"], found["follow"], found["preview"],
        found["sensitivity"],
    )  # fmt: skip
