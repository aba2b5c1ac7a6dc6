"""SubRip (.srt) through pysrt: UTF-8, numbered cues, ``HH:MM:SS,mmm`` times, ``\\n`` line ends."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

import pysrt

from desktop_app.export.registry import Exporter, ExportOptions
from desktop_app.export.subtitles import build_cues
from desktop_app.project.atomic import atomic_write_text

if TYPE_CHECKING:
    from desktop_app.project.schema import Project


class SrtExporter(Exporter):
    name = "srt"
    suffix = ".srt"
    description = "SubRip subtitles (.srt): every editor and player reads them"

    def write(self, project: Project, path: Path, options: ExportOptions) -> Path:
        items = [
            pysrt.SubRipItem(
                index=number,
                start=pysrt.SubRipTime.from_ordinal(cue.start_ms),
                end=pysrt.SubRipTime.from_ordinal(cue.end_ms),
                text=cue.text,
            )
            for number, cue in enumerate(build_cues(project, options.subtitles, options.cut), start=1)
        ]
        buffer = io.StringIO()
        pysrt.SubRipFile(items=items, eol="\n").write_into(buffer, eol="\n")
        return atomic_write_text(path, buffer.getvalue())
