"""What event refinement (issue #15) does and costs on the 10-minute show.

    python benchmarks/bench_refine.py            # writes results/refine-cpu-<minutes>min-<timestamp>.json
    python benchmarks/bench_refine.py --summary  # also results/latest-refine-cpu.json

The full-size random-weight model has the real compute but marks no events (its tags are
noise), so refinement never triggers on it. Two halves, on the same cached show
(``bench_pipeline.ensure_media``):

1. **What it does**: ``pipeline.analyze`` with the trained tiny model (it knows applause,
   laughter and music): which windows are flagged, and the
   event markers' median length with refinement and without (the same windows' markers
   rebuilt without their parts), under the model's own choice and the "find more"
   preset (which marks a window whose event is merely likely, over all of it unless
   refined).
2. **What it costs**: the full-size model, fp32 on the CPU, in one process: the first pass
   over every window the pipeline sends to the model, then the refinement pass over the
   sub-windows of the windows the tiny model flagged (what refinement would run), both
   through ``engine.transcribe`` (the second pass tags only, as refinement asks);
   ``time_added`` = refinement / first pass. Then one whole ``pipeline.analyze`` of the
   show as a user runs it (decode, speech search, model, words; the random weights flag
   nothing): ``analysis_time_added`` = refinement / that, the issue's "total analysis
   time grows by <= 10 %".
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.bench_pipeline import RESULTS, _machine, ensure_media  # noqa: E402

TINY = ROOT / "tests" / "assets" / "tiny_sensevoice"


def _median(values):
    return statistics.median(values) if values else None


def _in(spans):
    return lambda m: any(a <= m.start_ms and m.end_ms <= b for a, b in spans)


def what_it_does(media: Path) -> tuple[dict, list, object]:
    """Markers with and without the refined parts, under the model's own choice and the
    "find more" preset (which marks a window whose event is merely likely: over all of it
    without refinement)."""
    from desktop_app.core.progress import drive
    from desktop_app.events import build_markers
    from desktop_app.events.refine import RefineOptions, sub_windows
    from desktop_app.events.sensitivity import PRESETS, apply_sensitivity
    from desktop_app.pipeline import AnalysisOptions, analyze, load_engine

    engine = load_engine(str(TINY), "cpu")
    project = drive(analyze(media, AnalysisOptions(), engine))
    segs = project.analysis.segments
    refined = [s for s in segs if s.parts]
    plain = [dataclasses.replace(s, parts=()) for s in segs]
    in_refined = _in([(s.start_ms, s.end_ms) for s in refined])

    def lengths(markers, where=lambda m: True):
        return [m.end_ms - m.start_ms for m in markers if m.kind == "event" and where(m)]

    presets = {}
    for name in ("model", "find-more"):
        with_parts = build_markers(apply_sensitivity(segs, PRESETS[name]))
        without = build_markers(apply_sensitivity(plain, PRESETS[name]))
        presets[name] = {
            "event_markers": len(lengths(with_parts)),
            "event_markers_unrefined": len(lengths(without)),
            "event_median_ms": _median(lengths(with_parts)),
            "event_median_ms_unrefined": _median(lengths(without)),
            "in_refined_windows": lengths(with_parts, in_refined),
            "in_refined_windows_unrefined": lengths(without, in_refined),
            "in_refined_windows_median_ms": _median(lengths(with_parts, in_refined)),
            "in_refined_windows_median_ms_unrefined": _median(lengths(without, in_refined)),
        }
    subs = [w for s in refined for w in sub_windows(s, RefineOptions())]
    return (
        {
            "model": "tests/assets/tiny_sensevoice (trained tiny model)",
            "windows_to_model": sum(1 for s in segs if s.event is not None),
            "flagged_windows": len(refined),
            "flagged": [[s.start_ms, s.end_ms, s.event] for s in refined],
            "flagged_s": round(sum(s.duration_ms for s in refined) / 1000, 1),
            "sub_windows": len(subs),
            "presets": presets,
        },
        subs,
        project,
    )


def full_engine():
    from benchmarks.make_bench_model import ensure_model
    from desktop_app.pipeline import AnalysisOptions, load_engine

    engine = load_engine(str(ensure_model()), "cpu")
    engine.prepare(AnalysisOptions().transcribe)
    return engine


def what_it_costs(engine, media: Path, subs: list, repeats: int = 2) -> dict:
    from desktop_app.core.model import Window
    from desktop_app.core.progress import drive
    from desktop_app.media import decode_audio
    from desktop_app.pipeline import AnalysisOptions, analyze
    from desktop_app.transcribe.vad import speech_spans
    from desktop_app.transcribe.windows import loudness_db, plan_windows

    opts = AnalysisOptions()
    audio = drive(decode_audio(media, 0))
    spans = drive(speech_spans(audio.samples, opts.vad))
    windows = [
        w
        for w in plan_windows(
            audio.duration_ms, spans, loudness_db(audio.samples, audio.sample_rate), opts.windows
        )
        if not w.silent
    ]
    sub_windows = [Window(i, a, b, "speech") for i, (a, b) in enumerate(subs)]
    refine_opts = dataclasses.replace(opts.transcribe, word_timestamps=False)
    firsts, refines = [], []
    for _ in range(repeats):  # interleaved; the fastest of each (a shared machine only slows runs down)
        t0 = time.perf_counter()
        drive(engine.transcribe(audio.samples, windows, opts.transcribe))
        firsts.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        drive(engine.transcribe(audio.samples, sub_windows, refine_opts, text=False))
        refines.append(time.perf_counter() - t0)
    first_s, refine_s = min(firsts), min(refines)
    # the whole analysis as a user runs it (decode, speech search, the model, words); the
    # random weights flag nothing, so this is the analysis without refinement
    t0 = time.perf_counter()
    project = drive(analyze(media, opts, engine))
    analysis_s = time.perf_counter() - t0
    flagged_here = sum(1 for s in project.analysis.segments if s.parts)
    return {
        "repeats": repeats,
        "first_pass_runs_s": [round(x, 3) for x in firsts],
        "refine_runs_s": [round(x, 3) for x in refines],
        "load_average_at_end": round(os.getloadavg()[0], 2),
        "model": "full-size random weights (make_bench_model.py), fp32",
        "threads": engine.threads,
        "first_pass_windows": len(windows),
        "first_pass_audio_s": round(sum(w.duration_ms for w in windows) / 1000, 1),
        "first_pass_s": round(first_s, 3),
        "refine_windows": len(sub_windows),
        "refine_audio_s": round(sum(b - a for a, b in subs) / 1000, 1),
        "refine_s": round(refine_s, 3),
        "time_added": round(refine_s / first_s, 4) if first_s else None,
        "analysis_s": round(analysis_s, 3),
        "analysis_flagged_windows": flagged_here,
        "analysis_time_added": round(refine_s / analysis_s, 4),
        "audio_added": round(sum(b - a for a, b in subs) / max(1, sum(w.duration_ms for w in windows)), 4),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeats", type=int, default=2, help="timed passes of each (the fastest counts)")
    parser.add_argument("--summary", action="store_true", help="also write results/latest-refine-cpu.json")
    args = parser.parse_args(argv)
    media, meta = ensure_media(args.minutes, args.seed)
    does, subs, _ = what_it_does(media)
    costs = what_it_costs(full_engine(), media, subs, args.repeats)
    result = {
        "benchmark": "refine",
        "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "machine": _machine("cpu"),
        "media": meta,
        "does": does,
        "costs": costs,
    }
    text = json.dumps(result, indent=1)
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"refine-cpu-{args.minutes:g}min-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(text + "\n", encoding="utf-8")
    if args.summary:
        (RESULTS / "latest-refine-cpu.json").write_text(text + "\n", encoding="utf-8")
    print(f"written to {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
