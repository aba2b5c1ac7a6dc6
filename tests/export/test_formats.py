"""Subtitle and transcript files, written through the registry and read back by other parsers."""

import errno
import os
import re

import pysrt
import pytest
import srt

from desktop_app import export as exports
from desktop_app.core.errors import ExportError, OutputError, OutputExistsError
from desktop_app.core.model import GAP, SPEECH, Segment
from desktop_app.export import ExportOptions, SubtitleOptions
from desktop_app.project import Project, load_project
from tests.project.factories import EN_TEXT, ZH_TEXT, sample_analysis


def _project(segments=None, **kwargs):
    analysis = sample_analysis(**kwargs)
    if segments is not None:
        analysis = type(analysis)(**{**analysis.__dict__, "segments": tuple(segments)})
    return Project(analysis, edits={"keep": [[0, 5000]]})


def _srt(tmp_path, project, options=None, stem="talk"):
    [path] = exports.export(project, ["srt"], tmp_path, stem=stem, options=options)
    text = path.read_text(encoding="utf-8")
    return path, text, list(srt.parse(text)), pysrt.open(str(path), encoding="utf-8")


def _check_layout(subs, max_chars=42, max_lines=2, gap_ms=80):
    for cue in subs:
        assert cue.content.strip(), "empty cue"
        assert cue.start < cue.end
        lines = cue.content.split("\n")
        assert 1 <= len(lines) <= max_lines and all(line.strip() for line in lines)
        assert all(len(line) <= max_chars for line in lines), lines
    for a, b in zip(subs, subs[1:], strict=False):
        assert a.start < b.start and (b.start - a.end).total_seconds() * 1000 >= gap_ms - 0.5


@pytest.mark.parametrize("with_words", [True, False])
def test_srt_with_english_and_chinese_parses_with_both_libraries(tmp_path, with_words):
    path, text, subs, items = _srt(tmp_path, _project(with_words=with_words))
    assert path == (tmp_path / "talk.srt").resolve()
    assert len(subs) == len(items) >= 4
    assert [s.index for s in subs] == list(range(1, len(subs) + 1))
    assert [(i.start.ordinal, i.end.ordinal) for i in items] == [
        (round(s.start.total_seconds() * 1000), round(s.end.total_seconds() * 1000)) for s in subs
    ]
    _check_layout(subs)
    assert "\r" not in text and not text.startswith("\ufeff")
    # the words, in order, are all there: nothing lost, no spaces pushed into Chinese
    joined = " ".join(s.content.replace("\n", " ") for s in subs)
    assert EN_TEXT in joined
    assert ZH_TEXT in "".join(s.content.replace("\n", "") for s in subs)
    # English cues split at word boundaries
    en_tokens = set(EN_TEXT.split())
    for s in subs:
        if s.content[0].isascii():
            assert set(s.content.split()) <= en_tokens


def test_cjk_layout_wraps_between_characters_without_spaces(tmp_path):
    options = ExportOptions(SubtitleOptions(max_chars_per_line=16, max_cps=9.0))
    _, _, subs, _ = _srt(tmp_path, _project(), options)
    _check_layout(subs, max_chars=16)
    zh = [s for s in subs if "\u4e00" <= s.content[0] <= "\u9fff"]
    assert len(zh) >= 2
    assert all(" " not in s.content for s in zh)
    assert "".join(s.content.replace("\n", "") for s in zh) == ZH_TEXT


def test_word_timestamps_set_the_cue_starts(tmp_path):
    project = _project()
    word_starts = {w.start_ms for seg in project.analysis.segments for w in seg.words}
    _, _, _, items = _srt(
        tmp_path, project, ExportOptions(SubtitleOptions(max_chars_per_line=20, max_shift_ms=0))
    )
    speech = [i for i in items if i.start.ordinal < 19_000]
    assert len(speech) >= 6
    assert all(i.start.ordinal in word_starts for i in speech)


def test_blank_lines_and_control_characters_cannot_break_the_file(tmp_path):
    nasty = (
        "First line\n\n\nsecond\x00 line\x07\r\n\r\n3\n00:00:01,000 --> 00:00:02,000\n\x1b[31mred\u2028end"
    )
    segments = [
        Segment(0, 4000, SPEECH, nasty),
        Segment(4000, 5000, SPEECH, "\n\n \t\x00"),  # nothing left: no cue
        Segment(5000, 9000, SPEECH, "中文\n\n第二行"),
        Segment(9000, 9500, GAP, "heard in a gap"),
    ]
    _, text, subs, items = _srt(tmp_path, _project(segments))
    assert "\x00" not in text and "\x07" not in text and "\x1b" not in text and "\u2028" not in text
    blocks = text.strip("\n").split("\n\n")
    assert len(blocks) == len(subs) == len(items)
    _check_layout(subs)
    assert "中文第二行" in text
    assert "heard in a gap" in text  # the model heard words there: they are subtitled too


def test_gap_text_is_subtitled(tmp_path):
    segments = [Segment(0, 2000, SPEECH, "hello"), Segment(3000, 5000, GAP, "(music lyrics)")]
    _, text, subs, _ = _srt(tmp_path, _project(segments))
    assert [s.content for s in subs] == ["hello", "(music lyrics)"]


def test_hearing_impaired_cues_for_events(tmp_path):
    options = ExportOptions(SubtitleOptions(include_events=True))
    _, _, subs, _ = _srt(tmp_path, _project(), options)
    contents = [s.content for s in subs]
    assert "[Laughter]" in contents and "[Applause]" in contents
    _check_layout(subs)
    _, _, plain, _ = _srt(tmp_path / "plain", _project())
    assert not any(c.startswith("[") for c in (s.content for s in plain))


def test_vtt(tmp_path):
    [path] = exports.export(_project(), ["vtt"], tmp_path, stem="talk")
    text = path.read_text(encoding="utf-8")
    assert path.suffix == ".vtt" and text.startswith("WEBVTT\n\n")
    times = re.findall(r"^(\d\d:\d\d:\d\d\.\d\d\d) --> (\d\d:\d\d:\d\d\.\d\d\d)$", text, flags=re.M)
    assert len(times) >= 4 and all(a < b for a, b in times)
    assert all(times[i][1] < times[i + 1][0] for i in range(len(times) - 1))
    assert "&lt;b&gt;&amp;amp;&lt;/b&gt;" in text and "<b>" not in text  # cue text is escaped
    assert "-->" not in "".join(line for line in text.splitlines() if " --> " not in line)


def test_txt_is_one_segment_a_line(tmp_path):
    [path] = exports.export(_project(), ["txt"], tmp_path, stem="talk")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[:2] == [EN_TEXT, ZH_TEXT] and len(lines) == 3


def test_json_export_opens_as_a_project(tmp_path):
    project = _project()
    [path] = exports.export(project, ["json"], tmp_path, stem="talk")
    loaded = load_project(path)
    assert loaded == project and loaded.analysis.options == project.analysis.options


def test_several_formats_at_once_and_a_new_folder(tmp_path):
    out = tmp_path / "exports" / "today"
    paths = exports.export(_project(), ["SRT", "vtt", "txt", "json", "srt"], out, stem="第一集 final")
    assert [p.name for p in paths] == [
        "第一集 final.srt",
        "第一集 final.vtt",
        "第一集 final.txt",
        "第一集 final.json",
    ]
    assert all(p.is_file() for p in paths)


def test_overwrite_is_refused_unless_asked(tmp_path):
    existing = tmp_path / "talk.vtt"
    existing.write_bytes(b"keep me")
    with pytest.raises(OutputExistsError) as info:
        exports.export(_project(), ["srt", "vtt"], tmp_path, stem="talk")
    assert str(existing.resolve()) in str(info.value)
    assert existing.read_bytes() == b"keep me"
    assert not (tmp_path / "talk.srt").exists()  # nothing written when one target is taken
    exports.export(_project(), ["srt", "vtt"], tmp_path, stem="talk", overwrite=True)
    assert existing.read_text(encoding="utf-8").startswith("WEBVTT")


@pytest.mark.parametrize("stem", ["../evil", "..", "sub/evil", "sub\\evil", "", "   ", "a\x00b"])
def test_stems_that_leave_the_folder_are_refused(tmp_path, stem):
    out = tmp_path / "out"
    with pytest.raises(ExportError):
        exports.export(_project(), ["srt"], out, stem=stem)
    assert not any(p.suffix == ".srt" for p in tmp_path.rglob("*"))


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
def test_a_symlink_pointing_outside_is_refused(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    outside = tmp_path / "victim.srt"
    outside.write_text("precious", encoding="utf-8")
    (out / "talk.srt").symlink_to(outside)
    with pytest.raises(ExportError, match="outside"):
        exports.export(_project(), ["srt"], out, stem="talk", overwrite=True)
    assert outside.read_text(encoding="utf-8") == "precious"


def test_write_failures_are_output_errors(tmp_path, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("desktop_app.project.atomic.os.replace", full)
    with pytest.raises(OutputError) as info:
        exports.export(_project(), ["srt"], tmp_path, stem="talk")
    assert "talk.srt" in str(info.value) and "No space left" in str(info.value)
    assert list(tmp_path.iterdir()) == []


def test_an_out_dir_that_is_a_file_is_an_output_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(OutputError):
        exports.export(_project(), ["srt"], blocker, stem="talk")
    with pytest.raises(OutputError):
        exports.export(_project(), ["srt"], blocker / "below", stem="talk")
