"""The test rig: generated sounds, model folders funasr loads, and the trained tiny model."""

from __future__ import annotations

import json

import numpy as np
import pytest

from tests.rig import signals, tiny_model, tiny_trained

funasr = pytest.importorskip("funasr")
torch = pytest.importorskip("torch")


@pytest.mark.parametrize("kind", sorted(signals.GENERATORS))
def test_signals_are_deterministic_16k_float32(kind):
    gen = signals.GENERATORS[kind]
    x = gen(2.5, 3)
    assert x.dtype == np.float32 and x.shape == (40000,)
    np.testing.assert_array_equal(x, gen(2.5, 3))
    assert not np.array_equal(x, gen(2.5, 4))
    peak = {"speech": 0.3, "applause": 0.5, "laughter": 0.4, "music": 0.3}.get(kind)
    if peak is None:
        assert np.abs(x).max() < 1e-3
    else:
        assert np.abs(x).max() == pytest.approx(peak, rel=1e-4)


def test_real_speech_is_mono_16k():
    recordings = signals.load_real_speech()
    assert len(recordings) == 5
    lengths = sorted(round(len(r) / signals.SAMPLE_RATE, 1) for r in recordings)
    assert lengths == [5.0, 5.0, 6.6, 8.0, 59.9]
    assert all(r.dtype == np.float32 and r.ndim == 1 and 0.1 < np.abs(r).max() <= 1.0 for r in recordings)


@pytest.fixture(scope="module")
def random_dir(tmp_path_factory):
    return tiny_model.build_model_dir(tmp_path_factory.mktemp("rig") / "tiny", seed=3)


def test_random_tiny_folder_loads_through_automodel(random_dir):
    files = sorted(p.name for p in random_dir.iterdir())
    assert files == sorted(
        [
            "am.mvn",
            "chn_jpn_yue_eng_ko_spectok.bpe.model",
            "config.yaml",
            "configuration.json",
            "model.pt",
        ]
    )
    conf = json.loads((random_dir / "configuration.json").read_text())
    assert conf["file_path_metas"]["init_param"] == "model.pt"

    am = tiny_model.load_automodel(random_dir, ncpu=1)  # raises unless every tensor loaded
    saved = torch.load(random_dir / "model.pt", weights_only=True)
    live = am.model.state_dict()
    assert set(saved) == set(live)
    assert all(torch.equal(saved[k], live[k]) for k in saved)

    assert type(am.model).__name__ == "SenseVoiceSmall"
    assert am.kwargs["tokenizer"].get_vocab_size() > 124
    frontend = tiny_model.frontend_of(am)
    assert frontend.dither == 0.0
    assert torch.equal(frontend.cmvn, torch.stack([torch.zeros(560), torch.ones(560)]))

    # random weights: any text, but deterministic with dither off
    clip = signals.speech_like(1.5, 0)
    first = am.generate(input=[clip], language="auto", use_itn=False)
    again = am.generate(input=[clip], language="auto", use_itn=False)
    assert first[0]["text"] == again[0]["text"]
    assert tiny_model.frontend_of(am).dither == 0.0  # survives generate()'s config reset


def test_tags_are_user_defined_symbols(random_dir):
    ids = tiny_model.tag_ids(random_dir)
    assert list(ids) == list(tiny_model.ALL_TAGS)
    assert list(ids.values()) == list(range(3, 3 + len(tiny_model.ALL_TAGS)))
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(random_dir / tiny_model.BPE_MODEL_FILE))
    assert sp.id_to_piece(0) == "<unk>"  # CTC blank
    text = "<|en|><|HAPPY|><|Speech|><|woitn|>hello"
    assert sp.encode_as_pieces(text) == ["<|en|>", "<|HAPPY|>", "<|Speech|>", "<|woitn|>", "hello"]
    assert sp.decode(sp.encode(text)) == text


def test_given_state_dict_is_saved(tmp_path, random_dir):
    state = torch.load(random_dir / "model.pt", weights_only=True)
    state = {k: v + 1 if v.is_floating_point() else v for k, v in state.items()}
    out = tiny_model.build_model_dir(tmp_path / "m", seed=3, state_dict=state)
    saved = torch.load(out / "model.pt", weights_only=True)
    assert all(torch.equal(saved[k], state[k]) for k in state)


def test_full_size_vocabulary(tmp_path):
    import sentencepiece as spm

    path = tiny_model.train_tokenizer(tmp_path / "full.model", full_size=True)
    sp = spm.SentencePieceProcessor(model_file=str(path))
    assert sp.get_piece_size() == tiny_model.FULL_VOCAB_SIZE == 25055
    assert sp.piece_to_id("<|Event_UNK|>") == 28


def test_full_size_config_has_published_shapes():
    conf = tiny_model.make_config(full_size=True)
    enc = conf["encoder_conf"]
    assert (enc["output_size"], enc["attention_heads"], enc["linear_units"]) == (512, 4, 2048)
    assert (enc["num_blocks"], enc["tp_blocks"]) == (50, 20)


@pytest.fixture(scope="module")
def trained():
    if not (tiny_trained.TINY_MODEL_DIR / "model.pt").is_file():
        pytest.fail("tests/assets/tiny_sensevoice is missing: run python scripts/train_tiny_model.py")
    return tiny_model.load_automodel(tiny_trained.TINY_MODEL_DIR, ncpu=1)


def test_trained_model_says_the_expected_tags(trained):
    clips = tiny_trained.heldout_clips()  # fresh seeds, 1.5-5 s, padded, real speech crops
    assert {kind for kind, _ in clips} == set(tiny_trained.CLASSES)
    results = trained.generate(input=[c for _, c in clips], language="auto", use_itn=False)
    got = [(kind, r["text"]) for (kind, _), r in zip(clips, results, strict=True)]
    assert got == [(kind, tiny_trained.EXPECTED_TEXT[kind]) for kind, _ in clips]


def test_trained_model_text_norm_language_hint_and_timestamps(trained):
    speech = tiny_trained.make_clip("speech", 2.0, 2_000_001)
    applause = tiny_trained.make_clip("applause", 2.0, 2_000_002)
    res = trained.generate(input=[speech, applause], language="auto", use_itn=True)
    assert [r["text"] for r in res] == [
        tiny_trained.expected_text("speech", use_itn=True),
        tiny_trained.expected_text("applause", use_itn=True),
    ]
    res = trained.generate(input=[speech], language="ja", use_itn=False)
    assert res[0]["text"] == "<|ja|><|HAPPY|><|Speech|><|woitn|>hello"
    res = trained.generate(input=[speech], output_timestamp=True)
    assert res[0]["words"] == ["hello"] and len(res[0]["timestamp"]) == 1
