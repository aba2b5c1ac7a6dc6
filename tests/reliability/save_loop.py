"""Child process for the kill-during-save tests: save one big project to the same path
again and again, printing ``saved N`` after each, until killed.

    python -m tests.reliability.save_loop PATH [SEGMENTS]

``CUTMARK_SLOW_FSYNC_S`` makes every fsync that much slower (a slow USB disk), so that
a kill often lands while the temporary file is being written.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from desktop_app.core.model import SPEECH, Analysis, AudioTrack, MediaInfo, ModelRef, Segment
from desktop_app.project import atomic
from desktop_app.project.schema import Project
from desktop_app.project.store import load_project, save_project
from tests.reliability.helpers import temp_leftovers

_ROOT = Path(__file__).resolve().parents[2]
_SLOW_FSYNC_S = 0.15  # a slow disk, so that kills land inside the write as well as around it


def big_project(segments: int, generation: int) -> Project:
    """About 300 bytes of JSON per segment; ``generation`` is in every text, so each save differs."""
    duration = 3 * 3600 * 1000
    step = max(1, duration // max(1, segments))
    segs = tuple(
        Segment(i * step, (i + 1) * step, SPEECH, f"generation {generation} segment {i} «text» <&>", "en")
        for i in range(segments)
    )
    media = MediaInfo(
        path="/videos/long show «1».mp4",
        size_bytes=1,
        format_name="mov,mp4,m4a,3gp,3g2,mj2",
        duration_ms=duration,
        audio_tracks=(AudioTrack(0, 1, "aac", 2, 48_000),),
    )
    analysis = Analysis(media, "b2s1:" + "0" * 64, 0, ModelRef("vad-only", "cpu"), segs, (), {})
    return Project(analysis, edits={"generation": generation})


def main(argv: list[str]) -> int:
    path = argv[0]
    segments = int(argv[1]) if len(argv) > 1 else 20_000
    slow = float(os.environ.get("CUTMARK_SLOW_FSYNC_S", "0") or 0)
    if slow:
        real_fsync = atomic.os.fsync

        def slow_fsync(fd):
            time.sleep(slow)
            real_fsync(fd)

        atomic.os.fsync = slow_fsync
    generation = 0
    while True:
        generation += 1
        save_project(big_project(segments, generation), path, overwrite=True)
        print(f"saved {generation}", flush=True)


def kill_during_saves(
    path: Path, kills: int, *, segments: int = 5000, seed: int = 0, slow_fsync_s: float = _SLOW_FSYNC_S
) -> dict:
    """Start a child that saves ``path`` over and over; SIGKILL it at a random moment,
    ``kills`` times. After each kill the project must load. Returns what was seen."""
    rng = random.Random(seed)
    seen = {"kills": 0, "loads": 0, "killed_mid_write": 0, "max_leftovers": 0, "generations": []}
    env = {**os.environ, "PYTHONPATH": str(_ROOT), "CUTMARK__SLOW_FSYNC_S": str(slow_fsync_s)}
    for _ in range(kills):
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.reliability.save_loop", str(path), str(segments)],
            cwd=_ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert child.stdout.readline().startswith("saved"), "the child never saved"
            t0 = time.monotonic()
            assert child.stdout.readline().startswith("saved")
            one_save = time.monotonic() - t0
            time.sleep(rng.uniform(0.0, 2.0 * one_save))
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait()
            child.stdout.close()
        seen["kills"] += 1
        leftovers = temp_leftovers(path.parent)
        seen["killed_mid_write"] += bool(leftovers)
        seen["max_leftovers"] = max(seen["max_leftovers"], len(leftovers))
        project = load_project(path)  # the previous complete file, or the new complete one
        seen["loads"] += 1
        seen["generations"].append(project.edits["generation"])
    return seen


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
