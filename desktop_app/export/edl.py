"""CMX 3600 EDLs (.edl), written here, and DaVinci Resolve's marker EDL (.markers.edl).

OpenTimelineIO's cmx_3600 adapter leaves out the ``FCM:`` line (so a reader cannot
tell drop-frame from non-drop), cuts reel names to the first 8 characters of the
URL-quoted file name (``E7ACAC t``, which no editor can match), writes video and audio
as separate events and writes drop-frame ``LOC:`` timecodes its own reader then skips.
This writer instead puts out, per kept range, one event for picture and sound together:

    001  AX       AA/V  C        01:00:01:00 01:00:09:00 00:00:00:00 00:00:08:00
    * FROM CLIP NAME: talk.mp4
    * FROM FILE: /videos/talk.mp4
    * LOC: 01:00:02:12 YELLOW  Laughter

- ``FCM: DROP FRAME`` or ``FCM: NON-DROP FRAME`` after the title; drop-frame only
  for 29.97/59.94 sources whose timecode is drop-frame;
- reel ``AX`` (an auxiliary source: editors match it by the clip name and file
  comments, which hold the full name);
- source timecodes on the source's own timecode, record timecodes from 00:00:00:00;
- channels ``AA/V`` (stereo and picture), ``B`` (mono and picture), ``V`` or ``AA``/``A``;
- markers as Avid ``LOC:`` comments at their source timecode, in the event they fall in,
  in one of Avid's eight locator colours, one per kind of marker
  (:func:`~desktop_app.export.timeline.avid_color`: no two kinds share one).

The marker EDL is what Resolve's *Timeline > Import > Timeline Markers from EDL*
reads: one event per marker at its record timecode, with
``|C:ResolveColorYellow |M:Laughter |D:<frames>`` on the line below.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.export.registry import Exporter, ExportOptions
from desktop_app.export.timeline import Timeline, avid_color, build_timeline, format_timecode
from desktop_app.project.atomic import atomic_write_text

if TYPE_CHECKING:
    from desktop_app.project.schema import Project

RESOLVE_COLORS = {
    "RED": "ResolveColorRed",
    "GREEN": "ResolveColorGreen",
    "BLUE": "ResolveColorBlue",
    "CYAN": "ResolveColorCyan",
    "MAGENTA": "ResolveColorFuchsia",
    "YELLOW": "ResolveColorYellow",
    "BLACK": "ResolveColorCocoa",
    "WHITE": "ResolveColorCream",
    "PINK": "ResolveColorPink",
    "PURPLE": "ResolveColorPurple",
    "ORANGE": "ResolveColorSand",
}
REEL = "AX"
TITLE_MAX = 70


def one_line(text: str) -> str:
    """Text for a single EDL line: control characters and line breaks become spaces."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())


def _header(tl: Timeline) -> list[str]:
    title = one_line(tl.name)[:TITLE_MAX] or "Cutmark"
    fcm = "DROP FRAME" if tl.drop_frame else "NON-DROP FRAME"
    return [f"TITLE: {title}", f"FCM: {fcm}", ""]


def _channels(tl: Timeline) -> str:
    audio = ("AA" if tl.audio_channels >= 2 else "A") if tl.has_audio else ""
    if tl.has_video:
        return {"AA": "AA/V", "A": "B", "": "V"}[audio]
    return audio or "V"


def timeline_to_edl(tl: Timeline) -> str:
    def tc(frame: int) -> str:
        return format_timecode(frame, tl.rate, tl.drop_frame)

    lines = _header(tl)
    channels = _channels(tl)
    by_clip: dict[int, list] = {}
    for m in tl.markers:
        by_clip.setdefault(m.clip, []).append(m)
    for index, clip in enumerate(tl.clips):
        src_in = tl.source_start_frame + clip.src_in
        lines.append(
            f"{index + 1:03d}  {REEL:<8} {channels:<5} C        "
            f"{tc(src_in)} {tc(src_in + clip.frames)} {tc(clip.rec_in)} {tc(clip.rec_out)}"
        )
        lines.append(f"* FROM CLIP NAME: {one_line(tl.media_name)}")
        lines.append(f"* FROM FILE: {one_line(tl.media_path)}")
        for m in by_clip.get(index, []):
            at = src_in + m.rec_frame - clip.rec_in
            lines.append(f"* LOC: {tc(at)} {avid_color(m.kind, m.label):<7} {one_line(m.name)}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def timeline_to_marker_edl(tl: Timeline) -> str:
    def tc(frame: int) -> str:
        return format_timecode(frame, tl.rate, tl.drop_frame)

    lines = _header(tl)
    for number, m in enumerate(tl.markers, start=1):
        length = max(1, m.frames)
        lines.append(
            f"{number:03d}  001      V     C        "
            f"{tc(m.rec_frame)} {tc(m.rec_frame + 1)} {tc(m.rec_frame)} {tc(m.rec_frame + 1)}"
        )
        color = RESOLVE_COLORS.get(m.color, "ResolveColorBlue")
        name = one_line(m.name).replace("|", "/")
        lines.append(f" |C:{color} |M:{name} |D:{length}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


class EdlExporter(Exporter):
    name = "edl"
    suffix = ".edl"
    description = "CMX 3600 EDL (.edl): the cut for any editor, events as LOC markers"

    def write(self, project: Project, path: Path, options: ExportOptions) -> Path:
        tl = build_timeline(project, options.timeline, options.cut)
        return atomic_write_text(path, timeline_to_edl(tl))


class ResolveMarkersEdlExporter(Exporter):
    name = "markers-edl"
    suffix = ".markers.edl"
    description = "DaVinci Resolve marker EDL (.markers.edl): the events as coloured timeline markers"

    def write(self, project: Project, path: Path, options: ExportOptions) -> Path:
        tl = build_timeline(project, options.timeline, options.cut)
        return atomic_write_text(path, timeline_to_marker_edl(tl))
