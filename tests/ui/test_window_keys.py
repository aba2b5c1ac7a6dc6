"""The window's keys: no two shortcuts share a key (Qt runs neither of two), ← and → step
the review while it has the focus, Esc closes the find bar, and Cancel analysis (Esc) is
greyed while nothing runs so the key stays the focused widget's."""

import os
import threading

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("PySide6")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QAction, QKeySequence, QShortcut  # noqa: E402


@pytest.fixture
def window(show_window, qtbot):
    show_window.show()
    show_window.activateWindow()
    qtbot.waitUntil(show_window.isActiveWindow)
    return show_window


def shortcuts(win) -> list[tuple[str, str]]:
    """(keys, who) for every shortcut in the window: its actions (the menus' and any other,
    enabled or not: they clash once both are) and its QShortcuts."""
    owners = [(a.shortcuts(), a.text()) for a in win.findChildren(QAction)]
    owners += [(sc.keys(), type(sc.parent()).__name__) for sc in win.findChildren(QShortcut)]  # noqa: SIM118
    text = QKeySequence.SequenceFormat.PortableText
    return [(k.toString(text), who.replace("&", "")) for keys, who in owners for k in keys if not k.isEmpty()]


def test_no_two_shortcuts_share_a_key(window):
    found = shortcuts(window)
    assert len(found) > 30  # the menus' shortcuts are all there
    by_key: dict[str, list[str]] = {}
    for keys, who in found:
        by_key.setdefault(keys, []).append(who)
    clashes = {keys: who for keys, who in by_key.items() if len(who) > 1}
    assert clashes == {}


def test_arrows_step_the_review_not_the_frame_while_it_has_the_focus(window, qtbot, monkeypatch):
    frames = []
    monkeypatch.setattr(window.player, "step_frames", frames.append)
    window.edits.start_review()
    window.review.accept_btn.setFocus()
    qtbot.waitUntil(lambda: window.review.accept_btn.hasFocus())
    first = window.review.current.marker.start_ms
    qtbot.keyClick(window.review.accept_btn, Qt.Key.Key_Right)
    assert window.review.current.marker.start_ms > first and frames == []
    qtbot.keyClick(window.review.accept_btn, Qt.Key.Key_Left)
    assert window.review.current.marker.start_ms == first and frames == []
    window.timeline.setFocus()  # elsewhere the arrows step frames as before
    qtbot.waitUntil(window.timeline.hasFocus)
    qtbot.keyClick(window.timeline, Qt.Key.Key_Right)
    assert frames == [1]


def cancel_action(win):
    return next(a for a in win.findChildren(QAction) if a.text().replace("&", "") == "Cancel analysis")


def test_esc_closes_the_find_bar(window, qtbot):
    window.edits.find()
    bar = window.document.find
    qtbot.waitUntil(bar.field.hasFocus)
    qtbot.keyClicks(bar.field, "hello")
    assert bar.isVisible()
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.isVisible()


def test_cancel_analysis_is_greyed_while_nothing_runs(window, qtbot):
    action = cancel_action(window)
    assert not action.isEnabled()
    gate = threading.Event()

    def work(cancel):
        while not (gate.is_set() or cancel.cancelled):
            gate.wait(0.01)
        return None
        yield  # a generator, as the pipeline's stages are

    window.jobs.run("Waiting", work, lambda _result: None)
    assert action.isEnabled()
    gate.set()
    qtbot.waitUntil(lambda: not action.isEnabled())


def test_space_in_the_review_plays_the_marker_again_and_presses_no_button(window, qtbot):
    toggles = []
    play_pause = next(a for a in window.findChildren(QAction) if a.text() == "Play / Pause")
    play_pause.triggered.connect(lambda *a: toggles.append(1))
    played = []
    window.review.play_requested.connect(lambda a, b: played.append((a, b)))
    window.edits.start_review()
    first = window.review.current
    window.review.accept_btn.setFocus()  # as after a click on Accept
    qtbot.waitUntil(lambda: window.review.accept_btn.hasFocus())
    played.clear()
    qtbot.keyClick(window.review.accept_btn, Qt.Key.Key_Space)
    assert played == [(max(0, first.marker.start_ms - 1000), first.marker.end_ms + 1000)]
    assert window.review.current == first and first.state is None  # nothing was accepted
    assert toggles == []
