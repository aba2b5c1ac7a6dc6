"""Analysis › Analyse again without Qt: the new analysis is saved over the project file at
once, and it is one undo step ("Analyse again") that brings the previous project back
(transcript, markers, edits) as unsaved changes; redo brings the new analysis back."""

from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path

import pytest

from desktop_app.project.schema import Project
from desktop_app.project.store import load_project, save_project
from desktop_app.session import Session, SetMark, SetText
from desktop_app.session.document import autosave_path
from tests.project.factories import sample_analysis
from tests.session.test_session import _analyse, talk  # noqa: F401  (the module's video fixture)

SPEECH_AT = 1  # sample_analysis(): the English speech segment


def _fresh_analysis() -> Project:
    """What the analysis says this time: other words, other markers, no edits."""
    a = sample_analysis()
    segs = list(a.segments)
    segs[SPEECH_AT] = dataclasses.replace(segs[SPEECH_AT], text="a new transcript", words=())
    return Project(dataclasses.replace(a, segments=tuple(segs), markers=a.markers[:1]))


def _edited_session(tmp_path: Path) -> tuple[Session, Path]:
    """A project on disk, opened, with a saved edit and an unsaved one."""
    path = save_project(Project(sample_analysis()), tmp_path / "talk.cutmark.json")
    session = Session(cache_root=tmp_path / "cache")
    session.open(path)
    session.document.run(SetText(SPEECH_AT, "fixed by hand"))
    session.save()
    session.document.run(SetMark(SPEECH_AT, "cut"))
    return session, path


def _analyse_again(session: Session, project: Project):
    assert session.prepare_reanalysis() == Path(project.analysis.media.path)
    return session.adopt_analysis(project)


def test_a_real_analysis_again_is_one_undo_step_that_brings_the_edits_back(talk, tmp_path):  # noqa: F811
    media = tmp_path / "talk.mp4"
    shutil.copy(talk, media)
    session = Session(cache_root=tmp_path / "cache")
    session.open(media)
    session.adopt_analysis(_analyse(session, media))
    doc = session.document
    assert not doc.history.can_undo  # the first analysis is a plain load
    index = next(i for i, s in enumerate(doc.project.analysis.segments) if s.kind == "speech")
    doc.run(SetText(index, "my own words"))
    doc.run(SetMark(index, "cut"))
    edited = doc.project

    saved = session.adopt_analysis(_analyse(session, session.prepare_reanalysis()))
    assert saved.path == media.with_name("talk.cutmark.json") and not doc.is_dirty()
    assert doc.project.analysis.segments[index].text != "my own words" and not doc.project.edits
    assert load_project(saved.path) == doc.project  # the new analysis is on disk
    assert doc.history.undo_text == "Analyse again"

    assert doc.undo()
    assert doc.project == edited and doc.is_dirty()
    assert doc.history.undo_text == "Mark cut"  # the edits before it stay undoable too
    assert doc.redo()
    assert not doc.project.edits and not doc.is_dirty()


def test_undo_puts_back_the_previous_project_exactly_and_redo_the_new_analysis(tmp_path):
    session, path = _edited_session(tmp_path)
    doc = session.document
    heard: list[str] = []
    doc.subscribe(heard.append)
    before = doc.project
    new = _fresh_analysis()

    saved = _analyse_again(session, new)
    assert saved.path == path and not saved.fallback
    assert doc.project == new and not doc.is_dirty() and "project" in heard
    assert load_project(path) == new
    assert doc.history.undo_text == "Analyse again" and not doc.history.can_redo

    heard.clear()
    doc.undo()
    assert doc.project == before  # transcript, markers and edits
    assert doc.project.analysis.segments[SPEECH_AT].text == "fixed by hand"
    assert doc.project.edits == before.edits and doc.project.analysis.markers == before.analysis.markers
    assert doc.is_dirty() and heard == ["project", "dirty"]
    assert doc.history.redo_text == "Analyse again"
    assert load_project(path) == new  # undo does not write; saving is the user's

    doc.redo()
    assert doc.project == new and not doc.is_dirty()


def test_after_undo_saving_keeps_the_previous_version_and_redo_is_unsaved(tmp_path):
    session, path = _edited_session(tmp_path)
    before = session.document.project
    _analyse_again(session, _fresh_analysis())
    session.document.undo()
    session.save()
    assert load_project(path) == before and not session.document.is_dirty()
    session.document.redo()
    assert session.document.is_dirty()  # the file holds the version before now


def test_the_first_analysis_of_another_video_is_a_plain_load(tmp_path):
    session, _ = _edited_session(tmp_path)
    other = tmp_path / "other.mp4"
    other.write_bytes(b"not read here")
    session.document.mark_clean()
    session.open(other)  # no project of its own yet: the old one goes
    a = sample_analysis()
    session.adopt_analysis(
        Project(dataclasses.replace(a, media=dataclasses.replace(a.media, path=str(other))))
    )
    assert not session.document.history.can_undo and not session.document.is_dirty()
    assert session.document.path == tmp_path / "other.cutmark.json"


def test_the_same_analysis_again_without_edits_is_no_step(tmp_path):
    path = save_project(Project(sample_analysis()), tmp_path / "talk.cutmark.json")
    session = Session(cache_root=tmp_path / "cache")
    session.open(path)
    _analyse_again(session, Project(sample_analysis()))
    assert not session.document.history.can_undo and not session.document.is_dirty()


def test_an_autosave_before_it_goes_and_one_after_undo_restores_the_previous_version_whole(tmp_path):
    session, path = _edited_session(tmp_path)
    before = session.document.project
    assert session.document.autosave() == autosave_path(path)  # the unsaved mark, autosaved
    new = _fresh_analysis()
    _analyse_again(session, new)
    assert not autosave_path(path).exists()  # it held the previous version: never offered over the new one

    session.document.undo()
    assert session.document.autosave() == autosave_path(path)
    os.utime(path, (1, 1))  # the app stops here; the autosave is newer than the file
    reopened = Session(cache_root=tmp_path / "cache")
    assert reopened.open(path).autosave == autosave_path(path)
    assert reopened.document.project == new
    reopened.document.restore_autosave()
    assert reopened.document.project == before  # the whole previous version, not edits over the new one
    reopened.document.undo()
    assert reopened.document.project == new


def test_redo_back_to_the_saved_analysis_drops_the_autosave_of_the_undone_state(tmp_path):
    session, path = _edited_session(tmp_path)
    _analyse_again(session, _fresh_analysis())
    session.document.undo()
    session.document.autosave()
    assert autosave_path(path).exists()
    session.document.redo()  # what the file holds: nothing unsaved to offer after a crash
    assert not session.document.is_dirty() and not autosave_path(path).exists()
    assert Session(cache_root=tmp_path / "cache").open(path).autosave is None


def test_when_it_cannot_be_saved_anywhere_both_versions_are_unsaved(tmp_path, monkeypatch):
    session, path = _edited_session(tmp_path)
    before = session.document.project
    from desktop_app.core.errors import OutputError

    def refuse(project, target, **kw):
        raise OutputError(f"Cannot write {target}: disk full")

    monkeypatch.setattr("desktop_app.session.document.save_project", refuse)
    saved = _analyse_again(session, _fresh_analysis())
    assert saved.path is None and saved.error
    assert session.document.is_dirty() and session.document.history.undo_text == "Analyse again"
    session.document.undo()
    assert session.document.project == before and session.document.is_dirty()


@pytest.mark.parametrize("edit", [SetText(SPEECH_AT, "x"), SetMark(SPEECH_AT, "keep")])
def test_edits_after_analysing_again_stack_on_it(tmp_path, edit):
    session, _ = _edited_session(tmp_path)
    before = session.document.project
    _analyse_again(session, _fresh_analysis())
    session.document.run(edit)
    session.document.undo()
    session.document.undo()
    assert session.document.project == before
