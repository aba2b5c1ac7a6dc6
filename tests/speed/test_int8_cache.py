"""The int8 weights are made once per model and kept in the cache folder: a later start
packs them from there (no quantization) and runs exactly as the freshly quantized twin."""

import shutil

import numpy as np
import pytest
import torch

from desktop_app.core.model import Window
from desktop_app.pipeline import load_engine, model_cache_dir
from desktop_app.transcribe.engine import SenseVoiceEngine, TranscribeOptions
from tests.rig.tiny_model import build_model_dir

INT8 = TranscribeOptions(use_itn=False, quantize="int8")


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory):
    return build_model_dir(tmp_path_factory.mktemp("m") / "tiny", num_blocks=3, tp_blocks=2)


def _audio_and_windows():
    audio = np.random.default_rng(3).normal(0, 0.2, 16000 * 8).astype(np.float32)
    return audio, [Window(i, i * 2000, i * 2000 + 1800, "speech") for i in range(4)]


def _no_quantizing(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("quantize_dynamic ran although the int8 weights were cached")

    monkeypatch.setattr(torch.ao.quantization, "quantize_dynamic", refuse)


def test_int8_weights_are_cached_and_a_new_engine_loads_them_without_quantizing(
    model_dir, tmp_path, monkeypatch
):
    audio, windows = _audio_and_windows()
    first = SenseVoiceEngine(model_dir, "cpu", cache_dir=tmp_path / "models")
    first.prepare(INT8)
    assert first.int8_source == "quantized+saved"
    cached = list((tmp_path / "models").glob("int8-*.pt"))
    assert len(cached) == 1 and not list((tmp_path / "models").glob("*.tmp"))
    expected = first.token_ids(audio, windows, INT8)

    _no_quantizing(monkeypatch)
    second = SenseVoiceEngine(model_dir, "cpu", cache_dir=tmp_path / "models")
    second.prepare(INT8)
    assert second.int8_source == "cache"
    assert second.token_ids(audio, windows, INT8) == expected  # the same packed weights, exactly
    twin = second._quantized()
    assert all(type(m) is not torch.nn.Linear for m in twin.modules())
    assert twin.embed.weight.data_ptr() == second.model.embed.weight.data_ptr()  # the rest shared


def test_other_weights_get_their_own_cache_file(model_dir, tmp_path):
    other = build_model_dir(tmp_path / "other", num_blocks=3, tp_blocks=2, seed=7)
    a = SenseVoiceEngine(model_dir, "cpu", cache_dir=tmp_path / "models")
    b = SenseVoiceEngine(other, "cpu", cache_dir=tmp_path / "models")
    a.prepare(INT8)
    b.prepare(INT8)
    assert b.int8_source == "quantized+saved"  # a's file is not b's
    assert len(list((tmp_path / "models").glob("int8-*.pt"))) == 2


def test_damaged_or_foreign_cache_file_is_ignored_and_replaced(model_dir, tmp_path):
    audio, windows = _audio_and_windows()
    fresh = SenseVoiceEngine(model_dir, "cpu")  # no cache folder: quantizes, saves nothing
    expected = fresh.token_ids(audio, windows, INT8)
    assert fresh.int8_source == "quantized"

    cache = tmp_path / "models"
    SenseVoiceEngine(model_dir, "cpu", cache_dir=cache).prepare(INT8)
    (path,) = cache.glob("int8-*.pt")
    path.write_bytes(path.read_bytes()[:1000])  # torn
    torn = SenseVoiceEngine(model_dir, "cpu", cache_dir=cache)
    assert torn.token_ids(audio, windows, INT8) == expected
    assert torn.int8_source == "quantized+saved"

    torch.save({"encoder.x.weight": torch.ones(2)}, path)  # loads, but is not this model's
    foreign = SenseVoiceEngine(model_dir, "cpu", cache_dir=cache)
    assert foreign.token_ids(audio, windows, INT8) == expected
    assert foreign.int8_source == "quantized+saved"
    assert SenseVoiceEngine(model_dir, "cpu", cache_dir=cache)._quantized() is not None


def test_unwritable_cache_folder_costs_only_the_saving(model_dir, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    engine = SenseVoiceEngine(model_dir, "cpu", cache_dir=blocker / "models")
    audio, windows = _audio_and_windows()
    assert engine.token_ids(audio, windows, INT8)
    assert engine.int8_source == "quantized"


def test_load_engine_keeps_int8_weights_in_the_cache_folder(model_dir, tmp_path, monkeypatch):
    folder = shutil.copytree(model_dir, tmp_path / "model")
    engine = load_engine(folder, "cpu")
    engine.prepare(INT8)
    assert list(model_cache_dir().glob("int8-*.pt"))
    assert str(model_cache_dir()).startswith(str(tmp_path / "cache"))  # CUTMARK_CACHE_DIR, set by the rig


# --- the quantized engine: oneDNN where the CPU has AMX tiles ------------------------------


@pytest.mark.parametrize("amx", [True, False])
def test_the_quantized_engine_follows_the_cpu(amx, monkeypatch):
    from desktop_app.transcribe import int8

    engines = torch.backends.quantized.supported_engines
    default = next(e for e in ("x86", "fbgemm", "qnnpack") if e in engines)
    expected = "onednn" if amx and "onednn" in engines else default
    before = torch.backends.quantized.engine
    monkeypatch.setattr(torch.cpu, "_is_amx_tile_supported", lambda: amx, raising=False)
    try:
        torch.backends.quantized.engine = "onednn" if not amx and "onednn" in engines else default
        assert int8.best_engine() == expected
        assert int8.use_best_engine() == expected == torch.backends.quantized.engine
    finally:
        torch.backends.quantized.engine = before


def test_the_cache_key_names_the_engine(model_dir, monkeypatch):
    """Weights packed by one engine are never read back by another."""
    from desktop_app.transcribe import int8

    files = (model_dir / "model.pt", model_dir / "config.yaml")
    before = torch.backends.quantized.engine
    keys = {}
    try:
        for engine in ("onednn", "fbgemm"):
            monkeypatch.setattr(int8, "best_engine", lambda e=engine: e)
            keys[engine] = int8.cache_key(*files)
            assert torch.backends.quantized.engine == engine
    finally:
        torch.backends.quantized.engine = before
    assert keys["onednn"] != keys["fbgemm"]


@pytest.mark.skipif("onednn" not in torch.backends.quantized.supported_engines, reason="no oneDNN")
def test_onednn_int8_runs_and_round_trips_through_the_cache(model_dir, tmp_path, monkeypatch):
    """The oneDNN-packed twin gives the same segments fresh and from its cache file,
    and close to the default engine's (int8 rounding differs between engines)."""
    from desktop_app.transcribe import int8

    audio, windows = _audio_and_windows()
    before = torch.backends.quantized.engine
    try:
        monkeypatch.setattr(int8, "best_engine", lambda: "onednn")
        fresh = SenseVoiceEngine(model_dir, "cpu", cache_dir=tmp_path / "models")
        a = fresh.token_ids(audio, windows, INT8)
        assert fresh.int8_source == "quantized+saved"
        again = SenseVoiceEngine(model_dir, "cpu", cache_dir=tmp_path / "models")
        b = again.token_ids(audio, windows, INT8)
        assert again.int8_source == "cache" and a == b
        assert all(len(t) for t in a)
    finally:
        torch.backends.quantized.engine = before
