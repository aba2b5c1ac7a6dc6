"""Integer-millisecond time, ``Fraction`` frame rates and timecode text."""

from __future__ import annotations

from fractions import Fraction

SAMPLE_RATE = 16_000  # what SenseVoice and silero-vad take


def samples_to_ms(samples: int, rate: int = SAMPLE_RATE) -> int:
    return (samples * 1000) // rate


def ms_to_samples(ms: int, rate: int = SAMPLE_RATE) -> int:
    return (ms * rate) // 1000


def format_clock(ms: int, *, sep: str = ".", hours: bool = True) -> str:
    """``01:02:03.456`` (or ``02:03.456`` with ``hours=False`` and under an hour)."""
    ms = max(0, int(ms))
    h, rem = divmod(ms, 3_600_000)
    m, rem = divmod(rem, 60_000)
    s, milli = divmod(rem, 1000)
    if hours or h:
        return f"{h:02d}:{m:02d}:{s:02d}{sep}{milli:03d}"
    return f"{m:02d}:{s:02d}{sep}{milli:03d}"


def parse_fps(value: str | float | Fraction) -> Fraction:
    """'29.97' and 29.97 mean NTSC 30000/1001; '30000/1001' is read exactly."""
    if isinstance(value, Fraction):
        return value
    text = str(value).strip()
    ntsc = {"23.976": Fraction(24000, 1001), "29.97": Fraction(30000, 1001), "59.94": Fraction(60000, 1001)}
    if text in ntsc:
        return ntsc[text]
    return Fraction(text).limit_denominator(1001)
