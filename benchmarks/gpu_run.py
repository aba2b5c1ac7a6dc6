"""The GPU run, in one go (about 5-8 minutes on one H100/H200), writing one JSON file.

    .venv/bin/python benchmarks/gpu_run.py                 # on a machine with CUDA
    .venv/bin/python benchmarks/gpu_run.py --cpu-check     # here: the same steps, small, on the CPU

Steps, each with its own time limit, each recorded (a failed step does not stop the others):

1. ``bench_pipeline.py --device cuda --modes fp16,fp32 --minutes 60 --no-reference`` on the
   60-minute show, with batches sized to the GPU's memory (``--max-batch``/``--batch-seconds``,
   which the engine multiplies by ``GPU_BATCH_FACTOR`` on a GPU), and once more in fp16 with
   the engine's default batches. The goal: >= 1000x real time end to end.
2. ``pytest tests/speed/test_cuda.py`` (fp16 against the CPU, OOM fallback, batching).
3. ``cutmark batch --ray local --gpus-per-worker 0.5`` over a generated folder (eight
   5-minute shows): two model workers share the GPU; audio seconds per wall second.

Writes ``benchmarks/results/gpu-run-<stamp>.json`` and, where ``$OUT`` is set (the lab's
device runner), ``$OUT/gpu-run.json`` too. Needs the project's environment with a CUDA
build of torch and ``ray`` (``pip install -e .[cluster]``); nothing is downloaded.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "benchmarks" / "results"
BUDGET_S = 570  # the whole run stays under 10 minutes


def _run(cmd: list[str], timeout_s: float, env: dict | None = None) -> dict:
    """Run ``cmd``; its exit status, wall time and the tail of its output."""
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(
            cmd, cwd=ROOT, capture_output=True, text=True, timeout=max(1.0, timeout_s), env=env
        )
        rc, out, err = proc.returncode, proc.stdout, proc.stderr
    except subprocess.TimeoutExpired as exc:
        rc, out, err = "timeout", _text(exc.stdout), _text(exc.stderr)
    return {"cmd": " ".join(cmd), "rc": rc, "wall_s": round(time.perf_counter() - t0, 1),
            "stdout": out, "stderr_tail": (err or "")[-3000:]}  # fmt: skip


def _text(data) -> str:
    return data.decode(errors="replace") if isinstance(data, bytes) else (data or "")


def gpu_info() -> dict:
    import torch

    if not torch.cuda.is_available():
        return {"cuda": False, "torch": torch.__version__}
    props = torch.cuda.get_device_properties(0)
    return {"cuda": True, "torch": torch.__version__, "cuda_version": torch.version.cuda,
            "name": props.name, "memory_gib": round(props.total_memory / 2**30, 1),
            "count": torch.cuda.device_count()}  # fmt: skip


def gpu_batches(memory_gib: float) -> tuple[int, float]:
    """CPU-side batch bounds for a GPU of ``memory_gib`` (the engine multiplies both by
    GPU_BATCH_FACTOR): ~16 windows and 40 s of padded audio per 10 GiB, at most 8x the
    CPU's. A 15 s window costs the full-size model well under 100 MB in fp16, so even the
    largest batch leaves most of an 80 GB card free; the OOM path halves what does not fit."""
    scale = max(1, min(8, int(memory_gib // 10)))
    return 16 * scale, 40.0 * scale


def step_pipeline(device: str, minutes: float, left_s: float, memory_gib: float) -> dict:
    max_batch, batch_s = gpu_batches(memory_gib)
    runs = {}
    plans = [("sized", "fp16,fp32", ["--max-batch", str(max_batch), "--batch-seconds", str(batch_s)]),
             ("default_batches", "fp16", [])]  # fmt: skip
    if device == "cpu":  # the check: one small run of the same command
        plans = [("sized", "fp32", ["--max-batch", str(max_batch), "--batch-seconds", str(batch_s)])]
    deadline = time.monotonic() + left_s
    for name, modes, extra in plans:
        cmd = [sys.executable, "benchmarks/bench_pipeline.py", "--device", device, "--modes", modes,
               "--minutes", f"{minutes:g}", "--no-reference", "--max-load", "1000", "--max-wait", "0", *extra]  # fmt: skip
        run = _run(cmd, deadline - time.monotonic())
        try:
            result = json.loads(run.pop("stdout"))
        except ValueError:
            result = None
        run["result"] = _pipeline_summary(result) if result else None
        run["full"] = result
        runs[name] = run
    return {"batches": {"max_batch": max_batch, "batch_seconds": batch_s}, "runs": runs}


def _pipeline_summary(result: dict) -> dict:
    out = {}
    for mode, r in result.get("cutmark", {}).items():
        out[mode] = {k: r.get(k) for k in ("precision", "total_s", "audio_s", "x_realtime", "rtf",
                                           "first_segment_s", "decode_done_s", "model_load_s", "batch_limits")}  # fmt: skip
        out[mode]["stages_s"] = r.get("stages_s")
        out[mode]["peak_rss_mb"] = r.get("rss_mb", {}).get("peak")
    return out


def step_cuda_tests(left_s: float) -> dict:
    junit = Path(tempfile.mkdtemp(prefix="cutmark-gpu-")) / "junit.xml"
    cmd = [sys.executable, "-m", "pytest", "tests/speed/test_cuda.py", "-q", "-p", "no:cacheprovider",
           f"--junitxml={junit}"]  # fmt: skip
    run = _run(cmd, left_s, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    run["stdout_tail"] = run.pop("stdout")[-3000:]
    if junit.is_file():
        import xml.etree.ElementTree as ET

        suite = ET.parse(junit).getroot()
        suite = suite if suite.tag == "testsuite" else suite.find("testsuite")
        run["counts"] = {k: int(suite.get(k, 0)) for k in ("tests", "failures", "errors", "skipped")}
    return run


def step_batch(device: str, minutes: float, files: int, left_s: float) -> dict:
    from benchmarks.bench_pipeline import ensure_media
    from benchmarks.make_bench_model import ensure_model

    folder = Path(tempfile.mkdtemp(prefix="cutmark-gpu-batch-"))
    inputs, out = folder / "in", folder / "out"
    inputs.mkdir()
    audio_s = 0.0
    for seed in range(files):  # other shows, not copies: copies would come from the analysis cache
        media, meta = ensure_media(minutes, seed)
        os.symlink(media, inputs / media.name)
        audio_s += meta["duration_s"]
    gpus = "0.5" if device != "cpu" else "0"
    cmd = [sys.executable, "-m", "desktop_app", "batch", str(inputs), "--out", str(out), "--ray", "local",
           "--gpus-per-worker", gpus, "--model", str(ensure_model()), "--export", "none", "--progress", "json"]  # fmt: skip
    env = {**os.environ, "CUTMARK_CACHE_DIR": str(folder / "cache")}  # copies must not hit the cache
    run = _run(cmd, left_s, env=env)
    run["stdout_tail"] = run.pop("stdout")[-3000:]
    summary = out / "cutmark-batch-summary.json"
    run["summary"] = json.loads(summary.read_text()) if summary.is_file() else None
    run["files"], run["audio_s"] = files, round(audio_s, 1)
    if run["summary"] and run["summary"].get("wall_s"):
        run["x_realtime"] = round(audio_s / run["summary"]["wall_s"], 1)
    shutil.rmtree(folder, ignore_errors=True)
    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cpu-check", action="store_true",
                        help="run the same steps small on the CPU (1-minute show, 2 batch files)")  # fmt: skip
    args = parser.parse_args(argv)
    t0 = time.monotonic()
    info = gpu_info()
    if not info["cuda"] and not args.cpu_check:
        print(json.dumps({"error": "torch sees no CUDA GPU", **info}), file=sys.stderr)
        return 2
    device = "cuda" if not args.cpu_check else "cpu"
    minutes, batch_minutes, files = (60.0, 5.0, 8) if not args.cpu_check else (1.0, 0.5, 2)

    def left(share: float) -> float:  # the time left, times the share this step may use of it
        return max(30.0, (BUDGET_S - (time.monotonic() - t0)) * share)

    result: dict = {"benchmark": "gpu_run", "when": time.strftime("%Y-%m-%dT%H:%M:%S"), "device": device,
                    "gpu": info, "cpu_check": args.cpu_check}  # fmt: skip
    from benchmarks.bench_pipeline import ensure_media
    from benchmarks.make_bench_model import ensure_model

    ensure_model()  # built once (~15 s), outside the steps' limits
    ensure_media(minutes, 0)
    for seed in range(files):
        ensure_media(batch_minutes, seed)
    result["setup_s"] = round(time.monotonic() - t0, 1)
    result["pipeline"] = step_pipeline(device, minutes, left(0.55), info.get("memory_gib", 0.0))
    result["cuda_tests"] = step_cuda_tests(left(0.35))
    result["batch_ray"] = step_batch(device, batch_minutes, files, left(0.95))
    result["wall_s"] = round(time.monotonic() - t0, 1)
    sized = result["pipeline"]["runs"].get("sized", {}).get("result") or {}
    result["headline"] = {mode: r.get("x_realtime") for mode, r in sized.items()}
    text = json.dumps(result, indent=2) + "\n"
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"gpu-run-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(text, encoding="utf-8")
    if os.environ.get("OUT"):
        Path(os.environ["OUT"], "gpu-run.json").write_text(text, encoding="utf-8")
    print(json.dumps({"written": str(path), "headline": result["headline"], "wall_s": result["wall_s"]}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
