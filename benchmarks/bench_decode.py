"""Time ``decode_audio_all`` on a generated AAC 48 kHz stereo file.

    python benchmarks/bench_decode.py              # 10 minutes of audio
    python benchmarks/bench_decode.py --minutes 60 # the design's 1-hour bar (~4 s)

The file is written with PyAV into a temporary folder; the decode runs in a fresh
child process so ``peak_rss_mb`` is the decode's own peak. Prints the JSON and writes
it to ``benchmarks/results/decode-<timestamp>.json``.
"""

from __future__ import annotations

import argparse
import json
import platform
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


def make_aac(path: Path, minutes: float) -> None:
    """Stereo AAC in MP4: a slow chirp plus quiet noise, so the encoder has real work."""
    import av
    import numpy as np

    rng = np.random.default_rng(0)
    total = int(minutes * 60 * RATE)
    chunk = RATE * 10
    with av.open(str(path), "w", format="mp4") as out:
        stream = out.add_stream("aac", rate=RATE, layout="stereo")
        stream.bit_rate = 128_000
        for start in range(0, total, chunk):
            n = min(chunk, total - start)
            t = (start + np.arange(n)) / RATE
            left = 0.3 * np.sin(2 * np.pi * (200 + 50 * np.sin(t / 7)) * t)
            right = 0.3 * np.sin(2 * np.pi * 330 * t)
            data = np.stack([left, right]) + 0.02 * rng.standard_normal((2, n))
            frame = av.AudioFrame.from_ndarray(data.astype(np.float32), format="fltp", layout="stereo")
            frame.sample_rate = RATE
            frame.pts = start
            frame.time_base = Fraction(1, RATE)
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)


def decode_child(path: str) -> dict:
    """Run in a fresh process: decode and report time and peak memory."""
    from desktop_app.media import decode_audio_all

    baseline_kb = _peak_rss_kb()  # Python, numpy and PyAV's FFmpeg libraries loaded
    t0 = time.perf_counter()
    audio = decode_audio_all(path)
    decode_s = time.perf_counter() - t0
    audio_s = len(audio.samples) / audio.sample_rate
    peak_kb = _peak_rss_kb()
    return {
        "audio_s": round(audio_s, 3),
        "decode_s": round(decode_s, 3),
        "x_realtime": round(audio_s / decode_s, 1),
        "peak_rss_mb": round(peak_kb / 1024, 1),
        "baseline_rss_mb": round(baseline_kb / 1024, 1),
        "samples_mb": round(audio.samples.nbytes / 2**20, 1),
        "warnings": list(audio.warnings),
    }


def _peak_rss_kb() -> int:
    """This process's peak resident memory in KiB.

    On Linux ``ru_maxrss`` carries the parent's peak across fork + exec, so read the
    memory map's own high-water mark (VmHWM) instead.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS
    return peak // 1024 if sys.platform == "darwin" else peak


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--minutes", type=float, default=10.0, help="length of the generated file")
    parser.add_argument("--decode-child", metavar="FILE", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.decode_child:
        print(json.dumps(decode_child(args.decode_child)))
        return 0

    import av

    with tempfile.TemporaryDirectory(prefix="cutmark-bench-") as tmp:
        path = Path(tmp) / f"bench-{args.minutes:g}min.m4a"
        t0 = time.perf_counter()
        make_aac(path, args.minutes)
        gen_s = time.perf_counter() - t0
        child = subprocess.run(
            [sys.executable, __file__, "--decode-child", str(path)],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        result = json.loads(child.stdout.strip().splitlines()[-1])
        result.update(
            {
                "file": "AAC 128 kb/s, 48 kHz stereo, MP4",
                "file_mb": round(path.stat().st_size / 2**20, 1),
                "generate_s": round(gen_s, 1),
                "pyav": av.__version__,
                "ffmpeg": av.ffmpeg_version_info,
                "python": platform.python_version(),
                "machine": platform.machine(),
                "cpus": _cpu_count(),
            }
        )
    out_dir = ROOT / "benchmarks" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    out = out_dir / f"decode-{stamp}.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    print(f"written to {out}", file=sys.stderr)
    return 0


def _cpu_count() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


if __name__ == "__main__":
    raise SystemExit(main())
