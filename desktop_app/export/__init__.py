"""Exporters by name and suffix, the subtitle layout rules and the editor timeline.

Formats, in the order :func:`names` lists them: ``srt vtt txt json`` (subtitles and
transcript), ``fcp7xml fcpxml edl otio mlt kdenlive`` (timelines for Premiere, Resolve, Final
Cut, Shotcut, Kdenlive and others), ``csv chapters`` (lists) and ``markers-edl`` (Resolve's marker
EDL). Importing this package (or any module in it) registers them all.
"""

from desktop_app.export.edl import EdlExporter, ResolveMarkersEdlExporter
from desktop_app.export.fcp7 import Fcp7XmlExporter
from desktop_app.export.fcpxml import FcpxmlExporter
from desktop_app.export.kdenlive import KdenliveExporter
from desktop_app.export.lists import ChaptersExporter, CsvExporter
from desktop_app.export.mlt import ShotcutExporter
from desktop_app.export.otio_timeline import OtioExporter
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
from desktop_app.export.subtitle_presets import PRESETS, compliance, cue_problems, preset
from desktop_app.export.subtitles import Cue, SubtitleOptions, build_cues
from desktop_app.export.text import TextExporter
from desktop_app.export.timeline import Timeline, TimelineOptions, build_timeline
from desktop_app.export.vtt import VttExporter

for _exporter in (
    SrtExporter(),
    VttExporter(),
    TextExporter(),
    ProjectJsonExporter(),
    Fcp7XmlExporter(),
    FcpxmlExporter(),
    EdlExporter(),
    OtioExporter(),
    ShotcutExporter(),
    KdenliveExporter(),
    CsvExporter(),
    ChaptersExporter(),
    ResolveMarkersEdlExporter(),
):
    register(_exporter, replace=True)
del _exporter

__all__ = [
    "PRESETS",
    "Cue",
    "ExportOptions",
    "Exporter",
    "SubtitleOptions",
    "Timeline",
    "TimelineOptions",
    "build_cues",
    "build_timeline",
    "by_suffix",
    "compliance",
    "cue_problems",
    "export",
    "get",
    "names",
    "preset",
    "register",
    "unregister",
]
