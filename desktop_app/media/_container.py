"""Opening media with PyAV and turning its errors into Cutmark's typed errors."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from fractions import Fraction

import av

from desktop_app.core.errors import EmptyMediaError, MediaNotFoundError, UnreadableMediaError
from desktop_app.core.timebase import format_clock

# FFmpeg's global time unit (AV_TIME_BASE): container durations and start times.
AV_TIME_BASE = 1_000_000


def display_name(path: str) -> str:
    """The file name used in messages (the full path travels in ``err.path``)."""
    return os.path.basename(path) or path


def clock(ms: float) -> str:
    """``00:01:23`` for messages."""
    return format_clock(int(ms))[:8]


def check_file(path: str | os.PathLike) -> tuple[str, int]:
    """``(path, size_bytes)`` of a readable regular file, or a typed error."""
    text = os.fspath(path)
    name = display_name(text)
    try:
        st = os.stat(text)
    except FileNotFoundError:
        raise MediaNotFoundError(f"{name} does not exist.", path=text) from None
    except OSError as exc:
        raise UnreadableMediaError(f"{name} cannot be read: {exc.strerror or exc}.", path=text) from None
    if os.path.isdir(text):
        raise UnreadableMediaError(f"{name} is a folder, not a media file.", path=text)
    if st.st_size == 0:
        raise EmptyMediaError(f"{name} is empty (0 bytes).", path=text)
    return text, st.st_size


def reason(exc: BaseException) -> str:
    """FFmpeg's words for an error, lower-cased for use inside a sentence."""
    text = str(getattr(exc, "strerror", None) or exc or type(exc).__name__).strip().rstrip(".")
    if text.lower().startswith("error number"):
        return f"decoder error {getattr(exc, 'errno', '')}".strip()
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


@contextlib.contextmanager
def open_input(path: str) -> Iterator[av.container.InputContainer]:
    """``with av.open(path)`` for reading, raising :class:`UnreadableMediaError` on failure.

    Errors raised inside the ``with`` body pass through unchanged.
    """
    name = display_name(path)
    try:
        container = av.open(path, "r", metadata_errors="ignore")
    except PermissionError:
        raise UnreadableMediaError(f"{name} cannot be read: permission denied.", path=path) from None
    except (av.error.FFmpegError, OSError, UnicodeError, ValueError) as exc:
        raise UnreadableMediaError(
            f"{name} is not a media file Cutmark can read: {reason(exc)}.", path=path
        ) from exc
    with container:
        yield container


# --- timing helpers shared by probe and decode ----------------------------------


def seconds(value: int | None, time_base: Fraction | None) -> float | None:
    if value is None or time_base is None:
        return None
    return float(value * time_base)


def container_start_s(container) -> float:
    start = container.start_time
    return start / AV_TIME_BASE if start is not None else 0.0


def stream_duration_s(stream) -> float | None:
    dur = seconds(stream.duration, stream.time_base)
    return dur if dur is not None and dur > 0 else None
