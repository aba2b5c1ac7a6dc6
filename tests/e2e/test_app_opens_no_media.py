"""The app with a speech model set: a file that is no media fails at once, before the
model loads (issue #12, item 15; it sat at 0 % for 12-32 s while the model loaded)."""

import time

import pytest


@pytest.mark.gui
@pytest.mark.timeout(120)
def test_a_file_that_is_no_media_fails_at_once_without_loading_the_model(
    qtbot, tmp_path, tiny_model, monkeypatch
):
    pytest.importorskip("PySide6.QtMultimedia")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMessageBox

    from desktop_app.transcribe import engine as engine_mod
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.settings import Settings

    loads, warned = [], []
    real_init = engine_mod.SenseVoiceEngine.__init__
    monkeypatch.setattr(
        engine_mod.SenseVoiceEngine,
        "__init__",
        lambda self, *a, **k: loads.append(1) or real_init(self, *a, **k),
    )
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warned.append(text))
    notes = tmp_path / "notes.mp4"
    notes.write_text("meeting notes, not a video\n" * 50)
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    win = MainWindow(settings, model=str(tiny_model), device="cpu")
    qtbot.addWidget(win)
    started = time.monotonic()
    with qtbot.waitSignal(win.analysis_finished, timeout=60_000) as blocker:
        win.analyse(notes)
    assert blocker.args == [False]
    assert time.monotonic() - started < 5
    assert loads == [] and win.session.engines.engine is None
    assert len(warned) == 1 and "not a media file" in warned[0]
    win.close()
