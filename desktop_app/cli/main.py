"""``cutmark`` entry point. Heavy modules are imported inside the commands: ``--help`` is instant."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys

from desktop_app import __version__

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_CANCELLED = 0, 1, 2, 130
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a tool killed by the signal reports

# Each command lives in ``desktop_app/cli/<name>_cmd.py`` with ``add_parser(sub)`` and
# ``run(args) -> int``; those modules import their heavy dependencies inside ``run``.
COMMANDS = [
    "demo",
    "process",
    "models",
    "probe",
    "export",
    "cut",
    "highlights",
    "events",
    "render",
    "doctor",
    "batch",
]


def _command_module(name: str):
    return importlib.import_module(f"desktop_app.cli.{name}_cmd")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cutmark",
        description="Cutmark: transcripts, laughter/applause/music/emotion markers, subtitles and "
        "jump-cut timelines from your videos, computed locally with SenseVoiceSmall.",
        epilog="The desktop app: 'cutmark' alone, 'cutmark VIDEO' or 'cutmark gui --help'.",
    )
    parser.add_argument("--version", action="version", version=f"cutmark {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for errors")
    from desktop_app.cli.messages import CommandParser  # a command's mistakes show its own usage

    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=CommandParser)

    for name in COMMANDS:
        _command_module(name).add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return _command_module(args.command).run(args)
    except KeyboardInterrupt:
        print("cutmark: cancelled.", file=sys.stderr)
        return EXIT_CANCELLED
    except BrokenPipeError:  # the reader went away (`cutmark ... | head`): end quietly
        _detach_closed_output()
        return EXIT_BROKEN_PIPE


def _detach_closed_output() -> None:
    """Point stdout (and stderr) at the null device, so the interpreter's flush at exit
    does not fail on the closed pipe again and print a traceback of its own."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError, AttributeError):
                os.dup2(devnull, stream.fileno())
        os.close(devnull)


if __name__ == "__main__":
    raise SystemExit(main())
