"""``cutmark cut``: silence removal (jump cuts) written as editor timelines.

Also home to what ``export``, ``highlights`` and ``render`` share: reading the project
(from a project file, or a media file with its project beside it), the cut options,
and turning them into a cut plan.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from desktop_app.cli.main import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from desktop_app.cli.messages import report
from desktop_app.core.errors import CutmarkError, ProjectError
from desktop_app.core.timebase import format_clock

PROJECT_SUFFIX = ".cutmark.json"
_DURATION = re.compile(
    r"^\s*(?:(?P<h>\d+(?:\.\d+)?)h)?\s*(?:(?P<m>\d+(?:\.\d+)?)m(?!s))?\s*(?:(?P<s>\d+(?:\.\d+)?)s)?\s*(?:(?P<ms>\d+)ms)?\s*$"
)


def parse_duration_ms(text: str) -> int:
    """``8s``, ``500ms``, ``1m30s``, ``1h2m``, ``90`` (seconds), ``01:30`` or ``00:01:30.5`` → milliseconds."""
    raw = str(text).strip().lower()
    try:
        if re.fullmatch(r"\d+(\.\d+)?", raw):
            return round(float(raw) * 1000)
        if re.fullmatch(r"\d+(:\d+){1,2}(\.\d+)?", raw):
            total = 0.0
            for part in raw.split(":"):
                total = total * 60 + float(part)
            return round(total * 1000)
        match = _DURATION.fullmatch(raw)
        if match and raw and any(match.groupdict().values()):
            g = {k: float(v) if v else 0.0 for k, v in match.groupdict().items()}
            return round(((g["h"] * 60 + g["m"]) * 60 + g["s"]) * 1000 + g["ms"])
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"not a duration: {text!r} (examples: 8s, 500ms, 1m30s, 90)")


def _ms(text: str) -> int:
    value = parse_duration_ms(text)
    if value < 0:
        raise argparse.ArgumentTypeError("durations must not be negative")
    return value


def _names(text: str) -> tuple[str, ...]:
    return tuple(n.strip().lower() for n in str(text).split(",") if n.strip())


# --- the project -------------------------------------------------------------------


def project_path_for(input_path: str) -> Path:
    """A project file as given, or the ``<stem>.cutmark.json`` beside a media file."""
    path = Path(input_path)
    if path.name.endswith(PROJECT_SUFFIX) or path.suffix.lower() == ".json":
        return path
    from desktop_app.project.store import default_project_path

    candidate = default_project_path(path)
    if not candidate.exists():
        raise ProjectError(
            f"{path.name} has no project yet ({candidate.name} not found)",
            hint=f"Run 'cutmark process {path}' first (add --vad-only for cuts without a speech model).",
            path=str(candidate),
        )
    return candidate


def load_input(input_path: str, sensitivity=None):
    """``(project, project file)`` for a project file or a media file with its project beside it;
    with a ``sensitivity`` (``--sensitivity``) its markers are derived again under it (no model)."""
    from desktop_app.project.store import load_project

    path = project_path_for(input_path)
    project = load_project(path)
    if sensitivity is not None:
        from desktop_app.session.markers import with_sensitivity

        project = with_sensitivity(project, sensitivity)
    return project, path


def _sensitivity(text: str):
    from desktop_app.events.sensitivity import SensitivityError, parse_sensitivity

    try:
        return parse_sensitivity(text)
    except SensitivityError as exc:
        raise argparse.ArgumentTypeError(f"{exc} {exc.hint}") from None


def media_path(project, project_file: Path, override: str | None = None) -> Path:
    """The source media: ``override``, else the project's path (relative paths are tried
    against the project's folder, then the current folder)."""
    if override:
        return Path(override).absolute()
    recorded = Path(project.analysis.media.path)
    if recorded.is_absolute():
        return recorded
    beside = project_file.parent / recorded
    return beside.absolute() if beside.exists() else recorded.absolute()


# --- cut options ---------------------------------------------------------------------


def add_cut_arguments(parser, *, mode: str | None) -> None:
    """The cut options; ``mode`` None adds ``--cut`` to choose the planner."""
    group = parser.add_argument_group("cut")
    if mode is None:
        group.add_argument(
            "--cut",
            default="none",
            choices=["none", "silence", "highlights", "marks"],
            help="none (default): the whole source; silence: jump cuts; highlights: around events; "
            "marks: only the keep/cut marks made in the app",
        )
    if mode in (None, "silence"):
        group.add_argument("--keep", type=_names, default=("speech",), metavar="WHAT[,WHAT]",
                           help="silence cut: what to keep: speech and/or event labels (default: speech)")  # fmt: skip
        group.add_argument(
            "--pad-ms",
            type=int,
            default=None,
            metavar="MS",
            help="padding before and after speech (default 200)",
        )
        group.add_argument("--pad-before-ms", type=int, default=None, metavar="MS",
                           help="padding before speech only (default: --pad-ms)")  # fmt: skip
        group.add_argument("--pad-after-ms", type=int, default=None, metavar="MS",
                           help="padding after speech only (default: --pad-ms)")  # fmt: skip
        group.add_argument(
            "--min-clip-ms",
            type=int,
            default=500,
            metavar="MS",
            help="no kept clip is shorter than this, after the keep/cut marks too (default 500)",
        )
        group.add_argument(
            "--min-gap-ms",
            type=int,
            default=500,
            metavar="MS",
            help="only cut silences at least this long (default 500)",
        )
    if mode in (None, "highlights"):
        group.add_argument("--events", type=_names, default=("laughter", "applause"), metavar="LABEL[,LABEL]",
                           help="highlights: the events to build around (default: laughter,applause)")  # fmt: skip
        group.add_argument(
            "--before", type=_ms, default=8000, metavar="DUR", help="context before each event (default 8s)"
        )
        group.add_argument(
            "--after", type=_ms, default=2000, metavar="DUR", help="context after each event (default 2s)"
        )
        group.add_argument(
            "--target",
            type=_ms,
            default=None,
            metavar="DUR",
            help="total length wanted (e.g. 60s): best highlights first",
        )
        group.add_argument(
            "--min-confidence",
            type=float,
            default=0.0,
            metavar="P",
            help="ignore events the model is less sure of",
        )
    group.add_argument("--sensitivity", type=_sensitivity, default=None, metavar="PRESET|LABEL=GAIN[,...]",
                       help="event sensitivity: 'model' (as the model says), 'find-more' (the model authors' "
                       "gains: applause x10, cry/sneeze/cough x3) or gains such as 'laughter=2,speech=0.5'; "
                       "re-derives the markers without the model (default: the project's)")  # fmt: skip
    group.add_argument("--drop", type=_names, default=(), metavar="TAG[,TAG]",
                       help="also cut these tags: cough, sneeze, breath, ..., and 'music' for music-only stretches")  # fmt: skip
    group.add_argument(
        "--ignore-marks",
        action="store_true",
        help="ignore the keep/cut marks (and word cuts) made in the app",
    )
    add_word_arguments(parser)


def add_word_arguments(parser) -> None:
    """Edit by text, headless: the same word cuts the app makes (they imply '--cut marks'
    where the command would otherwise cut nothing)."""
    group = parser.add_argument_group("words")
    group.add_argument("--remove-words", metavar="REGEX", action="append", default=None,
                       help="cut every word whose text matches REGEX entirely (case-insensitive; repeatable)")  # fmt: skip
    group.add_argument("--drop-fillers", action="store_true",
                       help="cut filler words (um, uh, 嗯, 呃, えっと, 음, ...) in each segment's language")  # fmt: skip
    group.add_argument("--fillers", metavar="FILE",
                       help="filler lists to use over the built-in ones (default: fillers.json in the config folder)")  # fmt: skip
    group.add_argument("--max-pause", type=int, default=None, metavar="MS",
                       help="shorten every pause between words to at most MS (events are spared); "
                       "also the most silence a word cut leaves (default 300)")  # fmt: skip
    group.add_argument("--handle-ms", type=int, default=40, metavar="MS",
                       help="least air kept beside a word at a word cut (default 40)")  # fmt: skip


def cut_request(args, mode: str | None = None):
    """The :class:`~desktop_app.edit.request.CutRequest` the arguments ask for."""
    from desktop_app.edit import HighlightOptions, SilenceCutOptions, TagDropOptions
    from desktop_app.edit.request import CutRequest

    mode = mode or getattr(args, "cut", "none")
    silence = highlights = None
    if mode == "silence":
        pad = args.pad_ms if args.pad_ms is not None else 200
        silence = SilenceCutOptions(
            keep=args.keep,
            pad_before_ms=args.pad_before_ms if args.pad_before_ms is not None else pad,
            pad_after_ms=args.pad_after_ms if args.pad_after_ms is not None else pad,
            min_clip_ms=args.min_clip_ms,
            min_gap_ms=args.min_gap_ms,
        )
    elif mode == "highlights":
        highlights = HighlightOptions(
            events=args.events,
            before_ms=args.before,
            after_ms=args.after,
            target_ms=args.target,
            min_confidence=args.min_confidence,
        )
    drop = None
    if args.drop:
        labels = tuple(t for t in args.drop if t not in ("music", "bgm"))
        drop = TagDropOptions(labels=labels, music_only=len(labels) != len(args.drop))
    return CutRequest(
        mode=mode,
        silence=silence,
        highlights=highlights,
        drop=drop,
        min_clip_ms=getattr(args, "min_clip_ms", None),  # 'highlights' has no --min-clip-ms: the default
        ignore_marks=args.ignore_marks,
        remove_words=tuple(args.remove_words or ()),
        drop_fillers=args.drop_fillers,
        fillers_file=args.fillers,
        max_pause_ms=args.max_pause,
        handle_ms=args.handle_ms,
    )


def plan_from_args(project, args, mode: str | None = None):
    """The cut plan the arguments ask for (None for ``--cut none`` without word edits)."""
    request = cut_request(args, mode)
    return request.plan(project.analysis, project.edits, project.waveform, project.peaks_per_second)


def check_formats(text: str) -> tuple[str, ...] | None:
    """The ``--format`` names, or None (after saying why) when one is unknown or none is given."""
    from desktop_app.export import registry

    names = _names(text)
    try:
        if not names:
            raise CutmarkError(
                "--format names no format", hint=f"Choose from: {', '.join(registry.names())}."
            )
        for name in names:
            registry.get(name)
    except CutmarkError as exc:
        report(exc)
        return None
    return names


def describe_plan(plan, duration_ms: int) -> str:
    if plan is None:
        return f"no cut: the whole source ({format_clock(duration_ms)})"
    share = plan.kept_ms / duration_ms * 100 if duration_ms else 0.0
    return (
        f"keeps {format_clock(plan.kept_ms)} of {format_clock(duration_ms)} ({share:.0f}%) "
        f"in {len(plan.ranges)} clip{'s' if len(plan.ranges) != 1 else ''}"
    )


# --- timeline output shared by cut and highlights -------------------------------------------


def add_output_arguments(parser, *, default_formats: str | None) -> None:
    """The output group; ``default_formats`` None leaves ``--format`` to the command."""
    group = parser.add_argument_group("output")
    if default_formats is not None:
        group.add_argument("--format", default=default_formats, metavar="NAME[,NAME]",
                           help=f"formats to write (default: {default_formats}); see 'cutmark export --help'")  # fmt: skip
    group.add_argument("--out", metavar="DIR", help="output folder (default: the project's folder)")
    group.add_argument("--stem", metavar="NAME", help="file name without suffix (default: the media's name)")
    group.add_argument(
        "--fps",
        metavar="RATE",
        help="timeline frame rate for audio-only or variable-rate media (default: the video's, else 25)",
    )
    group.add_argument(
        "--media",
        metavar="PATH",
        help="where the editor should find the source (default: the project's media path)",
    )
    group.add_argument("--overwrite", action="store_true", help="replace existing files")


def default_stem(project_file: Path) -> str:
    name = project_file.name
    return name[: -len(PROJECT_SUFFIX)] if name.endswith(PROJECT_SUFFIX) else project_file.stem


def export_with(
    project, project_file: Path, plan, args, formats: tuple[str, ...], subtitles=None
) -> list[Path]:
    """Write ``formats`` for ``plan`` through the exporter registry."""
    from desktop_app.export import ExportOptions, TimelineOptions, registry

    timeline = TimelineOptions(
        fps=args.fps,
        media_path=str(media_path(project, project_file, args.media)),
        marker_kinds=tuple(getattr(args, "markers", None) or ("event", "emotion")),
    )
    options = ExportOptions(cut=plan, timeline=timeline, **({"subtitles": subtitles} if subtitles else {}))
    out_dir = Path(args.out) if args.out else project_file.parent
    stem = args.stem or default_stem(project_file)
    return registry.export(
        project, list(formats), out_dir, stem=stem, options=options, overwrite=args.overwrite
    )


def add_parser(sub) -> None:
    p = sub.add_parser(
        "cut",
        help="remove silences (jump cuts) and write the cut as editor timelines",
        description="Keep the speech (with padding) and cut the silences, then write the cut as "
        "timelines for Premiere, Resolve, Final Cut, Shotcut, Kdenlive (FCP7 XML, FCPXML, EDL, OTIO, MLT, "
        ".kdenlive). INPUT is a "
        "project (<stem>.cutmark.json) or a media file with its project beside it.",
    )
    p.add_argument("input", metavar="INPUT", help="project file, or media file with its project beside it")
    add_cut_arguments(p, mode="silence")
    add_output_arguments(p, default_formats="fcp7xml")
    p.add_argument("--dry-run", action="store_true", help="print the kept ranges; write nothing")


def print_plan(plan) -> None:
    for r in plan.ranges:
        print(f"{format_clock(r.start_ms)}  {format_clock(r.end_ms)}  {r.reason}")


def run(args) -> int:
    return run_planner(args, "silence")


def run_planner(args, mode: str) -> int:
    """``cut`` and ``highlights``: plan, summarise, write."""
    formats = check_formats(args.format)
    if formats is None:
        return EXIT_USAGE
    try:
        project, project_file = load_input(args.input, args.sensitivity)
        plan = plan_from_args(project, args, mode)
        duration = project.analysis.media.duration_ms
        print(f"{project_file.name}: {describe_plan(plan, duration)}", file=sys.stderr)
        if plan is not None and not plan.ranges:
            print("cutmark: error: the cut keeps nothing; loosen the options.", file=sys.stderr)
            return EXIT_FAILED
        if args.dry_run:
            print_plan(plan)
            return EXIT_OK
        for path in export_with(project, project_file, plan, args, formats):
            print(path)
    except CutmarkError as exc:
        report(exc, args.input, debug=args.debug)
        return EXIT_FAILED
    return EXIT_OK
