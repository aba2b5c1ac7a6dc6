"""MLT XML for Shotcut (.mlt), and the MLT parts the Kdenlive writer shares.

Shotcut and Kdenlive both play their projects through the MLT framework, so a file that
``melt`` renders frame-exactly is one both editors can play (the tests render every
exported file with ``melt`` and decode the frames). What MLT needs, and how it bites:

- **Profile.** The timeline's frame size, exact frame rate (``30000/1001``, never
  ``29.97``), square pixels, progressive, and the colourspace (709 from 720 lines up,
  601 below, which is also what MLT assumes).
- **Inclusive ``out``.** An MLT entry plays frames ``in`` to ``out`` *including* ``out``:
  a kept range of ``n`` frames from source frame ``a`` is ``in=a out=a+n-1``. Writing
  ``a+n`` (the usual half-open end) makes every clip one frame too long. Times are
  written as frame numbers, which MLT reads exactly at every rate.
- **Source.** One ``<chain>`` (MLT 7's producer with links) per way the source is used,
  ``avformat-novalidate`` (no probing at load), ``resource`` the absolute path as it is
  (MLT takes paths, not URLs, so spaces and non-ASCII names stay as they are; XML
  escaping covers ``<&>"``). ``audio_index``/``video_index`` are container stream
  indexes, as MLT's avformat producer counts them.
- **Source timecode.** MLT counts frames from the file's first frame whatever its start
  timecode, so in points are frame offsets, never timecode.

Shotcut's own layout (``shotcut`` properties as Shotcut writes them): a ``main_bin``
playlist, a black ``background`` track, ``V1`` holding each kept range as one clip with
its sound (picture and sound of a clip are one item in Shotcut, so they stay together),
``A1``, ``A2``... for the source's other audio streams (``hide="video"``), a ``mix``
transition from the background to every track so all sound is heard, and the events as
Shotcut markers (``shotcut:markers`` on the timeline tractor: text, start, inclusive end
as clock time, ``#RRGGBB`` colour, and Cutmark's note: kind, label, confidence).
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.export.registry import Exporter, ExportOptions
from desktop_app.export.timeline import MARKER_RGB, Timeline, TimelineAudio, build_timeline, xml_safe
from desktop_app.project.atomic import atomic_write_text

if TYPE_CHECKING:
    from desktop_app.project.schema import Project

MLT_VERSION = "7.12.0"  # the oldest MLT the files are tested with (Debian 12's melt)


def prop(parent: ET.Element, name: str, value: object) -> ET.Element:
    element = ET.SubElement(parent, "property", name=name)
    element.text = xml_safe(str(value))
    return element


def clock(frames: int, rate: Fraction) -> str:
    """``frames`` as MLT clock time ``HH:MM:SS.mmm`` (to the nearest millisecond; MLT reads
    it back to the nearest frame, so it round-trips exactly at every editor rate)."""
    ms = math.floor(Fraction(frames) * 1000 / rate + Fraction(1, 2))
    s, milli = divmod(ms, 1000)
    return f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}.{milli:03d}"


def profile(root: ET.Element, tl: Timeline) -> ET.Element:
    """The ``<profile>``: the timeline's size, exact rate and colourspace."""
    gcd = math.gcd(tl.width, tl.height) or 1
    rate = tl.rate
    fps = f"{float(rate):.3f}".rstrip("0").rstrip(".")
    return ET.SubElement(
        root,
        "profile",
        {
            "description": f"{tl.width}x{tl.height} {fps} fps",
            "width": str(tl.width),
            "height": str(tl.height),
            "progressive": "1",
            "sample_aspect_num": "1",
            "sample_aspect_den": "1",
            "display_aspect_num": str(tl.width // gcd),
            "display_aspect_den": str(tl.height // gcd),
            "frame_rate_num": str(rate.numerator),
            "frame_rate_den": str(rate.denominator),
            "colorspace": str(tl.colorspace),
        },
    )


def source_chain(
    parent: ET.Element,
    chain_id: str,
    tl: Timeline,
    *,
    video: bool,
    audio: TimelineAudio | None,
    props: dict[str, object] | None = None,
) -> ET.Element:
    """A ``<chain>`` reading the source: its picture when ``video``, ``audio``'s stream for sound."""
    chain = ET.SubElement(parent, "chain", id=chain_id, out=str(max(0, tl.source_frames - 1)))
    prop(chain, "length", tl.source_frames)
    prop(chain, "eof", "pause")
    prop(chain, "resource", tl.media_path)
    prop(chain, "mlt_service", "avformat-novalidate")
    prop(chain, "seekable", 1)
    prop(chain, "video_index", tl.video_stream_index if video and tl.video_stream_index is not None else -1)
    prop(chain, "audio_index", audio.stream_index if audio is not None else -1)
    for name, value in (props or {}).items():
        prop(chain, name, value)
    return chain


def entry(playlist: ET.Element, producer: str, src_in: int, frames: int) -> ET.Element:
    """A playlist entry of ``frames`` frames from ``src_in``: MLT's ``out`` is inclusive."""
    return ET.SubElement(
        playlist, "entry", producer=producer, **{"in": str(src_in), "out": str(src_in + frames - 1)}
    )


def black_background(
    parent: ET.Element, producer_id: str, frames: int, props: dict | None = None
) -> ET.Element:
    """The opaque black ``color`` producer editors put under their tracks."""
    black = ET.SubElement(parent, "producer", id=producer_id, **{"in": "0", "out": str(max(0, frames - 1))})
    prop(black, "length", 2147483647)
    prop(black, "eof", "continue")
    prop(black, "resource", "black")
    prop(black, "aspect_ratio", 1)
    prop(black, "mlt_service", "color")
    prop(black, "mlt_image_format", "rgba")
    prop(black, "set.test_audio", 0)
    for name, value in (props or {}).items():
        prop(black, name, value)
    return black


def mix(parent: ET.Element, transition_id: str, b_track: int, props: dict | None = None) -> ET.Element:
    """MLT's ``mix`` from the background to ``b_track``: without it only one track is heard."""
    transition = ET.SubElement(parent, "transition", id=transition_id)
    prop(transition, "a_track", 0)
    prop(transition, "b_track", b_track)
    prop(transition, "mlt_service", "mix")
    for name, value in (props or {}).items():
        prop(transition, name, value)
    prop(transition, "always_active", 1)
    prop(transition, "sum", 1)
    return transition


def document(root: ET.Element) -> str:
    ET.indent(root, space=" ")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def timeline_to_shotcut(tl: Timeline) -> str:
    """The Shotcut project (MLT XML) for ``tl``."""
    frames = tl.frames
    root = ET.Element(
        "mlt",
        {
            "LC_NUMERIC": "C",
            "version": MLT_VERSION,
            "title": "Shotcut project by Cutmark",
            "producer": "main_bin",
        },
    )
    profile(root, tl)
    main_bin = ET.SubElement(root, "playlist", id="main_bin")
    prop(main_bin, "xml_retain", 1)
    black_background(root, "black", frames)
    background = ET.SubElement(root, "playlist", id="background")
    if frames:
        entry(background, "black", 0, frames)

    audio = list(tl.audio_tracks)
    tracks: list[tuple[str, ET.Element]] = []  # (hide, playlist)
    if tl.has_video:
        main_audio = audio.pop(0) if audio else None
        source_chain(
            root, "chain0", tl, video=True, audio=main_audio, props={"shotcut:caption": tl.media_name}
        )
        v1 = ET.SubElement(root, "playlist", id="playlist0")
        prop(v1, "shotcut:video", 1)
        prop(v1, "shotcut:name", "V1")
        for clip in tl.clips:
            entry(v1, "chain0", clip.src_in, clip.frames)
        tracks.append(("", v1))
    for number, track in enumerate(audio, start=1):
        chain_id = f"chain{len(tracks)}"
        source_chain(root, chain_id, tl, video=False, audio=track, props={"shotcut:caption": track.name})
        playlist = ET.SubElement(root, "playlist", id=f"playlist{len(tracks)}")
        prop(playlist, "shotcut:audio", 1)
        prop(playlist, "shotcut:name", f"A{number}")
        for clip in tl.clips:
            entry(playlist, chain_id, clip.src_in, clip.frames)
        tracks.append(("video", playlist))

    tractor = ET.SubElement(
        root, "tractor", id="tractor0", title=tl.name, **{"in": "0", "out": str(max(0, frames - 1))}
    )
    prop(tractor, "shotcut", 1)
    prop(tractor, "shotcut:projectAudioChannels", 2)
    prop(tractor, "shotcut:projectFolder", 0)
    if tl.markers:
        markers = ET.SubElement(tractor, "properties", name="shotcut:markers")
        for number, m in enumerate(tl.markers):
            item = ET.SubElement(markers, "properties", name=str(number))
            prop(item, "text", m.name)
            prop(item, "start", clock(m.rec_frame, tl.rate))
            prop(
                item, "end", clock(m.rec_frame + max(0, m.frames - 1), tl.rate)
            )  # inclusive, as Shotcut counts
            prop(item, "color", MARKER_RGB.get(m.color, "#E67E22"))
            prop(item, "cutmark:note", m.note)  # kind, label, confidence: Shotcut keeps but ignores it
    ET.SubElement(tractor, "track", producer="background")
    for hide, playlist in tracks:
        attrs = {"producer": playlist.get("id")}
        if hide:
            attrs["hide"] = hide
        ET.SubElement(tractor, "track", attrs)
    for index in range(1, len(tracks) + 1):
        mix(tractor, f"transition{index - 1}", index)
    return document(root)


class ShotcutExporter(Exporter):
    name = "mlt"
    suffix = ".mlt"
    label = "Shotcut (.mlt)"
    description = "Shotcut project (.mlt, MLT XML): the cut on V1 with its sound, events as Shotcut markers"

    def write(self, project: Project, path: Path, options: ExportOptions) -> Path:
        tl = build_timeline(project, options.timeline, options.cut)
        return atomic_write_text(path, timeline_to_shotcut(tl))
