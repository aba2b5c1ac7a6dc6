"""The arguments of ``cutmark gui``, without Qt: ``cutmark gui --help`` prints them
without loading Qt or its multimedia plugins (which log warnings on import)."""

from __future__ import annotations

import argparse

from desktop_app import __version__

SHOW_CHOICES = ("export", "model", "shortcuts", "events", "edit", "text", "review", "batch")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="cutmark gui", description="Open the Cutmark window.")
    p.add_argument("video", nargs="?", help="a video, audio file or .cutmark.json project to open")
    p.add_argument("--project", help="the project file to use for VIDEO")
    p.add_argument("--model", metavar="DIR|ID", help="speech model folder or id")
    p.add_argument("--device", help="auto, cpu, cuda, cuda:N or mps")
    p.add_argument("--vad-only", action="store_true", help="speech detection only")
    p.add_argument("--language", choices=["system", "en", "zh_CN"], help="user interface language")
    p.add_argument(
        "--theme", choices=["dark", "light"], help="the window's look (remembered from View > Theme)"
    )
    p.add_argument(
        "--screenshot", metavar="OUT.png", help="save a picture of the window once analysis is done"
    )
    p.add_argument(
        "--quit-after-analysis", action="store_true", help="exit when the analysis (and screenshot) is done"
    )
    p.add_argument("--size", default="1600x1000", help="window size for the screenshot (WIDTHxHEIGHT)")
    p.add_argument(
        "--screenshot-show",
        choices=SHOW_CHOICES,
        help="with --screenshot: open a dialog (export, model, shortcuts), the Events panel, the "
        "editor of a transcript row (edit), or edit by text (text: fillers removed, a few words cut, a "
        "search under way), or the review of markers (review) before the picture; used for the user guide",
    )
    p.add_argument("--version", action="version", version=f"cutmark {__version__}")
    return p
