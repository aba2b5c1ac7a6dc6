"""A cough, clap or door slam alone in a quiet stretch gets a window, a marker, a place in the cut.

The window planner used to fold any sound under 400 ms between quiet stretches into
silence: it was never classified, sat inside a "silence" marker, and no cut could keep it.
"""

import numpy as np
import pytest

from desktop_app.cli.main import main
from desktop_app.core.model import GAP, Segment, Span
from desktop_app.edit import SilenceCutOptions, silence_cut
from desktop_app.events import build_markers
from desktop_app.project.store import load_project
from desktop_app.transcribe.windows import loudness_db, plan_windows
from tests.media.gen import make_audio_file
from tests.project.factories import sample_analysis

SR = 16_000


def room_with_a_cough(duration_s: int = 12, at_ms: int = 6_000, burst_ms: int = 200) -> np.ndarray:
    rng = np.random.default_rng(7)
    audio = (1e-3 * rng.standard_normal(duration_s * SR)).astype(np.float32)  # room tone, about -60 dBFS
    a, n = at_ms * SR // 1000, burst_ms * SR // 1000
    audio[a : a + n] += (0.3 * rng.standard_normal(n)).astype(np.float32)
    return audio


@pytest.mark.parametrize("burst_ms", [150, 300])
def test_a_silence_cut_keeping_coughs_keeps_the_short_cough(burst_ms):
    audio = room_with_a_cough(burst_ms=burst_ms)
    speech = [Span(0, 3_000), Span(9_000, 12_000)]
    windows = plan_windows(12_000, speech, loudness_db(audio, SR))
    # The model's part, played by the test: it hears a cough in every window it is given
    # that is not speech (the burst's window is the only such one).
    segments = [
        Segment(w.start_ms, w.end_ms, w.kind, event="Cough" if w.kind == GAP and not w.silent else None)
        for w in windows
    ]
    markers = build_markers(segments, [w for w in windows if w.silent])
    [cough] = [m for m in markers if m.label == "cough"]
    assert cough.start_ms <= 6_000 and 6_000 + burst_ms <= cough.end_ms
    assert not any(
        m.kind == "silence" and m.start_ms < 6_000 + burst_ms and m.end_ms > 6_000 for m in markers
    )
    base = sample_analysis()
    analysis = type(base)(
        **{
            **base.__dict__,
            "media": type(base.media)(**{**base.media.__dict__, "duration_ms": 12_000}),
            "segments": tuple(segments),
            "markers": tuple(markers),
        }
    )
    plan = silence_cut(analysis, SilenceCutOptions(keep=("speech", "cough"), pad_before_ms=0, pad_after_ms=0))
    assert plan.index_at(6_000) is not None and plan.index_at(6_000 + burst_ms - 1) is not None
    assert plan.ranges[plan.index_at(6_000)].reason == "cough"


def test_process_vad_only_puts_no_silence_marker_over_a_short_burst(tmp_path):
    """Real decode, real VAD, real windows: the burst's window is not silent, so it is analysed."""
    path = make_audio_file(tmp_path / "room.wav", room_with_a_cough(), SR)
    assert main(["process", path, "--vad-only", "--out", str(tmp_path / "o")]) == 0
    a = load_project(tmp_path / "o" / "room.cutmark.json").analysis
    silences = [(m.start_ms, m.end_ms) for m in a.markers if m.kind == "silence"]
    assert silences and not any(s < 6_200 and e > 6_000 for s, e in silences), silences
    [window] = [s for s in a.segments if s.start_ms <= 6_000 and s.end_ms >= 6_200]
    assert window.duration_ms >= 1_000
