"""Typed errors -> one line for a person (the traceback only with --debug); usage errors
with the usage of the command they belong to."""

from __future__ import annotations

import argparse
import difflib
import sys
import traceback
from pathlib import Path

from desktop_app.core.errors import CutmarkError

_SENTENCE_ENDS = (".", "!", "?", "…", "。", "！", "？")


def sentence(text: str) -> str:
    """``text`` ending in a full stop, so a hint after it reads as its own sentence."""
    text = text.rstrip()
    return text if not text or text.endswith(_SENTENCE_ENDS) else text + "."


def error_line(exc: BaseException, file: str | None = None) -> str:
    where = f"{file}: " if file else ""
    if file and isinstance(exc, CutmarkError) and Path(file).name in exc.message:
        where = ""  # the message names the file already
    if isinstance(exc, CutmarkError):
        text = sentence(exc.message)
        if exc.hint:
            text += f" {sentence(exc.hint)}"
        return f"cutmark: error: {where}{text}"
    return f"cutmark: error: {where}unexpected {type(exc).__name__}: {exc}. Run again with --debug and report it."


def report(exc: BaseException, file: str | None = None, *, debug: bool = False) -> None:
    if debug:
        traceback.print_exception(exc, file=sys.stderr)
    print(error_line(exc, file), file=sys.stderr)


class CommandParser(argparse.ArgumentParser):
    """A command's parser. An option it does not know is its own usage error (argparse
    leaves those to the top-level parser, which prints ``cutmark``'s usage instead of the
    command's), with the closest option it does know."""

    def parse_known_args(self, args=None, namespace=None):
        namespace, extras = super().parse_known_args(args, namespace)
        if extras:
            known = [o for o in self._option_string_actions if o.startswith("--")]
            guess = difflib.get_close_matches(extras[0].split("=", 1)[0], known, n=1)
            also = f" (did you mean {guess[0]}?)" if guess and extras[0].startswith("-") else ""
            if "--debug" in extras:  # cutmark's own option, not the command's
                also = f" (--debug goes before the command: cutmark --debug {self.prog.split()[-1]} ...)"
            self.error(f"unrecognized arguments: {' '.join(extras)}{also}")
        return namespace, extras
