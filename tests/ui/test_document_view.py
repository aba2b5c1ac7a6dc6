"""The transcript as a document: paragraphs of words, clicks seek, the current word follows
the playhead, struck words follow the project's marks, find is width- and case-blind, a word's
spelling is fixed in place (a line editor over the word)."""

import dataclasses
import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("PySide6")

from PySide6.QtGui import QTextCursor  # noqa: E402

from desktop_app.core.model import Segment, Word  # noqa: E402
from desktop_app.project.schema import Project  # noqa: E402
from desktop_app.session.document import Document  # noqa: E402
from desktop_app.ui.document import ProjectDocument  # noqa: E402
from tests.project.factories import sample_analysis  # noqa: E402


def _words(text, start, step=400):
    return tuple(Word(w, start + i * step, start + i * step + step - 60) for i, w in enumerate(text.split()))


@pytest.fixture
def project():
    segs = (
        Segment(
            0,
            4000,
            "speech",
            "so um today we talk",
            "en",
            "HAPPY",
            "Speech",
            words=_words("so um today we talk", 0),
        ),
        Segment(4000, 9000, "gap", event="Laughter"),
        Segment(
            9000,
            12000,
            "speech",
            "ＡＢＣ 字幕",
            "zh",
            words=(Word("ＡＢＣ", 9000, 9800), Word("字幕", 9900, 10800)),
        ),
    )
    return Project(analysis=dataclasses.replace(sample_analysis(), segments=segs, markers=()), edits={})


@pytest.fixture
def view(qapp, project):
    from desktop_app.ui.document_view import DocumentView

    doc = ProjectDocument(Document())
    doc.document.load(project, None)
    return DocumentView(doc)


def test_paragraphs_hold_the_words_in_order_with_their_times(view, project):
    text = view.document().toPlainText()
    assert view.document().blockCount() == 3  # speech, the laughter row, speech
    assert [w.text for w in view.words] == ["so", "um", "today", "we", "talk", "ＡＢＣ", "字幕"]
    assert "so um today we talk" in text and "ＡＢＣ字幕" in text  # no spaces between Chinese words
    for w in view.words:
        assert text[w.char_start : w.char_end] == w.text
    assert view.word_at_char(view.words[2].char_start + 1) == 2


def test_a_selection_gives_the_times_of_the_words_it_touches(view):
    c = QTextCursor(view.document())
    c.setPosition(view.words[1].char_start + 1)  # from inside "um"
    c.setPosition(view.words[3].char_start + 1, QTextCursor.MoveMode.KeepAnchor)  # into "we"
    view.setTextCursor(c)
    assert view.selected_words() == [1, 2, 3]
    assert view.selected_spans() == ((400, 740), (800, 1140), (1200, 1540))


def test_struck_words_follow_the_marks_and_undo(view):
    doc = view.doc
    before = [view.is_cut(k) for k in range(len(view.words))]
    assert not any(before)
    # a cut mark over "um" and "today" (as word cuts store them), then undo
    from desktop_app.session.commands import ReplaceProject

    p = doc.project
    marked = dataclasses.replace(p, edits={"cuts": [{"start_ms": 400, "end_ms": 1140, "action": "cut"}]})
    doc.run(ReplaceProject(marked, "Cut words"))
    assert [view.is_cut(k) for k in range(len(view.words))] == [False, True, True, False, False, False, False]
    fmt = QTextCursor(view.document())
    fmt.setPosition(view.words[1].char_start + 1)
    assert fmt.charFormat().fontStrikeOut()
    doc.undo()
    assert not any(view.is_cut(k) for k in range(len(view.words)))


def test_find_is_case_and_width_insensitive_and_steps_through(view):
    assert view.find_all("abc") == 1  # full-width ＡＢＣ in the text
    assert view.find_all("TODAY") == 1
    assert view.find_all("happy") == 0  # the chips and times are not the transcript's words
    assert view.find_all("o") == 2  # "so", "today"
    assert view.next_match() == 1 and view.next_match() == 2 and view.next_match() == 1
    assert view.find_all("") == 0


def test_the_current_word_follows_the_playhead(view):
    view.follow(850)
    assert view._current == 2
    view.follow(3000)  # after the last word plus a pause: nothing is being said
    assert view._current is None
    view.follow(9950)
    assert view.words[view._current].text == "字幕"


def _select(view, first, last):
    c = QTextCursor(view.document())
    c.setPosition(view.words[first].char_start)
    c.setPosition(view.words[last].char_end, QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(c)


def test_delete_cuts_the_selected_words_in_one_undo_step_and_restore_brings_them_back(view, qtbot):
    from PySide6.QtCore import Qt

    _select(view, 1, 2)  # "um today"
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert [view.is_cut(k) for k in range(5)] == [False, True, True, False, False]
    assert view.doc.undo_text() == "Cut words"
    marks = view.doc.project.edits["cuts"]
    assert marks and all(m.get("by") == "words" for m in marks)
    _select(view, 2, 2)
    assert view.restore_selection()  # "today" back, "um" stays cut
    assert [view.is_cut(k) for k in range(5)] == [False, True, False, False, False]
    view.doc.undo()
    view.doc.undo()
    assert not any(view.is_cut(k) for k in range(len(view.words)))


def test_cut_all_matches_is_one_step(view):
    from desktop_app.session.commands import CutMatches

    assert view.doc.run(CutMatches("um"))
    assert [w.text for k, w in enumerate(view.words) if view.is_cut(k)] == ["um"]
    view.doc.undo()
    assert not any(view.is_cut(k) for k in range(len(view.words)))


def test_text_without_word_times_is_struck_when_a_mark_cuts_its_middle(qapp, project):
    from desktop_app.session.commands import ReplaceProject
    from desktop_app.ui.document_view import DocumentView

    a = project.analysis
    segs = (*a.segments, Segment(12_000, 14_000, "speech", "no word times", "en"))
    p = dataclasses.replace(project, analysis=dataclasses.replace(a, segments=segs))
    doc = ProjectDocument(Document())
    doc.document.load(p, None)
    view = DocumentView(doc)
    assert view.words[-1].word == -1 and not view.is_cut(len(view.words) - 1)
    cut = dataclasses.replace(p, edits={"cuts": [{"start_ms": 12_000, "end_ms": 14_000, "action": "cut"}]})
    doc.run(ReplaceProject(cut, "Mark cut"))
    assert view.is_cut(len(view.words) - 1) and not view.is_cut(0)


# --- fixing a word in place ------------------------------------------------------------------


@pytest.fixture
def window(qtbot, view):
    """The view in a window with the real window's clashing one-key shortcuts (F2 edits a
    segment, K pauses, Esc cancels an analysis) and another field to move the focus to."""
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QLineEdit, QMainWindow, QVBoxLayout, QWidget

    win = QMainWindow()
    box = QWidget()
    layout = QVBoxLayout(box)
    win.elsewhere = QLineEdit()
    layout.addWidget(win.elsewhere)
    layout.addWidget(view, 1)
    win.setCentralWidget(box)
    win.fired = []
    for key in ("F2", "K", "Esc"):
        action = QAction(key, win)
        action.setShortcut(key)
        action.triggered.connect(lambda _=False, key=key: win.fired.append(key))
        win.addAction(action)
    qtbot.addWidget(win)
    win.resize(520, 300)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    win.view = view
    return win


def _edit(qtbot, view, k):
    from PySide6.QtCore import Qt

    _select(view, k, k)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    assert view.editor is not None
    return view.editor


def _word(view, k):
    w = view.words[k]
    return view.doc.project.analysis.segments[w.segment].words[w.word]


def test_f2_opens_an_editor_over_the_word_holding_it(window, qtbot):
    from PySide6.QtCore import Qt

    from desktop_app.ui.word_editor import INSET

    view = window.view
    editor = _edit(qtbot, view, 2)  # "today"
    assert window.fired == []  # the view took F2, not the window's "Edit segment text"
    assert editor.isVisible() and editor.hasFocus() and editor.parent() is view.viewport()
    assert editor.text() == "today" and editor.selectedText() == "today"
    word = view._editing.word_rect(2)
    assert word.width() > 10
    geo = editor.geometry()
    assert abs(geo.left() + INSET - word.left()) <= 1  # its text where the word's is
    assert geo.right() > word.right() and geo.top() <= word.top() + 2 and geo.bottom() >= word.bottom() - 2
    assert abs(geo.center().y() - word.center().y()) <= 2
    width = geo.width()
    qtbot.keyClicks(editor, "today and tomorrow")
    assert editor.width() > width  # it grows with its text
    assert window.statusBar().currentMessage().startswith("Enter saves the word")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    editor = _edit(qtbot, view, 6)  # "字幕", right after "ＡＢＣ": no space to stand in
    assert view._editing.room_before(6) == 0 and editor.x() >= view._editing.word_rect(6).left()


def test_typing_over_a_selected_word_replaces_it(window, qtbot):
    from PySide6.QtCore import Qt

    view = window.view
    _select(view, 4, 4)  # "talk"
    qtbot.keyClick(view, Qt.Key.Key_K)  # a window shortcut elsewhere: here, it types
    assert window.fired == []
    assert view.editor is not None and view.editor.text() == "k" and view.editor.index == 4
    qtbot.keyClicks(view.editor, "eep")
    assert view.editor.text() == "keep"
    qtbot.keyClick(view.editor, Qt.Key.Key_Escape)
    assert window.fired == [] and view.editor is None  # Esc cancelled the edit, not an analysis
    assert not view.textCursor().hasSelection()  # a caret after the word, as after a click:
    qtbot.keyClick(view, Qt.Key.Key_K)  # typing edits no word, K is the window's again
    assert window.fired == ["K"] and view.editor is None


def test_enter_commits_one_undo_step_and_the_word_keeps_its_time(window, qtbot):
    from PySide6.QtCore import Qt

    view = window.view
    before = view.words[4]
    editor = _edit(qtbot, view, 4)
    qtbot.keyClicks(editor, "talks")  # replaces the selected text
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert view.editor is None and not editor.isVisible() and view.hasFocus()
    assert _word(view, 4).text == "talks"
    assert (_word(view, 4).start_ms, _word(view, 4).end_ms) == (before.start_ms, before.end_ms)
    w = view.words[4]
    assert (
        view.document().toPlainText()[w.char_start : w.char_end] == "talks" and w.start_ms == before.start_ms
    )
    c = view.textCursor()  # a caret after the fixed word: typing K is the window's again
    assert not c.hasSelection() and c.position() == w.char_end
    assert view.doc.undo_text() == "Edit word"
    assert view.doc.undo()
    assert _word(view, 4).text == "talk" and view.words[4].text == "talk"
    assert view.doc.undo_text() == ""  # it was one step


def test_escape_leaves_the_project_unchanged(window, qtbot):
    from PySide6.QtCore import Qt

    view = window.view
    project = view.doc.project
    editor = _edit(qtbot, view, 2)
    qtbot.keyClicks(editor, "yesterday")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert view.editor is None and not editor.isVisible()
    window.elsewhere.setFocus()  # a cancelled editor commits nothing when the focus moves on
    assert view.doc.project is project and view.doc.undo_text() == ""
    assert view.words[2].text == "today"


def test_losing_the_focus_commits(window, qtbot):
    view = window.view
    editor = _edit(qtbot, view, 2)
    qtbot.keyClicks(editor, "tonight")
    window.elsewhere.setFocus()  # as a click there would
    assert view.editor is None and not editor.isVisible()
    assert _word(view, 2).text == "tonight" and view.doc.undo_text() == "Edit word"
    assert window.elsewhere.hasFocus()  # the commit leaves the focus where the user put it


def test_empty_or_unchanged_text_does_nothing(window, qtbot):
    from PySide6.QtCore import Qt

    view = window.view
    project = view.doc.project
    for typed in ("   ", "today"):
        editor = _edit(qtbot, view, 2)
        editor.setText(typed)
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        assert view.editor is None
        assert window.statusBar().currentMessage().startswith("Enter saves")  # the hint, no error
    assert view.doc.project is project and view.doc.undo_text() == ""


def test_a_rebuild_while_editing_closes_the_editor_without_committing(window, qtbot):
    from PySide6.QtCore import Qt

    view = window.view
    _select(view, 1, 1)
    qtbot.keyClick(view, Qt.Key.Key_Delete)  # "um" cut: something to undo
    editor = _edit(qtbot, view, 4)
    qtbot.keyClicks(editor, "stale")
    view.doc.undo()  # e.g. Edit > Undo from the menu: the document is laid out again
    assert view.editor is None and not editor.isVisible()
    window.elsewhere.setFocus()  # nor when the focus moves on
    assert view.words[4].text == "talk" and _word(view, 4).text == "talk"
    assert view.doc.undo_text() == "" and view.doc.redo_text() == "Cut words"


def test_a_cut_word_is_fixed_and_stays_cut(window, qtbot):
    from PySide6.QtCore import Qt

    view = window.view
    _select(view, 4, 4)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert view.is_cut(4)
    editor = _edit(qtbot, view, 4)
    assert editor.text() == "talk"
    qtbot.keyClicks(editor, "talks")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert _word(view, 4).text == "talks" and view.words[4].text == "talks" and view.is_cut(4)
    view.doc.undo()
    assert view.words[4].text == "talk" and view.is_cut(4)


def test_tab_commits_and_moves_to_the_next_word(window, qtbot):
    from PySide6.QtCore import Qt

    view = window.view
    editor = _edit(qtbot, view, 0)
    qtbot.keyClicks(editor, "So")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert _word(view, 0).text == "So"
    assert view.editor is not None and view.editor.index == 1 and view.editor.text() == "um"
    assert view.editor.hasFocus() and view.editor.selectedText() == "um"
    qtbot.keyClick(view.editor, Qt.Key.Key_Backtab)  # unchanged: no step, back to "So"
    assert view.editor.index == 0 and view.editor.text() == "So"
    qtbot.keyClick(view.editor, Qt.Key.Key_Escape)
    assert view.doc.undo_text() == "Edit word" and view.doc.undo() and view.doc.undo_text() == ""


def test_the_editor_follows_its_word_when_the_view_scrolls_or_reflows(window, qtbot):
    from desktop_app.ui.word_editor import INSET

    view = window.view
    view.setFixedSize(220, 50)  # the transcript no longer fits
    qtbot.waitUntil(lambda: view.verticalScrollBar().maximum() > 0)
    editor = _edit(qtbot, view, 6)  # "字幕", the last word: scrolled into view
    bar = view.verticalScrollBar()
    assert bar.value() > 0
    y, step = editor.y(), min(12, bar.value())
    bar.setValue(bar.value() - step)
    assert editor.y() == y + step and editor.geometry().contains(view._editing.word_rect(6).center())
    editor = _edit(qtbot, view, 4)  # "talk"
    before = view._editing.word_rect(4)
    view.setFixedSize(150, 50)  # narrower: the words wrap elsewhere, the editor goes with its word
    qtbot.waitUntil(lambda: view.width() == 150)
    after = view._editing.word_rect(4)
    assert after.topLeft() != before.topLeft()
    assert abs(editor.x() + INSET - after.left()) <= 1 and editor.geometry().contains(after.center())


def test_a_commit_keeps_the_word_where_it_was_on_screen(window, qtbot):
    from PySide6.QtCore import Qt

    view = window.view
    view.setFixedSize(150, 50)
    qtbot.waitUntil(lambda: view.verticalScrollBar().maximum() > 0)
    editor = _edit(qtbot, view, 4)  # "talk", a few lines down
    bar = view.verticalScrollBar()
    bar.setValue(bar.value() + view._editing.word_rect(4).top())  # its line at the top
    top = view._editing.word_rect(4).top()
    assert bar.value() > 0 and top == 0
    qtbot.keyClicks(editor, "talks")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the document is laid out again
    assert view.words[4].text == "talks" and view._editing.word_rect(4).top() == top


def test_text_without_word_times_is_not_edited(qapp, qtbot, project):
    from PySide6.QtCore import Qt

    from desktop_app.ui.document_view import DocumentView

    a = project.analysis
    segs = (*a.segments, Segment(12_000, 14_000, "speech", "no word times", "en"))
    doc = ProjectDocument(Document())
    doc.document.load(dataclasses.replace(project, analysis=dataclasses.replace(a, segments=segs)), None)
    view = DocumentView(doc)
    qtbot.addWidget(view)
    last = len(view.words) - 1
    assert view.words[last].word == -1
    _select(view, last, last)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    qtbot.keyClick(view, Qt.Key.Key_X)
    assert view.editor is None and not view.edit_word() and not view.open_editor(last)
    assert view.open_editor(last - 1)  # "字幕" has a time


# --- input methods (pinyin, Japanese, Korean) ---------------------------------------------------


def _compose(commit="", preedit=""):
    """What an input method sends to the focused widget: text being composed (``preedit``,
    the pinyin before a character is chosen) or composed (``commit``)."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    event = QInputMethodEvent(preedit, [])
    event.setCommitString(commit)
    target = QApplication.focusWidget()
    QApplication.sendEvent(target, event)
    return target


def _enter_commits(qtbot, view, k, text, before):
    from PySide6.QtCore import Qt

    qtbot.keyClick(view.editor, Qt.Key.Key_Return)
    assert view.editor is None and _word(view, k).text == text and view.words[k].text == text
    assert view.doc.undo_text() == "Edit word"
    assert view.doc.undo() and _word(view, k).text == before
    assert view.doc.undo_text() == ""  # it was one step


def test_an_input_method_commit_over_a_selected_word_opens_the_editor_with_it(window, qtbot):
    from PySide6.QtCore import Qt

    view = window.view
    _select(view, 4, 4)  # "talk"
    assert view.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)
    assert view.inputMethodQuery(Qt.InputMethodQuery.ImEnabled) is True
    rect = view.inputMethodQuery(Qt.InputMethodQuery.ImCursorRectangle)  # the candidates open at the word
    assert rect == view._editing.word_rect(4).translated(view.viewport().pos())
    text = view.document().toPlainText()
    assert _compose(commit="字幕") is view
    editor = view.editor
    assert editor is not None and editor.index == 4 and editor.text() == "字幕"
    qtbot.waitUntil(editor.hasFocus)  # once the input method is done: typing goes on there
    assert view.document().toPlainText() == text  # nothing written into the document itself
    assert window.fired == []
    _enter_commits(qtbot, view, 4, "字幕", "talk")


def test_an_input_method_composing_over_a_selected_word_goes_on_composing_in_the_editor(window, qtbot):
    from PySide6.QtCore import Qt

    view = window.view
    _select(view, 6, 6)  # "字幕"
    assert _compose(preedit="zi mu") is view  # the pinyin typed so far
    editor = view.editor
    assert editor is not None and editor.index == 6 and editor.text() == ""  # nothing chosen yet
    assert editor.width() > editor.fontMetrics().horizontalAdvance("zi mu")  # the pinyin fits
    # the view keeps the focus while the input method composes (moving it would end the
    # composition); the input method asks it where the text being composed is: in the editor
    qtbot.wait(20)
    assert view.hasFocus() and view.inputMethodQuery(Qt.InputMethodQuery.ImEnabled) is True
    at = view.inputMethodQuery(Qt.InputMethodQuery.ImCursorRectangle)
    assert editor.geometry().translated(view.viewport().pos()).contains(at.center())
    assert _compose(preedit="zi mu de") is view
    assert _compose(commit="字母的") is view  # a candidate chosen: the composition ends
    assert editor.text() == "字母的" and view.editor is editor
    qtbot.waitUntil(editor.hasFocus)
    _enter_commits(qtbot, view, 6, "字母的", "字幕")


def test_with_a_bare_caret_an_input_method_types_nothing(window, qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QTextCursor

    view = window.view
    c = QTextCursor(view.document())
    c.setPosition(view.words[4].char_start + 1)  # a click inside "talk": no selection
    view.setTextCursor(c)
    assert not view.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)  # J, K, L reach the window
    assert view.inputMethodQuery(Qt.InputMethodQuery.ImEnabled) is False
    text = view.document().toPlainText()
    _compose(commit="字幕")
    _compose(preedit="zi")
    assert view.editor is None and view.document().toPlainText() == text
    _select(view, 3, 4)  # two words: which one would it replace? none
    assert not view.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)
    _compose(commit="字幕")
    assert view.editor is None and view.document().toPlainText() == text
    qtbot.keyClick(view, Qt.Key.Key_K)
    assert window.fired == ["K"]


def test_a_composition_left_for_another_field_commits_what_was_chosen(window, qtbot):
    view = window.view
    _select(view, 2, 2)  # "today"
    _compose(preedit="jin")
    editor = view.editor
    _compose(commit="今天", preedit="wan")  # one word chosen, the next being composed
    assert editor.text() == "今天" and view.hasFocus()
    window.elsewhere.setFocus()  # a click elsewhere: the input method drops "wan"
    qtbot.waitUntil(lambda: view.editor is None)
    assert _word(view, 2).text == "今天" and window.elsewhere.hasFocus()
    assert view.doc.undo_text() == "Edit word"
