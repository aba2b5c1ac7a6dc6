"""A talk with known words: each word a tone burst of its own pitch at a known time, so
tests can build the project directly (no model) and find every word's audio in a render."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np

from desktop_app.core.model import GAP, SPEECH, Marker, Segment, Word
from desktop_app.media import probe, waveform_peaks
from desktop_app.project.schema import Project
from tests.media.gen import make_video
from tests.project.factories import sample_analysis

WORD_MS = 280
RATE = 48_000
NOISE = 0.003  # room tone in the pauses: the quietest point is found in it

# (text, gap before it in ms); two sentences, a long pause between them
SENTENCES = (
    [("so", 500), ("um", 140), ("today", 260), ("banana", 120), ("we", 380), ("talk", 90), ("about", 200)],
    [("the", 1300), ("the", 110), ("crocodile", 160), ("cuts", 240), ("uh", 520), ("okay", 150)],
)
TAIL_MS = 700


def layout() -> list[list[Word]]:
    out, t = [], 0
    for sentence in SENTENCES:
        words = []
        for text, gap in sentence:
            t += gap
            words.append(Word(text, t, t + WORD_MS))
            t += WORD_MS
        out.append(words)
    return out


def duration_ms() -> int:
    return layout()[-1][-1].end_ms + TAIL_MS


def pitch(k: int) -> float:
    return 330.0 + 143.0 * k  # every word its own pitch (k: the word's place in the talk)


def audio(rate: int = RATE) -> np.ndarray:
    n = duration_ms() * rate // 1000
    rng = np.random.default_rng(7)
    out = (NOISE * rng.standard_normal(n)).astype(np.float32)
    for k, w in enumerate(w for s in layout() for w in s):
        a, b = w.start_ms * rate // 1000, w.end_ms * rate // 1000
        t = np.arange(b - a) / rate
        env = np.minimum(1.0, np.minimum(t, t[::-1]) / 0.015)  # 15 ms ramps: no clicks of its own
        out[a:b] += (0.5 * env * np.sin(2 * np.pi * pitch(k) * t)).astype(np.float32)
    return out


def word_audio(k: int, rate: int) -> np.ndarray:
    """Word ``k``'s tone as in the source (without its ramps), to look for in a render."""
    t = np.arange(int(0.2 * rate)) / rate
    return np.sin(2 * np.pi * pitch(k) * t).astype(np.float32)


def segments_for(words: list[list[Word]], language: str = "en") -> tuple[Segment, ...]:
    segs, t = [], 0
    for ws in words:
        start, end = ws[0].start_ms - 100, ws[-1].end_ms + 100
        if start > t:
            segs.append(Segment(t, start, GAP))
        text = " ".join(w.text for w in ws).capitalize() + "."
        segs.append(Segment(start, end, SPEECH, text, language, "NEUTRAL", "Speech", words=tuple(ws)))
        t = end
    segs.append(Segment(t, duration_ms(), GAP))
    return tuple(segs)


def talk_project(media: Path | None = None, markers: tuple[Marker, ...] = ()) -> Project:
    """The talk's project; with ``media`` (made by :func:`make_talk`) it points at that file
    and carries its waveform, as an analysed project does."""
    base = sample_analysis(video=media is not None)
    info = dataclasses.replace(base.media, duration_ms=duration_ms(), start_timecode=None)
    peaks = None
    if media is not None:
        info = dataclasses.replace(probe(media), start_timecode=None)
        mono16 = audio(16_000)
        peaks = waveform_peaks(mono16, 16_000, peaks_per_second=50)
    analysis = dataclasses.replace(base, media=info, segments=segments_for(layout()), markers=markers)
    return Project(analysis, waveform=peaks, peaks_per_second=50 if peaks is not None else 0)


def make_talk(path: Path) -> Path:
    make_video(path, duration_ms() / 1000, audio=audio(), audio_rate=RATE, channels=1)
    return path
