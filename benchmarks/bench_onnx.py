"""Cutmark's engine against FunASR's own ONNX runtime (``funasr-onnx`` on onnxruntime),
side by side, on the same windows, the same threads, in one process, alternating.

    pip install -e ".[bench]"                          # funasr-onnx, onnxruntime, onnx, onnxscript
    python benchmarks/bench_onnx.py                    # 12 x 10 s windows + the 10-minute show, best of 3
    python benchmarks/bench_onnx.py --no-show --repeats 5
    python benchmarks/bench_onnx.py --no-windows --show-repeats 3
    python benchmarks/bench_onnx.py --summary          # also write results/latest-onnx.json

The ONNX models are the ones funasr itself exports from the full-size random model
(``make_bench_model.py``): ``AutoModel(model=DIR).export(type="onnx", quantize=True)``
writes ``model.onnx`` (fp32) and ``model_quant.onnx`` (its dynamic uint8 MatMuls), into
``benchmarks/.cache/sensevoice-full-onnx`` (once; reused). ``funasr_onnx.SenseVoiceSmall``
loads them as a user of FunASR would, with ``intra_op_num_threads`` = Cutmark's threads;
its frontend's dither is set to 0 (its default, 1.0, makes features random), and its
batches are fed as arrays through its own ``extract_feat``/``infer`` and greedy CTC
(its ``__call__`` only batches file paths).

(a) **Windows**: 12 windows of 10 s cut from the real recordings in
    ``desktop_app/resources/media`` (the issue's set-up). Cutmark: ``engine.transcribe``
    (text, tags, word times: more than the ONNX side does). ONNX: batch size 1 (the
    default) and 4; the better of the two is what the ratio uses.
(b) **The 10-minute show**, end to end: decode, VAD and window planning once (Cutmark's,
    timed and added to both), then every sounding window through each backend. The
    ONNX side gets Cutmark's batches (length-sorted: its best case).

Each candidate runs ``--repeats`` times, the candidates alternating in every round, each
run in a fresh process (one untimed pass, then one timed: in one process the two
runtimes' thread pools and memory slowed torch by 4x here); its best time counts, and the
1-minute load average is recorded at the start of each run.
**Agreement**: the greedy CTC tokens of every backend against funasr's own
``AutoModel.generate()`` on the windows of (a) (token agreement as ``cutmark doctor``
measures it: 1 - edit distance / tokens), and against Cutmark fp32 on the show.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CACHE = ROOT / "benchmarks" / ".cache"
RESULTS = ROOT / "benchmarks" / "results"
ONNX_DIR = CACHE / "sensevoice-full-onnx"
SR = 16_000
SMALL_FILES = ("config.yaml", "am.mvn", "chn_jpn_yue_eng_ko_spectok.bpe.model", "configuration.json")


def _load1() -> float | None:
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def _cpu_flags() -> str:
    try:
        flags = next(
            line for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("flags")
        )
        return " ".join(
            f for f in ("avx2", "avx512f", "avx512_vnni", "avx512_bf16", "amx_tile") if f in flags.split()
        )
    except (OSError, StopIteration):
        return ""


def export_onnx(model_dir: Path, out: Path = ONNX_DIR) -> dict:
    """funasr's own export of ``model_dir`` (fp32 and quantized) into ``out``, once."""
    stamp = out / "export.json"
    if stamp.is_file() and (out / "model.onnx").is_file() and (out / "model_quant.onnx").is_file():
        return json.loads(stamp.read_text())
    from desktop_app.transcribe.loading import quiet_funasr

    out.mkdir(parents=True, exist_ok=True)
    for name in SMALL_FILES:
        if (model_dir / name).is_file():
            shutil.copyfile(model_dir / name, out / name)
    t0 = time.perf_counter()
    with quiet_funasr():
        from funasr import AutoModel

        auto = AutoModel(model=str(model_dir), device="cpu", disable_update=True, disable_pbar=True)
        auto.export(type="onnx", quantize=True, output_dir=str(out))
    info = {
        "exported_with": "funasr AutoModel.export(type='onnx', quantize=True)",
        "export_s": round(time.perf_counter() - t0, 1),
        "model_onnx_mb": round(sum(p.stat().st_size for p in out.glob("model.onnx*")) / 1e6, 1),  # + .data
        "model_quant_onnx_mb": round((out / "model_quant.onnx").stat().st_size / 1e6, 1),
    }
    stamp.write_text(json.dumps(info, indent=2) + "\n")
    return info


def real_windows(count: int = 12, seconds: float = 10.0):
    """``count`` windows of ``seconds`` cut end to end from the bundled real recordings."""
    import numpy as np

    from desktop_app.core.model import Window
    from tests.rig import signals

    pool = np.concatenate([np.asarray(c, dtype=np.float32) for c in signals.load_real_speech()])
    n = int(seconds * SR)
    reps = -(-count * n // len(pool))
    samples = np.tile(pool, reps)[: count * n].copy()
    return samples, [Window(i, i * n // 16, (i + 1) * n // 16, "speech") for i in range(count)]


class OnnxBackend:
    """funasr-onnx's SenseVoiceSmall, fed arrays in batches."""

    def __init__(self, folder: Path, quantize: bool, threads: int) -> None:
        from funasr_onnx import SenseVoiceSmall

        self.model = SenseVoiceSmall(
            str(folder), batch_size=1, quantize=quantize, intra_op_num_threads=threads
        )
        self.model.frontend.opts.frame_opts.dither = 0.0

    def tokens(self, samples, batches, language: str = "auto", textnorm: str = "woitn") -> list[list[int]]:
        """Greedy CTC tokens of every window (blanks and repeats removed), batch by batch,
        then the text through its tokenizer, as ``SenseVoiceSmall.__call__`` does."""
        import numpy as np

        m = self.model
        lid, tn = m._get_lid(language), m._get_tnid(textnorm)
        out: dict[int, list[int]] = {}
        for batch in batches:
            clips = [samples[w.start_ms * 16 : w.end_ms * 16] for w in batch]
            feats, feats_len = m.extract_feat(clips)
            b = feats.shape[0]
            logits, lens = m.infer(feats, feats_len, np.full(b, lid, np.int32), np.full(b, tn, np.int32))
            for i, w in enumerate(batch):
                yseq = np.argmax(logits[i, : int(lens[i]), :], axis=-1)
                yseq = yseq[np.concatenate(([True], np.diff(yseq) != 0))]
                ids = yseq[yseq != m.blank_id].tolist()
                m.tokenizer.decode(ids)  # the text, as its __call__ makes it
                out[w.index] = ids
        return [out[w.index] for b in batches for w in b]


def funasr_generate_tokens(model_dir: Path, samples, windows, use_itn: bool = False) -> list[list[int]]:
    """funasr's own ``AutoModel.generate()``, one window at a time; the token ids it
    decodes, caught at its tokenizer."""
    from desktop_app.transcribe.loading import quiet_funasr

    with quiet_funasr():
        from funasr import AutoModel

        auto = AutoModel(model=str(model_dir), device="cpu", disable_update=True, disable_pbar=True,
                         frontend_conf={"dither": 0.0})  # fmt: skip
    cls = type(auto.kwargs["tokenizer"])  # the class: generate() may work on a copy of the instance
    seen: list[list[int]] = []
    real = cls.decode
    cls.decode = lambda self, ids, *a, **k: (seen.append([int(i) for i in ids]), real(self, ids, *a, **k))[1]
    out = []
    try:
        for w in windows:
            seen.clear()
            with quiet_funasr():
                auto.generate(input=samples[w.start_ms * 16 : w.end_ms * 16], language="auto", use_itn=use_itn,
                              batch_size=1, disable_pbar=True)  # fmt: skip
            out.append(seen[0] if seen else [])
    finally:
        cls.decode = real
    return out


# cutmark_fp32: the encoder in torch; cutmark_fp32_ort: in ONNX Runtime (onnx_encoder.py)
WINDOW_CANDIDATES = ("cutmark_fp32", "cutmark_fp32_ort", "cutmark_int8", "onnx_fp32_batch1",
                     "onnx_fp32_batch4", "onnx_int8_batch1", "onnx_int8_batch4")  # fmt: skip
SHOW_CANDIDATES = ("cutmark_fp32", "cutmark_fp32_ort", "cutmark_int8", "onnx_fp32", "onnx_int8")


def child(name: str, part: str, minutes: float) -> dict:
    """One candidate in this (fresh) process: its inputs, one untimed pass, one timed pass;
    the time and every window's tokens."""
    from desktop_app.core.progress import drive
    from desktop_app.transcribe.batching import plan_batches
    from desktop_app.transcribe.engine import TranscribeOptions

    front_s = 0.0
    if part == "windows":
        samples, windows = real_windows()
        itn = False
    else:
        from benchmarks.bench_pipeline import ensure_media
        from desktop_app.pipeline import AnalysisOptions, prepare_audio

        media, _meta = ensure_media(minutes, 0)
        t0 = time.perf_counter()
        prepared = drive(prepare_audio(media, AnalysisOptions()))
        front_s = time.perf_counter() - t0  # decode + VAD + windows: Cutmark's, the same for all
        samples, windows = prepared.samples, [w for w in prepared.windows if not w.silent]
        itn = True
    prec = "int8" if "int8" in name else "fp32"
    if name.startswith("cutmark"):
        from benchmarks.make_bench_model import ensure_model
        from desktop_app.pipeline import load_engine

        engine = load_engine(ensure_model(), "cpu")
        opts = TranscribeOptions(
            use_itn=itn,
            quantize="int8" if prec == "int8" else "none",
            backend="onnxruntime" if name.endswith("_ort") else "torch",
        )
        engine.prepare(opts)  # untimed: int8 weights, the encoder's export on its first use
        run = lambda: drive(engine.transcribe(samples, windows, opts))  # noqa: E731
        tokens = lambda: engine.token_ids(samples, windows, opts)  # noqa: E731
        threads = engine.threads
    else:
        threads = len(os.sched_getaffinity(0))
        backend = OnnxBackend(ONNX_DIR, prec == "int8", threads)
        size = 1 if name.endswith("batch1") else 4
        batches = plan_batches(windows, TranscribeOptions(max_batch=size)) if part == "windows" else (
            plan_batches(windows, TranscribeOptions()))  # the show: Cutmark's own batches  # fmt: skip
        textnorm = "withitn" if itn else "woitn"
        run = lambda: backend.tokens(samples, batches, textnorm=textnorm)  # noqa: E731
        tokens = lambda: _in_order(backend.tokens(samples, batches, textnorm=textnorm), batches, windows)  # noqa: E731
    if part == "windows":
        run()  # one untimed pass: first-use costs are not speed
    load = _load1()
    t0 = time.perf_counter()
    run()
    seconds = time.perf_counter() - t0
    return {"name": name, "s": round(seconds, 3), "load1": load, "threads": threads, "front_s": round(front_s, 3),
            "audio_s": sum(w.duration_ms for w in windows) / 1000, "tokens": tokens()}  # fmt: skip


def _alternate(part: str, names: tuple, repeats: int, minutes: float) -> dict:
    """Each candidate ``repeats`` times, each run in its own process, alternating."""
    import subprocess

    runs: dict[str, list[dict]] = {n: [] for n in names}
    for _ in range(repeats):
        for name in names:
            cmd = [sys.executable, __file__, "--child", name, "--part", part, "--minutes", f"{minutes:g}"]
            proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=1800)
            if proc.returncode != 0:
                raise RuntimeError(f"{name} failed:\n{proc.stderr[-3000:]}")
            runs[name].append(json.loads(proc.stdout.strip().splitlines()[-1]))
            print(
                f"  {part} {name}: {runs[name][-1]['s']} s (load {runs[name][-1]['load1']})", file=sys.stderr
            )
    return runs


def _summary(runs: dict, audio_s: float, extra_s: float = 0.0) -> dict:
    best = {k: round(min(r["s"] for r in v) + extra_s, 3) for k, v in runs.items()}
    return {
        "best_s": best,
        "runs_s": {k: [r["s"] for r in v] for k, v in runs.items()},
        "load1_at_each_run": {k: [r["load1"] for r in v] for k, v in runs.items()},
        "s_per_audio_s": {k: round(v / audio_s, 4) for k, v in best.items()},
        "ratios_onnx_time_over_cutmark_time": _ratios(best),
        "spread_of_ratios": _ratio_spread(runs),
    }


def _ours(names) -> list[tuple[str, str]]:
    """Cutmark's candidates as (name, precision)."""
    return [(n, "int8" if "int8" in n else "fp32") for n in names if n.startswith("cutmark_")]


def _ratio_spread(runs: dict) -> dict:
    """The ratio per round (ONNX's better candidate that round over Cutmark's): its range,
    for each of Cutmark's candidates."""
    out = {}
    for name, prec in _ours(runs):
        theirs = [v for k, v in runs.items() if k.startswith(f"onnx_{prec}")]
        per_round = (
            [round(min(t[i]["s"] for t in theirs) / o["s"], 2) for i, o in enumerate(runs[name])]
            if theirs
            else []
        )
        out[name.removeprefix("cutmark_")] = per_round
    return out


def _agreement(reference: list[list[int]], runs: dict) -> dict:
    from desktop_app.transcribe.agreement import token_agreement

    out = {}
    for name, rs in runs.items():
        toks = rs[0]["tokens"]
        out[name] = {"token_agreement": round(token_agreement(reference, toks), 5),
                     "identical_windows": sum(a == b for a, b in zip(reference, toks, strict=True))}  # fmt: skip
    return out


def bench_windows(model_dir: Path, repeats: int, reference: bool) -> dict:
    runs = _alternate("windows", WINDOW_CANDIDATES, repeats, 0)
    samples, windows = real_windows()
    audio_s = sum(w.duration_ms for w in windows) / 1000
    result = {"windows": len(windows), "audio_s": audio_s, **_summary(runs, audio_s)}
    if reference:
        ref = funasr_generate_tokens(model_dir, samples, windows)
        result["reference_tokens"] = sum(len(r) for r in ref)
        result["agreement_vs_funasr_generate"] = _agreement(ref, runs)
    return result


def _in_order(flat: list[list[int]], batches, windows) -> list[list[int]]:
    order = [w.index for b in batches for w in b]
    by_index = dict(zip(order, flat, strict=True))
    return [by_index[w.index] for w in windows]


def _ratios(best: dict) -> dict:
    """ONNX time / Cutmark time per Cutmark candidate, against ONNX's better batch size."""
    out = {}
    for name, prec in _ours(best):
        theirs = [v for k, v in best.items() if k.startswith(f"onnx_{prec}")]
        if best[name] and theirs:
            out[name.removeprefix("cutmark_")] = round(min(theirs) / best[name], 2)
    return out


def bench_show(repeats: int, minutes: float) -> dict:
    runs = _alternate("show", SHOW_CANDIDATES, repeats, minutes)
    first = runs["cutmark_fp32"][0]
    front_s, audio_s = first["front_s"], minutes * 60
    model_only = _summary(runs, audio_s)
    end_to_end = _summary(runs, audio_s, extra_s=front_s)
    return {
        "audio_s": audio_s, "to_model_s": first["audio_s"], "front_s": front_s,
        "model_only": model_only, "end_to_end": {k: end_to_end[k] for k in ("best_s", "s_per_audio_s",
                                                                            "ratios_onnx_time_over_cutmark_time")},
        "agreement_vs_cutmark_fp32": _agreement(first["tokens"], runs),
    }  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeats", type=int, default=3, help="rounds per part (best counts)")
    parser.add_argument("--show-repeats", type=int, default=2, help="rounds on the show")
    parser.add_argument("--minutes", type=float, default=10.0, help="length of the show")
    parser.add_argument("--no-show", action="store_true", help="the windows only")
    parser.add_argument("--no-windows", action="store_true", help="the show only")
    parser.add_argument("--no-reference", action="store_true", help="skip funasr generate() agreement")
    parser.add_argument("--summary", action="store_true", help="also write results/latest-onnx.json")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--part", default="windows", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        import onnxruntime
        from funasr_onnx import SenseVoiceSmall  # noqa: F401
    except ImportError as exc:
        print(f"bench_onnx: {exc}; install the bench extra: pip install -e '.[bench]'", file=sys.stderr)
        return 2
    if args.child:
        print(json.dumps(child(args.child, args.part, args.minutes)))
        return 0
    from benchmarks.make_bench_model import ensure_model

    model_dir = ensure_model()
    export = export_onnx(model_dir)
    import torch

    from desktop_app.transcribe.int8 import best_engine

    result = {
        "benchmark": "onnx", "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "machine": {"cores": len(os.sched_getaffinity(0)), "torch": torch.__version__,
                    "onnxruntime": onnxruntime.__version__, "cpu": _cpu_flags(),
                    "int8_engine": best_engine()},
        "export": export,
    }  # fmt: skip
    if not args.no_windows:
        result["windows"] = bench_windows(model_dir, args.repeats, not args.no_reference)
    if not args.no_show:
        result["show"] = bench_show(args.show_repeats, args.minutes)
    RESULTS.mkdir(parents=True, exist_ok=True)
    text = json.dumps(result, indent=2) + "\n"
    path = RESULTS / f"onnx-cpu-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(text, encoding="utf-8")
    if args.summary:
        (RESULTS / "latest-onnx.json").write_text(text, encoding="utf-8")
    print(text)
    print(f"written to {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory(prefix="cutmark-bench-") as _tmp:
        os.environ.setdefault("CUTMARK_CACHE_DIR", _tmp)  # the int8 weights: made here, not the user's
        raise SystemExit(main())
