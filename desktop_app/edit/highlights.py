"""Highlights: the build-up and the reaction around chosen events (laughter, applause, ...).

Each chosen event marker becomes a window ``[start - before_ms, end + after_ms)``; a
window edge that falls inside a speech segment moves out to the segment's edge when
that is at most ``snap_max_ms`` away (so a joke is not cut mid-sentence); windows that
overlap or lie less than ``merge_gap_ms`` apart merge into one highlight.

Highlights are ranked by a score: for each event in it, its confidence (0.5 when
unknown) times its length in seconds (capped at 15 s, so a long music bed does not
drown out a big laugh). With ``target_ms`` the best highlights are taken, best first,
skipping any that would overshoot the target, until no more fit; when not even the
best one fits, it is trimmed to the target, keeping its end (the reaction). The plan
plays the chosen highlights in source order.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from desktop_app.core.model import Analysis
from desktop_app.edit.plan import CutPlan, CutPlanError, KeepRange, check_lengths

DEFAULT_EVENTS = ("laughter", "applause")
SCORE_CAP_MS = 15_000
UNKNOWN_CONFIDENCE = 0.5


@dataclass(frozen=True)
class HighlightOptions:
    events: tuple[str, ...] = DEFAULT_EVENTS
    before_ms: int = 8000
    after_ms: int = 2000
    target_ms: int | None = None  # total length wanted; None keeps every highlight
    min_confidence: float = 0.0
    merge_gap_ms: int = 1000
    snap_to_speech: bool = True
    snap_max_ms: int = 3000

    def __post_init__(self) -> None:
        object.__setattr__(self, "events", tuple(e.strip().lower() for e in self.events if e.strip()))
        if not self.events:
            raise CutPlanError("highlights: choose at least one event label (e.g. laughter, applause)")
        check_lengths(
            before_ms=self.before_ms,
            after_ms=self.after_ms,
            merge_gap_ms=self.merge_gap_ms,
            snap_max_ms=self.snap_max_ms,
            target_ms=self.target_ms,
        )


@dataclass(frozen=True)
class Highlight:
    start_ms: int
    end_ms: int
    score: float
    labels: tuple[str, ...]  # the event labels inside, in order of first appearance
    events: int  # how many event markers it holds

    @property
    def duration_ms(self) -> int:
        return self.end_ms - self.start_ms

    @property
    def reason(self) -> str:
        return "highlight:" + "+".join(self.labels)


def _snap(t: int, speech: list[tuple[int, int]], starts: list[int], to_start: bool, limit: int) -> int:
    """Move ``t`` to the edge of the speech segment it falls inside, if that is close enough."""
    i = bisect.bisect_right(starts, t) - 1
    if i < 0:
        return t
    seg_start, seg_end = speech[i]
    if not seg_start < t < seg_end:
        return t
    edge = seg_start if to_start else seg_end
    return edge if abs(edge - t) <= limit else t


def find_highlights(analysis: Analysis, options: HighlightOptions | None = None) -> list[Highlight]:
    """Every highlight, best first (ties: earlier first)."""
    opts = options or HighlightOptions()
    duration = analysis.media.duration_ms
    wanted = set(opts.events)
    events = sorted(
        (
            m
            for m in analysis.markers
            if m.kind == "event"
            and m.label.lower() in wanted
            and (m.confidence is None or m.confidence >= opts.min_confidence)
        ),
        key=lambda m: (m.start_ms, m.end_ms),
    )
    speech = sorted(
        (s.start_ms, s.end_ms) for s in analysis.segments if s.has_speech and s.end_ms > s.start_ms
    )
    starts = [s for s, _ in speech]
    windows = []
    for m in events:
        start, end = m.start_ms - opts.before_ms, m.end_ms + opts.after_ms
        if opts.snap_to_speech:
            start = _snap(start, speech, starts, True, opts.snap_max_ms)
            end = _snap(end, speech, starts, False, opts.snap_max_ms)
        start, end = max(0, start), min(duration, end)
        if end > start:
            windows.append((start, end, m))
    windows.sort(key=lambda w: (w[0], w[1]))
    merged: list[list] = []
    for start, end, m in windows:
        if merged and start - merged[-1][1] < max(1, opts.merge_gap_ms):
            merged[-1][1] = max(merged[-1][1], end)
            merged[-1][2].append(m)
        else:
            merged.append([start, end, [m]])
    out = []
    for start, end, markers in merged:
        score = sum(
            (UNKNOWN_CONFIDENCE if m.confidence is None else m.confidence)
            * min(m.end_ms - m.start_ms, SCORE_CAP_MS)
            / 1000
            for m in markers
        )
        labels = tuple(dict.fromkeys(m.label.lower() for m in markers))
        out.append(Highlight(start, end, round(score, 6), labels, len(markers)))
    out.sort(key=lambda h: (-h.score, h.start_ms))
    return out


def choose_highlights(ranked: list[Highlight], target_ms: int | None) -> list[Highlight]:
    """The highlights to keep for ``target_ms`` (see the module docstring), in source order."""
    if target_ms is None:
        return sorted(ranked, key=lambda h: h.start_ms)
    chosen, total = [], 0
    for h in ranked:
        if total + h.duration_ms <= target_ms:
            chosen.append(h)
            total += h.duration_ms
    if not chosen and ranked and target_ms > 0:
        best = ranked[0]
        chosen = [Highlight(best.end_ms - target_ms, best.end_ms, best.score, best.labels, best.events)]
    return sorted(chosen, key=lambda h: h.start_ms)


def highlight_cut(analysis: Analysis, options: HighlightOptions | None = None) -> CutPlan:
    """The highlight reel's plan: the chosen highlights in source order."""
    opts = options or HighlightOptions()
    chosen = choose_highlights(find_highlights(analysis, opts), opts.target_ms)
    ranges = tuple(KeepRange(h.start_ms, h.end_ms, h.reason) for h in chosen)
    return CutPlan(ranges, analysis.media.duration_ms)
