"""Shorten pauses: every silence between two words (inside a segment or between
segments) longer than ``max_ms`` is cut down to ``max_ms``.

The result is a list of cut marks (``"by": "pauses"``) stored in ``edits["cuts"]``
like any other mark, so the user's later marks override them. A pause is measured
between neighbouring words, cut or not, so restoring a cut word later never finds it
inside a pause cut. Half of what is left stays after the word before, half before the
word after (at least ``handle_ms`` each). Pauses holding an event (laughter, applause,
music...) are only shortened on either side of it, never through it, unless asked for
with ``include_events``. Segments without word times count as one word each.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from desktop_app.core.model import Marker, Segment
from desktop_app.edit.plan import CutPlanError, check_lengths
from desktop_app.edit.word_cuts import BY_PAUSES, EDITS_KEY, event_spans, marks_of
from desktop_app.edit.words import word_index

DEFAULT_MAX_PAUSE_MS = 300


@dataclass(frozen=True)
class PauseOptions:
    max_ms: int = DEFAULT_MAX_PAUSE_MS
    handle_ms: int = 40
    include_events: bool = False  # shorten pauses through events too

    def __post_init__(self) -> None:
        check_lengths(max_ms=self.max_ms, handle_ms=self.handle_ms)
        if self.max_ms < 2 * self.handle_ms:
            raise CutPlanError(
                f"a pause cannot be shortened below two handles ({2 * self.handle_ms} ms; got {self.max_ms})"
            )


def pause_cuts(
    segments: Sequence[Segment], markers: Sequence[Marker] = (), options: PauseOptions | None = None
) -> list[tuple[int, int]]:
    """The stretches to cut so that no pause between words is longer than ``max_ms``."""
    opts = options or PauseOptions()
    words = sorted(word_index(segments).words, key=lambda w: (w.start_ms, w.end_ms))
    events = [] if opts.include_events else event_spans(markers)
    keep_left = opts.max_ms // 2
    keep_right = opts.max_ms - keep_left
    out: list[tuple[int, int]] = []
    reach = None
    for w in words:
        if reach is not None and w.start_ms > reach:
            for lo, hi in _free(reach, w.start_ms, events):
                # a piece beside an event only keeps air on its word's side
                left = keep_left if lo == reach else opts.handle_ms
                right = keep_right if hi == w.start_ms else opts.handle_ms
                if hi - lo > left + right and hi - lo > opts.max_ms:
                    out.append((lo + left, hi - right))
        reach = w.end_ms if reach is None else max(reach, w.end_ms)
    return out


def _free(lo: int, hi: int, events: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    pieces = [(lo, hi)]
    for a, b in events:
        pieces = [p for s, e in pieces for p in ((s, min(e, a)), (max(s, b), e)) if p[1] > p[0]]
    return pieces


def shorten_pauses(
    segments: Sequence[Segment],
    edits: Mapping | None,
    markers: Sequence[Marker] = (),
    options: PauseOptions | None = None,
) -> dict | None:
    """``edits`` with the pause marks replaced by those for ``options`` (``options`` None:
    pause marks removed); None when that changes nothing."""
    marks = marks_of(edits)
    others = [m for m in marks if m.get("by") != BY_PAUSES]
    fresh = []
    if options is not None:
        fresh = [
            {"start_ms": a, "end_ms": b, "action": "cut", "by": BY_PAUSES}
            for a, b in pause_cuts(segments, markers, options)
        ]
    if [m for m in marks if m.get("by") == BY_PAUSES] == fresh and marks[: len(others)] == others:
        return None  # the same pause marks, already last
    return {**(edits or {}), EDITS_KEY: others + fresh}
