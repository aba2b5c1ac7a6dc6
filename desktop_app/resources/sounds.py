"""Deterministic generated sounds: 16 kHz mono float32, numpy only.

The demo video (``cutmark demo``) has no licensed laughter, applause or music recordings,
so it synthesises them here; the tests and the trained tiny test model use the same
generators (``tests/rig/signals.py``), which is why they live in the package.

Every generator takes ``(duration_s, seed)`` and returns the same samples for the same
arguments. The sounds are crude but distinct enough (rhythm and spectrum) for the tiny
trained SenseVoice model in ``tests/assets/tiny_sensevoice`` to tell them apart:

- ``speech_like``: voiced harmonics, 100-220 Hz pitch, formants, ~4 Hz syllables, pauses;
- ``applause``: dense random clap impulses (band-passed noise bursts);
- ``laughter``: "ha-ha-ha" at ~5 Hz, high breathy pitch (250-350 Hz);
- ``music``: sustained chords changing every ~0.5 s;
- ``silence``: very low noise.
"""

from __future__ import annotations

import numpy as np

SAMPLE_RATE = 16000


def _n_samples(duration_s: float) -> int:
    if duration_s < 0:
        raise ValueError(f"duration_s must be >= 0, got {duration_s}")
    return int(round(duration_s * SAMPLE_RATE))


def _normalize(x: np.ndarray, peak: float) -> np.ndarray:
    m = float(np.max(np.abs(x))) if x.size else 0.0
    if m > 0:
        x = x * (peak / m)
    return x.astype(np.float32)


def _smooth_steps(values: np.ndarray, step_len: int, n: int, ramp: int) -> np.ndarray:
    """Piecewise-constant ``values`` (one per ``step_len`` samples), linear ramps between."""
    knots_t = np.arange(len(values)) * step_len
    # hold each value, ramp over `ramp` samples into the next one
    t = np.arange(n)
    xp = np.stack([knots_t, knots_t + step_len - ramp], axis=1).ravel()
    fp = np.repeat(values, 2)
    return np.interp(t, xp, fp)


def _bandpass(noise: np.ndarray, center_hz: float, width_hz: float) -> np.ndarray:
    """Gaussian band-pass in the frequency domain (for short bursts)."""
    spec = np.fft.rfft(noise)
    freqs = np.fft.rfftfreq(len(noise), 1.0 / SAMPLE_RATE)
    spec *= np.exp(-0.5 * ((freqs - center_hz) / width_hz) ** 2)
    return np.fft.irfft(spec, n=len(noise))


def speech_like(duration_s: float, seed: int) -> np.ndarray:
    """Voiced, vowel-like syllables at ~4 Hz with varying pitch and short pauses. Peak 0.3."""
    rng = np.random.default_rng(seed)
    n = _n_samples(duration_s)
    if n == 0:
        return np.zeros(0, np.float32)
    t = np.arange(n) / SAMPLE_RATE

    # syllables: 150-320 ms voiced, 30-80 ms gaps, sometimes a 150-400 ms pause
    env = np.zeros(n)
    f0 = np.zeros(n)
    formants = np.zeros((3, n))
    pos = int(rng.integers(0, int(0.1 * SAMPLE_RATE)))
    base_f0 = rng.uniform(110, 180)
    while pos < n:
        syl = int(rng.uniform(0.15, 0.32) * SAMPLE_RATE)
        end = min(n, pos + syl)
        k = np.arange(end - pos)
        # raised-cosine attack/decay envelope
        attack = max(1, int(0.03 * SAMPLE_RATE))
        e = np.ones(end - pos)
        e[: min(attack, len(e))] = 0.5 - 0.5 * np.cos(np.pi * k[: min(attack, len(e))] / attack)
        tail = min(attack * 2, len(e))
        e[len(e) - tail :] *= 0.5 + 0.5 * np.cos(np.pi * np.arange(tail) / tail)
        env[pos:end] = e * rng.uniform(0.5, 1.0)
        # pitch glide inside the syllable, within 100-220 Hz
        start_f = np.clip(base_f0 + rng.normal(0, 20), 100, 220)
        end_f = np.clip(start_f + rng.normal(-10, 20), 100, 220)
        f0[pos:end] = np.linspace(start_f, end_f, end - pos)
        # vowel formants
        formants[0, pos:end] = rng.uniform(300, 800)
        formants[1, pos:end] = rng.uniform(900, 2200)
        formants[2, pos:end] = rng.uniform(2400, 3000)
        pos = end + int(rng.uniform(0.03, 0.08) * SAMPLE_RATE)
        if rng.random() < 0.15:
            pos += int(rng.uniform(0.15, 0.4) * SAMPLE_RATE)
        base_f0 = np.clip(base_f0 + rng.normal(0, 8), 110, 200)
    # keep pitch defined in gaps (no phase jumps)
    voiced = f0 > 0
    if voiced.any():
        f0 = np.interp(np.arange(n), np.flatnonzero(voiced), f0[voiced])
        for i in range(3):
            formants[i] = np.interp(np.arange(n), np.flatnonzero(voiced), formants[i][voiced])
    else:
        f0[:] = base_f0
        formants[:] = np.array([[500.0], [1500.0], [2700.0]])

    phase = 2 * np.pi * np.cumsum(f0) / SAMPLE_RATE
    x = np.zeros(n)
    bandwidths = (90.0, 120.0, 180.0)
    for h in range(1, 11):
        fh = h * f0
        amp = 0.05 / h
        for i, bw in enumerate(bandwidths):
            amp = amp + (1.0 / (i + 1)) * np.exp(-0.5 * ((fh - formants[i]) / bw) ** 2)
        x += amp * np.sin(h * phase + rng.uniform(0, 2 * np.pi))
    # a little aspiration noise, and a slow jitter of loudness
    x += 0.03 * rng.standard_normal(n)
    x *= env * (1.0 + 0.1 * np.sin(2 * np.pi * rng.uniform(0.3, 1.0) * t))
    return _normalize(x, 0.3)


def applause(duration_s: float, seed: int) -> np.ndarray:
    """Dense random claps: short decaying band-passed noise bursts, tens per second. Peak 0.5."""
    rng = np.random.default_rng(seed)
    n = _n_samples(duration_s)
    if n == 0:
        return np.zeros(0, np.float32)
    rate = rng.uniform(30, 60)  # claps per second, summed over the crowd
    n_claps = rng.poisson(rate * duration_s) + 1
    burst_len = int(0.03 * SAMPLE_RATE)
    x = np.zeros(n + burst_len)
    k = np.arange(burst_len)
    for start in rng.integers(0, n, size=n_claps):
        tau = rng.uniform(0.002, 0.008) * SAMPLE_RATE
        burst = _bandpass(rng.standard_normal(burst_len), rng.uniform(800, 3000), rng.uniform(300, 900))
        burst *= np.exp(-k / tau) * rng.uniform(0.3, 1.0)
        x[start : start + burst_len] += burst
    x = x[:n]
    x += 0.02 * np.max(np.abs(x)) * rng.standard_normal(n)  # diffuse room noise
    return _normalize(x, 0.5)


def laughter(duration_s: float, seed: int) -> np.ndarray:
    """'Ha-ha-ha': breathy ~100 ms bursts at ~5 Hz, pitch 250-350 Hz, in bouts. Peak 0.4."""
    rng = np.random.default_rng(seed)
    n = _n_samples(duration_s)
    if n == 0:
        return np.zeros(0, np.float32)
    x = np.zeros(n)
    pos = int(rng.integers(0, int(0.1 * SAMPLE_RATE)))
    bout_f0 = rng.uniform(280, 350)
    while pos < n:
        n_ha = int(rng.integers(4, 9))
        period = rng.uniform(0.18, 0.22)
        f0 = bout_f0
        for _ in range(n_ha):
            dur = int(rng.uniform(0.08, 0.12) * SAMPLE_RATE)
            end = min(n, pos + dur)
            m = end - pos
            if m <= 0:
                break
            k = np.arange(m)
            f = np.linspace(f0, f0 * 0.92, m)
            ph = 2 * np.pi * np.cumsum(f) / SAMPLE_RATE
            voiced = sum((0.8**h) * np.sin(h * ph) for h in range(1, 6))
            breath = _bandpass(rng.standard_normal(m), rng.uniform(1500, 3500), 1200.0)
            breath /= np.max(np.abs(breath)) + 1e-9
            e = np.minimum(1.0, k / (0.01 * SAMPLE_RATE)) * np.exp(-k / (0.05 * SAMPLE_RATE))
            x[pos:end] += e * (0.6 * voiced / 2.5 + 0.6 * breath)
            pos += int(period * SAMPLE_RATE)
            f0 = max(250.0, f0 - rng.uniform(0, 12))
        # inhalation pause between bouts, then a new bout
        pos += int(rng.uniform(0.15, 0.4) * SAMPLE_RATE)
        bout_f0 = rng.uniform(270, 350)
    return _normalize(x, 0.4)


def music(duration_s: float, seed: int) -> np.ndarray:
    """Sustained chords (3-4 notes with harmonics) changing every ~0.5 s. Peak 0.3."""
    rng = np.random.default_rng(seed)
    n = _n_samples(duration_s)
    if n == 0:
        return np.zeros(0, np.float32)
    t = np.arange(n) / SAMPLE_RATE
    chord_len = int(rng.uniform(0.4, 0.6) * SAMPLE_RATE)
    n_chords = n // chord_len + 1
    major = np.array([0, 4, 7, 12])
    minor = np.array([0, 3, 7, 10])
    x = np.zeros(n)
    ramp = int(0.03 * SAMPLE_RATE)
    for v in range(4):  # four voices; each voice is one note of the chord
        freqs = np.zeros(n_chords)
        gains = np.zeros(n_chords)
        for c in range(n_chords):
            crng = np.random.default_rng([seed, c])  # same chord for all voices
            root = 48 + int(crng.integers(0, 12))  # C3..B3
            shape = major if crng.random() < 0.5 else minor
            n_notes = 3 + int(crng.random() < 0.5)
            if v < n_notes:
                freqs[c] = 440.0 * 2 ** ((root + shape[v] - 69) / 12)
                gains[c] = 1.0
            else:
                freqs[c] = freqs[c - 1] if c else 440.0
                gains[c] = 0.0
        f = _smooth_steps(freqs, chord_len, n, ramp)
        g = _smooth_steps(gains, chord_len, n, ramp)
        ph = 2 * np.pi * np.cumsum(f) / SAMPLE_RATE + rng.uniform(0, 2 * np.pi)
        for h in range(1, 5):
            x += g * (0.6**h) * np.sin(h * ph)
    x *= 1.0 + 0.05 * np.sin(2 * np.pi * 5.5 * t)  # gentle vibrato-like tremolo
    # short fade in and out so a clip starts and ends smoothly
    fade = min(n // 2, int(0.01 * SAMPLE_RATE))
    if fade:
        x[:fade] *= np.linspace(0, 1, fade)
        x[n - fade :] *= np.linspace(1, 0, fade)
    return _normalize(x, 0.3)


def silence(duration_s: float, seed: int, level: float = 1e-4) -> np.ndarray:
    """Very low white noise (standard deviation ``level``)."""
    rng = np.random.default_rng(seed)
    return (level * rng.standard_normal(_n_samples(duration_s))).astype(np.float32)


GENERATORS = {
    "speech": speech_like,
    "applause": applause,
    "laughter": laughter,
    "music": music,
    "silence": silence,
}
