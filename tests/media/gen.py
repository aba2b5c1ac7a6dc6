"""Generate small media files with PyAV for the media tests (nothing is committed).

Audio is given as a callable ``f(t) -> samples`` (``t`` in seconds, shape ``(n,)``;
the result is ``(n,)`` for every channel or ``(channels, n)``) or as an array
``(n,)`` / ``(channels, n)`` of floats in [-1, 1].
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from fractions import Fraction

import av
import numpy as np

AudioSource = Callable[[np.ndarray], np.ndarray] | np.ndarray

_LAYOUTS = {1: "mono", 2: "stereo", 6: "5.1"}
VIDEO_CODEC = "libx264" if "libx264" in av.codecs_available else "mpeg4"
MP3_CODEC = "libmp3lame" if "libmp3lame" in av.codecs_available else "mp3"


def tone(freq_hz: float, amplitude: float = 0.5) -> Callable[[np.ndarray], np.ndarray]:
    """A sine at ``freq_hz`` (the same on every channel)."""
    return lambda t: amplitude * np.sin(2 * np.pi * freq_hz * t)


def _render(audio: AudioSource, n: int, rate: int, channels: int) -> np.ndarray:
    """``(channels, n)`` float32 for ``n`` samples at ``rate``."""
    if callable(audio):
        data = np.asarray(audio(np.arange(n) / rate), dtype=np.float32)
    else:
        data = np.asarray(audio, dtype=np.float32)
    if data.ndim == 1:
        data = np.broadcast_to(data, (channels, data.shape[0]))
    if data.shape[0] != channels:
        raise ValueError(f"audio has {data.shape[0]} channels, expected {channels}")
    return np.ascontiguousarray(
        data[:, :n] if data.shape[1] >= n else np.pad(data, ((0, 0), (0, n - data.shape[1])))
    )


def _add_audio_stream(container, codec: str, rate: int, channels: int, language: str | None, title=None):
    stream = container.add_stream(codec, rate=rate, layout=_LAYOUTS[channels])
    if language:
        stream.metadata["language"] = language
    if title:
        stream.metadata["title"] = title
    return stream


def _audio_frames(data: np.ndarray, rate: int, channels: int, chunk: int = 4096):
    """Yield ``fltp`` frames of ``chunk`` samples with pts in ``1/rate``."""
    for start in range(0, data.shape[1], chunk):
        part = np.ascontiguousarray(data[:, start : start + chunk])
        frame = av.AudioFrame.from_ndarray(part, format="fltp", layout=_LAYOUTS[channels])
        frame.sample_rate = rate
        frame.pts = start
        frame.time_base = Fraction(1, rate)
        yield frame


def make_video(
    path: str | os.PathLike,
    duration_s: float,
    *,
    fps: Fraction | int = Fraction(25),
    audio: AudioSource | Sequence[AudioSource] | None = None,
    audio_rate: int = 48000,
    channels: int = 2,
    codec: str = "aac",
    video: bool = True,
    audio_tracks: int = 1,
    language: str | Sequence[str | None] | None = None,
    size: tuple[int, int] = (64, 48),
    container_format: str | None = None,
    options: dict[str, str] | None = None,
    timecode: str | None = None,
    frame_times_s: Sequence[float] | None = None,
) -> str:
    """Write a small H.264 (or MPEG-4) + AAC file; ``audio_tracks=0`` makes it silent-free.

    ``audio`` may be one source for every track or a list, one per track (default: a
    440 Hz tone). ``language`` likewise. ``frame_times_s`` gives explicit (variable)
    video frame times instead of a constant ``fps``. ``options`` go to the muxer
    (``{"movflags": "faststart"}`` puts the moov atom first).
    """
    fps = Fraction(fps)
    path = os.fspath(path)
    sources = list(audio) if isinstance(audio, list | tuple) else [audio] * audio_tracks
    languages = list(language) if isinstance(language, list | tuple) else [language] * audio_tracks
    with av.open(path, "w", format=container_format, options=options or {}) as out:
        vstream = None
        if video:
            vstream = out.add_stream(VIDEO_CODEC, rate=fps)
            vstream.width, vstream.height = size
            vstream.pix_fmt = "yuv420p"
            if frame_times_s is not None:
                vstream.codec_context.time_base = Fraction(1, 90000)
                vstream.time_base = Fraction(1, 90000)
            if timecode:
                vstream.metadata["timecode"] = timecode
        astreams = [
            _add_audio_stream(out, codec, audio_rate, channels, languages[i]) for i in range(audio_tracks)
        ]

        n = int(round(duration_s * audio_rate))
        audio_data = [
            _render(sources[i] if sources[i] is not None else tone(440 + 220 * i), n, audio_rate, channels)
            for i in range(audio_tracks)
        ]
        # Interleave: write audio and video in 1 s slices so the file is a normal one.
        frames_video = []
        if vstream is not None:
            if frame_times_s is None:
                count = int(round(duration_s * fps))
                frames_video = [(i, i / fps) for i in range(count)]
            else:
                frames_video = [(round(t * 90000), t) for t in frame_times_s]
        audio_iters = [_audio_frames(d, audio_rate, channels) for d in audio_data]
        pending_audio = [next(it, None) for it in audio_iters]
        for idx, (pts, t) in enumerate(frames_video + [(None, float("inf"))]):
            for k, stream in enumerate(astreams):
                while pending_audio[k] is not None and pending_audio[k].pts / audio_rate <= t:
                    for packet in stream.encode(pending_audio[k]):
                        out.mux(packet)
                    pending_audio[k] = next(audio_iters[k], None)
            if pts is None:
                break
            img = np.full((size[1], size[0], 3), (idx * 7) % 256, dtype=np.uint8)
            frame = av.VideoFrame.from_ndarray(img, format="rgb24")
            frame.pts = pts
            for packet in vstream.encode(frame):
                out.mux(packet)
        for stream in [*astreams, *([vstream] if vstream is not None else [])]:
            for packet in stream.encode(None):
                out.mux(packet)
    return path


def make_audio_file(
    path: str | os.PathLike,
    samples: AudioSource,
    rate: int,
    codec: str | None = None,
    *,
    duration_s: float | None = None,
    channels: int = 1,
    container_format: str | None = None,
    drop_s: tuple[float, float] | None = None,
) -> str:
    """Write an audio-only file; the codec follows the suffix unless given.

    ``.wav`` → pcm_s16le, ``.mp3`` → libmp3lame/mp3, ``.flac`` → flac, ``.m4a`` → aac,
    ``.aac`` → ADTS AAC, ``.ts`` → AAC in MPEG-TS. ``drop_s=(a, b)`` leaves out the
    packets whose time is in ``[a, b)``: a hole in the timestamps (lost packets).
    """
    path = os.fspath(path)
    suffix = os.path.splitext(path)[1].lower()
    if codec is None:
        codec = {
            ".wav": "pcm_s16le",
            ".mp3": MP3_CODEC,
            ".flac": "flac",
            ".m4a": "aac",
            ".aac": "aac",
            ".ts": "aac",
            ".mka": "flac",
        }[suffix]
    if container_format is None:
        container_format = {".m4a": "ipod", ".aac": "adts", ".ts": "mpegts"}.get(suffix)
    if callable(samples):
        if duration_s is None:
            raise ValueError("duration_s is needed when samples is a callable")
        n = int(round(duration_s * rate))
    else:
        n = np.asarray(samples).shape[-1]
    data = _render(samples, n, rate, channels)

    def keep(packet) -> bool:
        if drop_s is None or packet.pts is None:
            return True
        t = float(packet.pts * packet.time_base)
        return not drop_s[0] <= t < drop_s[1]

    with av.open(path, "w", format=container_format) as out:
        stream = out.add_stream(codec, rate=rate, layout=_LAYOUTS[channels])
        for frame in [*_audio_frames(data, rate, channels), None]:
            for packet in stream.encode(frame):
                if keep(packet):
                    out.mux(packet)
    return path


def make_wav_header_only(
    path: str | os.PathLike, *, format_tag: int = 1, rate: int = 16000, data: bytes = b""
) -> str:
    """A hand-written RIFF/WAVE file: ``format_tag`` 1 is PCM; others make unknown codecs."""
    import struct

    channels, bits = 1, 16
    block = channels * bits // 8
    fmt = struct.pack("<HHIIHH", format_tag, channels, rate, rate * block, block, bits)
    body = (
        b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(data)) + data
    )
    with open(path, "wb") as fh:
        fh.write(b"RIFF" + struct.pack("<I", len(body)) + body)
    return os.fspath(path)


def corrupt_middle(path: str | os.PathLike, nbytes: int = 4096, *, seed: int = 0, at: float = 0.5) -> None:
    """Overwrite ``nbytes`` at ``at`` (fraction of the size) with random bytes."""
    size = os.path.getsize(path)
    offset = int(size * at)
    rng = np.random.default_rng(seed)
    with open(path, "r+b") as fh:
        fh.seek(offset)
        fh.write(rng.integers(0, 256, nbytes, dtype=np.uint8).tobytes())


def truncate(path: str | os.PathLike, fraction: float) -> None:
    """Cut the file to ``fraction`` of its bytes (an interrupted copy)."""
    size = os.path.getsize(path)
    with open(path, "r+b") as fh:
        fh.truncate(int(size * fraction))
