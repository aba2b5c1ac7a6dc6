"""The CUDA path (fp16 autocast, larger batches, compact CTC output). Runs only where
torch sees a CUDA GPU; on a CPU-only machine every test here is skipped."""

import numpy as np
import pytest
import torch

from desktop_app.core.model import Window
from desktop_app.core.progress import drive
from desktop_app.pipeline import AnalysisOptions, analyze, compare_modes, load_engine
from desktop_app.transcribe.engine import GPU_BATCH_FACTOR, TranscribeOptions
from tests.rig.tiny_trained import heldout_clips

pytestmark = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")

OPTS = TranscribeOptions(use_itn=False)


@pytest.fixture(scope="module")
def engines(tiny_model):
    return load_engine(tiny_model, "cpu"), load_engine(tiny_model, "cuda")


def _clips():
    pieces, windows, pos = [], [], 0
    for i, (_kind, clip) in enumerate(heldout_clips()):
        pieces += [clip, np.zeros(8000, np.float32)]
        windows.append(Window(i, pos, pos + len(clip) // 16, "speech"))
        pos += (len(clip) + 8000) // 16
    return np.concatenate(pieces), windows


def test_cuda_engine_runs_fp16_and_says_what_the_cpu_says(engines):
    cpu, gpu = engines
    assert gpu.device.startswith("cuda") and next(gpu.model.parameters()).is_cuda
    assert gpu.precision_for(OPTS) == "fp16" and cpu.precision_for(OPTS) == "fp32"
    samples, windows = _clips()
    on_cpu = drive(cpu.transcribe(samples, windows, OPTS))
    on_gpu = drive(gpu.transcribe(samples, windows, OPTS))
    assert [(s.text, s.language, s.emotion, s.event) for s in on_gpu] == [
        (s.text, s.language, s.emotion, s.event) for s in on_cpu
    ]
    assert [len(s.words) for s in on_gpu] == [len(s.words) for s in on_cpu]


def test_cuda_fp32_and_fp16_tokens_agree(engines, show_video):
    _, gpu = engines
    video, _ = show_video
    result = compare_modes(
        video, gpu, TranscribeOptions(precision="fp32"), TranscribeOptions(precision="fp16")
    )
    assert result["base"]["precision"] == "fp32" and result["other"]["precision"] == "fp16"
    assert result["token_agreement"] >= 0.99


def test_cuda_pipeline_end_to_end_matches_the_cpu(engines, show_video):
    cpu, gpu = engines
    video, _ = show_video
    a = drive(analyze(video, AnalysisOptions(transcribe=OPTS), cpu)).analysis
    b = drive(analyze(video, AnalysisOptions(transcribe=OPTS), gpu)).analysis
    assert b.model.device.startswith("cuda")
    assert [(m.kind, m.label, m.start_ms) for m in b.markers] == [
        (m.kind, m.label, m.start_ms) for m in a.markers
    ]
    assert gpu.timings["batches"] <= cpu.timings["batches"]  # GPU batches are GPU_BATCH_FACTOR x larger
    assert GPU_BATCH_FACTOR > 1


def test_int8_is_not_used_on_cuda(engines):
    _, gpu = engines
    assert gpu.precision_for(TranscribeOptions(quantize="int8")) == "fp16"
