"""Cutmark's whole pipeline against the reference SenseVoice recipe, on the same audio.

    python benchmarks/bench_pipeline.py                      # 10-minute show, fp32 + int8 + reference
    python benchmarks/bench_pipeline.py --minutes 60 --no-reference --modes fp32,int8
    python benchmarks/bench_pipeline.py --device cuda          # where a GPU is
    python benchmarks/bench_pipeline.py --summary              # also write results/latest-<device>.json

What runs, each in a fresh child process (so peak memory is its own, read from
``/proc/self/status`` VmHWM), one after the other on the same file:

(a) Cutmark: ``load_engine`` then ``pipeline.analyze`` (probe, decode, VAD, windows over
    speech *and* the sounding gaps between it, batched transcription, events, peaks);
    once per ``--modes`` entry (``fp32``: the default options; ``int8``: dynamic int8
    Linear layers, CPU only).
(b) The reference recipe of the usual SenseVoice web demos, with silero-vad standing in
    for fsmn-vad: ``AutoModel(model=DIR, vad_model="silero-vad", vad_kwargs={
    "max_single_segment_time": 30000}).generate(input=<the same 16 kHz samples>,
    language="auto", use_itn=True, batch_size_s=60, merge_vad=True, merge_length_s=15)``.
    It gets the decoded samples (its decoding is not timed: that favours it). It runs
    twice: as written (funasr's default ``ncpu=4`` threads, what the demos do; on a
    2-core machine that oversubscribes the cores, and its VAD then runs on 4 threads),
    and with ``ncpu`` = the cores (``reference_ncpu_cores``, the stricter comparison:
    Cutmark uses one thread per core). ``--no-reference-cores`` skips the second run.

The audio is a generated "show" (``make_show``): real speech from ``desktop_app/resources/media``
cut into phrases with natural pauses, between talk stretches laughter, applause, music
stingers and quiet pauses, over a low room tone; AAC 128 kb/s 48 kHz stereo in MP4. It
is cached in ``benchmarks/.cache/``. The model is the full-size random-weight folder of
``make_bench_model.py`` (same compute as the real weights).

Before each child the script waits (up to ``--max-wait`` s) for the 1-minute load
average to drop below ``--max-load`` (other work on a shared machine skews timings) and
records the load it started at. Prints the JSON and writes
``benchmarks/results/pipeline-<device>-<minutes>min-<timestamp>.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CACHE = ROOT / "benchmarks" / ".cache"
RESULTS = ROOT / "benchmarks" / "results"
SR = 16_000
OUT_RATE = 48_000
CHILD_TIMEOUT_S = 1800

# --- the test audio ------------------------------------------------------------------


from tests.rig.long_show import make_show  # noqa: E402  (the show lives with the tests that use it too)


def write_aac(path: Path, samples) -> None:
    """16 kHz mono float32 -> AAC 128 kb/s, 48 kHz stereo, in MP4 (like a video's audio)."""
    import av
    import numpy as np

    with av.open(str(path), "w", format="mp4") as out:
        stream = out.add_stream("aac", rate=OUT_RATE, layout="stereo")
        stream.bit_rate = 128_000
        resampler = av.AudioResampler(format="fltp", layout="stereo", rate=OUT_RATE)
        chunk = SR * 10
        for start in range(0, len(samples) + 1, chunk):
            if start < len(samples):
                frame = av.AudioFrame.from_ndarray(
                    np.ascontiguousarray(samples[start : start + chunk], dtype=np.float32)[None, :],
                    format="flt",
                    layout="mono",
                )
                frame.sample_rate = SR
                frame.pts = start
                frame.time_base = Fraction(1, SR)
                pieces = resampler.resample(frame)
            else:
                pieces = resampler.resample(None)
            for piece in pieces:
                for packet in stream.encode(piece):
                    out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)


def ensure_media(minutes: float, seed: int) -> tuple[Path, dict]:
    """The cached show file and its description (generated on first use)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"show-{minutes:g}min-seed{seed}.mp4"
    meta_path = path.with_suffix(".json")
    if path.is_file() and meta_path.is_file():
        return path, json.loads(meta_path.read_text(encoding="utf-8"))
    t0 = time.perf_counter()
    audio, parts = make_show(minutes, seed)
    tmp = path.with_suffix(".tmp.mp4")
    write_aac(tmp, audio)
    os.replace(tmp, path)
    by_kind: dict[str, float] = {}
    for p in parts:
        by_kind[p["kind"]] = by_kind.get(p["kind"], 0.0) + p["end_s"] - p["start_s"]
    total_s = len(audio) / SR
    meta = {
        "file": path.name,
        "duration_s": round(total_s, 3),
        "format": "AAC 128 kb/s, 48 kHz stereo, MP4 (generated from 16 kHz mono)",
        "seed": seed,
        "seconds_by_kind": {k: round(v, 1) for k, v in sorted(by_kind.items())},
        "share_by_kind": {k: round(v / total_s, 3) for k, v in sorted(by_kind.items())},
        "quiet_s": round(total_s - sum(by_kind.values()), 1),
        "parts": len(parts),
        "generate_s": round(time.perf_counter() - t0, 1),
    }
    meta_path.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return path, meta


# --- helpers for the children --------------------------------------------------------


def _status_kb(field: str) -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def _rss_mb() -> dict:
    """Current and peak resident memory of this process (MiB), from /proc/self/status."""
    peak, now = _status_kb("VmHWM"), _status_kb("VmRSS")
    if peak is None:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        peak = peak // 1024 if sys.platform == "darwin" else peak
    return {"peak": round(peak / 1024, 1), "now": round((now or 0) / 1024, 1)}


class _Clock:
    """Seconds spent inside wrapped functions and generators, by stage name."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = {}
        self.ended: dict[str, float] = {}  # perf_counter when a wrapped generator last returned
        self.sync = None  # a callable that waits for the GPU, or None

    def add(self, name: str, seconds: float) -> None:
        self.spent[name] = self.spent.get(name, 0.0) + seconds

    def wrap(self, name: str, fn):
        def timed(*args, **kwargs):
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.add(name, time.perf_counter() - t0)

        return timed

    def wrap_gen(self, name: str, fn):
        def timed(*args, **kwargs):
            gen = fn(*args, **kwargs)
            while True:
                t0 = time.perf_counter()
                try:
                    item = next(gen)
                except StopIteration as stop:
                    self.ended[name] = time.perf_counter()
                    self.add(name, time.perf_counter() - t0)
                    return stop.value
                self.add(name, time.perf_counter() - t0)
                yield item

        return timed


def transcribe_options(mode: str, max_batch: int | None = None, batch_seconds: float | None = None):
    """``fp32``, ``fp16`` (CUDA) or ``int8`` (CPU) as Cutmark's options; the batch bounds
    default to the engine's (which a GPU multiplies by ``GPU_BATCH_FACTOR``)."""
    from desktop_app.transcribe.engine import TranscribeOptions

    sizes = {k: v for k, v in (("max_batch", max_batch), ("batch_seconds", batch_seconds)) if v}
    if mode == "int8":
        return TranscribeOptions(quantize="int8", **sizes)
    return TranscribeOptions(precision="fp16" if mode == "fp16" else "fp32", **sizes)


def child_cutmark(
    media: str,
    model: str,
    device: str,
    mode: str,
    max_batch: int | None = None,
    batch_seconds: float | None = None,
) -> dict:
    t_start = time.perf_counter()
    import torch  # noqa: F401  (timed on its own: every run pays it)

    torch_import_s = time.perf_counter() - t_start
    from desktop_app.transcribe import loading as loading_mod

    t0 = time.perf_counter()
    with loading_mod.quiet_funasr():
        import funasr  # noqa: F401
    funasr_import_s = time.perf_counter() - t0
    rss_imported = _rss_mb()["now"]

    from desktop_app import pipeline
    from desktop_app.core.model import SPEECH
    from desktop_app.core.progress import Progress
    from desktop_app.transcribe.engine import SegmentsReady

    t0 = time.perf_counter()
    engine = pipeline.load_engine(model, device)
    model_load_s = time.perf_counter() - t0
    topts = transcribe_options(mode, max_batch, batch_seconds)
    t0 = time.perf_counter()
    engine.prepare(topts)
    prepare_s = time.perf_counter() - t0
    rss_loaded = _rss_mb()["now"]

    clock = _Clock()
    plan: dict = {}
    for name, stage in (("probe", "other"), ("content_hash", "other"), ("waveform_peaks", "other")):
        setattr(pipeline, name, clock.wrap(stage, getattr(pipeline, name)))
    pipeline.build_markers = clock.wrap("events", pipeline.build_markers)
    # refinement (issue #15) runs the engine again on flagged windows: its time is also in
    # the engine's stage timings, so it is reported on its own, not added to the stages
    pipeline.refine_segments = clock.wrap_gen("refine", pipeline.refine_segments)
    pipeline.decode_audio = clock.wrap_gen("decode", pipeline.decode_audio)
    pipeline.speech_spans = clock.wrap_gen("vad", pipeline.speech_spans)
    pipeline.speech_probabilities = clock.wrap_gen("vad", pipeline.speech_probabilities)  # the first lane
    pipeline.loudness_db = clock.wrap("windows", pipeline.loudness_db)
    real_plan = pipeline.plan_windows

    def planned(*args, **kwargs):
        windows = real_plan(*args, **kwargs)
        plan["windows"] = windows
        return windows

    pipeline.plan_windows = clock.wrap("windows", planned)
    engine.timings.clear()
    engine.sync_timings = True
    options = pipeline.AnalysisOptions(transcribe=topts)
    first_segment_s = None
    progress_events = 0
    t0 = time.perf_counter()
    gen = pipeline.analyze(media, options, engine)
    while True:
        try:
            item = next(gen)
        except StopIteration as stop:
            project = stop.value
            break
        if isinstance(item, SegmentsReady) and first_segment_s is None:
            first_segment_s = time.perf_counter() - t0
        elif isinstance(item, Progress):
            progress_events += 1
    total_s = time.perf_counter() - t0
    rss = _rss_mb()

    analysis = project.analysis
    duration_s = analysis.media.duration_ms / 1000
    windows = plan.get("windows", [])
    speech = [w for w in windows if w.kind == SPEECH]
    gaps = [w for w in windows if w.kind != SPEECH and not w.silent]
    silent = [w for w in windows if w.silent]
    t = engine.timings
    stages = {
        "decode": clock.spent.get("decode", 0.0),
        "vad": clock.spent.get("vad", 0.0),
        "windows": clock.spent.get("windows", 0.0),
        "features": t.get("features", 0.0),
        "encoder": t.get("encoder", 0.0),
        "tags": t.get("ctc", 0.0) + t.get("decode", 0.0) - t.get("timestamps", 0.0),
        "timestamps": t.get("timestamps", 0.0),
        "events": clock.spent.get("events", 0.0),
        "other": clock.spent.get("other", 0.0),
    }
    stages["unaccounted"] = total_s - sum(stages.values())
    model_audio_s = t.get("audio_ms", 0.0) / 1000
    return {
        "side": "cutmark",
        "mode": mode,
        "device": engine.device,
        "precision": engine.precision_for(topts),
        "threads": torch.get_num_threads(),
        "torch_import_s": round(torch_import_s, 3),
        "funasr_import_s": round(funasr_import_s, 3),
        "model_load_s": round(model_load_s, 3),
        "prepare_s": round(prepare_s, 3),
        "total_s": round(total_s, 3),
        "audio_s": round(duration_s, 3),
        "rtf": round(total_s / duration_s, 4),
        "x_realtime": round(duration_s / total_s, 1),
        "first_segment_s": None if first_segment_s is None else round(first_segment_s, 3),
        # when the decoding had finished: a first segment before it came while the file decoded
        "decode_done_s": round(clock.ended["decode"] - t0, 3) if "decode" in clock.ended else None,
        "int8_weights": engine.int8_source,  # "cache" or "quantized..." (see transcribe/int8.py)
        "batch_limits": {
            "max_batch": engine._batch_limits(topts).max_batch,
            "batch_seconds": engine._batch_limits(topts).batch_seconds,
        },  # fmt: skip
        "stages_s": {k: round(v, 3) for k, v in stages.items()},
        "stages_rtf": {k: round(v / duration_s, 5) for k, v in stages.items()},
        "model_s_per_audio_s": round(
            (stages["features"] + stages["encoder"] + stages["tags"]) / model_audio_s, 4
        )
        if model_audio_s
        else None,
        "windows": {
            "speech": len(speech),
            "speech_s": round(sum(w.duration_ms for w in speech) / 1000, 1),
            "gap_sounding": len(gaps),
            "gap_sounding_s": round(sum(w.duration_ms for w in gaps) / 1000, 1),
            "silent": len(silent),
            "silent_s": round(sum(w.duration_ms for w in silent) / 1000, 1),
            "to_model_s": round(model_audio_s, 1),
            "padded_s": round(t.get("padded_ms", 0.0) / 1000, 1),
            "batches": int(t.get("batches", 0)),
        },
        "segments": len(analysis.segments),
        "markers": len(analysis.markers),
        "refinement": _refinement(analysis, clock.spent.get("refine", 0.0), total_s),
        "progress_events": progress_events,
        "rss_mb": {
            "after_imports": rss_imported,
            "after_load": rss_loaded,
            "end": rss["now"],
            "peak": rss["peak"],
        },
    }


def _refinement(analysis, refine_s: float, total_s: float) -> dict:
    """What refinement cost and what it did: the flagged windows, the time it took against
    the rest of the analysis, and the event markers' median length with and without it
    (the same windows' markers rebuilt without their parts: no second model run)."""
    import dataclasses
    import statistics

    from desktop_app.events import build_markers

    refined = [s for s in analysis.segments if s.parts]
    plain = [dataclasses.replace(s, parts=()) for s in analysis.segments]

    def lengths(markers):
        return [m.end_ms - m.start_ms for m in markers if m.kind == "event"]

    def median(values):
        return statistics.median(values) if values else None

    spans = {(s.start_ms, s.end_ms) for s in refined}
    within = lambda ms: [m for m in ms if any(a <= m.start_ms and m.end_ms <= b for a, b in spans)]  # noqa: E731
    with_parts = build_markers(analysis.segments)
    without = build_markers(plain)
    return {
        "flagged_windows": len(refined),
        "flagged_s": round(sum(s.duration_ms for s in refined) / 1000, 1),
        "sub_windows": sum(len(s.parts) for s in refined),
        "refine_s": round(refine_s, 3),
        "time_added": round(refine_s / (total_s - refine_s), 4) if total_s > refine_s else None,
        "event_markers": len(lengths(with_parts)),
        "event_median_ms": median(lengths(with_parts)),
        "event_median_ms_unrefined": median(lengths(without)),
        "refined_windows_event_median_ms": median(lengths(within(with_parts))),
        "refined_windows_event_median_ms_unrefined": median(lengths(within(without))),
    }


def child_first_segment(media: str, model: str, device: str, mode: str) -> dict:
    """Load, warm up, then ``analyze`` only until the first segments arrive: how long
    that took and how far the decoding had got (the rest of the file is not analysed)."""
    from desktop_app import pipeline
    from desktop_app.core.progress import Progress
    from desktop_app.transcribe.engine import SegmentsReady

    engine = pipeline.load_engine(model, device)
    topts = transcribe_options(mode)
    engine.prepare(topts)
    decoded = {"done": 0.0, "total": 0.0}
    t0 = time.perf_counter()
    gen = pipeline.analyze(media, pipeline.AnalysisOptions(transcribe=topts), engine)
    first = None
    for item in gen:
        if isinstance(item, Progress) and item.stage == "decode":
            decoded = {"done": item.done, "total": item.total}
        if isinstance(item, SegmentsReady):
            first = {"s": round(time.perf_counter() - t0, 3), "segments": len(item.segments),
                     "ends_ms": max(x.end_ms for x in item.segments)}  # fmt: skip
            break
    gen.close()
    return {
        "side": "cutmark", "mode": mode, "first_segment_s": first and first["s"], "first_batch": first,
        "decoded_ms_at_first_segment": decoded["done"], "decode_total_ms": decoded["total"],
        "decoding_unfinished": decoded["done"] < decoded["total"],
    }  # fmt: skip


def child_reference(media: str, model: str, device: str, ncpu: str) -> dict:
    t_start = time.perf_counter()
    import torch

    torch_import_s = time.perf_counter() - t_start
    from desktop_app.media import decode_audio_all
    from desktop_app.transcribe import loading as loading_mod

    t0 = time.perf_counter()
    with loading_mod.quiet_funasr():
        import funasr  # noqa: F401
        from funasr import AutoModel
        from funasr.models.silero_vad.model import SileroVad
    funasr_import_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    samples = decode_audio_all(media).samples  # the same samples Cutmark decodes
    decode_s = time.perf_counter() - t0
    duration_s = len(samples) / SR

    extra = {"ncpu": _cores()} if ncpu == "cores" else {}  # "default": funasr's 4 threads, as the demos run
    t0 = time.perf_counter()
    with loading_mod.quiet_funasr():
        am = AutoModel(
            model=model,
            vad_model="silero-vad",
            vad_kwargs={"max_single_segment_time": 30000},
            device=device,
            disable_update=True,
            disable_pbar=True,
            log_level="ERROR",
            **extra,
        )
    model_load_s = time.perf_counter() - t0

    clock = _Clock()
    seen: list = []
    real_vad = SileroVad.inference

    def vad(self, *args, **kwargs):
        out = real_vad(self, *args, **kwargs)
        seen.extend(seg for item in out[0] for seg in item["value"])
        return out

    SileroVad.inference = clock.wrap("vad", vad)
    t0 = time.perf_counter()
    with loading_mod.quiet_funasr():
        res = am.generate(
            input=samples,
            language="auto",
            use_itn=True,
            batch_size_s=60,
            merge_vad=True,
            merge_length_s=15,
        )
    total_s = time.perf_counter() - t0
    rss = _rss_mb()
    vad_s = clock.spent.get("vad", 0.0)
    return {
        "side": "reference",
        "ncpu": ncpu,
        "device": device,
        "threads": torch.get_num_threads(),
        "torch_import_s": round(torch_import_s, 3),
        "funasr_import_s": round(funasr_import_s, 3),
        "model_load_s": round(model_load_s, 3),
        "decode_s_not_counted": round(decode_s, 3),
        "total_s": round(total_s, 3),
        "audio_s": round(duration_s, 3),
        "rtf": round(total_s / duration_s, 4),
        "x_realtime": round(duration_s / total_s, 1),
        "first_segment_s": round(total_s, 3),  # generate() returns everything at once
        "stages_s": {"vad": round(vad_s, 3), "asr": round(total_s - vad_s, 3)},
        "vad_segments": len(seen),
        "speech_s": round(sum(b - a for a, b in seen) / 1000, 1),  # what it sends to the model, roughly
        "results": len(res),
        "text_chars": sum(len(r.get("text", "")) for r in res),
        "rss_mb": {"end": rss["now"], "peak": rss["peak"]},
    }


# --- the parent ------------------------------------------------------------------------


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _load1() -> float | None:
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def wait_for_quiet(max_load: float, max_wait_s: float) -> dict:
    """Wait until the 1-minute load average is below ``max_load`` (or give up)."""
    t0 = time.monotonic()
    first = _load1()
    load = first
    while load is not None and load > max_load and time.monotonic() - t0 < max_wait_s:
        print(f"  load {load:.2f} > {max_load}: waiting…", file=sys.stderr, flush=True)
        time.sleep(20)
        load = _load1()
    return {"load1_seen": first, "load1_at_start": load, "waited_s": round(time.monotonic() - t0)}


def run_child(
    kind: str, media: Path, model: Path, device: str, mode: str, max_load: float, max_wait: float,
    extra: list[str] | None = None,
) -> dict:  # fmt: skip
    quiet = wait_for_quiet(max_load, max_wait)
    cmd = [sys.executable, __file__, "--child", kind, "--media", str(media), "--model", str(model),
           "--device", device, "--mode", mode, *(extra or [])]  # fmt: skip
    print(
        f"  running {kind} {mode if kind == 'cutmark' else ''} (load {quiet['load1_at_start']})…",
        file=sys.stderr,
    )
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=CHILD_TIMEOUT_S)
    if proc.returncode != 0:
        raise RuntimeError(f"{kind} child failed:\n{proc.stderr[-4000:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["machine_load"] = quiet | {"load1_at_end": _load1()}
    return result


def _machine(device: str) -> dict:
    info = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu": _cpu_name(),
        "cores": _cores(),
        "memory_gb": _mem_gb(),
    }
    try:
        import torch

        info["torch"] = torch.__version__
        if device.startswith("cuda") and torch.cuda.is_available():
            info["gpu"] = torch.cuda.get_device_name(0)
    except ImportError:
        pass
    try:
        from importlib.metadata import version

        info["funasr"] = version("funasr")
        info["silero_vad"] = version("silero-vad")
        info["av"] = version("av")
    except Exception:
        pass
    return info


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def _mem_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    return None


TARGETS = {  # mode: (at least this many times the reference's speed, at most this real-time factor)
    "fp32": (1.7, 0.06),
    "int8": (4.0, 0.026),
}


def targets(result: dict, minutes: float) -> dict:
    """The issue's CPU targets, checked against what this run measured."""
    out: dict = {}
    ratios = result["ratios"]
    for mode, ours in result["cutmark"].items():
        ratio_min, rtf_max = TARGETS.get(mode, (None, None))
        checks = {
            "rtf": {"value": ours["rtf"], "max": rtf_max, "ok": rtf_max is None or ours["rtf"] <= rtf_max},
            "model_load_s": {"value": ours["model_load_s"], "max": 4.0, "ok": ours["model_load_s"] <= 4.0},
            "first_segment_s": {
                "value": ours["first_segment_s"],
                "max": 3.0,
                "ok": ours["first_segment_s"] is not None and ours["first_segment_s"] <= 3.0,
            },
        }
        if mode in ratios and ratio_min is not None:
            r = ratios[mode]["reference_time_over_cutmark_time"]
            checks["vs_reference"] = {"value": r, "min": ratio_min, "ok": r >= ratio_min}
        if minutes >= 60:
            peak = ours["rss_mb"]["peak"]
            checks["peak_rss_mb_1h"] = {"value": peak, "max": 2048, "ok": peak <= 2048}
        out[mode] = checks
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--minutes", type=float, default=10.0, help="length of the generated show")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--model", type=Path, help="model folder (default: build/reuse the full-size random one)"
    )
    parser.add_argument("--device", default="cpu", help="cpu (default) or cuda")
    parser.add_argument(
        "--modes", default="fp32,int8", help="Cutmark modes to run: fp32, int8 (CPU only), fp16 (CUDA only)"
    )
    parser.add_argument("--max-batch", type=int, help="windows per batch (default: the engine's)")
    parser.add_argument("--batch-seconds", type=float, help="padded audio per batch (default: the engine's)")
    parser.add_argument("--no-reference", action="store_true", help="skip the reference recipe")
    parser.add_argument("--no-cutmark", action="store_true", help="run only the reference recipe")
    parser.add_argument(
        "--no-reference-cores",
        dest="reference_cores",
        action="store_false",
        help="skip the second reference run with ncpu = the cores (the recipe itself leaves funasr's 4 threads)",
    )
    parser.add_argument(
        "--max-load", type=float, default=1.0, help="wait for the 1-min load average below this"
    )
    parser.add_argument(
        "--max-wait", type=float, default=300.0, help="give up waiting for quiet after this (s)"
    )
    parser.add_argument("--summary", action="store_true", help="also write results/latest-<device>.json")
    parser.add_argument(
        "--first-segment", action="store_true", help="only the time to the first segments (runs per mode)"
    )
    parser.add_argument("--child", choices=["cutmark", "reference", "first"], help=argparse.SUPPRESS)
    parser.add_argument("--media", help=argparse.SUPPRESS)
    parser.add_argument("--mode", default="fp32", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child == "cutmark":
        sizes = (args.max_batch, args.batch_seconds)
        print(json.dumps(child_cutmark(args.media, str(args.model), args.device, args.mode, *sizes)))
        return 0
    if args.child == "first":
        print(json.dumps(child_first_segment(args.media, str(args.model), args.device, args.mode)))
        return 0
    if args.child == "reference":
        print(json.dumps(child_reference(args.media, str(args.model), args.device, args.mode)))
        return 0

    from benchmarks.make_bench_model import ensure_model

    model = args.model or ensure_model()
    media, media_meta = ensure_media(args.minutes, args.seed)
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    modes = [m for m in modes if m != ("int8" if args.device != "cpu" else "fp16")]
    sizes = [*(["--max-batch", str(args.max_batch)] if args.max_batch else []),
             *(["--batch-seconds", str(args.batch_seconds)] if args.batch_seconds else [])]  # fmt: skip
    if args.first_segment:
        runs = [run_child("first", media, model, args.device, m, args.max_load, args.max_wait) for m in modes]
        out = {"benchmark": "first_segment", "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
               "machine": _machine(args.device), "media": media_meta, "runs": runs}  # fmt: skip
        RESULTS.mkdir(parents=True, exist_ok=True)
        name = f"first-segment-{args.device}-{args.minutes:g}min-{time.strftime('%Y%m%d-%H%M%S')}.json"
        (RESULTS / name).write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
        print(json.dumps(out, indent=2))
        return 0
    result: dict = {
        "benchmark": "pipeline",
        "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "machine": _machine(args.device),
        "media": media_meta,
        "model": {"folder": str(model), "full_size_random_weights": True},
        "cutmark": {},
        "reference": None,
        "reference_ncpu_cores": None,
        "ratios": {},
    }
    if not args.no_cutmark:
        for mode in modes:
            result["cutmark"][mode] = run_child(
                "cutmark", media, model, args.device, mode, args.max_load, args.max_wait, sizes
            )
    if not args.no_reference:
        result["reference"] = run_child(
            "reference", media, model, args.device, "default", args.max_load, args.max_wait
        )
        if args.reference_cores and _cores() != 4:
            result["reference_ncpu_cores"] = run_child(
                "reference", media, model, args.device, "cores", args.max_load, args.max_wait
            )
    ref = result["reference"]
    strict = result["reference_ncpu_cores"]
    for mode, ours in result["cutmark"].items():
        w = ours["windows"]
        ours["coverage"] = {
            "classified_s": round(w["speech_s"] + w["gap_sounding_s"] + w["silent_s"], 1),
            "to_model_s": w["to_model_s"],
            "share_to_model": round(w["to_model_s"] / ours["audio_s"], 3),
        }
        if ref:
            result["ratios"][mode] = {
                "reference_time_over_cutmark_time": round(ref["total_s"] / ours["total_s"], 2),
                "reference_rtf": ref["rtf"],
                "cutmark_rtf": ours["rtf"],
            }
            if strict:  # the reference given one thread per core, as Cutmark uses
                result["ratios"][mode]["reference_ncpu_cores_time_over_cutmark_time"] = round(
                    strict["total_s"] / ours["total_s"], 2
                )
    result["targets"] = targets(result, args.minutes)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    device_tag = "cuda" if args.device.startswith("cuda") else args.device
    out = RESULTS / f"pipeline-{device_tag}-{args.minutes:g}min-{stamp}.json"
    text = json.dumps(result, indent=2) + "\n"
    out.write_text(text, encoding="utf-8")
    if args.summary:
        (RESULTS / f"latest-{device_tag}.json").write_text(text, encoding="utf-8")
    print(text)
    print(f"written to {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    with tempfile.TemporaryDirectory(prefix="cutmark-bench-") as _tmp:
        os.environ.setdefault("CUTMARK_CACHE_DIR", _tmp)  # never read or fill the user's analysis cache
        raise SystemExit(main())
