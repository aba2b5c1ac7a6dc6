"""Issue #15 item 2 end to end: changing the sensitivity (CLI ``--sensitivity`` on export,
cut and highlights, or the app's SetSensitivity) changes the markers and runs no model."""

import csv

import pytest

from desktop_app.cli.main import main
from desktop_app.core.timebase import format_clock
from desktop_app.core.vocabulary import display_name
from desktop_app.events.sensitivity import parse_sensitivity
from desktop_app.project.store import load_project
from desktop_app.session import Document, SetSensitivity
from tests.media.gen import make_video
from tests.rig.scenes import SR, show_60s


@pytest.fixture(scope="module")
def project_file(tiny_model, tmp_path_factory):
    audio, _parts = show_60s()
    folder = tmp_path_factory.mktemp("sens")
    video = folder / "show.mp4"
    make_video(video, 60.0, audio=audio, audio_rate=SR, channels=1)
    args = ["process", str(video), "--model", str(tiny_model), "--device", "cpu", "--out", str(folder)]
    assert main([*args, "--no-cache"]) == 0
    return folder / "show.cutmark.json"


@pytest.fixture
def model_calls(monkeypatch):
    """Every model load and every forward pass, counted."""
    from desktop_app.transcribe import engine as engine_mod

    calls = []
    real_init, real_forward = engine_mod.SenseVoiceEngine.__init__, engine_mod.SenseVoiceEngine._forward

    def counting_init(self, *a, **k):
        calls.append("load")
        real_init(self, *a, **k)

    def counting_forward(self, *a, **k):
        calls.append("forward")
        return real_forward(self, *a, **k)

    monkeypatch.setattr(engine_mod.SenseVoiceEngine, "__init__", counting_init)
    monkeypatch.setattr(engine_mod.SenseVoiceEngine, "_forward", counting_forward)
    return calls


def marker_rows(path):
    return [tuple(r) for r in csv.reader(path.open(encoding="utf-8"))]


@pytest.fixture(scope="module")
def flip(project_file):
    """A gain that makes one speech window an event, read off the stored distributions:
    ``(sensitivity, label, start_ms, end_ms)``. The tiny model is very sure of itself, so
    the gain is small; what matters is that no model is needed to apply it."""
    from desktop_app.core.vocabulary import from_model_tag

    segments = load_project(project_file).analysis.segments
    found = [
        (s.event_probs[1][1] / s.event_probs[0][1], s)
        for s in segments
        if s.event == "Speech" and len(s.event_probs) > 1 and from_model_tag(s.event_probs[1][0])
    ]
    assert found, "no speech window holds a second event in its distribution"
    ratio, seg = max(found, key=lambda f: f[0])
    label = from_model_tag(seg.event_probs[1][0]).label
    return f"speech={ratio / 2:.6g}", label, seg.start_ms, seg.end_ms


def test_cli_sensitivity_changes_exported_markers_without_the_model(
    project_file, flip, model_calls, tmp_path
):
    gains, label, start_ms, end_ms = flip
    out = tmp_path / "out"
    base = ["export", str(project_file), "--format", "csv", "--out", str(out), "--overwrite"]
    assert main([*base, "--stem", "model"]) == 0
    assert main([*base, "--stem", "flip", "--sensitivity", gains]) == 0
    assert main([*base, "--stem", "more", "--sensitivity", "find-more"]) == 0
    model, flipped = marker_rows(out / "model.csv"), marker_rows(out / "flip.csv")
    name = display_name(label)
    assert not any(r[2] == name and float(r[0]) <= start_ms / 1000 < float(r[1]) for r in model)
    assert any(
        r[2] == name and float(r[0]) <= start_ms / 1000 and end_ms / 1000 <= float(r[1]) for r in flipped
    )
    assert model_calls == []  # not loaded, not run
    assert "events" not in load_project(project_file).edits  # an export's sensitivity is not saved


def test_cut_and_highlights_take_the_sensitivity(project_file, flip, model_calls, tmp_path, capsys):
    gains, label, start_ms, _ = flip
    base = ["highlights", str(project_file), "--events", label, "--before", "0", "--after", "0", "--list"]
    assert main(base) == 0
    plain = capsys.readouterr().out.splitlines()
    assert main([*base, "--sensitivity", gains]) == 0
    flipped = capsys.readouterr().out.splitlines()
    assert len(flipped) > len(plain)  # the window, and any other the gain tips over as well
    assert any(format_clock(start_ms) in line for line in flipped)
    cut = ["cut", str(project_file), "--keep", label, "--dry-run", "--out", str(tmp_path)]
    main(cut)
    plain_cut = capsys.readouterr().out
    assert main([*cut, "--sensitivity", gains]) == 0
    assert capsys.readouterr().out != plain_cut
    assert main([*base, "--sensitivity", "giggles=2"]) == 2  # a usage error, said as such
    assert "giggles" in capsys.readouterr().err
    assert model_calls == []


def test_app_sensitivity_changes_markers_without_the_model(project_file, flip, model_calls):
    gains, label, start_ms, end_ms = flip
    doc = Document()
    doc.open(project_file)
    before = doc.project.analysis.markers
    assert doc.run(SetSensitivity(parse_sensitivity(gains)))
    assert any(
        m.label == label and m.start_ms <= start_ms and end_ms <= m.end_ms
        for m in doc.project.analysis.markers
    )
    assert doc.undo() and doc.project.analysis.markers == before
    assert model_calls == []
