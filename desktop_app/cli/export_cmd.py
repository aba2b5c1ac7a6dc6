"""``cutmark export``: write a project as subtitles, timelines and lists, optionally for a cut."""

from __future__ import annotations

import sys
from pathlib import Path

from desktop_app.cli.cut_cmd import (
    _names,
    add_cut_arguments,
    add_output_arguments,
    check_formats,
    describe_plan,
    export_with,
    load_input,
    plan_from_args,
)
from desktop_app.cli.main import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from desktop_app.cli.messages import report
from desktop_app.core.errors import CutmarkError

FORMATS_HELP = (
    "srt, vtt, txt, json (subtitles, transcript, project); fcp7xml (.xml: Premiere, Resolve), "
    "fcpxml (Final Cut, Resolve), edl (CMX 3600), otio (Kdenlive 25.04+, OTIO tools), mlt (Shotcut), "
    "kdenlive (Kdenlive, with its subtitles beside it as <stem>.kdenlive.srt); csv "
    "(start,end,label: LosslessCut), chapters (YouTube); markers-edl (Resolve marker EDL)"
)


def add_subtitle_arguments(parser) -> None:
    group = parser.add_argument_group("subtitles")
    group.add_argument("--preset", default="latin", choices=["latin", "cjk", "vertical"],
                       help="layout: latin 42x2 <=20 chars/s (CJK segments 16x2 <=9), cjk 16x2 <=9, vertical 24x2")  # fmt: skip
    group.add_argument(
        "--max-chars", type=int, metavar="N", help="characters per line (overrides the preset)"
    )
    group.add_argument("--max-lines", type=int, metavar="N", help="lines per cue")
    group.add_argument("--max-cps", type=float, metavar="CPS", help="characters per second")
    group.add_argument(
        "--min-duration-ms", type=int, metavar="MS", help="shortest cue on screen (default 1000)"
    )
    group.add_argument(
        "--max-duration-ms", type=int, metavar="MS", help="longest cue on screen (default 7000)"
    )
    group.add_argument("--min-gap-between-ms", type=int, metavar="MS", help="gap between cues (default 80)")
    group.add_argument(
        "--hi", action="store_true", help="hearing-impaired captions: [Laughter], [Applause], [Music]..."
    )
    group.add_argument(
        "--hi-style",
        choices=["cue", "prefix"],
        default="cue",
        help="captions as own cues or before the speech",
    )
    group.add_argument(
        "--emotion", action="store_true", help="'(happy) ...' before speech with a non-neutral emotion"
    )


def subtitle_options(args):
    from desktop_app.export.subtitle_presets import preset

    overrides = {
        "max_chars_per_line": args.max_chars,
        "max_lines": args.max_lines,
        "max_cps": args.max_cps,
        "min_duration_ms": args.min_duration_ms,
        "max_duration_ms": args.max_duration_ms,
        "min_gap_ms": args.min_gap_between_ms,
    }
    overrides = {k: v for k, v in overrides.items() if v is not None}
    overrides.update(include_events=args.hi, event_style=args.hi_style, include_emotion=args.emotion)
    return preset(args.preset, **overrides)


def add_parser(sub) -> None:
    p = sub.add_parser(
        "export",
        help="write subtitles, editor timelines and lists from a project",
        description="Write PROJECT as the chosen formats, each as <stem>.<suffix> (fcp7xml as .xml). "
        f"Formats: {FORMATS_HELP}. With --cut the timelines hold the cut and subtitle, marker and "
        "chapter times follow it.",
    )
    p.add_argument(
        "project",
        metavar="PROJECT",
        help="a <stem>.cutmark.json project (or a media file with its project beside it)",
    )
    p.add_argument(
        "--format", required=True, metavar="NAME[,NAME]", help="one or more formats, comma-separated"
    )
    p.add_argument("--markers", type=_names, default=("event", "emotion"), metavar="KIND[,KIND]",
                   help="marker kinds in timelines: event, emotion, silence (default: event,emotion)")  # fmt: skip
    add_cut_arguments(p, mode=None)
    add_subtitle_arguments(p)
    add_output_arguments(p, default_formats=None)  # its --format is required, above


def run(args) -> int:
    formats = check_formats(args.format)
    if formats is None:
        return EXIT_USAGE
    try:
        project, project_file = load_input(args.project, args.sensitivity)
        plan = plan_from_args(project, args)
        if plan is not None:
            print(
                f"{project_file.name}: {describe_plan(plan, project.analysis.media.duration_ms)}",
                file=sys.stderr,
            )
            if not plan.ranges:
                print("cutmark: error: the cut keeps nothing; loosen the options.", file=sys.stderr)
                return EXIT_FAILED
        paths = export_with(project, project_file, plan, args, formats, subtitle_options(args))
    except CutmarkError as exc:
        report(exc, args.project, debug=args.debug)
        return EXIT_FAILED
    for path in paths:
        print(Path(path))
    return EXIT_OK
