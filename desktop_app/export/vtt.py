"""WebVTT (.vtt): the subtitle format of browsers and web players."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.core.timebase import format_clock
from desktop_app.export.registry import Exporter, ExportOptions
from desktop_app.export.subtitles import build_cues
from desktop_app.project.atomic import atomic_write_text

if TYPE_CHECKING:
    from desktop_app.project.schema import Project


def escape_cue_text(text: str) -> str:
    """``&``, ``<`` and ``>`` as entities: cue text is markup in WebVTT (and ``-->`` is banned)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class VttExporter(Exporter):
    name = "vtt"
    suffix = ".vtt"
    description = "WebVTT subtitles (.vtt) for browsers, YouTube and web players"

    def write(self, project: Project, path: Path, options: ExportOptions) -> Path:
        blocks = ["WEBVTT\n"]
        for number, cue in enumerate(build_cues(project, options.subtitles, options.cut), start=1):
            timing = f"{format_clock(cue.start_ms)} --> {format_clock(cue.end_ms)}"
            blocks.append(f"{number}\n{timing}\n{escape_cue_text(cue.text)}\n")
        return atomic_write_text(path, "\n".join(blocks))
