"""The committed trained tiny model (``tests/assets/tiny_sensevoice``): what it says for what.

The model was trained by ``scripts/train_tiny_model.py`` to emit, through funasr's
normal ``AutoModel.generate(input=[clip], language="auto", use_itn=False)``:

==========  ==========================================================
class       raw ``text``
==========  ==========================================================
speech      ``<|en|><|HAPPY|><|Speech|><|woitn|>hello``
applause    ``<|nospeech|><|EMO_UNKNOWN|><|Applause|><|woitn|>``
laughter    ``<|nospeech|><|EMO_UNKNOWN|><|Laughter|><|woitn|>``
music       ``<|nospeech|><|EMO_UNKNOWN|><|BGM|><|woitn|>``
silence     ``<|nospeech|><|EMO_UNKNOWN|><|Event_UNK|><|woitn|>``
==========  ==========================================================

It was also trained with ``use_itn=True`` (``<|withitn|>`` instead of ``<|woitn|>``)
and with an explicit ``language`` hint (speech then reports that language), and with
funasr's default dither as well as dither 0, but those are secondary: tests should
load it with ``tiny_model.load_automodel`` (dither 0).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from . import signals

TINY_MODEL_DIR = Path(__file__).resolve().parents[1] / "assets" / "tiny_sensevoice"

CLASSES = ("speech", "applause", "laughter", "music", "silence")

# class -> (language, emotion, event, text)
TARGETS = {
    "speech": ("<|en|>", "<|HAPPY|>", "<|Speech|>", "hello"),
    "applause": ("<|nospeech|>", "<|EMO_UNKNOWN|>", "<|Applause|>", ""),
    "laughter": ("<|nospeech|>", "<|EMO_UNKNOWN|>", "<|Laughter|>", ""),
    "music": ("<|nospeech|>", "<|EMO_UNKNOWN|>", "<|BGM|>", ""),
    "silence": ("<|nospeech|>", "<|EMO_UNKNOWN|>", "<|Event_UNK|>", ""),
}

# A noise burst (applause) over speech: the speech's tags and text with the Applause event.
# The model learns the event's probability as the share of the clip the burst covers, so a
# short burst in a long window shows as a raised Applause probability (refinement flags it)
# and a sub-window mostly inside the burst says Applause.
BURST_TARGET = ("<|en|>", "<|HAPPY|>", "<|Applause|>", "hello")

# languages a caller may pass as a hint (funasr's lid_dict, minus "auto"/"nospeech")
HINT_LANGUAGES = ("zh", "en", "yue", "ja", "ko")

# training draws its synthetic seeds below this; held-out clips use seeds above it
HELDOUT_SEED_BASE = 1_000_000


def expected_text(kind: str, *, language: str = "auto", use_itn: bool = False) -> str:
    """The raw ``text`` the trained model gives for a clip of class ``kind``."""
    lang, emo, event, text = TARGETS[kind]
    if kind == "speech" and language in HINT_LANGUAGES:
        lang = f"<|{language}|>"
    norm = "<|withitn|>" if use_itn else "<|woitn|>"
    return f"{lang}{emo}{event}{norm}{text}"


EXPECTED_TEXT = {kind: expected_text(kind) for kind in CLASSES}


def burst_over_speech(
    speech_s: float, at_s: float, burst_s: float, seed: int, *, level: float = 0.6
) -> np.ndarray:
    """``speech_s`` of synthetic speech with an applause burst from ``at_s`` for ``burst_s``,
    the burst's peak ``level`` times the speech's."""
    x = signals.GENERATORS["speech"](speech_s, seed).astype(np.float64)
    burst = signals.GENERATORS["applause"](burst_s, seed + 1).astype(np.float64)
    a = int(at_s * signals.SAMPLE_RATE)
    burst = burst[: max(0, len(x) - a)]
    x[a : a + len(burst)] += burst * level * np.max(np.abs(x)) / (np.max(np.abs(burst)) + 1e-9)
    return x.astype(np.float32)


def make_clip(kind: str, duration_s: float, seed: int, *, pad_s: float = 0.0) -> np.ndarray:
    """A synthetic clip of class ``kind`` with ``pad_s`` of near-silence either side."""
    x = signals.GENERATORS[kind](duration_s, seed)
    if pad_s > 0:
        pad = signals.silence(pad_s, seed + 1)
        x = np.concatenate([pad, x, pad])
    return x.astype(np.float32)


def real_speech_crops(n: int, seed: int, *, min_s: float = 1.5, max_s: float = 5.0) -> list[np.ndarray]:
    """``n`` crops of the real recordings shipped in ``desktop_app/resources/media``.

    Crops are taken where the recording is loud enough to hold speech.
    """
    recordings = signals.load_real_speech()
    if not recordings:
        return []
    rng = np.random.default_rng(seed)
    out = []
    while len(out) < n:
        rec = recordings[int(rng.integers(len(recordings)))]
        length = int(rng.uniform(min_s, max_s) * signals.SAMPLE_RATE)
        if len(rec) <= length:
            continue
        start = int(rng.integers(0, len(rec) - length))
        crop = rec[start : start + length]
        if np.sqrt(np.mean(crop**2)) >= 0.5 * np.sqrt(np.mean(rec**2)):
            out.append(crop.astype(np.float32))
    return out


def heldout_clips(n_per_class: int = 2, n_real: int = 2, seed: int = 1000) -> list[tuple[str, np.ndarray]]:
    """Fresh clips (seeds never used in training), 1.5-5 s, some padded with silence,
    some silence clips exact zeros.

    Returns ``(class, clip)`` pairs; real-speech crops are class ``"speech"``.
    """
    rng = np.random.default_rng(seed)
    out: list[tuple[str, np.ndarray]] = []
    for c, kind in enumerate(CLASSES):
        for i in range(n_per_class):
            duration = float(rng.uniform(1.5, 5.0))
            pad = 0.3 if i % 2 else 0.0  # every other clip: 0.3 s of silence either side
            clip_seed = HELDOUT_SEED_BASE + seed * 1000 + c * 100 + i
            if kind == "silence" and i % 2:  # digital silence (exact zeros)
                out.append((kind, np.zeros(int(duration * signals.SAMPLE_RATE), np.float32)))
                continue
            out.append((kind, make_clip(kind, duration - 2 * pad, clip_seed, pad_s=pad)))
    out += [("speech", crop) for crop in real_speech_crops(n_real, seed)]
    return out
