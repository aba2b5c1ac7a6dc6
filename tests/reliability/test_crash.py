"""A process killed outright — during a save, or while the user edits — loses nothing
that was saved, and the next start offers what was autosaved.

Temporary files: a save writes ``.<name>.<pid>.<random>.tmp`` beside the project and
renames it over the project. SIGKILL in the middle leaves that file behind (nothing in
a killed process can remove it); the next save of the same project removes the ones
whose writer is gone (desktop_app/project/atomic.py). These tests count them.

Already covered elsewhere: a failed or interrupted save keeps the old file and removes
its temporary file (tests/project/test_store.py); the autosave/restore round trip in one
process (tests/ui/test_document.py).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop_app.project.atomic import remove_stale_temp_files
from desktop_app.project.schema import Project
from desktop_app.project.store import load_project, save_project
from tests.project.factories import sample_analysis
from tests.reliability.helpers import temp_leftovers
from tests.reliability.save_loop import big_project, kill_during_saves

ROOT = Path(__file__).resolve().parents[2]
KILLS = int(os.environ.get("CUTMARK_KILLS", "4"))  # scripts/reliability_long.py runs more

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")


def test_a_process_killed_while_saving_never_costs_the_previous_project(tmp_path):
    path = tmp_path / "big show.cutmark.json"
    save_project(big_project(100, 0), path)
    seen = kill_during_saves(path, KILLS)
    assert seen["loads"] == KILLS
    assert seen["max_leftovers"] <= 1  # each new save clears what the killed writer left
    save_project(big_project(10, 99), path)  # the next ordinary save ...
    assert temp_leftovers(tmp_path) == []  # ... leaves no temporary file behind
    assert load_project(path).edits["generation"] == 99


def test_stale_temp_files_are_removed_only_when_their_writer_is_gone(tmp_path):
    path = save_project(Project(sample_analysis()), tmp_path / "p.cutmark.json")
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    dead_pid = int(dead.stdout)
    stale = tmp_path / f".p.cutmark.json.{dead_pid}.abc123.tmp"
    live = tmp_path / f".p.cutmark.json.{os.getppid()}.def456.tmp"  # a writer that is still running
    other = tmp_path / f".p.cutmark.json.autosave.{dead_pid}.ghi789.tmp"  # another file's
    old_style = tmp_path / ".p.cutmark.json.jkl012.tmp"  # no pid: removed only when old
    for f in (stale, live, other, old_style):
        f.write_bytes(b"half a proj")
    assert remove_stale_temp_files(path) == [stale]
    os.utime(old_style, (time.time() - 7200,) * 2)
    assert remove_stale_temp_files(path) == [old_style]
    assert live.exists() and other.exists()


# --- a crash while editing: the autosave comes back ---------------------------------------

_EDIT_THEN_DIE = r"""
import os, signal, sys
from desktop_app.session import SetText
from desktop_app.session.document import Document
doc = Document()
doc.open(sys.argv[1])
doc.run(SetText(1, "edited just before the crash"))
doc.autosave()                       # what the window's timer does every 30 s
os.kill(os.getpid(), signal.SIGKILL)  # the crash: no cleanup, no atexit
"""


@pytest.mark.gui
@pytest.mark.timeout(120)
def test_edits_autosaved_before_a_crash_are_offered_back(qtbot, tmp_path, monkeypatch):
    pytest.importorskip("PySide6.QtMultimedia")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMessageBox

    from desktop_app.ui import questions
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.settings import Settings

    path = save_project(Project(sample_analysis()), tmp_path / "talk.cutmark.json")
    before = path.read_bytes()
    os.utime(path, (time.time() - 60,) * 2)
    child = subprocess.run(
        [sys.executable, "-c", _EDIT_THEN_DIE, str(path)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr
    assert path.read_bytes() == before  # the project file itself was never touched
    autosave = path.with_name(path.name + ".autosave")
    assert autosave.is_file()

    asked = []
    # False: not "Discard changes", i.e. Restore (the default)
    monkeypatch.setattr(questions, "ask", lambda *a, **k: asked.append(a[1]) or False)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)  # "video not found"
    win = MainWindow(Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)), vad_only=True)
    qtbot.addWidget(win)
    win.open_path(path)
    assert asked, "the restore was not offered"
    assert win.doc.project.analysis.segments[1].text == "edited just before the crash"
    assert win.doc.is_dirty()
    assert win.files.save() and not autosave.exists()
    assert load_project(path).analysis.segments[1].text == "edited just before the crash"
    win.close()


@pytest.mark.gui
def test_a_damaged_autosave_does_not_keep_the_project_closed(qtbot, tmp_path, monkeypatch):
    pytest.importorskip("PySide6.QtMultimedia")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMessageBox

    from desktop_app.ui import questions
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.settings import Settings

    path = save_project(Project(sample_analysis()), tmp_path / "talk.cutmark.json")
    os.utime(path, (time.time() - 60,) * 2)
    path.with_name(path.name + ".autosave").write_text('{"schema_version": 1, "media": ', encoding="utf-8")
    warned = []
    monkeypatch.setattr(questions, "ask", lambda *a, **k: False)  # Restore
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    win = MainWindow(Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)), vad_only=True)
    qtbot.addWidget(win)
    win.open_path(path)
    assert warned and "autosave" in warned[0] and "not valid JSON" in warned[0]
    assert win.doc.project is not None and win.doc.project.analysis == sample_analysis()
    win.close()
