"""Typed errors -> one line for a person (the traceback only with --debug)."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

from desktop_app.core.errors import CutmarkError


def error_line(exc: BaseException, file: str | None = None) -> str:
    where = f"{file}: " if file else ""
    if file and isinstance(exc, CutmarkError) and Path(file).name in exc.message:
        where = ""  # the message names the file already
    if isinstance(exc, CutmarkError):
        text = exc.message.rstrip()
        if exc.hint:
            text += f" {exc.hint}"
        return f"cutmark: error: {where}{text}"
    return f"cutmark: error: {where}unexpected {type(exc).__name__}: {exc}. Run again with --debug and report it."


def report(exc: BaseException, file: str | None = None, *, debug: bool = False) -> None:
    if debug:
        traceback.print_exception(exc, file=sys.stderr)
    print(error_line(exc, file), file=sys.stderr)
