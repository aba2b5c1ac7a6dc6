"""Edit by text through the session (no Qt): every command is one undo step, changes nothing
(and adds no step) when there is nothing to do, and survives save, split and merge."""

from __future__ import annotations

import dataclasses

import pytest

from desktop_app.core.model import Segment, Word
from desktop_app.edit.fillers import FillerList, FillerLists
from desktop_app.edit.word_cuts import cut_word_mask
from desktop_app.project.schema import Project
from desktop_app.project.store import load_project, save_project
from desktop_app.session import (
    CutMatches,
    CutWords,
    Document,
    MergeWithNext,
    RemoveFillers,
    RestoreWords,
    SetMark,
    SetWordText,
    ShortenPauses,
    SplitSegment,
)
from desktop_app.session.commands import mark_state
from tests.edit.wordy import talk_project

EN = FillerLists((("en", FillerList(("um", "uh"))),))


@pytest.fixture
def doc(tmp_path):
    path = save_project(talk_project(), tmp_path / "talk.cutmark.json")
    d = Document()
    d.open(path)
    return d


def words(doc):
    return [(si, wi, w) for si, s in enumerate(doc.project.analysis.segments) for wi, w in enumerate(s.words)]


def struck(doc) -> list[str]:
    mask = cut_word_mask(doc.project.analysis.segments, doc.project.edits)
    return [w.text for si, wi, w in words(doc) if mask[si][wi]]


def span(doc, text, nth=0):
    found = [w for _, _, w in words(doc) if w.text == text]
    return (found[nth].start_ms, found[nth].end_ms)


def test_cut_and_restore_are_one_step_each_and_undo(doc):
    original = doc.project
    assert doc.run(CutWords((span(doc, "today"), span(doc, "banana"))))
    assert struck(doc) == ["today", "banana"] and doc.history.undo_text == "Cut words"
    assert len(doc.project.edits["cuts"]) == 1  # neighbouring words: one mark
    assert not doc.run(CutWords((span(doc, "banana"),)))  # already cut: no step
    assert doc.run(RestoreWords((span(doc, "today"),)))
    assert struck(doc) == ["banana"] and doc.history.undo_text == "Restore words"
    assert not doc.run(RestoreWords((span(doc, "today"),)))
    doc.undo()
    assert struck(doc) == ["today", "banana"]
    doc.undo()
    assert doc.project == original and not doc.is_dirty()
    doc.redo()
    doc.redo()
    assert struck(doc) == ["banana"]


def test_restoring_a_word_in_the_middle_splits_its_mark(doc):
    doc.run(CutWords(((span(doc, "so")[0], span(doc, "banana")[1]),)))
    assert struck(doc) == ["so", "um", "today", "banana"]
    doc.run(RestoreWords((span(doc, "um"),)))
    assert struck(doc) == ["so", "today", "banana"]
    assert [m["by"] for m in doc.project.edits["cuts"]] == ["words", "words"]


def test_a_segment_cut_mark_restored_word_by_word(doc):
    doc.run(SetMark(1, "cut"))
    assert struck(doc)[:3] == ["so", "um", "today"] and mark_state(doc.project, 1) == "cut"
    doc.run(RestoreWords((span(doc, "we"),)))
    assert "we" not in struck(doc) and "so" in struck(doc)
    assert mark_state(doc.project, 1) is None  # the segment is no longer cut as a whole


def test_the_last_word_wins_between_word_cuts_and_segment_marks(doc):
    doc.run(CutWords((span(doc, "talk"),)))
    doc.run(SetMark(1, "keep"))  # keep the whole sentence: it brings the word back
    assert "talk" not in struck(doc)
    doc.run(CutWords((span(doc, "talk"),)))  # and the later word cut wins again
    assert "talk" in struck(doc)
    assert mark_state(doc.project, 1) == "keep"  # word marks are not the segment's mark


def test_remove_fillers_is_one_step_and_each_filler_its_own_mark(doc):
    assert doc.run(RemoveFillers(EN))
    assert struck(doc) == ["um", "uh"] and doc.history.undo_text == "Remove fillers"
    assert len(doc.project.edits["cuts"]) == 2
    assert not doc.run(RemoveFillers(EN))
    assert doc.run(RestoreWords((span(doc, "um"),)))
    assert struck(doc) == ["uh"]
    doc.undo()
    doc.undo()
    assert struck(doc) == []


def test_remove_fillers_offers_repeats(doc):
    assert doc.run(RemoveFillers(EN, repeats=True))
    assert struck(doc) == ["um", "the", "uh"]
    assert span(doc, "the", 0) in [(m["start_ms"], m["end_ms"]) for m in doc.project.edits["cuts"]]


def test_shorten_pauses_replaces_its_own_marks_and_can_be_undone(doc):
    assert doc.run(ShortenPauses(300))
    marks = doc.project.edits["cuts"]
    assert marks and all(m["by"] == "pauses" for m in marks)
    assert struck(doc) == []  # no word is under a pause cut
    assert not doc.run(ShortenPauses(300))
    assert doc.run(ShortenPauses(200))
    assert len(doc.project.edits["cuts"]) >= len(marks)
    assert all(m["by"] == "pauses" for m in doc.project.edits["cuts"])
    assert doc.run(ShortenPauses(None)) and doc.project.edits["cuts"] == []
    doc.undo()
    doc.undo()
    assert doc.project.edits["cuts"] == marks


def test_cut_all_matches_is_one_step(doc):
    assert doc.run(CutMatches("THE"))
    assert struck(doc) == ["the", "the"] and doc.history.undo_text == "Cut all matches"
    assert not doc.run(CutMatches("the"))
    assert not doc.run(CutMatches("nowhere"))


def test_set_word_text_keeps_times_and_cuts(doc):
    doc.run(CutWords((span(doc, "banana"),)))
    si, wi, before = next(x for x in words(doc) if x[2].text == "banana")
    assert doc.run(SetWordText(si, wi, "bananas"))
    seg = doc.project.analysis.segments[si]
    assert seg.words[wi] == Word("bananas", before.start_ms, before.end_ms)
    assert "bananas we" in seg.text and seg.text.endswith(".")
    assert struck(doc) == ["bananas"]
    assert not doc.run(SetWordText(si, wi, "bananas"))
    doc.undo()
    assert doc.project.analysis.segments[si].words[wi].text == "banana"


def test_word_cuts_survive_split_merge_and_save(doc, tmp_path):
    doc.run(CutWords((span(doc, "um"), span(doc, "talk"))))
    seg = doc.project.analysis.segments[1]
    at = span(doc, "banana")[1] + 100
    doc.run(SplitSegment(1, at))
    assert struck(doc) == ["um", "talk"]
    doc.run(MergeWithNext(1))
    assert struck(doc) == ["um", "talk"]
    assert doc.project.analysis.segments[1].words == seg.words
    doc.save()
    again = load_project(doc.path)
    assert again.edits == doc.project.edits


def test_a_project_without_word_times_cuts_nothing_but_can_shorten_pauses(tmp_path):
    base = talk_project()
    segs = tuple(dataclasses.replace(s, words=()) for s in base.analysis.segments)
    project = Project(dataclasses.replace(base.analysis, segments=segs))
    d = Document()
    d.load(project, None)
    assert not d.run(CutWords(((0, project.analysis.media.duration_ms),)))
    assert not d.run(RemoveFillers(EN))
    assert d.run(ShortenPauses(300))  # the pause between the two sentences (segments stand in)
    [mark] = d.project.edits["cuts"]
    speech = [s for s in segs if s.kind == "speech"]
    assert speech[0].end_ms < mark["start_ms"] < mark["end_ms"] < speech[1].start_ms
    assert isinstance(segs[1], Segment)
