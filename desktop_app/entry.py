"""The ``cutmark`` program: the desktop app or the command line, chosen by the arguments.

Sits above both faces so neither imports the other: ``cutmark``, ``cutmark gui ...``
and ``cutmark VIDEO`` open the window; every other command is the CLI's.
"""

from __future__ import annotations

import sys
from pathlib import Path


def _wants_gui(argv: list[str]) -> bool:
    if not argv:
        return True
    first = argv[0]
    if first == "gui":
        return True
    if first.startswith("-"):
        return False
    from desktop_app.cli.main import COMMANDS

    return first not in COMMANDS and Path(first).exists()


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if _wants_gui(argv):
        rest = argv[1:] if argv and argv[0] == "gui" else argv
        if {"-h", "--help", "--version"} & set(rest):  # answered without loading Qt
            from desktop_app.ui.gui_args import build_parser

            try:
                build_parser().parse_args(rest)
            except SystemExit as exc:
                return int(exc.code or 0)
        try:
            from desktop_app.ui.app import run_gui
        except ImportError as exc:
            print(f"cutmark: error: the desktop app cannot start: {exc}. "
                  "Install the Qt libraries (see the README), or use 'cutmark process' headless.", file=sys.stderr)  # fmt: skip
            return 1
        return run_gui(rest)
    from desktop_app.cli.main import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    raise SystemExit(main())
