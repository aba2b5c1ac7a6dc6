"""Subtitle text: cleaning, the unbreakable pieces ("atoms") a line or cue may not split,
line wrapping, and the time of each atom from the segment's word timestamps.

Chinese, Japanese and Cantonese text wraps between any two characters with no spaces
added; other text wraps at spaces. Atoms get their times from the segment's words when
the words spell the text (never splitting inside a word), else in proportion to their
characters over the segment.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from desktop_app.core.model import Segment

# --- text --------------------------------------------------------------------


def is_unspaced_char(ch: str) -> bool:
    """A character of a script written without spaces between words (Han, kana, CJK punctuation)."""
    cp = ord(ch)
    return (
        0x3000 <= cp <= 0x30FF  # CJK symbols and punctuation, hiragana, katakana
        or 0x3100 <= cp <= 0x312F  # bopomofo
        or 0x31F0 <= cp <= 0x31FF  # katakana extensions
        or 0x3400 <= cp <= 0x4DBF  # CJK extension A
        or 0x4E00 <= cp <= 0x9FFF  # CJK unified ideographs
        or 0xF900 <= cp <= 0xFAFF  # CJK compatibility ideographs
        or 0xFF00 <= cp <= 0xFFEF  # fullwidth and halfwidth forms
        or 0x20000 <= cp <= 0x3FFFF  # CJK extensions B and later
    )


_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
# Directional formatting that stays in force until closed: LRE, RLE, LRO, RLO -> PDF; LRI, RLI, FSI -> PDI.
_BIDI_OPENERS = {
    **dict.fromkeys("\u202a\u202b\u202d\u202e", "\u202c"),
    **dict.fromkeys("\u2066\u2067\u2068", "\u2069"),
}
_BIDI_CLOSERS = frozenset("\u202c\u2069")


def _balanced_bidi(text: str) -> str:
    """``text`` with only the directional embeddings, overrides and isolates that it closes."""
    if not any(ch in _BIDI_OPENERS or ch in _BIDI_CLOSERS for ch in text):
        return text
    keep = [True] * len(text)
    open_at: list[int] = []
    for i, ch in enumerate(text):
        if ch in _BIDI_OPENERS:
            open_at.append(i)
        elif ch in _BIDI_CLOSERS:
            j = len(open_at) - 1
            while j >= 0 and _BIDI_OPENERS[text[open_at[j]]] != ch:
                j -= 1
            if j < 0:
                keep[i] = False  # closes nothing
                continue
            for k in open_at[j + 1 :]:  # opened inside and never closed
                keep[k] = False
            del open_at[j:]
    for k in open_at:
        keep[k] = False
    return "".join(ch for ch, k in zip(text, keep, strict=True) if k)


_WHITESPACE_RUN = re.compile(r"\s+")


def clean_text(text: str) -> str:
    """One line of text safe in any subtitle format.

    Line breaks and tabs become spaces (or nothing between two CJK characters), other
    control characters and stray byte-order marks go, directional embeddings, overrides
    and isolates that are never closed go (an open right-to-left override would show the
    rest of the line backwards), runs of spaces collapse.
    """
    text = _balanced_bidi(text)
    kept = []
    for ch in text:
        if ch in _LINE_BREAKS:
            kept.append("\n")
        elif ch == "\t":
            kept.append(" ")
        elif ch == "\ufeff" or unicodedata.category(ch) == "Cc":
            continue
        else:
            kept.append(ch)
    joined = "".join(kept)

    def collapse(match: re.Match[str]) -> str:
        before = joined[match.start() - 1] if match.start() > 0 else ""
        after = joined[match.end()] if match.end() < len(joined) else ""
        if (
            "\n" in match.group()
            and before
            and after
            and is_unspaced_char(before)
            and is_unspaced_char(after)
        ):
            return ""
        return " "

    return _WHITESPACE_RUN.sub(collapse, joined).strip()


@dataclass(frozen=True)
class _Atom:
    """The smallest piece of text a line or cue break may not split."""

    text: str
    sep: str  # what joins it to the previous atom on the same line: " " or ""


def _atoms(text: str, max_len: int) -> list[_Atom]:
    """Split cleaned text: at spaces, and around every CJK character.

    Closing punctuation stays with the text before it, opening punctuation with the
    text after it. An atom longer than ``max_len`` is cut into ``max_len`` pieces.
    """
    atoms: list[_Atom] = []
    for chunk_no, chunk in enumerate(text.split(" ")):
        sep = " " if chunk_no else ""
        current, current_cjk, has_body = "", False, False
        for ch in chunk:
            cat = unicodedata.category(ch)
            cjk_letter = is_unspaced_char(ch) and not cat.startswith("P") and not cat.startswith("Z")
            opening = cat in ("Ps", "Pi")
            if cjk_letter:
                starts_new = has_body
            elif opening:
                starts_new = has_body and current_cjk
            elif cat.startswith("P"):
                starts_new = False
            else:
                starts_new = has_body and current_cjk
            if starts_new:
                atoms.append(_Atom(current, sep))
                sep, current, has_body = "", "", False
            current += ch
            if cjk_letter or not (opening or cat.startswith("P")):
                has_body = True
                current_cjk = cjk_letter
        if current:
            atoms.append(_Atom(current, sep))
    out: list[_Atom] = []
    for atom in atoms:
        if len(atom.text) <= max_len:
            out.append(atom)
            continue
        for k in range(0, len(atom.text), max_len):
            out.append(_Atom(atom.text[k : k + max_len], atom.sep if k == 0 else ""))
    return out


def _joined(atoms: list[_Atom]) -> str:
    return "".join((a.sep if i else "") + a.text for i, a in enumerate(atoms))


def _greedy_lines(atoms: list[_Atom], width: int) -> list[str]:
    lines: list[str] = []
    line = ""
    for atom in atoms:
        candidate = line + atom.sep + atom.text if line else atom.text
        if line and len(candidate) > width:
            lines.append(line)
            line = atom.text
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines


def wrap_atoms(atoms: list[_Atom], max_chars: int) -> tuple[str, ...]:
    """As few lines as a greedy fill needs, then balanced: the narrowest width that still fits."""
    whole = _joined(atoms)
    if len(whole) <= max_chars:
        return (whole,)
    count = len(_greedy_lines(atoms, max_chars))
    for width in range(math.ceil(len(whole) / count), max_chars + 1):
        lines = _greedy_lines(atoms, width)
        if len(lines) <= count:
            return tuple(lines)
    return tuple(_greedy_lines(atoms, max_chars))


# --- timing of the atoms -----------------------------------------------------


def _alnum_keys(text: str) -> list[str]:
    return [ch.casefold() for ch in text if ch.isalnum()]


def _atom_times(atoms: list[_Atom], seg: Segment) -> tuple[list[tuple[int, int]], list[bool]]:
    """(start, end) of each atom and whether a cue may end after atom i (``breakable[i]``)."""
    n = len(atoms)
    timed = _times_from_words(atoms, seg)
    if timed is not None:
        return timed
    weights = [max(1, len(a.text)) for a in atoms]
    total = sum(weights)
    span = seg.end_ms - seg.start_ms
    times, before = [], 0
    for w in weights:
        times.append((seg.start_ms + span * before // total, seg.start_ms + span * (before + w) // total))
        before += w
    return times, [True] * n


def _times_from_words(atoms: list[_Atom], seg: Segment):
    """Atom times from the segment's words, or None when the words do not spell the text."""
    if not seg.words:
        return None
    words = sorted(seg.words, key=lambda w: (w.start_ms, w.end_ms))
    word_keys: list[str] = []
    char_times: list[tuple[int, int, int]] = []  # (word index, start, end) per alphanumeric char
    for wi, word in enumerate(words):
        keys = _alnum_keys(word.text)
        span = word.end_ms - word.start_ms
        for j in range(len(keys)):
            char_times.append(
                (wi, word.start_ms + span * j // len(keys), word.start_ms + span * (j + 1) // len(keys))
            )
        word_keys.extend(keys)
    atom_keys = [_alnum_keys(a.text) for a in atoms]
    if not word_keys or [k for keys in atom_keys for k in keys] != word_keys:
        return None
    lo, hi = seg.start_ms, max(seg.start_ms, seg.end_ms)
    times: list[tuple[int, int] | None] = []
    first_last: list[tuple[int, int] | None] = []
    pos = 0
    for keys in atom_keys:
        if not keys:
            times.append(None)
            first_last.append(None)
            continue
        chars = char_times[pos : pos + len(keys)]
        pos += len(keys)
        start = min(max(chars[0][1], lo), hi)
        end = min(max(chars[-1][2], start), hi)
        times.append((start, end))
        first_last.append((chars[0][0], chars[-1][0]))
    # atoms with no letters or digits (an emoji, a dash) sit at the end of the atom before
    filled: list[tuple[int, int]] = []
    for i, t in enumerate(times):
        if t is not None:
            filled.append(t)
            continue
        if filled:
            filled.append((filled[-1][1], filled[-1][1]))
        else:
            nxt = next((u for u in times[i:] if u is not None), (lo, lo))
            filled.append((nxt[0], nxt[0]))
    # keep the times in order even when words overlap
    for i in range(1, len(filled)):
        start = max(filled[i][0], filled[i - 1][0])
        filled[i] = (start, max(filled[i][1], start))
    breakable = []
    for i in range(len(atoms)):
        here = first_last[i]
        nxt = first_last[i + 1] if i + 1 < len(atoms) else None
        breakable.append(here is None or nxt is None or here[1] != nxt[0])
    return filled, breakable
