"""Write a video from generated frames and mono audio (the demo video).

Written under a temporary name beside the target and renamed when complete, so a
cancel or a full disk leaves no half-written file.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Generator, Iterable
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from desktop_app.core.errors import OutputError, OutputExistsError
from desktop_app.core.progress import NEVER_CANCELLED, CancelToken, Progress

STAGE = "video"


def write_video(
    out_path: str | os.PathLike,
    frames: Iterable[np.ndarray],
    n_frames: int,
    fps: int,
    audio: np.ndarray,
    sample_rate: int,
    *,
    overwrite: bool = False,
    cancel: CancelToken = NEVER_CANCELLED,
) -> Generator[Progress, None, Path]:
    """Encode ``n_frames`` RGB frames (H.264, else MPEG-4) and mono float audio (AAC) to MP4."""
    target = Path(out_path)
    if target.exists() and not overwrite:
        raise OutputExistsError(f"{target} already exists.", path=str(target))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(
            prefix=f".{target.stem}.", suffix=f".part{target.suffix}", dir=target.parent
        )
        os.close(fd)
    except OSError as err:
        raise OutputError(
            f"cannot write in {target.parent}: {err.strerror or err}.", path=str(target)
        ) from err
    tmp = Path(name)
    done = False
    try:
        with av.open(str(tmp), "w", format="mp4") as out:
            yield from _encode(out, frames, n_frames, fps, audio, sample_rate, cancel)
            yield Progress(STAGE, n_frames, n_frames, "frames", "finishing")
        with contextlib.suppress(OSError):  # mkstemp makes it private; a video is an ordinary file
            os.chmod(tmp, 0o644)
        os.replace(tmp, target)
        done = True
    except OSError as err:
        raise OutputError(f"cannot write {target}: {err.strerror or err}.", path=str(target)) from err
    finally:
        if not done:
            with contextlib.suppress(OSError):
                tmp.unlink()
    return target


def _encode(out, frames, n_frames, fps, audio, sample_rate, cancel) -> Generator[Progress, None, None]:
    codec = "libx264" if "libx264" in av.codecs_available else "mpeg4"
    video = None
    for i, picture in enumerate(frames):
        cancel.raise_if_cancelled()
        if video is None:
            x264 = {"crf": "28", "preset": "veryfast"} if codec == "libx264" else {}
            video = out.add_stream(codec, rate=fps, options=x264)
            video.height, video.width = picture.shape[:2]
            video.pix_fmt = "yuv420p"
            sound = out.add_stream("aac", rate=sample_rate, layout="mono")
        frame = av.VideoFrame.from_ndarray(picture, format="rgb24")
        frame.pts, frame.time_base = i, Fraction(1, fps)
        for packet in video.encode(frame):
            out.mux(packet)
        if i % fps == 0:
            yield Progress(STAGE, i, n_frames, "frames", "encoding")
    if video is None:
        raise ValueError("write_video needs at least one frame")
    for packet in video.encode():
        out.mux(packet)
    samples = np.ascontiguousarray(audio, dtype=np.float32)
    for start in range(0, len(samples), 1024):
        chunk = samples[start : start + 1024].reshape(1, -1)
        af = av.AudioFrame.from_ndarray(chunk, format="flt", layout="mono")
        af.sample_rate, af.pts, af.time_base = sample_rate, start, Fraction(1, sample_rate)
        for packet in sound.encode(af):
            out.mux(packet)
    for packet in sound.encode():
        out.mux(packet)
