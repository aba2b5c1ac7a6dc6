"""The window's files. None is replaced without asking, and the question says what happens:
File › Save project as… asks about the name with ".cutmark.json" added (the file dialog asked
only about the name as typed), Analysis › Analyse again says it saves over the project for
good. File › Open starts in the folder of the file opened last."""

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("PySide6")

from PySide6.QtWidgets import QFileDialog, QMessageBox  # noqa: E402


@pytest.fixture
def window(show_window):
    return show_window


def typed(monkeypatch, path: Path) -> None:
    """The user types ``path`` in the Save dialog (which asks only if that very file exists)."""
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), "Cutmark"))


def answer(monkeypatch, button_text: str | None) -> list[str]:
    """Click ``button_text`` in the next question (None: close it); returns what was asked."""
    asked = []

    def exec_(box):
        asked.append(box.text())
        for b in box.buttons():
            if button_text is not None and b.text() == button_text:
                b.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    monkeypatch.setattr(
        QMessageBox, "question",
        lambda _p, _title, text, *a, **k: asked.append(text) or QMessageBox.StandardButton.No,
    )  # fmt: skip
    return asked


def test_save_as_asks_before_replacing_the_file_with_the_suffix_added(window, tmp_path, monkeypatch):
    other = tmp_path / "other.cutmark.json"
    other.write_text("someone else's project", encoding="utf-8")
    typed(monkeypatch, tmp_path / "other")  # no suffix typed: the dialog saw no file to replace
    asked = answer(monkeypatch, None)
    assert window.files.save_as() is False
    assert asked == ["other.cutmark.json exists already. Replace it?"]
    assert other.read_text(encoding="utf-8") == "someone else's project"

    asked = answer(monkeypatch, "Replace")
    assert window.files.save_as() is True
    assert asked and window.doc.path == other and other.read_text(encoding="utf-8").startswith("{")


def test_save_as_a_new_name_asks_nothing(window, tmp_path, monkeypatch):
    typed(monkeypatch, tmp_path / "fresh")
    asked = answer(monkeypatch, None)
    assert window.files.save_as() is True
    assert asked == [] and (tmp_path / "fresh.cutmark.json").is_file()


def test_analyse_again_says_it_saves_over_the_project_and_cannot_be_undone(window, tmp_path, monkeypatch):
    """Analysing again loads the new analysis (no undo) and saves it over the project file at
    once: the question says so, rather than "when you save", and No is its default."""
    window.session.media = tmp_path / "show.mp4"
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a: asked.append(a) or QMessageBox.StandardButton.No)
    window.reanalyse()
    ((_parent, _title, text, *buttons),) = asked
    assert "cannot be undone" in text and "saves over the project file" in text
    assert buttons[1:] == [QMessageBox.StandardButton.No]  # Enter does not throw the edits away
    assert window.jobs.job is None


def test_open_starts_in_the_folder_of_the_file_opened_last(window, tmp_path, monkeypatch):
    folder = tmp_path / "shoot day 2"
    folder.mkdir()
    window.settings.add_recent(str(folder / "take 3.mp4"))
    started = []
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda _p, _title, where, *a: started.append(where) or ("", "")
    )
    window.open_dialog()
    assert started == [str(folder.resolve())]
