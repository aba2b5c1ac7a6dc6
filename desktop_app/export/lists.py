"""Plain lists: CSV segments (LosslessCut and spreadsheets) and YouTube chapter lines.

CSV (.csv): ``start,end,label`` rows, seconds with three decimals, no header (the form
LosslessCut imports). With a cut the rows are the kept ranges on the source's clock
(what to keep from the source, labelled with why); without one they are the markers.

Chapters (.chapters.txt): ``0:00 Start`` and then one line per event marker on the
cut's clock (``2:15 Laughter``), as YouTube reads them from a video description:
the first at 0:00, each at least ``chapter_min_gap_ms`` (10 s) after the one before
and before the end; closer markers are left out. Times are ``M:SS`` (``H:MM:SS``
when the video is an hour or longer).
"""

from __future__ import annotations

import csv
import io
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.edit.plan import whole_plan
from desktop_app.export.edl import one_line
from desktop_app.export.registry import Exporter, ExportOptions
from desktop_app.export.timeline import build_timeline, marker_name
from desktop_app.project.atomic import atomic_write_text

if TYPE_CHECKING:
    from desktop_app.project.schema import Project


def _seconds(ms: int) -> str:
    return f"{ms / 1000:.3f}"


def csv_rows(project: Project, options: ExportOptions) -> list[tuple[str, str, str]]:
    if options.cut is not None:
        return [(_seconds(r.start_ms), _seconds(r.end_ms), r.reason) for r in options.cut.ranges]
    kinds = options.timeline.marker_kinds
    rows = []
    for m in sorted(project.analysis.markers, key=lambda m: (m.start_ms, m.end_ms)):
        if m.kind not in kinds:
            continue
        if m.confidence is not None and m.confidence < options.timeline.min_marker_confidence:
            continue
        rows.append((_seconds(m.start_ms), _seconds(m.end_ms), one_line(marker_name(m.kind, m.label))))
    return rows


class CsvExporter(Exporter):
    name = "csv"
    suffix = ".csv"
    description = "CSV (.csv) start,end,label: the kept ranges (with a cut) or the markers, for LosslessCut"

    def write(self, project: Project, path: Path, options: ExportOptions) -> Path:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerows(csv_rows(project, options))
        return atomic_write_text(path, buffer.getvalue())


def chapter_clock(seconds: int, hours: bool) -> str:
    h, rem = divmod(seconds, 3600)
    m, s = divmod(rem, 60)
    return f"{h}:{m:02d}:{s:02d}" if hours else f"{m}:{s:02d}"


def chapters(project: Project, options: ExportOptions) -> list[tuple[int, str]]:
    """``(second on the cut's clock, title)`` per chapter, starting with ``(0, "Start")``."""
    tl = build_timeline(project, options.timeline, options.cut)
    plan = options.cut or whole_plan(project.analysis.media.duration_ms)
    end_s = plan.kept_ms // 1000
    gap_s = max(1, -(-options.timeline.chapter_min_gap_ms // 1000))
    out = [(0, "Start")]
    for m in tl.markers:
        if m.kind != "event":
            continue
        at = int(Fraction(m.rec_frame) / tl.rate)
        if at - out[-1][0] >= gap_s and end_s - at >= gap_s:
            out.append((at, one_line(m.name)))
    return out


class ChaptersExporter(Exporter):
    name = "chapters"
    suffix = ".chapters.txt"
    description = "YouTube chapters (.chapters.txt): one '2:15 Laughter' line per event, for the description"

    def write(self, project: Project, path: Path, options: ExportOptions) -> Path:
        items = chapters(project, options)
        plan = options.cut or whole_plan(project.analysis.media.duration_ms)
        hours = plan.kept_ms >= 3_600_000
        return atomic_write_text(path, "".join(f"{chapter_clock(s, hours)} {title}\n" for s, title in items))
