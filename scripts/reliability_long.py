#!/usr/bin/env python3
"""The long reliability runs at their full counts; prints one JSON object.

    python scripts/reliability_long.py                 # everything
    python scripts/reliability_long.py --only batch,long-file --out report.json

- ``batch``: 200 one-second files through ``cutmark process --vad-only`` in one
  process; VmRSS after each; growth from file 20 to file 200 must stay <= 10 %.
- ``long-file``: a 3-hour, mostly silent AAC file with applause every 30 minutes,
  analysed with the tiny model in a fresh process; the peak RSS growth must stay within
  one copy of the 16 kHz samples (+20 % and 64 MiB), and every burst must be marked.
- ``player``: tests/ui/test_player.py with 500 open/play/close cycles.
- ``window``: tests/reliability/test_player_switch.py with 50 file switches while playing.
- ``kills``: 50 SIGKILLs of a process saving a big project; the project must load
  after each, and at most one temporary file may be left at any time.

CI runs the same checks at small counts (tests/reliability/). The exit status is 0
when every check passed. See docs/RELIABILITY.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

CHECKS = ("batch", "long-file", "player", "window", "kills")


def _isolated(tmp: Path) -> None:
    os.environ["CUTMARK_CACHE_DIR"] = str(tmp / "cache")
    os.environ["CUTMARK_MODELS_DIR"] = str(tmp / "models")


def check_batch(tmp: Path, files: int) -> dict:
    from tests.reliability.helpers import batch_rss, make_batch

    t0 = time.perf_counter()
    make_batch(tmp / "batch", files)
    made = time.perf_counter() - t0
    t0 = time.perf_counter()
    rc, rss = batch_rss(tmp / "batch", tmp / "batch-out")
    first = max(0, min(19, files - 1))  # file 20
    growth = (max(rss[first:]) - rss[first]) / rss[first] if rss else None
    return {
        "files": files,
        "rc": rc,
        "generate_s": round(made, 1),
        "process_s": round(time.perf_counter() - t0, 1),
        "rss_kb_file_1": rss[0] if rss else None,
        "rss_kb_file_20": rss[first] if rss else None,
        "rss_kb_last": rss[-1] if rss else None,
        "rss_kb_max_after_20": max(rss[first:]) if rss else None,
        "growth_from_file_20": round(growth, 4) if growth is not None else None,
        "limit": 0.10,
        "passed": rc == 0 and len(rss) == files and growth is not None and growth <= 0.10,
    }


def check_long_file(tmp: Path, hours: float) -> dict:
    from tests.reliability.helpers import long_file_memory, make_long_audio, memory_bound_kb

    seconds = hours * 3600
    t0 = time.perf_counter()
    media = Path(make_long_audio(tmp / "three hours.m4a", seconds))
    made = time.perf_counter() - t0
    report = long_file_memory(media, tmp / "long-out", model=ROOT / "tests" / "assets" / "tiny_sensevoice")
    from desktop_app.project.store import load_project

    analysis = load_project(tmp / "long-out" / "three hours.cutmark.json").analysis
    events = [m for m in analysis.markers if m.kind == "event"]
    expected_bursts = int(round(seconds / 1800))
    bound = memory_bound_kb(seconds)
    samples_kb = int(seconds * 16000 * 4 / 1024)
    return {
        "hours": hours,
        "file_mb": round(media.stat().st_size / 2**20, 1),
        "generate_s": round(made, 1),
        "process_s": report["seconds"],
        "rc": report["rc"],
        "samples_kb": samples_kb,
        "peak_growth_kb": report["growth_kb"],
        "peak_growth_in_copies": round(report["growth_kb"] / samples_kb, 2),
        "bound_kb": bound,
        "event_markers": len(events),
        "expected_bursts": expected_bursts,
        "passed": report["rc"] == 0 and report["growth_kb"] <= bound and len(events) >= expected_bursts,
    }


def _pytest(args: list[str], env: dict[str, str], timeout: float) -> dict:
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return {
        "seconds": round(time.perf_counter() - t0, 1),
        "rc": proc.returncode,
        "summary": (proc.stdout.strip().splitlines() or [""])[-1],
        "passed": proc.returncode == 0,
    }


def check_player(cycles: int) -> dict:
    env = {"CUTMARK_PLAYER_CYCLES": str(cycles)}
    out = _pytest(["tests/ui/test_player.py", "-k", "cycles", "--timeout", "1200"], env, 1500)
    return {"cycles": cycles, **out}


def check_window(switches: int) -> dict:
    env = {"CUTMARK_WINDOW_SWITCHES": str(switches)}
    out = _pytest(["tests/reliability/test_player_switch.py", "--timeout", "1200"], env, 1500)
    return {"switches": switches, **out}


def check_kills(tmp: Path, kills: int) -> dict:
    from desktop_app.project.store import save_project
    from tests.reliability.helpers import temp_leftovers
    from tests.reliability.save_loop import big_project, kill_during_saves

    folder = tmp / "kills"
    folder.mkdir()
    path = folder / "big show.cutmark.json"
    save_project(big_project(100, 0), path)
    t0 = time.perf_counter()
    seen = kill_during_saves(path, kills, seed=1)
    save_project(big_project(10, 1), path)
    left = temp_leftovers(folder)
    return {
        "kills": seen["kills"],
        "loads_ok": seen["loads"],
        "killed_inside_a_write": seen["killed_mid_write"],
        "max_temp_files_at_once": seen["max_leftovers"],
        "temp_files_after_next_save": len(left),
        "seconds": round(time.perf_counter() - t0, 1),
        "passed": seen["loads"] == kills and seen["max_leftovers"] <= 1 and not left,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help=f"comma-separated subset of: {', '.join(CHECKS)}")
    parser.add_argument("--files", type=int, default=200, help="batch size (default 200)")
    parser.add_argument("--hours", type=float, default=3.0, help="long file length (default 3)")
    parser.add_argument("--cycles", type=int, default=500, help="player cycles (default 500)")
    parser.add_argument("--switches", type=int, default=50, help="window file switches (default 50)")
    parser.add_argument("--kills", type=int, default=50, help="kills during a save (default 50)")
    parser.add_argument("--out", type=Path, help="also write the JSON here")
    args = parser.parse_args()
    chosen = [c.strip() for c in (args.only or ",".join(CHECKS)).split(",") if c.strip()]
    unknown = set(chosen) - set(CHECKS)
    if unknown:
        parser.error(f"unknown check(s): {', '.join(sorted(unknown))}")

    report: dict = {"python": sys.version.split()[0], "cpus": os.cpu_count(), "checks": {}}
    with tempfile.TemporaryDirectory(prefix="cutmark-reliability-") as tmp_name:
        tmp = Path(tmp_name)
        _isolated(tmp)
        runs = {
            "batch": lambda: check_batch(tmp, args.files),
            "long-file": lambda: check_long_file(tmp, args.hours),
            "player": lambda: check_player(args.cycles),
            "window": lambda: check_window(args.switches),
            "kills": lambda: check_kills(tmp, args.kills),
        }
        for name in chosen:
            t0 = time.perf_counter()
            try:
                result = runs[name]()
            except Exception as exc:  # noqa: BLE001 - one broken check must not hide the others
                result = {"passed": False, "error": f"{type(exc).__name__}: {exc}"}
            result["wall_s"] = round(time.perf_counter() - t0, 1)
            report["checks"][name] = result
            print(
                f"{name}: {'passed' if result.get('passed') else 'FAILED'} ({result['wall_s']} s)",
                file=sys.stderr,
            )
    report["passed"] = all(r.get("passed") for r in report["checks"].values())
    text = json.dumps(report, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0 if report["passed"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
