"""Build SenseVoiceSmall model folders that funasr's real loading path accepts.

``build_model_dir(path)`` writes the five files of the published model
(``model.pt``, ``config.yaml``, ``am.mvn``, ``chn_jpn_yue_eng_ko_spectok.bpe.model``,
``configuration.json``) with a shrunk encoder, a small sentencepiece vocabulary (all
SenseVoice tags as user-defined symbols) and seeded random weights, so
``funasr.AutoModel(model=str(path))`` loads it exactly like the real one.
``full_size=True`` gives the published shapes (d=512, 50 + 20 blocks, 25,055 pieces).

Load it for tests with ``load_automodel(path)``: it turns the frontend's dither off
(funasr's default dither 1.0 makes features random) and checks every weight loaded.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

BPE_MODEL_FILE = "chn_jpn_yue_eng_ko_spectok.bpe.model"
CMVN_FILE = "am.mvn"
CONFIG_FILE = "config.yaml"
CONFIGURATION_FILE = "configuration.json"
MODEL_FILE = "model.pt"

FULL_VOCAB_SIZE = 25055
FEATURE_DIM = 80 * 7  # n_mels * lfr_m

LANGUAGE_TAGS = ("<|zh|>", "<|en|>", "<|yue|>", "<|ja|>", "<|ko|>", "<|nospeech|>")
EMOTION_TAGS = (
    "<|HAPPY|>",
    "<|SAD|>",
    "<|ANGRY|>",
    "<|NEUTRAL|>",
    "<|FEARFUL|>",
    "<|DISGUSTED|>",
    "<|SURPRISED|>",
    "<|EMO_UNKNOWN|>",
)
EVENT_TAGS = (
    "<|Speech|>",
    "<|BGM|>",
    "<|Applause|>",
    "<|Laughter|>",
    "<|Cry|>",
    "<|Sneeze|>",
    "<|Breath|>",
    "<|Cough|>",
    "<|Sing|>",
    "<|Speech_Noise|>",
    "<|GBG|>",
    "<|Event_UNK|>",
)
TEXTNORM_TAGS = ("<|withitn|>", "<|woitn|>")
ALL_TAGS = LANGUAGE_TAGS + EMOTION_TAGS + EVENT_TAGS + TEXTNORM_TAGS

# A few lines of text for the small vocabulary. The tag-prefixed lines make "hello"
# (without the word-start mark) a piece, so "<|woitn|>hello" decodes with no space,
# like the published model's output.
DEFAULT_VOCAB_TEXTS = (
    "hello world",
    "hello there how are you today",
    "the quick brown fox jumps over the lazy dog",
    "we will cut the applause and keep the laughter",
    "music plays while the audience claps and laughs",
    "please subscribe and share this video with your friends",
    "good morning good evening thank you very much",
    "<|en|><|HAPPY|><|Speech|><|woitn|>hello",
    "<|en|><|NEUTRAL|><|Speech|><|withitn|>Hello, world.",
    "<|zh|><|NEUTRAL|><|Speech|><|woitn|>你好世界",
    "你好世界 今天天气很好 谢谢大家 我们开始吧",
    "大家好 欢迎收看 这是一个视频 剪辑 字幕 掌声 笑声 音乐",
    "こんにちは ありがとう 안녕하세요 감사합니다 早晨 多謝",
)

ENCODER_CONF_FULL = {
    "output_size": 512,
    "attention_heads": 4,
    "linear_units": 2048,
    "num_blocks": 50,
    "tp_blocks": 20,
}


def _train_sentencepiece(lines: Sequence[str], vocab_size: int, hard_limit: bool) -> bytes:
    import sentencepiece as spm

    proto = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=proto,
        vocab_size=vocab_size,
        model_type="bpe",
        character_coverage=1.0,
        user_defined_symbols=list(ALL_TAGS),
        # id 0 is <unk> and doubles as the CTC blank (funasr: blank_id=0, sos 1, eos 2)
        unk_id=0,
        unk_piece="<unk>",
        bos_id=1,
        eos_id=2,
        pad_id=-1,
        hard_vocab_limit=hard_limit,
        # no "▁" before the first tag: funasr's timestamp code drops exactly 4 pieces
        # (the tags) from the re-encoded text, and "<|woitn|>hello" decodes with no space
        add_dummy_prefix=False,
        num_threads=1,
        input_sentence_size=0,
        shuffle_input_sentence=False,
        minloglevel=2,
    )
    return proto.getvalue()


def _synthetic_corpus(seed: int, n_lines: int = 40000) -> list[str]:
    """Random 'words' over Latin, CJK, kana and Hangul: enough pairs for 25,055 pieces."""
    rng = np.random.default_rng(seed)
    alphabet = np.array(
        list("abcdefghijklmnopqrstuvwxyz") * 20
        + [chr(0x4E00 + i) for i in range(3000)]
        + [chr(0x3041 + i) for i in range(80)]
        + [chr(0xAC00 + i) for i in range(1000)]
    )
    n_words = rng.integers(4, 12, size=n_lines)
    word_lens = rng.integers(1, 7, size=int(n_words.sum()))
    text = "".join(alphabet[rng.integers(0, len(alphabet), size=int(word_lens.sum()))])
    ends = np.cumsum(word_lens)
    words = [text[e - n : e] for e, n in zip(ends.tolist(), word_lens.tolist(), strict=True)]
    line_ends = np.cumsum(n_words).tolist()
    return [" ".join(words[e - n : e]) for e, n in zip(line_ends, n_words.tolist(), strict=True)]


def train_tokenizer(
    path: str | Path,
    *,
    vocab_texts: Iterable[str] | None = None,
    vocab_size: int = 256,
    full_size: bool = False,
    seed: int = 0,
) -> Path:
    """Train the sentencepiece model (tags are ids 3..30, id 0 ``<unk>`` = CTC blank)."""
    lines = list(DEFAULT_VOCAB_TEXTS if vocab_texts is None else vocab_texts)
    if full_size:
        data = _train_sentencepiece(lines * 20 + _synthetic_corpus(seed), FULL_VOCAB_SIZE, True)
    else:
        # repeat the lines so every pair is frequent enough to be merged
        data = _train_sentencepiece(lines * 10, vocab_size, False)
    path = Path(path)
    path.write_bytes(data)
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(path))
    size = sp.get_piece_size()
    if full_size and size != FULL_VOCAB_SIZE:
        raise RuntimeError(f"full-size vocabulary has {size} pieces, expected {FULL_VOCAB_SIZE}")
    if size <= 124:
        # funasr's timestamp code falls back to id 124
        raise RuntimeError(f"vocabulary too small ({size} pieces): give more vocab_texts")
    if [sp.id_to_piece(i) for i in range(3, 3 + len(ALL_TAGS))] != list(ALL_TAGS):
        raise RuntimeError("tags are not ids 3.. in order")
    return path


def cmvn_text(shift: Sequence[float] | None = None, scale: Sequence[float] | None = None) -> str:
    """Kaldi nnet text as funasr's ``wav_frontend.load_cmvn`` reads it (identity by default)."""
    shift = np.zeros(FEATURE_DIM) if shift is None else np.asarray(shift, dtype=np.float64)
    scale = np.ones(FEATURE_DIM) if scale is None else np.asarray(scale, dtype=np.float64)
    if shift.shape != (FEATURE_DIM,) or scale.shape != (FEATURE_DIM,):
        raise ValueError(f"CMVN vectors must have {FEATURE_DIM} values")

    def fmt(v: np.ndarray) -> str:
        return " ".join(f"{x:.6g}" for x in v)

    d = FEATURE_DIM
    return (
        "<Nnet>\n"
        f"<Splice> {d} {d}\n"
        "[ 0 ]\n"
        f"<AddShift> {d} {d}\n"
        f"<LearnRateCoef> 0 [ {fmt(shift)} ]\n"
        f"<Rescale> {d} {d}\n"
        f"<LearnRateCoef> 0 [ {fmt(scale)} ]\n"
        "</Nnet>\n"
    )


def make_config(
    *,
    d_model: int = 64,
    attention_heads: int = 4,
    linear_units: int = 256,
    num_blocks: int = 2,
    tp_blocks: int = 1,
    full_size: bool = False,
) -> dict[str, Any]:
    """The published SenseVoiceSmall ``config.yaml`` layout, shrunk unless ``full_size``."""
    if full_size:
        encoder_shape = dict(ENCODER_CONF_FULL)
    else:
        encoder_shape = {
            "output_size": d_model,
            "attention_heads": attention_heads,
            "linear_units": linear_units,
            "num_blocks": num_blocks,
            "tp_blocks": tp_blocks,
        }
    return {
        "encoder": "SenseVoiceEncoderSmall",
        "encoder_conf": {
            **encoder_shape,
            "dropout_rate": 0.1,
            "positional_dropout_rate": 0.1,
            "attention_dropout_rate": 0.1,
            "input_layer": "pe",
            "pos_enc_class": "SinusoidalPositionEncoder",
            "normalize_before": True,
            "kernel_size": 11,
            "sanm_shfit": 0,
            "selfattention_layer_type": "sanm",
        },
        "model": "SenseVoiceSmall",
        "model_conf": {
            "length_normalized_loss": True,
            "sos": 1,
            "eos": 2,
            "ignore_id": -1,
        },
        "tokenizer": "SentencepiecesTokenizer",
        "tokenizer_conf": {
            "bpemodel": None,
            "unk_symbol": "<unk>",
            "split_with_space": True,
        },
        "frontend": "WavFrontend",
        "frontend_conf": {
            "fs": 16000,
            "window": "hamming",
            "n_mels": 80,
            "frame_length": 25,
            "frame_shift": 10,
            "lfr_m": 7,
            "lfr_n": 6,
            "cmvn_file": None,
        },
    }


CONFIGURATION_JSON = {
    "framework": "pytorch",
    "task": "auto-speech-recognition",
    "model": {"type": "funasr"},
    "pipeline": {"type": "funasr-pipeline"},
    "model_name_in_hub": {"ms": "", "hf": ""},
    "file_path_metas": {
        "init_param": MODEL_FILE,
        "config": CONFIG_FILE,
        "tokenizer_conf": {"bpemodel": BPE_MODEL_FILE},
        "frontend_conf": {"cmvn_file": CMVN_FILE},
    },
}


def build_model(config: Mapping[str, Any], vocab_size: int, seed: int = 0):
    """A ``SenseVoiceSmall`` built from ``config`` as AutoModel builds it, seeded init."""
    import torch
    from funasr.models.sense_voice.model import SenseVoiceSmall

    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        model = SenseVoiceSmall(
            encoder=config["encoder"],
            encoder_conf=dict(config["encoder_conf"]),
            input_size=FEATURE_DIM,
            vocab_size=vocab_size,
            **config["model_conf"],
        )
    return model.eval()


def build_model_dir(
    path: str | Path,
    *,
    d_model: int = 64,
    num_blocks: int = 2,
    tp_blocks: int = 1,
    attention_heads: int = 4,
    linear_units: int = 256,
    vocab_texts: Iterable[str] | None = None,
    vocab_size: int = 256,
    state_dict: Mapping[str, Any] | None = None,
    cmvn: tuple[Sequence[float], Sequence[float]] | None = None,
    seed: int = 0,
    full_size: bool = False,
) -> Path:
    """Write a SenseVoiceSmall model folder at ``path`` and return it.

    ``state_dict`` replaces the seeded random weights (it must fit the shapes);
    ``cmvn`` is ``(shift, scale)`` of 560 values each (identity by default).
    """
    import sentencepiece as spm
    import torch
    import yaml

    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)

    bpe = train_tokenizer(
        path / BPE_MODEL_FILE, vocab_texts=vocab_texts, vocab_size=vocab_size, full_size=full_size, seed=seed
    )
    vocab = spm.SentencePieceProcessor(model_file=str(bpe)).get_piece_size()

    shift, scale = (None, None) if cmvn is None else cmvn
    (path / CMVN_FILE).write_text(cmvn_text(shift, scale), encoding="utf-8")

    config = make_config(
        d_model=d_model,
        attention_heads=attention_heads,
        linear_units=linear_units,
        num_blocks=num_blocks,
        tp_blocks=tp_blocks,
        full_size=full_size,
    )
    (path / CONFIG_FILE).write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    (path / CONFIGURATION_FILE).write_text(json.dumps(CONFIGURATION_JSON, indent=4) + "\n", encoding="utf-8")

    model = build_model(config, vocab, seed=seed)
    if state_dict is not None:
        model.load_state_dict(state_dict, strict=True)
    torch.save(model.state_dict(), path / MODEL_FILE)
    return path


def load_automodel(path: str | Path, *, check: bool = True, ncpu: int | None = None, **kwargs):
    """``funasr.AutoModel`` for a model folder, quiet, offline, on CPU, dither off.

    With ``check`` (default), raise if any saved weight did not load (funasr only logs it).
    """
    import torch
    from funasr import AutoModel

    options = {
        "model": str(path),
        "disable_update": True,  # otherwise funasr queries the package index
        "device": "cpu",
        "disable_pbar": True,
        "disable_log": True,
        "log_level": "ERROR",
        # AutoModel sets torch's global thread count to ncpu (default 4)
        "ncpu": ncpu or torch.get_num_threads(),
        # WavFrontend dithers by default (dither=1.0): features would be random
        "frontend_conf": {"dither": 0.0},
    }
    options.update(kwargs)
    am = AutoModel(**options)
    if check:
        assert_weights_loaded(am, path)
    return am


def frontend_of(am):
    """The WavFrontend object AutoModel uses (``am.kwargs["frontend"]``)."""
    return am.kwargs["frontend"]


def assert_weights_loaded(am, path: str | Path) -> None:
    """Raise if the model in ``am`` does not hold exactly the tensors saved in ``path``."""
    import torch

    saved = torch.load(Path(path) / MODEL_FILE, map_location="cpu", weights_only=True)
    live = am.model.state_dict()
    missing = sorted(set(live) - set(saved))
    extra = sorted(set(saved) - set(live))
    differ = sorted(k for k in set(live) & set(saved) if not torch.equal(live[k].cpu(), saved[k]))
    if missing or extra or differ:
        raise AssertionError(
            f"weights not loaded from {path}: missing {missing[:5]}, unexpected {extra[:5]}, different {differ[:5]}"
        )


def tag_ids(bpe_model: str | Path) -> dict[str, int]:
    """Sentencepiece id of every SenseVoice tag in a model folder's vocabulary."""
    import sentencepiece as spm

    p = Path(bpe_model)
    sp = spm.SentencePieceProcessor(model_file=str(p / BPE_MODEL_FILE if p.is_dir() else p))
    return {tag: sp.piece_to_id(tag) for tag in ALL_TAGS}
