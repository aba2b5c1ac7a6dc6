"""``cutmark process``: analyse files, write the project JSON and the SRT for each."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path

from desktop_app.batch.inputs import MEDIA_SUFFIXES
from desktop_app.cli.analysis_args import add_analysis_args, analysis_options
from desktop_app.cli.main import EXIT_CANCELLED, EXIT_FAILED, EXIT_OK, EXIT_USAGE
from desktop_app.cli.messages import report
from desktop_app.cli.progress_view import ProgressView
from desktop_app.core.errors import (
    Cancelled,
    CutmarkError,
    OutputError,
    OutputExistsError,
    UnreadableMediaError,
)
from desktop_app.core.progress import CancelToken, Notice, Progress, drive


def collect_inputs(inputs: list[str]) -> list[Path]:
    """Files as given; a folder means the media files directly inside it, sorted."""
    files: list[Path] = []
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            files.extend(
                sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in MEDIA_SUFFIXES)
            )
        else:
            files.append(path)
    return files


def _outputs(
    media: Path, out_dir: Path | None, transcript: bool, extra: tuple[str, ...] = ()
) -> dict[str, Path]:
    from desktop_app.export import registry
    from desktop_app.project.store import default_project_path

    project = default_project_path(media, out_dir)
    outs = {"project": project}
    if transcript:
        outs["srt"] = project.parent / (media.stem + registry.get("srt").suffix)
    for name in extra:  # --export
        outs[name] = project.parent / (media.stem + registry.get(name).suffix)
    return outs


def export_names(value: str | None) -> tuple[str, ...]:
    """The ``--export`` format names, checked against the registry (ExportError when unknown)."""
    from desktop_app.export import registry

    names = [n.strip().lower() for n in (value or "").split(",") if n.strip()]
    return tuple(dict.fromkeys(registry.get(n).name for n in names))


def process_one(media: Path, args, options, engine, cache, view: ProgressView, cancel: CancelToken) -> dict:
    from desktop_app.export import registry
    from desktop_app.pipeline import analyze_cached
    from desktop_app.project.store import save_project

    if not media.exists():
        raise UnreadableMediaError(f"{media} does not exist.", hint="Check the path and its spelling.")
    out_dir = Path(args.out) if args.out else None
    extra = export_names(getattr(args, "export", None))
    outs = _outputs(media, out_dir, transcript=engine is not None and not options.vad_only, extra=extra)
    if not args.overwrite:  # refuse before spending minutes on the analysis
        for path in outs.values():
            if path.exists():
                raise OutputExistsError(f"{path} already exists.", path=str(path))
    check_writable(outs["project"].parent)  # a read-only folder fails now, not after the analysis
    told = set()

    def show(item) -> None:
        if isinstance(item, Progress):
            if item.stage == "load" and item.done == 0 and view.mode == "bar":
                view.finish_line()
                print("Loading the speech model…", file=sys.stderr)
            view.progress(item)
        elif isinstance(item, Notice):  # e.g. the GPU ran out of memory: say so while the job goes on
            view.finish_line()
            print(f"cutmark: warning: {media}: {item.message}", file=sys.stderr)
            view.event("warning", file=str(media), message=item.message)
            told.add(item.message)

    # drive closes the analysis however it ends: a closed pipe or Ctrl+C stops it (and joins
    # its threads) now
    project = drive(analyze_cached(media, options, engine, cancel, cache), show)
    created = [p for p in outs.values() if not p.exists()]
    try:
        try:
            outs["project"].parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            folder = outs["project"].parent
            raise OutputError(f"cannot create {folder}: {err.strerror or err}", path=str(folder)) from err
        save_project(project, outs["project"], overwrite=True)
        if "srt" in outs:
            registry.export(project, ["srt"], outs["srt"].parent, stem=media.stem, overwrite=True)
        if extra:
            registry.export(project, list(extra), outs["project"].parent, stem=media.stem, overwrite=True)
    except BaseException:
        # Ctrl+C or a full disk between two outputs: remove the ones this run created, so a
        # file's outputs are all there or none are, and the next run needs no --overwrite.
        for path in created:
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)
        raise
    a = project.analysis
    return {
        "outputs": {k: str(v) for k, v in outs.items()},
        "segments": len(a.segments),
        "markers": len(a.markers),
        "duration_ms": a.media.duration_ms,
        "warnings": [w for w in a.options.get("warnings", []) if w not in told],
    }


def check_writable(folder: Path) -> None:
    """:class:`OutputError` unless a file can be created in ``folder`` (or, when it does not
    exist yet, in the nearest existing folder above it, where it would be made)."""
    probe_dir = folder
    while not probe_dir.exists() and probe_dir.parent != probe_dir:
        probe_dir = probe_dir.parent
    if not probe_dir.is_dir():
        raise OutputError(f"cannot write in {folder}: {probe_dir} is not a folder.", path=str(folder))
    try:
        fd, name = tempfile.mkstemp(prefix=".cutmark-write-check.", dir=probe_dir)
        os.close(fd)
        os.unlink(name)
    except OSError as err:
        raise OutputError(f"cannot write in {probe_dir}: {err.strerror or err}.", path=str(folder)) from err


def add_parser(sub) -> None:
    p = sub.add_parser(
        "process",
        help="analyse media files: writes <stem>.cutmark.json and <stem>.srt",
        description="Analyse video or audio files (or every media file in a folder). Writes "
        "<stem>.cutmark.json (the project: segments, markers) and <stem>.srt per input.",
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="media files or folders")
    add_analysis_args(p)
    p.add_argument("--out", metavar="DIR", help="output folder (default: next to each input)")
    p.add_argument("--overwrite", action="store_true", help="replace existing output files")
    p.add_argument("--no-cache", action="store_true", help="ignore and do not fill the analysis cache")
    p.add_argument(
        "--export",
        metavar="NAME[,NAME...]",
        help="also write these formats beside the project, e.g. vtt,fcp7xml,edl (see 'cutmark export --help')",
    )
    p.add_argument(
        "--progress",
        choices=["auto", "bar", "json", "none"],
        default="auto",
        help="bar on a terminal (auto), JSON lines on stdout for other programs, or none",
    )


def run(args) -> int:
    from desktop_app.pipeline import EngineSource
    from desktop_app.project.cache import AnalysisCache, default_cache_dir

    view = ProgressView(args.progress)
    try:
        export_names(args.export)  # an unknown format is a usage error, before any work
    except CutmarkError as exc:
        report(exc, debug=args.debug)
        return EXIT_USAGE
    files = collect_inputs(args.inputs)
    if not files:
        print("cutmark: error: no media files found in the given folders.", file=sys.stderr)
        return EXIT_FAILED
    options = analysis_options(args)
    # Loaded once for the whole run, when the first file that opened misses the cache: a
    # rerun from the cache, or a run of files that are no media, loads no model at all.
    engine = None if args.vad_only else EngineSource(args.model, args.device)
    cache = None if args.no_cache else AnalysisCache(default_cache_dir())
    cancel = CancelToken()
    failed = 0
    for index, media in enumerate(files, 1):
        view.start_file(str(media), index, len(files))
        try:
            result = process_one(media, args, options, engine, cache, view, cancel)
        except (KeyboardInterrupt, Cancelled):
            view.finish_line()
            print(f"cutmark: cancelled during {media}; nothing was written for it.", file=sys.stderr)
            view.event("cancelled", file=str(media))
            return EXIT_CANCELLED
        except CutmarkError as exc:
            view.finish_line()
            if engine is not None and engine.error is exc:  # no model, no device: the run stops
                report(exc, debug=args.debug)
                view.event("error", file=None, error=exc.message, hint=exc.hint)
                return EXIT_FAILED
            report(exc, str(media), debug=args.debug)
            view.event("error", file=str(media), error=exc.message, hint=exc.hint)
            failed += 1
            continue
        except BrokenPipeError:  # stdout is gone (`| head`): not the file's fault; main() ends the run
            raise
        except Exception as exc:  # one bad file must not stop the batch
            view.finish_line()
            report(exc, str(media), debug=args.debug)
            view.event("error", file=str(media), error=f"{type(exc).__name__}: {exc}", hint="")
            failed += 1
            continue
        view.finish_line()
        for warning in result["warnings"]:
            print(f"cutmark: warning: {media}: {warning}", file=sys.stderr)
        if view.mode != "json":
            print(f"{media} -> {', '.join(result['outputs'].values())}", file=sys.stderr)
        view.event("done", file=str(media), **result)
    done = len(files) - failed
    if view.mode == "json":
        view.event("summary", done=done, failed=failed)
    elif len(files) > 1 or failed:
        print(f"cutmark: {done} done, {failed} failed.", file=sys.stderr)
    return EXIT_OK if failed == 0 else EXIT_FAILED
