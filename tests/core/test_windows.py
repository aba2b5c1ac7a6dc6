import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.core.model import GAP, SPEECH, Span
from desktop_app.transcribe.windows import WindowOptions, loudness_db, plan_windows


def assert_tiles(windows, duration_ms):
    assert windows[0].start_ms == 0 and windows[-1].end_ms == duration_ms
    for a, b in zip(windows, windows[1:], strict=False):
        assert a.end_ms == b.start_ms and a.end_ms > a.start_ms
    assert [w.index for w in windows] == list(range(len(windows)))


def test_long_speech_is_split_and_gaps_are_covered():
    windows = plan_windows(60_000, [Span(5_000, 45_000)])
    assert_tiles(windows, 60_000)
    speech = [w for w in windows if w.kind == SPEECH]
    assert sum(w.duration_ms for w in speech) == 40_000
    assert all(w.duration_ms <= 15_000 for w in speech)
    gaps = [w for w in windows if w.kind == GAP]
    assert all(w.duration_ms <= 4_500 for w in gaps)  # short windows: events get a time


def test_quiet_gaps_become_one_silent_window_and_loud_gaps_short_windows():
    sr = 16_000
    audio = np.zeros(30 * sr, dtype=np.float32)
    rng = np.random.default_rng(0)
    audio[12 * sr : 15 * sr] = rng.normal(0, 0.2, 3 * sr)  # a burst in the gap
    windows = plan_windows(30_000, [Span(0, 5_000)], loudness_db(audio, sr))
    assert_tiles(windows, 30_000)
    loud = [w for w in windows if w.kind == GAP and not w.silent]
    assert loud and loud[0].start_ms == 12_000 and loud[-1].end_ms == 15_000
    assert all(w.silent for w in windows if w.kind == GAP and (w.end_ms <= 12_000 or w.start_ms >= 15_000))


def test_speech_split_prefers_quiet_points():
    sr = 16_000
    audio = np.random.default_rng(1).normal(0, 0.1, 30 * sr).astype(np.float32)
    audio[int(11.0 * sr) : int(11.2 * sr)] = 0  # a pause inside a long speech span
    windows = plan_windows(30_000, [Span(0, 30_000)], loudness_db(audio, sr))
    assert windows[0].end_ms in range(11_000, 11_201)


def test_empty_media():
    assert plan_windows(0, []) == []


spans = st.lists(st.tuples(st.integers(-1000, 200_000), st.integers(1, 40_000)), max_size=12)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 200_000), spans, st.integers(1000, 20_000), st.integers(500, 5000))
def test_every_millisecond_in_exactly_one_window(duration, raw, max_speech, gap):
    speech = [Span(s, s + d) for s, d in raw]
    opts = WindowOptions(max_speech_ms=max_speech, gap_window_ms=gap)
    windows = plan_windows(duration, speech, None, opts)
    assert_tiles(windows, duration)
    for w in windows:
        if w.kind == SPEECH:
            assert w.duration_ms <= max_speech + 2 * max(opts.min_window_ms, opts.min_gap_beside_speech_ms)


def test_short_sound_beside_speech_joins_the_speech_window():
    sr = 16_000
    audio = np.full(20 * sr, 0.05, dtype=np.float32)  # room tone everywhere: nothing is silent
    windows = plan_windows(20_000, [Span(600, 8_000)], loudness_db(audio, sr))
    assert windows[0].kind == SPEECH and windows[0].start_ms == 0  # the 600 ms lead-in is not its own window
    assert_tiles(windows, 20_000)


# --- short sounds alone in the quiet (a cough, a clap, a door) ------------------------------

SR = 16_000


def _room_with_burst(duration_s: int, burst_at_ms: int, burst_ms: int, seed: int = 0) -> np.ndarray:
    """Quiet room tone (about -60 dBFS) with one loud noise burst (about -10 dBFS)."""
    rng = np.random.default_rng(seed)
    audio = rng.normal(0, 0.001, duration_s * SR).astype(np.float32)
    a = burst_at_ms * SR // 1000
    audio[a : a + burst_ms * SR // 1000] += rng.normal(0, 0.3, burst_ms * SR // 1000).astype(np.float32)
    return audio


@pytest.mark.parametrize("burst_ms", [150, 200, 300])
@pytest.mark.parametrize("burst_at_ms", [10_000, 10_013])
def test_a_short_burst_in_a_quiet_gap_gets_its_own_window_with_context(burst_ms, burst_at_ms):
    audio = _room_with_burst(20, burst_at_ms, burst_ms)
    windows = plan_windows(20_000, [Span(0, 4_000), Span(16_000, 20_000)], loudness_db(audio, SR))
    assert_tiles(windows, 20_000)
    [sound] = [w for w in windows if w.kind == GAP and not w.silent]
    assert sound.start_ms <= burst_at_ms and burst_at_ms + burst_ms <= sound.end_ms
    assert sound.duration_ms >= 1_000  # context for the model around the burst
    i = windows.index(sound)
    assert windows[i - 1].silent and windows[i + 1].silent  # the quiet beside it is still its own
    assert [w.kind for w in windows].count(SPEECH) == 2
    assert windows[0].end_ms == 4_000 and windows[-1].start_ms == 16_000  # speech windows untouched


@pytest.mark.parametrize("burst_ms", [40, 100])
def test_a_click_under_150_ms_stays_silence(burst_ms):
    audio = _room_with_burst(20, 10_000, burst_ms)  # frame-aligned: 1 or 2 loud 50 ms frames
    windows = plan_windows(20_000, [Span(0, 4_000), Span(16_000, 20_000)], loudness_db(audio, SR))
    assert_tiles(windows, 20_000)
    assert all(w.silent for w in windows if w.kind == GAP)


def test_a_burst_near_the_media_edge_takes_its_context_from_one_side():
    audio = _room_with_burst(10, 9_700, 200)
    windows = plan_windows(10_000, [Span(0, 3_000)], loudness_db(audio, SR))
    assert_tiles(windows, 10_000)
    assert windows[-1].kind == GAP and not windows[-1].silent
    assert windows[-1].start_ms <= 9_000 and windows[-2].silent


def test_a_short_sound_right_after_speech_is_the_speech_tail():
    audio = _room_with_burst(20, 4_100, 200)  # 100 ms after the VAD's end of speech
    windows = plan_windows(20_000, [Span(0, 4_000)], loudness_db(audio, SR))
    assert_tiles(windows, 20_000)
    assert windows[0].kind == SPEECH and windows[0].end_ms >= 4_300
    assert all(w.silent for w in windows[1:])


def _loudness_with_bursts(duration_ms: int, bursts: list[tuple[int, int]]) -> np.ndarray:
    """50 ms frames of room tone (-60 dB) with loud frames (-10 dB) at ``(first frame, frames)``."""
    db = np.full(max(1, -(-duration_ms // 50)), -60.0, dtype=np.float32)
    for first, count in bursts:
        db[first : first + count] = -10.0
    return db


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 120_000),
    spans,
    st.lists(st.tuples(st.integers(0, 2_400), st.integers(1, 30)), max_size=10),
    st.integers(1000, 20_000),
)
def test_windows_tile_and_no_sound_of_150_ms_is_left_in_a_silent_window(duration, raw, bursts, max_speech):
    speech = [Span(s, s + d) for s, d in raw]
    opts = WindowOptions(max_speech_ms=max_speech)
    windows = plan_windows(duration, speech, _loudness_with_bursts(duration, bursts), opts)
    assert_tiles(windows, duration)
    for first, count in bursts:
        pieces = [(first * 50, min(duration, (first + count) * 50))]
        for s in speech:  # the part of a sound inside speech is in a speech window anyway
            pieces = [
                p for a, b in pieces for p in ((a, min(b, s.start_ms)), (max(a, s.end_ms), b)) if p[1] > p[0]
            ]
        for a, b in pieces:
            if b - a < 150:  # shorter is a click (WindowOptions.min_sound_ms)
                continue
            for w in windows:
                if w.silent and w.start_ms < b and a < w.end_ms:
                    raise AssertionError(f"sound [{a}, {b}) lies in silent window {w}")
