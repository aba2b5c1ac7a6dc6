"""Kdenlive projects (.kdenlive): MLT XML in Kdenlive's document version 1.1 (Kdenlive 23.04+).

The layout follows Kdenlive's own files (its ``dev-docs/fileformat.md`` and the projects
in its test data):

- a bin ``<chain>`` for the source (``kdenlive:id`` 2) listed in the ``main_bin``
  playlist, which also holds the document properties (``kdenlive:docproperties.version``
  1.1, the guide categories);
- per timeline track a ``<tractor>`` of two ``<playlist>``\\s (Kdenlive's second playlist
  is for same-track mixes), ``hide="audio"`` on video tracks and ``hide="video"`` plus
  ``kdenlive:audio_track`` on audio ones. Picture and sound are separate clips in
  Kdenlive: V1 holds the picture (``set.test_audio=1``), A1 the analysed audio stream,
  A2... the other streams (``set.test_image=1``, ``audio_index``), and each kept range's
  clips are grouped as Kdenlive's *AVSplit* group, so they move together;
- the sequence tractor (``kdenlive:uuid``) with the black background track, the
  ``mix`` / ``qtblend`` transitions Kdenlive adds itself (``internal_added`` 237), the
  events as guides (``kdenlive:sequenceproperties.guides``: frame, name, category) whose
  categories are coloured by kind, and the subtitles;
- last, the project tractor (``kdenlive:projectTractor``) that plays the sequence, which
  is what ``melt`` renders.

Subtitles: Kdenlive keeps them in an SRT file beside the project named
``<project>.kdenlive.srt`` (its own name for the main sequence's subtitles), listed in
``kdenlive:sequenceproperties.subtitlesList`` and drawn by an ``avfilter.subtitles``
filter on the sequence: so the file shows on Kdenlive's subtitle track and ``melt``
burns it in. They are the subtitles of the SRT export (same preset, on the cut's clock).
"""

from __future__ import annotations

import json
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.export.mlt import (
    MLT_VERSION,
    black_background,
    clock,
    document,
    entry,
    mix,
    profile,
    prop,
    source_chain,
)
from desktop_app.export.registry import Exporter, ExportOptions
from desktop_app.export.srt import SrtExporter
from desktop_app.export.subtitles import build_cues
from desktop_app.export.timeline import MARKER_RGB, Timeline, build_timeline
from desktop_app.project.atomic import atomic_write_text

if TYPE_CHECKING:
    from desktop_app.project.schema import Project

DOCUMENT_VERSION = "1.1"
KDENLIVE_VERSION = "25.04.0"  # the release whose documents these follow
INTERNAL = 237  # Kdenlive's mark on what it adds itself (track mixes, the subtitle filter)
BIN_ID = 2
SEQUENCE_ID = 3


def subtitle_path(path: Path) -> Path:
    """Where Kdenlive keeps the subtitles of project ``path``: ``talk.kdenlive.srt``."""
    return path.with_name(path.name + ".srt")


def _guides(tl: Timeline) -> tuple[list[dict], list[dict]]:
    """(guides, categories): one category per marker colour, named after the labels using it."""
    colours: dict[str, list[str]] = {}
    for m in tl.markers:
        names = colours.setdefault(m.color, [])
        if m.name not in names:
            names.append(m.name)
    index = {colour: i for i, colour in enumerate(colours)}
    categories = [
        {"color": MARKER_RGB.get(colour, "#E67E22").lower(), "comment": ", ".join(names), "index": i}
        for i, (colour, names) in enumerate(colours.items())
    ]
    # "cutmark" (kind, label, confidence) is ours: Kdenlive reads pos, comment and type only
    guides = [
        {"comment": m.name, "cutmark": m.note, "pos": m.rec_frame, "type": index[m.color]} for m in tl.markers
    ]
    return guides, categories


def _json(value: object) -> str:
    return json.dumps(value, indent=4, ensure_ascii=False) + "\n"


def _track(
    root: ET.Element, number: int, name: str, *, audio: bool, producer: str | None, tl: Timeline
) -> ET.Element:
    """One Kdenlive track: a tractor of two playlists, the first holding the clips."""
    playlists = []
    for half in range(2):
        playlist = ET.SubElement(root, "playlist", id=f"playlist{2 * number + half}")
        if audio:
            prop(playlist, "kdenlive:audio_track", 1)
        playlists.append(playlist)
    if producer is not None:
        for clip in tl.clips:
            prop(entry(playlists[0], producer, clip.src_in, clip.frames), "kdenlive:id", BIN_ID)
    attrs = {"in": "0"}
    if producer is not None and tl.frames:
        attrs["out"] = str(tl.frames - 1)
    tractor = ET.SubElement(root, "tractor", id=f"tractor{number}", **attrs)
    if audio:
        prop(tractor, "kdenlive:audio_track", 1)
    prop(tractor, "kdenlive:track_name", name)
    prop(tractor, "kdenlive:trackheight", 67)
    prop(tractor, "kdenlive:timeline_active", 1)
    prop(tractor, "kdenlive:collapsed", 0)
    for playlist in playlists:
        ET.SubElement(tractor, "track", hide="video" if audio else "audio", producer=playlist.get("id"))
    return tractor


def timeline_to_kdenlive(tl: Timeline, project_path: Path, subtitles: Path | None, doc_id: uuid.UUID) -> str:
    """The Kdenlive document for ``tl``, saved as ``project_path``; ``subtitles`` an SRT beside it."""
    frames = tl.frames
    uid = "{" + str(doc_id) + "}"
    root = ET.Element(
        "mlt",
        {
            "LC_NUMERIC": "C",
            "producer": "main_bin",
            "version": MLT_VERSION,
            "root": str(project_path.parent),
        },
    )
    profile(root, tl)
    kind = {"kdenlive:id": BIN_ID, "kdenlive:folderid": -1, "kdenlive:clipname": tl.media_name}
    bin_audio = tl.audio_tracks[0] if tl.audio_tracks else None
    source_chain(root, "chain0", tl, video=tl.has_video, audio=bin_audio,
                 props={**kind, "kdenlive:clip_type": 0})  # fmt: skip
    black_background(root, "producer0", frames, {"kdenlive:playlistid": "black_track"})

    # MLT order is bottom-up: the last audio stream's track first, A1 next to V1, then V1.
    tracks: list[tuple[ET.Element, bool]] = []  # (track tractor, is audio)
    audio = list(tl.audio_tracks)
    for position, track in reversed(list(enumerate(audio))):
        chain_id = f"chain{position + 2}"
        source_chain(root, chain_id, tl, video=False, audio=track,
                     props={"kdenlive:id": BIN_ID, "set.test_audio": 0, "set.test_image": 1})  # fmt: skip
        tracks.append(
            (_track(root, len(tracks), f"A{position + 1}", audio=True, producer=chain_id, tl=tl), True)
        )
    video_chain = None
    if tl.has_video:
        video_chain = "chain1"
        source_chain(root, video_chain, tl, video=True, audio=None,
                     props={"kdenlive:id": BIN_ID, "set.test_audio": 1, "set.test_image": 0})  # fmt: skip
    tracks.append((_track(root, len(tracks), "V1", audio=False, producer=video_chain, tl=tl), False))

    guides, categories = _guides(tl)
    # AVSplit groups: a kept range's picture and sound clips; "track:frame", tracks counted
    # from the first above the black background.
    grouped = [i for i, (_, is_audio) in enumerate(tracks) if is_audio or video_chain is not None]
    groups = []
    if len(grouped) > 1:
        for clip in tl.clips:
            leaves = [
                {"data": f"{t}:{clip.rec_in}", "leaf": "clip", "type": "Leaf"} for t in reversed(grouped)
            ]
            groups.append({"children": leaves, "type": "AVSplit" if video_chain else "Normal"})

    sequence = ET.SubElement(root, "tractor", id=uid, **{"in": "0", "out": str(max(0, frames - 1))})
    seq_props: dict[str, object] = {
        "kdenlive:uuid": uid,
        "kdenlive:clipname": tl.name,
        "kdenlive:producer_type": 17,
        "kdenlive:id": SEQUENCE_ID,
        "kdenlive:clip_type": 0,
        "kdenlive:folderid": -1,
        "kdenlive:duration": clock(frames, tl.rate),
        "kdenlive:maxduration": frames,
        "kdenlive:sequenceproperties.hasAudio": int(bool(tl.audio_tracks)),
        "kdenlive:sequenceproperties.hasVideo": int(tl.has_video),
        "kdenlive:sequenceproperties.tracksCount": len(tracks),
        "kdenlive:sequenceproperties.tracks": len(tracks),
        "kdenlive:sequenceproperties.documentuuid": uid,
        "kdenlive:sequenceproperties.activeTrack": len(tracks) - 1,
        "kdenlive:sequenceproperties.audioTarget": len(tracks) - 2 if len(tracks) > 1 else -1,
        "kdenlive:sequenceproperties.videoTarget": len(tracks) - 1,
        "kdenlive:sequenceproperties.position": 0,
        "kdenlive:sequenceproperties.zonein": 0,
        "kdenlive:sequenceproperties.zoneout": frames,
        "kdenlive:sequenceproperties.zoom": 8,
        "kdenlive:sequenceproperties.verticalzoom": 1,
        "kdenlive:sequenceproperties.scrollPos": 0,
        "kdenlive:sequenceproperties.disablepreview": 0,
        "kdenlive:sequenceproperties.groups": _json(groups),
        "kdenlive:sequenceproperties.guides": _json(guides),
    }
    if subtitles is not None:
        seq_props["kdenlive:sequenceproperties.subtitlesList"] = _json(
            [{"file": str(subtitles), "id": 0, "name": "Subtitles"}]
        )
    for name, value in seq_props.items():
        prop(sequence, name, value)
    ET.SubElement(sequence, "track", producer="producer0")
    for tractor, _ in tracks:
        ET.SubElement(sequence, "track", producer=tractor.get("id"))
    for index, (_, is_audio) in enumerate(tracks, start=1):
        if is_audio:
            mix(sequence, f"transition{index - 1}", index, {"kdenlive_id": "mix", "internal_added": INTERNAL,
                                                            "accepts_blanks": 1})  # fmt: skip
        else:
            blend = ET.SubElement(sequence, "transition", id=f"transition{index - 1}")
            for name, value in (("a_track", 0), ("b_track", index), ("compositing", 0), ("distort", 0),
                                ("rotate_center", 0), ("mlt_service", "qtblend"), ("kdenlive_id", "qtblend"),
                                ("internal_added", INTERNAL), ("always_active", 1)):  # fmt: skip
                prop(blend, name, value)
    if subtitles is not None:
        subtitle_filter = ET.SubElement(sequence, "filter", id="filter0")
        prop(subtitle_filter, "mlt_service", "avfilter.subtitles")
        prop(subtitle_filter, "internal_added", INTERNAL)
        prop(subtitle_filter, "av.filename", str(subtitles))
        prop(subtitle_filter, "kdenlive:locked", 0)

    main_bin = ET.SubElement(root, "playlist", id="main_bin")
    doc_props = {
        "kdenlive:docproperties.version": DOCUMENT_VERSION,
        "kdenlive:docproperties.kdenliveversion": KDENLIVE_VERSION,
        "kdenlive:docproperties.uuid": uid,
        "kdenlive:docproperties.documentid": doc_id.int % 10**13,
        "kdenlive:docproperties.activetimeline": uid,
        "kdenlive:docproperties.opensequences": uid,
        "kdenlive:docproperties.audioChannels": 2,
        "kdenlive:docproperties.enableproxy": 0,
        "kdenlive:docproperties.guidesCategories": _json(categories),
        "kdenlive:sequenceFolder": -1,
        "kdenlive:documentnotes": "",
        "xml_retain": 1,
    }
    for name, value in doc_props.items():
        prop(main_bin, name, value)
    ET.SubElement(
        main_bin, "entry", producer="chain0", **{"in": "0", "out": str(max(0, tl.source_frames - 1))}
    )
    ET.SubElement(main_bin, "entry", producer=uid, **{"in": "0", "out": str(max(0, frames - 1))})

    project_tractor = ET.SubElement(
        root, "tractor", id="tractor_project", **{"in": "0", "out": str(max(0, frames - 1))}
    )
    prop(project_tractor, "kdenlive:projectTractor", 1)
    ET.SubElement(project_tractor, "track", producer=uid, **{"in": "0", "out": str(max(0, frames - 1))})
    return document(root)


class KdenliveExporter(Exporter):
    name = "kdenlive"
    suffix = ".kdenlive"
    label = "Kdenlive (.kdenlive)"
    description = (
        "Kdenlive project (.kdenlive): the cut with picture and sound grouped, events as coloured guides, "
        "subtitles on the subtitle track (<name>.kdenlive.srt beside it)"
    )

    def companions(self, project: Project, path: Path, options: ExportOptions) -> tuple[Path, ...]:
        return (subtitle_path(path),) if build_cues(project, options.subtitles, options.cut) else ()

    def write(self, project: Project, path: Path, options: ExportOptions) -> Path:
        tl = build_timeline(project, options.timeline, options.cut)
        subtitles = None
        if self.companions(project, path, options):
            subtitles = SrtExporter().write(project, subtitle_path(path), options)
        doc_id = uuid.uuid5(uuid.NAMESPACE_URL, f"cutmark:{project.analysis.content_hash}:{tl.name}")
        return atomic_write_text(path, timeline_to_kdenlive(tl, path, subtitles, doc_id))
