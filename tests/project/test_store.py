import errno
import json
import os
import stat
from pathlib import Path

import pytest

import desktop_app.project.atomic as atomic
from desktop_app.core.errors import OutputError, OutputExistsError, ProjectError
from desktop_app.project import (
    Project,
    atomic_write_bytes,
    atomic_write_text,
    default_project_path,
    load_project,
    save_project,
)
from tests.project.factories import sample_analysis


@pytest.fixture
def saved(tmp_path):
    path = save_project(Project(sample_analysis(), edits={"v": 1}), tmp_path / "talk.cutmark.json")
    return path, path.read_bytes()


def _leftovers(folder: Path, keep: Path):
    return sorted(p.name for p in folder.iterdir() if p != keep)


def _boom(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("target", ["replace", "fsync", "write"])
def test_a_failed_save_keeps_the_old_file_and_leaves_no_temp_file(saved, monkeypatch, target):
    path, before = saved
    if target == "replace":
        monkeypatch.setattr(atomic.os, "replace", _boom)
    elif target == "fsync":
        monkeypatch.setattr(atomic.os, "fsync", _boom)
    else:  # the disk fills up halfway through the data
        real_fdopen = os.fdopen

        class HalfWriter:
            def __init__(self, handle):
                self.handle = handle

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.handle.close()

            def write(self, data):
                self.handle.write(data[: len(data) // 2])
                raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(atomic.os, "fdopen", lambda fd, mode: HalfWriter(real_fdopen(fd, mode)))
    with pytest.raises(OutputError) as info:
        save_project(Project(sample_analysis(), edits={"v": 2}), path)
    assert str(path) in str(info.value) and "No space left" in str(info.value)
    assert path.read_bytes() == before
    assert _leftovers(path.parent, path) == []
    assert load_project(path).edits == {"v": 1}


def test_an_interrupt_during_serialisation_touches_nothing(saved, monkeypatch):
    path, before = saved

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("desktop_app.project.schema.json.dumps", interrupted)
    with pytest.raises(KeyboardInterrupt):
        save_project(Project(sample_analysis(), edits={"v": 2}), path)
    assert path.read_bytes() == before and _leftovers(path.parent, path) == []


def test_an_interrupt_during_the_write_removes_the_temp_file(saved, monkeypatch):
    path, before = saved

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        save_project(Project(sample_analysis(), edits={"v": 2}), path)
    assert path.read_bytes() == before and _leftovers(path.parent, path) == []


def test_overwrite_false_refuses_an_existing_file(saved):
    path, before = saved
    with pytest.raises(OutputExistsError, match="already exists"):
        save_project(Project(sample_analysis()), path, overwrite=False)
    assert path.read_bytes() == before
    fresh = save_project(Project(sample_analysis()), path.with_name("other.cutmark.json"), overwrite=False)
    assert load_project(fresh).analysis == sample_analysis()


def test_saving_into_a_missing_folder_is_an_output_error(tmp_path):
    with pytest.raises(OutputError, match="cannot write"):
        save_project(Project(sample_analysis()), tmp_path / "no" / "such" / "p.cutmark.json")


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_atomic_write_keeps_the_mode_of_the_file_it_replaces(tmp_path):
    path = tmp_path / "notes.txt"
    atomic_write_text(path, "one\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    path.chmod(0o600)
    atomic_write_bytes(path, b"two\r\n")
    assert path.read_bytes() == b"two\r\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    atomic_write_text(path, "a\nb\n")
    assert path.read_bytes() == b"a\nb\n"  # no newline translation on any OS


def test_invalid_json_names_the_file_and_line(tmp_path):
    path = tmp_path / "broken.cutmark.json"
    path.write_text('{\n "schema_version": 1,\n "media": {,\n}', encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(ProjectError) as info:
        load_project(path)
    message = str(info.value)
    assert str(path) in message and "not valid JSON" in message and "line 3" in message
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "not valid JSON"),
        (b"\xff\xfe{}", "not UTF-8"),
        (b'{"schema_version": NaN}', "NaN is not a JSON number"),
        (b"[]", "JSON object"),
    ],
)
def test_other_unreadable_files(tmp_path, content, expected):
    path = tmp_path / "x.cutmark.json"
    path.write_bytes(content)
    with pytest.raises(ProjectError, match=expected):
        load_project(path)


def test_missing_file(tmp_path):
    with pytest.raises(ProjectError, match="no such file"):
        load_project(tmp_path / "gone.cutmark.json")


def test_a_byte_order_mark_is_tolerated(tmp_path):
    path = save_project(Project(sample_analysis()), tmp_path / "p.cutmark.json")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_project(path).analysis == sample_analysis()


def test_file_is_plain_utf8_json_other_tools_can_read(tmp_path):
    path = save_project(Project(sample_analysis()), tmp_path / "p.cutmark.json")
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and raw.endswith(b"}\n")
    assert json.loads(raw.decode("utf-8"))["segments"][3]["text"].startswith("今天")


def test_default_project_path(tmp_path):
    assert default_project_path("/videos/my.talk.mp4") == Path("/videos/my.talk.cutmark.json")
    assert default_project_path(Path("clip.MOV"), tmp_path) == tmp_path / "clip.cutmark.json"
    assert default_project_path("/v/第一集.mkv", "/out").name == "第一集.cutmark.json"
