"""Plain transcript (.txt): one segment's text a line, in time order, no times (with a cut: what is left)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.export.registry import Exporter, ExportOptions
from desktop_app.export.subtitles import subtitle_segments
from desktop_app.project.atomic import atomic_write_text

if TYPE_CHECKING:
    from desktop_app.project.schema import Project


class TextExporter(Exporter):
    name = "txt"
    suffix = ".txt"
    description = "Plain transcript (.txt), one segment a line"

    def write(self, project: Project, path: Path, options: ExportOptions) -> Path:
        lines = [text for _seg, text in subtitle_segments(project, options.subtitles, options.cut)]
        return atomic_write_text(path, "".join(line + "\n" for line in lines))
