"""``probe(path)``: what is inside a media file, without decoding it.

Frame rate and variable frame rate (VFR)
----------------------------------------
``fps`` is the stream's average rate (frames / duration, ``average_rate``). When the
stream is constant-rate and its nominal rate (FFmpeg's ``r_frame_rate``, PyAV's
``base_rate``: the smallest rate that represents every timestamp exactly) agrees with
the average to 0.1 %, the nominal rate is used, so NTSC reads as exactly 30000/1001.

A stream is flagged ``variable_frame_rate`` when the two rates disagree by more than
1.5 frames over the stream's duration: ``|nominal - average| * duration_s > 1.5``.
This is what matters to an editor: a timeline built at the nominal rate drifts that
many frames from the real frame times by the end. Rounding of the last frame's
duration moves the average by less than a frame, so constant-rate files stay
unflagged, while phone and screen recordings (nominal 30 or 60, average 29.6 or 12.4)
are caught even when the difference is a fraction of a percent on a long file.

Only MP4/MOV measure the average from the complete sample table. Other containers
(Matroska/WebM, AVI, FLV, MPEG-TS) often just repeat a rate declared in the header
(Matroska's DefaultDuration) whatever the frames' real timestamps are, and some give
no rates or duration at all. For them, and for any stream whose rates are unknown,
the first 120 video packet timestamps are also read (a few seconds of video, nothing
decoded) and the stream is flagged when more than one interval, and more than 2 % of
them, is off the median by more than 1.5 time-base ticks and 2 % (so 33/34 ms
rounding of 29.97 fps in a millisecond time base stays constant-rate).
"""

from __future__ import annotations

import contextlib
import os
from fractions import Fraction

import av
import numpy as np

from desktop_app.core.errors import EmptyMediaError, UnreadableMediaError
from desktop_app.core.model import AudioTrack, MediaInfo, VideoStream
from desktop_app.media._container import (
    AV_TIME_BASE,
    check_file,
    container_start_s,
    display_name,
    open_input,
    seconds,
    stream_duration_s,
)

VFR_DRIFT_FRAMES = 1.5
_SCAN_PACKETS = 120


def probe(path: str | os.PathLike) -> MediaInfo:
    """Streams, duration, frame rate, start timecode and audio tracks of ``path``.

    Raises :class:`UnreadableMediaError` (missing, not media), :class:`EmptyMediaError`
    (0 bytes, or no duration and no packets).
    """
    text, size = check_file(path)
    with open_input(text) as container:
        audio = tuple(_audio_track(i, s) for i, s in enumerate(container.streams.audio))
        vstream = _main_video_stream(container)
        if not audio and vstream is None:
            raise UnreadableMediaError(f"{display_name(text)} has no audio or video streams.", path=text)
        duration_ms = _duration_ms(container)
        if duration_ms is None:
            duration_ms = _scan_duration_ms(container)
            if duration_ms is None:
                raise EmptyMediaError(f"{display_name(text)} has no audio or video data.", path=text)
            _rewind(container)
        video = _video_stream(container, vstream) if vstream is not None else None
        return MediaInfo(
            path=text,
            size_bytes=size,
            format_name=container.format.name,
            duration_ms=duration_ms,
            audio_tracks=audio,
            video=video,
            start_timecode=_start_timecode(container, vstream),
        )


def _duration_ms(container) -> int | None:
    """From the container header, or the furthest stream end; ``None`` if unknown or 0."""
    if container.duration is not None and container.duration > 0:
        return round(container.duration * 1000 / AV_TIME_BASE)
    origin = container_start_s(container)
    ends = []
    for stream in container.streams:
        dur = stream_duration_s(stream)
        if dur is None:
            continue
        start = seconds(stream.start_time, stream.time_base)
        ends.append((start - origin if start is not None else 0.0) + dur)
    end = max(ends, default=0.0)
    return round(end * 1000) if end > 0 else None


def _rewind(container) -> None:
    with contextlib.suppress(av.error.FFmpegError, OSError, ValueError):
        container.seek(0)


def _scan_duration_ms(container) -> int | None:
    """Read every packet (headers gave no duration): ``None`` when there are none."""
    origin = None
    end = None
    count = 0
    streams = [s for s in container.streams if s.type in ("audio", "video")]
    try:
        for packet in container.demux(streams):
            if not packet.size or packet.pts is None:
                count += bool(packet.size)
                continue
            count += 1
            tb = packet.time_base
            t0 = float(packet.pts * tb)
            t1 = t0 + float((packet.duration or 0) * tb)
            origin = t0 if origin is None else min(origin, t0)
            end = t1 if end is None else max(end, t1)
    except av.error.FFmpegError:
        pass
    if count == 0:
        return None
    if origin is None or end is None:
        return 0
    return max(0, round((end - origin) * 1000))


# --- streams -----------------------------------------------------------------


def _language(metadata: dict) -> str | None:
    lang = (metadata.get("language") or "").strip()
    return None if not lang or lang.lower() == "und" else lang


def _audio_track(index: int, stream) -> AudioTrack:
    cc = stream.codec_context
    dur = stream_duration_s(stream)
    return AudioTrack(
        index=index,
        stream_index=stream.index,
        codec=_codec_name(cc),
        channels=int(cc.channels) if cc is not None else 0,
        sample_rate=int(cc.sample_rate) if cc is not None else 0,
        language=_language(stream.metadata),
        title=stream.metadata.get("title") or None,
        duration_ms=round(dur * 1000) if dur is not None else None,
    )


def _codec_name(cc) -> str:
    """The codec's canonical name (``mp3``, not the decoder's ``mp3float``)."""
    if cc is None or cc.codec is None:
        return "unknown"
    return cc.codec.canonical_name or cc.name


def _main_video_stream(container):
    """The first video stream that is not cover art (an attached picture)."""
    for stream in container.streams.video:
        if not stream.disposition & av.stream.Disposition.attached_pic:
            return stream
    return None


def _video_stream(container, stream) -> VideoStream:
    cc = stream.codec_context
    fps, vfr = frame_rate(container, stream)
    return VideoStream(
        stream_index=stream.index,
        codec=_codec_name(cc),
        width=int(cc.width) if cc is not None else 0,
        height=int(cc.height) if cc is not None else 0,
        fps=fps,
        variable_frame_rate=vfr,
    )


def _positive(rate) -> Fraction | None:
    return Fraction(rate) if rate else None


def frame_rate(container, stream) -> tuple[Fraction | None, bool]:
    """``(fps, variable_frame_rate)`` as described in the module docstring."""
    average = _positive(stream.average_rate)
    nominal = _positive(stream.base_rate) or _positive(stream.guessed_rate)
    duration = stream_duration_s(stream)
    if duration is None and container.duration:
        duration = container.duration / AV_TIME_BASE
    known = bool(average and nominal and duration)
    vfr = known and float(abs(nominal - average)) * duration > VFR_DRIFT_FRAMES
    if not vfr and (not known or not _rates_measured(container)):
        vfr = _irregular_timestamps(container, stream)
    if average and nominal and not vfr and abs(float(average / nominal) - 1) <= 0.001:
        return nominal, False
    return average or _positive(stream.guessed_rate), vfr


def _rates_measured(container) -> bool:
    """MP4/MOV rates come from the complete sample table; others may be header hints."""
    return bool({"mov", "mp4"} & set(container.format.name.split(",")))


def _irregular_timestamps(container, stream) -> bool:
    """Are the first packets' frame intervals uneven (see the module docstring)?"""
    pts: list[int] = []
    try:
        for packet in container.demux(stream):
            if packet.size and packet.pts is not None:
                pts.append(packet.pts)
                if len(pts) >= _SCAN_PACKETS:
                    break
    except av.error.FFmpegError:
        pass
    if len(pts) < 8:
        return False
    steps = np.diff(np.sort(np.asarray(pts, dtype=np.int64)))
    steps = steps[steps > 0]
    if steps.size < 4:
        return False
    median = float(np.median(steps))
    off = np.abs(steps - median) > max(1.5, 0.02 * median)
    return int(off.sum()) > max(1, 0.02 * steps.size)


def _start_timecode(container, vstream) -> str | None:
    """``timecode`` from the video stream, a timecode (tmcd) data stream, or the container."""
    candidates = [vstream] if vstream is not None else []
    candidates += [s for s in container.streams if s.type == "data"]
    for source in [*candidates, container]:
        tc = (source.metadata.get("timecode") or "").strip()
        if tc:
            return tc
    return None
