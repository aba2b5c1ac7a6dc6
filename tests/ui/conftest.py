"""GUI tests run headless: Qt's offscreen platform unless the caller chose one (e.g. xcb under Xvfb)."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402


@pytest.fixture
def vad_window(qtbot, tmp_path, monkeypatch):
    """The main window without a speech model; its settings and cache folder in tmp_path."""
    pytest.importorskip("PySide6")
    from PySide6.QtCore import QSettings

    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.settings import Settings

    monkeypatch.setenv("CUTMARK_CACHE_DIR", str(tmp_path / "cache"))
    win = MainWindow(Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)), vad_only=True)
    yield win
    win.doc.mark_clean()
    win.close()


@pytest.fixture
def show_window(vad_window, tmp_path):
    """``vad_window`` with the review tests' project open: speech, two laughs (10-13 s, 20-23 s)."""
    from tests.events.test_review import make_project

    vad_window.session.document.load(make_project(), tmp_path / "show.cutmark.json")
    return vad_window
