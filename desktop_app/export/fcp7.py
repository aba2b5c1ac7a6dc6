"""FCP7 XML (xmeml, .xml) for Premiere Pro and DaVinci Resolve, through OpenTimelineIO's fcp_xml adapter.

The adapter writes the sequence, the clip items and the markers; Cutmark hands it, as
metadata, what it cannot know: the frame size and audio format (the sequence's
``<format>`` and the file's ``<media>``), drop-frame display of the source timecode,
and a ``<sourcetrack>`` for each clip item (which also keeps the adapter from folding
an audio clip item into a back-reference to the video one). Marker details go in
``<comment>``.

Then the adapter's output is completed and tidied:

- **Audio as Final Cut Pro 7 lays it out**: one sequence track per source channel,
  numbered across the streams (a stereo main track and a mono commentary are A1, A2,
  A3 with ``<sourcetrack>`` 1, 2, 3); the file's ``<media>`` describes each stream in
  its own ``<audio>`` (channels, rate); the two halves of a stereo pair go to the left
  and right outputs (``<outputchannelindex>``).
- **Links**: the adapter drops ``<link>``, so each kept range's clip items (picture and
  every audio channel) are linked here, each listing all of them (``linkclipref``,
  media type, track, clip index; a stereo pair shares a ``groupindex``). Premiere and
  Resolve then move and trim them together.
- **Order**: children in the order Final Cut Pro 7 writes them (metadata makes the
  adapter put ``<media>`` before a sequence's ``<name>``, and it sorts dictionary keys);
  the duplicate ``<rate>`` in each clip item goes; a UTF-8 declaration and
  ``<!DOCTYPE xmeml>``.

Source timecode: the source's start timecode is the ``<timecode>`` of the one full
``<file>`` definition that every clip item of every track refers to (by ``id``), and
clip ``<in>``/``<out>`` count from it; read back, every clip's range is on the source's
timecode.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING

import opentimelineio as otio

from desktop_app.export.otio_timeline import to_otio
from desktop_app.export.registry import Exporter, ExportOptions
from desktop_app.export.timeline import Timeline, build_timeline, xml_safe
from desktop_app.project.atomic import atomic_write_text

if TYPE_CHECKING:
    from desktop_app.project.schema import Project

# The order Final Cut Pro 7 writes children in; unknown tags keep their order, after these.
CHILD_ORDER = {
    "sequence": ["uuid", "name", "duration", "rate", "timecode", "in", "out", "media", "marker"],
    "track": ["clipitem", "enabled", "locked", "outputchannelindex"],
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
    "link": ["linkclipref", "mediatype", "trackindex", "clipindex", "groupindex"],
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


def _sub(parent: ET.Element, tag: str, text: object | None = None) -> ET.Element:
    element = ET.SubElement(parent, tag)
    if text is not None:
        element.text = str(text)
    return element


def _audio_streams(root: ET.Element, tl: Timeline) -> None:
    """One ``<audio>`` per source stream in the file definition (the adapter writes one)."""
    for media in root.findall(".//file/media"):
        for old in media.findall("audio"):
            media.remove(old)
        for track in tl.audio_tracks:
            audio = _sub(media, "audio")
            chars = _sub(audio, "samplecharacteristics")
            _sub(chars, "depth", 16)
            _sub(chars, "samplerate", track.sample_rate)
            _sub(audio, "channelcount", track.channels)


def _link(root: ET.Element, tl: Timeline) -> None:
    """Link each kept range's clip items: picture and every audio channel, in both directions."""
    channels = [
        (stream, c) for stream, track in enumerate(tl.audio_tracks, start=1) for c in range(track.channels)
    ]
    sequence_media = root.find(".//sequence/media")
    members: list[list[tuple[ET.Element, str, int, int | None]]] = [[] for _ in tl.clips]
    for kind in ("video", "audio"):
        tracks = sequence_media.findall(f"{kind}/track") if sequence_media is not None else []
        for number, track in enumerate(tracks, start=1):
            group = None
            if kind == "audio" and number <= len(channels):
                stream, channel = channels[number - 1]
                if tl.audio_tracks[stream - 1].channels == 2:
                    group = stream
                    _sub(track, "outputchannelindex", channel + 1)
            for index, item in enumerate(track.findall("clipitem")):
                members[index].append((item, kind, number, group))
    for clip_index, group_items in enumerate(members, start=1):  # every track holds one item per range
        for item, *_ in group_items:
            for other, kind, number, group in group_items:
                link = _sub(item, "link")
                _sub(link, "linkclipref", other.get("id"))
                _sub(link, "mediatype", kind)
                _sub(link, "trackindex", number)
                _sub(link, "clipindex", clip_index)
                if group is not None:
                    _sub(link, "groupindex", group)


def fcp7_xml(project: Project, options: ExportOptions) -> str:
    """The FCP7 XML text for ``project`` (cut by ``options.cut``)."""
    tl = build_timeline(project, options.timeline, options.cut)
    timeline = to_otio(tl, fcp7=True)
    if tl.drop_frame:
        timeline.metadata["fcp_xml"]["timecode"] = {"displayformat": "DF"}
    root = ET.fromstring(xml_safe(otio.adapters.write_to_string(timeline, "fcp_xml")))
    if tl.has_audio:
        _audio_streams(root, tl)
    _link(root, tl)
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
