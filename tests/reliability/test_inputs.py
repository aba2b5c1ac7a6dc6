"""Whatever cameras, phones and recorders produce: each input gets a clear result or a
clear message with a next step, through the same CLI a batch uses.

Already covered elsewhere (see docs/RELIABILITY.md): the decoder's typed errors
(tests/media/test_decode_errors.py), resampling of 8 kHz / 96 kHz and the 5.1 downmix
(tests/media/test_decode.py), probing audio-only files, two tracks and VFR
(tests/media/test_probe.py), and a mixed batch of bad files (tests/e2e/test_bad_inputs.py).
"""

from __future__ import annotations

import json
import shutil
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from desktop_app.cli.main import main
from desktop_app.core import errors
from desktop_app.export.timeline import nearest_standard_rate
from desktop_app.media import DecodeOptions, decode_audio_all
from desktop_app.project.store import load_project
from tests.media import gen
from tests.reliability.helpers import files_under

# --- broken files: one line each, naming the file, with the next step -----------------


def _no_audio(d: Path) -> Path:
    return Path(gen.make_video(d / "no audio.mp4", 2.0, audio_tracks=0))


def _truncated_with_header(d: Path) -> Path:
    path = Path(gen.make_video(d / "cut faststart.mp4", 10.0, options={"movflags": "faststart"}))
    gen.truncate(path, 0.5)
    return path


def _truncated_without_header(d: Path) -> Path:
    path = Path(gen.make_video(d / "cut moov-at-end.mp4", 4.0))  # the index is written last
    gen.truncate(path, 0.5)
    return path


def _random_bytes(d: Path) -> Path:
    path = d / "random.mov"
    path.write_bytes(np.random.default_rng(7).bytes(50_000))
    return path


def _zero_length(d: Path) -> Path:
    path = d / "zero.mp4"
    path.write_bytes(b"")
    return path


BROKEN = {
    "no audio track": (_no_audio, errors.NoAudioTrackError, "has no audio track"),
    "truncated, header intact": (_truncated_with_header, errors.TruncatedMediaError, "but its header says"),
    "truncated, header missing": (_truncated_without_header, errors.UnreadableMediaError, "not a media file"),
    "random bytes": (_random_bytes, errors.UnreadableMediaError, "not a media file"),
    "zero length": (_zero_length, errors.EmptyMediaError, "is empty"),
}


@pytest.mark.parametrize("kind", list(BROKEN))
def test_a_broken_file_is_one_line_with_a_next_step_and_writes_nothing(kind, tmp_path, capsys):
    make, error_type, needle = BROKEN[kind]
    src = tmp_path / "in"
    src.mkdir()
    path = make(src)
    before = path.read_bytes()
    out = tmp_path / "out"
    # --strict: a cut-off file is refused too (by default it is analysed with a warning)
    rc = main(["process", str(path), "--vad-only", "--strict", "--out", str(out)])
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.startswith("cutmark: error:")]
    assert rc == 1
    assert len(lines) == 1, err
    assert path.name in lines[0] and needle in lines[0]
    assert error_type.hint and error_type.hint in lines[0]  # what to do next
    assert "Traceback" not in err
    assert files_under(out) == []
    assert path.read_bytes() == before  # the input is never touched


@pytest.mark.parametrize("suffix", [".wav", ".mp3", ".flac", ".m4a"])
def test_audio_only_files_cut_off_with_their_header_intact_are_detected(suffix, tmp_path):
    """PyAV decodes these silently short; the header's duration gives it away.

    (WAV was missed before: FFmpeg sizes a WAV by the bytes present, not its header.)
    An .m4a with its index at the end cannot be opened at all once cut: that is the
    header-missing case above.
    """
    path = tmp_path / f"cut{suffix}"
    if suffix == ".m4a":
        whole = gen.make_video(
            tmp_path / "whole.m4a", 10.0, video=False, channels=1, options={"movflags": "faststart"}
        )
        shutil.copy(whole, path)
    else:
        gen.make_audio_file(path, gen.tone(440), 44100, duration_s=10.0)
    gen.truncate(path, 0.5)
    with pytest.raises(errors.TruncatedMediaError, match=r"ends at 00:00:0\d but its header says 00:00:10"):
        decode_audio_all(path, options=DecodeOptions(strict=True))
    assert "looks cut off: its header says 00:00:10" in decode_audio_all(path).warnings[0]


# --- files that must work ---------------------------------------------------------------


def _json_events(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]


def test_audio_only_files_rates_and_channels_are_analysed(tmp_path, capsys):
    """wav/mp3/m4a/flac, 8 kHz and 96 kHz, mono to 5.1: all analysed to their full length."""
    src = tmp_path / "in"
    src.mkdir()
    speechless = gen.tone(300, 0.3)
    five_one = lambda t: np.stack([0.2 * np.sin(2 * np.pi * f * t) for f in (300, 500, 700, 60, 900, 1100)])  # noqa: E731
    made = {
        "phone 8k.wav": gen.make_audio_file(src / "phone 8k.wav", speechless, 8000, duration_s=3.0),
        "podcast.mp3": gen.make_audio_file(
            src / "podcast.mp3", speechless, 44100, duration_s=3.0, channels=2
        ),
        "voice memo.m4a": gen.make_audio_file(src / "voice memo.m4a", speechless, 48000, duration_s=3.0),
        "studio 96k.flac": gen.make_audio_file(
            src / "studio 96k.flac", speechless, 96000, duration_s=3.0, channels=2
        ),
        "surround 5.1.mkv": gen.make_video(
            src / "surround 5.1.mkv", 3.0, audio=five_one, channels=6, audio_rate=48000
        ),
    }
    out = tmp_path / "out"
    rc = main(["process", str(src), "--vad-only", "--out", str(out), "--progress", "json"])
    captured = capsys.readouterr()
    assert rc == 0, captured.err
    done = {Path(e["file"]).name: e for e in _json_events(captured.out) if e["event"] == "done"}
    assert set(done) == set(made)
    for name in made:
        project = load_project(out / f"{Path(name).stem}.cutmark.json")
        a = project.analysis
        assert abs(a.media.duration_ms - 3000) <= 100, name
        assert a.segments[0].start_ms == 0 and abs(a.segments[-1].end_ms - 3000) <= 100, name
        assert (a.media.video is None) == (not name.endswith(".mkv"))


def test_two_audio_tracks_show_their_languages_and_either_can_be_chosen(tmp_path, capsys):
    path = gen.make_video(
        tmp_path / "interview.mp4",
        3.0,
        audio=[gen.tone(440, 0.3), np.zeros(1)],  # track 1 is silent
        audio_tracks=2,
        language=["eng", "jpn"],
    )
    assert main(["probe", path]) == 0
    listing = capsys.readouterr().out
    assert "audio track 0 [eng]" in listing and "audio track 1 [jpn]" in listing

    out = tmp_path / "out"
    assert main(["process", path, "--vad-only", "--audio-track", "1", "--out", str(out)]) == 0
    a = load_project(out / "interview.cutmark.json").analysis
    assert a.audio_track == 1
    assert [t.language for t in a.media.audio_tracks] == ["eng", "jpn"]
    assert all(m.label == "silence" for m in a.markers)  # the silent track, not the tone

    capsys.readouterr()
    assert main(["process", path, "--vad-only", "--audio-track", "2", "--out", str(out), "--overwrite"]) == 1
    err = capsys.readouterr().err
    assert "has 2 audio tracks (numbered from 0), so there is no track 2" in err
    assert "cutmark probe" in err


@pytest.mark.gui
@pytest.mark.timeout(60)
def test_the_player_lists_both_tracks_with_their_languages(qtbot, tmp_path):
    pytest.importorskip("PySide6.QtMultimedia")
    from desktop_app.ui.player import Player
    from desktop_app.ui.transport import TransportBar

    path = gen.make_video(
        tmp_path / "two.mp4",
        2.0,
        audio=[gen.tone(440), gen.tone(1000)],
        audio_tracks=2,
        language=["eng", "jpn"],
    )
    player = Player()
    bar = TransportBar(player)
    qtbot.addWidget(bar)
    qtbot.addWidget(player.video_widget)
    with qtbot.waitSignal(player.tracks_changed, timeout=10_000) as blocker:
        player.open(path)
    names = blocker.args[0]
    assert len(names) == 2 and "English" in names[0] and "Japanese" in names[1]
    assert bar.tracks.isEnabled() and bar.tracks.count() == 2  # choosable
    player.close()


def test_variable_frame_rate_phone_video_is_analysed_flagged_and_explained(tmp_path, capsys):
    times, t = [], 0.0
    rng = np.random.default_rng(3)
    while t < 4.0:  # a phone's camera: 30 fps that drops to 15 in low light
        times.append(round(t, 4))
        t += 1 / 30 if rng.random() < 0.6 else 1 / 15
    path = gen.make_video(tmp_path / "phone.mp4", 4.0, frame_times_s=times, fps=Fraction(30))
    out = tmp_path / "out"
    rc = main(["process", path, "--vad-only", "--out", str(out), "--export", "fcp7xml"])
    err = capsys.readouterr().err
    assert rc == 0, err
    a = load_project(out / "phone.cutmark.json").analysis
    assert a.media.video.variable_frame_rate
    assert "variable frame rate" in err and "warning" in err
    assert any("variable frame rate" in w for w in a.options["warnings"])
    standard = nearest_standard_rate(a.media.video.fps)  # what editors take instead of ~21 fps
    xml = (out / "phone.xml").read_text(encoding="utf-8")
    assert f"<timebase>{round(standard)}</timebase>" in xml


@pytest.mark.parametrize("suffix", [".mp4", ".mkv"])
def test_bit_rot_in_the_middle_costs_a_moment_not_the_file(suffix, tmp_path, capsys):
    path = gen.make_video(
        tmp_path / f"rot{suffix}",
        10.0,
        audio=gen.tone(440, 0.3),
        options={"movflags": "faststart"} if suffix == ".mp4" else None,
    )
    gen.corrupt_middle(path, 4096, seed=3)
    out = tmp_path / "out"
    rc = main(["process", path, "--vad-only", "--out", str(out)])
    err = capsys.readouterr().err
    assert rc == 0, err
    a = load_project(out / "rot.cutmark.json").analysis
    assert abs(a.segments[-1].end_ms - 10_000) <= 500  # the whole file, in place
    assert a.options["warnings"], "the damage is reported"
    assert "cutmark: warning:" in err and "00:00:0" in err


def test_non_ascii_paths_with_spaces_quotes_and_shell_characters(tmp_path, capsys):
    weird = "第一集 'it''s' \"quoted\" $(touch pwned) `x`; & «ça» 🎬"
    src = tmp_path / weird
    src.mkdir()
    path = Path(gen.make_video(src / f"{weird}.mp4", 2.0, audio=gen.tone(300, 0.3)))
    out = tmp_path / f"out {weird}"
    formats = "srt,vtt,txt,json,fcp7xml,fcpxml,edl,otio,csv"
    rc = main(["process", str(path), "--vad-only", "--out", str(out), "--export", formats])
    assert rc == 0, capsys.readouterr().err
    a = load_project(out / f"{weird}.cutmark.json").analysis
    assert a.media.path == str(path)
    written = {p.name for p in out.iterdir()}
    assert f"{weird}.cutmark.json" in written and f"{weird}.fcpxml" in written and len(written) == 10
    assert not (tmp_path / "pwned").exists() and not Path("pwned").exists()  # nothing ran a shell


def _window(tmp_path):
    pytest.importorskip("PySide6.QtMultimedia")
    from PySide6.QtCore import QSettings

    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.settings import Settings

    return MainWindow(Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)), vad_only=True)


@pytest.mark.gui
@pytest.mark.timeout(120)
def test_the_app_analyses_the_audio_track_chosen_in_the_player(qtbot, tmp_path, monkeypatch):
    from desktop_app.ui import questions

    path = gen.make_video(
        tmp_path / "interview.mp4",
        3.0,
        audio=[gen.tone(440, 0.3), np.zeros(1)],
        audio_tracks=2,
        language=["eng", "jpn"],
    )
    monkeypatch.setattr(questions, "ask", lambda *a, **k: True)
    win = _window(tmp_path)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.analysis_finished, timeout=60_000):
        win.open_path(Path(path))
    assert win.doc.project.analysis.audio_track == 0
    qtbot.waitUntil(lambda: win.transport.tracks.count() == 2, timeout=10_000)
    win.transport.tracks.setCurrentIndex(1)  # the user picks the Japanese track in the player
    with qtbot.waitSignal(win.analysis_finished, timeout=60_000) as blocker:
        win.reanalyse()  # Analysis > Analyse again
    assert blocker.args == [True]
    assert win.doc.project.analysis.audio_track == 1
    assert load_project(tmp_path / "interview.cutmark.json").analysis.audio_track == 1
    win.doc.mark_clean()
    win.close()


@pytest.mark.gui
def test_the_app_shows_what_went_wrong_while_reading_a_file(qtbot, tmp_path):
    import dataclasses

    from desktop_app.project.schema import Project
    from tests.project.factories import sample_analysis

    a = sample_analysis()
    warnings = [
        "13 audio packets could not be decoded near 00:00:04; skipped.",
        "The video has a variable frame rate.",
    ]
    project = Project(dataclasses.replace(a, options={**a.options, "warnings": warnings}))
    win = _window(tmp_path)
    qtbot.addWidget(win)
    win.session.media = tmp_path / "talk.mp4"
    win.session._pending_path = tmp_path / "talk.cutmark.json"
    win._on_analysis_done(project)
    win._on_job_finished()
    assert (
        "⚠ 13 audio packets could not be decoded" in win.jobs.label.text() and "(+1)" in win.jobs.label.text()
    )
    assert win.jobs.label.toolTip() == "\n".join(warnings)
    win.close()
