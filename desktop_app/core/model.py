"""Frozen dataclasses passed between the stages. Times are integer milliseconds."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

SPEECH = "speech"
GAP = "gap"


@dataclass(frozen=True)
class AudioTrack:
    index: int  # 0-based among the file's audio streams (what ``--audio-track`` takes)
    stream_index: int  # the container's stream index
    codec: str
    channels: int
    sample_rate: int
    language: str | None = None
    title: str | None = None
    duration_ms: int | None = None


@dataclass(frozen=True)
class VideoStream:
    stream_index: int
    codec: str
    width: int
    height: int
    fps: Fraction | None  # average frame rate; None when the container does not say
    variable_frame_rate: bool = False


@dataclass(frozen=True)
class MediaInfo:
    path: str
    size_bytes: int
    format_name: str
    duration_ms: int
    audio_tracks: tuple[AudioTrack, ...]
    video: VideoStream | None = None
    start_timecode: str | None = None

    @property
    def fps(self) -> Fraction | None:
        return self.video.fps if self.video else None


@dataclass(frozen=True)
class Span:
    """A half-open time range ``[start_ms, end_ms)``."""

    start_ms: int
    end_ms: int

    @property
    def duration_ms(self) -> int:
        return self.end_ms - self.start_ms


@dataclass(frozen=True)
class Window:
    """One clip fed to the speech model; every millisecond of the media is in exactly one."""

    index: int
    start_ms: int
    end_ms: int
    kind: str  # SPEECH or GAP
    silent: bool = False  # a quiet gap: nothing to classify, the model is not run on it

    @property
    def duration_ms(self) -> int:
        return self.end_ms - self.start_ms


@dataclass(frozen=True)
class Word:
    text: str
    start_ms: int
    end_ms: int


@dataclass(frozen=True)
class Tags:
    """What SenseVoice says about one clip: one language, emotion and event, with confidences."""

    language: str | None = None
    emotion: str | None = None
    event: str | None = None
    itn: bool | None = None
    language_confidence: float | None = None
    emotion_confidence: float | None = None
    event_confidence: float | None = None


@dataclass(frozen=True)
class Segment:
    start_ms: int
    end_ms: int
    kind: str  # SPEECH or GAP
    text: str = ""
    language: str | None = None
    emotion: str | None = None
    event: str | None = None
    language_confidence: float | None = None
    emotion_confidence: float | None = None
    event_confidence: float | None = None
    words: tuple[Word, ...] = ()
    # The model's probability of each event / emotion tag in its output slot, above a small
    # floor, most likely first: ``(("Speech", 0.91), ("Laughter", 0.06))``. What sensitivity
    # re-chooses from without the model; empty when unknown (older projects, hand-made).
    event_probs: tuple[tuple[str, float], ...] = ()
    emotion_probs: tuple[tuple[str, float], ...] = ()
    # Short sub-windows the model re-ran where this window may hold an event (refinement):
    # their tags and distributions place the event inside the window. Their text is unused.
    parts: tuple[Segment, ...] = ()

    @property
    def duration_ms(self) -> int:
        return self.end_ms - self.start_ms

    @property
    def has_speech(self) -> bool:
        """Speech for subtitles and cuts: the VAD called it speech, or the model heard words
        in it anyway (quiet speech, speech over music, words in a laugh)."""
        return self.kind == SPEECH or bool(self.text.strip())


@dataclass(frozen=True)
class Marker:
    kind: str  # "event", "emotion" or "silence"
    label: str  # laughter, applause, ..., happy, angry, ..., silence
    start_ms: int
    end_ms: int
    confidence: float | None = None


@dataclass(frozen=True)
class ModelRef:
    id: str  # hub id or folder; "vad-only" when no speech model ran
    device: str


@dataclass(frozen=True)
class Analysis:
    """Everything the pipeline learns about one media file."""

    media: MediaInfo
    content_hash: str
    audio_track: int
    model: ModelRef
    segments: tuple[Segment, ...]
    markers: tuple[Marker, ...]
    options: dict = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True, eq=False)
class DecodedAudio:
    """Mono float32 samples at ``sample_rate`` (16 kHz), on the media's clock from 0."""

    samples: np.ndarray  # float32, shape (n,)
    sample_rate: int
    track: int
    warnings: tuple[str, ...] = ()

    @property
    def duration_ms(self) -> int:
        return (len(self.samples) * 1000) // self.sample_rate
