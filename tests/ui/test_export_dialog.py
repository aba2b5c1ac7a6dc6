"""The export dialog in creators' words: editor names, hints, subtitle layout and sound
captions, and the choices remembered for next time."""

import dataclasses
import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("PySide6")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QMessageBox  # noqa: E402

from desktop_app.core.model import Segment  # noqa: E402
from desktop_app.project.schema import Project  # noqa: E402
from desktop_app.ui import questions  # noqa: E402
from desktop_app.ui.settings import Settings  # noqa: E402
from tests.project.factories import sample_analysis  # noqa: E402


@pytest.fixture
def project():
    segs = (Segment(0, 4000, "speech", "hello world", "en"), Segment(4000, 9000, "gap", event="Laughter"))
    from desktop_app.events import build_markers

    markers = tuple(build_markers(segs))
    return Project(analysis=dataclasses.replace(sample_analysis(), segments=segs, markers=markers), edits={})


def test_formats_are_named_as_creators_know_them(qapp, project, tmp_path):
    from desktop_app.ui.export_dialog import ExportDialog

    dialog = ExportDialog(project, tmp_path / "show.mp4")
    labels = {name: box.text() for name, box in dialog.boxes.items()}
    assert labels["fcp7xml"] == "Premiere Pro / DaVinci Resolve (.xml)"
    assert labels["fcpxml"] == "Final Cut Pro / Resolve (.fcpxml)"
    assert labels["otio"] == "Kdenlive / OpenTimelineIO (.otio)"
    assert labels["edl"] == "EDL (CMX 3600)" and labels["csv"] == "LosslessCut (.csv)"
    assert labels["chapters"] == "YouTube chapters" and labels["srt"] == "Subtitles (.srt)"
    from desktop_app.export import registry

    assert set(labels) == set(registry.names())  # nothing registered is left out


def test_choices_are_remembered_and_captions_follow_them(qapp, project, tmp_path, monkeypatch):
    from desktop_app.ui.export_dialog import ExportDialog

    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    first = ExportDialog(project, tmp_path / "show.mp4", settings=settings)
    for name, box in first.boxes.items():
        box.setChecked(name in ("srt", "fcp7xml"))
    first.folder.setText(str(tmp_path / "exports"))
    first.preset.setCurrentIndex(first.preset.findData("vertical"))
    first.hi.setChecked(True)
    monkeypatch.setattr(QMessageBox, "exec", lambda self: None)
    first.run_export()
    srt = (tmp_path / "exports" / "show.srt").read_text(encoding="utf-8")
    assert "[Laughter]" in srt  # the hearing-impaired cue the box asked for

    again = ExportDialog(project, tmp_path / "other.mp4", settings=settings)
    assert set(again.chosen()) == {"fcp7xml", "srt"}
    assert again.folder.text() == str(tmp_path / "exports")
    assert again.preset.currentData() == "vertical" and again.hi.isChecked()


def test_replacing_asks_about_the_files_written_beside_too(qapp, project, tmp_path, monkeypatch):
    """Kdenlive's subtitles (show.kdenlive.srt) are replaced with its project: the question
    lists them, and an export over them alone asks instead of failing."""
    from desktop_app.ui.export_dialog import ExportDialog

    beside = tmp_path / "show.kdenlive.srt"
    beside.write_text("old subtitles", encoding="utf-8")
    dialog = ExportDialog(project, tmp_path / "show.mp4")
    for name, box in dialog.boxes.items():
        box.setChecked(name == "kdenlive")
    dialog.folder.setText(str(tmp_path))
    asked, warned = [], []
    monkeypatch.setattr(
        questions, "ask", lambda _p, _t, text, action, **k: asked.append(text) or action == "Replace"
    )
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a))
    monkeypatch.setattr(QMessageBox, "exec", lambda self: None)
    dialog.run_export()
    assert warned == []
    assert len(asked) == 1 and "show.kdenlive.srt" in asked[0]
    assert (tmp_path / "show.kdenlive").is_file() and beside.read_text(encoding="utf-8") != "old subtitles"
