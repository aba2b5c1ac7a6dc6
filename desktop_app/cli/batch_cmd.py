"""``cutmark batch``: many files into one output folder, here or on a Ray cluster; resumable."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from desktop_app.cli.analysis_args import add_analysis_args, analysis_options
from desktop_app.cli.cut_cmd import add_cut_arguments, cut_request
from desktop_app.cli.main import EXIT_CANCELLED, EXIT_FAILED, EXIT_OK, EXIT_USAGE
from desktop_app.cli.messages import report
from desktop_app.cli.progress_view import BatchView
from desktop_app.core.errors import Cancelled, CutmarkError
from desktop_app.core.timebase import format_clock


def add_parser(sub) -> None:
    p = sub.add_parser(
        "batch",
        help="analyse many files into one folder, resumably; on a Ray cluster with --ray",
        description="Analyse every input into --out (the folders' layout mirrored): "
        "<name>.cutmark.json plus the --export formats per file. Files already analysed there "
        "with the same content, model and options are skipped, so a rerun after a crash finishes "
        "only what is missing. A bad file is listed in cutmark-batch-failures.json and the batch "
        "goes on; cutmark-batch-summary.json counts the run. Without --ray it runs here with one "
        "model load and needs no Ray.",
    )
    p.add_argument(
        "inputs",
        nargs="*",  # "*", not "+": a bare "--ray" may take the first one (moved back in run)
        metavar="INPUT",
        help="media files, folders (searched recursively), quoted glob patterns ('shows/**/*.mp4'), "
        "or manifest files (.txt/.list: one path or file:// URI per line)",
    )
    p.add_argument("--out", required=True, metavar="DIR", help="output folder (required)")
    p.add_argument(
        "--ray",
        nargs="?",
        const="auto",
        metavar="ADDRESS|auto|local",
        help="run on Ray: 'auto' (default when given alone) joins the cluster of 'ray start' or "
        "$RAY_ADDRESS, 'local' starts one on this machine, or a cluster address",
    )
    p.add_argument(
        "--gpus-per-worker",
        type=float,
        metavar="N",
        help="GPUs per model worker with --ray (0.5 puts two on a GPU; default 1 when the cluster "
        "has GPUs, else 0: CPU workers)",
    )
    p.add_argument(
        "--cpus-per-worker",
        type=float,
        default=1.0,
        metavar="N",
        help="CPU cores per model worker (default 1)",
    )
    p.add_argument(
        "--workers", type=int, metavar="N", help="model workers with --ray (default: as many as fit)"
    )
    p.add_argument(
        "--retries",
        type=int,
        default=2,
        metavar="N",
        help="with --ray: times a file is retried when its worker dies (default 2)",
    )
    p.add_argument(
        "--export",
        default="srt",
        metavar="NAME[,NAME...]",
        help="formats written beside each project (default srt; 'none' for the projects only)",
    )
    add_analysis_args(p, device_help="without --ray: auto (default), cpu, cuda, cuda:N or mps")
    add_cut_arguments(p, mode=None)  # the --export timelines and subtitles follow the cut
    p.add_argument(
        "--overwrite",
        action="store_true",
        help="replace projects in --out made from another file, model or options (else they fail)",
    )
    p.add_argument(
        "--progress",
        choices=["auto", "bar", "json", "none"],
        default="auto",
        help="overall bar on a terminal (auto), JSON lines on stdout, or none",
    )


def _export_names(value: str) -> tuple[str, ...]:
    if value.strip().lower() in ("", "none"):
        return ()
    from desktop_app.cli.process_cmd import export_names

    return export_names(value)


def run(args) -> int:
    from desktop_app.batch.inputs import collect_items
    from desktop_app.batch.run import BatchProgress, ItemDone, run_batch
    from desktop_app.batch.work import JobSpec

    view = BatchView(args.progress)
    if args.ray not in (None, "auto", "local") and Path(args.ray).exists():
        # "--ray /archive --out x": argparse gave the first input to --ray
        args.inputs, args.ray = [args.ray, *args.inputs], "auto"
    if not args.inputs:
        print(
            "cutmark: error: give at least one INPUT (a file, folder, pattern or manifest).", file=sys.stderr
        )
        return EXIT_USAGE
    if args.retries < 0 or (args.workers is not None and args.workers < 1) or args.cpus_per_worker <= 0:
        print("cutmark: error: --retries must be >= 0, --workers and --cpus-per-worker > 0.", file=sys.stderr)
        return EXIT_USAGE
    try:
        exports = _export_names(args.export)
    except CutmarkError as exc:
        report(exc, debug=args.debug)
        return EXIT_USAGE
    items = collect_items(args.inputs)
    if not items:
        print("cutmark: error: no media files found in the given inputs.", file=sys.stderr)
        return EXIT_FAILED
    try:
        model_folder = None
        if not args.vad_only:
            from desktop_app.transcribe.models import resolve_model

            # absolute: Ray workers do not share this shell's folder (and it names the model in projects)
            model_folder = os.path.abspath(resolve_model(args.model))  # a missing model fails now
        job = JobSpec(
            out_dir=os.path.abspath(args.out),
            options=analysis_options(args),
            model_folder=model_folder,
            exports=exports,
            overwrite=args.overwrite,
            cut=cut if (cut := cut_request(args)).effective_mode != "none" else None,
        )
        from desktop_app.cli.process_cmd import check_writable

        check_writable(Path(args.out))
    except CutmarkError as exc:
        report(exc, debug=args.debug)
        view.event("error", file=None, error=exc.message, hint=exc.hint)
        return EXIT_FAILED

    summary = None
    try:
        if args.ray is None:
            from desktop_app.batch.local import run_local

            runner, name = run_local(items, job, device=args.device), "local"
            summary = _drive(run_batch(items, job, runner, runner_name=name), view, BatchProgress, ItemDone)
        else:
            import dataclasses

            from desktop_app.batch import ray_runner

            # the tasks run in other processes, maybe on other machines: no relative paths
            items = [
                i if i.problem else dataclasses.replace(i, source=os.path.abspath(i.source)) for i in items
            ]

            with ray_runner.connect(args.ray):
                layout = ray_runner.plan(args.gpus_per_worker, args.cpus_per_worker, args.workers)
                if view.mode == "bar":
                    print(
                        f"Ray: {layout.workers} model worker(s) on {layout.device} "
                        f"(cluster: {layout.cluster_cpus:g} CPUs, {layout.cluster_gpus:g} GPUs)",
                        file=sys.stderr,
                    )
                view.event("cluster", **layout.__dict__)
                runner = ray_runner.run_ray(items, job, layout, max_attempts=args.retries + 1)
                summary = _drive(
                    run_batch(items, job, runner, runner_name="ray"), view, BatchProgress, ItemDone
                )
    except (KeyboardInterrupt, Cancelled):
        view.finish_line()
        print(
            "cutmark: batch cancelled; finished files are kept, run the same command again to do the rest.",
            file=sys.stderr,
        )
        view.event("cancelled")
        return EXIT_CANCELLED
    except CutmarkError as exc:
        view.finish_line()
        report(exc, debug=args.debug)
        view.event("error", file=None, error=exc.message, hint=exc.hint)
        return EXIT_FAILED

    view.finish_line()
    view.event("summary", **summary.to_dict())
    if view.mode != "json":
        speed = f" ({summary.audio_hours_per_hour:.0f}x real time)" if summary.audio_hours else ""
        print(
            f"cutmark: batch: {summary.done} done, {summary.skipped} skipped, {summary.failed} failed; "
            f"{summary.audio_hours:.2f} h of audio in {format_clock(int(summary.wall_s * 1000))[:-4]}{speed}.",
            file=sys.stderr,
        )
        if summary.failed:
            print(
                f"cutmark: the failures are listed in {Path(args.out) / 'cutmark-batch-failures.json'}",
                file=sys.stderr,
            )
    return EXIT_OK if summary.failed == 0 else EXIT_FAILED


def _drive(gen, view: BatchView, progress_type, item_type):
    """Show the driver's events; return its summary."""
    from desktop_app.core.progress import drive

    def show(event) -> None:
        if isinstance(event, progress_type):
            view.progress(event, force=event.stage == "")
        elif isinstance(event, item_type):
            view.finish_line()
            if event.status == "failed":
                print(
                    f"cutmark: error: {event.source}: {event.reason}{' ' + event.hint if event.hint else ''}",
                    file=sys.stderr,
                )
            view.event(
                "item",
                status=event.status,
                file=event.source,
                audio_s=round(event.audio_s, 3),
                outputs=list(event.outputs),
                reason=event.reason or None,
                attempts=event.attempts,
            )

    return drive(gen, show)
