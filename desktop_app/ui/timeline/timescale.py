"""The timeline's time <-> pixel mapping, zoom and scroll rules, ruler ticks and timecodes.

Pure Python (no Qt), so the arithmetic is testable on its own. ``x`` here is measured
from the left edge of the lanes' content area (the widget adds its label gutter).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

MIN_SPAN_MS = 100.0  # the deepest zoom shows a tenth of a second across the lanes


@dataclass
class Viewport:
    """What part of ``[0, duration_ms]`` the lanes show: a start time and a scale."""

    duration_ms: float = 60_000.0
    start_ms: float = 0.0
    ms_per_px: float = 50.0
    width_px: int = 1200

    @property
    def span_ms(self) -> float:
        return self.ms_per_px * self.width_px

    @property
    def end_ms(self) -> float:
        return self.start_ms + self.span_ms

    def time_to_x(self, ms: float) -> float:
        return (ms - self.start_ms) / self.ms_per_px

    def x_to_time(self, x: float) -> float:
        return self.start_ms + x * self.ms_per_px

    def max_ms_per_px(self) -> float:
        return max(self.duration_ms, MIN_SPAN_MS) / max(1, self.width_px)

    def min_ms_per_px(self) -> float:
        return min(MIN_SPAN_MS, max(self.duration_ms, 1.0)) / max(1, self.width_px)

    def clamp(self) -> None:
        self.ms_per_px = min(max(self.ms_per_px, self.min_ms_per_px()), self.max_ms_per_px())
        self.start_ms = min(max(self.start_ms, 0.0), max(0.0, self.duration_ms - self.span_ms))

    def fit(self) -> None:
        self.start_ms = 0.0
        self.ms_per_px = self.max_ms_per_px()

    def set_range(self, start_ms: float, end_ms: float) -> None:
        start_ms, end_ms = min(start_ms, end_ms), max(start_ms, end_ms)
        self.ms_per_px = max(end_ms - start_ms, 1.0) / max(1, self.width_px)
        self.ms_per_px = min(max(self.ms_per_px, self.min_ms_per_px()), self.max_ms_per_px())
        self.start_ms = start_ms
        self.clamp()

    def zoom_at(self, factor: float, x: float) -> None:
        """Scale by ``factor`` (< 1 zooms in) keeping the time under ``x`` where it is."""
        anchor = self.x_to_time(x)
        self.ms_per_px = min(max(self.ms_per_px * factor, self.min_ms_per_px()), self.max_ms_per_px())
        self.start_ms = anchor - x * self.ms_per_px
        self.clamp()

    def scroll_to(self, start_ms: float) -> None:
        self.start_ms = start_ms
        self.clamp()


# (major step, the subdivisions to try, finest first) from a millisecond to half a day
_STEPS: tuple[tuple[int, tuple[int, ...]], ...] = (
    (1, (1,)),
    (2, (2, 1)),
    (5, (5, 1)),
    (10, (10, 5, 2)),
    (20, (4, 2)),
    (50, (5,)),
    (100, (10, 5, 2)),
    (200, (4, 2)),
    (500, (5,)),
    (1_000, (10, 5, 2)),
    (2_000, (4, 2)),
    (5_000, (5,)),
    (10_000, (10, 5, 2)),
    (15_000, (3,)),
    (30_000, (6, 3)),
    (60_000, (12, 6, 4, 2)),
    (120_000, (4, 2)),
    (300_000, (5,)),
    (600_000, (10, 5, 2)),
    (900_000, (3,)),
    (1_800_000, (6, 3)),
    (3_600_000, (12, 4, 2)),
    (7_200_000, (4, 2)),
    (10_800_000, (3,)),
    (21_600_000, (6, 2)),
    (43_200_000, (12, 4, 2)),
)


def choose_ticks(ms_per_px: float, min_label_px: float = 90.0, min_minor_px: float = 7.0) -> tuple[int, int]:
    """``(major_ms, minor_ms)``: the finest major step whose labels are ``min_label_px`` apart."""
    major, subdivisions = next(
        ((step, subs) for step, subs in _STEPS if step / ms_per_px >= min_label_px), _STEPS[-1]
    )
    for n in subdivisions:
        if major / n / ms_per_px >= min_minor_px:
            return major, major // n
    return major, major


def format_tick(ms: int, step_ms: int) -> str:
    """A ruler label: ``00:01:30`` for steps of a second or more, ``1:30.500`` below that."""
    ms = int(round(ms))
    if step_ms >= 1000:
        s = ms // 1000
        return f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}"
    s, frac = divmod(ms, 1000)
    if s >= 3600:
        return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}.{frac:03d}"
    return f"{s // 60}:{s % 60:02d}.{frac:03d}"


def format_time(ms: float) -> str:
    """``HH:MM:SS.mmm`` for tooltips and the playhead readout."""
    ms = max(0, int(round(ms)))
    s, frac = divmod(ms, 1000)
    return f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}.{frac:03d}"


def format_duration(ms: float) -> str:
    """``850 ms``, ``3.5 s``, ``2 min 05 s``, ``1 h 02 min``."""
    ms = max(0.0, float(ms))
    if ms < 1000:
        return f"{int(round(ms))} ms"
    if ms < 60_000:
        return f"{ms / 1000:.1f} s"
    s = int(round(ms / 1000))
    if s < 3600:
        return f"{s // 60} min {s % 60:02d} s"
    return f"{s // 3600} h {s // 60 % 60:02d} min"


def tick_times(start_ms: float, end_ms: float, step_ms: int) -> range:
    """Multiples of ``step_ms`` in ``[start_ms, end_ms]``."""
    first = math.ceil(start_ms / step_ms) * step_ms
    return range(int(first), int(math.floor(end_ms)) + 1, step_ms)
