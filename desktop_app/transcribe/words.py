"""Words and their times from the model's pieces (CJK characters count as words)."""

from __future__ import annotations

from collections.abc import Sequence

from desktop_app.core.model import Word
from desktop_app.transcribe.batching import FRAME_MS

# funasr's SenseVoice timestamps put a token half a frame earlier than its frames
# (``start * 60 - 30`` ms, not below 0): the encoder frame's centre, not its start.
HALF_FRAME_MS = FRAME_MS // 2


def token_span_ms(first_frame: int, end_frame: int) -> tuple[int, int]:
    """``(start_ms, end_ms)`` in its clip of a token on speech frames ``[first_frame, end_frame)``,
    as funasr's ``output_timestamp=True`` gives it (there in seconds, here in whole ms)."""
    start = max(first_frame * FRAME_MS - HALF_FRAME_MS, 0)
    return start, max(end_frame * FRAME_MS - HALF_FRAME_MS, start)


def _is_cjk(ch: str) -> bool:
    code = ord(ch)
    return (
        0x3040 <= code <= 0x30FF  # kana
        or 0x3400 <= code <= 0x9FFF  # CJK ideographs
        or 0xAC00 <= code <= 0xD7AF  # hangul syllables
        or 0xF900 <= code <= 0xFAFF
    )


def words_from_pieces(pieces: Sequence[tuple[str, int, int]]) -> list[Word]:
    """Sentencepiece pieces with times -> words. '▁' starts a word; CJK characters are words."""
    words: list[list] = []
    new_word = True
    for piece, start, end in pieces:
        if piece.startswith("<|") and piece.endswith("|>"):
            new_word = True
            continue
        text = piece
        if text.startswith("▁"):
            text = text[1:]
            new_word = True
        if not text:
            continue
        for ch_text in [text] if not any(_is_cjk(c) for c in text) else list(text):
            if _is_cjk(ch_text[0]) or new_word or not words:
                words.append([ch_text, start, end])
            else:
                words[-1][0] += ch_text
                words[-1][2] = end
            new_word = _is_cjk(ch_text[0])
    return [Word(t, s, max(e, s + 1)) for t, s, e in words]


def spread_words(text: str, start_ms: int, end_ms: int) -> list[Word]:
    """Fallback word times: spread the words evenly over the window."""
    tokens = list(text.replace(" ", "")) if any(_is_cjk(c) for c in text) else text.split()
    if not tokens:
        return []
    span = max(1, end_ms - start_ms)
    step = span / len(tokens)
    return [
        Word(t, start_ms + int(i * step), start_ms + max(int((i + 1) * step), int(i * step) + 1))
        for i, t in enumerate(tokens)
    ]
