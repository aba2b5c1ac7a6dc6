"""Exporters by name and suffix (SRT, WebVTT, plain text, JSON) and the subtitle layout rules.

Importing this package (or any module in it) registers the built-in formats, in the
order that :func:`names` lists them.
"""

from desktop_app.export.project_json import ProjectJsonExporter
from desktop_app.export.registry import (
    Exporter,
    ExportOptions,
    by_suffix,
    export,
    get,
    names,
    register,
    unregister,
)
from desktop_app.export.srt import SrtExporter
from desktop_app.export.subtitles import Cue, SubtitleOptions, build_cues
from desktop_app.export.text import TextExporter
from desktop_app.export.vtt import VttExporter

for _exporter in (SrtExporter(), VttExporter(), TextExporter(), ProjectJsonExporter()):
    register(_exporter, replace=True)
del _exporter

__all__ = [
    "Cue",
    "ExportOptions",
    "Exporter",
    "SubtitleOptions",
    "build_cues",
    "by_suffix",
    "export",
    "get",
    "names",
    "register",
    "unregister",
]
