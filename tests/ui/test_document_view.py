"""The transcript as a document: paragraphs of words, clicks seek, the current word follows
the playhead, struck words follow the project's marks, find is width- and case-blind."""

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
        Segment(0, 4000, "speech", "so um today we talk", "en", "HAPPY", "Speech", words=_words("so um today we talk", 0)),
        Segment(4000, 9000, "gap", event="Laughter"),
        Segment(9000, 12000, "speech", "ＡＢＣ 字幕", "zh", words=(Word("ＡＢＣ", 9000, 9800), Word("字幕", 9900, 10800))),
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


def test_typing_over_a_word_fixes_its_spelling_and_keeps_its_time(view, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    _select(view, 4, 4)  # "talk"
    before = view.words[4]
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("talks", True))
    view.edit_word()
    seg = view.doc.project.analysis.segments[before.segment]
    assert seg.words[before.word].text == "talks"
    assert (seg.words[before.word].start_ms, seg.words[before.word].end_ms) == (before.start_ms, before.end_ms)
    assert view.words[4].text == "talks"


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
