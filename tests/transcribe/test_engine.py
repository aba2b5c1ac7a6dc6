"""The engine on model folders the tests build, loaded through funasr's AutoModel."""

import numpy as np
import pytest
import torch

from desktop_app.core.errors import ModelIncompleteError
from desktop_app.core.model import Window
from desktop_app.core.progress import drive
from desktop_app.transcribe.batching import plan_batches
from desktop_app.transcribe.engine import SegmentsReady, SenseVoiceEngine, TranscribeOptions
from desktop_app.transcribe.words import spread_words, words_from_pieces
from tests.rig.tiny_model import build_model_dir


@pytest.fixture(scope="module")
def random_model(tmp_path_factory):
    return build_model_dir(tmp_path_factory.mktemp("m") / "tiny")


def test_random_tiny_model_runs_batched_and_in_time_order(random_model):
    engine = SenseVoiceEngine(random_model, "cpu")
    audio = np.random.default_rng(0).normal(0, 0.1, 16000 * 20).astype(np.float32)
    windows = [Window(0, 0, 3000, "speech"), Window(1, 3000, 9000, "gap"), Window(2, 9000, 20000, "speech")]
    items = []
    segments = drive(engine.transcribe(audio, windows, TranscribeOptions(max_batch=2)), items.append)
    assert [(s.start_ms, s.end_ms, s.kind) for s in segments] == [
        (0, 3000, "speech"),
        (3000, 9000, "gap"),
        (9000, 20000, "speech"),
    ]
    ready = [i for i in items if isinstance(i, SegmentsReady)]
    assert [len(r.segments) for r in ready] == [2, 1]  # two batches, shortest first
    assert ready[0].segments[0].start_ms == 0


def test_refuses_weights_that_do_not_fit(random_model, tmp_path):
    bad = build_model_dir(tmp_path / "bad")
    state = torch.load(bad / "model.pt")
    del state[next(iter(state))]
    state["ctc.ctc_lo.weight"] = torch.zeros(3, 3)
    torch.save(state, bad / "model.pt")
    with pytest.raises(ModelIncompleteError, match="random weights"):
        SenseVoiceEngine(bad, "cpu")


def test_unloadable_folder_is_a_clear_error(tmp_path):
    bad = build_model_dir(tmp_path / "bad")
    (bad / "config.yaml").write_text("model: NoSuchModel\n")
    with pytest.raises(ModelIncompleteError, match="could not be loaded"):
        SenseVoiceEngine(bad, "cpu")


def test_words_from_pieces_latin_and_cjk():
    pieces = [
        ("<|en|>", 0, 60),
        ("▁hel", 100, 160),
        ("lo", 160, 220),
        ("▁world", 300, 400),
        ("你", 500, 560),
        ("好", 560, 620),
    ]
    words = words_from_pieces(pieces)
    assert [(w.text, w.start_ms, w.end_ms) for w in words] == [
        ("hello", 100, 220),
        ("world", 300, 400),
        ("你", 500, 560),
        ("好", 560, 620),
    ]


def test_spread_words_fallback():
    words = spread_words("one two three", 1000, 4000)
    assert [w.text for w in words] == ["one", "two", "three"]
    assert words[0].start_ms == 1000 and words[-1].end_ms == 4000
    assert [w.text for w in spread_words("你好", 0, 100)] == ["你", "好"]


def test_plan_batches_bounds_padded_audio():
    windows = [
        Window(i, i * 1000, i * 1000 + d, "speech") for i, d in enumerate([15000, 3000, 14000, 2000, 3000])
    ]
    batches = plan_batches(windows, TranscribeOptions(max_batch=8, batch_seconds=30))
    assert [[w.duration_ms for w in b] for b in batches] == [[2000, 3000, 3000], [14000, 15000]]
