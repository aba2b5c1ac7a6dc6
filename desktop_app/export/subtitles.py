"""Subtitle layout: speech segments → timed cues of at most N lines of M characters.

The rules follow common subtitle practice (Subtitle Edit's defaults): 42 characters a
line, 2 lines, 1–7 s on screen, at most 20 characters a second, a small gap between
cues. Text is cleaned so that no cue can break a file format (no control characters,
no blank lines). Long segments are split into several cues, at word timestamps when
the segment has words that match its text (never inside a word), otherwise at the
text's word or character boundaries with times spread in proportion to the characters.
Chinese, Japanese and Cantonese text wraps between any two characters with no spaces
added; other text wraps at spaces.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop_app.core.errors import ExportError
from desktop_app.core.model import SPEECH, Segment

if TYPE_CHECKING:
    from desktop_app.project.schema import Project


@dataclass(frozen=True)
class SubtitleOptions:
    max_chars_per_line: int = 42
    max_lines: int = 2
    min_duration_ms: int = 1000
    max_duration_ms: int = 7000
    max_cps: float = 20.0
    min_gap_ms: int = 80
    include_events: bool = False  # hearing-impaired cues such as "[Laughter]" from event markers
    speech_only: bool = True  # False: text heard in gap windows is subtitled too

    def __post_init__(self) -> None:
        for name in ("max_chars_per_line", "max_lines", "max_duration_ms"):
            if getattr(self, name) < 1:
                raise ExportError(f"subtitle option {name} must be at least 1 (got {getattr(self, name)})")
        for name in ("min_duration_ms", "min_gap_ms"):
            if getattr(self, name) < 0:
                raise ExportError(f"subtitle option {name} must not be negative (got {getattr(self, name)})")
        if self.min_duration_ms > self.max_duration_ms:
            raise ExportError(
                f"subtitle option min_duration_ms ({self.min_duration_ms}) must not exceed "
                f"max_duration_ms ({self.max_duration_ms})"
            )
        if not self.max_cps > 0:
            raise ExportError(f"subtitle option max_cps must be positive (got {self.max_cps})")


@dataclass(frozen=True)
class Cue:
    start_ms: int
    end_ms: int
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


EVENT_CAPTIONS = {
    "laughter": "Laughter",
    "applause": "Applause",
    "bgm": "Music",
    "music": "Music",
    "cry": "Crying",
    "crying": "Crying",
    "cough": "Coughing",
    "sneeze": "Sneezing",
    "breath": "Breathing",
    "sing": "Singing",
    "singing": "Singing",
}
_NOT_CAPTIONED = {"speech", "speech_noise", "gbg", "event_unk", "unknown", ""}

_SENTENCE_END = set(".!?…。！？")
_CLAUSE_END = set(",;:，、；：")


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
_WHITESPACE_RUN = re.compile(r"\s+")


def clean_text(text: str) -> str:
    """One line of text safe in any subtitle format.

    Line breaks and tabs become spaces (or nothing between two CJK characters), other
    control characters and stray byte-order marks go, runs of spaces collapse.
    """
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


# --- cues ----------------------------------------------------------------------


def _fits(atoms: list[_Atom], times, start: int, end: int, opts: SubtitleOptions) -> bool:
    if times[end - 1][1] - times[start][0] > opts.max_duration_ms:
        return False
    return len(_greedy_lines(atoms[start:end], opts.max_chars_per_line)) <= opts.max_lines


def _choose_break(atoms: list[_Atom], breakable: list[bool], start: int, end: int) -> int:
    """Where to end a cue that cannot take atom ``end``: an index in ``start+1 .. end``."""
    candidates = [b for b in range(start + 1, end + 1) if breakable[b - 1]]
    if not candidates:
        return end  # one word too long for a cue: the only way on is to split it
    half = len(_joined(atoms[start:end])) / 2
    for marks in (_SENTENCE_END, _CLAUSE_END):
        good = [
            b for b in candidates if atoms[b - 1].text[-1] in marks and len(_joined(atoms[start:b])) >= half
        ]
        if good:
            return good[-1]
    return candidates[-1]


def segment_cues(seg: Segment, text: str, opts: SubtitleOptions) -> list[Cue]:
    """Cues for one segment's cleaned ``text`` (before the cross-cue timing pass)."""
    atoms = _atoms(text, opts.max_chars_per_line)
    if not atoms:
        return []
    times, breakable = _atom_times(atoms, seg)
    cues: list[Cue] = []
    start = 0
    while start < len(atoms):
        end = start + 1
        while end < len(atoms) and _fits(atoms, times, start, end + 1, opts):
            end += 1
        stop = _choose_break(atoms, breakable, start, end) if end < len(atoms) else end
        piece = atoms[start:stop]
        cues.append(Cue(times[start][0], times[stop - 1][1], wrap_atoms(piece, opts.max_chars_per_line)))
        start = stop
    return cues


def event_caption(label: str) -> str | None:
    """``"[Laughter]"`` for an event label, or None for labels not worth a caption."""
    key = label.strip().lower()
    if key in _NOT_CAPTIONED:
        return None
    caption = EVENT_CAPTIONS.get(key) or clean_text(label).replace("_", " ").capitalize()
    return f"[{caption}]" if caption else None


def _event_cues(project: Project, speech: list[Cue], opts: SubtitleOptions) -> list[Cue]:
    """A caption for each event marker, placed in the longest stretch free of speech cues."""
    out = []
    busy = [(c.start_ms - opts.min_gap_ms, c.end_ms + opts.min_gap_ms) for c in speech]
    for marker in project.analysis.markers:
        if marker.kind != "event" or marker.end_ms <= marker.start_ms:
            continue
        caption = event_caption(marker.label)
        if caption is None:
            continue
        free = [(marker.start_ms, marker.end_ms)]
        for b_start, b_end in busy:
            free = [
                piece
                for f_start, f_end in free
                for piece in ((f_start, min(f_end, b_start)), (max(f_start, b_end), f_end))
                if piece[1] > piece[0]
            ]
        if not free:
            continue
        start, end = max(free, key=lambda p: p[1] - p[0])
        needed = max(1, min(marker.end_ms - marker.start_ms, opts.min_duration_ms) // 2)
        if end - start >= needed:
            out.append(Cue(start, end, (caption[: opts.max_chars_per_line],)))
    return out


def _settle(cues: list[Cue], opts: SubtitleOptions, media_end_ms: int) -> list[Cue]:
    """Sort, then make every cue last > 0 ms and start ``min_gap_ms`` after the one before;
    then lengthen short or fast cues into the free time after them (up to the limits)."""
    gap = opts.min_gap_ms
    spans: list[list] = []
    for cue in sorted(cues, key=lambda c: (c.start_ms, c.end_ms)):
        start, end = max(0, cue.start_ms), max(cue.end_ms, cue.start_ms + 1, 1)
        if spans:
            prev = spans[-1]
            limit = start - gap
            if prev[1] > limit:
                if limit > prev[0]:
                    prev[1] = limit
                else:
                    start = prev[1] + gap
                    end = max(end, start + 1)
        spans.append([start, end, cue.lines])
    for i, span in enumerate(spans):
        start, end, lines = span
        chars = sum(len(line) for line in lines)
        want = min(max(opts.min_duration_ms, math.ceil(chars * 1000 / opts.max_cps)), opts.max_duration_ms)
        if end - start < want:
            if i + 1 < len(spans):
                ceiling = spans[i + 1][0] - gap
            else:
                ceiling = max(end, media_end_ms) if media_end_ms > 0 else start + want
            span[1] = max(end, min(start + want, ceiling))
        span[1] = min(span[1], span[0] + opts.max_duration_ms)
    return [Cue(start, end, lines) for start, end, lines in spans]


def subtitle_segments(project: Project, opts: SubtitleOptions) -> list[tuple[Segment, str]]:
    """The segments that get subtitles, in time order, with their cleaned text."""
    out = []
    for seg in sorted(project.analysis.segments, key=lambda s: (s.start_ms, s.end_ms)):
        if opts.speech_only and seg.kind != SPEECH:
            continue
        text = clean_text(seg.text)
        if text:
            out.append((seg, text))
    return out


def build_cues(project: Project, options: SubtitleOptions | None = None) -> list[Cue]:
    """The project's subtitle cues: non-empty, in order, each ``min_gap_ms`` clear of the next."""
    opts = options or SubtitleOptions()
    speech = [cue for seg, text in subtitle_segments(project, opts) for cue in segment_cues(seg, text, opts)]
    media_end = project.analysis.media.duration_ms
    cues = _settle(speech, opts, media_end)
    if opts.include_events:
        cues = _settle(cues + _event_cues(project, cues, opts), opts, media_end)
    return cues
