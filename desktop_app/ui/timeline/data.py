"""What the timeline shows, as sorted arrays ready for painting (numpy, no Qt).

:class:`TimelineData` owns the segments, the markers split into their lanes, the cut
ranges and the filter. Every setter rebuilds the affected arrays once, so painting and
hit-testing only slice them.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from desktop_app.core.model import Marker, Segment
from desktop_app.ui.style import emotion_key, event_key
from desktop_app.ui.timeline.spans import SpanIndex, stack_rows

# segment display classes in the speech lane
SEG_SPEECH = 0  # speech (or a gap in which the model still heard words)
SEG_EVENT_GAP = 1  # a gap with a detected sound event: a lighter block in the event's colour
SEG_GAP = 2  # a plain gap: not drawn


def _empty_index() -> SpanIndex:
    return SpanIndex([], [])


@dataclass
class MarkerLane:
    """The markers of one kind ("event", "emotion" or "silence"), sorted by start."""

    markers: list[Marker] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)  # the normalised label of each code
    codes: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int16))
    shown: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=bool))
    index: SpanIndex = field(default_factory=_empty_index)
    row: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int8))  # overlapping markers
    rows: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int8))  # stack in rows

    @classmethod
    def build(cls, markers: Iterable[Marker], normalise) -> MarkerLane:
        items = sorted(markers, key=lambda m: (m.start_ms, m.end_ms))
        keys: list[str] = []
        lookup: dict[str, int] = {}
        codes = np.empty(len(items), dtype=np.int16)
        for i, m in enumerate(items):
            key = normalise(m.label) or (m.label or "").lower()
            code = lookup.get(key)
            if code is None:
                code = lookup[key] = len(keys)
                keys.append(key)
            codes[i] = code
        index = SpanIndex([m.start_ms for m in items], [m.end_ms for m in items])
        row, rows = stack_rows(index.starts, index.ends)
        return cls(items, keys, codes, np.ones(len(items), dtype=bool), index, row, rows)

    def apply_filter(self, allowed: set[str] | None) -> None:
        if allowed is None:
            self.shown = np.ones(len(self.markers), dtype=bool)
            return
        ok = np.array([key in allowed for key in self.keys] + [False], dtype=bool)
        self.shown = ok[self.codes] if len(self.markers) else np.empty(0, dtype=bool)

    def visible(self, t0: float, t1: float) -> np.ndarray:
        """Positions of the shown markers overlapping ``[t0, t1]``."""
        pos = self.index.query(t0, t1)
        return pos[self.shown[pos]]


class TimelineData:
    def __init__(self) -> None:
        self.segments: list[Segment] = []
        self._seg_starts: list[int] = []
        self.seg_index = _empty_index()
        self.seg_class = np.empty(0, dtype=np.int8)
        self.seg_event = np.empty(0, dtype=np.int16)  # code into event_keys, -1 for none
        self.event_keys: list[str] = []
        self.lanes: dict[str, MarkerLane] = {
            "event": MarkerLane(),
            "emotion": MarkerLane(),
            "silence": MarkerLane(),
        }
        self.event_filter: set[str] | None = None
        self.emotion_filter: set[str] | None = None
        self.cut_index = _empty_index()
        self.cut_kept = np.empty(0, dtype=bool)

    # --- segments ---------------------------------------------------------------

    def set_segments(self, segments: Sequence[Segment]) -> None:
        self.segments = sorted(segments, key=lambda s: s.start_ms)
        self._rebuild_segments()

    def update_segments(self, segments: Iterable[Segment]) -> None:
        """Insert each segment by ``start_ms``, replacing one that starts at the same time."""
        for seg in segments:
            i = bisect.bisect_left(self._seg_starts, seg.start_ms)
            if i < len(self._seg_starts) and self._seg_starts[i] == seg.start_ms:
                self.segments[i] = seg
            else:
                self.segments.insert(i, seg)
                self._seg_starts.insert(i, seg.start_ms)
        self._rebuild_segments()

    def segment_position(self, start_ms: int) -> int | None:
        i = bisect.bisect_left(self._seg_starts, start_ms)
        return i if i < len(self._seg_starts) and self._seg_starts[i] == start_ms else None

    def _rebuild_segments(self) -> None:
        segs = self.segments
        self._seg_starts = [s.start_ms for s in segs]
        self.seg_index = SpanIndex(self._seg_starts, [s.end_ms for s in segs])
        klass = np.full(len(segs), SEG_GAP, dtype=np.int8)
        codes = np.full(len(segs), -1, dtype=np.int16)
        keys: list[str] = []
        lookup: dict[str, int] = {}
        for i, s in enumerate(segs):
            ev = event_key(s.event)
            if ev is not None:
                code = lookup.get(ev)
                if code is None:
                    code = lookup[ev] = len(keys)
                    keys.append(ev)
                codes[i] = code
            if s.has_speech:
                klass[i] = SEG_SPEECH
            elif ev is not None:
                klass[i] = SEG_EVENT_GAP
        self.seg_class, self.seg_event, self.event_keys = klass, codes, keys

    def segments_in(self, t0: float, t1: float) -> np.ndarray:
        return self.seg_index.query(t0, t1)

    # --- markers ------------------------------------------------------------------

    def set_markers(self, markers: Sequence[Marker]) -> None:
        by_kind: dict[str, list[Marker]] = {"event": [], "emotion": [], "silence": []}
        for m in markers:
            kind = m.kind if m.kind in by_kind else "event"
            by_kind[kind].append(m)
        self.lanes = {
            "event": MarkerLane.build(by_kind["event"], event_key),
            "emotion": MarkerLane.build(by_kind["emotion"], emotion_key),
            "silence": MarkerLane.build(by_kind["silence"], lambda label: "silence"),
        }
        self._apply_filter()

    def set_filter(self, event_labels: set[str] | None, emotion_labels: set[str] | None) -> None:
        self.event_filter = None if event_labels is None else _normalised(event_labels, event_key)
        self.emotion_filter = None if emotion_labels is None else _normalised(emotion_labels, emotion_key)
        self._apply_filter()

    def _apply_filter(self) -> None:
        self.lanes["event"].apply_filter(self.event_filter)
        self.lanes["emotion"].apply_filter(self.emotion_filter)
        self.lanes["silence"].apply_filter(None)

    def visible_markers(self, t0: float, t1: float) -> list[Marker]:
        out: list[Marker] = []
        for lane in self.lanes.values():
            out.extend(lane.markers[i] for i in lane.visible(t0, t1).tolist())
        return sorted(out, key=lambda m: (m.start_ms, m.kind, m.label))

    # --- cuts ---------------------------------------------------------------------

    def set_cut_ranges(self, ranges: Sequence[tuple[int, int, bool]]) -> None:
        items = sorted((int(a), int(b), bool(k)) for a, b, k in ranges)
        self.cut_index = SpanIndex([a for a, _, _ in items], [b for _, b, _ in items])
        self.cut_kept = np.array([k for _, _, k in items], dtype=bool)

    # --- extent -------------------------------------------------------------------

    def extent_ms(self) -> int:
        """The latest end of anything held (0 when empty)."""
        ends = [int(self.seg_index.ends.max()) if len(self.seg_index) else 0]
        ends += [int(lane.index.ends.max()) for lane in self.lanes.values() if len(lane.index)]
        if len(self.cut_index):
            ends.append(int(self.cut_index.ends.max()))
        return max(ends)


def _normalised(labels: Iterable[str], normalise) -> set[str]:
    return {normalise(label) or label.lower() for label in labels}
