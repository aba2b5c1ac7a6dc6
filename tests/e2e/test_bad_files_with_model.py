"""Bad files with a speech model given: exit 1 and one line each, every time (issue #12, 1 and 2).

The process used to abort (``terminate called without an active exception``, exit 134)
in most runs: the model's warm-up thread was still running torch when the process ended.
These run the real console entry in subprocesses, repeatedly, because the crash was
a race.
"""

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from desktop_app.core.errors import CutmarkError
from desktop_app.core.progress import drive
from desktop_app.pipeline import AnalysisOptions, analyze, load_engine
from desktop_app.project.store import load_project
from tests.media.gen import make_video, tone

RUNS = 20


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory) -> list[Path]:
    """No audio track, random bytes, an empty file, a file with its header cut off."""
    d = tmp_path_factory.mktemp("bad")
    no_audio = make_video(d / "no audio.mp4", 2.0, audio_tracks=0)
    rand = d / "random.mp4"
    rand.write_bytes(np.random.default_rng(1).bytes(20_000))
    empty = d / "empty.mov"
    empty.write_bytes(b"")
    whole = Path(make_video(d / "whole.mp4", 3.0, audio=tone(300, 0.3)))
    headless = d / "headless.mp4"
    headless.write_bytes(whole.read_bytes()[4096:])
    whole.unlink()
    return [Path(no_audio), rand, empty, headless]


@pytest.fixture(scope="module")
def good_file(tmp_path_factory) -> Path:
    return Path(make_video(tmp_path_factory.mktemp("good") / "good.mp4", 3.0, audio=tone(300, 0.3)))


def cutmark(*args: str, env_dir: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {
        **__import__("os").environ,
        "CUTMARK_CACHE_DIR": str(env_dir / "cache"),
        "CUTMARK_MODELS_DIR": str(env_dir / "models"),
    }
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", *args], capture_output=True, text=True, timeout=timeout, env=env
    )


def assert_clean_failure(proc: subprocess.CompletedProcess, bad: list[Path]) -> None:
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 1, proc.stderr
    assert "terminate" not in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
    errors = [x for x in lines if x.startswith("cutmark: error:")]
    assert len(errors) == len(bad), proc.stderr
    for path in bad:
        assert len([e for e in errors if path.name in e]) == 1, proc.stderr


@pytest.mark.slow
def test_bad_files_with_a_model_exit_1_with_one_line_each_every_time(bad_files, tiny_model, tmp_path):
    args = ["process", *map(str, bad_files), "--model", str(tiny_model), "--device", "cpu"]
    started = time.monotonic()
    for run in range(RUNS):
        proc = cutmark(*args, "--out", str(tmp_path / "out"), env_dir=tmp_path)
        assert_clean_failure(proc, bad_files)
        assert proc.stderr.strip().splitlines()[-1] == "cutmark: 0 done, 4 failed.", f"run {run}"
        assert not (tmp_path / "out").exists()
    # bad media fails before the model loads, so the loop stays short (~1 s a run here)
    print(f"{RUNS} runs in {time.monotonic() - started:.1f} s")


def test_a_bad_file_beside_good_ones_exits_1_and_the_good_one_is_done(
    bad_files, good_file, tiny_model, tmp_path
):
    no_audio, rand = bad_files[0], bad_files[1]
    model = ["--model", str(tiny_model), "--device", "cpu"]
    assert (
        cutmark(
            "process", str(good_file), *model, "--out", str(tmp_path / "first"), env_dir=tmp_path
        ).returncode
        == 0
    )
    for run in range(3):  # good.mp4 now comes from the cache: the run ends right after the bad files
        out = tmp_path / f"out{run}"
        proc = cutmark(
            "process", str(rand), str(good_file), str(no_audio), *model, "--out", str(out), env_dir=tmp_path
        )
        assert_clean_failure(proc, [rand, no_audio])
        assert proc.stderr.strip().splitlines()[-1] == "cutmark: 1 done, 2 failed."
        assert load_project(out / "good.cutmark.json").analysis.segments
        assert (out / "good.srt").is_file()


def test_a_failure_after_the_warm_up_started_waits_for_it(good_file, tiny_model, monkeypatch):
    """The warm-up thread (``engine.prepare``) is joined however the analysis ends."""
    engine = load_engine(tiny_model, "cpu")
    real_prepare = engine.prepare
    finished = []

    def slow_prepare(options):
        time.sleep(0.5)  # still warming up when speech detection fails
        real_prepare(options)
        finished.append(1)

    monkeypatch.setattr(engine, "prepare", slow_prepare)

    def vad_fails(*args, **kwargs):
        raise CutmarkError("speech detection failed")

    monkeypatch.setattr("desktop_app.pipeline.speech_spans", vad_fails)
    with pytest.raises(CutmarkError, match="speech detection failed"):
        drive(analyze(good_file, AnalysisOptions(), engine))
    assert finished == [1]
    assert not [t for t in threading.enumerate() if t.name == "cutmark-prepare"]


def test_a_closed_stdout_ends_the_run_quietly(show_video, tiny_model, tmp_path):
    """``cutmark process ... --progress json | head -3``: no traceback, nothing half-written."""
    import os

    video, _ = show_video  # 60 s: the run is still busy when the reader goes away
    out = tmp_path / "out"
    env = {**os.environ, "CUTMARK_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "desktop_app", "process", str(video), "--model", str(tiny_model),
         "--device", "cpu", "--out", str(out), "--progress", "json", "--no-cache"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    head = [proc.stdout.readline() for _ in range(3)]
    proc.stdout.close()  # what `head -3` does when it has its lines
    err = proc.stderr.read()
    rc = proc.wait(timeout=120)
    assert [json.loads(line)["event"] for line in head][0] == "start"
    assert rc == 141, err
    assert "Traceback" not in err and "Exception ignored" not in err and "terminate" not in err, err
    for path in out.glob("*") if out.exists() else []:  # what is there is complete
        assert path.name in {"show 60s.cutmark.json", "show 60s.srt"}, path
        if path.suffix == ".json":
            load_project(path)
