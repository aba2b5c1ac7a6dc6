"""Small helpers shared by the reliability tests (and scripts/reliability_long.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[2]


def proc_status_kb(field: str = "VmRSS", pid: int | str = "self") -> int:
    """A memory figure of a process from /proc/<pid>/status in KiB (Linux); 0 where there is none."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return 0
    return 0


def files_under(folder: Path) -> list[str]:
    """Every file below ``folder``, relative, sorted (hidden temporary files included)."""
    folder = Path(folder)
    if not folder.exists():
        return []
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def temp_leftovers(folder: Path) -> list[str]:
    """Temporary files an atomic write could leave: '.<name>.<pid>.<random>.tmp'."""
    return [n for n in files_under(folder) if Path(n).name.startswith(".") and n.endswith(".tmp")]


def running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def make_long_audio(path: str | os.PathLike, duration_s: float, *, burst_every_s: float = 1800.0) -> str:
    """A long, cheap, mostly silent mono 16 kHz AAC file (.m4a) with 3 s of applause
    every ``burst_every_s``: two 60 s patterns are encoded once and their packets
    repeated with shifted timestamps, so three hours take seconds, not minutes."""
    from fractions import Fraction

    import av
    import numpy as np

    from tests.rig import signals

    rate, block = 16000, 60
    rng = np.random.default_rng(0)
    quiet = (rng.normal(0, 1e-4, rate * block)).astype(np.float32)
    loud = quiet.copy()
    loud[rate * 30 : rate * 33] = signals.applause(3.0, 7)  # what the tiny model calls Applause

    def encode(samples):
        codec = av.CodecContext.create("aac", "w")
        codec.sample_rate, codec.layout, codec.format = rate, "mono", "fltp"
        codec.bit_rate = 24_000
        codec.time_base = Fraction(1, rate)
        packets = []
        for start in range(0, len(samples), 1024):
            frame = av.AudioFrame.from_ndarray(
                samples[None, start : start + 1024], format="fltp", layout="mono"
            )
            frame.sample_rate, frame.pts, frame.time_base = rate, start, Fraction(1, rate)
            packets.extend(codec.encode(frame))
        packets.extend(codec.encode(None))
        return codec, [(bytes(p), p.pts, p.duration or 1024) for p in packets]

    codec, quiet_packets = encode(quiet)
    _, loud_packets = encode(loud)
    blocks = int(round(duration_s / block))
    every = max(1, int(round(burst_every_s / block)))
    with av.open(os.fspath(path), "w", format="ipod") as out:
        stream = out.add_stream("aac", rate=rate, layout="mono")
        stream.codec_context.extradata = codec.extradata
        stream.time_base = Fraction(1, rate)
        pts = 0
        for b in range(blocks):
            for data, _pts, dur in loud_packets if b % every == every // 2 else quiet_packets:
                packet = av.Packet(data)
                packet.pts = packet.dts = pts
                packet.duration = dur
                packet.time_base = Fraction(1, rate)
                packet.stream = stream
                out.mux(packet)
                pts += dur
    return os.fspath(path)


def make_batch(folder: Path, count: int) -> list[Path]:
    """Short files as a day of recording makes them: phone videos and voice memos, 1 s each."""
    from tests.media import gen

    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(count):
        tone = gen.tone(200 + 37 * i, 0.3)
        if i % 2:
            out.append(Path(gen.make_video(folder / f"clip {i:03d}.mp4", 1.0, audio=tone)))
        else:
            out.append(Path(gen.make_audio_file(folder / f"memo {i:03d}.wav", tone, 16000, duration_s=1.0)))
    return out


def batch_rss(folder: Path, out: Path, extra: list[str] | None = None) -> tuple[int, list[int]]:
    """One ``cutmark process --vad-only`` over ``folder`` in this process: its exit code and
    VmRSS (KiB) after each file."""
    import contextlib
    import io

    from desktop_app.cli.main import main
    from desktop_app.cli.progress_view import ProgressView

    rss: list[int] = []
    real = ProgressView.event

    def event(self, kind, **fields):
        if kind in ("done", "error"):
            rss.append(proc_status_kb("VmRSS"))
        real(self, kind, **fields)

    ProgressView.event = event
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            rc = main(["process", str(folder), "--vad-only", "--out", str(out), *(extra or [])])
    finally:
        ProgressView.event = real
    return rc, rss


def long_file_memory(media: Path, out: Path, *, model: Path | None = None) -> dict:
    """``cutmark process`` on ``media`` in a fresh process; its peak memory (tests/reliability/memory_probe.py)."""
    extra = ["--model", str(model), "--device", "cpu"] if model else []
    proc = subprocess.run(
        [sys.executable, "-m", "tests.reliability.memory_probe", str(media), str(out), *extra],
        cwd=_ROOT,
        env={**os.environ, "PYTHONPATH": str(_ROOT)},
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def memory_bound_kb(duration_s: float) -> int:
    """One copy of the 16 kHz float32 samples, 20 % slack, and 64 MiB for everything else."""
    one_copy_kb = duration_s * 16000 * 4 / 1024
    return int(1.2 * one_copy_kb + 64 * 1024)
