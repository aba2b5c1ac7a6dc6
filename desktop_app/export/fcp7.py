"""FCP7 XML (xmeml, .xml) for Premiere Pro and DaVinci Resolve, through OpenTimelineIO's fcp_xml adapter.

The adapter writes the sequence, the clip items and the markers; Cutmark hands it, as
metadata, what it cannot know: the frame size and audio format (the sequence's
``<format>`` and the file's ``<media>``), drop-frame display of the source timecode,
and a ``<sourcetrack>`` for each clip item (which also keeps the adapter from folding
an audio clip item into a back-reference to the video one). Marker details go in
``<comment>``.

Then the adapter's output is tidied: children are put in the order Final Cut Pro 7
writes them (metadata makes the adapter put ``<media>`` before a sequence's
``<name>``, and it sorts dictionary keys), the duplicate ``<rate>`` it writes in each
clip item goes, and the file gets a UTF-8 declaration and ``<!DOCTYPE xmeml>``.
Video and audio clip items are not linked (the adapter drops ``<link>``).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING

import opentimelineio as otio

from desktop_app.export.otio_timeline import to_otio
from desktop_app.export.registry import Exporter, ExportOptions
from desktop_app.export.timeline import build_timeline, xml_safe
from desktop_app.project.atomic import atomic_write_text

if TYPE_CHECKING:
    from desktop_app.project.schema import Project

# The order Final Cut Pro 7 writes children in; unknown tags keep their order, after these.
CHILD_ORDER = {
    "sequence": ["uuid", "name", "duration", "rate", "timecode", "in", "out", "media", "marker"],
    "clipitem": ["masterclipid", "name", "enabled", "duration", "rate", "start", "end", "in", "out", "file",
                 "sourcetrack", "link", "marker", "filter"],
    "file": ["name", "pathurl", "rate", "duration", "timecode", "media"],
    "media": ["video", "audio"],
    "video": ["format", "samplecharacteristics", "track"],
    "audio": ["format", "samplecharacteristics", "channelcount", "track"],
    "samplecharacteristics": ["rate", "width", "height", "anamorphic", "pixelaspectratio", "fielddominance",
                              "depth", "samplerate"],
    "timecode": ["rate", "string", "frame", "displayformat", "source", "reel"],
    "rate": ["timebase", "ntsc"],
    "marker": ["comment", "name", "in", "out"],
    "sourcetrack": ["mediatype", "trackindex"],
}  # fmt: skip


def _tidy(element: ET.Element) -> None:
    order = CHILD_ORDER.get(element.tag)
    children = list(element)
    if element.tag == "clipitem":  # the adapter writes <rate> twice
        rates = [c for c in children if c.tag == "rate"]
        children = [c for c in children if c.tag != "rate" or c is rates[0]]
    if order:
        rank = {tag: i for i, tag in enumerate(order)}
        children.sort(key=lambda c: rank.get(c.tag, len(order)))
    element[:] = children
    for child in children:
        _tidy(child)


def fcp7_xml(project: Project, options: ExportOptions) -> str:
    """The FCP7 XML text for ``project`` (cut by ``options.cut``)."""
    tl = build_timeline(project, options.timeline, options.cut)
    timeline = to_otio(tl, fcp7=True)
    if tl.drop_frame:
        timeline.metadata["fcp_xml"]["timecode"] = {"displayformat": "DF"}
    root = ET.fromstring(xml_safe(otio.adapters.write_to_string(timeline, "fcp_xml")))
    _tidy(root)
    ET.indent(root, space="    ")
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE xmeml>\n' + body + "\n"


class Fcp7XmlExporter(Exporter):
    name = "fcp7xml"
    suffix = ".xml"
    description = (
        "FCP7 XML (.xml) for Premiere Pro and DaVinci Resolve: the cut as a sequence, events as markers"
    )

    def write(self, project: Project, path: Path, options: ExportOptions) -> Path:
        return atomic_write_text(path, fcp7_xml(project, options))
