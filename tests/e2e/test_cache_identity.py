"""The analysis cache is keyed by what decides the result, and a hit loads no model
(issue #12, items 4 and 15)."""

import json
import os
import shutil
import time
from pathlib import Path

import pytest
import torch

from desktop_app.cli.main import main
from desktop_app.core.errors import UnreadableMediaError
from desktop_app.core.progress import Progress, drive
from desktop_app.pipeline import AnalysisOptions, EngineSource, analysis_identity, analyze_cached
from desktop_app.project.cache import AnalysisCache
from desktop_app.project.store import load_project
from desktop_app.transcribe import engine as engine_mod
from desktop_app.transcribe.engine import TranscribeOptions
from tests.media.gen import make_video, tone


@pytest.fixture
def clip(tmp_path) -> Path:
    return Path(make_video(tmp_path / "talk.mp4", 3.0, audio=tone(300, 0.3)))


@pytest.fixture
def model_copy(tiny_model, tmp_path) -> Path:
    folder = tmp_path / "models" / "mine"
    shutil.copytree(tiny_model, folder)
    return folder


@pytest.fixture
def loads(monkeypatch) -> list:
    """Every SenseVoiceEngine construction (a model load) is recorded."""
    seen = []
    real = engine_mod.SenseVoiceEngine.__init__

    def counting(self, *a, **k):
        seen.append(a[0] if a else k.get("model_dir"))
        real(self, *a, **k)

    monkeypatch.setattr(engine_mod.SenseVoiceEngine, "__init__", counting)
    return seen


def new_weights_same_size_and_mtime(folder: Path) -> None:
    """Other weights in ``model.pt`` (as after fine-tuning), keeping its size and mtime."""
    path = folder / "model.pt"
    before = path.stat()
    state = torch.load(path, map_location="cpu", weights_only=True)
    name = next(n for n, t in state.items() if t.is_floating_point() and t.numel() > 100)
    state[name] = state[name] + 0.5
    torch.save(state, path)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size


def run(clip, model, out, capsys) -> list[dict]:
    args = [
        "process",
        str(clip),
        "--model",
        str(model),
        "--device",
        "cpu",
        "--out",
        str(out),
        "--progress",
        "json",
    ]
    rc = main(args)
    captured = capsys.readouterr()
    assert rc == 0, captured.err
    return [json.loads(line) for line in captured.out.splitlines()]


def stages(events) -> set[str]:
    return {e["stage"] for e in events if e["event"] == "progress"}


def test_a_hit_loads_no_model_and_any_spelling_of_the_folder_is_one_key(
    clip, model_copy, loads, tmp_path, capsys, monkeypatch
):
    first = run(clip, model_copy, tmp_path / "a", capsys)
    assert len(loads) == 1 and "load" in stages(first)
    monkeypatch.chdir(model_copy.parent)
    for i, spelling in enumerate(["mine", "../models/./mine/", str(model_copy)]):
        again = run(clip, spelling, tmp_path / f"b{i}", capsys)
        assert len(loads) == 1, spelling  # from the cache: the model was not loaded again
        assert stages(again) == {"cache"}
    a = load_project(tmp_path / "a" / "talk.cutmark.json").analysis
    b = load_project(tmp_path / "b0" / "talk.cutmark.json").analysis
    assert a.segments == b.segments and a.markers == b.markers


def test_new_weights_in_the_same_folder_are_analysed_again(clip, model_copy, loads, tmp_path, capsys):
    run(clip, model_copy, tmp_path / "a", capsys)
    new_weights_same_size_and_mtime(model_copy)
    again = run(clip, model_copy, tmp_path / "b", capsys)
    assert len(loads) == 2 and "transcribe" in stages(again)
    a = load_project(tmp_path / "a" / "talk.cutmark.json").analysis
    b = load_project(tmp_path / "b" / "talk.cutmark.json").analysis
    assert a.options["identity"]["model"] != b.options["identity"]["model"]


def test_a_new_analysis_version_is_analysed_again(clip, model_copy, loads, tmp_path, capsys, monkeypatch):
    run(clip, model_copy, tmp_path / "a", capsys)
    monkeypatch.setattr("desktop_app.pipeline.ANALYSIS_VERSION", 10_000)
    again = run(clip, model_copy, tmp_path / "b", capsys)
    assert len(loads) == 2 and "transcribe" in stages(again)


def test_the_precision_that_runs_is_part_of_the_identity(model_copy):
    opts = AnalysisOptions()
    int8 = AnalysisOptions(transcribe=TranscribeOptions(quantize="int8"))
    fp32 = analysis_identity(opts, model_copy, "cpu")
    assert fp32["precision"] == "fp32"
    assert analysis_identity(opts, model_copy, "cuda:0")["precision"] == "fp16"
    assert analysis_identity(int8, model_copy, "cpu")["precision"] == "int8"
    fp32_on_gpu = AnalysisOptions(transcribe=TranscribeOptions(precision="fp32"))
    assert analysis_identity(fp32_on_gpu, model_copy, "cuda:0")["precision"] == "fp32"
    assert analysis_identity(opts, model_copy, "cpu") == fp32  # stable
    assert analysis_identity(AnalysisOptions(vad_only=True), model_copy, "cpu")["model"] == "vad-only"


def test_the_engine_and_the_identity_agree_on_precision(tiny_model):
    engine = engine_mod.SenseVoiceEngine(tiny_model, "cpu")
    for options in (
        TranscribeOptions(),
        TranscribeOptions(quantize="int8"),
        TranscribeOptions(precision="fp16"),
    ):
        assert analysis_identity(AnalysisOptions(transcribe=options), tiny_model, "cpu")["precision"] == (
            engine.precision_for(options)
        )


def test_a_file_that_is_no_media_fails_before_any_model_load(tmp_path, tiny_model, loads):
    """What the app does on open: a non-media file fails at once, not after the model loaded."""
    notes = tmp_path / "notes.mp4"
    notes.write_text("not a video\n" * 100)
    source = EngineSource(tiny_model, "cpu")
    seen = []
    started = time.monotonic()
    with pytest.raises(UnreadableMediaError):
        drive(
            analyze_cached(notes, AnalysisOptions(), source, None, AnalysisCache(tmp_path / "c")), seen.append
        )
    assert loads == [] and source.loaded is None
    assert not [p for p in seen if isinstance(p, Progress) and p.stage == "load"]
    assert time.monotonic() - started < 3


def test_the_engine_loads_once_when_the_first_file_needs_it(clip, tmp_path, tiny_model, loads):
    source = EngineSource(tiny_model, "cpu")
    cache = AnalysisCache(tmp_path / "c")
    items = []
    drive(analyze_cached(clip, AnalysisOptions(), source, None, cache), items.append)
    assert [p.done for p in items if isinstance(p, Progress) and p.stage == "load"] == [0, 1]
    assert len(loads) == 1 and source.loaded is not None
    other = Path(make_video(tmp_path / "other.mp4", 2.0, audio=tone(500, 0.3)))
    items.clear()
    drive(analyze_cached(other, AnalysisOptions(), source, None, cache), items.append)
    assert len(loads) == 1 and not [p for p in items if isinstance(p, Progress) and p.stage == "load"]
