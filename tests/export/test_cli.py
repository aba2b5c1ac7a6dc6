"""``cutmark export``, ``cut``, ``highlights`` and ``process --export`` on the command line."""

import contextlib
import dataclasses
import json

import numpy as np
import opentimelineio as otio
import pysrt
import pytest

from desktop_app.cli.main import main
from desktop_app.project import Project, save_project
from tests.project.factories import sample_analysis


@pytest.fixture
def project_file(tmp_path):
    analysis = sample_analysis()
    media = dataclasses.replace(analysis.media, path="talk.mp4")  # relative: found beside the project
    edits = {"cuts": [{"start_ms": 40_000, "end_ms": 41_000, "action": "keep"}]}
    path = tmp_path / "talk.cutmark.json"
    save_project(Project(dataclasses.replace(analysis, media=media), edits=edits), path)
    (tmp_path / "talk.mp4").write_bytes(b"not really a video")
    return path


def test_export_writes_every_format_named(tmp_path, project_file, capsys):
    out = tmp_path / "out"
    names = "srt,vtt,txt,json,fcp7xml,fcpxml,edl,otio,csv,chapters,markers-edl"
    assert main(["export", str(project_file), "--format", names, "--out", str(out)]) == 0
    written = sorted(p.name for p in out.iterdir())
    assert written == sorted(
        ["talk.srt", "talk.vtt", "talk.txt", "talk.json", "talk.xml", "talk.fcpxml", "talk.edl", "talk.otio",
         "talk.csv", "talk.chapters.txt", "talk.markers.edl"]
    )  # fmt: skip
    assert capsys.readouterr().out.count(str(out)) == len(written)
    timeline = otio.adapters.read_from_file(str(out / "talk.otio"))
    url = next(iter(timeline.find_clips())).media_reference.target_url
    assert url == (tmp_path / "talk.mp4").resolve().as_uri()
    assert main(["export", str(project_file), "--format", "srt", "--out", str(out)]) == 1  # exists
    assert "--overwrite" in capsys.readouterr().err


def test_export_with_a_cut_and_a_preset(tmp_path, project_file, capsys):
    out = tmp_path / "cut"
    args = ["export", str(project_file), "--format", "srt,edl,otio", "--cut", "silence", "--pad-ms", "100",
            "--preset", "vertical", "--hi", "--out", str(out), "--stem", "short"]  # fmt: skip
    assert main(args) == 0
    assert "keeps" in capsys.readouterr().err
    subs = pysrt.open(str(out / "short.srt"), encoding="utf-8")
    assert all(len(line) <= 24 for s in subs for line in s.text.split("\n"))
    timeline = otio.adapters.read_from_file(str(out / "short.otio"))
    clips = list(timeline.tracks[0].find_clips())
    assert len(clips) == 3  # two stretches of speech, and the user's own keep mark at 40 s
    assert [c.metadata["cutmark"]["reason"] for c in clips][-1] == "user"
    ignore = ["export", str(project_file), "--format", "otio", "--cut", "silence", "--ignore-marks",
              "--out", str(out / "no-marks")]  # fmt: skip
    assert main(ignore) == 0
    uncut = otio.adapters.read_from_file(str(out / "no-marks" / "talk.otio"))
    assert len(list(uncut.tracks[0].find_clips())) == 2


@pytest.mark.parametrize("bad", ["xyz", "srt,,nope", ","])
def test_unknown_formats_are_usage_errors(tmp_path, project_file, capsys, bad):
    assert main(["export", str(project_file), "--format", bad, "--out", str(tmp_path / "o")]) == 2
    assert "choose from" in capsys.readouterr().err.lower()
    assert not (tmp_path / "o").exists()


def test_cut_reads_the_project_beside_a_media_file(tmp_path, project_file, capsys):
    media = tmp_path / "talk.mp4"
    assert main(["cut", str(media), "--keep", "speech", "--pad-ms", "200", "--min-clip-ms", "500",
                 "--format", "fcp7xml,edl", "--out", str(tmp_path / "o")]) == 0  # fmt: skip
    assert (tmp_path / "o" / "talk.xml").is_file() and (tmp_path / "o" / "talk.edl").is_file()
    assert len(capsys.readouterr().out.splitlines()) == 2
    assert main(["cut", str(project_file), "--dry-run", "--ignore-marks"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == ["00:00:00.800  00:00:09.200  speech", "00:00:11.800  00:00:22.200  speech"]
    lonely = tmp_path / "other.mp4"
    lonely.write_bytes(b"x")
    assert main(["cut", str(lonely)]) == 1
    assert "cutmark process" in capsys.readouterr().err


def test_highlights_list_dry_run_and_target(tmp_path, project_file, capsys):
    assert main(["highlights", str(project_file), "--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and "score 2.49  laughter" in lines[0] and "score 1.50  applause" in lines[1]
    assert main(["highlights", str(project_file), "--events", "laughter", "--before", "2s", "--after", "500ms",
                 "--ignore-marks", "--dry-run"]) == 0  # fmt: skip
    assert capsys.readouterr().out.splitlines() == ["00:00:07.000  00:00:12.500  highlight:laughter"]
    assert main(["highlights", str(project_file), "--target", "5s", "--ignore-marks", "--dry-run"]) == 0
    assert capsys.readouterr().out.splitlines() == ["00:00:09.000  00:00:14.000  highlight:laughter"]
    assert main(["highlights", str(project_file), "--format", "otio", "--out", str(tmp_path / "h")]) == 0
    assert (tmp_path / "h" / "talk.otio").is_file()
    assert main(["highlights", str(project_file), "--before", "soon"]) == 2


def test_process_exports_right_after_the_analysis(tmp_path, capsys):
    from tests.media.gen import make_audio_file

    t = np.arange(3 * 16000) / 16000
    tone = (0.3 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)
    wav = make_audio_file(tmp_path / "voice.wav", tone, 16000)
    out = tmp_path / "o"
    args = ["--vad-only", "--no-cache", "--out", str(out), "--export", "otio,edl,csv", "--progress", "json"]
    assert main(["process", wav, *args]) == 0
    assert {p.name for p in out.iterdir()} >= {"voice.cutmark.json", "voice.otio", "voice.edl", "voice.csv"}
    events = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    done = [e for e in events if e["event"] == "done"]
    assert set(done[0]["outputs"]) >= {"project", "otio", "edl", "csv"}
    assert main(["process", wav, "--vad-only", "--export", "nope"]) == 2


def test_shotcut_and_kdenlive_from_export_cut_and_highlights(tmp_path, project_file, capsys):
    import xml.etree.ElementTree as ET

    out = tmp_path / "editors"
    assert (
        main(["export", str(project_file), "--format", "mlt,kdenlive", "--cut", "silence", "--out", str(out)])
        == 0
    )
    assert sorted(p.name for p in out.iterdir()) == ["talk.kdenlive", "talk.kdenlive.srt", "talk.mlt"]
    v1 = ET.parse(out / "talk.mlt").getroot().find("playlist[@id='playlist0']")
    assert len(v1.findall("entry")) == 3  # two stretches of speech and the user's keep mark
    assert main(["export", str(project_file), "--format", "kdenlive", "--out", str(out)]) == 1  # exists
    assert "--overwrite" in capsys.readouterr().err
    assert main(["cut", str(project_file), "--format", "mlt", "--out", str(tmp_path / "c")]) == 0
    assert main(["highlights", str(project_file), "--format", "kdenlive", "--out", str(tmp_path / "h")]) == 0
    assert (tmp_path / "c" / "talk.mlt").is_file() and (tmp_path / "h" / "talk.kdenlive").is_file()
    assert "mlt (Shotcut)" in " ".join(main_help(capsys))


def main_help(capsys) -> list[str]:
    capsys.readouterr()
    with contextlib.suppress(SystemExit):  # argparse exits after printing the help
        main(["export", "--help"])
    return capsys.readouterr().out.split()
