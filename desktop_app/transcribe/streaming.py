"""Which windows the start of a file already decides, before the rest is decoded.

The pipeline decodes and searches the first VAD lane (a minute) of a long file, sends
the windows that can no longer change to the model, and goes on decoding; the
whole-file plan made at the end contains exactly those windows. Why they cannot change:

- VAD: lanes sit at fixed places (:func:`~desktop_app.transcribe.vad.lane_steps`), so
  the first lane's probabilities are the whole run's. silero's span finder walks them
  once, left to right, and forgets everything when a span closes; padding then moves a
  span's end by looking at the next span's start only. So of the spans found in the
  prefix all but the last two are the whole file's spans.
- Windows (:func:`~desktop_app.transcribe.windows.plan_windows`): everything before the
  start of a speech span is planned from the spans and the loudness before it; the
  sliver pass looks one piece ahead and a speech piece always opens a window of its
  own. So the windows that end by the start of the last settled span (of the run of
  touching spans it belongs to, which the planner merges) are the whole plan's.

numpy only; the VAD probabilities come from the caller.
"""

from __future__ import annotations

import numpy as np

from desktop_app.core.model import Window
from desktop_app.transcribe.vad import VadOptions, spans_from_probabilities
from desktop_app.transcribe.windows import WindowOptions, _clip_spans, loudness_db, plan_windows

SAMPLE_RATE = 16000


def settled_windows(
    samples: np.ndarray,
    probs: np.ndarray,
    vad: VadOptions | None = None,
    windows: WindowOptions | None = None,
) -> list[Window]:
    """The windows of the whole file's plan that ``samples`` (its first samples, 16 kHz)
    and ``probs`` (their speech probabilities, whole lanes) already decide, in order;
    [] when the prefix decides none."""
    n_ms = len(samples) * 1000 // SAMPLE_RATE
    spans = spans_from_probabilities(probs, len(samples), vad)
    settled = _clip_spans(spans[:-2], n_ms)
    if not settled:
        return []
    horizon = settled[-1].start_ms
    plan = plan_windows(n_ms, spans, loudness_db(samples, SAMPLE_RATE), windows)
    return [w for w in plan if w.end_ms <= horizon]
