"""Long runs in one process: memory that does not creep, a long file that is streamed.

CI runs small counts; ``python scripts/reliability_long.py`` runs the full ones (200
files, a 3-hour file, 500 player cycles, 50 kills during a save) and prints JSON.

The player's open/close cycles are tests/ui/test_player.py (``CUTMARK_PLAYER_CYCLES``,
60 in CI, 500 in the script).
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from tests.reliability.helpers import (
    batch_rss,
    long_file_memory,
    make_batch,
    make_long_audio,
    memory_bound_kb,
    proc_status_kb,
)

ROOT = Path(__file__).resolve().parents[2]
BATCH_FILES = int(os.environ.get("CUTMARK_BATCH_FILES", "40"))
LONG_FILE_S = float(os.environ.get("CUTMARK_LONG_FILE_S", "1800"))
RSS_GROWTH_LIMIT = 0.10


@pytest.mark.skipif(not proc_status_kb("VmRSS"), reason="needs /proc (Linux)")
def test_a_batch_in_one_process_does_not_creep(tmp_path):
    files = make_batch(tmp_path / "in", BATCH_FILES)
    rc, rss = batch_rss(tmp_path / "in", tmp_path / "out")
    assert rc == 0 and len(rss) == len(files)
    first = BATCH_FILES // 4  # after the first quarter: everything loaded once is loaded
    growth = (max(rss[first:]) - rss[first]) / rss[first]
    assert growth <= RSS_GROWTH_LIMIT, f"RSS grew {growth:.1%} from file {first + 1} to {BATCH_FILES}: {rss}"
    assert len(list((tmp_path / "out").glob("*.cutmark.json"))) == BATCH_FILES


@pytest.mark.skipif(not proc_status_kb("VmRSS"), reason="needs /proc (Linux)")
@pytest.mark.timeout(600)
def test_a_long_file_is_analysed_with_one_copy_of_its_audio(tmp_path, tiny_model):
    media = Path(make_long_audio(tmp_path / "long recording.m4a", LONG_FILE_S))
    report = long_file_memory(media, tmp_path / "out", model=tiny_model)
    assert report["rc"] == 0, report["stderr"]
    assert report["peak_reset"], "could not reset the peak counter (/proc/self/clear_refs)"
    bound = memory_bound_kb(LONG_FILE_S)
    assert report["growth_kb"] <= bound, f"peak grew {report['growth_kb']} KiB, bound {bound} KiB: {report}"
    from desktop_app.project.store import load_project

    a = load_project(tmp_path / "out" / "long recording.cutmark.json").analysis
    assert abs(a.segments[-1].end_ms - LONG_FILE_S * 1000) < 5000  # the whole file
    bursts = [m for m in a.markers if m.kind == "event"]
    assert bursts, "the noise bursts in the silence were heard"


def test_the_memory_bound_is_about_one_copy():
    """Two copies of a 3-hour file (the old VAD grid did that) would not fit the bound."""
    three_hours = 3 * 3600
    samples_kb = three_hours * 16000 * 4 / 1024
    assert memory_bound_kb(three_hours) < 2 * samples_kb
    assert np.isclose(memory_bound_kb(0), 64 * 1024)
