"""A recording cut off part-way (dead battery, crashed recorder, interrupted copy) is
analysed as far as it decodes, with one warning; ``--strict`` refuses it as before."""

import json
from pathlib import Path

import numpy as np
import pytest

from desktop_app.cli.main import main
from desktop_app.core.errors import TruncatedMediaError
from desktop_app.core.progress import drive
from desktop_app.media import decode_audio_all
from desktop_app.pipeline import AnalysisOptions, analyze
from desktop_app.project.store import load_project
from tests.media.gen import make_video, truncate
from tests.rig.scenes import SR, show_60s

HEADER_S = 20.0


@pytest.fixture(scope="module")
def cut_video(tmp_path_factory) -> Path:
    """20 s of the generated show (speech, applause) in a faststart MP4, cut at 60 % of its bytes."""
    show, _ = show_60s()
    path = tmp_path_factory.mktemp("cut") / "battery died.mp4"
    make_video(
        path,
        HEADER_S,
        audio=show[: int(HEADER_S * SR)].copy(),
        audio_rate=SR,
        channels=1,
        options={"movflags": "faststart"},
    )
    truncate(path, 0.6)
    return path


def _warning_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("cutmark: warning:")]


def test_process_analyses_what_decodes_with_one_warning(cut_video, tiny_model, tmp_path, capsys):
    decoded_ms = decode_audio_all(cut_video).duration_ms
    assert 8_000 < decoded_ms < 16_000  # the cut really lost the tail
    out = tmp_path / "out"
    args = ["process", str(cut_video), "--model", str(tiny_model), "--device", "cpu"]
    rc = main([*args, "--out", str(out), "--no-cache", "--progress", "none"])
    err = capsys.readouterr().err
    assert rc == 0, err
    (line,) = _warning_lines(err)
    assert cut_video.name in line and "looks cut off" in line and "00:00:20" in line
    assert "cutmark: error" not in err

    a = load_project(out / "battery died.cutmark.json").analysis
    (warning, *_) = a.options["warnings"]  # [0]: what the app's status bar shows
    assert "looks cut off" in warning
    share = round(100 * decoded_ms / (HEADER_S * 1000))
    assert f"only the first {decoded_ms / 1000:.1f} s ({share} %) decode" in warning
    segs = a.segments
    assert segs[0].start_ms == 0 and abs(segs[-1].end_ms - decoded_ms) <= 20  # what decoded, no more
    assert all(x.end_ms == y.start_ms for x, y in zip(segs, segs[1:], strict=False))
    assert any(s.text for s in segs)  # the model heard the part that is there
    assert (out / "battery died.srt").is_file()


def test_strict_refuses_it_as_before_and_writes_nothing(cut_video, tmp_path, capsys):
    out = tmp_path / "out"
    rc = main(["process", str(cut_video), "--vad-only", "--strict", "--out", str(out), "--no-cache"])
    err = capsys.readouterr().err
    assert rc == 1
    (line,) = [x for x in err.splitlines() if x.startswith("cutmark: error:")]
    assert "ends at 00:00:1" in line and "but its header says 00:00:20" in line
    assert TruncatedMediaError.hint in line
    assert not out.exists() or not list(out.iterdir())


def test_the_app_status_bar_gets_the_warning_first(cut_video):
    """The window shows ``options["warnings"][0]`` after an analysis (main_window)."""
    project = drive(analyze(cut_video, AnalysisOptions(vad_only=True)))
    assert "looks cut off" in project.analysis.options["warnings"][0]
    with pytest.raises(TruncatedMediaError, match="but its header says"):
        drive(analyze(cut_video, AnalysisOptions(vad_only=True, strict=True)))


def test_a_strict_run_does_not_take_the_lenient_result_from_the_cache(cut_video, tmp_path, capsys):
    base = ["process", str(cut_video), "--vad-only", "--overwrite", "--progress", "none"]
    assert main([*base, "--out", str(tmp_path / "a")]) == 0  # fills the cache
    assert main([*base, "--out", str(tmp_path / "b"), "--strict"]) == 1
    assert "but its header says" in capsys.readouterr().err


def test_a_file_whose_header_is_cut_off_still_fails_clearly(tmp_path, capsys):
    moov_last = Path(make_video(tmp_path / "no index.mp4", 4.0))  # the index is written last
    truncate(moov_last, 0.5)
    rc = main(["process", str(moov_last), "--vad-only", "--out", str(tmp_path / "out"), "--no-cache"])
    err = capsys.readouterr().err
    assert rc == 1
    (line,) = [x for x in err.splitlines() if x.startswith("cutmark: error:")]
    assert "no index.mp4" in line and "not a media file" in line


def test_batch_summary_counts_it_as_done_with_warnings(cut_video, tiny_model, tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    (src / cut_video.name).write_bytes(cut_video.read_bytes())
    make_video(src / "whole.mp4", 3.0, audio=lambda t: 0.3 * np.sin(2 * np.pi * 300 * t))
    out = tmp_path / "out"
    args = ["batch", str(src), "--out", str(out), "--model", str(tiny_model), "--device", "cpu"]
    assert main([*args, "--progress", "json"]) == 0
    summary = json.loads((out / "cutmark-batch-summary.json").read_text(encoding="utf-8"))
    assert (summary["files"], summary["done"], summary["failed"], summary["skipped"]) == (2, 2, 0, 0)
    assert summary["done_with_warnings"] == 1
    (entry,) = summary["warnings"]
    assert Path(entry["file"]).name == cut_video.name
    assert "looks cut off" in entry["warnings"][0]
    assert summary["failures"] == [] and summary["complete"]
    assert json.loads(capsys.readouterr().out.splitlines()[-1])["done_with_warnings"] == 1

    assert main([*args, "--strict", "--overwrite", "--progress", "none"]) == 1
    summary = json.loads((out / "cutmark-batch-summary.json").read_text(encoding="utf-8"))
    assert (summary["done"], summary["failed"], summary["done_with_warnings"]) == (1, 1, 0)
    assert "but its header says" in summary["failures"][0]["reason"]
