"""The transcript's words as one flat, time-ordered list (what the word edits work on).

Words are addressed by time, not by position: a word is "under" a span when its middle
is inside it, so splitting and merging segments (which move words between segments but
keep their times) never changes which words an edit meant. A speech segment without
word times (a speech-detection-only project, or text typed over) stands in as one word
spanning the segment, so pauses can still be measured between segments.
"""

from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from desktop_app.core.model import Segment

UNSPACED_LANGUAGES = ("zh", "ja", "yue")  # CTC gives one word per character: no spaces between words


@dataclass(frozen=True)
class FlatWord:
    """One word of the transcript: where it is, and which segment and word it is."""

    start_ms: int
    end_ms: int
    segment: int  # index in the segments tuple
    word: int  # index in that segment's words; -1 for a segment without words standing in
    text: str
    language: str | None

    @property
    def mid_ms(self) -> int:
        return (self.start_ms + self.end_ms) // 2

    @property
    def is_real(self) -> bool:
        return self.word >= 0


@dataclass(frozen=True, eq=False)
class WordIndex:
    """The flat words sorted by middle, with the middles for binary search."""

    words: tuple[FlatWord, ...]
    mids: tuple[int, ...]
    counts: tuple[int, ...]  # words per segment (real words only)

    def under(self, start_ms: int, end_ms: int) -> range:
        """Positions of the words whose middle lies in ``[start_ms, end_ms)`` (a point span
        ``start == end`` takes the words whose middle is that point)."""
        lo = bisect.bisect_left(self.mids, start_ms)
        hi = (
            bisect.bisect_left(self.mids, end_ms)
            if end_ms > start_ms
            else bisect.bisect_right(self.mids, start_ms)
        )
        return range(lo, hi)


_cache: tuple[object, bool, WordIndex] | None = None


def word_index(segments: Sequence[Segment], *, stand_ins: bool = True) -> WordIndex:
    """The index of ``segments`` (the last one is remembered: projects are immutable, so
    the same segments tuple gives the same index; the UI asks on every change)."""
    global _cache
    if _cache is not None and _cache[0] is segments and _cache[1] == stand_ins:
        return _cache[2]
    flat: list[FlatWord] = []
    counts = []
    for i, seg in enumerate(segments):
        counts.append(len(seg.words))
        for j, w in enumerate(seg.words):
            flat.append(FlatWord(w.start_ms, max(w.start_ms, w.end_ms), i, j, w.text, seg.language))
        if stand_ins and not seg.words and seg.has_speech and seg.end_ms > seg.start_ms:
            flat.append(FlatWord(seg.start_ms, seg.end_ms, i, -1, seg.text, seg.language))
    flat.sort(key=lambda w: (w.mid_ms, w.start_ms))
    index = WordIndex(tuple(flat), tuple(w.mid_ms for w in flat), tuple(counts))
    if isinstance(segments, tuple):
        _cache = (segments, stand_ins, index)
    return index


def normalize(text: str) -> str:
    """Text for matching: NFKC (full-width and half-width forms alike), case folded,
    whitespace collapsed, punctuation trimmed from both ends."""
    folded = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    start, end = 0, len(folded)
    while start < end and _is_punct(folded[start]):
        start += 1
    while end > start and _is_punct(folded[end - 1]):
        end -= 1
    return folded[start:end]


def _is_punct(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PS" and ch not in "ー〜~"  # the long-vowel marks are speech


def is_unspaced(language: str | None, text: str = "") -> bool:
    """True for Chinese, Japanese and Cantonese (words joined without spaces)."""
    if language:
        return language.strip().lower() in UNSPACED_LANGUAGES
    return bool(text) and " " not in text.strip() and any(ord(c) > 0x2E80 for c in text)
