"""Issue #15 item 5: the per-file summary (counts, laughs per minute, busiest stretches)."""

import json

from desktop_app.cli.main import main
from desktop_app.core.model import GAP, Analysis, Marker, MediaInfo, ModelRef, Segment
from desktop_app.events import build_markers
from desktop_app.events.summary import summarize_events
from desktop_app.project import Project, save_project
from desktop_app.session import RejectMarker
from desktop_app.session.markers import event_summary


def laugh(at_s, length_s=2):
    return Marker("event", "laughter", int(at_s * 1000), int((at_s + length_s) * 1000), 0.9)


MARKERS = (
    laugh(5),
    laugh(70),
    laugh(80),
    laugh(95),
    laugh(110),
    Marker("event", "applause", 100_000, 106_000, 0.8),
    Marker("emotion", "happy", 0, 30_000, 0.7),
    Marker("silence", "silence", 30_000, 40_000),
    laugh(170),
)


def test_counts_rates_and_clusters():
    s = summarize_events(MARKERS, 180_000, bin_ms=60_000)
    assert s.counts == {"laughter": 6, "applause": 1, "happy": 1}  # events first, silences left out
    laughs = s.get("laughter")
    assert laughs.per_minute == (1.0, 4.0, 1.0)
    assert laughs.total_ms == 12_000
    # the busiest minute starts at the laugh at 70 s and holds four; the next does not overlap it
    assert [(c.start_ms, c.count) for c in laughs.clusters] == [(70_000, 4), (5_000, 1), (170_000, 1)]
    assert s.bin_starts_ms() == [0, 60_000, 120_000]


def test_a_short_last_bin_is_rated_per_minute_of_what_it_holds():
    s = summarize_events([laugh(61), laugh(65)], 90_000, bin_ms=60_000)
    assert s.get("laughter").per_minute == (0.0, 4.0)  # two in the last 30 s


def test_summary_follows_the_review_and_the_cli_prints_it(tmp_path, capsys):
    media = MediaInfo("show.mp4", 1, "mp4", 180_000, ())
    windows = tuple(
        Segment(
            m.start_ms,
            m.end_ms,
            GAP,
            event="Laughter",
            event_confidence=0.9,
            event_probs=(("Laughter", 0.9),),
        )
        for m in MARKERS
        if m.label == "laughter"
    )
    markers = tuple(build_markers(windows))
    project = Project(Analysis(media, "h", 0, ModelRef("m", "cpu"), windows, markers))
    assert event_summary(project).counts["laughter"] == 6
    rejected = RejectMarker(markers[0]).apply(project)
    assert event_summary(rejected).counts["laughter"] == 5
    path = tmp_path / "show.cutmark.json"
    save_project(rejected, path)
    assert main(["events", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    laughs = next(k for k in data["kinds"] if k["label"] == "laughter")
    assert laughs["count"] == 5 and laughs["per_minute"] == [0.0, 4.0, 1.0]
    assert main(["events", str(path), "--bin", "30s"]) == 0
    text = capsys.readouterr().out
    assert "Laughter" in text and "busiest from 01:10.000 (3)" in text and "peak 4/min" in text
    assert main(["events", str(tmp_path / "none.cutmark.json")]) == 1
