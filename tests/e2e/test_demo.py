"""``cutmark demo``: the README's first command on a fresh clone (issue #12, item 11).

It must work with no video at hand and no speech model, end with outputs a newcomer can
open, and say what to open next. The real parts run: the bundled recordings, PyAV
encoding, the pipeline, the project and SRT writers, and the trained tiny model.
"""

from __future__ import annotations

import contextlib
import io
import re
import shlex
from pathlib import Path

import pysrt
import pytest

from desktop_app.cli.main import build_parser, main
from desktop_app.media import probe
from desktop_app.project.store import load_project

pytestmark = pytest.mark.slow


def _run(argv: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        for key, value in env.items():
            mp.setenv(key, value)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            rc = main(argv)
    return rc, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def no_model_demo(tmp_path_factory):
    """``cutmark demo --out DIR`` where no speech model is installed (a fresh install)."""
    base = tmp_path_factory.mktemp("demo")
    env = {"CUTMARK_MODELS_DIR": str(base / "models"), "CUTMARK_CACHE_DIR": str(base / "cache")}
    folder = base / "out"
    rc, stdout, stderr = _run(["demo", "--out", str(folder)], env)
    return rc, stdout, stderr, folder, env


def test_demo_without_a_model_makes_a_video_finds_its_speech_and_says_what_to_open(no_model_demo):
    rc, stdout, stderr, folder, _ = no_model_demo
    assert rc == 0, stderr
    video, project_file = folder / "cutmark-demo.mp4", folder / "cutmark-demo.cutmark.json"
    assert sorted(p.name for p in folder.iterdir()) == [project_file.name, video.name]  # no temp files left
    info = probe(video)
    assert abs(info.duration_ms - 60_000) < 200 and info.video is not None and len(info.audio_tracks) == 1
    analysis = load_project(project_file).analysis
    assert analysis.model.id == "vad-only"
    speech = [(s.start_ms, s.end_ms) for s in analysis.segments if s.kind == "speech"]
    for start_s, end_s in ((0, 8), (26, 32), (47, 53)):  # the three talks of the show
        assert any(a < end_s * 1000 and b > start_s * 1000 for a, b in speech), (start_s, speech)
    assert not any(a < 19_000 and b > 12_000 for a, b in speech if b - a > 4000)
    # where the outputs are, what to open next, and how to get the model
    assert str(video) in stdout and str(project_file) in stdout
    assert f"cutmark gui {video}" in stdout
    assert "cutmark models download" in stdout and "speech detection only" in stdout
    assert "cutmark process VIDEO" in stdout


def test_demo_never_replaces_its_files_without_overwrite(no_model_demo):
    _, _, _, folder, env = no_model_demo
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}
    rc, stdout, stderr = _run(["demo", "--out", str(folder)], env)
    assert rc == 1 and stdout == ""
    assert "already in" in stderr and "--overwrite" in stderr and "cutmark gui" in stderr
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()} == before


def test_demo_with_a_model_marks_the_events_and_writes_subtitles(tiny_model, tmp_path):
    folder = tmp_path / "with model"
    env = {"CUTMARK_MODELS_DIR": str(tmp_path / "models"), "CUTMARK_CACHE_DIR": str(tmp_path / "cache")}
    rc, stdout, stderr = _run(["demo", "--out", str(folder), "--model", str(tiny_model)], env)
    assert rc == 0, stderr
    analysis = load_project(folder / "cutmark-demo.cutmark.json").analysis
    events = {
        (m.label, m.start_ms // 1000, (m.end_ms + 999) // 1000) for m in analysis.markers if m.kind == "event"
    }
    assert events == {("applause", 12, 15), ("laughter", 19, 22), ("bgm", 36, 42)}
    subs = pysrt.open(str(folder / "cutmark-demo.srt"))
    assert {s.text for s in subs} == {"hello"}  # what the tiny model says for speech
    assert {s.start.seconds // 10 for s in subs} >= {0, 2, 4}  # in each of the three talks
    assert str(folder / "cutmark-demo.srt") in stdout and "models download" not in stdout


def test_the_readmes_first_command_is_the_demo_and_needs_no_file():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    quick_start = readme.split("## Quick start", 1)[1]
    first_block = re.search(r"```bash\n(.*?)```", quick_start, re.S)[1]
    first = shlex.split(first_block.splitlines()[0].split("#")[0])
    assert first == ["./scripts/cutmark.sh", "demo"]
    args = build_parser().parse_args(first[1:])  # a command Cutmark knows, with no file to name
    assert args.command == "demo" and args.out == "cutmark-demo"
    assert "`process` takes your own video" in quick_start
