"""Plan the clips fed to SenseVoice.

SenseVoice gives one language, emotion and event per clip, with no time inside it,
so the windows *are* the time resolution of every marker. Speech spans are split to
at most ``max_speech_ms`` (attention memory grows with the square of the length),
preferably at their quietest point; non-speech gaps are cut at loudness changes and
covered by short windows, so applause, music and laughter between speech get
classified too. Quiet gaps become one "silent" window the model does not need to see;
a short sound alone in the quiet (a cough, a clap, a door) gets a window of its own,
widened with the quiet around it to about a second so the model has context.

Every millisecond of the media lies in exactly one window. numpy only; no torch.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from desktop_app.core.model import GAP, SPEECH, Span, Window

LOUDNESS_FRAME_MS = 50


@dataclass(frozen=True)
class WindowOptions:
    max_speech_ms: int = 15_000  # plus at most a short lead-in and tail (min_gap_beside_speech_ms each)
    gap_window_ms: int = 3_000  # target length of a loud non-speech window
    min_window_ms: int = 400  # shorter pieces are merged into a neighbour
    min_gap_beside_speech_ms: int = 1000  # shorter sound touching speech is the speech's lead-in or tail
    silence_db: float = -45.0  # a 50 ms frame quieter than this (dBFS RMS) is silent
    min_silence_ms: int = 800  # silent stretches at least this long become silent windows
    min_sound_ms: int = 150  # a shorter sound between silences is a click: it stays silence
    sound_window_ms: int = 1000  # a short sound alone in the quiet is widened to this, from the quiet


def loudness_db(samples: np.ndarray, sample_rate: int, frame_ms: int = LOUDNESS_FRAME_MS) -> np.ndarray:
    """RMS level in dBFS for each ``frame_ms`` frame (the last frame may be partial)."""
    hop = max(1, sample_rate * frame_ms // 1000)
    n = len(samples)
    if n == 0:
        return np.zeros(0, dtype=np.float32)
    frames = math.ceil(n / hop)
    full = n // hop
    data = np.asarray(samples, dtype=np.float32)
    power = np.empty(frames, dtype=np.float32)
    if full:  # the whole frames are a view of the samples: no copy of an hour of audio
        blocks = data[: full * hop].reshape(full, hop)
        power[:full] = np.einsum("ij,ij->i", blocks, blocks)
    if frames > full:  # the partial last frame, zero-padded
        last = np.zeros((1, hop), dtype=np.float32)
        last[0, : n - full * hop] = data[full * hop :]
        power[full:] = np.einsum("ij,ij->i", last, last)
    power /= hop
    return (10.0 * np.log10(power + 1e-12)).astype(np.float32)


def _clip_spans(spans: list[Span], duration_ms: int) -> list[Span]:
    """Sort, clip to the media and merge overlapping speech spans."""
    out: list[Span] = []
    for s in sorted(spans, key=lambda s: s.start_ms):
        start, end = max(0, s.start_ms), min(duration_ms, s.end_ms)
        if end <= start:
            continue
        if out and start <= out[-1].end_ms:
            if end > out[-1].end_ms:
                out[-1] = Span(out[-1].start_ms, end)
        else:
            out.append(Span(start, end))
    return out


def _frame_slice(db: np.ndarray, start_ms: int, end_ms: int) -> np.ndarray:
    return db[
        start_ms // LOUDNESS_FRAME_MS : max(start_ms // LOUDNESS_FRAME_MS + 1, end_ms // LOUDNESS_FRAME_MS)
    ]


def _split_speech(span: Span, db: np.ndarray | None, opts: WindowOptions) -> list[tuple[int, int]]:
    """Cut a long speech span into pieces <= max_speech_ms at the quietest frames."""
    pieces = []
    start = span.start_ms
    while span.end_ms - start > opts.max_speech_ms:
        lo = start + opts.max_speech_ms // 2
        hi = start + opts.max_speech_ms
        cut = hi
        if db is not None and len(db):
            region = _frame_slice(db, lo, hi)
            if len(region):
                cut = (lo // LOUDNESS_FRAME_MS + int(np.argmin(region))) * LOUDNESS_FRAME_MS
                cut = min(max(cut, lo), hi)
        pieces.append((start, cut))
        start = cut
    pieces.append((start, span.end_ms))
    return pieces


def _even_chunks(start: int, end: int, target: int) -> list[tuple[int, int]]:
    n = max(1, round((end - start) / target))
    bounds = [start + (end - start) * i // n for i in range(n + 1)]
    return list(zip(bounds[:-1], bounds[1:], strict=True))


def _gap_runs(
    start: int,
    end: int,
    db: np.ndarray | None,
    opts: WindowOptions,
    speech_before: bool = False,
    speech_after: bool = False,
) -> list[tuple[int, int, bool]]:
    """Split a gap into (start, end, silent) runs at loudness changes.

    ``speech_before`` / ``speech_after``: speech touches the gap there (not the media's edge).
    """
    if db is None or not len(db):
        return [(start, end, False)]
    f0 = start // LOUDNESS_FRAME_MS
    f1 = max(f0 + 1, math.ceil(end / LOUDNESS_FRAME_MS))
    quiet = db[f0:f1] < opts.silence_db
    runs: list[list] = []
    for i, q in enumerate(quiet):
        t0 = max(start, (f0 + i) * LOUDNESS_FRAME_MS)
        t1 = min(end, (f0 + i + 1) * LOUDNESS_FRAME_MS)
        if t1 <= t0:
            continue
        if runs and runs[-1][2] == bool(q):
            runs[-1][1] = t1
        else:
            runs.append([t0, t1, bool(q)])
    if not runs:
        return [(start, end, False)]
    runs[0][0], runs[-1][1] = start, end
    # A short quiet stretch inside sound is part of the sound (pauses between claps).
    for r in runs:
        if r[2] and r[1] - r[0] < opts.min_silence_ms:
            r[2] = False
    merged: list[list] = []
    for r in runs:
        if merged and merged[-1][2] == r[2]:
            merged[-1][1] = r[1]
        else:
            merged.append(list(r))
    # Loud blips shorter than min_sound_ms between silences are clicks: fold them in.
    changed = True
    while changed and len(merged) > 1:
        changed = False
        for r in merged:
            if not r[2] and r[1] - r[0] < opts.min_sound_ms:
                r[2] = True
                changed = True
        folded: list[list] = []
        for r in merged:
            if folded and folded[-1][2] == r[2]:
                folded[-1][1] = r[1]
            else:
                folded.append(r)
        merged = folded
    _widen_sounds(merged, opts, speech_before, speech_after)
    return [(a, b, q) for a, b, q in merged if b > a]


def _widen_sounds(runs: list[list], opts: WindowOptions, speech_before: bool, speech_after: bool) -> None:
    """Widen each sound shorter than ``sound_window_ms`` with quiet taken from the silent
    runs beside it (half from each side where there is enough), in place.

    A sound touching speech is left alone: it is the speech's lead-in or tail (see
    :func:`_absorb_slivers`). A quiet remainder too short for a window goes to the sound.
    """
    for i, r in enumerate(runs):
        if r[2] or r[1] - r[0] >= opts.sound_window_ms:
            continue
        left = runs[i - 1] if i > 0 else None
        right = runs[i + 1] if i + 1 < len(runs) else None
        if (left is None and speech_before) or (right is None and speech_after):
            continue
        # after the merges above, the runs beside a sound are silent
        room_left = left[1] - left[0] if left else 0
        room_right = right[1] - right[0] if right else 0
        need = opts.sound_window_ms - (r[1] - r[0])
        take_left = min(room_left, (need + 1) // 2)
        take_right = min(room_right, need - take_left)
        take_left = min(room_left, need - take_right)
        if room_left - take_left < opts.min_window_ms:
            take_left = room_left
        if room_right - take_right < opts.min_window_ms:
            take_right = room_right
        if left is not None:
            left[1] -= take_left
        if right is not None:
            right[0] += take_right
        r[0] -= take_left
        r[1] += take_right


def plan_windows(
    duration_ms: int,
    speech: list[Span],
    loudness: np.ndarray | None = None,
    options: WindowOptions | None = None,
) -> list[Window]:
    """Cover ``[0, duration_ms)`` with speech and gap windows, in time order.

    ``loudness`` is :func:`loudness_db` of the audio (50 ms frames); without it gaps are
    only cut into even ``gap_window_ms`` pieces and none is marked silent.
    """
    opts = options or WindowOptions()
    if duration_ms <= 0:
        return []
    spans = _clip_spans(list(speech), duration_ms)
    raw: list[tuple[int, int, str, bool]] = []
    cursor = 0
    for span in spans:
        if span.start_ms > cursor:
            raw.extend(_gap_windows(cursor, span.start_ms, loudness, opts, cursor > 0, True))
        raw.extend((a, b, SPEECH, False) for a, b in _split_speech(span, loudness, opts))
        cursor = span.end_ms
    if cursor < duration_ms:
        raw.extend(_gap_windows(cursor, duration_ms, loudness, opts, bool(spans), False))
    raw = _absorb_slivers(raw, opts)
    return [Window(i, a, b, kind, silent) for i, (a, b, kind, silent) in enumerate(raw)]


def _gap_windows(
    start: int,
    end: int,
    db: np.ndarray | None,
    opts: WindowOptions,
    speech_before: bool,
    speech_after: bool,
) -> list[tuple[int, int, str, bool]]:
    out = []
    for a, b, silent in _gap_runs(start, end, db, opts, speech_before, speech_after):
        if silent:
            out.append((a, b, GAP, True))
        else:
            out.extend((x, y, GAP, False) for x, y in _even_chunks(a, b, opts.gap_window_ms))
    return out


def _absorb_slivers(
    raw: list[tuple[int, int, str, bool]], opts: WindowOptions
) -> list[tuple[int, int, str, bool]]:
    """Give gap pieces too short to classify to a neighbour, speech first.

    Any gap piece under ``min_window_ms`` goes; so does a sounding gap piece under
    ``min_gap_beside_speech_ms`` that touches speech: a breath or room tone before a
    sentence that the VAD's padding cut off, not an event of its own.
    """
    n = len(raw)

    def is_speech(j: int) -> bool:
        return 0 <= j < n and raw[j][2] == SPEECH

    out: list[tuple[int, int, str, bool]] = []
    carry: tuple[int, bool] | None = None  # (start, silent) of pieces waiting for the next window
    for i, (a, b, kind, silent) in enumerate(raw):
        beside_speech = is_speech(i - 1) or is_speech(i + 1)
        tiny = kind == GAP and (
            b - a < opts.min_window_ms
            or (not silent and beside_speech and b - a < opts.min_gap_beside_speech_ms)
        )
        if tiny and n > 1:
            if out and (is_speech(i - 1) or not is_speech(i + 1)):
                pa, _pb, pk, ps = out[-1]
                out[-1] = (pa, b, pk, ps and silent)
                continue
            if i + 1 < n:
                carry = (a, silent) if carry is None else (carry[0], carry[1] and silent)
                continue
        if carry is not None:
            a, silent = carry[0], silent and carry[1]
            carry = None
        out.append((a, b, kind, silent))
    return out
