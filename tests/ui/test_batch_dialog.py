"""File > Analyse many files: the queue runs off the main thread, each row says how its file
went, a finished file opens in the window, the choices are remembered, and closing the
dialog mid-run stops the work cleanly."""

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("PySide6")

from tests.media import gen  # noqa: E402


@pytest.fixture
def window(vad_window, qtbot):
    qtbot.addWidget(vad_window)
    return vad_window


@pytest.fixture
def folder(tmp_path):
    src = tmp_path / "shoot"
    src.mkdir()
    gen.make_video(src / "intro.mp4", 2.0, audio=gen.tone(300, 0.3))
    gen.make_video(src / "outro.mp4", 2.0, audio=gen.tone(500, 0.3))
    (src / "broken.mp4").write_bytes(b"not a video" * 200)
    return src


def rows(dialog):
    """Every row by its name: the added ones and the files found under an added folder."""
    from PySide6.QtWidgets import QTreeWidgetItemIterator

    found, it = {}, QTreeWidgetItemIterator(dialog.inputs)
    while it.value():
        found.setdefault(it.value().text(0).strip(), it.value())
        it += 1
    return found


def test_a_folder_runs_row_by_row_and_a_finished_file_opens(window, folder, tmp_path, qtbot):
    from PySide6.QtWidgets import QApplication

    window.batch_dialog()
    dialog = window._batch
    assert dialog.isVisible() and not dialog.start_btn.isEnabled()  # nothing queued yet
    dialog.add_paths([folder, folder / "intro.mp4"])
    dialog.add_paths([folder])  # the same folder twice is queued once
    assert dialog.inputs.topLevelItemCount() == 2 and dialog.start_btn.isEnabled()
    dialog.out.setText(str(tmp_path / "results"))
    dialog.formats["vtt"].setChecked(True)
    dialog.start()
    assert dialog.is_running() and not dialog.add_files_btn.isEnabled() and dialog.cancel_btn.isEnabled()
    assert window.isEnabled()  # the window stays usable while the queue runs
    qtbot.waitUntil(lambda: not dialog.is_running() and dialog.bar.value() == 1000, timeout=60_000)
    by_name = rows(dialog)
    assert "Done" in by_name["intro.mp4"].text(1) and "Done" in by_name["outro.mp4"].text(1)
    assert "Failed" in by_name["broken.mp4"].text(1) and by_name["broken.mp4"].text(2)
    assert "2 done, 0 done before, 1 failed" in dialog.status.text()
    folder_row = rows(dialog)["shoot/"]
    assert folder_row.childCount() == 2 and folder_row.text(1) == "✓ 1  ✗ 1"  # outro, broken under it
    assert (tmp_path / "results" / "outro.srt").is_file() and (tmp_path / "results" / "outro.vtt").is_file()
    opened = []
    window.open_path = lambda media, project=None: opened.append((media, project))
    dialog.open_requested.disconnect()
    dialog.open_requested.connect(lambda m, p: window.open_path(m, project=p))
    dialog._open_row(by_name["outro.mp4"])
    assert opened == [(folder / "outro.mp4", tmp_path / "results" / "outro.cutmark.json")]
    dialog._open_row(by_name["broken.mp4"])  # a failed file has nothing to open
    assert len(opened) == 1
    assert window.settings.batch_out == str(tmp_path / "results")
    assert window.settings.batch_formats == ["srt", "vtt"]
    dialog.start()  # again: nothing to redo
    qtbot.waitUntil(lambda: not dialog.is_running() and "done before" in dialog.status.text(), timeout=60_000)
    assert "0 done, 2 done before, 1 failed" in dialog.status.text()
    QApplication.processEvents()


def test_no_results_folder_is_said_in_the_dialog(window, folder):
    window.batch_dialog()
    dialog = window._batch
    dialog.add_paths([folder])
    dialog.out.setText("")
    dialog.start()
    assert not dialog.is_running() and "folder" in dialog.status.text().lower()


def test_closing_mid_run_stops_the_work_and_keeps_finished_files(window, folder, tmp_path, qtbot):
    window.batch_dialog()
    dialog = window._batch
    dialog.add_paths([folder])
    dialog.out.setText(str(tmp_path / "results"))
    dialog.start()
    dialog.close()  # waits for the worker to stop between files
    assert not dialog.job.is_running()
    qtbot.waitUntil(lambda: not dialog.is_running())  # and its end reaches the dialog
    for project in (tmp_path / "results").glob("*.cutmark.json"):
        from desktop_app.project.store import load_project

        assert load_project(project).analysis.media.duration_ms > 0  # whole, never half-written


def test_a_file_done_with_other_settings_says_what_to_tick(window, folder, tmp_path, qtbot):
    """A results folder holding another run's project for the same file: the row says
    which box replaces it (the command line's '--overwrite' is not the window's word)."""
    from desktop_app.project.store import load_project, save_project

    window.batch_dialog()
    dialog = window._batch
    dialog.add_paths([folder / "intro.mp4"])
    dialog.out.setText(str(tmp_path / "results"))
    dialog.start()
    qtbot.waitUntil(lambda: not dialog.is_running() and dialog.bar.value() == 1000, timeout=60_000)
    project = tmp_path / "results" / "intro.cutmark.json"
    p = load_project(project)
    import dataclasses

    options = dict(p.analysis.options, audio_track=1)  # as if made with other settings
    save_project(dataclasses.replace(p, analysis=dataclasses.replace(p.analysis, options=options)), project)
    dialog.start()
    qtbot.waitUntil(lambda: not dialog.is_running() and "failed" in dialog.status.text(), timeout=60_000)
    row = rows(dialog)["intro.mp4"]
    assert "Redo files analysed before" in row.text(2) and "--" not in row.text(2)
    dialog.redo.setChecked(True)
    dialog.start()
    qtbot.waitUntil(lambda: not dialog.is_running() and "1 done" in dialog.status.text(), timeout=60_000)
