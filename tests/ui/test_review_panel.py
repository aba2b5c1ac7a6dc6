"""The window's review of markers and event sensitivity, and the laughs-per-minute strip:
decisions are undoable, a rejected marker leaves the project's markers, sensitivity runs
no model."""

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("PySide6")



@pytest.fixture
def window(show_window):
    return show_window


def laughs(win):
    return [(m.start_ms, m.end_ms) for m in win.doc.project.analysis.markers if m.label == "laughter"]


def test_reject_accept_and_relabel_step_through_and_undo(window):
    panel = window.review
    played = []
    panel.play_requested.connect(lambda a, b: played.append((a, b)))
    window.edits.start_review()
    assert panel.current.marker.label == "laughter" and panel.current.marker.start_ms == 10_000
    assert played[-1] == (9_000, 14_000)  # a second of context each side
    panel.reject()
    assert laughs(window) == [(20_000, 23_000)]
    window.edits.undo()
    assert laughs(window) == [(10_000, 13_000), (20_000, 23_000)]
    panel.start()
    panel.accept()
    panel.current = next(i for i in panel.items() if i.marker.start_ms == 20_000)
    panel._refresh()
    panel._change_kind(panel.kind.findData("cough"))  # it was a cough
    assert [m.label for m in window.doc.project.analysis.markers if m.kind == "event" and m.start_ms == 20_000] == [
        "cough"
    ]
    assert panel.progress.text() == "2 of 2 reviewed"


def test_sensitivity_rederives_markers_without_a_model(window, monkeypatch):
    loads = []
    monkeypatch.setattr("desktop_app.pipeline.load_engine", lambda *a: loads.append(a))
    before = [(m.label, m.start_ms) for m in window.doc.project.analysis.markers if m.kind == "event"]
    window.edits.set_sensitivity("find-more")  # Applause x10: the speech window with 0.1 applause flips
    after = [(m.label, m.start_ms) for m in window.doc.project.analysis.markers if m.kind == "event"]
    assert after != before and ("applause", 0) in after
    assert loads == [] and window.session.engines.engine is None
    window.edits.undo()
    assert [(m.label, m.start_ms) for m in window.doc.project.analysis.markers if m.kind == "event"] == before


def test_the_strip_shows_laughs_per_minute_and_seeks(window, qtbot):
    strip = window.activity
    assert strip.series["laughter"] and sum(strip.series["laughter"]) > 0
    strip.resize(600, 26)
    strip.show()
    seeks = []
    strip.seek_requested.connect(seeks.append)
    from PySide6.QtCore import QPoint, Qt

    qtbot.mouseClick(strip, Qt.MouseButton.LeftButton, pos=QPoint(strip.gutter + 10, 10))
    assert seeks == [0]


def test_the_list_shows_every_marker_with_its_decision_and_jumps_to_one(window, qtbot):
    from PySide6.QtCore import Qt

    panel = window.review
    played = []
    panel.play_requested.connect(lambda a, b: played.append((a, b)))
    window.edits.start_review()
    rows = panel.list
    items = panel.items()
    assert rows.topLevelItemCount() == len(items) == 2
    first = rows.topLevelItem(0)
    assert first.text(0) == "00:00:10" and "Laughter" in first.text(1) and first.text(2) == "70%"
    assert rows.currentItem() is first and first.text(3) == ""
    panel.reject()  # decided: the row says so, struck out, and the next marker is current
    qtbot.waitUntil(lambda: rows.currentItem() is rows.topLevelItem(1))
    first = rows.topLevelItem(0)
    assert "rejected" in first.text(3) and first.font(1).strikeOut()
    assert rows.topLevelItemCount() == 2  # the rejected marker stays listed
    assert panel.current.marker.start_ms == 20_000
    qtbot.mouseClick(rows.viewport(), Qt.MouseButton.LeftButton, pos=rows.visualItemRect(first).center())
    assert panel.current.marker.start_ms == 10_000 and panel.current.state == "rejected"
    assert played[-1] == (9_000, 14_000)
    window.edits.undo()  # the rejection undone: the row's decision goes with it
    assert rows.topLevelItem(0).text(3) == "" and not rows.topLevelItem(0).font(1).strikeOut()
