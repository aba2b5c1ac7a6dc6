"""A generated 60 s "show": speech, applause, laughter, music and silence at known times.

The trained tiny model (tests/assets/tiny_sensevoice) says "hello" for speech, and
Applause / Laughter / BGM for the matching sounds, so tests can check where markers land.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tests.rig import signals

SR = 16_000


@dataclass(frozen=True)
class Part:
    kind: str  # speech, applause, laughter, music, silence
    start_s: float
    end_s: float


def show_60s(seed: int = 0) -> tuple[np.ndarray, list[Part]]:
    """Mono 16 kHz float32 audio and the parts it is made of."""
    real = signals.load_real_speech()
    first = real[0] if real else signals.speech_like(8.0, seed)
    second = real[2] if len(real) > 2 else signals.speech_like(6.0, seed + 1)
    plan = [
        ("speech", 0.0, first[: 8 * SR]),
        ("silence", 8.0, 4.0),
        ("applause", 12.0, 3.0),
        ("silence", 15.0, 4.0),
        ("laughter", 19.0, 3.0),
        ("silence", 22.0, 4.0),
        ("speech", 26.0, second[: 6 * SR]),
        ("silence", 32.0, 4.0),
        ("music", 36.0, 6.0),
        ("silence", 42.0, 5.0),
        ("speech", 47.0, 6.0),
        ("silence", 53.0, 7.0),
    ]
    audio = np.zeros(60 * SR, dtype=np.float32)
    parts = []
    for i, (kind, start, what) in enumerate(plan):
        if isinstance(what, np.ndarray):
            clip = what
        elif kind == "speech":
            clip = signals.speech_like(what, seed + 10 + i)
        else:
            clip = getattr(signals, kind)(what, seed + 10 + i)
        a = int(start * SR)
        clip = clip[: len(audio) - a]
        audio[a : a + len(clip)] = clip
        parts.append(Part(kind, start, start + len(clip) / SR))
    return audio, parts
