"""Where results go: a read-only or full folder, and files that exist already.

A read-only folder is made with ``chmod 0o555``. Root ignores permission bits (the CI
containers run as root), so there the ``read_only_dir`` fixture also makes creating,
renaming or removing anything inside that folder fail with EACCES, by wrapping
``os.open``/``open``/``os.mkdir``/``os.replace``/``os.unlink`` — the answer the kernel
gives a normal user. A full disk is the atomic writer failing with ENOSPC halfway
through its data.
"""

from __future__ import annotations

import builtins
import errno
import io
import os
from pathlib import Path

import pytest

import desktop_app.project.atomic as atomic
from desktop_app.cli.main import main
from desktop_app.core.errors import OutputError
from desktop_app.project.schema import Project
from desktop_app.project.store import load_project, save_project
from tests.media import gen
from tests.project.factories import sample_analysis
from tests.reliability.helpers import files_under, running_as_root, temp_leftovers

OUTPUT_HINT = OutputError.hint


@pytest.fixture(scope="module")
def clip(tmp_path_factory) -> Path:
    return Path(gen.make_video(tmp_path_factory.mktemp("clip") / "talk.mp4", 2.0, audio=gen.tone(300, 0.3)))


def _inside(path, folder: Path) -> bool:
    try:
        return Path(os.fsdecode(path)).resolve().is_relative_to(folder.resolve())
    except (TypeError, ValueError, OSError):
        return False


def _denied(path):
    return PermissionError(errno.EACCES, "Permission denied", os.fsdecode(path))


@pytest.fixture
def read_only_dir(tmp_path, monkeypatch):
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    if running_as_root():
        real_open, real_builtin_open = os.open, builtins.open
        real_mkdir, real_replace, real_unlink = os.mkdir, os.replace, os.unlink
        creating = os.O_CREAT | os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_TRUNC

        def guarded_open(path, flags, *args, **kwargs):
            if flags & creating and _inside(path, folder):
                raise _denied(path)
            return real_open(path, flags, *args, **kwargs)

        def guarded_builtin_open(file, mode="r", *args, **kwargs):
            if (
                isinstance(file, str | bytes | os.PathLike)
                and set(mode) & set("wax+")
                and _inside(file, folder)
            ):
                raise _denied(file)
            return real_builtin_open(file, mode, *args, **kwargs)

        def guarded(real):
            def call(*args, **kwargs):
                paths = [p for p in args if isinstance(p, str | bytes | os.PathLike)]
                if any(_inside(p, folder) for p in paths):
                    raise _denied(paths[-1])
                return real(*args, **kwargs)

            return call

        def guarded_mkdir(path, *args, **kwargs):
            if _inside(path, folder) and not os.path.exists(path):  # an existing one is EEXIST first
                raise _denied(path)
            return real_mkdir(path, *args, **kwargs)

        monkeypatch.setattr(os, "open", guarded_open)
        monkeypatch.setattr(builtins, "open", guarded_builtin_open)
        monkeypatch.setattr(io, "open", guarded_builtin_open)
        monkeypatch.setattr(os, "mkdir", guarded_mkdir)
        monkeypatch.setattr(os, "replace", guarded(real_replace))
        monkeypatch.setattr(os, "unlink", guarded(real_unlink))
    yield folder
    folder.chmod(0o755)


def test_the_read_only_simulation_is_real(read_only_dir):
    """Whatever the user, nothing can be created in the folder (the fixture is honest)."""
    with pytest.raises(PermissionError):
        (read_only_dir / "probe.txt").write_text("x")
    with pytest.raises(PermissionError):
        atomic.atomic_write_bytes(read_only_dir / "probe.json", b"{}")
    assert files_under(read_only_dir) == []


def _never_analyse(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the analysis ran although its results could not be written")

    monkeypatch.setattr("desktop_app.pipeline.analyze_cached", refuse)


def test_process_into_a_read_only_folder_stops_before_the_analysis(read_only_dir, clip, capsys, monkeypatch):
    _never_analyse(monkeypatch)
    for out in (read_only_dir, read_only_dir / "new sub folder"):
        rc = main(["process", str(clip), "--vad-only", "--out", str(out)])
        err = capsys.readouterr().err
        assert rc == 1
        (line,) = [x for x in err.splitlines() if x.startswith("cutmark: error:")]
        assert "Permission denied" in line and OUTPUT_HINT in line
        assert "unexpected" not in line
    assert files_under(read_only_dir) == []


def test_saving_and_exporting_into_a_read_only_folder_are_output_errors(read_only_dir, tmp_path, capsys):
    project = Project(sample_analysis())
    with pytest.raises(OutputError, match="Permission denied"):
        save_project(project, read_only_dir / "p.cutmark.json")
    saved = save_project(project, tmp_path / "p.cutmark.json")
    rc = main(["export", str(saved), "--format", "srt,fcpxml", "--out", str(read_only_dir)])
    err = capsys.readouterr().err
    assert rc == 1 and "Permission denied" in err and OUTPUT_HINT in err
    assert files_under(read_only_dir) == []


class _DiskFull:
    """The atomic writer's file: half the data goes in, then ENOSPC (for chosen targets)."""

    def __init__(self, monkeypatch, only_suffix: str | None = None):
        real_fdopen = os.fdopen
        self.hits = 0

        class Half:
            def __init__(self, handle):
                self.handle = handle

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.handle.close()

            def write(self, data):
                self.handle.write(data[: len(data) // 2])
                raise OSError(errno.ENOSPC, "No space left on device")

        def fdopen(fd, mode="r", *args, **kwargs):
            name = os.path.basename(os.readlink(f"/proc/self/fd/{fd}")) if only_suffix else ""
            if only_suffix is None or f"{only_suffix}." in name:  # '.talk.vtt.<pid>.<random>.tmp'
                self.hits += 1
                return Half(real_fdopen(fd, mode, *args, **kwargs))
            return real_fdopen(fd, mode, *args, **kwargs)

        monkeypatch.setattr(atomic.os, "fdopen", fdopen)


def test_a_full_disk_is_one_clear_line_and_leaves_no_half_files(clip, tmp_path, capsys, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    disk = _DiskFull(monkeypatch)
    rc = main(["process", str(clip), "--vad-only", "--out", str(out), "--no-cache"])
    err = capsys.readouterr().err
    assert disk.hits and rc == 1
    (line,) = [x for x in err.splitlines() if x.startswith("cutmark: error:")]
    assert "No space left on device" in line and OUTPUT_HINT in line
    assert files_under(out) == []  # no project, no temporary file


def test_a_disk_that_fills_between_two_outputs_takes_back_the_first(clip, tmp_path, capsys, monkeypatch):
    """The project was written, then the VTT beside it failed: the project goes too, so
    the outputs are all there or none are, and running again needs no --overwrite."""
    out = tmp_path / "out"
    _DiskFull(monkeypatch, only_suffix=".vtt")
    rc = main(["process", str(clip), "--vad-only", "--out", str(out), "--export", "vtt", "--no-cache"])
    assert rc == 1 and "No space left" in capsys.readouterr().err
    assert files_under(out) == []
    monkeypatch.undo()
    assert main(["process", str(clip), "--vad-only", "--out", str(out), "--export", "vtt", "--no-cache"]) == 0
    assert files_under(out) == ["talk.cutmark.json", "talk.vtt"]


def test_a_full_disk_keeps_the_previous_project(clip, tmp_path, capsys, monkeypatch):
    out = tmp_path / "out"
    assert main(["process", str(clip), "--vad-only", "--out", str(out)]) == 0
    before = (out / "talk.cutmark.json").read_bytes()
    _DiskFull(monkeypatch)
    assert main(["process", str(clip), "--vad-only", "--out", str(out), "--overwrite", "--no-cache"]) == 1
    assert (out / "talk.cutmark.json").read_bytes() == before
    assert temp_leftovers(out) == []
    load_project(out / "talk.cutmark.json")


# --- existing outputs: never replaced without asking or --overwrite ----------------------


def test_process_refuses_an_existing_output_before_any_work(clip, tmp_path, capsys, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    mine = out / "talk.cutmark.json"
    mine.write_text("my own notes", encoding="utf-8")
    with monkeypatch.context() as m:
        _never_analyse(m)
        assert main(["process", str(clip), "--vad-only", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "already exists" in err and "--overwrite" in err
    assert mine.read_text(encoding="utf-8") == "my own notes"
    assert main(["process", str(clip), "--vad-only", "--out", str(out), "--overwrite"]) == 0
    assert load_project(mine).analysis.media.path == str(clip)


@pytest.fixture
def analysed(clip, tmp_path) -> Path:
    assert main(["process", str(clip), "--vad-only", "--out", str(tmp_path / "p")]) == 0
    return tmp_path / "p" / "talk.cutmark.json"


@pytest.mark.parametrize(
    ("command", "target"),
    [
        (["export", "{s}", "--format", "srt,fcp7xml", "--out", "{o}"], "talk.xml"),
        (["cut", "{s}", "--format", "edl", "--out", "{o}"], "talk.edl"),
        (["render", "{p}", "--out", "{o}/talk.mp4"], "talk.mp4"),
    ],
    ids=["export", "cut", "render"],
)
def test_other_commands_refuse_existing_files_without_overwrite(command, target, analysed, tmp_path, capsys):
    out = tmp_path / "o"
    out.mkdir()
    (out / target).write_text("keep me", encoding="utf-8")
    speech = save_project(Project(sample_analysis()), tmp_path / "talk.cutmark.json")  # has speech to cut
    args = [a.format(p=analysed, s=speech, o=out) for a in command]
    rc = main(args)
    err = capsys.readouterr().err
    assert rc == 1 and "already exists" in err and "--overwrite" in err, err
    assert (out / target).read_text(encoding="utf-8") == "keep me"


@pytest.mark.gui
def test_the_export_dialog_asks_before_replacing(qapp, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from desktop_app.ui import questions
    from desktop_app.ui.export_dialog import ExportDialog

    existing = tmp_path / "talk.srt"
    existing.write_text("keep me", encoding="utf-8")
    dialog = ExportDialog(Project(sample_analysis()), tmp_path / "talk.mp4")
    asked = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: None)
    monkeypatch.setattr(QMessageBox, "exec", lambda self: 0)  # the "Exported" box
    monkeypatch.setattr(questions, "ask", lambda *a, **k: asked.append(a[2]) or False)  # Cancel
    dialog.run_export()
    assert asked and "talk.srt" in asked[0]
    assert existing.read_text(encoding="utf-8") == "keep me"
    monkeypatch.setattr(questions, "ask", lambda *a, **k: a[3] == "Replace")  # clicks Replace
    dialog.run_export()
    assert existing.read_text(encoding="utf-8").startswith("1\n")
    dialog.deleteLater()


# --- the desktop app when the video's folder is read-only -------------------------------


@pytest.fixture
def window(qapp, tmp_path, monkeypatch):
    pytest.importorskip("PySide6.QtMultimedia")
    from PySide6.QtCore import QSettings

    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.settings import Settings

    win = MainWindow(Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)), vad_only=True)
    yield win
    win.doc.mark_clean()
    win.close()
    win.deleteLater()


@pytest.mark.gui
def test_the_app_keeps_an_analysis_it_cannot_save_beside_the_video(window, read_only_dir, tmp_path):
    from desktop_app.session.locations import fallback_path

    window.session.media = read_only_dir / "talk.mp4"
    window.session._pending_path = read_only_dir / "talk.cutmark.json"
    window._on_analysis_done(Project(sample_analysis()))
    window._on_job_finished()
    fallback = fallback_path(read_only_dir / "talk.mp4", tmp_path / "cache")
    assert load_project(fallback).analysis == sample_analysis()
    assert str(fallback) in window.jobs.label.text()  # said, not overwritten by "Analysed: ..."
    assert not window.doc.is_dirty()


@pytest.mark.gui
def test_the_app_keeps_an_analysis_it_cannot_save_anywhere_unsaved_and_says_so(
    window, read_only_dir, tmp_path, monkeypatch
):
    from PySide6.QtWidgets import QMessageBox

    told = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: told.append(a[2]))
    window.session.cache_root = read_only_dir / "cache"
    window.session.media = read_only_dir / "talk.mp4"
    window.session._pending_path = read_only_dir / "talk.cutmark.json"
    window._on_analysis_done(Project(sample_analysis()))
    assert told and "Permission denied" in told[0]
    assert window.doc.project is not None and window.doc.is_dirty()  # closing will ask to save it
