"""``cutmark highlights``: a highlight reel around laughter, applause or other events."""

from __future__ import annotations

import sys

from desktop_app.cli.cut_cmd import add_cut_arguments, add_output_arguments, load_input, run_planner
from desktop_app.cli.main import EXIT_FAILED, EXIT_OK
from desktop_app.cli.messages import report
from desktop_app.core.errors import CutmarkError
from desktop_app.core.timebase import format_clock


def add_parser(sub) -> None:
    p = sub.add_parser(
        "highlights",
        help="cut a highlight reel around laughter, applause or other events",
        description="Keep context around chosen events (by default 8 s before and 2 s after each "
        "laughter or applause), merged and ranked, optionally to a target length, and write the reel as "
        "editor timelines. INPUT is a project or a media file with its project beside it.",
    )
    p.add_argument("input", metavar="INPUT", help="project file, or media file with its project beside it")
    add_cut_arguments(p, mode="highlights")
    add_output_arguments(p, default_formats="fcp7xml")
    p.add_argument("--dry-run", action="store_true", help="print the chosen ranges; write nothing")
    p.add_argument(
        "--list", action="store_true", help="print every highlight, best first, with its score; write nothing"
    )


def run(args) -> int:
    if not args.list:
        return run_planner(args, "highlights")
    from desktop_app.edit import HighlightOptions, find_highlights

    try:
        project, _ = load_input(args.input, args.sensitivity)
        ranked = find_highlights(
            project.analysis,
            HighlightOptions(
                events=args.events,
                before_ms=args.before,
                after_ms=args.after,
                min_confidence=args.min_confidence,
            ),
        )
    except CutmarkError as exc:
        report(exc, args.input, debug=args.debug)
        return EXIT_FAILED
    if not ranked:
        print(f"no {', '.join(args.events)} found.", file=sys.stderr)
    for rank, h in enumerate(ranked, start=1):
        print(
            f"{rank:3d}  {format_clock(h.start_ms)}  {format_clock(h.end_ms)}  score {h.score:.2f}  {'+'.join(h.labels)}"
        )
    return EXIT_OK
