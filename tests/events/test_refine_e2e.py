"""Issue #15 item 3 end to end: a 2.5 s applause burst inside a 14 s window of real speech is
marked within +-1 s of its edges, and a 300 ms burst alone in a quiet gap is marked, by
``cutmark process`` with the trained tiny model (which learned bursts over speech)."""

from pathlib import Path

import numpy as np
import pytest

from desktop_app.cli.main import main
from desktop_app.core.progress import drive
from desktop_app.events import EventOptions
from desktop_app.events.refine import RefineOptions
from desktop_app.pipeline import AnalysisOptions, analyze, load_engine
from desktop_app.project.store import load_project
from tests.media.gen import make_audio_file
from tests.rig import signals

SR = 16_000
BURST = (7_000, 9_500)  # inside the speech, which runs from 1 s to 15 s
SHORT = (18_000, 18_300)  # alone in the quiet after it


def scene() -> np.ndarray:
    real = max(signals.load_real_speech(), key=len)  # the long licensed recording
    speech = real[2 * SR : 16 * SR].astype(np.float64)
    burst = signals.GENERATORS["applause"](2.5, 5).astype(np.float64)
    a = BURST[0] * SR // 1000 - SR
    speech[a : a + len(burst)] += 0.6 * np.max(np.abs(speech)) * burst / np.max(np.abs(burst))
    quiet = signals.silence(6.0, 9, level=1e-3).astype(np.float64)
    short = signals.GENERATORS["applause"](0.3, 11)
    b = (SHORT[0] - 15_000) * SR // 1000
    quiet[b : b + len(short)] += 0.5 * short / np.max(np.abs(short))
    lead = signals.silence(1.0, 3, level=1e-3)
    return np.concatenate([lead, speech, quiet]).astype(np.float32)


@pytest.fixture(scope="module")
def recording(tmp_path_factory):
    return Path(make_audio_file(tmp_path_factory.mktemp("burst") / "burst.wav", scene(), SR))


@pytest.fixture(scope="module")
def processed(recording, tiny_model):
    out = recording.parent / "out"
    rc = main(
        [
            "process",
            str(recording),
            "--model",
            str(tiny_model),
            "--device",
            "cpu",
            "--out",
            str(out),
            "--no-cache",
        ]
    )
    assert rc == 0
    return load_project(out / "burst.cutmark.json")


def applause(project):
    return [m for m in project.analysis.markers if m.kind == "event" and m.label == "applause"]


def test_a_burst_inside_a_long_speech_window_is_marked_within_a_second(processed):
    (window,) = [s for s in processed.analysis.segments if s.start_ms <= BURST[0] and BURST[1] <= s.end_ms]
    assert window.kind == "speech" and window.duration_ms >= 12_000  # one long window holds the burst
    assert window.event == "Speech" and window.parts  # the model says speech for it; it was refined
    assert window.text  # its text stays from the first pass
    inside = [m for m in applause(processed) if m.end_ms <= 15_500]
    assert len(inside) == 1
    assert abs(inside[0].start_ms - BURST[0]) <= 1000 and abs(inside[0].end_ms - BURST[1]) <= 1000


def test_a_300_ms_burst_alone_in_a_quiet_gap_is_marked(processed):
    (marker,) = [m for m in applause(processed) if m.start_ms >= 15_000]
    assert abs(marker.start_ms - SHORT[0]) <= 1000 and abs(marker.end_ms - SHORT[1]) <= 1000


def test_only_flagged_windows_are_run_again(processed):
    refined = [s for s in processed.analysis.segments if s.parts]
    assert [s.kind for s in refined] == ["speech"]
    assert all(p.start_ms >= refined[0].start_ms and p.end_ms <= refined[0].end_ms for p in refined[0].parts)


def test_without_refinement_the_window_hides_the_burst(recording, tiny_model):
    engine = load_engine(str(tiny_model), "cpu")
    options = AnalysisOptions(events=EventOptions(refine=RefineOptions(enabled=False)))
    project = drive(analyze(recording, options, engine))
    assert not any(s.parts for s in project.analysis.segments)
    assert [m for m in applause(project) if m.end_ms <= 15_500] == []  # speech wins over the whole window
