import numpy as np
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
