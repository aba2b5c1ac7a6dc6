"""``cutmark cut/export`` with the word flags: --drop-fillers, --max-pause, --remove-words;
``--dry-run`` prints the kept ranges, which are parsed here."""

from __future__ import annotations

import dataclasses

import pytest

from desktop_app.cli.main import main
from desktop_app.core.model import SPEECH, Segment, Word
from desktop_app.project.schema import Project
from desktop_app.project.store import save_project
from tests.edit.wordy import talk_project

FILLERS = {"um", "uh", "嗯", "呃"}


def clock(text: str) -> int:
    h, m, rest = text.split(":")
    s, ms = rest.split(".")
    return ((int(h) * 60 + int(m)) * 60 + int(s)) * 1000 + int(ms)


def kept_ranges(out: str) -> list[tuple[int, int]]:
    return [(clock(line.split()[0]), clock(line.split()[1])) for line in out.splitlines() if line.strip()]


def remap(ranges, t):
    offset = 0
    for a, b in ranges:
        if a <= t <= b:
            return offset + t - a
        offset += b - a
    return None


@pytest.fixture
def project_file(tmp_path):
    base = talk_project()
    a = base.analysis
    t = a.media.duration_ms
    zh_words = (Word("嗯", t + 400, t + 600), Word("我", t + 1400, t + 1600), Word("们", t + 1620, t + 1800),
                Word("呃", t + 1900, t + 2100), Word("好", t + 2800, t + 3000))  # fmt: skip
    zh = Segment(t + 300, t + 3100, SPEECH, "嗯我们呃好。", "zh", words=zh_words)
    media = dataclasses.replace(a.media, duration_ms=t + 3600)
    project = Project(dataclasses.replace(a, media=media, segments=(*a.segments, zh)))
    return save_project(project, tmp_path / "talk.cutmark.json"), project


def test_drop_fillers_and_max_pause_dry_run(project_file, capsys):
    path, project = project_file
    rc = main(["cut", str(path), "--drop-fillers", "--max-pause", "300", "--format", "otio", "--dry-run"])
    out, err = capsys.readouterr()
    assert rc == 0, err
    ranges = kept_ranges(out)
    assert ranges and "keeps" in err
    assert not list(path.parent.glob("*.otio"))  # a dry run writes nothing
    words = sorted((w for s in project.analysis.segments for w in s.words), key=lambda w: w.start_ms)
    fillers = [w for w in words if w.text in FILLERS]
    kept = [w for w in words if w.text not in FILLERS]
    assert len(fillers) == 4
    for f in fillers:  # every filler's span lies outside every kept range
        assert all(b <= f.start_ms or a >= f.end_ms for a, b in ranges), (f, ranges)
    for w in kept:  # no kept word clipped
        assert any(a <= w.start_ms and w.end_ms <= b for a, b in ranges), (w, ranges)
    pauses = [
        remap(ranges, b.start_ms) - remap(ranges, a.end_ms) for a, b in zip(kept, kept[1:], strict=False)
    ]
    assert max(pauses) <= 300, pauses
    # without the flags the same talk has longer pauses
    assert main(["cut", str(path), "--format", "otio", "--dry-run"]) == 0
    plain = kept_ranges(capsys.readouterr().out)
    assert (
        max(remap(plain, b.start_ms) - remap(plain, a.end_ms) for a, b in zip(words, words[1:], strict=False))
        > 300
    )


def test_export_remove_words_cuts_them_from_timelines_and_subtitles(project_file, tmp_path, capsys):
    path, project = project_file
    out_dir = tmp_path / "out"
    rc = main(
        [
            "export",
            str(path),
            "--format",
            "srt,edl",
            "--remove-words",
            "banana|croco.*",
            "--out",
            str(out_dir),
        ]
    )
    _, err = capsys.readouterr()
    assert rc == 0, err
    srt = (out_dir / "talk.srt").read_text(encoding="utf-8").lower()
    assert "banana" not in srt and "crocodile" not in srt and "today" in srt and "okay" in srt
    assert "keeps" in err  # the word flags imply a cut (marks) even with the default --cut none
    assert (out_dir / "talk.edl").read_text(encoding="utf-8").count("* FROM CLIP NAME") >= 3


def test_the_projects_own_word_cuts_apply_unless_ignored(project_file, capsys):
    path, project = project_file
    banana = next(w for s in project.analysis.segments for w in s.words if w.text == "banana")
    mark = {"start_ms": banana.start_ms, "end_ms": banana.end_ms, "action": "cut", "by": "words"}
    save_project(dataclasses.replace(project, edits={"cuts": [mark]}), path, overwrite=True)
    main(["cut", str(path), "--format", "otio", "--dry-run", "--min-gap-ms", "99999"])
    ranges = kept_ranges(capsys.readouterr().out)
    assert all(b <= banana.start_ms or a >= banana.end_ms for a, b in ranges)
    main(["cut", str(path), "--format", "otio", "--dry-run", "--min-gap-ms", "99999", "--ignore-marks"])
    ranges = kept_ranges(capsys.readouterr().out)
    assert any(a <= banana.start_ms and banana.end_ms <= b for a, b in ranges)


def test_a_bad_pattern_is_a_clear_error_and_writes_nothing(project_file, tmp_path, capsys):
    path, _ = project_file
    rc = main(["export", str(path), "--format", "srt", "--remove-words", "(um", "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert rc == 1 and "not a regular expression" in err and "Traceback" not in err
    assert not (tmp_path / "o").exists()
