"""Turn per-window tags into markers.

A marker's time resolution is its window's (SenseVoice says nothing about time inside
a clip), or its refined parts' where the window was run again as sub-windows (refine.py). Neighbouring windows with the same label merge into one marker, so a minute
of applause cut into 3 s windows is one applause marker, not twenty.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from desktop_app.core import vocabulary
from desktop_app.core.model import SPEECH, Marker, Segment, Window
from desktop_app.core.vocabulary import EMOTION, EVENT, SILENCE
from desktop_app.events.refine import RefineOptions, part_spans
from desktop_app.transcribe.tags import emotion_label, event_label

EVENT_KINDS = vocabulary.EVENT_LABELS
EMOTION_KINDS = vocabulary.EMOTION_LABELS


@dataclass(frozen=True)
class EventOptions:
    merge_gap_ms: int = 0  # windows closer than this with the same label merge
    min_event_confidence: float = 0.0
    min_emotion_confidence: float = 0.0
    min_silence_ms: int = 1000
    refine: RefineOptions = field(default_factory=RefineOptions)  # finer times (refine.py)


def _merge(items: Iterable[Marker], gap_ms: int) -> list[Marker]:
    out: list[Marker] = []
    for m in sorted(items, key=lambda m: (m.kind, m.label, m.start_ms)):
        last = out[-1] if out else None
        if last and last.kind == m.kind and last.label == m.label and m.start_ms - last.end_ms <= gap_ms:
            conf = None
            if last.confidence is not None and m.confidence is not None:
                # weighted by duration: the merged marker is as sure as its parts on average
                a, b = last.end_ms - last.start_ms, m.end_ms - m.start_ms
                conf = round((last.confidence * a + m.confidence * b) / max(1, a + b), 4)
            out[-1] = Marker(last.kind, last.label, last.start_ms, max(last.end_ms, m.end_ms), conf)
        else:
            out.append(m)
    return out


def _event_of(seg: Segment, opts: EventOptions) -> str | None:
    label = event_label(seg.event)
    if label and (seg.event_confidence is None or seg.event_confidence >= opts.min_event_confidence):
        return label
    return None


def _emotion_of(seg: Segment, opts: EventOptions) -> str | None:
    emo = emotion_label(seg.emotion)
    if (
        emo
        and emo != "neutral"
        and (seg.emotion_confidence is None or seg.emotion_confidence >= opts.min_emotion_confidence)
    ):
        return emo
    return None


def _event_markers(seg: Segment, opts: EventOptions) -> list[Marker]:
    """The window's event; with refined parts, only over the parts that carry an event
    (the whole window still, when its event is in none of them)."""
    label = _event_of(seg, opts)
    if not seg.parts:
        return [Marker(EVENT, label, seg.start_ms, seg.end_ms, seg.event_confidence)] if label else []
    out = []
    for part, (a, b) in zip(sorted(seg.parts, key=lambda p: p.start_ms), part_spans(seg), strict=True):
        found = _event_of(part, opts)
        if found and b > a:
            out.append(Marker(EVENT, found, a, b, part.event_confidence))
    if label and not any(m.label == label for m in out):
        out.append(Marker(EVENT, label, seg.start_ms, seg.end_ms, seg.event_confidence))
    return out


def _emotion_markers(seg: Segment, opts: EventOptions) -> list[Marker]:
    """The window's emotion; where its refined parts disagree (the emotion changes inside
    the window), each part's own emotion over its stretch."""
    label = _emotion_of(seg, opts)
    parts = sorted(seg.parts, key=lambda p: p.start_ms)
    if len({emotion_label(p.emotion) for p in parts}) < 2:
        return [Marker(EMOTION, label, seg.start_ms, seg.end_ms, seg.emotion_confidence)] if label else []
    out = []
    for part, (a, b) in zip(parts, part_spans(seg), strict=True):
        found = _emotion_of(part, opts)
        if found and b > a:
            out.append(Marker(EMOTION, found, a, b, part.emotion_confidence))
    return out


def build_markers(
    segments: Sequence[Segment],
    silent_windows: Sequence[Window] = (),
    options: EventOptions | None = None,
) -> list[Marker]:
    """Event markers from every window, emotion spans from speech, silences from quiet gaps."""
    opts = options or EventOptions()
    events, emotions = [], []
    for seg in segments:
        events += _event_markers(seg, opts)
        # speech the VAD missed still counts when the model heard words in it
        if seg.kind == SPEECH or seg.text:
            emotions += _emotion_markers(seg, opts)
    silences = [Marker(SILENCE, SILENCE, w.start_ms, w.end_ms) for w in silent_windows]
    merged = _merge(events, opts.merge_gap_ms) + _merge(emotions, opts.merge_gap_ms)
    merged += [m for m in _merge(silences, 0) if m.end_ms - m.start_ms >= opts.min_silence_ms]
    return sorted(merged, key=lambda m: (m.start_ms, m.kind, m.label))
