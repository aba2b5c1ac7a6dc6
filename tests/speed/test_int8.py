"""int8 mode: the dynamic-int8 twin of the model runs and says the same tags, and the
CLI switches (``process --int8``, ``doctor compare-int8``) work end to end."""

import json

import numpy as np
import pytest
import torch

from desktop_app.cli.main import main
from desktop_app.core.model import Window
from desktop_app.core.progress import drive
from desktop_app.pipeline import AnalysisOptions, analyze, compare_modes, load_engine
from desktop_app.project.store import load_project
from desktop_app.transcribe.engine import TranscribeOptions
from tests.rig.tiny_trained import heldout_clips

FP32 = TranscribeOptions(use_itn=False)
INT8 = TranscribeOptions(use_itn=False, quantize="int8")


@pytest.fixture(scope="module")
def engine(tiny_model):
    return load_engine(tiny_model, "cpu")


@pytest.fixture(scope="module")
def clips():
    """The rig's held-out clips laid end to end with a gap, one window each."""
    pieces, windows, pos = [], [], 0
    for i, (_kind, clip) in enumerate(heldout_clips()):
        pieces += [clip, np.zeros(8000, np.float32)]
        n_ms = len(clip) // 16
        windows.append(Window(i, pos, pos + n_ms, "speech"))
        pos += (len(clip) + 8000) // 16
    return np.concatenate(pieces), windows


def test_int8_twin_is_quantized_and_the_fp32_model_untouched(engine):
    engine.prepare(INT8)
    assert engine.precision_for(INT8) == "int8" and engine.precision_for(FP32) == "fp32"
    twin = engine._quantized()
    assert any(type(m).__module__.startswith("torch.ao.nn.quantized") for m in twin.modules())
    assert all(type(m) is not torch.nn.Linear for m in twin.modules())
    assert any(type(m) is torch.nn.Linear for m in engine.model.modules())  # fp32 model kept
    # everything but the Linear layers is shared, not copied
    assert twin.embed.weight.data_ptr() == engine.model.embed.weight.data_ptr()


def test_int8_gives_the_same_tags_on_the_rig_clips(engine, clips):
    samples, windows = clips
    fp32 = drive(engine.transcribe(samples, windows, FP32))
    int8 = drive(engine.transcribe(samples, windows, INT8))
    assert [(s.language, s.emotion, s.event) for s in int8] == [
        (s.language, s.emotion, s.event) for s in fp32
    ]
    assert [s.text for s in int8] == [s.text for s in fp32]
    assert {s.event for s in fp32} >= {"Applause", "Laughter", "BGM", "Speech"}  # the clips say something


def test_int8_pipeline_finds_the_same_markers(engine, show_video):
    video, _ = show_video
    a = drive(analyze(video, AnalysisOptions(transcribe=FP32), engine)).analysis
    b = drive(analyze(video, AnalysisOptions(transcribe=INT8), engine)).analysis
    assert [(m.kind, m.label, m.start_ms) for m in b.markers] == [
        (m.kind, m.label, m.start_ms) for m in a.markers
    ]
    assert b.options["transcribe"]["quantize"] == "int8"  # part of the cache key and the project


def test_compare_modes_reports_agreement_and_speed(engine, show_video):
    video, _ = show_video
    result = compare_modes(video, engine, FP32, INT8)
    assert result["windows"] > 5 and result["tokens"] > 0
    assert 0.0 <= result["token_agreement"] <= 1.0
    assert result["base"]["precision"] == "fp32" and result["other"]["precision"] == "int8"
    assert result["speedup"] > 0


def test_process_int8_flag(show_video, tiny_model, tmp_path):
    video, _ = show_video
    rc = main(["process", str(video), "--model", str(tiny_model), "--device", "cpu", "--int8",
               "--out", str(tmp_path), "--no-cache", "--progress", "none"])  # fmt: skip
    assert rc == 0
    project = load_project(tmp_path / f"{video.stem}.cutmark.json")
    assert project.analysis.options["transcribe"]["quantize"] == "int8"
    assert {m.label for m in project.analysis.markers} >= {"applause", "laughter"}


@pytest.mark.parametrize(("threshold", "rc"), [("0", 0), ("1.01", 1)])
def test_doctor_compare_int8_exit_code_follows_the_threshold(show_video, tiny_model, threshold, rc, capsys):
    video, _ = show_video
    code = main(["doctor", "compare-int8", str(video), "--model", str(tiny_model), "--threshold", threshold,
                 "--json", "--max-minutes", "0.5"])  # fmt: skip
    assert code == rc
    result = json.loads(capsys.readouterr().out)
    assert result["check"] == "compare-int8" and result["passed"] is (rc == 0)
    assert result["base"]["precision"] == "fp32" and result["other"]["precision"] == "int8"


def test_doctor_without_a_check_is_a_usage_error(capsys):
    assert main(["doctor"]) == 2


def test_unknown_quantize_or_precision_is_refused():
    with pytest.raises(ValueError):
        TranscribeOptions(quantize="int4")
    with pytest.raises(ValueError):
        TranscribeOptions(precision="fp8")
