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

from tests.media.gen import VIDEO_CODEC, _audio_frames, _render

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


def frame_number(gray: np.ndarray) -> int:
    """The index written by :func:`frame_image`, read from a decoded grey frame."""
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


def decode_video(path: str | os.PathLike) -> tuple[list[int], list[float]]:
    """``(frame numbers, frame times in seconds)`` of every decoded frame."""
    numbers, times = [], []
    with av.open(os.fspath(path)) as container:
        stream = container.streams.video[0]
        for frame in container.decode(stream):
            numbers.append(frame_number(frame.to_ndarray(format="gray")))
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
