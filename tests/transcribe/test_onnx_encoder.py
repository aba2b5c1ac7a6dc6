"""Issue #17: the encoder through ONNX Runtime (transcribe/onnx_encoder.py) gives the same
segments as torch, is exported once per model into the cache folder, and a damaged
export is made again."""

import numpy as np
import pytest

from desktop_app.core.errors import ModelError
from desktop_app.core.model import SPEECH, Window
from desktop_app.core.progress import drive
from desktop_app.pipeline import AnalysisOptions
from desktop_app.transcribe import onnx_encoder
from desktop_app.transcribe.engine import SenseVoiceEngine, TranscribeOptions
from tests.rig import tiny_trained

TORCH = TranscribeOptions(backend="torch")
ORT = TranscribeOptions(backend="onnxruntime")

# lengths from 0.3 s to 14 s, so batches of several shapes go through one graph
SPANS = [(0, 14_000), (0, 2_000), (3_000, 9_000), (500, 13_000), (6_000, 6_300), (8_000, 11_500)]


@pytest.fixture(scope="module")
def audio():
    return tiny_trained.burst_over_speech(14.0, 6.0, 2.5, 21).astype(np.float32)


def windows():
    return [Window(i, a, b, SPEECH) for i, (a, b) in enumerate(SPANS)]


def engine(tiny_model, cache):
    return SenseVoiceEngine(tiny_model, "cpu", cache_dir=cache)


def test_the_onnx_encoder_gives_the_segments_torch_gives(tiny_model, tmp_path, audio):
    e = engine(tiny_model, tmp_path)
    assert e.backend_for(TORCH) == "torch" and e.backend_for(ORT) == "onnxruntime"
    ours = drive(e.transcribe(audio, windows(), TORCH))
    theirs = drive(e.transcribe(audio, windows(), ORT))
    assert e.onnx_source == "exported" and e.onnx_encoder_path().is_file()
    assert any(s.text for s in ours) and {s.event for s in ours} >= {"Speech"}

    def same(s):
        return (s.start_ms, s.end_ms, s.text, s.language, s.emotion, s.event, s.words)

    assert [same(s) for s in theirs] == [same(s) for s in ours]
    assert e.token_ids(audio, windows(), ORT) == e.token_ids(audio, windows(), TORCH)
    for a, b in zip(theirs, ours, strict=True):
        assert [t for t, _ in a.event_probs] == [t for t, _ in b.event_probs]
        assert np.allclose([p for _, p in a.event_probs], [p for _, p in b.event_probs], atol=1e-3)


def test_the_export_is_made_once_per_model_and_found_again(tiny_model, tmp_path, audio, monkeypatch):
    first = engine(tiny_model, tmp_path)
    path = first.prepare_onnx_encoder()
    assert first.onnx_source == "exported"
    calls = []
    monkeypatch.setattr(onnx_encoder, "export", lambda *a: calls.append(a))
    again = engine(tiny_model, tmp_path)
    again.prepare(ORT)  # the warm-up pass loads it
    assert again.onnx_source == "cache" and calls == []
    assert again.prepare_onnx_encoder() == path
    assert drive(again.transcribe(audio, windows()[:2], ORT))[0].text


def test_a_damaged_export_is_made_again(tiny_model, tmp_path, audio):
    e = engine(tiny_model, tmp_path)
    path = e.onnx_encoder_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    for damage in (b"", b"not a graph" * 100):
        path.write_bytes(damage)
        fresh = engine(tiny_model, tmp_path)
        segs = drive(fresh.transcribe(audio, windows()[:3], ORT))
        assert fresh.onnx_source == "exported" and path.stat().st_size > 10_000
        assert [s.text for s in segs] == [
            s.text for s in drive(fresh.transcribe(audio, windows()[:3], TORCH))
        ]
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]  # no half-written graph


def test_without_onnx_runtime_asking_for_it_is_a_clear_error(tiny_model, tmp_path, audio, monkeypatch):
    monkeypatch.setattr(onnx_encoder, "available", lambda: False)
    e = engine(tiny_model, tmp_path)
    with pytest.raises(ModelError, match="ONNX Runtime is not installed"):
        drive(e.transcribe(audio, windows()[:1], ORT))
    assert drive(e.transcribe(audio, windows()[:1], TORCH))  # torch is untouched


def test_other_precisions_and_devices_keep_torch(tiny_model, tmp_path):
    e = engine(tiny_model, tmp_path)
    assert e.backend_for(TranscribeOptions(backend="onnxruntime", quantize="int8")) == "torch"
    with pytest.raises(ValueError, match="backend"):
        TranscribeOptions(backend="tensorrt")


def test_the_backend_is_not_part_of_a_result_s_cache_key():
    torch_run, ort_run = AnalysisOptions(transcribe=TORCH), AnalysisOptions(transcribe=ORT)
    assert torch_run.to_dict() == ort_run.to_dict()
    assert "backend" not in torch_run.to_dict()["transcribe"]
