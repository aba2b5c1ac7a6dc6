"""The same cut rendered through moviepy (FFmpeg subprocesses and numpy frames).

Offered for compositing: captions are laid over the cut as image clips (drawn by
:mod:`desktop_app.media.captions`, so both renderers look alike), and each join gets a
short audio fade (moviepy's ``AudioFadeIn``/``AudioFadeOut``). The kept ranges are put
on the frame grid exactly as in :mod:`desktop_app.media.render`. moviepy runs on a
worker thread; this generator relays its progress and stops it on cancel (its
progress logger raises :class:`Cancelled` inside moviepy's frame loop). Output goes to
a temporary file that is renamed into place only when complete.

Known limits (moviepy 2.2): it hands FFmpeg the frame rate as ``%.2f`` (29.97 becomes
2997/100, not 30000/1001), decodes every frame to RGB in Python, and writes the sound
to a temporary file first. ``benchmarks/bench_render.py`` measures it against PyAV.
"""

from __future__ import annotations

import contextlib
import gc
import os
import queue
import threading
from collections.abc import Generator, Sequence
from fractions import Fraction
from pathlib import Path

from desktop_app.core.errors import Cancelled, OutputError
from desktop_app.core.progress import NEVER_CANCELLED, CancelToken, Progress
from desktop_app.media.captions import render_caption
from desktop_app.media.render import (
    STAGE,
    RenderError,
    RenderOptions,
    _frame_at,
    _source_and_target,
    _temp_path,
    plan_pieces,
)


def render_cut_moviepy(
    source: str | os.PathLike,
    keep_ms: Sequence[tuple[int, int]],
    out_path: str | os.PathLike,
    options: RenderOptions | None = None,
    cancel: CancelToken = NEVER_CANCELLED,
) -> Generator[Progress, None, Path]:
    """Render the kept ranges of ``source`` to ``out_path`` with moviepy (see the module docstring)."""
    opts = options or RenderOptions()
    path, target, info = _source_and_target(source, out_path, opts)
    if info.video is None:
        raise RenderError(
            "the moviepy renderer needs a video track; use the PyAV renderer for audio-only media"
        )
    cfr = bool(info.video.fps) and not info.video.variable_frame_rate
    fps = Fraction(info.video.fps) if cfr else None
    total_frames = _frame_at(Fraction(info.duration_ms) * fps / 1000) if fps else None
    pieces = plan_pieces(keep_ms, fps=fps, total_frames=total_frames)
    if not pieces:
        raise RenderError("the cut keeps nothing: there is nothing to render")
    total_ms = float((pieces[-1].out_start + pieces[-1].duration) * 1000)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = _temp_path(target)
    except OSError as err:
        raise OutputError(
            f"cannot write in {target.parent}: {err.strerror or err}", path=str(target)
        ) from err
    events: queue.Queue = queue.Queue()
    stop = threading.Event()  # set when this generator is closed or fails: the worker stops too
    worker = threading.Thread(
        target=_work,
        args=(
            path,
            pieces,
            tmp,
            opts,
            info,
            fps,
            lambda: cancel.cancelled or stop.is_set(),
            events,
            total_ms,
        ),
        name="cutmark-moviepy",
        daemon=True,
    )
    done = False
    try:
        yield Progress(STAGE, 0, total_ms, "ms", "starting")
        worker.start()
        while True:
            kind, value = events.get()
            if kind == "progress":
                yield Progress(STAGE, min(value, total_ms), total_ms, "ms")
            elif kind == "error":
                raise value
            else:
                break
        os.replace(tmp, target)
        done = True
    finally:
        if worker.is_alive():
            stop.set()
            worker.join()
        if not done:
            with contextlib.suppress(OSError):
                tmp.unlink()
    yield Progress(STAGE, total_ms, total_ms, "ms", "done")
    return target


def _work(path, pieces, tmp: Path, opts: RenderOptions, info, fps, stopped, events, total_ms) -> None:
    audio_tmp = tmp.with_name(tmp.stem + ".audio.m4a")
    try:
        import proglog
        from moviepy import CompositeVideoClip, ImageClip, VideoFileClip, afx, concatenate_videoclips

        class Bridge(proglog.ProgressBarLogger):
            def bars_callback(self, bar, attr, value, old_value=None):
                if stopped():
                    raise Cancelled("Cancelled by the user.")
                if bar == "frame_index" and attr == "index":
                    events.put(("progress", value * 1000 / rate))

        rate = float(fps) if fps else float(info.video.fps or 30)
        fade = opts.fade_ms / 1000
        with VideoFileClip(path, audio=True) as source:
            parts = []
            for k, p in enumerate(pieces):
                clip = source.subclipped(float(p.src_start), float(p.src_end))
                if clip.audio is not None and fade > 0:
                    effects = []
                    if k > 0:
                        effects.append(afx.AudioFadeIn(fade))
                    if k < len(pieces) - 1:
                        effects.append(afx.AudioFadeOut(fade))
                    clip = clip.with_effects(effects)
                parts.append(clip)
            # moviepy writes int(duration * fps) frames; the float sum of the parts can fall a hair
            # short of the last frame, so the exact length (plus a microsecond) is set here
            video = concatenate_videoclips(parts, method="chain").with_duration(total_ms / 1000 + 1e-6)
            if opts.captions:
                width, height = video.size
                layers = [video]
                for cap in opts.captions:
                    if cap.end_ms <= cap.start_ms or not cap.text.strip():
                        continue
                    rgba, top = render_caption(cap.text, width, height, opts.font_path)
                    image = ImageClip(rgba[:, :, :3]).with_mask(
                        ImageClip(rgba[:, :, 3] / 255.0, is_mask=True)
                    )
                    layers.append(
                        image.with_start(cap.start_ms / 1000)
                        .with_duration((cap.end_ms - cap.start_ms) / 1000)
                        .with_position((0, top))
                    )
                video = CompositeVideoClip(layers, size=(width, height)).with_duration(total_ms / 1000 + 1e-6)
            audio_rate = info.audio_tracks[0].sample_rate if info.audio_tracks else 48000
            video.write_videofile(
                str(tmp),
                fps=rate,
                codec="libx264",
                preset=opts.preset,
                ffmpeg_params=["-crf", str(opts.crf), "-pix_fmt", "yuv420p"],
                audio=video.audio is not None,
                audio_codec="aac",
                audio_fps=audio_rate,
                audio_bitrate=f"{opts.audio_bitrate // 1000}k",
                temp_audiofile=str(audio_tmp),
                remove_temp=True,
                logger=Bridge(),
            )
    except BaseException as err:  # relayed to the generator, which raises it
        if isinstance(err, OSError):
            failure = OutputError(f"moviepy could not write {tmp.name}: {err}", path=str(tmp))
        elif isinstance(err, Cancelled):
            failure = Cancelled(err.message)
        elif isinstance(err, RenderError):
            failure = RenderError(err.message)
        else:
            failure = RenderError(f"moviepy failed: {type(err).__name__}: {err}")
    else:
        failure = None
    # On an error moviepy leaves its audio writer's FFmpeg process running (it is only closed
    # when collected): collect it, which waits for FFmpeg, before removing the files it writes.
    gc.collect()
    with contextlib.suppress(OSError):
        audio_tmp.unlink()
    events.put(("error", failure) if failure is not None else ("done", None))
