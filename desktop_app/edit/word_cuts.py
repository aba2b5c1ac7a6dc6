"""Words cut in the transcript ("delete to cut"), and where those cuts fall in the audio.

**Storage.** A word cut is a mark in the same ordered list as the segment marks,
``edits["cuts"]``, tagged ``"by": "words"``::

    {"start_ms": 4210, "end_ms": 4530, "action": "cut", "by": "words"}

One list keeps one order, so "the user's last word wins" holds across segment keep/cut
marks, word cuts and shortened pauses alike (a later mark overrides an earlier one where
they overlap), and all of them override the automatic plan. The span is the cut words'
own times, so splitting or merging segments (which keep word times) loses nothing.
Restoring words removes them from the covering cut marks (splitting a mark in two),
rather than adding a "keep" that would also bring back a stretch the silence plan cut.

**Where a cut falls.** A run of cut words between two kept words is not cut at the
words' edges (CTC times are 60 ms coarse) but in the pauses either side: at the
quietest point of each pause (from the project's waveform peaks; the middle without
them), at least ``handle_ms`` from the words around it, and never inside a kept word.
The silence left at the join (what remains of both pauses) is at most ``pause_ms``, so
cutting the first or last word of a sentence leaves a natural breath. Event markers
(laughter, applause, ...) bound a pause: a cut never eats into one. Frame snapping
happens only at export.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from desktop_app.core.model import Marker, Segment
from desktop_app.edit.plan import CutPlanError, check_lengths
from desktop_app.edit.words import WordIndex, word_index

EDITS_KEY = "cuts"
BY_WORDS, BY_PAUSES = "words", "pauses"
MARK_SOURCES = (BY_WORDS, BY_PAUSES)  # values of "by"; segment marks have none
# markers that are speech, not an event a cut must spare
_NOT_EVENTS = {"speech", "speech_noise", "event_unk", "gbg", "unknown", ""}


@dataclass(frozen=True)
class WordCutOptions:
    handle_ms: int = 40  # the least distance from a cut point to the words around it
    pause_ms: int = 300  # the most silence a word cut leaves at its join

    def __post_init__(self) -> None:
        check_lengths(handle_ms=self.handle_ms, pause_ms=self.pause_ms)


def marks_of(edits: Mapping | None) -> list[dict]:
    """The raw mark list (a copy); validation is :func:`desktop_app.edit.user.user_marks`'."""
    if not edits:
        return []
    raw = edits.get(EDITS_KEY, [])
    if not isinstance(raw, list):
        raise CutPlanError(f"edits.{EDITS_KEY} must be a list of marks")
    from desktop_app.edit.user import user_marks

    user_marks(edits)  # a hand-edited mark that is not one: a CutPlanError naming the field
    return list(raw)


def _with_marks(edits: Mapping | None, marks: list[dict]) -> dict:
    return {**(edits or {}), EDITS_KEY: marks}


def _word_mark(start_ms: int, end_ms: int) -> dict:
    # a word with no duration still gets a mark its middle falls in
    return {"start_ms": start_ms, "end_ms": max(end_ms, start_ms + 1), "action": "cut", "by": BY_WORDS}


# --- which words are cut ------------------------------------------------------


def _states(index: WordIndex, marks: Sequence[Mapping]) -> list[str | None]:
    """Per flat word: the action of the last mark over its middle (None: no mark)."""
    state: list[str | None] = [None] * len(index.words)
    for m in marks:
        hit = index.under(m["start_ms"], m["end_ms"])
        if len(hit):
            state[hit.start : hit.stop] = [m["action"]] * len(hit)
    return state


def cut_word_mask(segments: Sequence[Segment], edits: Mapping | None) -> tuple[tuple[bool, ...], ...]:
    """For each segment, for each of its words: True when the user's marks cut it (the last
    mark over the word's middle is a cut: a word cut, a segment cut, a shortened pause).

    What the document strikes through. The automatic plans (silence, highlights) are not
    counted: they show on the timeline. ~10,000 words and 1,000 marks: a few milliseconds.
    """
    index = word_index(segments)
    state = _states(index, marks_of(edits))
    out = [[False] * n for n in index.counts]
    for w, s in zip(index.words, state, strict=True):
        if s == "cut" and w.is_real:
            out[w.segment][w.word] = True
    return tuple(tuple(row) for row in out)


def cut_word_spans(segments: Sequence[Segment], edits: Mapping | None) -> list[tuple[int, int]]:
    """The cut words' own spans ``[start, end)``, neighbours merged, in time order."""
    index = word_index(segments)
    state = _states(index, marks_of(edits))
    out: list[tuple[int, int]] = []
    previous_cut = False
    for w, s in zip(index.words, state, strict=True):
        cut = s == "cut" and w.is_real
        if cut:
            if previous_cut and out:
                out[-1] = (out[-1][0], max(out[-1][1], w.end_ms))
            else:
                out.append((w.start_ms, w.end_ms))
        previous_cut = cut
    return out


def word_spans(segments: Sequence[Segment], words: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """``(segment index, word index)`` pairs → their time spans (what the commands take)."""
    out = []
    for si, wi in words:
        if not 0 <= si < len(segments) or not 0 <= wi < len(segments[si].words):
            raise CutPlanError(f"there is no word {wi + 1} in segment {si + 1}")
        w = segments[si].words[wi]
        out.append((w.start_ms, max(w.end_ms, w.start_ms + 1)))
    return tuple(out)


# --- editing ------------------------------------------------------------------


def cut_words(
    segments: Sequence[Segment],
    edits: Mapping | None,
    spans: Iterable[tuple[int, int]],
    *,
    separate: bool = False,
) -> dict | None:
    """``edits`` with the words under ``spans`` cut: one mark per run of neighbouring words
    not cut yet (with ``separate``, runs never join across spans: each filler its own mark,
    to restore one by one). None when every word there is cut already (or there is none)."""
    index = word_index(segments)
    marks = marks_of(edits)
    state = _states(index, marks)
    groups = [[i for a, b in spans for i in index.under(int(a), int(b))]]
    if separate:
        groups = [list(index.under(int(a), int(b))) for a, b in spans]
    new: list[dict] = []
    taken: set[int] = set()
    for group in groups:
        last = -2
        for i in sorted(set(group)):
            if state[i] == "cut" or i in taken or not index.words[i].is_real:
                continue
            taken.add(i)
            w = index.words[i]
            if i == last + 1 and new:
                new[-1]["end_ms"] = max(new[-1]["end_ms"], w.end_ms)
            else:
                new.append(_word_mark(w.start_ms, w.end_ms))
            last = i
    if not new:
        return None
    return _with_marks(edits, marks + new)


def restore_words(
    segments: Sequence[Segment], edits: Mapping | None, spans: Iterable[tuple[int, int]]
) -> dict | None:
    """``edits`` with the cut words under ``spans`` brought back: each cut mark over one of
    them loses that word's span (split in two when the word is inside it). A segment's
    cut mark becomes word cuts for the rest of its words. None when none was cut."""
    index = word_index(segments)
    marks = marks_of(edits)
    state = _states(index, marks)
    chosen = [
        index.words[i]
        for a, b in spans
        for i in index.under(int(a), int(b))
        if index.words[i].is_real and state[i] == "cut"
    ]
    if not chosen:
        return None
    holes = sorted({(w.start_ms, max(w.end_ms, w.start_ms + 1)) for w in chosen})
    mids = sorted(w.mid_ms for w in chosen)
    out: list[dict] = []
    for m in marks:
        a, b = m["start_ms"], m["end_ms"]
        covers = bisect.bisect_left(mids, a) < bisect.bisect_left(mids, b)
        if m["action"] != "cut" or not covers:
            out.append(m)
            continue
        pieces = [(a, b)]
        for h0, h1 in holes:
            pieces = [p for s, e in pieces for p in ((s, min(e, h0)), (max(s, h1), e)) if p[1] > p[0]]
        by = m.get("by") or BY_WORDS  # a segment cut no longer covers its segment: its words stay cut
        for s, e in pieces:
            if by == BY_WORDS and not any(index.words[i].is_real for i in index.under(s, e)):
                continue  # only silence left of it: nothing the user cut remains there
            out.append({**m, "start_ms": s, "end_ms": e, "by": by})
    return _with_marks(edits, out)


# --- where the cuts fall ----------------------------------------------------------


@dataclass(frozen=True)
class Peaks:
    """Waveform peaks (``(n, 2)`` min/max) at ``per_second`` buckets a second."""

    data: np.ndarray
    per_second: int

    def loudness(self) -> np.ndarray:
        return (self.data[:, 1].astype(np.float64) - self.data[:, 0]).clip(min=0)


def peaks_of(waveform: np.ndarray | None, peaks_per_second: int) -> Peaks | None:
    if waveform is None or len(waveform) == 0 or peaks_per_second <= 0:
        return None
    return Peaks(np.asarray(waveform), int(peaks_per_second))


def quietest_point(lo_ms: int, hi_ms: int, peaks: Peaks | None, loud: np.ndarray | None = None) -> int:
    """The quietest moment in ``[lo_ms, hi_ms]`` (the bucket with the smallest peak-to-peak;
    ties go to the middle); the middle without peaks."""
    if hi_ms <= lo_ms:
        return lo_ms
    middle = (lo_ms + hi_ms) // 2
    if peaks is None:
        return middle
    loud = peaks.loudness() if loud is None else loud
    first = -(-lo_ms * peaks.per_second // 1000)
    last = min(len(loud) - 1, hi_ms * peaks.per_second // 1000)
    if last < first:
        return middle
    window = loud[first : last + 1]
    quiet = np.flatnonzero(window <= window.min() + 1e-6) + first
    centres = (quiet * 1000 + 500) // peaks.per_second
    best = int(centres[np.argmin(np.abs(centres - middle))])
    return min(max(best, lo_ms), hi_ms)


def event_spans(
    markers: Sequence[Marker], labels_spared: Iterable[str] | None = None
) -> list[tuple[int, int]]:
    """The event markers' spans a cut must spare (laughter, applause, music, ...)."""
    spared = None if labels_spared is None else {x.lower() for x in labels_spared}
    out = []
    for m in markers:
        label = m.label.lower()
        if m.kind != "event" or label in _NOT_EVENTS or m.end_ms <= m.start_ms:
            continue
        if spared is None or label in spared:
            out.append((m.start_ms, m.end_ms))
    return sorted(out)


def after_events(lo_ms: int, hi_ms: int, events: Sequence[tuple[int, int]]) -> int:
    """Where the pause ``[lo, hi]`` is free of events up to ``hi``: after the last event in it."""
    for a, b in events:
        if a < hi_ms and b > lo_ms:
            lo_ms = max(lo_ms, min(b, hi_ms))
    return lo_ms


def before_events(lo_ms: int, hi_ms: int, events: Sequence[tuple[int, int]]) -> int:
    """Where the pause ``[lo, hi]`` is free of events from ``lo``: before the first event in it."""
    for a, b in events:
        if a < hi_ms and b > lo_ms:
            hi_ms = min(hi_ms, max(a, lo_ms))
    return hi_ms


def _side(lo: int, hi: int, handle: int, cap: int, toward_lo: bool) -> tuple[int, int]:
    """The window for a cut point in the pause ``[lo, hi]``: ``handle`` from both ends (the
    middle when it is shorter than two handles), and at most ``cap`` of it left beside the
    kept word (at ``lo`` when ``toward_lo``, else at ``hi``)."""
    if hi - lo < 2 * handle:
        mid = (lo + hi) // 2
        return mid, mid
    a, b = lo + handle, hi - handle
    keep = max(handle, cap)
    if toward_lo:
        b = min(b, lo + keep)
    else:
        a = max(a, hi - keep)
    return a, max(a, b)


@dataclass(frozen=True)
class PlacedCut:
    """A run of cut words and the span actually removed for it, ``[start_ms, end_ms)``."""

    words_start_ms: int
    words_end_ms: int
    start_ms: int
    end_ms: int


def place_word_cuts(
    segments: Sequence[Segment],
    edits: Mapping | None,
    duration_ms: int,
    *,
    markers: Sequence[Marker] = (),
    options: WordCutOptions | None = None,
    peaks: Peaks | None = None,
) -> dict[int, tuple[int, int]]:
    """For each word-cut mark (by its position in ``edits["cuts"]``): the span to remove.

    Runs of neighbouring cut words (their marks may be separate) are cut as one, from a
    point in the pause before the run to a point in the pause after it; a mark at the
    run's start or end takes that point as its edge. The neighbours are the words not under
    a word-cut mark (order among word cuts does not matter: they all cut).
    """
    opts = options or WordCutOptions()
    marks = marks_of(edits)
    word_marks = [(k, m) for k, m in enumerate(marks) if m.get("by") == BY_WORDS and m["action"] == "cut"]
    if not word_marks:
        return {}
    index = word_index(segments)
    cut = [False] * len(index.words)
    covered: list[tuple[int, int, int]] = []  # (start, end, mark position) of marks over no word
    for k, m in word_marks:
        hit = index.under(m["start_ms"], m["end_ms"])
        if len(hit):
            cut[hit.start : hit.stop] = [True] * len(hit)
        else:
            covered.append((m["start_ms"], m["end_ms"], k))
    # items in time order: (start, end, is_cut)
    items = [(w.start_ms, w.end_ms, c) for w, c in zip(index.words, cut, strict=True)]
    items += [(a, b, True) for a, b, _ in covered]
    items.sort(key=lambda t: (t[0], t[1]))
    events = event_spans(markers)
    loud = peaks.loudness() if peaks is not None else None
    runs: list[PlacedCut] = []
    kept_end = 0
    i, n = 0, len(items)
    while i < n:
        if not items[i][2]:
            kept_end = max(kept_end, items[i][1])
            i += 1
            continue
        j = i
        r0, r1 = items[i][0], items[i][1]
        while j + 1 < n and items[j + 1][2]:
            j += 1
            r1 = max(r1, items[j][1])
        next_start = items[j + 1][0] if j + 1 < n else duration_ms
        r0, r1 = max(r0, kept_end), min(r1, next_start)  # never into a kept word
        if r1 > r0:
            runs.append(_place(kept_end, r0, r1, max(r1, next_start), events, opts, peaks, loud))
        i = j + 1
    return _spans_per_mark(marks, word_marks, runs)


def _place(prev_end, r0, r1, next_start, events, opts: WordCutOptions, peaks, loud) -> PlacedCut:
    left_lo = after_events(prev_end, r0, events)  # an event in the pause: cut only after it
    right_hi = before_events(r1, next_start, events)  # ... and only before the next one
    left_len, right_len = r0 - left_lo, right_hi - r1
    budget = opts.pause_ms
    caps = [(left_len, right_len)]  # first the whole pauses; narrowed when too much is left
    if left_len + right_len > budget:
        right_cap = min(right_len, budget - min(left_len, budget // 2))
        caps.append((min(left_len, budget - right_cap), right_cap))
    for left_cap, right_cap in caps:
        a, b = _side(left_lo, r0, opts.handle_ms, left_cap, toward_lo=True)
        start = quietest_point(a, b, peaks, loud)
        a, b = _side(r1, right_hi, opts.handle_ms, right_cap, toward_lo=False)
        end = quietest_point(a, b, peaks, loud)
        if (start - left_lo) + (right_hi - end) <= budget:
            break
    return PlacedCut(r0, r1, min(start, r0), max(end, r1))


def _spans_per_mark(marks, word_marks, runs: list[PlacedCut]) -> dict[int, tuple[int, int]]:
    starts = [r.words_start_ms for r in runs]
    out: dict[int, tuple[int, int]] = {}
    for k, m in word_marks:
        a, b = m["start_ms"], m["end_ms"]
        i = bisect.bisect_left(starts, b) - 1  # the last run starting before the mark ends
        if i < 0 or runs[i].words_end_ms <= a:
            continue  # it lies in kept words' time only: nothing it can cut
        run = runs[i]
        lo = run.start_ms if a <= run.words_start_ms else a
        hi = run.end_ms if b >= run.words_end_ms else b
        if hi > lo:
            out[k] = (lo, hi)
    return out
