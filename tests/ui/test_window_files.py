"""The window's files. None is replaced without asking, and the question says what happens:
File › Save project as… asks about the name with ".cutmark.json" added (the file dialog asked
only about the name as typed), Analysis › Analyse again says it saves over the project file and
that Edit › Undo brings the edits back (and it does). File › Open starts in the folder of the
file opened last."""

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


def test_analyse_again_says_it_saves_over_the_project_and_undo_brings_the_edits_back(
    window, tmp_path, monkeypatch
):
    """Analysing again saves the new analysis over the project file at once: the question says
    so, rather than "when you save", and that Edit › Undo brings the edits back; No is its default."""
    window.session.media = tmp_path / "show.mp4"
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a: asked.append(a) or QMessageBox.StandardButton.No)
    window.reanalyse()
    ((_parent, _title, text, *buttons),) = asked
    assert "saves over the project file" in text and "Edit › Undo brings them back" in text
    assert "cannot be undone" not in text
    assert buttons[1:] == [QMessageBox.StandardButton.No]  # Enter does not throw the edits away
    assert window.jobs.job is None


def test_edit_undo_after_analyse_again_brings_a_cut_word_back(window, qtbot, tmp_path, monkeypatch):
    """Cut "um" in the transcript, Analysis › Analyse again (the new analysis has no cuts and is
    saved), then Edit › Undo: "um" is struck through again and the project is unsaved."""
    import dataclasses

    from PySide6.QtCore import Qt
    from PySide6.QtGui import QTextCursor

    from desktop_app.core.model import Segment, Word
    from desktop_app.project.schema import Project
    from desktop_app.project.store import load_project, save_project
    from tests.project.factories import sample_analysis

    media = tmp_path / "talk.mp4"
    media.write_bytes(b"the analysis is faked below; the file is only named")
    words = tuple(Word(w, i * 400, i * 400 + 340) for i, w in enumerate(["so", "um", "today", "we", "talk"]))
    a = sample_analysis()
    p = Project(dataclasses.replace(
        a, media=dataclasses.replace(a.media, path=str(media)), markers=(),
        segments=(Segment(0, 4000, "speech", "so um today we talk", "en", words=words), Segment(4000, 9000, "gap")),
    ))  # fmt: skip
    path = save_project(p, tmp_path / "talk.cutmark.json")
    window.session.open(path)
    view = window.document.view
    assert [w.text for w in view.words] == ["so", "um", "today", "we", "talk"]
    c = QTextCursor(view.document())
    c.setPosition(view.words[1].char_start)
    c.setPosition(view.words[1].char_end, QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(c)
    qtbot.keyClick(view, Qt.Key.Key_Delete)  # "um" cut
    assert view.is_cut(1) and window.doc.is_dirty()

    def fresh_analysis(request):
        def work(cancel):
            return p  # what analysing the video again gives: the analysis, no cuts
            yield

        return work

    monkeypatch.setattr(window.session, "analysis_work", fresh_analysis)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(window.analysis_finished, timeout=20_000) as blocker:
        window.reanalyse()
    assert blocker.args == [True]
    view = window.document.view
    assert not any(view.is_cut(k) for k in range(len(view.words))) and not window.doc.is_dirty()
    assert not (load_project(path).edits or {}).get("cuts")  # the new analysis is on disk
    assert window.menus.undo.isEnabled() and window.menus.undo.text() == "&Undo Analyse again"

    window.menus.undo.trigger()  # Edit › Undo
    view = window.document.view
    assert view.is_cut(1) and not any(view.is_cut(k) for k in (0, 2, 3, 4))
    assert window.doc.is_dirty() and "*" in window.windowTitle()
    assert window.menus.redo.text() == "&Redo Analyse again"


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
