"""The session without Qt: open, analyse, edit, undo, save, reopen, autosave, read-only folders."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from desktop_app.core.errors import MediaNotFoundError, OutputError, UnreadableMediaError
from desktop_app.core.model import Segment
from desktop_app.core.progress import CancelToken, drive
from desktop_app.project.schema import Project
from desktop_app.project.store import load_project, save_project
from desktop_app.session import (
    AnalysisRequest,
    EngineHolder,
    MergeWithNext,
    Session,
    SetEvent,
    SetMark,
    SetText,
    SplitSegment,
    summarize,
)
from desktop_app.session.document import autosave_path
from desktop_app.session.locations import beside_path, fallback_path
from tests.media.gen import make_video
from tests.project.factories import sample_analysis
from tests.rig.scenes import SR
from tests.rig.signals import silence, speech_like

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def talk(tmp_path_factory) -> Path:
    audio = np.concatenate([silence(1.5, 0), speech_like(3.0, 1), silence(2.0, 2), speech_like(2.5, 3)])
    path = tmp_path_factory.mktemp("media") / "talk.mp4"
    make_video(path, len(audio) / SR, audio=audio, audio_rate=SR, channels=1)
    return path


def _analyse(session: Session, media: Path):
    work = session.analysis_work(AnalysisRequest(media=media, vad_only=True))
    return drive(work(CancelToken()))


def test_a_video_is_analysed_saved_beside_it_and_reopened_without_analysis(talk, tmp_path):
    media = tmp_path / "talk.mp4"
    shutil.copy(talk, media)
    session = Session(cache_root=tmp_path / "cache")
    opened = session.open(media)
    assert opened.needs_analysis and opened.media == media
    project = _analyse(session, media)
    saved = session.adopt_analysis(project)
    assert saved.path == media.with_name("talk.cutmark.json") and not saved.fallback
    assert not session.document.is_dirty()
    assert summarize(project).rows == sum(1 for s in project.analysis.segments if s.kind == "speech")

    again = Session(cache_root=tmp_path / "cache")
    reopened = again.open(media)
    assert not reopened.needs_analysis and reopened.project_path == saved.path
    assert again.document.project.analysis == project.analysis


def test_edits_undo_redo_dirty_and_save(tmp_path):
    path = save_project(Project(sample_analysis()), tmp_path / "p.cutmark.json")
    session = Session(cache_root=tmp_path / "cache")
    session.open(path)
    doc = session.document
    heard: list[str] = []
    doc.subscribe(heard.append)
    original = doc.project
    first = doc.project.analysis.segments[0]
    assert doc.run(SetText(0, "fixed text"))
    assert doc.run(SetMark(0, "cut"))
    assert not doc.run(SetMark(0, "cut"))  # no change, no undo step
    assert doc.is_dirty() and doc.history.undo_text == "Mark cut"
    assert heard.count("dirty") == 1
    doc.undo()
    doc.undo()
    assert doc.project == original and not doc.is_dirty()
    doc.redo()
    assert doc.project.analysis.segments[0].text == "fixed text" and doc.is_dirty()
    mid = (first.start_ms + first.end_ms) // 2
    doc.run(SplitSegment(0, mid))
    assert len(doc.project.analysis.segments) == len(original.analysis.segments) + 1
    doc.run(MergeWithNext(0))
    session.save()
    assert not doc.is_dirty()
    assert load_project(path).analysis.segments[0].text == "fixed text"


def test_markers_are_rebuilt_with_the_projects_own_event_options(tmp_path):
    a = sample_analysis()
    segs = (
        Segment(0, 4000, "speech", "hello", "en", "NEUTRAL", "Speech"),
        Segment(4000, 8000, "gap", event="Laughter", event_confidence=0.3),
    )
    options = {**a.options, "events": {"min_event_confidence": 0.5, "merge_gap_ms": 0}}
    project = Project(dataclasses.replace(a, segments=segs, markers=(), options=options))
    path = save_project(project, tmp_path / "p.cutmark.json")
    session = Session(cache_root=tmp_path / "cache")
    session.open(path)
    session.document.run(SetText(0, "hello again"))
    labels = [m.label for m in session.document.project.analysis.markers if m.kind == "event"]
    assert labels == []  # 0.3 is under the project's 0.5; the defaults (0.0) would mark it
    session.document.run(SetEvent(1, "Applause"))  # the user's own word is marked whatever the threshold
    assert [m.label for m in session.document.project.analysis.markers if m.kind == "event"] == ["applause"]


def test_autosave_is_offered_back_and_restores_as_one_undo_step(tmp_path):
    path = save_project(Project(sample_analysis()), tmp_path / "p.cutmark.json")
    crashed = Session(cache_root=tmp_path / "cache")
    crashed.open(path)
    crashed.document.run(SetText(0, "edited before the crash"))
    auto = crashed.document.autosave()
    assert auto == autosave_path(path) and load_project(path).analysis == sample_analysis()
    os.utime(path, (1, 1))

    session = Session(cache_root=tmp_path / "cache")
    opened = session.open(path)
    assert opened.autosave == auto
    session.document.restore_autosave()
    assert session.document.project.analysis.segments[0].text == "edited before the crash"
    assert session.document.is_dirty()
    session.document.undo()
    assert session.document.project.analysis == sample_analysis()
    session.document.discard_autosave()
    assert not auto.exists()


def _read_only(monkeypatch, *folders: Path) -> set[Path]:
    """Saving into ``folders`` fails as a read-only folder makes it fail (root ignores chmod,
    and the tests may run as root); the set returned can be changed (cleared: writable again)."""
    refused = set(folders)
    real_save = save_project

    def refuse(project, target, **kw):
        if Path(target).parent in refused:
            raise OutputError(f"Cannot write {target}: Permission denied")
        return real_save(project, target, **kw)

    monkeypatch.setattr("desktop_app.session.document.save_project", refuse)
    return refused


def _saved_a_minute_ago(path: Path) -> None:
    """As if ``path`` were written a while ago (file times can be too coarse to tell two saves
    a few milliseconds apart)."""
    then = path.stat().st_mtime_ns - 60 * 10**9
    os.utime(path, ns=(then, then))


def test_same_named_videos_in_read_only_folders_keep_their_own_projects(talk, tmp_path, monkeypatch):
    """Item 3 of the new-user issue: the cache fallback is keyed by the full path, and found again."""
    a, b = tmp_path / "day1", tmp_path / "day2"
    for folder in (a, b):
        folder.mkdir()
        shutil.copy(talk, folder / "talk.mp4")
    _read_only(monkeypatch, a, b)
    cache = tmp_path / "cache"
    paths = {}
    for folder, text in ((a, "day one"), (b, "day two")):
        session = Session(cache_root=cache)
        session.open(folder / "talk.mp4")
        saved = session.adopt_analysis(_analyse(session, folder / "talk.mp4"))
        assert saved.fallback and saved.path.parent.parent == cache / "projects"
        index = next(
            i for i, s in enumerate(session.document.project.analysis.segments) if s.kind == "speech"
        )
        session.document.run(SetText(index, text))
        session.save()
        paths[text] = saved.path
    assert paths["day one"] != paths["day two"]
    for folder, text in ((a, "day one"), (b, "day two")):
        session = Session(cache_root=cache)
        opened = session.open(folder / "talk.mp4")
        assert not opened.needs_analysis and opened.project_path == paths[text]
        assert text in [s.text for s in session.document.project.analysis.segments]


def _card_with_a_project(tmp_path) -> tuple[Path, Path, Path]:
    """A video with its project beside it, saved a while ago: (video, beside, fallback)."""
    card = tmp_path / "card"
    card.mkdir()
    media = card / "talk.mp4"
    media.write_bytes(b"not decoded by these tests")
    beside = save_project(Project(sample_analysis()), beside_path(media))
    _saved_a_minute_ago(beside)
    return media, beside, fallback_path(media, tmp_path / "cache")


def _texts(session: Session) -> list[str]:
    return [s.text for s in session.document.project.analysis.segments]


def _edit_on_a_locked_card(tmp_path, monkeypatch) -> tuple[Path, Path, Path, set[Path]]:
    media, beside, fallback = _card_with_a_project(tmp_path)
    read_only = _read_only(monkeypatch, media.parent)  # the card was locked
    session = Session(cache_root=tmp_path / "cache")
    opened = session.open(media)
    assert opened.project_path == beside
    session.document.run(SetText(0, "edited on the locked card"))
    assert session.save() == fallback
    assert not opened.fallback and session.in_cache_folder
    assert not session.document.is_dirty()
    assert beside.is_file() and "edited on the locked card" not in [
        s.text for s in load_project(beside).analysis.segments
    ]  # the copy beside the video is kept as it was, never removed
    return media, beside, fallback, read_only


def test_edits_saved_to_the_cache_folder_are_reopened_over_the_older_project_beside_the_video(
    tmp_path, monkeypatch
):
    media, beside, fallback, _ = _edit_on_a_locked_card(tmp_path, monkeypatch)
    session = Session(cache_root=tmp_path / "cache")
    opened = session.open(media)
    assert opened.project_path == fallback and "edited on the locked card" in _texts(session)
    assert opened.fallback and session.in_cache_folder  # what the status bar says


def test_saving_once_the_folder_is_writable_again_puts_the_newest_project_beside_the_video(
    tmp_path, monkeypatch
):
    media, beside, fallback, read_only = _edit_on_a_locked_card(tmp_path, monkeypatch)
    _saved_a_minute_ago(fallback)
    read_only.clear()  # the card is unlocked
    session = Session(cache_root=tmp_path / "cache")
    assert session.open(media).project_path == fallback
    session.document.run(SetText(0, "edited back on the unlocked card"))
    assert session.save() == beside and not session.in_cache_folder
    assert fallback.is_file()  # left as it was: the older copy

    again = Session(cache_root=tmp_path / "cache")
    opened = again.open(media)
    assert opened.project_path == beside and not opened.fallback and not again.in_cache_folder
    assert "edited back on the unlocked card" in _texts(again)


def test_analysing_again_on_a_locked_card_is_reopened_and_goes_back_beside_once_unlocked(
    talk, tmp_path, monkeypatch
):
    card = tmp_path / "card"
    card.mkdir()
    media = card / "talk.mp4"
    shutil.copy(talk, media)
    session = Session(cache_root=tmp_path / "cache")
    session.open(media)
    beside = session.adopt_analysis(_analyse(session, media)).path
    index = next(i for i, s in enumerate(session.document.project.analysis.segments) if s.kind == "speech")
    session.document.run(SetText(index, "an edit the new analysis replaces"))
    session.save()
    _saved_a_minute_ago(beside)

    read_only = _read_only(monkeypatch, card)
    session = Session(cache_root=tmp_path / "cache")
    session.open(media)
    assert session.prepare_reanalysis() == media
    saved = session.adopt_analysis(_analyse(session, media))
    fallback = fallback_path(media, tmp_path / "cache")
    assert saved.fallback and saved.path == fallback

    again = Session(cache_root=tmp_path / "cache")
    opened = again.open(media)
    assert opened.project_path == fallback and opened.fallback
    assert "an edit the new analysis replaces" not in _texts(again)

    _saved_a_minute_ago(fallback)
    read_only.clear()
    assert again.prepare_reanalysis() == media
    saved = again.adopt_analysis(_analyse(again, media))
    assert saved.path == beside and not saved.fallback and fallback.is_file()
    assert Session(cache_root=tmp_path / "cache").open(media).project_path == beside


def test_a_project_only_beside_the_video_or_only_in_the_cache_folder_opens_as_before(tmp_path, monkeypatch):
    media, beside, fallback = _card_with_a_project(tmp_path)
    session = Session(cache_root=tmp_path / "cache")
    opened = session.open(media)
    assert opened.project_path == beside and not opened.fallback and not session.in_cache_folder
    session.document.run(SetText(0, "saved beside"))
    assert session.save() == beside and not fallback.exists()

    other = tmp_path / "locked" / "talk.mp4"
    other.parent.mkdir()
    other.write_bytes(b"not decoded by these tests")
    only_cached = fallback_path(other, tmp_path / "cache")
    only_cached.parent.mkdir(parents=True)
    save_project(Project(sample_analysis()), only_cached)
    _read_only(monkeypatch, other.parent)
    session = Session(cache_root=tmp_path / "cache")
    opened = session.open(other)
    assert opened.project_path == only_cached and opened.fallback
    session.document.run(SetText(0, "still locked"))
    assert session.save() == only_cached and not beside_path(other).exists()


def test_a_file_that_is_not_media_fails_before_any_model_load(tmp_path, monkeypatch):
    bad = tmp_path / "notes.mp4"
    bad.write_bytes(os.urandom(4096))
    loads = []
    monkeypatch.setattr("desktop_app.pipeline.load_engine", lambda *a: loads.append(a) or object())
    session = Session(cache_root=tmp_path / "cache")
    session.open(bad)
    work = session.analysis_work(AnalysisRequest(media=bad, model=str(tmp_path / "some-model"), device="cpu"))
    with pytest.raises(UnreadableMediaError):
        drive(work(CancelToken()))
    assert loads == [] and session.engines.engine is None


def test_missing_file_is_a_typed_error_and_keeps_the_open_project(tmp_path):
    path = save_project(Project(sample_analysis()), tmp_path / "p.cutmark.json")
    session = Session(cache_root=tmp_path / "cache")
    session.open(path)
    with pytest.raises(MediaNotFoundError):
        session.open(tmp_path / "nope.mp4")
    assert session.document.project is not None and session.document.path == path


def test_the_engine_is_kept_for_a_choice_and_replaced_when_it_changes(monkeypatch):
    loads = []
    monkeypatch.setattr("desktop_app.pipeline.load_engine", lambda *a: loads.append(a) or object())
    engines = EngineHolder()
    first = engines.source("/models/a", "cpu")
    engine = first.load()
    assert engines.source("/models/a", "cpu") is first and first.load() is engine and len(loads) == 1
    assert engines.engine is engine
    other = engines.source("/models/a", "cuda")
    assert other is not first and engines.engine is None  # the new choice loads on first use
    engines.source("/models/b", "cuda").load()
    assert len(loads) == 2
    engines.invalidate()
    assert engines.engine is None
    engines.source("/models/b", "cuda").load()
    assert len(loads) == 3


def test_the_session_tests_run_without_pyside6():
    """The session layer imports no Qt: its tests pass with PySide6 made unimportable."""
    blocker = (
        "import sys, importlib.abc\n"
        "class Block(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path, target=None):\n"
        "        if name.split('.')[0] in ('PySide6', 'shiboken6', 'pytestqt'):\n"
        "            raise ImportError(f'{name} is blocked in this test')\n"
        "sys.meta_path.insert(0, Block())\n"
        "import pytest\n"
        "sys.exit(pytest.main(['-q', '-o', 'addopts=', '-p', 'no:cacheprovider', '-p', 'no:pytestqt', '-p', 'no:pytest-qt',\n"
        "    '-k', 'not without_pyside6', 'tests/session']))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-c", blocker], cwd=ROOT, env=env, capture_output=True, text=True, timeout=240
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert " passed" in proc.stdout
