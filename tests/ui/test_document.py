"""Undo, autosave and crash restore on the document, without a video."""

import dataclasses
import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("PySide6")

from PySide6.QtWidgets import QMessageBox  # noqa: E402

from desktop_app.core.model import Segment  # noqa: E402
from desktop_app.project.store import load_project, save_project  # noqa: E402
from desktop_app.session import SetText  # noqa: E402
from desktop_app.session.document import Document, autosave_path  # noqa: E402
from desktop_app.ui import questions  # noqa: E402
from desktop_app.ui.document import ProjectDocument  # noqa: E402
from tests.project.factories import sample_analysis  # noqa: E402


@pytest.fixture
def project():
    from desktop_app.project.schema import Project

    a = sample_analysis()
    segs = (
        Segment(0, 4000, "speech", "hello world", "en", "HAPPY", "Speech"),
        Segment(4000, 9000, "gap", event="Laughter"),
    )
    return Project(analysis=dataclasses.replace(a, segments=segs, markers=()), edits={})


def test_edits_undo_redo_and_marks(qapp, project, tmp_path):
    doc = ProjectDocument()
    doc.document.load(project, tmp_path / "p.cutmark.json")
    seen = []
    doc.changed.connect(lambda: seen.append("changed"))
    doc.dirty_changed.connect(lambda d: seen.append(d))
    doc.set_text(0, "hello there")
    doc.set_event(1, "Applause")
    assert [m.label for m in doc.project.analysis.markers if m.kind == "event"] == ["applause"]
    doc.set_mark(1, "cut")
    assert doc.mark_state(1) == "cut" and doc.project.edits["cuts"] == [
        {"start_ms": 4000, "end_ms": 9000, "action": "cut"}
    ]
    assert seen[:2] == ["changed", True] and seen.count(True) == 1  # Qt hears the session's changes
    for _ in range(3):
        doc.undo()
    assert doc.project == project and not doc.is_dirty() and seen[-1] is False
    doc.redo()
    assert doc.project.analysis.segments[0].text == "hello there" and doc.is_dirty()


def test_autosave_keeps_the_project_file_and_restores(qapp, project, tmp_path, monkeypatch):
    from PySide6.QtCore import QSettings

    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.settings import Settings

    path = tmp_path / "p.cutmark.json"
    save_project(project, path)
    doc = Document()
    doc.open(path)
    doc.run(SetText(0, "edited before the crash"))
    auto = doc.autosave()
    assert auto == autosave_path(path) and auto.exists()
    assert load_project(path).analysis.segments[0].text == "hello world"  # the project itself is untouched
    os.utime(path, (1, 1))  # the autosave is newer than the project

    monkeypatch.setattr(questions, "ask", lambda *a, **k: False)  # not "Discard changes": Restore
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: told.append(a[2]))  # "video not found"
    monkeypatch.setenv("CUTMARK_CACHE_DIR", str(tmp_path / "cache"))
    win = MainWindow(Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)), vad_only=True)
    win.open_path(path)
    assert win.doc.project.analysis.segments[0].text == "edited before the crash"
    assert told and "not there any more" in told[0]
    assert win.doc.is_dirty()  # restored edits are unsaved until the user saves
    assert win.files.save()
    assert not auto.exists()
    assert load_project(path).analysis.segments[0].text == "edited before the crash"
    win.close()


def test_export_dialog_writes_a_cut_timeline_and_asks_before_replacing(qapp, project, tmp_path, monkeypatch):
    from desktop_app.ui.export_dialog import ExportDialog

    dialog = ExportDialog(project, tmp_path / "show.mp4")
    for name, box in dialog.boxes.items():
        box.setChecked(name in ("srt", "otio"))
    dialog.folder.setText(str(tmp_path / "out"))
    dialog.cut.setCurrentIndex(dialog.cut.findData("silence"))
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.text()))
    dialog.run_export()
    assert {p.name for p in dialog.written} == {"show.srt", "show.otio"}
    import opentimelineio as otio

    clips = list(otio.adapters.read_from_file(str(tmp_path / "out" / "show.otio")).find_clips())
    # one clip: the 4 s of speech (+ padding); the laughter-only stretch after it is cut
    ranges = {(c.source_range.start_time.value, c.source_range.duration.value) for c in clips}
    assert len(ranges) == 1  # the same range on the video and the audio track
    assert 3.9 <= clips[0].source_range.duration.to_seconds() <= 4.5
    asked = []
    monkeypatch.setattr(questions, "ask", lambda *a, **k: asked.append(a[2]) or False)  # Cancel
    before = (tmp_path / "out" / "show.srt").read_bytes()
    dialog.run_export()
    assert asked and "show.srt" in asked[0]
    assert (tmp_path / "out" / "show.srt").read_bytes() == before  # Cancel leaves the files alone
