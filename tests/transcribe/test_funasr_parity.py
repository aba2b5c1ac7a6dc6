"""Cutmark's batched engine against funasr's own ``AutoModel.generate()``, window by
window, on the same weights: the same tags and text, and words at funasr's timestamps.

The engine runs funasr's pieces itself (frontend, query embeddings, encoder, CTC head,
tokenizer), so this is what guards the funasr pin in pyproject.toml: a funasr whose
internals moved shows up here first.

Models: the trained tiny model (tests/assets/tiny_sensevoice), whose outputs are real
words, for tags, text and word times; and a random tiny model, whose outputs are any
pieces of its vocabulary (CJK, control pieces, tags in the middle of the text), for tags
and text. (Random output is where funasr's own timestamp code breaks: it re-encodes the
decoded text, which need not give back the pieces the CTC emitted, and can raise
IndexError, so word times are compared on the trained model.) The full-size random
model of the published shape took 256 s and 5 GB on 2 CPU cores for 10 windows:
``CUTMARK_PARITY_FULL=1`` adds it.
"""

import os
import tomllib
from importlib.metadata import version
from pathlib import Path

import numpy as np
import pytest
from packaging.specifiers import SpecifierSet

from desktop_app.core.model import Window
from desktop_app.core.progress import drive
from desktop_app.transcribe.engine import SenseVoiceEngine, TranscribeOptions
from desktop_app.transcribe.tags import parse_output
from desktop_app.transcribe.words import token_span_ms
from tests.rig import tiny_trained
from tests.rig.tiny_model import build_model_dir, load_automodel

ROOT = Path(__file__).resolve().parents[2]
MODELS = ["trained", "random"] + (["full-size random"] if os.environ.get("CUTMARK_PARITY_FULL") else [])


@pytest.fixture(scope="module", params=MODELS)
def folder(request, tmp_path_factory):
    if request.param == "trained":
        if not (tiny_trained.TINY_MODEL_DIR / "model.pt").is_file():
            pytest.fail("tests/assets/tiny_sensevoice is missing: run python scripts/train_tiny_model.py")
        return request.param, tiny_trained.TINY_MODEL_DIR
    full = request.param.startswith("full")
    return request.param, build_model_dir(tmp_path_factory.mktemp("parity") / "m", full_size=full, seed=5)


def _clips() -> list[np.ndarray]:
    """Generated clips of every class the trained model knows, 1.5 to 5.7 s, plus noise."""
    kinds = [*tiny_trained.CLASSES, "speech", "applause"]
    clips = [tiny_trained.make_clip(k, 1.5 + 0.6 * i, 4_000_000 + i) for i, k in enumerate(kinds)]
    clips.append(np.random.default_rng(9).normal(0, 0.2, 16000 * 3).astype(np.float32))
    return clips


def _as_windows(clips: list[np.ndarray]) -> tuple[np.ndarray, list[Window]]:
    windows, pos = [], 0
    for i, clip in enumerate(clips):
        assert len(clip) % 16 == 0  # whole milliseconds: the window is exactly the clip
        windows.append(Window(i, pos // 16, (pos + len(clip)) // 16, "speech"))
        pos += len(clip)
    return np.concatenate(clips).astype(np.float32), windows


def _same_ms(ours: int, funasr_ms: int) -> bool:
    """funasr goes through seconds (``(frame * 60 - 30) / 1000``) and back with ``int(s * 1000)``,
    which lands 1 ms low for some frames (0.039 * 1000 = 38.99...): that is the only
    difference allowed, and only where the float round trip makes it."""
    return funasr_ms == ours or funasr_ms == int(ours / 1000 * 1000)


@pytest.mark.parametrize("use_itn", [True, False])
def test_batched_engine_equals_funasr_generate_per_window(folder, use_itn):
    kind, path = folder
    clips = _clips()
    audio, windows = _as_windows(clips)
    engine = SenseVoiceEngine(path, "cpu")
    options = TranscribeOptions(use_itn=use_itn, max_batch=4)  # batches of mixed lengths: padding
    segments = drive(engine.transcribe(audio, windows, options))
    reference = load_automodel(path)
    timestamps = kind == "trained"
    worded = 0
    for window, seg, clip in zip(windows, segments, clips, strict=True):
        result = reference.generate(
            input=clip, language="auto", use_itn=use_itn, output_timestamp=timestamps, disable_pbar=True
        )[0]
        theirs = parse_output(result["text"])
        assert (seg.language, seg.emotion, seg.event, seg.text) == (
            theirs.language,
            theirs.emotion,
            theirs.event,
            theirs.text,
        ), result["text"]
        if not timestamps:
            continue
        assert [w.text for w in seg.words] == result.get("words", [])
        for word, (start, end) in zip(seg.words, result.get("timestamp", []), strict=True):
            assert _same_ms(word.start_ms - window.start_ms, start), (word, start, end)
            # a word at the very end is kept inside its window (funasr's may pass the clip's
            # end by up to 5 ms: its last frame's padding)
            assert _same_ms(word.end_ms - window.start_ms, min(end, window.duration_ms)), (word, start, end)
            worded += 1
    if timestamps:
        assert worded >= 2  # the speech clips said "hello": the times were compared


def test_token_times_are_half_a_frame_early_like_funasr():
    assert token_span_ms(0, 1) == (0, 30)  # not before the clip's start
    assert token_span_ms(2, 5) == (90, 270)
    assert token_span_ms(7, 7) == (390, 390)


def test_the_installed_funasr_is_the_pinned_one():
    """The parity above was verified on the pinned range; an environment off it is not tested."""
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    (pin,) = [d for d in deps if d.startswith("funasr")]
    spec = SpecifierSet(pin.removeprefix("funasr").split(";")[0].strip())
    operators = {s.operator for s in spec}
    assert {">=", "<"} <= operators, f"funasr is not pinned to a tested range: {pin}"
    assert version("funasr") in spec, f"funasr {version('funasr')} is outside the tested {pin}"
