"""FCPXML 1.10 (.fcpxml) for Final Cut Pro (and DaVinci Resolve), written here.

OpenTimelineIO's fcpx_xml adapter cannot be used: it fails at 29.97 fps (ValueError)
and writes format names Final Cut does not know. This writer:

- declares the timeline's format, and the asset's own when its rate differs (a snapped
  variable rate, ``--fps``), with Final Cut's own preset name where there is one
  (``FFVideoFormat1080p2997``, ``FFVideoFormat3840x2160p25``...; other frame sizes,
  such as vertical video, get a custom format with no name);
- writes every time as an exact rational number of seconds on the frame grid
  (``frames × 1001/30000s`` at 29.97, ``frames × 100/2500s`` at 25), never a rounded
  decimal;
- describes the sound as it is: ``audioSources`` (streams) and ``audioChannels`` on the
  asset, ``audioLayout`` mono, stereo or surround (more than two channels) on the sequence;
- places the source's start timecode as the asset's ``start``, so clips' ``start``
  values are source timecode, and sets ``tcFormat`` to DF for drop-frame sources;
- puts each marker inside the asset clip it falls in (Final Cut keeps markers on
  clips), at the clip's source time, at least one frame long.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.export.registry import Exporter, ExportOptions
from desktop_app.export.timeline import Timeline, build_timeline, xml_safe
from desktop_app.project.atomic import atomic_write_text

if TYPE_CHECKING:
    from desktop_app.project.schema import Project

FCPXML_VERSION = "1.10"
# Final Cut's preset names for these frame sizes: FFVideoFormat<size>p<rate>.
_SIZE_NAMES = {
    (1920, 1080): "1080",
    (1280, 720): "720",
    (3840, 2160): "3840x2160",
    (4096, 2160): "4096x2160",
    (1440, 1080): "1440x1080",
    (2048, 1080): "2048x1080",
    (960, 540): "960x540",
    (960, 720): "960x720",
}
_RATE_NAMES = {
    Fraction(24000, 1001): "2398",
    Fraction(24): "24",
    Fraction(25): "25",
    Fraction(30000, 1001): "2997",
    Fraction(30): "30",
    Fraction(50): "50",
    Fraction(60000, 1001): "5994",
    Fraction(60): "60",
}
_AUDIO_RATES = {
    32000: "32k",
    44100: "44.1k",
    48000: "48k",
    88200: "88.2k",
    96000: "96k",
    176400: "176.4k",
    192000: "192k",
}


def format_name(width: int, height: int, rate: Fraction) -> str | None:
    """Final Cut's preset name for a progressive format, or None when it has none."""
    size, fps = _SIZE_NAMES.get((width, height)), _RATE_NAMES.get(rate)
    if size is None or fps is None:
        return None
    return f"FFVideoFormat{size}p{fps}"


def frame_duration(rate: Fraction) -> tuple[int, int]:
    """``(numerator, denominator)`` of one frame as Final Cut writes it: 1001/30000, 100/2500."""
    if rate.denominator == 1001:
        return 1001, rate.numerator
    if rate.denominator == 1:
        return 100, rate.numerator * 100
    return rate.denominator, rate.numerator


def rational_time(frames: int, rate: Fraction) -> str:
    """``frames`` as FCPXML time: ``"0s"`` or ``"<frames × num>/<den>s"`` (exactly on the grid)."""
    if frames == 0:
        return "0s"
    num, den = frame_duration(rate)
    return f"{frames * num}/{den}s"


def audio_layout(channels: int) -> str:
    """The sequence's ``audioLayout`` for the main audio stream: mono, stereo, or surround (5.1 and up)."""
    return {1: "mono", 2: "stereo"}.get(channels, "surround")


def color_space(tl: Timeline) -> str:
    if tl.colorspace == 709:
        return "1-1-1 (Rec. 709)"
    return "5-1-6 (Rec. 601 (PAL))" if tl.height == 576 else "6-1-6 (Rec. 601 (NTSC))"


def _format(resources: ET.Element, format_id: str, tl: Timeline, rate: Fraction) -> ET.Element:
    """A ``<format>``: Final Cut's preset name where there is one, the exact frame duration."""
    num, den = frame_duration(rate)
    attrs = {"id": format_id}
    name = format_name(tl.width, tl.height, rate)
    if name:
        attrs["name"] = name
    attrs.update(frameDuration=f"{num}/{den}s", width=str(tl.width), height=str(tl.height))
    attrs["colorSpace"] = color_space(tl)
    return ET.SubElement(resources, "format", attrs)


def fcpxml(project: Project, options: ExportOptions) -> str:
    """The FCPXML text for ``project`` (cut by ``options.cut``)."""
    tl = build_timeline(project, options.timeline, options.cut)
    return timeline_to_fcpxml(tl)


def timeline_to_fcpxml(tl: Timeline) -> str:
    def t(frames: int) -> str:
        return rational_time(frames, tl.rate)

    root = ET.Element("fcpxml", version=FCPXML_VERSION)
    resources = ET.SubElement(root, "resources")
    _format(resources, "r1", tl, tl.rate)
    media_format = "r1"
    if tl.has_video and tl.source_rate and tl.source_rate != tl.rate:
        # the asset is described as it is (its own rate); Final Cut conforms it to the timeline's
        media_format = "r3"
        _format(resources, media_format, tl, tl.source_rate)
    asset = {
        "id": "r2",
        "name": tl.media_name,
        "start": t(tl.source_start_frame),
        "duration": t(tl.source_frames),
        "hasVideo": "1" if tl.has_video else "0",
    }
    if tl.has_video:
        asset["format"] = media_format
        asset["videoSources"] = "1"
    if tl.has_audio:
        asset.update(
            hasAudio="1",
            audioSources=str(max(1, len(tl.audio_tracks))),
            audioChannels=str(tl.audio_channels),
            audioRate=str(tl.audio_rate),
        )
    asset_e = ET.SubElement(resources, "asset", asset)
    ET.SubElement(asset_e, "media-rep", kind="original-media", src=tl.media_url)

    library = ET.SubElement(root, "library")
    event = ET.SubElement(library, "event", name="Cutmark")
    project_e = ET.SubElement(event, "project", name=tl.name)
    tc_format = "DF" if tl.drop_frame else "NDF"
    sequence = ET.SubElement(
        project_e,
        "sequence",
        format="r1",
        duration=t(tl.frames),
        tcStart="0s",
        tcFormat=tc_format,
        audioLayout=audio_layout(tl.audio_channels),
        audioRate=_AUDIO_RATES.get(tl.audio_rate, "48k"),
    )
    spine = ET.SubElement(sequence, "spine")
    by_clip: dict[int, list] = {}
    for m in tl.markers:
        by_clip.setdefault(m.clip, []).append(m)
    for index, clip in enumerate(tl.clips):
        attrs = {
            "ref": "r2",
            "offset": t(clip.rec_in),
            "name": f"{tl.media_name} #{index + 1}",
            "start": t(tl.source_start_frame + clip.src_in),
            "duration": t(clip.frames),
        }
        if tl.has_video:
            attrs["format"] = media_format
        attrs["tcFormat"] = tc_format
        if tl.has_audio:
            attrs["audioRole"] = "dialogue"
        clip_e = ET.SubElement(spine, "asset-clip", attrs)
        for m in by_clip.get(index, []):
            at = tl.source_start_frame + clip.src_in + (m.rec_frame - clip.rec_in)
            length = max(1, min(m.frames, clip.rec_out - m.rec_frame))
            ET.SubElement(clip_e, "marker", start=t(at), duration=t(length), value=m.name, note=m.note)
    ET.indent(root, space="    ")
    body = xml_safe(ET.tostring(root, encoding="unicode"))
    return '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE fcpxml>\n' + body + "\n"


class FcpxmlExporter(Exporter):
    name = "fcpxml"
    suffix = ".fcpxml"
    description = "FCPXML 1.10 (.fcpxml) for Final Cut Pro and DaVinci Resolve: the cut, events as markers"

    def write(self, project: Project, path: Path, options: ExportOptions) -> Path:
        return atomic_write_text(path, fcpxml(project, options))
