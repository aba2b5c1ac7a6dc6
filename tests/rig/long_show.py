"""A long generated talk show (minutes to hours): real speech phrases with natural
pauses, laughter, applause, music stingers and quiet over room tone. The benchmarks
time the pipeline on it; the streaming tests compare window plans on it."""

from __future__ import annotations

SR = 16_000


def _speech_pool(seed: int):
    """Real recordings as 16 kHz mono (the generated speech-like signal if they are absent)."""
    import numpy as np

    from tests.rig import signals

    pool = [clip for clip in signals.load_real_speech() if len(clip) > SR]
    if not pool:
        pool = [signals.speech_like(30.0, seed + i) for i in range(4)]
    return [np.asarray(c, dtype=np.float32) for c in pool]


def make_show(minutes: float, seed: int = 0):
    """A talk-show-like track: (samples, parts). Parts are dicts kind/start_s/end_s.

    Talk stretches of 20-90 s are phrases of real speech (2-9 s excerpts, random gain)
    with 0.15-0.7 s breaths between them and an occasional 1-2.5 s pause; between
    stretches comes laughter (1.5-4 s), applause (3-8 s), a music stinger (6-20 s) or a
    quiet pause (1.5-4 s). Everything sits on room tone at about -66 dBFS.
    """
    import numpy as np

    from tests.rig import signals

    rng = np.random.default_rng(seed)
    total = int(minutes * 60 * SR)
    audio = (rng.standard_normal(total) * 5e-4).astype(np.float32)  # room tone
    pool = _speech_pool(seed)
    parts: list[dict] = []
    pos = int(rng.uniform(0.5, 1.5) * SR)

    def put(clip, kind: str) -> None:
        nonlocal pos
        clip = clip[: max(0, total - pos)]
        audio[pos : pos + len(clip)] += clip
        parts.append({"kind": kind, "start_s": round(pos / SR, 3), "end_s": round((pos + len(clip)) / SR, 3)})
        pos += len(clip)

    while pos < total - SR:
        stretch_end = pos + int(rng.uniform(20, 90) * SR)
        while pos < min(stretch_end, total - SR):
            src = pool[int(rng.integers(len(pool)))]
            n = min(len(src), int(rng.uniform(2, 9) * SR))
            a = int(rng.integers(0, len(src) - n + 1))
            put(src[a : a + n] * float(rng.uniform(0.6, 1.2)), "speech")
            pos += int((rng.uniform(1.0, 2.5) if rng.random() < 0.12 else rng.uniform(0.15, 0.7)) * SR)
        roll = rng.random()
        event_seed = int(rng.integers(1 << 30))
        if roll < 0.3:
            put(signals.laughter(rng.uniform(1.5, 4), event_seed), "laughter")
        elif roll < 0.55:
            put(signals.applause(rng.uniform(3, 8), event_seed), "applause")
        elif roll < 0.7:
            put(signals.music(rng.uniform(6, 20), event_seed), "music")
        else:
            pos += int(rng.uniform(1.5, 4) * SR)
            continue
        pos += int(rng.uniform(0.3, 1.5) * SR)
    np.clip(audio, -1.0, 1.0, out=audio)
    return audio, parts
