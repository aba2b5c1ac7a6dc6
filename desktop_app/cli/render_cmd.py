"""``cutmark render``: render a cut (jump cuts or a highlight reel) to a new video file."""

from __future__ import annotations

import sys
from pathlib import Path

from desktop_app.cli.cut_cmd import add_cut_arguments, describe_plan, load_input, media_path, plan_from_args
from desktop_app.cli.export_cmd import add_subtitle_arguments, subtitle_options
from desktop_app.cli.main import EXIT_CANCELLED, EXIT_FAILED, EXIT_OK
from desktop_app.cli.messages import report
from desktop_app.cli.progress_view import ProgressView
from desktop_app.core.errors import Cancelled, CutmarkError, OutputError, OutputExistsError

BACKENDS = ("pyav", "moviepy")
DEFAULT_BACKEND = "pyav"  # measured faster: see benchmarks/bench_render.py and docs/EXPORTS.md


def add_parser(sub) -> None:
    p = sub.add_parser(
        "render",
        help="render the cut (or the highlight reel) to a new video file",
        description="Render the kept ranges of the project's media, one after the other, to OUT "
        "(frame-accurate cuts, short audio fades at the joins). Written under a temporary name and "
        "renamed when complete: cancelling (Ctrl+C) leaves nothing behind.",
    )
    p.add_argument(
        "project",
        metavar="PROJECT",
        help="a <stem>.cutmark.json project (or a media file with its project beside it)",
    )
    p.add_argument("--out", required=True, metavar="OUT.mp4", help="the video file to write")
    p.add_argument("--burn-subtitles", action="store_true", help="draw the subtitles onto the picture")
    p.add_argument(
        "--backend", choices=BACKENDS, default=DEFAULT_BACKEND, help=f"renderer (default {DEFAULT_BACKEND})"
    )
    p.add_argument(
        "--crf", type=int, default=20, help="H.264 quality: lower is better and bigger (default 20)"
    )
    p.add_argument(
        "--speed", default="veryfast", help="x264 preset: ultrafast ... veryslow (default veryfast)"
    )
    p.add_argument("--fade-ms", type=float, default=8.0, help="audio fade at each join (default 8)")
    p.add_argument("--font", metavar="FILE", help="font file for burned-in subtitles")
    p.add_argument("--media", metavar="PATH", help="the source file (default: the project's media path)")
    p.add_argument("--overwrite", action="store_true", help="replace OUT if it exists")
    p.add_argument(
        "--progress",
        choices=["auto", "bar", "json", "none"],
        default="auto",
        help="bar on a terminal (auto), JSON lines on stdout for other programs, or none",
    )
    add_cut_arguments(p, mode=None)
    add_subtitle_arguments(p)


def _file_hint(exc: CutmarkError) -> None:
    """``render --out`` names a file, not the folder the output errors' hints speak of."""
    if "hint" in vars(exc):  # the raiser chose this hint
        return
    if isinstance(exc, OutputExistsError):
        exc.hint = "Pass '--overwrite' to replace it, or name another file with '--out OUT.mp4'."
    elif isinstance(exc, OutputError):
        exc.hint = "Name a file in a folder you can write to, with free space: '--out OUT.mp4'."


def run(args) -> int:
    from desktop_app.core.progress import CancelToken, Progress, drive
    from desktop_app.export.subtitles import build_cues
    from desktop_app.media.captions import Caption
    from desktop_app.media.render import RenderOptions, render_cut

    view = ProgressView(args.progress)
    cancel = CancelToken()
    try:
        project, project_file = load_input(args.project, args.sensitivity)
        plan = plan_from_args(project, args)
        duration = project.analysis.media.duration_ms
        keep = plan.spans() if plan is not None else [(0, duration)]
        if view.mode != "json":
            print(f"{project_file.name}: {describe_plan(plan, duration)}", file=sys.stderr)
        captions = ()
        if args.burn_subtitles:
            cues = build_cues(project, subtitle_options(args), plan)
            captions = tuple(Caption(c.start_ms, c.end_ms, c.text) for c in cues)
        options = RenderOptions(
            crf=args.crf,
            preset=args.speed,
            fade_ms=args.fade_ms,
            audio_track=project.analysis.audio_track,
            captions=captions,
            font_path=args.font,
            overwrite=args.overwrite,
        )
        source = media_path(project, project_file, args.media)
        if args.backend == "moviepy":
            from desktop_app.media.render_moviepy import render_cut_moviepy as renderer
        else:
            renderer = render_cut
        view.start_file(str(source), 1, 1)
        stage = renderer(source, keep, Path(args.out), options, cancel)
        try:
            out = drive(stage, lambda item: view.progress(item) if isinstance(item, Progress) else None)
        except KeyboardInterrupt:  # drive closed the stage: it removed its temporary file
            cancel.cancel()
            raise Cancelled("Cancelled by the user.") from None
    except Cancelled:
        view.finish_line()
        print(f"cutmark: cancelled; {args.out} was not written.", file=sys.stderr)
        view.event("cancelled", file=args.out)
        return EXIT_CANCELLED
    except CutmarkError as exc:
        view.finish_line()
        _file_hint(exc)
        report(exc, args.project, debug=args.debug)
        view.event("error", file=args.project, error=exc.message, hint=exc.hint)
        return EXIT_FAILED
    view.finish_line()
    view.event("done", file=str(out), duration_ms=plan.kept_ms if plan is not None else duration)
    if view.mode != "json":
        print(out)
    return EXIT_OK
