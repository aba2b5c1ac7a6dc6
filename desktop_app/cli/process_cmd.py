"""``cutmark process``: analyse files, write the project JSON and the SRT for each."""

from __future__ import annotations

import sys
from pathlib import Path

from desktop_app.cli.main import EXIT_CANCELLED, EXIT_FAILED, EXIT_OK
from desktop_app.cli.messages import report
from desktop_app.cli.progress_view import ProgressView
from desktop_app.core.errors import Cancelled, CutmarkError, OutputExistsError, UnreadableMediaError
from desktop_app.core.progress import CancelToken, Progress

MEDIA_SUFFIXES = {
    ".mp4", ".mov", ".mkv", ".webm", ".avi", ".m4v", ".mts", ".m2ts", ".ts", ".flv", ".wmv", ".mpg", ".mpeg",
    ".wav", ".mp3", ".m4a", ".aac", ".flac", ".ogg", ".opus", ".wma", ".aif", ".aiff",
}  # fmt: skip


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


def _outputs(media: Path, out_dir: Path | None, transcript: bool) -> dict[str, Path]:
    from desktop_app.export import registry
    from desktop_app.project.store import default_project_path

    project = default_project_path(media, out_dir)
    outs = {"project": project}
    if transcript:
        outs["srt"] = project.parent / (media.stem + registry.get("srt").suffix)
    return outs


def process_one(media: Path, args, options, engine, cache, view: ProgressView, cancel: CancelToken) -> dict:
    from desktop_app.export import registry
    from desktop_app.pipeline import analyze_cached
    from desktop_app.project.store import save_project

    if not media.exists():
        raise UnreadableMediaError(f"{media} does not exist.", hint="Check the path and its spelling.")
    out_dir = Path(args.out) if args.out else None
    outs = _outputs(media, out_dir, transcript=engine is not None)
    if not args.overwrite:  # refuse before spending minutes on the analysis
        for path in outs.values():
            if path.exists():
                raise OutputExistsError(f"{path} already exists.", path=str(path))
    gen = analyze_cached(media, options, engine, cancel, cache)
    while True:
        try:
            item = next(gen)
        except StopIteration as stop:
            project = stop.value
            break
        if isinstance(item, Progress):
            view.progress(item)
    outs["project"].parent.mkdir(parents=True, exist_ok=True)
    save_project(project, outs["project"], overwrite=True)
    if "srt" in outs:
        registry.export(project, ["srt"], outs["srt"].parent, stem=media.stem, overwrite=True)
    a = project.analysis
    return {
        "outputs": {k: str(v) for k, v in outs.items()},
        "segments": len(a.segments),
        "markers": len(a.markers),
        "duration_ms": a.media.duration_ms,
        "warnings": list(a.options.get("warnings", [])),
    }


def add_parser(sub) -> None:
    p = sub.add_parser(
        "process",
        help="analyse media files: writes <stem>.cutmark.json and <stem>.srt",
        description="Analyse video or audio files (or every media file in a folder). Writes "
        "<stem>.cutmark.json (the project: segments, markers) and <stem>.srt per input.",
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="media files or folders")
    p.add_argument("--model", metavar="DIR|ID", help="model folder or hub id (default: iic/SenseVoiceSmall)")
    p.add_argument("--device", default="auto", help="auto (default), cpu, cuda, cuda:N or mps")
    p.add_argument(
        "--language", default="auto", choices=["auto", "zh", "en", "yue", "ja", "ko"], help="spoken language"
    )
    p.add_argument("--no-itn", action="store_true", help="no punctuation or number formatting")
    p.add_argument("--vad-only", action="store_true", help="speech detection only: no speech model needed")
    p.add_argument("--audio-track", type=int, default=0, metavar="N", help="audio track, 0-based (default 0)")
    p.add_argument("--out", metavar="DIR", help="output folder (default: next to each input)")
    p.add_argument("--overwrite", action="store_true", help="replace existing output files")
    p.add_argument("--no-cache", action="store_true", help="ignore and do not fill the analysis cache")
    p.add_argument(
        "--progress",
        choices=["auto", "bar", "json", "none"],
        default="auto",
        help="bar on a terminal (auto), JSON lines on stdout for other programs, or none",
    )


def run(args) -> int:
    from desktop_app.pipeline import AnalysisOptions, load_engine
    from desktop_app.project.cache import AnalysisCache, default_cache_dir
    from desktop_app.transcribe.engine import TranscribeOptions

    view = ProgressView(args.progress)
    files = collect_inputs(args.inputs)
    if not files:
        print("cutmark: error: no media files found in the given folders.", file=sys.stderr)
        return EXIT_FAILED
    options = AnalysisOptions(
        audio_track=args.audio_track,
        vad_only=args.vad_only,
        transcribe=TranscribeOptions(language=args.language, use_itn=not args.no_itn),
    )
    engine = None
    if not args.vad_only:
        if view.mode == "bar":
            print("Loading the speech model…", file=sys.stderr)
        try:
            engine = load_engine(args.model, args.device)  # once for the whole run
        except CutmarkError as exc:
            report(exc, debug=args.debug)
            view.event("error", file=None, error=exc.message, hint=exc.hint)
            return EXIT_FAILED
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
            report(exc, str(media), debug=args.debug)
            view.event("error", file=str(media), error=exc.message, hint=exc.hint)
            failed += 1
            continue
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
