import json
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from desktop_app import __version__
from desktop_app.core.errors import ProjectError, ProjectVersionError
from desktop_app.project import (
    Project,
    analysis_from_dict,
    analysis_to_dict,
    load_project,
    project_from_dict,
    project_to_dict,
    project_to_json,
    save_project,
)
from tests.project.factories import analyses, json_objects, sample_analysis

EDITS = {
    "cuts": [{"start_ms": 100, "end_ms": 900, "action": "cut", "by": "words", "note": "kept as it is"}],
    "future": {"ünknown": [1, 2.5, None, True]},
}


def _assert_same(a, b):
    assert a == b
    assert a.options == b.options  # Analysis leaves options out of ==


@pytest.mark.parametrize("video", [True, False])
def test_realistic_project_round_trips_through_a_file(tmp_path, video):
    analysis = sample_analysis(video=video)
    peaks = np.array([[-0.5, 0.5], [-1.0, 0.25], [0.0, 0.0]], dtype=np.float32)
    project = Project(analysis, edits=EDITS, waveform=peaks, peaks_per_second=50)
    path = save_project(project, tmp_path / "talk.cutmark.json")

    loaded = load_project(path)
    _assert_same(loaded.analysis, analysis)
    assert loaded.edits == EDITS
    assert loaded.peaks_per_second == 50
    np.testing.assert_array_equal(loaded.waveform, peaks)
    assert loaded.analysis.media.fps == (Fraction(30000, 1001) if video else None)

    text = path.read_text(encoding="utf-8")
    assert "今天我们" in text and "שלום" in text and "🎬" in text  # ensure_ascii=False
    data = json.loads(text)
    assert data["schema_version"] == 2
    assert data["app"] == {"name": "cutmark", "version": __version__}
    assert data["media"]["video"] == (
        {
            "stream_index": 0,
            "codec": "h264",
            "width": 1920,
            "height": 1080,
            "fps": "30000/1001",
            "variable_frame_rate": False,
        }
        if video
        else None
    )
    assert data["media"]["content_hash"] == analysis.content_hash
    first = analysis.segments[1].words[0]
    assert data["segments"][1]["words"][0] == {"text": "So", "start_ms": 1000, "end_ms": first.end_ms}


def test_dict_api_matches_the_documented_shape():
    d = analysis_to_dict(sample_analysis())
    assert list(d) == [
        "schema_version",
        "app",
        "media",
        "model",
        "options",
        "segments",
        "markers",
        "edits",
        "waveform",
    ]
    assert d["edits"] == {} and d["waveform"] is None
    assert set(d["segments"][0]) == {
        "start_ms", "end_ms", "kind", "text", "language", "emotion", "event",
        "language_confidence", "emotion_confidence", "event_confidence", "words",
    }  # fmt: skip
    assert set(d["markers"][0]) == {"kind", "label", "start_ms", "end_ms", "confidence"}
    assert set(d["media"]["audio_tracks"][0]) == {
        "index", "stream_index", "codec", "channels", "sample_rate", "language", "title", "duration_ms",
    }  # fmt: skip
    _assert_same(analysis_from_dict(d), sample_analysis())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(analysis=analyses(), edits=json_objects)
def test_random_valid_analyses_round_trip_exactly(analysis, edits):
    text = project_to_json(Project(analysis, edits=edits))
    back = project_from_dict(json.loads(text))
    _assert_same(back.analysis, analysis)
    assert back.edits == edits
    # and a second trip gives the very same text
    assert project_to_json(back) == text


def test_numpy_scalars_are_written_as_plain_numbers():
    analysis = sample_analysis()
    seg = analysis.segments[1]
    odd = type(seg)(np.int64(1000), np.int32(9000), seg.kind, seg.text, language_confidence=np.float32(0.5))
    d = analysis_to_dict(type(analysis)(**{**analysis.__dict__, "segments": (odd,)}))
    assert (
        type(d["segments"][0]["start_ms"]) is int and type(d["segments"][0]["language_confidence"]) is float
    )


def test_newer_schema_is_a_version_error_and_the_file_is_untouched(tmp_path):
    data = project_to_dict(Project(sample_analysis()))
    data["schema_version"] = 3
    data["segments"] = "a shape this version does not know"
    path = tmp_path / "new.cutmark.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(ProjectVersionError) as info:
        load_project(path)
    assert "newer Cutmark (schema 3; this version reads up to 2)" in str(info.value)
    assert str(path) in str(info.value)
    assert info.value.hint
    assert path.read_bytes() == before


@pytest.mark.parametrize("version", [None, "1", 1.0, True, 0, -2])
def test_garbage_schema_version_is_a_plain_project_error(version):
    data = project_to_dict(Project(sample_analysis()))
    data["schema_version"] = version
    with pytest.raises(ProjectError) as info:
        project_from_dict(data)
    assert not isinstance(info.value, ProjectVersionError)
    assert "schema_version" in str(info.value)


def test_missing_schema_version_says_it_is_not_a_project():
    with pytest.raises(ProjectError, match="schema_version is missing"):
        project_from_dict({"hello": "world"})
    with pytest.raises(ProjectError, match="JSON object"):
        project_from_dict([1, 2])


def _set(path_parts, value):
    def change(d):
        target = d
        for part in path_parts[:-1]:
            target = target[part]
        if value is KeyError:
            del target[path_parts[-1]]
        else:
            target[path_parts[-1]] = value

    return change


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (_set(["segments", 3, "start_ms"], "abc"), "segments[3].start_ms must be an integer (got 'abc')"),
        (_set(["segments"], KeyError), "segments is missing"),
        (_set(["segments"], {"0": {}}), "segments must be a list"),
        (_set(["segments", 1, "kind"], "foo"), "segments[1].kind must be one of speech, gap (got 'foo')"),
        (_set(["segments", 2, "end_ms"], -5), "segments[2].end_ms must not be negative"),
        (
            _set(["segments", 1, "start_ms"], 99_999),
            "segments[1].start_ms (99999) must not be after segments[1].end_ms",
        ),
        (_set(["segments", 1, "start_ms"], True), "segments[1].start_ms must be an integer (got True)"),
        (_set(["segments", 1, "start_ms"], 1000.0), "segments[1].start_ms must be an integer"),
        (_set(["segments", 1, "text"], 5), "segments[1].text must be a string"),
        (
            _set(["segments", 1, "emotion_confidence"], "high"),
            "segments[1].emotion_confidence must be a number",
        ),
        (_set(["segments", 1, "words", 4, "end_ms"], None), "segments[1].words[4].end_ms must be an integer"),
        (_set(["segments", 1, "words", 4], "word"), "segments[1].words[4] must be an object"),
        (_set(["markers", 0, "label"], KeyError), "markers[0].label is missing"),
        (_set(["markers", 1, "end_ms"], 1), "markers[1].start_ms (30000) must not be after"),
        (_set(["media", "duration_ms"], "60s"), "media.duration_ms must be an integer"),
        (
            _set(["media", "audio_tracks", 1, "channels"], 1.5),
            "media.audio_tracks[1].channels must be an integer",
        ),
        (_set(["media", "video", "fps"], 29.97), 'media.video.fps must be a frame rate like "30000/1001"'),
        (_set(["media", "video", "fps"], "fast"), "media.video.fps must be a frame rate"),
        (_set(["media", "video", "fps"], "30/0"), "media.video.fps must be a frame rate"),
        (
            _set(["media", "video", "variable_frame_rate"], "no"),
            "media.video.variable_frame_rate must be true or false",
        ),
        (_set(["media", "content_hash"], KeyError), "media.content_hash is missing"),
        (_set(["model"], "SenseVoice"), "model must be an object"),
        (_set(["options"], []), "options must be an object"),
        (_set(["edits"], "cut everything"), "edits must be an object"),
        (_set(["waveform"], {"peaks_per_second": 50, "data": "@@@"}), "waveform.data is not valid base64"),
        (_set(["waveform"], {"peaks_per_second": 50, "data": "AAAA"}), "waveform.data holds 3 bytes"),
        (
            _set(["waveform"], {"peaks_per_second": 0, "data": ""}),
            "waveform.peaks_per_second must be positive",
        ),
    ],
)
def test_hand_edited_nonsense_names_the_field(tmp_path, change, expected):
    data = project_to_dict(Project(sample_analysis()))
    change(data)
    path = tmp_path / "edited.cutmark.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(ProjectError) as info:
        load_project(path)
    assert expected in str(info.value)
    assert str(info.value).startswith(f"{path}: ")
    assert info.value.path == str(path)
    assert path.read_bytes() == before


def test_optional_fields_may_be_left_out():
    data = project_to_dict(Project(sample_analysis()))
    for seg in data["segments"]:
        for key in ("text", "language", "emotion", "event", "words", "event_confidence"):
            seg.pop(key)
    for key in ("markers", "options", "edits", "waveform", "app"):
        data.pop(key)
    del data["media"]["video"]["variable_frame_rate"]
    project = project_from_dict(data)
    assert project.analysis.markers == () and project.edits == {} and project.waveform is None
    assert project.analysis.segments[1].words == () and project.analysis.segments[1].text == ""


def test_unserialisable_options_are_refused_before_anything_is_written(tmp_path):
    analysis = sample_analysis()
    bad = type(analysis)(**{**analysis.__dict__, "options": {"vad": {"model": Path("/m")}}})
    target = tmp_path / "p.cutmark.json"
    with pytest.raises(
        ProjectError, match=r"options\.vad\.model holds a PosixPath|options\.vad\.model holds a"
    ):
        save_project(Project(bad), target)
    assert not target.exists()
    nan = type(analysis)(**{**analysis.__dict__, "options": {"threshold": float("nan")}})
    with pytest.raises(ProjectError, match="options.threshold must be a finite number"):
        save_project(Project(nan), target)
    assert list(tmp_path.iterdir()) == []


def test_project_validates_its_waveform_and_edits():
    with pytest.raises(ProjectError, match="shape"):
        Project(sample_analysis(), waveform=np.zeros((4, 3)), peaks_per_second=10)
    with pytest.raises(ProjectError, match="peaks_per_second"):
        Project(sample_analysis(), waveform=np.zeros((4, 2)))
    with pytest.raises(ProjectError, match="edits must be a dict"):
        Project(sample_analysis(), edits=[])
    source = np.zeros((4, 2), dtype=np.float64)
    project = Project(sample_analysis(), waveform=source, peaks_per_second=10)
    source[0, 0] = 5.0
    assert project.waveform.dtype == np.float32 and project.waveform[0, 0] == 0.0
    assert not project.waveform.flags.writeable
    assert project == Project(sample_analysis())  # the waveform is not part of ==
