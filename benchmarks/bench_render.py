"""Render the same jump cut of a 10-minute video with PyAV and with moviepy, and time both.

    python benchmarks/bench_render.py                    # 10 minutes, 1280x720, 25 fps
    python benchmarks/bench_render.py --minutes 2 --width 640 --height 360

The source (moving picture, stereo AAC) is generated with PyAV into a temporary
folder. The cut is a silence-removal-like plan: kept stretches of 3-12 s, cut gaps of
0.4-3 s (seeded): 79 % kept in 66 ranges for 10 minutes. Each renderer runs in a
fresh child process (``peak_rss_mb`` is its own peak); both use libx264
``veryfast``, CRF 20, AAC 160 kb/s. The output's frame count and duration are checked
against the plan. Prints the JSON and writes it to ``benchmarks/results/render-<timestamp>.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RATE = 48_000


def make_source(path: Path, minutes: float, width: int, height: int, fps: int) -> None:
    """H.264 (ultrafast) + stereo AAC: a moving gradient with a counter stripe, a tone with noise."""
    import av
    import numpy as np

    rng = np.random.default_rng(0)
    frames = int(minutes * 60 * fps)
    x = np.arange(width, dtype=np.int32)[None, :]
    y = np.arange(height, dtype=np.int32)[:, None]
    with av.open(str(path), "w") as out:
        video = out.add_stream("libx264", rate=fps, options={"preset": "ultrafast", "crf": "23"})
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        audio = out.add_stream("aac", rate=RATE, layout="stereo")
        audio.bit_rate = 128_000
        per_frame = RATE // fps
        for i in range(frames):
            img = np.empty((height, width, 3), dtype=np.uint8)
            img[..., 0] = (x + 3 * i) % 256
            img[..., 1] = (y + 2 * i) % 256
            img[..., 2] = (x + y + i) % 256
            img[: height // 10, : (i % width)] = 255
            frame = av.VideoFrame.from_ndarray(img, format="rgb24")
            frame.pts = i
            for packet in video.encode(frame):
                out.mux(packet)
            t = (i * per_frame + np.arange(per_frame)) / RATE
            tone = 0.3 * np.sin(2 * np.pi * 220 * t)
            data = np.stack([tone, tone]) + 0.01 * rng.standard_normal((2, per_frame))
            sound = av.AudioFrame.from_ndarray(data.astype(np.float32), format="fltp", layout="stereo")
            sound.sample_rate, sound.pts, sound.time_base = RATE, i * per_frame, Fraction(1, RATE)
            for packet in audio.encode(sound):
                out.mux(packet)
        for stream in (audio, video):
            for packet in stream.encode(None):
                out.mux(packet)


def make_plan(duration_ms: int, seed: int = 1) -> list[tuple[int, int]]:
    rng = random.Random(seed)
    spans, t = [], rng.randint(0, 2000)
    while t < duration_ms:
        keep = rng.randint(3000, 12000)
        spans.append((t, min(duration_ms, t + keep)))
        t += keep + rng.randint(400, 3000)
    return spans


def render_child(backend: str, source: str, out: str, plan_json: str) -> dict:
    """Run in a fresh process: render and report time, memory and what came out."""
    import av

    from desktop_app.core.progress import drive
    from desktop_app.media.render import RenderOptions, render_cut

    plan = [tuple(span) for span in json.loads(plan_json)]
    if backend == "moviepy":
        from desktop_app.media.render_moviepy import render_cut_moviepy as renderer
    else:
        renderer = render_cut
    baseline_kb = _peak_rss_kb()
    t0 = time.perf_counter()
    drive(renderer(source, plan, out, RenderOptions(overwrite=True)))
    render_s = time.perf_counter() - t0
    peak_kb = max(_peak_rss_kb(), _children_peak_rss_kb())
    with av.open(out) as container:
        stream = container.streams.video[0]
        frames = sum(1 for _ in container.demux(stream) if _.size)
        duration_s = float(stream.duration * stream.time_base) if stream.duration else None
    return {
        "render_s": round(render_s, 2),
        "output_frames": frames,
        "output_video_s": round(duration_s, 3) if duration_s else None,
        "output_mb": round(Path(out).stat().st_size / 2**20, 1),
        "peak_rss_mb": round(peak_kb / 1024, 1),
        "baseline_rss_mb": round(baseline_kb / 1024, 1),
    }


def _peak_rss_kb() -> int:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak


def _children_peak_rss_kb() -> int:
    """moviepy's FFmpeg subprocesses (largest one; Linux reports KiB)."""
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=720)
    parser.add_argument("--fps", type=int, default=25)
    parser.add_argument("--backends", default="pyav,moviepy")
    parser.add_argument(
        "--child", nargs=4, metavar=("BACKEND", "SOURCE", "OUT", "PLAN"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        print(json.dumps(render_child(*args.child)))
        return

    import av

    with tempfile.TemporaryDirectory(prefix="cutmark-bench-") as tmp:
        source = Path(tmp) / "source.mp4"
        t0 = time.perf_counter()
        make_source(source, args.minutes, args.width, args.height, args.fps)
        generate_s = time.perf_counter() - t0
        duration_ms = int(args.minutes * 60_000)
        plan = make_plan(duration_ms)
        kept_ms = sum(b - a for a, b in plan)
        from desktop_app.export.timeline import frame_ranges

        planned_frames = sum(
            c for _, _, c in frame_ranges(plan, Fraction(args.fps), duration_ms * args.fps // 1000)
        )
        result = {
            "source": {
                "minutes": args.minutes,
                "size": f"{args.width}x{args.height}",
                "fps": args.fps,
                "video": "H.264 (ultrafast, CRF 23)",
                "audio": "AAC 128 kb/s 48 kHz stereo",
                "file_mb": round(source.stat().st_size / 2**20, 1),
                "generate_s": round(generate_s, 1),
            },
            "plan": {"ranges": len(plan), "kept_s": kept_ms / 1000, "planned_frames": planned_frames},
            "settings": "libx264 veryfast CRF 20, AAC 160 kb/s",
        }
        for backend in [b.strip() for b in args.backends.split(",") if b.strip()]:
            out = Path(tmp) / f"{backend}.mp4"
            done = subprocess.run(
                [sys.executable, __file__, "--child", backend, str(source), str(out), json.dumps(plan)],
                capture_output=True,
                text=True,
                check=True,
            )
            stats = json.loads(done.stdout.strip().splitlines()[-1])
            stats["x_realtime"] = round(kept_ms / 1000 / stats["render_s"], 2)
            stats["frames_match_plan"] = stats["output_frames"] == planned_frames
            result[backend] = stats
            print(f"{backend}: {stats}", file=sys.stderr)
        timed = [b for b in ("pyav", "moviepy") if b in result]
        if len(timed) == 2:
            fastest = min(timed, key=lambda b: result[b]["render_s"])
            result["faster"] = fastest
            result["speedup"] = round(
                max(result[b]["render_s"] for b in timed) / result[fastest]["render_s"], 2
            )
    from importlib.metadata import version

    result.update(
        pyav_version=av.__version__,
        libavcodec=".".join(str(v) for v in av.library_versions["libavcodec"]),
        moviepy_version=version("moviepy"),
        python=platform.python_version(),
        machine=platform.machine(),
        cpus=len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
    )
    text = json.dumps(result, indent=2)
    print(text)
    results = ROOT / "benchmarks" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / f"render-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
