"""The editor timeline every timeline format writes: one clip per kept range, plus markers.

:func:`build_timeline` turns a project and a cut plan into frames on one frame grid:

- **Rate.** ``TimelineOptions.fps`` when given; else the video's frame rate when it is
  constant (an integer or an NTSC ``n*1000/1001`` rate; any other rate snaps to the
  nearest standard one); for variable-frame-rate video the standard rate nearest its
  average; for audio-only media ``fallback_fps`` (25).
- **Clips.** A kept range ``[start_ms, end_ms)`` starts at source frame
  ``round(start_ms * fps / 1000)``; its length is chosen so that the cut's running
  length stays within half a frame of the kept milliseconds (the frame counts follow
  the rounded running sum), so rounding never adds up over hundreds of jump cuts. The
  renderer uses the same rule, so a rendered cut and the timeline agree frame for frame.
- **Source timecode.** The media's start timecode (``01:00:00;00``) is the frame the
  source starts at; clips' source in/out points are offset by it. Drop-frame counting
  applies only at 29.97 and 59.94.
- **Markers.** Event and emotion markers (silences too when asked) move onto the cut's
  clock; a marker that is cut away entirely is left out. Each has a colour per label.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING

from desktop_app.core import vocabulary
from desktop_app.core.errors import ExportError
from desktop_app.core.timebase import DROP_FRAME_RATES, parse_fps, parse_timecode
from desktop_app.core.timebase import format_timecode as format_timecode  # re-exported: the writers use it
from desktop_app.edit.plan import CutPlan, whole_plan

if TYPE_CHECKING:
    from desktop_app.project.schema import Project

STANDARD_RATES = (
    Fraction(24000, 1001),
    Fraction(24),
    Fraction(25),
    Fraction(30000, 1001),
    Fraction(30),
    Fraction(50),
    Fraction(60000, 1001),
    Fraction(60),
)
# What XML 1.0 cannot hold at all, not even escaped: C0 controls but tab, LF and CR;
# lone surrogates; U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML cannot hold (a stray control character in a file
    name or a label would otherwise make the whole file unreadable to the editor)."""
    return _NOT_XML.sub("", text)


# OpenTimelineIO's colour names as RGB, for the formats that take any colour (Shotcut
# markers, Kdenlive guides). The kinds' colours themselves are in core.vocabulary.
MARKER_RGB = {
    "YELLOW": "#F1C40F",
    "GREEN": "#2ECC71",
    "PURPLE": "#9B59B6",
    "PINK": "#FF6EB4",
    "BLUE": "#3498DB",
    "CYAN": "#1ABCD0",
    "MAGENTA": "#E040FB",
    "RED": "#E74C3C",
    "ORANGE": "#E67E22",
    "WHITE": "#ECF0F1",
    "BLACK": "#000000",
}
AVID_OTHER_EVENT = "BLACK"  # an event label outside the vocabulary


@dataclass(frozen=True)
class TimelineOptions:
    fps: Fraction | None = None  # the timeline's rate; None: the media's (see the module docstring)
    fallback_fps: Fraction = Fraction(25)  # for audio-only media
    marker_kinds: tuple[str, ...] = ("event", "emotion")  # add "silence" for silence markers
    min_marker_confidence: float = 0.0
    name: str | None = None  # the sequence's name; None: the media's file name
    media_path: str | None = None  # where the editor finds the source; None: the project's media path
    start_timecode: str | None = None  # the source's start timecode; None: the one the media has
    chapter_min_gap_ms: int = 10_000  # YouTube wants chapters at least 10 s long

    def __post_init__(self) -> None:
        for name in ("fps", "fallback_fps"):
            value = getattr(self, name)
            if value is None:
                continue
            try:
                rate = parse_fps(value)
            except (ValueError, ZeroDivisionError):
                raise ExportError(f"timeline option {name} is not a frame rate: {value!r}") from None
            if rate <= 0 or rate > 1000:
                raise ExportError(f"timeline option {name} must be between 0 and 1000 (got {value!r})")
            object.__setattr__(self, name, rate)
        object.__setattr__(self, "marker_kinds", tuple(k.strip().lower() for k in self.marker_kinds))


@dataclass(frozen=True)
class TimelineClip:
    src_in: int  # first frame, counted from the media's first frame (not its timecode)
    frames: int
    rec_in: int  # where it sits on the timeline
    reason: str

    @property
    def src_out(self) -> int:
        return self.src_in + self.frames

    @property
    def rec_out(self) -> int:
        return self.rec_in + self.frames


@dataclass(frozen=True)
class TimelineMarker:
    rec_frame: int  # on the timeline
    frames: int  # 0 for a point marker
    name: str  # "Laughter"
    kind: str  # event, emotion or silence
    label: str  # laughter, happy, ...
    color: str  # an OpenTimelineIO colour name
    note: str
    clip: int  # the clip it falls in
    src_frame: int  # its start on the source, counted from the media's first frame
    confidence: float | None = None


@dataclass(frozen=True)
class TimelineAudio:
    """One audio stream of the source, as a timeline carries it (the analysed one first)."""

    index: int  # 0-based among the media's audio streams
    stream_index: int  # the container's stream index (what MLT's ``audio_index`` takes)
    channels: int
    sample_rate: int
    name: str  # "A1 Main (eng)"


@dataclass(frozen=True)
class Timeline:
    name: str
    rate: Fraction
    drop_frame: bool
    media_path: str
    media_url: str
    media_name: str
    source_start_frame: int  # the source's start timecode as a frame count
    source_frames: int
    has_video: bool
    has_audio: bool
    width: int
    height: int
    audio_channels: int
    audio_rate: int
    clips: tuple[TimelineClip, ...]
    markers: tuple[TimelineMarker, ...] = field(default=())
    cut: CutPlan | None = None
    # every audio stream of the source, the analysed one first; () for silent media
    audio_tracks: tuple[TimelineAudio, ...] = ()
    video_stream_index: int | None = None  # the container's stream index of the picture
    source_rate: Fraction | None = None  # the video's own frame rate (None: audio only, or unknown)
    colorspace: int = 709  # ITU-R BT.709 for HD and larger, BT.601 below 720 lines (as MLT assumes)

    @property
    def frames(self) -> int:
        return sum(c.frames for c in self.clips)

    @property
    def ntsc(self) -> bool:
        return self.rate.denominator == 1001

    @property
    def timebase(self) -> int:
        """The integer rate editors count timecode in (30 for 29.97)."""
        return round(self.rate)


# --- rates and timecode -----------------------------------------------------------


def is_editor_rate(rate: Fraction) -> bool:
    return rate.denominator == 1 or (rate * Fraction(1001, 1000)).denominator == 1


def nearest_standard_rate(rate: Fraction) -> Fraction:
    return min(STANDARD_RATES, key=lambda r: abs(float(r) - float(rate)))


def timeline_rate(project: Project, options: TimelineOptions) -> Fraction:
    """The timeline's frame rate (see the module docstring)."""
    if options.fps is not None:
        if not is_editor_rate(options.fps):
            raise ExportError(
                f"{float(options.fps):g} fps is not a rate editors use; pass a whole number or 23.976, "
                "29.97 or 59.94"
            )
        return options.fps
    video = project.analysis.media.video
    if video is not None and video.fps:
        fps = Fraction(video.fps)
        if not video.variable_frame_rate and is_editor_rate(fps):
            return fps
        return nearest_standard_rate(fps)
    return (
        options.fallback_fps
        if is_editor_rate(options.fallback_fps)
        else nearest_standard_rate(options.fallback_fps)
    )


# --- media reference -----------------------------------------------------------------


def media_location(path: str, base: str | os.PathLike | None = None) -> tuple[str, str, str]:
    """``(absolute path, file URL, file name)`` for a media path (Windows paths too)."""
    if PureWindowsPath(path).drive and not path.startswith("/"):
        win = PureWindowsPath(path)
        return str(win), win.as_uri(), win.name
    p = Path(path)
    if not p.is_absolute():
        p = (Path(base) if base is not None else Path.cwd()) / p
    p = Path(os.path.normpath(p))
    posix = PurePosixPath(p.as_posix())
    return str(p), posix.as_uri() if posix.is_absolute() else p.as_uri(), p.name


# --- building -----------------------------------------------------------------------------


def ms_to_frame(ms: int, rate: Fraction) -> int:
    """The frame nearest ``ms`` (halves round up)."""
    return math.floor(Fraction(ms) * rate / 1000 + Fraction(1, 2))


def frame_ranges(
    spans: list[tuple[int, int]], rate: Fraction, total_frames: int
) -> list[tuple[int, int, int]]:
    """``(span index, first source frame, frame count)`` per kept ``[start_ms, end_ms)`` span
    (see the module docstring); spans that round to no frames are left out."""
    out, kept_ms = [], 0
    for index, (start_ms, end_ms) in enumerate(spans):
        before = ms_to_frame(kept_ms, rate)
        kept_ms += end_ms - start_ms
        first = min(ms_to_frame(start_ms, rate), total_frames)
        count = min(ms_to_frame(kept_ms, rate) - before, total_frames - first)
        if count > 0:
            out.append((index, first, count))
    return out


def marker_name(kind: str, label: str) -> str:
    """The kind's name in core.vocabulary ("bgm" -> "Music"); unknown labels tidied."""
    return vocabulary.display_name(label) or kind.capitalize() or "Event"


def marker_color(kind: str, label: str) -> str:
    """The kind's OpenTimelineIO colour (core.vocabulary); each format maps it to its own."""
    found = vocabulary.kind_of(label)
    if found is not None:
        return found.otio_color
    return {"event": "ORANGE", "emotion": "MAGENTA"}.get(kind, "WHITE")


def avid_color(kind: str, label: str) -> str:
    """The Avid locator colour of a marker: one per kind (laughter, applause, music, crying,
    body noises, any emotion, silence, other events)."""
    found = vocabulary.kind_of(label)
    if found is not None and (found.group == kind or kind == "event"):
        return found.avid_color
    return AVID_OTHER_EVENT if kind == "event" else "RED" if kind == "emotion" else "WHITE"


def _markers(project: Project, options: TimelineOptions, rate: Fraction, clips: list[TimelineClip]):
    out = []
    for m in sorted(project.analysis.markers, key=lambda m: (m.start_ms, m.end_ms, m.kind, m.label)):
        if m.kind not in options.marker_kinds:
            continue
        if m.confidence is not None and m.confidence < options.min_marker_confidence:
            continue
        first = ms_to_frame(m.start_ms, rate)
        last = max(first, ms_to_frame(m.end_ms, rate))
        hits = [
            i
            for i, c in enumerate(clips)
            if (c.src_in <= first < c.src_out) or (last > first and first < c.src_out and c.src_in < last)
        ]
        if not hits:
            continue
        a, b = clips[hits[0]], clips[hits[-1]]
        rec = a.rec_in + max(first, a.src_in) - a.src_in
        rec_end = b.rec_in + min(last, b.src_out) - b.src_in if last > first else rec
        conf = "" if m.confidence is None else f", confidence {m.confidence:.0%}"
        out.append(
            TimelineMarker(
                rec_frame=rec,
                frames=max(0, rec_end - rec),
                name=xml_safe(marker_name(m.kind, m.label)),
                kind=m.kind,
                label=xml_safe(m.label),
                color=marker_color(m.kind, m.label),
                note=xml_safe(f"{m.kind}: {m.label}{conf}"),
                clip=hits[0],
                src_frame=max(first, a.src_in),
                confidence=m.confidence,
            )
        )
    return tuple(out)


def build_timeline(
    project: Project, options: TimelineOptions | None = None, cut: CutPlan | None = None
) -> Timeline:
    """The timeline for ``project`` cut by ``cut`` (the whole source when None)."""
    opts = options or TimelineOptions()
    analysis = project.analysis
    media = analysis.media
    rate = timeline_rate(project, opts)
    total = ms_to_frame(media.duration_ms, rate)
    plan = cut if cut is not None else whole_plan(media.duration_ms)
    if plan.source_duration_ms != media.duration_ms:
        raise ExportError(
            f"the cut plan is for a {plan.source_duration_ms} ms source but the media lasts {media.duration_ms} ms"
        )
    clips, rec = [], 0
    for index, first, count in frame_ranges(plan.spans(), rate, total):
        clips.append(TimelineClip(first, count, rec, plan.ranges[index].reason))
        rec += count

    tc_text = opts.start_timecode if opts.start_timecode is not None else media.start_timecode
    start_frame, drop = 0, False
    if tc_text:
        source_rate = Fraction(media.video.fps) if media.video and media.video.fps else rate
        tc_rate = source_rate if is_editor_rate(source_rate) else rate
        tc_frames, drop = parse_timecode(tc_text, tc_rate)
        start_frame = round(Fraction(tc_frames) / tc_rate * rate)
        drop = drop and rate in DROP_FRAME_RATES
    path, url, file_name = media_location(opts.media_path or media.path)
    track = next((t for t in media.audio_tracks if t.index == analysis.audio_track), None)
    ordered = sorted(media.audio_tracks, key=lambda t: (t is not track, t.index))
    audio = tuple(
        TimelineAudio(
            index=t.index,
            stream_index=t.stream_index,
            channels=max(1, t.channels),
            sample_rate=t.sample_rate,
            name=xml_safe(_audio_name(number, t)),
        )
        for number, t in enumerate(ordered, start=1)
    )
    height = media.video.height if media.video else 1080
    return Timeline(
        name=xml_safe(opts.name or file_name),  # names and labels: nothing an XML file cannot hold
        rate=rate,
        drop_frame=drop,
        media_path=path,
        media_url=url,
        media_name=xml_safe(file_name),
        source_start_frame=start_frame,
        source_frames=total,
        has_video=media.video is not None,
        has_audio=track is not None,
        width=media.video.width if media.video else 1920,
        height=media.video.height if media.video else 1080,
        audio_channels=track.channels if track else 2,
        audio_rate=track.sample_rate if track else 48000,
        clips=tuple(clips),
        markers=_markers(project, opts, rate, clips),
        cut=cut,
        audio_tracks=audio,
        video_stream_index=media.video.stream_index if media.video else None,
        source_rate=Fraction(media.video.fps) if media.video and media.video.fps else None,
        colorspace=709 if height >= 720 else 601,
    )


def _audio_name(number: int, track) -> str:
    details = [d for d in (track.title, track.language) if d]
    return (
        f"A{number} " + " ".join(details[:1] + [f"({d})" for d in details[1:]]) if details else f"A{number}"
    )
