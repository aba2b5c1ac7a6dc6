"""Analysis › Event sensitivity ticks what the open project has: a project saved with "find
more" opens ticked so, undo and redo move the tick, and other per-class gains show a greyed,
ticked "Custom" entry that names them instead of a wrong preset."""

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("PySide6")

from desktop_app.events.sensitivity import FIND_MORE, PRESETS, make_sensitivity  # noqa: E402
from desktop_app.session.markers import with_sensitivity  # noqa: E402
from tests.events.test_review import make_project  # noqa: E402

MODEL_TEXT = "As the model says"
FIND_MORE_TEXT = "Find more (the model's authors' gains)"


@pytest.fixture
def window(show_window):
    return show_window


def submenu(win):
    """The Analysis › Event sensitivity submenu, found as a user finds it."""
    for top in win.menuBar().actions():
        for action in top.menu().actions():
            if action.menu() is not None and "sensitivity" in action.text():
                return action.menu()
    raise AssertionError("no Event sensitivity menu")


def ticked(win) -> list[str]:
    return [a.text() for a in submenu(win).actions() if a.isVisible() and a.isChecked()]


def entry(win, text: str):
    return next(a for a in submenu(win).actions() if a.text() == text)


def test_a_project_saved_with_find_more_opens_ticked_so(window, tmp_path):
    assert ticked(window) == [MODEL_TEXT]
    saved = with_sensitivity(make_project(), PRESETS[FIND_MORE])
    window.session.document.load(saved, tmp_path / "other.cutmark.json")  # another project opens
    assert ticked(window) == [FIND_MORE_TEXT]
    window.session.document.load(make_project(), tmp_path / "show.cutmark.json")  # and back
    assert ticked(window) == [MODEL_TEXT]


def test_undo_and_redo_move_the_tick(window):
    entry(window, FIND_MORE_TEXT).trigger()
    assert ticked(window) == [FIND_MORE_TEXT]
    assert any(m.label == "applause" for m in window.doc.project.analysis.markers)  # it ran
    window.edits.undo()
    assert ticked(window) == [MODEL_TEXT]
    window.edits.redo()
    assert ticked(window) == [FIND_MORE_TEXT]


def test_custom_gains_show_a_ticked_greyed_custom_entry(window, tmp_path):
    custom = with_sensitivity(make_project(), make_sensitivity({"laughter": 2, "applause": 10}))
    window.session.document.load(custom, tmp_path / "custom.cutmark.json")
    (text,) = ticked(window)
    assert text == "Custom: Applause ×10, Laughter ×2"
    assert not entry(window, text).isEnabled()  # it tells; the command line sets it
    entry(window, MODEL_TEXT).trigger()  # a preset replaces the custom gains, undoably
    assert ticked(window) == [MODEL_TEXT]
    window.edits.undo()
    assert ticked(window) == [text]


def test_the_custom_gains_read_in_chinese(window, tmp_path):
    from desktop_app.ui import i18n

    custom = with_sensitivity(make_project(), make_sensitivity({"laughter": 2, "applause": 10}))
    try:
        assert i18n.install("zh_CN") == "zh_CN"
        window.session.document.load(custom, tmp_path / "custom.cutmark.json")
        assert ticked(window) == ["自定义：掌声 ×10、笑声 ×2"]  # a Chinese list takes 、
    finally:
        i18n.install("en")


def test_with_no_project_the_menu_is_greyed_and_a_choice_changes_nothing(window):
    window.session.document.load(None, None)
    assert not submenu(window).isEnabled()
    entry(window, FIND_MORE_TEXT).trigger()
    assert ticked(window) == [MODEL_TEXT]
