"""Test videos whose frames say their own number, and sound that says the time.

Each frame carries its index as 16 black/white cells (2 rows of 8, least significant
bit first), which survive H.264 compression and decode back exactly. The sound is a
phase-continuous sine whose pitch steps every half second (:func:`tone_at`), so any
stretch of it can be recomputed for a given source time and compared with what a
render put out.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from fractions import Fraction

import av
import numpy as np

from tests.media.gen import VIDEO_CODEC, _add_audio_stream, _audio_frames, _render

BITS, COLS, ROWS = 16, 8, 2
SIZE = (128, 96)
AMPLITUDE = 0.5


def frame_image(index: int, size: tuple[int, int] = SIZE) -> np.ndarray:
    width, height = size
    img = np.zeros((height, width, 3), dtype=np.uint8)
    cw, ch = width // COLS, height // ROWS
    for bit in range(BITS):
        if index >> bit & 1:
            r, c = divmod(bit, COLS)
            img[r * ch : (r + 1) * ch, c * cw : (c + 1) * cw] = 255
    return img


def frame_number(gray: np.ndarray, cells_height: int | None = None) -> int:
    """The index written by :func:`frame_image`, read from a decoded grey frame (from its
    top ``cells_height`` rows when the number was drawn there only)."""
    if cells_height is not None:
        gray = gray[:cells_height]
    height, width = gray.shape
    cw, ch = width // COLS, height // ROWS
    value = 0
    for bit in range(BITS):
        r, c = divmod(bit, COLS)
        cell = gray[r * ch + ch // 4 : (r + 1) * ch - ch // 4, c * cw + cw // 4 : (c + 1) * cw - cw // 4]
        if cell.mean() > 128:
            value |= 1 << bit
    return value


BASE_HZ, STEP_HZ = 311.0, 47.0  # not multiples of a frame rate: cuts land at arbitrary phases


def pitch(t: np.ndarray) -> np.ndarray:
    """311, 358, 405, ... 640 Hz, stepping every 0.5 s and wrapping every 4 s."""
    return BASE_HZ + STEP_HZ * (np.floor(np.asarray(t) * 2) % 8)


def tone_at(t: np.ndarray) -> np.ndarray:
    """The sound at source times ``t`` (seconds): the phase is the integral of :func:`pitch`."""
    t = np.asarray(t, dtype=np.float64)
    steps = np.floor(t * 2)
    # phase at the start of half-second step s: sum of 0.5 * pitch over the steps before it
    full_cycles = np.floor(steps / 8)
    in_cycle = steps % 8
    per_cycle = 0.5 * sum(BASE_HZ + STEP_HZ * k for k in range(8))
    before = full_cycles * per_cycle + 0.5 * (BASE_HZ * in_cycle + STEP_HZ * in_cycle * (in_cycle - 1) / 2)
    phase = 2 * np.pi * (before + pitch(t) * (t - steps / 2))
    return AMPLITUDE * np.sin(phase)


def make_numbered_video(
    path: str | os.PathLike,
    duration_s: float,
    fps: Fraction | int,
    *,
    audio: bool = True,
    audio_rate: int = 48000,
    channels: int = 2,
    frame_times_s: Sequence[float] | None = None,
    size: tuple[int, int] = SIZE,
    timecode: str | None = None,
) -> str:
    """An H.264 (+ AAC) file: frame ``i`` shows ``i``; the sound is :func:`tone_at`."""
    fps = Fraction(fps)
    path = os.fspath(path)
    with av.open(path, "w") as out:
        vstream = out.add_stream(VIDEO_CODEC, rate=fps, options={"preset": "ultrafast", "crf": "18"})
        vstream.width, vstream.height = size
        vstream.pix_fmt = "yuv420p"
        if timecode:
            vstream.metadata["timecode"] = timecode
        if frame_times_s is not None:
            vstream.codec_context.time_base = Fraction(1, 90000)
            times = [(round(t * 90000), t) for t in frame_times_s]
        else:
            times = [(i, i / fps) for i in range(int(round(duration_s * fps)))]
        astream = None
        blocks = iter(())
        if audio:
            astream = out.add_stream("aac", rate=audio_rate, layout="stereo" if channels == 2 else "mono")
            n = int(round(duration_s * audio_rate))
            blocks = _audio_frames(_render(tone_at, n, audio_rate, channels), audio_rate, channels)
        pending = next(blocks, None)
        for idx, (pts, t) in enumerate([*times, (None, float("inf"))]):
            while astream is not None and pending is not None and pending.pts / audio_rate <= t:
                for packet in astream.encode(pending):
                    out.mux(packet)
                pending = next(blocks, None)
            if pts is None:
                break
            frame = av.VideoFrame.from_ndarray(frame_image(idx, size), format="rgb24")
            frame.pts = pts
            for packet in vstream.encode(frame):
                out.mux(packet)
        for stream in [s for s in (astream, vstream) if s is not None]:
            for packet in stream.encode(None):
                out.mux(packet)
    return path


def decode_video(path: str | os.PathLike, cells_height: int | None = None) -> tuple[list[int], list[float]]:
    """``(frame numbers, frame times in seconds)`` of every decoded frame."""
    numbers, times = [], []
    with av.open(os.fspath(path)) as container:
        stream = container.streams.video[0]
        for frame in container.decode(stream):
            numbers.append(frame_number(frame.to_ndarray(format="gray"), cells_height))
            times.append(float(frame.time))
    return numbers, times


def decode_audio(path: str | os.PathLike, rate: int = 48000) -> np.ndarray:
    """The first channel of the first audio track as float32 at ``rate`` (from the file's start)."""
    chunks = []
    with av.open(os.fspath(path)) as container:
        stream = container.streams.audio[0]
        resampler = av.AudioResampler(format="fltp", layout=stream.layout.name, rate=rate)
        for frame in container.decode(stream):
            for out in resampler.resample(frame):
                chunks.append(out.to_ndarray()[0])
    return np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.float32)


# --- a source with two audio streams and clicks at known frames ---------------------------

CLICK_MS = 4  # a click: a 4 ms burst of 2 kHz, loud enough to find after AAC coding and mixing


def clicks(times_s: Sequence[float], n: int, rate: int) -> np.ndarray:
    """Silence of ``n`` samples with a click starting at each of ``times_s``."""
    out = np.zeros(n, dtype=np.float32)
    burst = 0.8 * np.sin(2 * np.pi * 2000 * np.arange(rate * CLICK_MS // 1000) / rate)
    for t in times_s:
        i = round(t * rate)
        out[i : i + len(burst)] = burst[: max(0, n - i)]
    return out


def make_two_track_video(
    path: str | os.PathLike,
    duration_s: float,
    fps: Fraction | int,
    *,
    clicks_main: Sequence[int],
    clicks_second: Sequence[int],
    timecode: str | None = None,
    size: tuple[int, int] = (128, 144),
    cells_height: int = 96,
    audio_rate: int = 48000,
) -> str:
    """H.264 + two AAC streams (stereo "Main", mono "Commentary"). Frame ``i`` shows ``i`` in
    its top ``cells_height`` rows (the rest stays black, for subtitles); each stream clicks
    at the start of the source frames it is given."""
    fps = Fraction(fps)
    path = os.fspath(path)
    width, height = size
    n = int(round(duration_s * audio_rate))
    with av.open(path, "w") as out:
        vstream = out.add_stream(VIDEO_CODEC, rate=fps, options={"preset": "ultrafast", "crf": "18"})
        vstream.width, vstream.height = size
        vstream.pix_fmt = "yuv420p"
        if timecode:
            vstream.metadata["timecode"] = timecode
        streams = []
        for frames, channels, title in ((clicks_main, 2, "Main"), (clicks_second, 1, "Commentary")):
            stream = _add_audio_stream(out, "aac", audio_rate, channels, "eng", title)
            data = _render(clicks([f / fps for f in frames], n, audio_rate), n, audio_rate, channels)
            streams.append((stream, _audio_frames(data, audio_rate, channels)))
        pending = [next(blocks, None) for _, blocks in streams]
        total = int(round(duration_s * fps))
        for idx in range(total + 1):
            t = idx / fps if idx < total else float("inf")
            for k, (stream, blocks) in enumerate(streams):
                while pending[k] is not None and pending[k].pts / audio_rate <= t:
                    for packet in stream.encode(pending[k]):
                        out.mux(packet)
                    pending[k] = next(blocks, None)
            if idx == total:
                break
            img = np.zeros((height, width, 3), dtype=np.uint8)
            img[:cells_height] = frame_image(idx, (width, cells_height))
            frame = av.VideoFrame.from_ndarray(img, format="rgb24")
            frame.pts = idx
            for packet in vstream.encode(frame):
                out.mux(packet)
        for stream in [s for s, _ in streams] + [vstream]:
            for packet in stream.encode(None):
                out.mux(packet)
    return path


def click_times(samples: np.ndarray, rate: int, threshold: float = 0.2) -> list[float]:
    """The start (seconds) of every click in ``samples``: where it first exceeds ``threshold``
    after at least 50 ms below it."""
    loud = np.flatnonzero(np.abs(samples) > threshold)
    if not len(loud):
        return []
    starts = [loud[0]] + [b for a, b in zip(loud, loud[1:], strict=False) if b - a > rate // 20]
    return [float(i) / rate for i in starts]
