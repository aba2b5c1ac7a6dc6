"""The window's files. None is replaced without asking, and the question says what happens:
File › Save project as… asks about the name with ".cutmark.json" added (the file dialog asked
only about the name as typed), Analysis › Analyse again says it saves over the project file and
that Edit › Undo brings the edits back (and it does). File › Open starts in the folder of the
file opened last. A word being fixed in the transcript is committed before the window saves,
exports or closes."""

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("PySide6")

from PySide6.QtWidgets import QFileDialog  # noqa: E402

from desktop_app.ui import questions  # noqa: E402


@pytest.fixture
def window(show_window):
    return show_window


def typed(monkeypatch, path: Path) -> None:
    """The user types ``path`` in the Save dialog (which asks only if that very file exists)."""
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), "Cutmark"))


def answer(monkeypatch, button_text: str | None) -> list[str]:
    """Click ``button_text`` in the next question (None: close it); returns what was asked."""
    asked = []

    def ask(_parent, _title, text, action_text, **_k):
        asked.append(text)
        return button_text == action_text

    monkeypatch.setattr(questions, "ask", ask)
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
        so, rather than "when you save", and that Edit › Undo brings the edits back; its button says
    "Analyse again", and Cancel is the default (test_questions: Enter does not throw the edits away)."""
    window.session.media = tmp_path / "show.mp4"
    asked = []
    monkeypatch.setattr(questions, "ask", lambda *a, **k: asked.append(a) or False)  # Cancel
    window.reanalyse()
    ((_parent, _title, text, action_text),) = asked
    assert "saves over the project file" in text and "Edit › Undo brings them back" in text
    assert "cannot be undone" not in text
    assert action_text == "Analyse again"
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
    monkeypatch.setattr(questions, "ask", lambda *a, **k: a[3] == "Analyse again")  # clicks it
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


# --- a word being fixed in the transcript when the window acts on the project ---------------------


@pytest.fixture
def editing(window, qtbot):
    """The window shown, its transcript holding words, and "there" being fixed to "everyone"
    in the editor over it (typed, not yet committed)."""
    import dataclasses

    from desktop_app.core.model import Word

    project = window.doc.project
    first = dataclasses.replace(
        project.analysis.segments[0], words=(Word("hello", 0, 400), Word("there", 500, 900))
    )
    segs = (first, *project.analysis.segments[1:])
    analysis = dataclasses.replace(project.analysis, segments=segs)
    window.session.document.load(dataclasses.replace(project, analysis=analysis), window.doc.path)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    view = window.document.view
    k = [w.text for w in view.words].index("there")
    assert view.open_editor(k)
    qtbot.waitUntil(view.editor.hasFocus)
    qtbot.keyClicks(view.editor, "everyone")
    assert not window.doc.is_dirty()
    return view


def _saved_words(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_ctrl_s_while_a_word_is_being_fixed_saves_the_word(window, editing, qtbot):
    from PySide6.QtCore import Qt

    qtbot.keyClick(editing.editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # File › Save project
    assert editing.editor is None
    assert '"everyone"' in _saved_words(window.doc.path) and not window.doc.is_dirty()
    assert window.doc.undo_text() == "Edit word"  # one step, as Enter makes it


def test_export_and_save_as_take_the_word_being_fixed(window, editing, tmp_path, monkeypatch):
    from PySide6.QtGui import QAction

    from desktop_app.ui import export_dialog

    exported = []
    monkeypatch.setattr(export_dialog.ExportDialog, "exec", lambda d: exported.append(d) or 0)
    actions = {a.shortcut().toString(): a for a in window.findChildren(QAction) if not a.shortcut().isEmpty()}
    actions["Ctrl+E"].trigger()
    assert editing.editor is None and window.doc.project.analysis.segments[0].words[1].text == "everyone"
    assert len(exported) == 1
    assert editing.open_editor(1)
    editing.editor.setText("you")
    typed(monkeypatch, tmp_path / "copy.cutmark.json")
    actions["Ctrl+Shift+S"].trigger()  # File › Save project as…
    assert editing.editor is None and '"you"' in _saved_words(tmp_path / "copy.cutmark.json")


def test_closing_the_window_while_a_word_is_being_fixed_asks_to_save_it(window, editing, monkeypatch):
    asked = []
    monkeypatch.setattr(questions, "ask_save", lambda _p, _t, text: asked.append(text) or questions.SAVE)
    assert window.close()  # the title bar's close button
    assert asked == ["Save the changes to this project first?"]
    assert '"everyone"' in _saved_words(window.doc.path)


def test_a_timeline_tool_takes_no_focus_but_commits_the_word_first(window, editing):
    from PySide6.QtWidgets import QToolButton

    (keep,) = [
        b for b in window.transport.findChildren(QToolButton) if b.toolTip().startswith("Mark segment keep")
    ]
    keep.click()  # the editor keeps the focus (the button takes none); the mark would close it unsaved
    assert editing.editor is None
    assert window.doc.project.analysis.segments[0].words[1].text == "everyone"
    assert (
        window.doc.undo_text() == "Mark keep" and window.doc.undo() and window.doc.undo_text() == "Edit word"
    )
