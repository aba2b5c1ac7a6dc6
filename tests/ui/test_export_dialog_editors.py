"""The export dialog offers Shotcut and Kdenlive projects by the editors' names."""

import dataclasses
import os
import xml.etree.ElementTree as ET

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("PySide6")

from PySide6.QtWidgets import QMessageBox  # noqa: E402

from desktop_app.core.model import Segment  # noqa: E402
from desktop_app.project.schema import Project  # noqa: E402
from tests.project.factories import sample_analysis  # noqa: E402


def test_shotcut_and_kdenlive_in_the_export_dialog(qapp, tmp_path, monkeypatch):
    from desktop_app.ui.export_dialog import ExportDialog

    segments = (Segment(0, 4000, "speech", "hello world", "en"), Segment(4000, 60_000, "gap"))
    project = Project(
        analysis=dataclasses.replace(sample_analysis(), segments=segments, markers=()), edits={}
    )
    dialog = ExportDialog(project, tmp_path / "show.mp4")
    assert dialog.boxes["mlt"].text() == "Shotcut (.mlt)"
    assert dialog.boxes["kdenlive"].text() == "Kdenlive (.kdenlive)"
    for name, box in dialog.boxes.items():
        box.setChecked(name in ("mlt", "kdenlive"))
    dialog.folder.setText(str(tmp_path / "out"))
    dialog.cut.setCurrentIndex(dialog.cut.findData("silence"))
    monkeypatch.setattr(QMessageBox, "exec", lambda self: None)
    dialog.run_export()
    assert {p.name for p in dialog.written} == {"show.mlt", "show.kdenlive"}
    assert (tmp_path / "out" / "show.kdenlive.srt").is_file()  # Kdenlive's subtitles, beside it
    assert ET.parse(tmp_path / "out" / "show.mlt").getroot().tag == "mlt"
