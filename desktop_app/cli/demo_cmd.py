"""``cutmark demo``: a first try with no video at hand.

Builds the 60 s demo video (two bundled speech recordings, then applause, laughter and
music at known times), analyses it like ``cutmark process`` (with the speech model when
it is installed, else speech detection only), and says where the outputs are and what to
open next.
"""

from __future__ import annotations

import os
import sys
from argparse import Namespace
from pathlib import Path

from desktop_app.cli.main import EXIT_CANCELLED, EXIT_FAILED, EXIT_OK
from desktop_app.cli.messages import report
from desktop_app.cli.progress_view import ProgressView
from desktop_app.core.errors import Cancelled, CutmarkError, ModelNotFoundError, OutputExistsError
from desktop_app.core.progress import NEVER_CANCELLED, CancelToken, Progress, drive

STEM = "cutmark-demo"
DEFAULT_OUT = "cutmark-demo"
# what the demo's video holds, for the summary (desktop_app/resources/demo_show.py)
CONTENTS = "speech at 0:00, 0:26 and 0:47, applause at 0:12, laughter at 0:19, music at 0:36"


def add_parser(sub) -> None:
    p = sub.add_parser(
        "demo",
        help="make a 60 s demo video, analyse it, and say what to open next",
        description="A first try with no video at hand: writes cutmark-demo.mp4 (60 s: speech from "
        "two bundled recordings, applause, laughter and music at known times), analyses it like "
        "'cutmark process', and prints where the project and subtitles are and what to open next. "
        "Uses the speech model when it is installed, else speech detection only. "
        "For your own video use 'cutmark process VIDEO'.",
    )
    p.add_argument(
        "--out",
        metavar="DIR",
        default=DEFAULT_OUT,
        help=f"folder for the demo files (default: ./{DEFAULT_OUT})",
    )
    p.add_argument(
        "--model", metavar="DIR|ID", help="speech model folder or hub id (default: the installed one)"
    )
    p.add_argument(
        "--vad-only", action="store_true", help="speech detection only, even with a model installed"
    )
    p.add_argument("--overwrite", action="store_true", help="replace the demo files if they exist")
    p.add_argument(
        "--progress",
        choices=["auto", "bar", "json", "none"],
        default="auto",
        help="bar on a terminal (auto), JSON lines on stdout, or none",
    )


def make_demo_video(
    out: str | os.PathLike, *, overwrite: bool = False, cancel: CancelToken = NEVER_CANCELLED
):
    """Write the 60 s demo video to ``out`` (a generator of Progress; returns the path)."""
    from desktop_app.media import decode_audio_all
    from desktop_app.media.synth_video import write_video
    from desktop_app.resources import demo_show, recording

    first = decode_audio_all(recording("zh_speech_8s.wav")).samples  # Mandarin
    second = decode_audio_all(recording("en_commentary.mp3")).samples  # English
    audio, parts = demo_show.show_60s(first, second)
    n_frames = demo_show.DURATION_S * demo_show.FPS
    frames = demo_show.frames(parts)
    return (
        yield from write_video(
            out, frames, n_frames, demo_show.FPS, audio, demo_show.SR, overwrite=overwrite, cancel=cancel
        )
    )


def _engine(args, view: ProgressView):
    """The speech engine, or None (speech detection only) with the reason to tell."""
    from desktop_app.pipeline import load_engine

    if args.vad_only:
        return None, None
    try:
        if view.mode == "bar":
            print("Loading the speech model…", file=sys.stderr)
        return load_engine(args.model, "auto"), None
    except ModelNotFoundError as exc:
        if args.model is not None:  # the user named a model: that is an error, not a fallback
            raise
        return None, exc


def _drive(gen, view: ProgressView):
    return drive(gen, lambda item: view.progress(item) if isinstance(item, Progress) else None)


def run(args) -> int:
    video = Path(args.out) / f"{STEM}.mp4"
    view = ProgressView(args.progress)
    try:
        result, no_model = _make_and_analyse(args, video, view, CancelToken())
    except (KeyboardInterrupt, Cancelled):
        view.finish_line()
        print("cutmark: demo cancelled; nothing half-written was left behind.", file=sys.stderr)
        view.event("cancelled", file=str(video))
        return EXIT_CANCELLED
    except CutmarkError as exc:
        view.finish_line()
        report(exc, debug=args.debug)
        view.event("error", file=str(video), error=exc.message, hint=exc.hint)
        return EXIT_FAILED
    view.finish_line()
    view.event("done", file=str(video), **result)
    if view.mode != "json":
        _summary(video, result, no_model)
    return EXIT_OK


def _make_and_analyse(args, video: Path, view: ProgressView, cancel: CancelToken):
    from desktop_app.cli.process_cmd import process_one
    from desktop_app.pipeline import AnalysisOptions
    from desktop_app.project.cache import AnalysisCache, default_cache_dir

    out_dir = video.parent
    engine, no_model = _engine(args, view)
    planned = [video, out_dir / f"{STEM}.cutmark.json"] + ([out_dir / f"{STEM}.srt"] if engine else [])
    existing = [p for p in planned if p.exists()]
    if existing and not args.overwrite:  # refuse before spending a minute on the video
        raise OutputExistsError(
            f"The demo files are already in {out_dir} ({', '.join(p.name for p in existing)}).",
            hint=f"Open them with 'cutmark gui {video}', pass '--overwrite' to make them again, "
            "or choose another '--out' folder.",
            path=str(existing[0]),
        )
    view.start_file(str(video), 1, 1)
    if view.mode == "bar":
        print(f"Making the 60 s demo video {video}…", file=sys.stderr)
    _drive(make_demo_video(video, overwrite=args.overwrite, cancel=cancel), view)
    try:
        view.finish_line()
        analysis = Namespace(out=str(out_dir), overwrite=args.overwrite, export=None)
        options = AnalysisOptions(vad_only=engine is None)
        cache = AnalysisCache(default_cache_dir())
        return process_one(video, analysis, options, engine, cache, view, cancel), no_model
    except BaseException:
        video.unlink(missing_ok=True)  # all or nothing, like 'process': a rerun needs no --overwrite
        raise


def _summary(video: Path, result: dict, no_model: ModelNotFoundError | None) -> None:
    """Where the outputs are and what to open next, for a person."""
    prog = os.environ.get("CUTMARK_PROG") or "cutmark"  # scripts/cutmark.sh names itself
    outs = result["outputs"]
    print(f"The demo is ready in {video.parent}:")
    print(f"  {video}  the video: {CONTENTS}")
    print(f"  {outs['project']}  the analysis: {result['segments']} segments, {result['markers']} markers")
    if "srt" in outs:
        print(f"  {outs['srt']}  subtitles (open them in a text editor or a video player)")
    print("Next:")
    print(f"  {prog} gui {video}    open it in the window: timeline, events and transcript")
    if no_model is not None:
        print(
            "This analysis is speech detection only: the speech model is not installed. For transcripts, "
            f"emotions and events run '{prog} models download' (~936 MB, once), then '{prog} demo --overwrite'."
        )
    print(f"Your own video: {prog} process VIDEO")
