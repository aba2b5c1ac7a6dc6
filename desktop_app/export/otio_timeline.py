"""The timeline as OpenTimelineIO objects, and the OTIO JSON format (.otio).

One video track (when the media has video) and one audio track (when it has sound;
for FCP7 XML one per source channel), each holding one clip per kept range that references the source file by URL, with
its available range starting at the source's start timecode. Markers sit on the
timeline's stack (sequence markers) at their place in the cut, with a colour per label
and the details in ``metadata["cutmark"]``. Kdenlive (25.04 and later), Resolve and
other OTIO-aware tools import the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import opentimelineio as otio

from desktop_app.export.registry import Exporter, ExportOptions
from desktop_app.export.timeline import Timeline, build_timeline
from desktop_app.project.atomic import atomic_write_text

if TYPE_CHECKING:
    from desktop_app.project.schema import Project


def _fcp7_metadata(tl: Timeline) -> dict:
    """What the FCP7 XML adapter needs to write a complete ``<file>`` element."""
    media: dict = {}
    if tl.has_video:
        media["video"] = {
            "samplecharacteristics": {
                "width": str(tl.width),
                "height": str(tl.height),
                "pixelaspectratio": "square",
                "fielddominance": "none",
            }
        }
    if tl.has_audio:
        media["audio"] = {
            "samplecharacteristics": {"depth": "16", "samplerate": str(tl.audio_rate)},
            "channelcount": str(tl.audio_channels),
        }
    meta: dict = {"media": media}
    if tl.drop_frame:
        meta["timecode"] = {"displayformat": "DF"}
    return meta


def _sequence_metadata(tl: Timeline) -> dict:
    """The FCP7 sequence ``<format>``: frame size and audio rate (Premiere and Resolve read it)."""
    rate = {"timebase": str(tl.timebase), "ntsc": "TRUE" if tl.ntsc else "FALSE"}
    return {
        "media": {
            "video": {
                "format": {
                    "samplecharacteristics": {
                        "rate": rate,
                        "width": str(tl.width),
                        "height": str(tl.height),
                        "pixelaspectratio": "square",
                        "fielddominance": "none",
                    }
                }
            },
            "audio": {
                "format": {"samplecharacteristics": {"depth": "16", "samplerate": str(tl.audio_rate)}},
            },
        }
    }


def to_otio(tl: Timeline, *, fcp7: bool = False) -> otio.schema.Timeline:
    """The timeline as an ``otio.schema.Timeline``; ``fcp7`` adds what the FCP7 XML adapter writes out."""
    rate = float(tl.rate)

    def at(frames: int) -> otio.opentime.RationalTime:
        return otio.opentime.RationalTime(frames, rate)

    timeline = otio.schema.Timeline(name=tl.name)
    timeline.global_start_time = at(0)
    if fcp7:
        timeline.metadata["fcp_xml"] = _sequence_metadata(tl)
    available = otio.opentime.TimeRange(at(tl.source_start_frame), at(tl.source_frames))
    # (kind, track name, FCP7 source track index): one audio track in OTIO JSON (it cannot
    # say which stream a clip plays); for FCP7 one per source channel, numbered across the
    # streams (a stereo stream is two tracks, as Final Cut Pro 7 lays it out).
    layout = []
    if tl.has_video:
        layout.append((otio.schema.TrackKind.Video, "V1", 1))
    if tl.has_audio and fcp7:
        channels = [c for track in tl.audio_tracks for c in range(track.channels)] or [0]
        layout += [(otio.schema.TrackKind.Audio, f"A{n}", n) for n in range(1, len(channels) + 1)]
    elif tl.has_audio:
        layout.append((otio.schema.TrackKind.Audio, "A1", 1))
    for kind, track_name, source_track in layout:
        track = otio.schema.Track(name=track_name, kind=kind)
        for number, clip in enumerate(tl.clips, start=1):
            ref = otio.schema.ExternalReference(target_url=tl.media_url, available_range=available)
            ref.name = tl.media_name
            if fcp7:
                ref.metadata["fcp_xml"] = _fcp7_metadata(tl)
            item = otio.schema.Clip(
                name=f"{tl.media_name} #{number}",
                media_reference=ref,
                source_range=otio.opentime.TimeRange(
                    at(tl.source_start_frame + clip.src_in), at(clip.frames)
                ),
            )
            item.metadata["cutmark"] = {"reason": clip.reason}
            if fcp7:
                media_type = "video" if kind == otio.schema.TrackKind.Video else "audio"
                item.metadata["fcp_xml"] = {
                    "sourcetrack": {"mediatype": media_type, "trackindex": str(source_track)}
                }
            track.append(item)
        timeline.tracks.append(track)
    for m in tl.markers:
        marker = otio.schema.Marker(
            name=m.name,
            marked_range=otio.opentime.TimeRange(at(m.rec_frame), at(m.frames)),
            color=getattr(otio.schema.MarkerColor, m.color),
        )
        marker.comment = m.note
        marker.metadata["cutmark"] = {
            "kind": m.kind,
            "label": m.label,
            "confidence": m.confidence,
            "source_frame": m.src_frame,
        }
        if fcp7:
            marker.metadata["fcp_xml"] = {"comment": m.note}
        timeline.tracks.markers.append(marker)
    return timeline


class OtioExporter(Exporter):
    name = "otio"
    suffix = ".otio"
    description = (
        "OpenTimelineIO (.otio): the cut and its markers for Kdenlive 25.04+, Resolve and OTIO tools"
    )

    def write(self, project: Project, path: Path, options: ExportOptions) -> Path:
        tl = build_timeline(project, options.timeline, options.cut)
        text = otio.adapters.write_to_string(to_otio(tl), "otio_json")
        return atomic_write_text(path, text if text.endswith("\n") else text + "\n")
