"""``cutmark events``: how many of each event and emotion a project holds, and where they bunch up."""

from __future__ import annotations

import json

from desktop_app.cli.cut_cmd import _ms, _sensitivity, load_input
from desktop_app.cli.main import EXIT_FAILED, EXIT_OK
from desktop_app.cli.messages import report
from desktop_app.core.errors import CutmarkError
from desktop_app.core.timebase import format_clock

_BARS = " ▁▂▃▄▅▆▇█"


def add_parser(sub) -> None:
    p = sub.add_parser(
        "events",
        help="count the events and emotions of a project and show where they bunch up",
        description="For each event and emotion: how many markers, the time they cover, the busiest "
        "stretches and a rate-per-minute strip over the file. The markers are the model's guesses: "
        "review them in the app (see docs/EVENTS.md).",
    )
    p.add_argument("input", metavar="INPUT", help="project file, or media file with its project beside it")
    p.add_argument("--sensitivity", type=_sensitivity, default=None, metavar="PRESET|LABEL=GAIN[,...]",
                   help="'model', 'find-more' or gains such as 'laughter=2' (default: the project's)")  # fmt: skip
    p.add_argument(
        "--bin", type=_ms, default=60_000, metavar="DUR", help="length of one strip step (default 1m)"
    )
    p.add_argument("--json", action="store_true", help="print the summary as JSON")


def strip(values) -> str:
    """A rate series as block characters, scaled to its own maximum."""
    top = max(values, default=0)
    if top <= 0:
        return _BARS[0] * len(values)
    return "".join(_BARS[round(v / top * (len(_BARS) - 1))] for v in values)


def run(args) -> int:
    from desktop_app.core.vocabulary import display_name
    from desktop_app.session.markers import event_summary

    try:
        if args.bin <= 0:
            raise CutmarkError("--bin must be longer than 0.")
        project, project_file = load_input(args.input, args.sensitivity)
        summary = event_summary(project, bin_ms=args.bin)
    except CutmarkError as exc:
        report(exc, args.input, debug=args.debug)
        return EXIT_FAILED
    if args.json:
        print(json.dumps(summary.to_dict(), ensure_ascii=False))
        return EXIT_OK
    clock = {"hours": summary.duration_ms >= 3_600_000}
    print(
        f"{project_file.name}: {format_clock(summary.duration_ms, **clock)}, one strip step = {args.bin / 1000:g} s"
    )
    if not summary.kinds:
        print("  no events or emotions marked")
    for k in summary.kinds:
        busiest = ", ".join(
            f"{format_clock(c.start_ms, **clock)} ({c.count})" for c in k.clusters if c.count > 1
        )
        print(
            f"  {display_name(k.label):<10} {k.count:4d}  {k.total_ms / 1000:7.1f} s  "
            f"|{strip(k.per_minute)}|  peak {max(k.per_minute):g}/min"
            + (f"  busiest from {busiest}" if busiest else "")
        )
    return EXIT_OK
