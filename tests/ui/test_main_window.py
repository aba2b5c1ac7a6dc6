"""The real window, offscreen: open a generated video, analyse it with the tiny model,
navigate, edit, undo, reopen, cancel."""

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("PySide6.QtMultimedia")

from PySide6.QtCore import QSettings, Qt  # noqa: E402

from desktop_app.ui.main_window import MainWindow  # noqa: E402
from desktop_app.ui.settings import Settings  # noqa: E402
from tests.media.gen import make_video  # noqa: E402
from tests.rig.scenes import SR, show_60s  # noqa: E402

TINY = Path(__file__).resolve().parents[1] / "assets" / "tiny_sensevoice"
pytestmark = pytest.mark.timeout(240)


@pytest.fixture(scope="module")
def show_file(tmp_path_factory):
    audio, parts = show_60s()
    path = tmp_path_factory.mktemp("show") / "show.mp4"
    make_video(path, 60.0, audio=audio, audio_rate=SR, channels=1)
    return path, parts


@pytest.fixture
def video(show_file, tmp_path):
    src, parts = show_file
    dst = tmp_path / "clip 视频.mp4"
    shutil.copy(src, dst)
    return dst, parts


@pytest.fixture
def settings(tmp_path, monkeypatch):
    monkeypatch.setenv("CUTMARK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("CUTMARK_MODELS_DIR", str(tmp_path / "models"))
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def window(qtbot, settings):
    win = MainWindow(settings, model=str(TINY), device="cpu")
    qtbot.addWidget(win)
    win.show()
    yield win
    win.doc.mark_clean()  # no "save changes?" dialog at teardown
    win.close()


def analysed(qtbot, win, path):
    with qtbot.waitSignal(win.analysis_finished, timeout=180_000) as blocker:
        win.open_path(path)
    assert blocker.args == [True]
    return win.doc.project


def test_markers_reach_the_timeline_at_their_times(qtbot, window, video):
    path, parts = video
    project = analysed(qtbot, window, path)
    applause = [p for p in parts if p.kind == "applause"][0]
    shown = window.timeline.visible_markers()
    hits = [m for m in shown if m.label == "applause"]
    assert hits and abs(hits[0].start_ms - applause.start_s * 1000) <= 1000
    x = window.timeline.time_to_x(hits[0].start_ms)
    assert abs(window.timeline.x_to_time(x) - hits[0].start_ms) <= window.timeline.visible_range()[1] / 500
    assert (path.parent / "clip 视频.cutmark.json").is_file()  # the analysis is saved
    assert window.transcript.model().rowCount() >= 3
    assert {m.label for m in project.analysis.markers} >= {"applause", "laughter", "bgm"}


def test_n_jumps_to_the_next_laughter_honouring_the_filter(qtbot, window, video):
    path, parts = video
    analysed(qtbot, window, path)
    laughter = [m for m in window.doc.project.analysis.markers if m.label == "laughter"][0]
    window.filters.set_shown({"laughter"}, set())  # only laughter: N skips the applause before it
    window.player.seek(0)
    qtbot.waitUntil(lambda: window.player.position() < 500, timeout=5000)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_N)
    qtbot.waitUntil(lambda: abs(window.player.position() - laughter.start_ms) < 300, timeout=5000)
    assert abs(window.timeline.playhead_ms() - laughter.start_ms) < 300
    qtbot.keyClick(window, Qt.Key.Key_N)  # nothing after it that is shown: stay
    qtbot.wait(200)
    assert abs(window.player.position() - laughter.start_ms) < 300


def test_edit_text_undo_and_reopen_without_reanalysis(qtbot, window, video, settings):
    path, _ = video
    analysed(qtbot, window, path)
    model = window.transcript.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, 1).data() == "hello")
    seg_index = model.segment_index(row)
    assert model.setData(model.index(row, 1), "hello there")
    assert window.doc.project.analysis.segments[seg_index].text == "hello there"
    assert window.doc.is_dirty()
    window.doc.undo()
    assert window.doc.project.analysis.segments[seg_index].text == "hello"
    window.doc.redo()
    assert window.files.save()
    window.close()

    again = MainWindow(settings, model=str(TINY), device="cpu")
    qtbot.addWidget(again)
    again.show()
    with qtbot.waitSignal(again.analysis_finished, timeout=30_000):
        again.open_path(path)
    assert again.jobs.job is None  # the project beside the video was reused: no analysis ran
    assert again.doc.project.analysis.segments[seg_index].text == "hello there"
    again.close()


def test_cancel_stops_a_running_analysis(qtbot, window, video):
    path, _ = video
    with qtbot.waitSignal(window.analysis_finished, timeout=60_000) as blocker:
        window.open_path(path)
        qtbot.waitUntil(lambda: window.jobs.job is not None and window.jobs.job.is_running(), timeout=10_000)
        window.cancel_job()
    assert blocker.args == [False]
    qtbot.waitUntil(
        lambda: not window.jobs.job.is_running(), timeout=10_000
    )  # the signal precedes the thread's end
    assert window.doc.project is None
    assert not (path.parent / "clip 视频.cutmark.json").exists()


def test_split_and_merge_at_the_playhead_are_undoable(qtbot, window, video):
    path, _ = video
    project = analysed(qtbot, window, path)
    seg = next(s for s in project.analysis.segments if s.kind == "speech" and s.duration_ms > 2000)
    count = len(project.analysis.segments)
    window.player.seek(seg.start_ms + seg.duration_ms // 2)
    qtbot.waitUntil(
        lambda: abs(window.player.position() - (seg.start_ms + seg.duration_ms // 2)) < 100, timeout=5000
    )
    window.edits.split_at_playhead()
    assert len(window.doc.project.analysis.segments) == count + 1
    window.doc.undo()
    assert window.doc.project.analysis.segments == project.analysis.segments


def test_shortcuts_page_lists_the_navigation_keys(window):
    from desktop_app.ui.shortcuts import shortcut_table

    keys = {text: k for _menu, text, k in shortcut_table(window.menuBar())}
    assert keys["Next event"] == "N" and keys["Previous event"] == "P" and keys["Play / Pause"] == "Space"
