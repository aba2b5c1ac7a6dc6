"""Shotcut (.mlt) and Kdenlive (.kdenlive) files read back as XML: clips on the frame grid with
inclusive out points, the profile, the streams, markers and guides at the right frames, the
subtitles beside the Kdenlive project. (``tests/render/test_melt.py`` renders them.)"""

import dataclasses
import json
import xml.etree.ElementTree as ET
from fractions import Fraction

import pysrt
import pytest

from desktop_app import export as exports
from desktop_app.core.errors import OutputExistsError
from desktop_app.core.model import GAP, Segment, VideoStream
from desktop_app.edit import build_plan
from desktop_app.export import ExportOptions, TimelineOptions, build_timeline
from desktop_app.export.kdenlive import subtitle_path
from desktop_app.export.timeline import MARKER_RGB
from desktop_app.project import Project
from tests.export.test_timelines import CUT, MEDIA, NAME, project


def write(tmp_path, proj, fmt, cut=CUT, **timeline):
    options = ExportOptions(cut=cut, timeline=TimelineOptions(**timeline))
    [path] = exports.export(proj, [fmt], tmp_path, stem="talk", options=options, overwrite=True)
    return path, ET.parse(path).getroot(), build_timeline(proj, options.timeline, cut)


def props(element) -> dict[str, str]:
    return {p.get("name"): p.text or "" for p in element.findall("property")}


def by_id(root, element_id):
    return next(e for e in root if e.get("id") == element_id)


def entries(playlist):
    return [(e.get("producer"), int(e.get("in")), int(e.get("out"))) for e in playlist.findall("entry")]


def mlt_frames(clock: str, rate: Fraction) -> int:
    """MLT's reading of clock time: the nearest frame."""
    h, m, s = clock.split(":")
    return round((int(h) * 3600 + int(m) * 60 + Fraction(s)) * rate)


@pytest.mark.parametrize("rate_key", ["25", "29.97", "23.976"])
def test_shotcut_project(tmp_path, rate_key):
    path, root, tl = write(tmp_path, project(rate_key), "mlt")
    assert path.name == "talk.mlt" and root.tag == "mlt"
    prof = root.find("profile").attrib
    assert Fraction(int(prof["frame_rate_num"]), int(prof["frame_rate_den"])) == tl.rate
    assert (prof["width"], prof["height"], prof["colorspace"], prof["progressive"]) == (
        "1920",
        "1080",
        "709",
        "1",
    )
    # V1: every kept range as one clip with picture and the analysed sound; out is inclusive
    chain = by_id(root, "chain0")
    assert chain.tag == "chain" and props(chain)["resource"] == MEDIA  # a path, spaces and all, not a URL
    assert (props(chain)["video_index"], props(chain)["audio_index"]) == ("0", "1")
    v1 = by_id(root, "playlist0")
    assert props(v1)["shotcut:name"] == "V1"
    assert entries(v1) == [("chain0", c.src_in, c.src_in + c.frames - 1) for c in tl.clips]
    assert sum(out - a + 1 for _, a, out in entries(v1)) == tl.frames
    # the second audio stream (mono commentary, stream 2) on A1, the same cuts
    a1 = by_id(root, "playlist1")
    assert props(a1)["shotcut:name"] == "A1" and props(a1)["shotcut:audio"] == "1"
    a_chain = by_id(root, entries(a1)[0][0])
    assert (props(a_chain)["video_index"], props(a_chain)["audio_index"]) == ("-1", "2")
    assert [e[1:] for e in entries(a1)] == [e[1:] for e in entries(v1)]
    tractor = root.findall("tractor")[-1]
    assert [(t.get("producer"), t.get("hide")) for t in tractor.findall("track")] == [
        ("background", None),
        ("playlist0", None),
        ("playlist1", "video"),
    ]
    mixes = [props(t) for t in tractor.findall("transition")]
    assert [(m["mlt_service"], m["b_track"]) for m in mixes] == [("mix", "1"), ("mix", "2")]
    # Shotcut markers: text, start, inclusive end, colour
    markers = tractor.find("properties[@name='shotcut:markers']")
    got = []
    for item in markers.findall("properties"):
        p = props(item)
        got.append((p["text"], mlt_frames(p["start"], tl.rate), mlt_frames(p["end"], tl.rate), p["color"]))
    assert got == [
        (m.name, m.rec_frame, m.rec_frame + max(0, m.frames - 1), MARKER_RGB[m.color]) for m in tl.markers
    ]
    assert ('A "quoted", <label> & more', tl.markers[-1].rec_frame) in [(g[0], g[1]) for g in got]


def test_kdenlive_project(tmp_path):
    proj = project("29.97")
    path, root, tl = write(tmp_path, proj, "kdenlive")
    assert path.name == "talk.kdenlive"
    main_bin = by_id(root, "main_bin")
    doc = props(main_bin)
    assert doc["kdenlive:docproperties.version"] == "1.1"
    assert [e.get("producer") for e in main_bin.findall("entry")][0] == "chain0"
    assert props(by_id(root, "chain0"))["kdenlive:clipname"] == NAME
    # the last tractor plays the sequence, which is what melt renders and Kdenlive opens
    project_tractor = root.findall("tractor")[-1]
    assert props(project_tractor)["kdenlive:projectTractor"] == "1"
    uid = project_tractor.find("track").get("producer")
    sequence = by_id(root, uid)
    seq = props(sequence)
    assert seq["kdenlive:uuid"] == uid == doc["kdenlive:docproperties.uuid"]
    tracks = [t.get("producer") for t in sequence.findall("track")]
    assert props(by_id(root, tracks[0]))["kdenlive:playlistid"] == "black_track"
    names = [props(by_id(root, t))["kdenlive:track_name"] for t in tracks[1:]]
    assert names == ["A2", "A1", "V1"]  # bottom-up, as MLT orders them
    layout = []
    for track_id in tracks[1:]:
        track = by_id(root, track_id)
        first, second = (by_id(root, t.get("producer")) for t in track.findall("track"))
        assert not second.findall("entry")  # Kdenlive's second playlist is for mixes
        clips = entries(first)
        producer = props(by_id(root, clips[0][0]))
        assert {e.findtext("property[@name='kdenlive:id']") for e in first.findall("entry")} == {"2"}
        assert [c[1:] for c in clips] == [(c.src_in, c.src_in + c.frames - 1) for c in tl.clips]
        hide = {t.get("hide") for t in track.findall("track")}
        layout.append((hide, producer["set.test_audio"], producer["set.test_image"], producer["audio_index"]))
    assert layout == [({"video"}, "0", "1", "2"), ({"video"}, "0", "1", "1"), ({"audio"}, "1", "0", "-1")]
    # picture and sound of each kept range grouped, at the clip's timeline position
    groups = json.loads(seq["kdenlive:sequenceproperties.groups"])
    assert [sorted(leaf["data"] for leaf in g["children"]) for g in groups] == [
        sorted(f"{t}:{c.rec_in}" for t in range(3)) for c in tl.clips
    ]
    assert {g["type"] for g in groups} == {"AVSplit"}
    # guides at the markers' frames, one category per colour, coloured as the other formats
    guides = json.loads(seq["kdenlive:sequenceproperties.guides"])
    categories = json.loads(doc["kdenlive:docproperties.guidesCategories"])
    colour = {c["index"]: c["color"] for c in categories}
    assert [(g["comment"], g["pos"], colour[g["type"]]) for g in guides] == [
        (m.name, m.rec_frame, MARKER_RGB[m.color].lower()) for m in tl.markers
    ]
    assert len(categories) == len({m.color for m in tl.markers})
    # subtitles: an SRT beside the project, on the subtitle track and drawn by its filter
    srt = subtitle_path(path)
    assert srt.name == "talk.kdenlive.srt" and srt.is_file()
    listed = json.loads(seq["kdenlive:sequenceproperties.subtitlesList"])
    assert listed == [{"file": str(srt), "id": 0, "name": "Subtitles"}]
    subtitle_filter = props(sequence.find("filter"))
    assert (subtitle_filter["mlt_service"], subtitle_filter["av.filename"]) == (
        "avfilter.subtitles",
        str(srt),
    )
    [plain] = exports.export(proj, ["srt"], tmp_path, stem="plain", options=ExportOptions(cut=CUT))
    assert [(s.start, s.end, s.text) for s in pysrt.open(str(srt))] == [
        (s.start, s.end, s.text) for s in pysrt.open(str(plain))
    ]


def test_kdenlive_without_speech_has_no_subtitle_file(tmp_path):
    proj = project("25")
    quiet = dataclasses.replace(proj.analysis, segments=(Segment(0, 60_000, GAP),))
    path, root, _ = write(tmp_path, Project(quiet), "kdenlive")
    assert not subtitle_path(path).exists() and root.find(".//filter") is None


def test_kdenlive_subtitles_are_checked_before_anything_is_written(tmp_path):
    proj = project("25")
    srt = tmp_path / "talk.kdenlive.srt"
    srt.write_text("mine", encoding="utf-8")
    with pytest.raises(OutputExistsError, match="talk.kdenlive.srt"):
        exports.export(proj, ["kdenlive"], tmp_path, stem="talk", options=ExportOptions(cut=CUT))
    assert srt.read_text(encoding="utf-8") == "mine" and not (tmp_path / "talk.kdenlive").exists()


@pytest.mark.parametrize("mode", ["none", "silence", "highlights", "marks"])
@pytest.mark.parametrize("fmt", ["mlt", "kdenlive"])
def test_every_cut_plan(tmp_path, mode, fmt):
    proj = project("25")
    plan = build_plan(
        proj.analysis, mode, edits={"cuts": [{"start_ms": 1000, "end_ms": 2000, "action": "cut"}]}
    )
    path, root, tl = write(tmp_path, proj, fmt, cut=plan)
    v1 = next(
        p
        for p in root.iter("playlist")
        if props(p).get("shotcut:name") == "V1"
        or any(props(by_id(root, e.get("producer"))).get("set.test_image") == "0" for e in p.findall("entry"))
    )
    assert [(a, out - a + 1) for _, a, out in entries(v1)] == [(c.src_in, c.frames) for c in tl.clips]
    assert len(tl.clips) >= 1 and (mode != "none" or tl.frames == tl.source_frames)


def test_profile_follows_the_media(tmp_path):
    proj = project("25")
    media = dataclasses.replace(
        proj.analysis.media, video=VideoStream(0, "h264", 720, 576, Fraction(25), False)
    )
    _, root, _ = write(
        tmp_path, Project(dataclasses.replace(proj.analysis, media=media)), "mlt", fps="23.976"
    )
    prof = root.find("profile").attrib
    assert (prof["width"], prof["height"], prof["colorspace"]) == ("720", "576", "601")
    assert (prof["frame_rate_num"], prof["frame_rate_den"]) == ("24000", "1001")
    assert (prof["display_aspect_num"], prof["display_aspect_den"]) == ("5", "4")
