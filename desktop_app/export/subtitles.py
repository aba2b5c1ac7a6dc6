"""Subtitle layout: speech segments → timed cues of at most N lines of M characters.

The rules follow common subtitle practice (Subtitle Edit's defaults): 42 characters a
line, 2 lines, 1–7 s on screen, at most 20 characters a second, a small gap between
cues; Chinese, Japanese, Cantonese and Korean segments get 16 characters a line and 9
a second. Text is cleaned so that no cue can break a file format (see
:mod:`desktop_app.export.subtitle_text`). The passes, in order:

1. each segment is split into cues at word timestamps and punctuation, never inside a
   word; when the rest of a segment fits one more cue, the last two are split evenly;
2. cues are put in order, ``min_gap_ms`` apart, and short or fast ones lengthened
   into free time after them;
3. a cue still shorter than ``min_duration_ms`` joins its neighbour when the two fit;
4. a cue still too fast takes time from free time before it or from a neighbour with
   time to spare, moving no edge more than ``max_shift_ms`` (600 ms);
5. hearing-impaired captions (``[Laughter]``) go in the free time around the speech,
   or before the speech they overlap (``event_style="prefix"``).

With a cut plan the segments are first moved onto the cut's clock: words that were
cut away are dropped, the rest keep their (remapped) word times.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from desktop_app.core import vocabulary
from desktop_app.core.errors import ExportError
from desktop_app.core.model import Marker, Segment, Word
from desktop_app.edit.plan import CutPlan, remap_span
from desktop_app.export.subtitle_text import (
    _Atom,
    _atom_times,
    _atoms,
    _greedy_lines,
    _joined,
    clean_text,
    is_unspaced_char,
    wrap_atoms,
)

if TYPE_CHECKING:
    from desktop_app.project.schema import Project


EVENT_STYLES = ("cue", "prefix")
CJK_LANGUAGES = ("zh", "ja", "yue", "ko")


@dataclass(frozen=True)
class SubtitleOptions:
    max_chars_per_line: int = 42
    max_lines: int = 2
    min_duration_ms: int = 1000
    max_duration_ms: int = 7000
    max_cps: float = 20.0
    min_gap_ms: int = 80
    include_events: bool = False  # hearing-impaired captions such as "[Laughter]" from event markers
    event_style: str = "cue"  # "cue": captions as cues of their own; "prefix": before the speech they overlap
    include_emotion: bool = (
        False  # "(happy) ..." before the first cue of a segment with a non-neutral emotion
    )
    min_emotion_confidence: float = 0.0
    # Chinese, Japanese, Cantonese and Korean segments get narrower lines and a slower
    # reading speed (never wider or faster than the values above); None turns that off.
    cjk_max_chars_per_line: int | None = 16
    cjk_max_cps: float | None = 9.0
    merge_short: bool = True  # a cue shorter than min_duration_ms joins a neighbour when it fits
    merge_max_gap_ms: int = 700  # ... that starts at most this long after it
    # A cue too fast or too short to read may take time from free time before it or from a
    # neighbour with time to spare, moving a cue edge at most this far from its speech (0: never).
    max_shift_ms: int = 600

    def __post_init__(self) -> None:
        for name in ("max_chars_per_line", "max_lines", "max_duration_ms"):
            if getattr(self, name) < 1:
                raise ExportError(f"subtitle option {name} must be at least 1 (got {getattr(self, name)})")
        for name in ("min_duration_ms", "min_gap_ms", "merge_max_gap_ms", "max_shift_ms"):
            if getattr(self, name) < 0:
                raise ExportError(f"subtitle option {name} must not be negative (got {getattr(self, name)})")
        if self.min_duration_ms > self.max_duration_ms:
            raise ExportError(
                f"subtitle option min_duration_ms ({self.min_duration_ms}) must not exceed "
                f"max_duration_ms ({self.max_duration_ms})"
            )
        if not self.max_cps > 0:
            raise ExportError(f"subtitle option max_cps must be positive (got {self.max_cps})")
        if self.cjk_max_chars_per_line is not None and self.cjk_max_chars_per_line < 1:
            raise ExportError(
                f"subtitle option cjk_max_chars_per_line must be at least 1 (got {self.cjk_max_chars_per_line})"
            )
        if self.cjk_max_cps is not None and not self.cjk_max_cps > 0:
            raise ExportError(f"subtitle option cjk_max_cps must be positive (got {self.cjk_max_cps})")
        if self.event_style not in EVENT_STYLES:
            raise ExportError(
                f"subtitle option event_style must be one of {', '.join(EVENT_STYLES)} (got {self.event_style!r})"
            )

    def for_cjk(self) -> SubtitleOptions:
        """The limits used for a CJK segment: the narrower width and the slower speed."""
        width = min(self.max_chars_per_line, self.cjk_max_chars_per_line or self.max_chars_per_line)
        cps = min(self.max_cps, self.cjk_max_cps or self.max_cps)
        if (width, cps) == (self.max_chars_per_line, self.max_cps):
            return self
        return replace(self, max_chars_per_line=width, max_cps=cps)


@dataclass(frozen=True)
class Cue:
    start_ms: int
    end_ms: int
    lines: tuple[str, ...]
    # the limits this cue was laid out with (CJK cues are narrower); not part of ==
    layout: SubtitleOptions | None = field(default=None, compare=False, repr=False)
    kind: str = field(default="speech", compare=False, repr=False)  # "speech" or "event"

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def duration_ms(self) -> int:
        return self.end_ms - self.start_ms

    @property
    def chars(self) -> int:
        return sum(len(line) for line in self.lines)


_NOT_CAPTIONED = {"speech", "speech_noise", "gbg", "event_unk", "unknown", ""}

_SENTENCE_END = set(".!?…。！？")
_CLAUSE_END = set(",;:，、；：")


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


def _balanced_break(atoms: list[_Atom], times, breakable: list[bool], start: int, opts, default: int) -> int:
    """Where to split ``atoms[start:]`` into two cues so that neither is much shorter than
    the other (a greedy fill would leave a short tail): the break that minimises the longer
    part's time, with a bonus for ending at a sentence or clause mark."""
    n = len(atoms)
    best, best_score = default, None
    for b in range(start + 1, n):
        if not breakable[b - 1] or not (
            _fits(atoms, times, start, b, opts) and _fits(atoms, times, b, n, opts)
        ):
            continue
        longest = max(times[b - 1][1] - times[start][0], times[n - 1][1] - times[b][0])
        mark = atoms[b - 1].text[-1]
        score = longest - (400 if mark in _SENTENCE_END else 200 if mark in _CLAUSE_END else 0)
        if best_score is None or score < best_score:
            best, best_score = b, score
    return best


def segment_cues(seg: Segment, text: str, opts: SubtitleOptions, prefix: str = "") -> list[Cue]:
    """Cues for one segment's cleaned ``text`` (before the cross-cue timing pass).

    ``prefix`` (``"[Laughter] (happy)"``) opens the first cue; a cue never ends right after it.
    """
    atoms = _atoms(text, opts.max_chars_per_line)
    if not atoms:
        return []
    times, breakable = _atom_times(atoms, seg)
    lead = _atoms(clean_text(prefix), opts.max_chars_per_line) if prefix else []
    if lead:
        t0 = times[0][0]
        atoms = lead + [_Atom(atoms[0].text, " ")] + atoms[1:]
        times = [(t0, t0)] * len(lead) + times
        breakable = [False] * len(lead) + breakable
    cues: list[Cue] = []
    start = 0
    while start < len(atoms):
        end = start + 1
        while end < len(atoms) and _fits(atoms, times, start, end + 1, opts):
            end += 1
        stop = end
        if end < len(atoms):
            stop = _choose_break(atoms, breakable, start, end)
            if _fits(atoms, times, stop, len(atoms), opts):  # the last two cues: split evenly
                stop = _balanced_break(atoms, times, breakable, start, opts, stop)
        piece = atoms[start:stop]
        lines = wrap_atoms(piece, opts.max_chars_per_line)
        cues.append(Cue(times[start][0], times[stop - 1][1], lines, layout=opts))
        start = stop
    return cues


def event_caption(label: str) -> str | None:
    """``"[Laughter]"`` for an event label, or None for labels not worth a caption."""
    key = label.strip().lower()
    if key in _NOT_CAPTIONED:
        return None
    kind = vocabulary.event_kind(key)
    caption = kind.caption if kind is not None else clean_text(label).replace("_", " ").capitalize()
    return f"[{caption}]" if caption else None


_NO_EMOTION = {"neutral", "emo_unknown", "unknown", ""}


def emotion_note(seg: Segment, opts: SubtitleOptions, emotions: Sequence[Marker] = ()) -> str:
    """``"(happy)"`` for a segment under a non-neutral emotion marker (when asked for),
    else ``""``. The note follows the project's emotion markers, not the window's raw tag,
    so sensitivity and review (a rejected or relabelled emotion) reach the subtitles too;
    the marker that covers most of the segment speaks for it."""
    if not opts.include_emotion:
        return ""
    best, overlap = None, 0
    for marker in emotions:
        shared = min(seg.end_ms, marker.end_ms) - max(seg.start_ms, marker.start_ms)
        if shared > overlap:
            best, overlap = marker, shared
    if best is None:
        return ""
    label = clean_text(best.label).lower().replace("_", " ")
    if label in _NO_EMOTION:
        return ""
    if best.confidence is not None and best.confidence < opts.min_emotion_confidence:
        return ""
    return f"({label})"


def is_cjk_text(text: str) -> bool:
    """Mostly Han, kana or Hangul (what the CJK line width and reading speed are for)."""
    letters = [ch for ch in text if ch.isalnum()]
    if not letters:
        return False
    cjk = sum(1 for ch in letters if is_unspaced_char(ch) or 0xAC00 <= ord(ch) <= 0xD7AF)
    return cjk * 2 >= len(letters)


def layout_for(seg: Segment, text: str, opts: SubtitleOptions) -> SubtitleOptions:
    """The CJK limits for Chinese, Japanese, Cantonese and Korean segments, else ``opts``."""
    language = (seg.language or "").strip().lower()
    if language in CJK_LANGUAGES or (language not in ("en",) and is_cjk_text(text)):
        return opts.for_cjk()
    return opts


# --- the cut's clock -------------------------------------------------------------


def cut_segment(seg: Segment, text: str, plan: CutPlan) -> Segment | None:
    """``seg`` on the cut's clock: words (atoms) whose middle was cut away are dropped.

    The kept atoms become the new segment's words (their times remapped), so the
    layout that follows places every cue on what is really heard in the cut.
    """
    atoms = _atoms(text, len(text) + 1)
    if not atoms:
        return None
    times, _ = _atom_times(atoms, seg)
    kept: list[tuple[_Atom, int, int]] = []
    for atom, (a, b) in zip(atoms, times, strict=True):
        i = plan.index_at((a + b) // 2)
        if i is None:
            continue
        r, offset = plan.ranges[i], plan.offsets_ms[i]
        new_a = offset + min(max(a, r.start_ms), r.end_ms) - r.start_ms
        new_b = offset + min(max(b, r.start_ms), r.end_ms) - r.start_ms
        kept.append((atom if kept else _Atom(atom.text, ""), new_a, max(new_a, new_b)))
    if not kept:
        return None
    span = remap_span(plan, seg.start_ms, seg.end_ms) or (kept[0][1], kept[-1][2])
    return replace(
        seg,
        start_ms=min(span[0], kept[0][1]),
        end_ms=max(span[1], kept[-1][2]),
        text=_joined([atom for atom, _, _ in kept]),
        words=tuple(Word(atom.text, a, b) for atom, a, b in kept),
    )


def _on_cut_clock(project: Project, kind: str, cut: CutPlan | None) -> list[Marker]:
    """The project's markers of ``kind`` with time, moved onto the cut's clock (those the
    cut removes are left out)."""
    out = []
    for marker in project.analysis.markers:
        if marker.kind != kind:
            continue
        span = (
            (marker.start_ms, marker.end_ms)
            if cut is None
            else remap_span(cut, marker.start_ms, marker.end_ms)
        )
        if span is not None and span[1] > span[0]:
            out.append(replace(marker, start_ms=span[0], end_ms=span[1]))
    return out


def caption_markers(project: Project, cut: CutPlan | None = None) -> list[tuple[int, int, str]]:
    """``(start, end, "[Laughter]")`` for each captioned event marker, on the cut's clock."""
    out = []
    for marker in _on_cut_clock(project, "event", cut):
        caption = event_caption(marker.label)
        if caption is not None:
            out.append((marker.start_ms, marker.end_ms, caption))
    return sorted(out)


def emotion_markers(project: Project, cut: CutPlan | None = None) -> list[Marker]:
    """The project's emotion markers, on the cut's clock (what the emotion notes follow)."""
    return _on_cut_clock(project, "emotion", cut)


# --- placing the cues ----------------------------------------------------------------


def _event_cues(markers: list[tuple[int, int, str]], speech: list[Cue], opts: SubtitleOptions) -> list[Cue]:
    """A caption for each event marker, placed in the longest stretch free of speech cues."""
    out = []
    busy = [(c.start_ms - opts.min_gap_ms, c.end_ms + opts.min_gap_ms) for c in speech]
    for m_start, m_end, caption in markers:
        free = [(m_start, m_end)]
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
        needed = max(1, min(m_end - m_start, opts.min_duration_ms) // 2)
        if end - start >= needed:
            lines = wrap_atoms(_atoms(caption, opts.max_chars_per_line), opts.max_chars_per_line)
            out.append(Cue(start, end, lines[: opts.max_lines], layout=opts, kind="event"))
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
        spans.append([start, end, cue])
    for i, span in enumerate(spans):
        start, end, cue = span
        lay = cue.layout or opts
        want = min(max(lay.min_duration_ms, math.ceil(cue.chars * 1000 / lay.max_cps)), lay.max_duration_ms)
        if end - start < want:
            if i + 1 < len(spans):
                ceiling = spans[i + 1][0] - gap
            else:
                ceiling = max(end, media_end_ms) if media_end_ms > 0 else start + want
            span[1] = max(end, min(start + want, ceiling))
        span[1] = min(span[1], span[0] + lay.max_duration_ms)
    return [replace(cue, start_ms=start, end_ms=end) for start, end, cue in spans]


def _needed_ms(cue: Cue, lay: SubtitleOptions) -> int:
    return min(max(lay.min_duration_ms, math.ceil(cue.chars * 1000 / lay.max_cps)), lay.max_duration_ms)


def _lend_time(cues: list[Cue], opts: SubtitleOptions) -> list[Cue]:
    """Give a cue that is too fast (or too short) time from its neighbours: a free stretch
    before it, or the slack of the next or previous speech cue, moving no cue edge more than
    ``max_shift_ms`` from where the speech put it. Gaps and limits are kept."""
    gap, shift = opts.min_gap_ms, opts.max_shift_ms
    if shift <= 0:
        return cues
    spans = [[c.start_ms, c.end_ms] for c in cues]
    for i, cue in enumerate(cues):
        lay = cue.layout or opts
        need = _needed_ms(cue, lay) - (spans[i][1] - spans[i][0])
        if need <= 0 or cue.kind != "speech":
            continue
        if i + 1 < len(cues) and cues[i + 1].kind == "speech":
            nxt, lay2 = spans[i + 1], cues[i + 1].layout or opts
            slack = (nxt[1] - nxt[0]) - _needed_ms(cues[i + 1], lay2)
            room = cues[i + 1].start_ms + shift - nxt[0]
            take = max(0, min(need, slack, room))
            spans[i][1] += take
            nxt[0] += take
            need -= take
        if need > 0:
            floor = spans[i - 1][1] + gap if i > 0 else 0
            room = spans[i][0] - max(floor, cue.start_ms - shift)
            take = max(0, min(need, room))
            spans[i][0] -= take
            need -= take
        if need > 0 and i > 0 and cues[i - 1].kind == "speech":
            prv, lay0 = spans[i - 1], cues[i - 1].layout or opts
            slack = (prv[1] - prv[0]) - _needed_ms(cues[i - 1], lay0)
            room = spans[i][0] - (cue.start_ms - shift)
            take = max(0, min(need, slack, room))
            prv[1] -= take
            spans[i][0] -= take
        spans[i][1] = min(spans[i][1], spans[i][0] + lay.max_duration_ms)
    return [replace(c, start_ms=a, end_ms=b) for c, (a, b) in zip(cues, spans, strict=True)]


def _flat(lines: tuple[str, ...]) -> str:
    text = lines[0]
    for line in lines[1:]:
        glue = "" if text and line and is_unspaced_char(text[-1]) and is_unspaced_char(line[0]) else " "
        text += glue + line
    return text


def _join(a: Cue, b: Cue, opts: SubtitleOptions) -> Cue | None:
    """``a`` and ``b`` as one cue, or None when that breaks the line, length or duration limits."""
    la, lb = a.layout or opts, b.layout or opts
    lay = la if (la.max_chars_per_line, la.max_cps) <= (lb.max_chars_per_line, lb.max_cps) else lb
    if b.end_ms - a.start_ms > lay.max_duration_ms:
        return None
    lines = wrap_atoms(
        _atoms(_flat((_flat(a.lines), _flat(b.lines))), lay.max_chars_per_line), lay.max_chars_per_line
    )
    if len(lines) > lay.max_lines:
        return None
    return Cue(a.start_ms, b.end_ms, lines, layout=lay, kind="speech")


def _merge_short(cues: list[Cue], opts: SubtitleOptions) -> list[Cue]:
    """Join each speech cue shorter than ``min_duration_ms`` to the next (else the previous)
    speech cue when they are at most ``merge_max_gap_ms`` apart and the result fits."""
    out = list(cues)
    i = 0
    while i < len(out):
        cue = out[i]
        if cue.kind == "speech" and cue.duration_ms < opts.min_duration_ms:
            for j in (i + 1, i - 1):
                if not (0 <= j < len(out)) or out[j].kind != "speech":
                    continue
                first, second = (cue, out[j]) if j > i else (out[j], cue)
                if second.start_ms - first.end_ms > opts.merge_max_gap_ms:
                    continue
                joined = _join(first, second, opts)
                if joined is not None:
                    k = min(i, j)
                    out[k : k + 2] = [joined]
                    i = k
                    break
            else:
                i += 1
            continue
        i += 1
    return out


def subtitle_segments(
    project: Project, opts: SubtitleOptions, cut: CutPlan | None = None
) -> list[tuple[Segment, str]]:
    """The segments that get subtitles (every one with text), in time order, with their cleaned text.

    With a ``cut`` they are on the cut's clock, holding only the words that survive it.
    """
    out = []
    for seg in sorted(project.analysis.segments, key=lambda s: (s.start_ms, s.end_ms)):
        if not seg.has_speech:  # every segment with text has speech, whatever the VAD said
            continue
        text = clean_text(seg.text)
        if not text:
            continue
        if cut is not None:
            moved = cut_segment(seg, text, cut)
            if moved is None:
                continue
            seg, text = moved, moved.text
        out.append((seg, text))
    out.sort(key=lambda item: (item[0].start_ms, item[0].end_ms))
    return out


def build_cues(
    project: Project, options: SubtitleOptions | None = None, cut: CutPlan | None = None
) -> list[Cue]:
    """The project's subtitle cues: non-empty, in order, each ``min_gap_ms`` clear of the next.

    With a ``cut`` the cues are timed for the cut (words that were cut away are gone).
    """
    opts = options or SubtitleOptions()
    segments = subtitle_segments(project, opts, cut)
    markers = caption_markers(project, cut) if opts.include_events else []
    prefixes: dict[int, list[str]] = {}
    loose = markers
    if markers and opts.event_style == "prefix":
        loose = []
        for m_start, m_end, caption in markers:
            k = next(
                (k for k, (seg, _) in enumerate(segments) if seg.start_ms < m_end and m_start < seg.end_ms),
                None,
            )
            if k is None:
                loose.append((m_start, m_end, caption))
            elif caption not in prefixes.setdefault(k, []):
                prefixes[k].append(caption)
    emotions = emotion_markers(project, cut) if opts.include_emotion else []
    speech: list[Cue] = []
    for k, (seg, text) in enumerate(segments):
        lead = [*prefixes.get(k, []), emotion_note(seg, opts, emotions)]
        speech.extend(segment_cues(seg, text, layout_for(seg, text, opts), " ".join(p for p in lead if p)))
    media_end = cut.kept_ms if cut is not None else project.analysis.media.duration_ms
    cues = _settle(speech, opts, media_end)
    if opts.merge_short:
        cues = _settle(_merge_short(cues, opts), opts, media_end)
    cues = _lend_time(cues, opts)
    if loose:
        cues = _settle(cues + _event_cues(loose, cues, opts), opts, media_end)
    return cues
