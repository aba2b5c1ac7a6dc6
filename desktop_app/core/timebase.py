"""Integer-millisecond time, ``Fraction`` frame rates and timecode text."""

from __future__ import annotations

from fractions import Fraction

from desktop_app.core.errors import ExportError

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


# --- timecode -----------------------------------------------------------------------------

DROP_FRAME_RATES = (Fraction(30000, 1001), Fraction(60000, 1001))


def _dropped_per_minute(base: int) -> int:
    """Frame labels skipped at each minute not divisible by ten: 2 at 29.97, 4 at 59.94."""
    return 2 * base // 30


def parse_timecode(text: str, rate: Fraction) -> tuple[int, bool]:
    """``("01:00:00;00", 29.97)`` → ``(107892, True)``: the frame count and whether it is drop-frame.

    ``;`` or ``.`` before the frames means drop-frame, which only exists at 29.97 and
    59.94; at other rates it is read as non-drop. A drop-frame label that is skipped
    (``00:01:00;00`` and ``;01`` at 29.97: the first frame of that minute is ``;02``) is
    an error, not silently the next frame: no editor writes it, so the text is wrong.
    """
    raw = text.strip()
    parts = raw.replace(";", ":").replace(".", ":").split(":")
    if len(parts) != 4 or not all(p.isdigit() for p in parts):
        raise ExportError(f"not a timecode: {text!r} (expected HH:MM:SS:FF)")
    hh, mm, ss, ff = (int(p) for p in parts)
    base = round(rate)
    if mm > 59 or ss > 59 or ff >= base:
        raise ExportError(f"timecode {text!r} is out of range at {float(rate):g} fps")
    drop = rate in DROP_FRAME_RATES and (";" in raw or "." in raw)
    frames = ((hh * 60 + mm) * 60 + ss) * base + ff
    if drop:
        dropped = _dropped_per_minute(base)
        if ss == 0 and ff < dropped and mm % 10 != 0:
            raise ExportError(
                f"timecode {text!r} does not exist in drop-frame at {float(rate):g} fps: minute {mm:02d} "
                f"starts at {hh:02d}:{mm:02d}:00;{dropped:02d}"
            )
        minutes = hh * 60 + mm
        frames -= dropped * (minutes - minutes // 10)
    return frames, drop


def format_timecode(frame: int, rate: Fraction, drop: bool = False) -> str:
    """A frame count as ``HH:MM:SS:FF`` (``HH:MM:SS;FF`` in drop-frame)."""
    base = round(rate)
    frame = max(0, int(frame))
    if drop and rate in DROP_FRAME_RATES:
        dropped = _dropped_per_minute(base)
        per_10min = base * 600 - dropped * 9
        per_min = base * 60 - dropped
        tens, rem = divmod(frame, per_10min)
        if rem > dropped:
            frame += dropped * 9 * tens + dropped * ((rem - dropped) // per_min)
        else:
            frame += dropped * 9 * tens
        sep = ";"
    else:
        sep = ":"
    ff = frame % base
    total_s = frame // base
    return f"{total_s // 3600 % 24:02d}:{total_s // 60 % 60:02d}:{total_s % 60:02d}{sep}{ff:02d}"
