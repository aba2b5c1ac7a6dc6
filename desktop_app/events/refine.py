"""Finer event times: windows that may hold an event are run again as short sub-windows.

SenseVoice gives one event per clip, so a laugh inside a 15 s speech window is, at
first, marked over all 15 s. A window is *flagged* when its event is a marked one
(laughter, applause, ...) or when the model gives one at least
:attr:`RefineOptions.flag_probability` (10 %) though another class won: such windows
are where a raised sensitivity would put a marker, so their sub-windows are there when
it does. (Flagging on ``p x`` the "find more" gains instead flagged most speech windows
of the benchmark show, for more than doubling the model's time.) A flagged window
is cut into sub-windows of ``window_ms`` with half overlap, which go through the same
batched engine; their tags and distributions are kept as the window's ``parts``, and
:func:`part_spans` gives each part the middle of its sub-window (the middles tile the
window), so a marker covers only the parts that carry its event. The window's text and
words stay from the first pass. Only flagged windows pay.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Generator, Sequence
from dataclasses import dataclass

import numpy as np

from desktop_app.core import vocabulary
from desktop_app.core.model import Segment, Window
from desktop_app.core.progress import CancelToken, Progress, SegmentsReady


@dataclass(frozen=True)
class RefineOptions:
    enabled: bool = True
    window_ms: int = 2_000  # sub-window length ("about 2-3 s")
    hop_ms: int = 1_000  # half overlap
    min_window_ms: int = 5_000  # shorter windows (gap windows are ~3 s) gain too little for the cost
    flag_probability: float = 0.1  # a marked event this probable flags a window (the model's own p)


def is_flagged(seg: Segment, options: RefineOptions) -> bool:
    """The window may hold an event worth placing more finely."""
    if not options.enabled or seg.duration_ms < options.min_window_ms:
        return False
    own = vocabulary.from_model_tag(seg.event)
    if own is not None and own.group == vocabulary.EVENT:
        return True
    for tag, p in seg.event_probs:
        kind = vocabulary.from_model_tag(tag)
        if kind is not None and kind.group == vocabulary.EVENT and p >= options.flag_probability:
            return True
    return False


def sub_windows(seg: Segment, options: RefineOptions) -> list[tuple[int, int]]:
    """Sub-window spans covering the window: ``window_ms`` long, ``hop_ms`` apart, the
    last one ending at the window's end."""
    a, b, w, hop = seg.start_ms, seg.end_ms, options.window_ms, max(1, options.hop_ms)
    if b - a <= w:
        return [(a, b)]
    starts = list(range(a, b - w, hop))
    if not starts or starts[-1] != b - w:
        starts.append(b - w)
    return [(s, s + w) for s in starts]


def part_spans(seg: Segment) -> list[tuple[int, int]]:
    """The stretch of the window each part speaks for: from the middle of its overlap with
    the previous part to the middle of its overlap with the next (the window's own ends
    for the first and last), so the stretches tile the window."""
    parts = sorted(seg.parts, key=lambda p: p.start_ms)
    out = []
    for i, p in enumerate(parts):
        lo = seg.start_ms if i == 0 else (p.start_ms + parts[i - 1].end_ms) // 2
        hi = seg.end_ms if i == len(parts) - 1 else (parts[i + 1].start_ms + p.end_ms) // 2
        lo, hi = max(lo, seg.start_ms), min(hi, seg.end_ms)
        if i and lo < out[-1][1]:  # parts further apart than they are long still tile
            lo = out[-1][1]
        out.append((lo, max(lo, hi)))
    return out


def refine_segments(
    engine,
    samples: np.ndarray,
    segments: Sequence[Segment],
    options: RefineOptions | None = None,
    transcribe_options=None,
    cancel: CancelToken | None = None,
) -> Generator[Progress, None, list[Segment]]:
    """The segments, the flagged ones with their ``parts`` from one more batched pass of
    ``engine`` over their sub-windows. Yields ``Progress("refine", ...)``."""
    opts = options or RefineOptions()
    segs = list(segments)
    flagged = [i for i, s in enumerate(segs) if is_flagged(s, opts)]
    if not flagged:
        return segs
    windows: list[Window] = []
    owner: dict[int, int] = {}
    for i in flagged:
        for a, b in sub_windows(segs[i], opts):
            owner[len(windows)] = i
            windows.append(Window(len(windows), a, b, segs[i].kind))
    if transcribe_options is not None:
        transcribe_options = dataclasses.replace(transcribe_options, word_timestamps=False)
    results: list[Segment] = []
    run = engine.transcribe(samples, windows, transcribe_options, cancel, text=False)
    try:
        while True:
            item = next(run)
            if isinstance(item, Progress):
                yield Progress("refine", item.done, item.total, unit=item.unit)
            elif not isinstance(item, SegmentsReady):
                yield item  # a notice (e.g. the GPU fell back to the CPU)
    except StopIteration as stop:
        results = stop.value
    finally:
        run.close()
    # results come back in time order; sub-windows of one window never overlap another's
    by_span = {(r.start_ms, r.end_ms): r for r in results}
    parts: dict[int, list[Segment]] = {}
    for index, w in enumerate(windows):
        r = by_span.get((w.start_ms, w.end_ms))
        if r is not None:
            parts.setdefault(owner[index], []).append(_as_part(r))
    for i, found in parts.items():
        segs[i] = dataclasses.replace(segs[i], parts=tuple(found))
    return segs


def _as_part(r: Segment) -> Segment:
    """A sub-window's tags and distributions; its text and words are not kept."""
    return Segment(
        r.start_ms,
        r.end_ms,
        r.kind,
        emotion=r.emotion,
        event=r.event,
        emotion_confidence=r.emotion_confidence,
        event_confidence=r.event_confidence,
        event_probs=r.event_probs,
        emotion_probs=r.emotion_probs,
    )
