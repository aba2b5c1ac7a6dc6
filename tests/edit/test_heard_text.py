"""Words the model heard in a window the VAD called non-speech count as speech everywhere.

Quiet speech, speech over music, a laugh with words: the VAD says "gap", SenseVoice
still writes text. The subtitles, the "keep speech" jump cut and the music drop must
all treat that window as speech (``Segment.has_speech``).
"""

import dataclasses

import pysrt
import pytest

from desktop_app.cli.main import main
from desktop_app.core.model import GAP, SPEECH, Marker, Segment
from desktop_app.edit import SilenceCutOptions, TagDropOptions, build_plan, drop_tags, silence_cut
from desktop_app.export import build_cues
from desktop_app.project import Project, save_project
from tests.project.factories import sample_analysis

LYRICS = "you are my sunshine my only sunshine"


def heard_in_a_gap():
    base = sample_analysis()
    media = dataclasses.replace(base.media, path="song.mp4", duration_ms=30_000)
    segments = (
        Segment(0, 1_000, GAP),
        Segment(1_000, 5_000, SPEECH, "welcome back to the show", "en"),
        Segment(5_000, 10_000, GAP),  # silence
        Segment(10_000, 14_000, GAP, LYRICS, "en", event="BGM", event_confidence=0.9),  # sung over music
        Segment(14_000, 30_000, GAP),
    )
    markers = (Marker("event", "bgm", 10_000, 14_000, 0.9),)
    return dataclasses.replace(base, media=media, segments=segments, markers=markers)


def test_segment_has_speech_when_the_vad_said_so_or_the_model_heard_words():
    assert Segment(0, 10, SPEECH).has_speech  # VAD-only projects have no text
    assert Segment(0, 10, GAP, "hello").has_speech
    assert not Segment(0, 10, GAP).has_speech and not Segment(0, 10, GAP, " \n").has_speech


def test_text_heard_in_a_gap_window_is_subtitled():
    cues = build_cues(Project(heard_in_a_gap()))
    assert [c.text.replace("\n", " ") for c in cues] == ["welcome back to the show", LYRICS]
    assert cues[1].start_ms >= 10_000


def test_keep_speech_keeps_a_window_where_the_model_heard_words():
    a = heard_in_a_gap()
    opts = SilenceCutOptions(pad_before_ms=200, pad_after_ms=200)
    plan = silence_cut(a, opts)
    assert plan.spans() == [(800, 5_200), (9_800, 14_200)]
    assert build_plan(a, "silence", silence=opts).spans() == plan.spans()


def test_music_only_drop_spares_words_sung_over_the_music():
    plan = drop_tags(None, heard_in_a_gap(), TagDropOptions(labels=(), music_only=True))
    assert plan.is_whole()  # the only music has words over it


@pytest.fixture
def project_file(tmp_path):
    path = tmp_path / "song.cutmark.json"
    save_project(Project(heard_in_a_gap()), path)
    (tmp_path / "song.mp4").write_bytes(b"not really a video")
    return path


def test_cli_srt_and_cut_keep_the_heard_words(tmp_path, project_file, capsys):
    out = tmp_path / "out"
    assert main(["export", str(project_file), "--format", "srt", "--out", str(out)]) == 0
    subs = pysrt.open(str(out / "song.srt"), encoding="utf-8")
    assert LYRICS in [s.text.replace("\n", " ") for s in subs]
    capsys.readouterr()
    assert main(["cut", str(project_file), "--dry-run", "--pad-ms", "0"]) == 0
    kept = capsys.readouterr().out.splitlines()
    assert [line.split()[:2] for line in kept] == [
        ["00:00:01.000", "00:00:05.000"],
        ["00:00:10.000", "00:00:14.000"],
    ]
    args = [
        "export",
        str(project_file),
        "--format",
        "srt",
        "--cut",
        "silence",
        "--out",
        str(tmp_path / "cut"),
    ]
    assert main(args) == 0
    cut_subs = pysrt.open(str(tmp_path / "cut" / "song.srt"), encoding="utf-8")
    assert LYRICS in [s.text.replace("\n", " ") for s in cut_subs]
