"""Child process: run ``cutmark process`` on one file and report its memory as JSON.

    python -m tests.reliability.memory_probe MEDIA OUT_DIR [--model DIR]

A warm-up run on a 1 s file first loads everything that is loaded once per process
(silero-vad, funasr, torch's kernels); then the peak-RSS counter is reset
(``/proc/self/clear_refs``), and the real run's peak is measured against the RSS
before it. Prints one JSON object: baseline_kb, peak_kb, growth_kb, seconds, rc.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
import tempfile
import time
from pathlib import Path

from tests.reliability.helpers import proc_status_kb


def _reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def main(argv: list[str]) -> int:
    from desktop_app.cli.main import main as cutmark
    from tests.media.gen import make_audio_file, tone

    media, out = argv[0], argv[1]
    extra = argv[2:] or ["--vad-only"]
    with tempfile.TemporaryDirectory() as tmp:
        warm = make_audio_file(Path(tmp) / "warm.wav", tone(300, 0.3), 16000, duration_s=1.0)
        with contextlib.redirect_stderr(io.StringIO()):
            cutmark(["process", warm, "--out", tmp, "--no-cache", *extra])
    reset = _reset_peak()
    baseline = proc_status_kb("VmRSS")
    t0 = time.perf_counter()
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        rc = cutmark(["process", media, "--out", out, "--no-cache", "--overwrite", *extra])
    seconds = time.perf_counter() - t0
    peak = proc_status_kb("VmHWM")
    print(
        json.dumps(
            {
                "baseline_kb": baseline,
                "peak_kb": peak,
                "growth_kb": peak - baseline,
                "peak_reset": reset,
                "seconds": round(seconds, 2),
                "rc": rc,
                "stderr": err.getvalue()[-2000:],
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
