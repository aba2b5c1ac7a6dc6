"""The engine's speed-related plumbing: its own weight loading, the thread count, the
compact CTC output, and the agreement measure used by ``cutmark doctor``."""

import subprocess
import sys

import numpy as np
import pytest
import torch

from desktop_app.core.model import Window
from desktop_app.core.progress import drive
from desktop_app.transcribe.agreement import edit_distance, token_agreement
from desktop_app.transcribe.engine import SenseVoiceEngine, TranscribeOptions
from tests.rig.tiny_model import build_model_dir


@pytest.fixture(scope="module")
def random_model(tmp_path_factory):
    return build_model_dir(tmp_path_factory.mktemp("m") / "tiny", num_blocks=3, tp_blocks=2)


def test_weights_are_exactly_the_files(random_model):
    engine = SenseVoiceEngine(random_model, "cpu")
    saved = torch.load(random_model / "model.pt", map_location="cpu", weights_only=True)
    live = engine.model.state_dict()
    assert set(live) == set(saved)
    assert all(torch.equal(live[k], saved[k]) for k in saved)


def test_checkpoint_with_extra_keys_and_a_prefix_still_loads(random_model, tmp_path):
    folder = build_model_dir(tmp_path / "m", num_blocks=3, tp_blocks=2)
    state = torch.load(folder / "model.pt", weights_only=True)
    wrapped = {
        "state_dict": {"module." + k: v for k, v in state.items()} | {"module.extra.thing": torch.ones(2)}
    }
    torch.save(wrapped, folder / "model.pt")
    engine = SenseVoiceEngine(folder, "cpu")
    assert torch.equal(engine.model.ctc.ctc_lo.weight, state["ctc.ctc_lo.weight"])


def test_engine_output_does_not_depend_on_batching(random_model):
    engine = SenseVoiceEngine(random_model, "cpu")
    audio = np.random.default_rng(1).normal(0, 0.1, 16000 * 12).astype(np.float32)
    windows = [Window(i, i * 2000, i * 2000 + 1500 + 100 * i, "speech") for i in range(5)]
    one = drive(engine.transcribe(audio, windows, TranscribeOptions(max_batch=1)))
    many = drive(engine.transcribe(audio, windows, TranscribeOptions(max_batch=16)))
    assert [(s.text, s.language, s.emotion, s.event) for s in one] == [
        (s.text, s.language, s.emotion, s.event) for s in many
    ]
    assert engine.timings["audio_ms"] == 2 * sum(w.duration_ms for w in windows)
    assert engine.timings["batches"] == 5 + 2  # one window each; then the first four, then the rest


def test_transcription_runs_on_the_engines_threads(random_model):
    engine = SenseVoiceEngine(random_model, "cpu", threads=2)
    torch.set_num_threads(1)  # what importing silero-vad does to the whole process
    try:
        audio = np.zeros(16000, np.float32)
        drive(engine.transcribe(audio, [Window(0, 0, 1000, "gap")]))
        assert torch.get_num_threads() == 2
    finally:
        torch.set_num_threads(engine.threads)


def test_loading_silero_keeps_the_thread_count():
    code = (
        "import torch\n"
        "torch.set_num_threads(2)\n"
        "from desktop_app.transcribe.vad import load_vad_model, speech_spans\n"
        "from desktop_app.core.progress import drive\n"
        "import numpy as np\n"
        "load_vad_model()\n"
        "assert torch.get_num_threads() == 2, torch.get_num_threads()\n"
        "drive(speech_spans(np.zeros(16000 * 3, np.float32)))\n"
        "assert torch.get_num_threads() == 2, torch.get_num_threads()\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]


def test_edit_distance_and_agreement():
    assert edit_distance([1, 2, 3], [1, 2, 3]) == 0
    assert edit_distance([1, 2, 3], [1, 3]) == 1
    assert edit_distance([], [4, 5]) == 2
    assert edit_distance([1, 2, 3, 4], [2, 1, 3, 5]) == 3
    assert token_agreement([[1, 2, 3, 4]], [[1, 2, 3, 4]]) == 1.0
    assert token_agreement([[1, 2, 3, 4], [5]], [[1, 2, 3], [5]]) == pytest.approx(0.8)
    assert token_agreement([[]], [[]]) == 1.0


def test_feature_prefetch_gives_the_same_segments(random_model):
    """The GPU path makes the next batch's features on a thread; forced on here (CPU)."""
    engine = SenseVoiceEngine(random_model, "cpu")
    audio = np.random.default_rng(2).normal(0, 0.1, 16000 * 30).astype(np.float32)
    windows = [Window(i, i * 2500, i * 2500 + 1000 + 150 * i, "speech") for i in range(12)]
    opts = TranscribeOptions(max_batch=3)
    plain = drive(engine.transcribe(audio, windows, opts))
    engine.prefetch_features = True
    calls = []
    real = engine._frontend_features
    engine._frontend_features = lambda clips: calls.append(len(clips)) or real(clips)
    fetched = drive(engine.transcribe(audio, windows, opts))
    assert fetched == plain
    assert sum(calls) == len(windows)  # every window's features made once, by the prefetcher or inline


def test_fp32_still_right_after_int8_let_its_pages_go(tmp_path):
    """Making the int8 twin hands the fp32 Linear pages back to the OS (they map
    model.pt); the fp32 model must read the same weights again afterwards."""
    folder = build_model_dir(tmp_path / "mid", d_model=256, linear_units=1024, num_blocks=3, tp_blocks=2)
    engine = SenseVoiceEngine(folder, "cpu")
    assert engine._mapped
    saved = torch.load(folder / "model.pt", map_location="cpu", weights_only=True)
    audio = np.random.default_rng(3).normal(0, 0.1, 16000 * 8).astype(np.float32)
    windows = [Window(0, 0, 3000, "speech"), Window(1, 3000, 8000, "gap")]
    before = drive(engine.transcribe(audio, windows))
    engine.prepare(TranscribeOptions(quantize="int8"))
    after = drive(engine.transcribe(audio, windows))
    assert after == before
    live = engine.model.state_dict()
    assert all(torch.equal(live[k], saved[k]) for k in saved)
    drive(engine.transcribe(audio, windows, TranscribeOptions(quantize="int8")))


def test_loading_leaves_torch_init_and_funasr_loader_as_they_were(random_model):
    from funasr.auto import auto_model

    inits = {name: getattr(torch.nn.init, name) for name in ("kaiming_uniform_", "normal_", "ones_")}
    loader = auto_model.load_pretrained_model
    SenseVoiceEngine(random_model, "cpu")
    assert {name: getattr(torch.nn.init, name) for name in inits} == inits
    assert auto_model.load_pretrained_model is loader
    layer = torch.nn.Linear(4, 4)  # random init works again
    assert layer.weight.abs().sum() > 0


def test_prepare_warms_once_per_precision_and_keeps_threads_and_timings(random_model):
    engine = SenseVoiceEngine(random_model, "cpu", threads=2)
    torch.set_num_threads(1)
    try:
        engine.timings.clear()
        engine.prepare(TranscribeOptions())
        assert engine._warm == {"fp32"} and engine.timings == {}
        assert torch.get_num_threads() == 1  # prepare runs beside the VAD, which wants one thread
        engine.prepare(TranscribeOptions(quantize="int8"))
        assert engine._warm == {"fp32", "int8"}
    finally:
        torch.set_num_threads(engine.threads)


def test_analyze_prepares_the_model_while_it_decodes(random_model, tmp_path):
    from desktop_app.pipeline import AnalysisOptions, analyze
    from tests.media.gen import make_audio_file

    engine = SenseVoiceEngine(random_model, "cpu")
    wav = make_audio_file(tmp_path / "a.wav", np.random.default_rng(4).normal(0, 0.1, 16000 * 3), 16000)
    drive(analyze(wav, AnalysisOptions(transcribe=TranscribeOptions(quantize="int8")), engine))
    assert "int8" in engine._warm and engine._int8_model is not None
