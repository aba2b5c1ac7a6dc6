"""Long, realistic transcripts for the subtitle tests (seeded, so every run is the same).

English at 2.0–2.8 words a second (or a faster pace), Chinese at 3.5–5 characters a second, Japanese
kana/kanji likewise; segments of 1–14 s with 0.2–2 s pauses, words timed by a
CTC-like aligner (CJK: one word per character, punctuation not timed).
"""

from __future__ import annotations

import dataclasses
import random

from desktop_app.core.model import GAP, SPEECH, Marker, Segment, Word
from tests.project.factories import sample_analysis

_EN = (
    "the a we you they it is was are to of and in that for on with as this be at by from "
    "video people really think going know right about like just time because would could "
    "subtitles reading speed editor timeline laughter applause music interview question answer "
    "actually probably everything something yesterday tomorrow wonderful particularly "
    "don't can't we're it's I'm"
)
EN_WORDS = tuple(_EN.split())
ZH_CHARS = "我们今天来聊一聊字幕排版规则为什么每行的数和阅读速度对观众说这么重要视频剪辑时间线笑声掌声音乐采访问题回答"
JA_CHARS = "今日は字幕の読みやすさについて話しますこれはとても大切なことです編集者にとって"


def _english(rng: random.Random, seconds: float, pace: tuple[float, float]) -> str:
    count = max(1, round(seconds * rng.uniform(*pace)))
    words = [rng.choice(EN_WORDS) for _ in range(count)]
    out = []
    for i, w in enumerate(words):
        if i == 0 or out[-1].endswith("."):
            w = w[:1].upper() + w[1:]
        if i == len(words) - 1:
            w += rng.choice([".", "?", "!"])
        elif rng.random() < 0.08:
            w += ","
        elif rng.random() < 0.05:
            w += "."
        out.append(w)
    return " ".join(out)


def _cjk(rng: random.Random, seconds: float, chars: str) -> str:
    count = max(1, round(seconds * rng.uniform(3.5, 5.0)))
    text = []
    for i in range(count):
        text.append(rng.choice(chars))
        if i < count - 1 and rng.random() < 0.1:
            text.append("，")
    text.append("。")
    return "".join(text)


def _words(text: str, start: int, end: int, cjk: bool) -> tuple[Word, ...]:
    tokens = [ch for ch in text if ch.isalnum()] if cjk else text.split()
    step = (end - start) / len(tokens)
    return tuple(
        Word(tok, start + round(i * step), start + round((i + 1) * step) - 30) for i, tok in enumerate(tokens)
    )


NORMAL_PACE = (2.0, 2.8)  # words a second: 120-170 words a minute, conversational
FAST_PACE = (2.4, 3.4)  # up to 200 words a minute: a fast talker


def long_transcript(
    language: str, minutes: float = 20, seed: int = 7, with_words: bool = True, pace=NORMAL_PACE
):
    """An analysis with ``minutes`` of speech in ``language`` (en, zh or ja) plus some events."""
    rng = random.Random(seed)
    segments, markers = [], []
    t, end_ms = 0, int(minutes * 60_000)
    while t < end_ms - 15_000:
        pause = rng.randint(200, 2000)
        if rng.random() < 0.05:
            pause = rng.randint(3000, 8000)
            markers.append(Marker("event", rng.choice(["laughter", "applause", "bgm"]), t, t + pause, 0.8))
        segments.append(Segment(t, t + pause, GAP))
        t += pause
        length = rng.choice([rng.randint(1000, 3000), rng.randint(3000, 14000)])
        if language == "en":
            text = _english(rng, length / 1000, pace)
        else:
            text = _cjk(rng, length / 1000, ZH_CHARS if language == "zh" else JA_CHARS)
        words = _words(text, t, t + length, cjk=language != "en") if with_words else ()
        segments.append(Segment(t, t + length, SPEECH, text, language, "NEUTRAL", "Speech", words=words))
        t += length
    base = sample_analysis()
    media = dataclasses.replace(base.media, duration_ms=t + 5000)
    return dataclasses.replace(base, media=media, segments=tuple(segments), markers=tuple(markers))
