"""The project file's JSON shape (schema 2): to and from plain dicts, with validation.

Writing converts an :class:`~desktop_app.core.model.Analysis` (plus the app's edits and
an optional waveform) into JSON-ready dicts; reading checks every field and raises
:class:`ProjectError` naming the field path (``segments[3].start_ms must be an integer``).
A file written by a newer schema raises :class:`ProjectVersionError` before anything
else is looked at; an older one is migrated first (:mod:`desktop_app.project.migrate`).
Schema 2 adds word cuts: the keep/cut marks in ``edits["cuts"]`` may say ``"by"``
(``"words"``, ``"pauses"``), and those marks are validated on reading (the rest of
``edits``, and any field this version does not know, is kept as it is). Nothing here
touches the file system.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import json
import math
import numbers
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from desktop_app import __version__
from desktop_app.core.errors import CutmarkError, ProjectError, ProjectVersionError
from desktop_app.core.model import (
    GAP,
    SPEECH,
    Analysis,
    AudioTrack,
    Marker,
    MediaInfo,
    ModelRef,
    Segment,
    VideoStream,
    Word,
)
from desktop_app.project.migrate import migrate

SCHEMA_VERSION = 2
APP_NAME = "cutmark"
SEGMENT_KINDS = (SPEECH, GAP)


@dataclass(frozen=True)
class Project:
    """An analysis plus what the user did with it.

    ``edits`` is the app's own JSON object (keep/cut marks, ...), stored and returned
    untouched. ``waveform`` is an ``(n, 2)`` float32 array of per-bucket min/max peaks at
    ``peaks_per_second`` buckets a second (read-only); both are left out of ``==``.
    """

    analysis: Analysis
    edits: dict = field(default_factory=dict, hash=False)
    waveform: np.ndarray | None = field(default=None, compare=False, hash=False)
    peaks_per_second: int = field(default=0, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.edits, dict):
            raise ProjectError(f"edits must be a dict (got {_show(self.edits)})")
        if self.waveform is None:
            return
        peaks = np.array(self.waveform, dtype=np.float32)  # a private copy
        if peaks.ndim != 2 or peaks.shape[1] != 2:
            raise ProjectError(f"waveform must have shape (n, 2) (got {peaks.shape})")
        if not _is_int(self.peaks_per_second) or self.peaks_per_second <= 0:
            raise ProjectError("peaks_per_second must be a positive integer when there is a waveform")
        peaks.setflags(write=False)
        object.__setattr__(self, "waveform", peaks)


# --- writing -----------------------------------------------------------------


def analysis_to_dict(
    analysis: Analysis,
    *,
    edits: dict | None = None,
    waveform: np.ndarray | None = None,
    peaks_per_second: int | None = None,
) -> dict:
    """The whole project file as a JSON-ready dict (every value a fresh copy)."""
    media = analysis.media
    return {
        "schema_version": SCHEMA_VERSION,
        "app": {"name": APP_NAME, "version": __version__},
        "media": {
            "path": _out_str(media.path, "media.path"),
            "duration_ms": _out_int(media.duration_ms, "media.duration_ms"),
            "size_bytes": _out_int(media.size_bytes, "media.size_bytes"),
            "format_name": _out_str(media.format_name, "media.format_name"),
            "content_hash": _out_str(analysis.content_hash, "content_hash"),
            "audio_track": _out_int(analysis.audio_track, "audio_track"),
            "audio_tracks": [
                _track_out(t, f"media.audio_tracks[{i}]") for i, t in enumerate(media.audio_tracks)
            ],
            "video": _video_out(media.video),
            "start_timecode": media.start_timecode,
        },
        "model": {
            "id": _out_str(analysis.model.id, "model.id"),
            "device": _out_str(analysis.model.device, "model.device"),
        },
        "options": _json_copy(dict(analysis.options), "options"),
        "segments": [_segment_out(s, f"segments[{i}]") for i, s in enumerate(analysis.segments)],
        "markers": [_marker_out(m, f"markers[{i}]") for i, m in enumerate(analysis.markers)],
        "edits": _json_copy(dict(edits or {}), "edits"),
        "waveform": _waveform_out(waveform, peaks_per_second),
    }


def project_to_dict(project: Project) -> dict:
    return analysis_to_dict(
        project.analysis,
        edits=project.edits,
        waveform=project.waveform,
        peaks_per_second=project.peaks_per_second,
    )


def project_to_json(project: Project) -> str:
    """The project file's text: UTF-8-ready JSON (no ASCII escaping), indent 1, final newline."""
    return json.dumps(project_to_dict(project), ensure_ascii=False, indent=1, allow_nan=False) + "\n"


def _track_out(track: AudioTrack, where: str) -> dict:
    return {
        "index": _out_int(track.index, f"{where}.index"),
        "stream_index": _out_int(track.stream_index, f"{where}.stream_index"),
        "codec": track.codec,
        "channels": _out_int(track.channels, f"{where}.channels"),
        "sample_rate": _out_int(track.sample_rate, f"{where}.sample_rate"),
        "language": track.language,
        "title": track.title,
        "duration_ms": None
        if track.duration_ms is None
        else _out_int(track.duration_ms, f"{where}.duration_ms"),
    }


def _video_out(video: VideoStream | None) -> dict | None:
    if video is None:
        return None
    fps = None if video.fps is None else Fraction(video.fps)
    return {
        "stream_index": _out_int(video.stream_index, "media.video.stream_index"),
        "codec": video.codec,
        "width": _out_int(video.width, "media.video.width"),
        "height": _out_int(video.height, "media.video.height"),
        "fps": None if fps is None else f"{fps.numerator}/{fps.denominator}",
        "variable_frame_rate": bool(video.variable_frame_rate),
    }


def _segment_out(seg: Segment, where: str) -> dict:
    return _core_segment_out(seg, where) | _distributions_out(seg, where)


def _core_segment_out(seg: Segment, where: str) -> dict:
    return {
        "start_ms": _out_int(seg.start_ms, f"{where}.start_ms"),
        "end_ms": _out_int(seg.end_ms, f"{where}.end_ms"),
        "kind": seg.kind,
        "text": _out_str(seg.text, f"{where}.text"),
        "language": seg.language,
        "emotion": seg.emotion,
        "event": seg.event,
        "language_confidence": _out_float(seg.language_confidence, f"{where}.language_confidence"),
        "emotion_confidence": _out_float(seg.emotion_confidence, f"{where}.emotion_confidence"),
        "event_confidence": _out_float(seg.event_confidence, f"{where}.event_confidence"),
        "words": [
            {
                "text": _out_str(w.text, f"{where}.words[{j}].text"),
                "start_ms": _out_int(w.start_ms, f"{where}.words[{j}].start_ms"),
                "end_ms": _out_int(w.end_ms, f"{where}.words[{j}].end_ms"),
            }
            for j, w in enumerate(seg.words)
        ],
    }


def _distributions_out(seg: Segment, where: str) -> dict:
    """Optional fields (issue #15), written only when there is something to keep, so a
    project without them reads as before: the tag distributions and the refined parts."""
    out: dict = {}
    for name in ("event_probs", "emotion_probs"):
        pairs = getattr(seg, name)
        if pairs:
            out[name] = {
                _out_str(tag, f"{where}.{name}"): _out_float(p, f"{where}.{name}.{tag}") for tag, p in pairs
            }
    if seg.parts:
        out["parts"] = [_part_out(p, f"{where}.parts[{i}]") for i, p in enumerate(seg.parts)]
    return out


def _part_out(part: Segment, where: str) -> dict:
    return {
        "start_ms": _out_int(part.start_ms, f"{where}.start_ms"),
        "end_ms": _out_int(part.end_ms, f"{where}.end_ms"),
        "emotion": part.emotion,
        "event": part.event,
        "emotion_confidence": _out_float(part.emotion_confidence, f"{where}.emotion_confidence"),
        "event_confidence": _out_float(part.event_confidence, f"{where}.event_confidence"),
    } | _distributions_out(dataclasses.replace(part, parts=()), where)


def _marker_out(marker: Marker, where: str) -> dict:
    return {
        "kind": _out_str(marker.kind, f"{where}.kind"),
        "label": _out_str(marker.label, f"{where}.label"),
        "start_ms": _out_int(marker.start_ms, f"{where}.start_ms"),
        "end_ms": _out_int(marker.end_ms, f"{where}.end_ms"),
        "confidence": _out_float(marker.confidence, f"{where}.confidence"),
    }


def _waveform_out(waveform: np.ndarray | None, peaks_per_second: int | None) -> dict | None:
    if waveform is None:
        return None
    peaks = np.ascontiguousarray(waveform, dtype="<f4")
    if peaks.ndim != 2 or peaks.shape[1] != 2:
        raise ProjectError(f"waveform must have shape (n, 2) (got {peaks.shape})")
    if not _is_int(peaks_per_second) or peaks_per_second <= 0:
        raise ProjectError("peaks_per_second must be a positive integer when there is a waveform")
    return {
        "peaks_per_second": int(peaks_per_second),
        "data": base64.b64encode(peaks.tobytes()).decode("ascii"),
    }


def _out_int(value: Any, where: str) -> int:
    if not _is_int(value):
        raise ProjectError(f"{where} must be an integer (got {_show(value)})")
    return int(value)  # numpy integers become plain ints


def _out_float(value: Any, where: str) -> float | None:
    if value is None:
        return None
    if not _is_number(value) or not math.isfinite(value):
        raise ProjectError(f"{where} must be a finite number or None (got {_show(value)})")
    return float(value)


def _out_str(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise ProjectError(f"{where} must be a string (got {_show(value)})")
    return value


def _json_copy(value: Any, where: str) -> Any:
    """A deep copy made only of JSON types; anything else is an error naming its path."""
    if value is None or isinstance(value, str | bool):
        return value
    if _is_int(value):
        return int(value)
    if isinstance(value, numbers.Real):
        if not math.isfinite(value):
            raise ProjectError(f"{where} must be a finite number (got {_show(value)})")
        return float(value)
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise ProjectError(
                    f"{where} has a non-string key {key!r}; project files only hold string keys"
                )
            out[key] = _json_copy(item, f"{where}.{key}")
        return out
    if isinstance(value, list | tuple):
        return [_json_copy(item, f"{where}[{i}]") for i, item in enumerate(value)]
    raise ProjectError(f"{where} holds a {type(value).__name__}, which a project file cannot store")


# --- reading -----------------------------------------------------------------


def project_from_dict(data: Any) -> Project:
    """Validate a parsed project file and build the :class:`Project`."""
    if not isinstance(data, dict):
        raise ProjectError(f"a project file must hold a JSON object at the top (got {_show(data)})")
    version = check_schema_version(data)
    data = migrate(data, version, SCHEMA_VERSION)
    media = _get(data, "media", "", _need_dict)
    model = _get(data, "model", "", _need_dict)
    segments = _get(data, "segments", "", _need_list)
    markers = _get(data, "markers", "", _need_list, default=[])
    tracks = _get(media, "audio_tracks", "media", _need_list)
    analysis = Analysis(
        media=MediaInfo(
            path=_get(media, "path", "media", _need_str),
            size_bytes=_get(media, "size_bytes", "media", _need_count),
            format_name=_get(media, "format_name", "media", _need_str),
            duration_ms=_get(media, "duration_ms", "media", _need_count),
            audio_tracks=tuple(_track_in(t, f"media.audio_tracks[{i}]") for i, t in enumerate(tracks)),
            video=_video_in(media.get("video")),
            start_timecode=_get(media, "start_timecode", "media", _opt_str, default=None),
        ),
        content_hash=_get(media, "content_hash", "media", _need_str),
        audio_track=_get(media, "audio_track", "media", _need_count),
        model=ModelRef(
            id=_get(model, "id", "model", _need_str), device=_get(model, "device", "model", _need_str)
        ),
        segments=tuple(_segment_in(s, f"segments[{i}]") for i, s in enumerate(segments)),
        markers=tuple(_marker_in(m, f"markers[{i}]") for i, m in enumerate(markers)),
        options=_get(data, "options", "", _need_dict, default={}),
    )
    edits = _get(data, "edits", "", _need_dict, default={})
    _check_marks(edits)
    _check_event_state(edits)
    waveform, peaks_per_second = _waveform_in(data.get("waveform"))
    return Project(analysis=analysis, edits=edits, waveform=waveform, peaks_per_second=peaks_per_second)


MARK_ACTIONS = ("keep", "cut")
MARK_SOURCES = ("words", "pauses")  # "by"; a segment's mark has none


def _check_marks(edits: dict) -> None:
    """The keep/cut marks (``edits.cuts``): what the cut plans read must be well formed."""
    if "cuts" not in edits:
        return
    marks = _need_list(edits["cuts"], "edits.cuts")
    for i, mark in enumerate(marks):
        where = f"edits.cuts[{i}]"
        d = _need_dict(mark, where)
        _span_in(d, where)
        action = _get(d, "action", where, _need_str)
        if action not in MARK_ACTIONS:
            raise ProjectError(f"{where}.action must be 'keep' or 'cut' (got {_show(action)})")
        by = _get(d, "by", where, _opt_str, default=None)
        if by is not None and by not in MARK_SOURCES:
            raise ProjectError(
                f"{where}.by must be one of {', '.join(MARK_SOURCES)} or absent (got {_show(by)})"
            )


def _check_event_state(edits: dict) -> None:
    """The optional sensitivity and review in ``edits["events"]`` (issue #15) must read."""
    from desktop_app.events.state import state_from_edits

    try:
        state_from_edits(edits)
    except CutmarkError as exc:
        raise ProjectError(f"edits.events: {exc}") from None


def analysis_from_dict(data: Any) -> Analysis:
    return project_from_dict(data).analysis


def check_schema_version(data: dict) -> int:
    """The file's schema version; :class:`ProjectVersionError` when it is newer than this code."""
    if "schema_version" not in data:
        raise ProjectError("schema_version is missing: this is not a Cutmark project file")
    version = data["schema_version"]
    if not _is_int(version):
        raise ProjectError(f"schema_version must be an integer (got {_show(version)})")
    if version > SCHEMA_VERSION:
        raise ProjectVersionError(
            f"was written by a newer Cutmark (schema {version}; this version reads up to {SCHEMA_VERSION})"
        )
    if version < 1:
        raise ProjectError(f"schema_version {version} is not a Cutmark schema (they start at 1)")
    return int(version)


def _track_in(value: Any, where: str) -> AudioTrack:
    d = _need_dict(value, where)
    return AudioTrack(
        index=_get(d, "index", where, _need_count),
        stream_index=_get(d, "stream_index", where, _need_count),
        codec=_get(d, "codec", where, _need_str),
        channels=_get(d, "channels", where, _need_count),
        sample_rate=_get(d, "sample_rate", where, _need_count),
        language=_get(d, "language", where, _opt_str, default=None),
        title=_get(d, "title", where, _opt_str, default=None),
        duration_ms=_get(d, "duration_ms", where, _opt_count, default=None),
    )


def _video_in(value: Any) -> VideoStream | None:
    where = "media.video"
    if value is None:
        return None
    d = _need_dict(value, where)
    return VideoStream(
        stream_index=_get(d, "stream_index", where, _need_count),
        codec=_get(d, "codec", where, _need_str),
        width=_get(d, "width", where, _need_count),
        height=_get(d, "height", where, _need_count),
        fps=_get(d, "fps", where, _opt_fps, default=None),
        variable_frame_rate=_get(d, "variable_frame_rate", where, _need_bool, default=False),
    )


def _segment_in(value: Any, where: str) -> Segment:
    d = _need_dict(value, where)
    start_ms, end_ms = _span_in(d, where)
    kind = _get(d, "kind", where, _need_str)
    if kind not in SEGMENT_KINDS:
        raise ProjectError(f"{where}.kind must be one of {', '.join(SEGMENT_KINDS)} (got {_show(kind)})")
    words = _get(d, "words", where, _need_list, default=[])
    return Segment(
        start_ms=start_ms,
        end_ms=end_ms,
        kind=kind,
        text=_get(d, "text", where, _need_str, default=""),
        language=_get(d, "language", where, _opt_str, default=None),
        emotion=_get(d, "emotion", where, _opt_str, default=None),
        event=_get(d, "event", where, _opt_str, default=None),
        language_confidence=_get(d, "language_confidence", where, _opt_float, default=None),
        emotion_confidence=_get(d, "emotion_confidence", where, _opt_float, default=None),
        event_confidence=_get(d, "event_confidence", where, _opt_float, default=None),
        words=tuple(_word_in(w, f"{where}.words[{j}]") for j, w in enumerate(words)),
        **_distributions_in(d, where),
    )


def _distributions_in(d: dict, where: str) -> dict:
    """The optional issue-#15 fields of a segment (absent: empty)."""
    out: dict = {}
    for name in ("event_probs", "emotion_probs"):
        probs = _get(d, name, where, _need_dict, default={})
        pairs = [(tag, _need_prob(p, f"{where}.{name}.{tag}")) for tag, p in probs.items()]
        out[name] = tuple(sorted(pairs, key=lambda item: (-item[1], item[0])))
    parts = _get(d, "parts", where, _need_list, default=[])
    out["parts"] = tuple(_part_in(p, f"{where}.parts[{i}]") for i, p in enumerate(parts))
    return out


def _part_in(value: Any, where: str) -> Segment:
    d = _need_dict(value, where)
    start_ms, end_ms = _span_in(d, where)
    found = _distributions_in({k: v for k, v in d.items() if k != "parts"}, where)
    return Segment(
        start_ms=start_ms,
        end_ms=end_ms,
        kind=GAP,
        emotion=_get(d, "emotion", where, _opt_str, default=None),
        event=_get(d, "event", where, _opt_str, default=None),
        emotion_confidence=_get(d, "emotion_confidence", where, _opt_float, default=None),
        event_confidence=_get(d, "event_confidence", where, _opt_float, default=None),
        event_probs=found["event_probs"],
        emotion_probs=found["emotion_probs"],
    )


def _need_prob(value: Any, where: str) -> float:
    if not _is_number(value) or not 0.0 <= value <= 1.0:
        raise ProjectError(f"{where} must be a probability between 0 and 1 (got {_show(value)})")
    return float(value)


def _word_in(value: Any, where: str) -> Word:
    d = _need_dict(value, where)
    start_ms, end_ms = _span_in(d, where)
    return Word(text=_get(d, "text", where, _need_str), start_ms=start_ms, end_ms=end_ms)


def _marker_in(value: Any, where: str) -> Marker:
    d = _need_dict(value, where)
    start_ms, end_ms = _span_in(d, where)
    return Marker(
        kind=_get(d, "kind", where, _need_str),
        label=_get(d, "label", where, _need_str),
        start_ms=start_ms,
        end_ms=end_ms,
        confidence=_get(d, "confidence", where, _opt_float, default=None),
    )


def _span_in(d: dict, where: str) -> tuple[int, int]:
    start_ms = _get(d, "start_ms", where, _need_count)
    end_ms = _get(d, "end_ms", where, _need_count)
    if start_ms > end_ms:
        raise ProjectError(f"{where}.start_ms ({start_ms}) must not be after {where}.end_ms ({end_ms})")
    return start_ms, end_ms


def _waveform_in(value: Any) -> tuple[np.ndarray | None, int]:
    if value is None:
        return None, 0
    d = _need_dict(value, "waveform")
    rate = _get(d, "peaks_per_second", "waveform", _need_count)
    if rate <= 0:
        raise ProjectError(f"waveform.peaks_per_second must be positive (got {rate})")
    text = _get(d, "data", "waveform", _need_str)
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise ProjectError("waveform.data is not valid base64") from None
    if len(raw) % 8:
        raise ProjectError(
            f"waveform.data holds {len(raw)} bytes; expected pairs of float32 (a multiple of 8)"
        )
    return np.frombuffer(raw, dtype="<f4").reshape(-1, 2), rate


# --- field checks ------------------------------------------------------------

_MISSING = object()


def _get(d: dict, key: str, where: str, check, default: Any = _MISSING) -> Any:
    path = f"{where}.{key}" if where else key
    if key not in d:
        if default is _MISSING:
            raise ProjectError(f"{path} is missing")
        return default
    return check(d[key], path)


def _need_dict(value: Any, where: str) -> dict:
    if not isinstance(value, dict):
        raise ProjectError(f"{where} must be an object (got {_show(value)})")
    return value


def _need_list(value: Any, where: str) -> list:
    if not isinstance(value, list):
        raise ProjectError(f"{where} must be a list (got {_show(value)})")
    return value


def _need_str(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise ProjectError(f"{where} must be a string (got {_show(value)})")
    return value


def _opt_str(value: Any, where: str) -> str | None:
    return None if value is None else _need_str(value, where)


def _need_bool(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise ProjectError(f"{where} must be true or false (got {_show(value)})")
    return value


def _need_count(value: Any, where: str) -> int:
    """A non-negative integer (bools and 1.0 are refused)."""
    if not _is_int(value):
        raise ProjectError(f"{where} must be an integer (got {_show(value)})")
    if value < 0:
        raise ProjectError(f"{where} must not be negative (got {value})")
    return int(value)


def _opt_count(value: Any, where: str) -> int | None:
    return None if value is None else _need_count(value, where)


def _opt_float(value: Any, where: str) -> float | None:
    if value is None:
        return None
    if not _is_number(value) or not math.isfinite(value):
        raise ProjectError(f"{where} must be a number or null (got {_show(value)})")
    return float(value)


def _opt_fps(value: Any, where: str) -> Fraction | None:
    if value is None:
        return None
    hint = 'a frame rate like "30000/1001" or null'
    if not isinstance(value, str):
        raise ProjectError(f"{where} must be {hint} (got {_show(value)})")
    try:
        fps = Fraction(value)
    except (ValueError, ZeroDivisionError):
        raise ProjectError(f"{where} must be {hint} (got {_show(value)})") from None
    if fps <= 0:
        raise ProjectError(f"{where} must be positive (got {_show(value)})")
    return fps


def _is_int(value: Any) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list | tuple):
        return "a list"
    if value is None:
        return "null"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
