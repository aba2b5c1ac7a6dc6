"""End to end: ``cutmark process`` on a generated show with the trained tiny model."""

import json
import subprocess
import sys

import pysrt
import pytest

from desktop_app.cli.main import main
from desktop_app.core.errors import Cancelled
from desktop_app.core.progress import CancelToken, Progress, drive
from desktop_app.pipeline import AnalysisOptions, analyze, load_engine
from desktop_app.project.store import load_project


def overlap(a0, a1, b0, b1):
    return max(0, min(a1, b1) - max(a0, b0))


@pytest.fixture(scope="module")
def processed(show_video, tiny_model, tmp_path_factory):
    video, parts = show_video
    out = tmp_path_factory.mktemp("out")
    rc = main(
        [
            "process",
            str(video),
            "--model",
            str(tiny_model),
            "--device",
            "cpu",
            "--out",
            str(out),
            "--no-cache",
        ]
    )
    return rc, out, video, parts


def test_writes_project_and_srt(processed):
    rc, out, video, _ = processed
    assert rc == 0
    assert (out / "show 60s.cutmark.json").is_file() and (out / "show 60s.srt").is_file()
    raw = json.loads((out / "show 60s.cutmark.json").read_text(encoding="utf-8"))
    assert raw["schema_version"] == 2
    assert raw["media"]["content_hash"].startswith("b2s1:")
    assert raw["model"]["device"] == "cpu"


def test_windows_cover_the_whole_duration(processed):
    _, out, _, _ = processed
    a = load_project(out / "show 60s.cutmark.json").analysis
    segs = a.segments
    assert segs[0].start_ms == 0
    assert abs(segs[-1].end_ms - 60_000) <= 100
    assert all(x.end_ms == y.start_ms for x, y in zip(segs, segs[1:], strict=False))
    assert all(s.kind in ("speech", "gap") for s in segs)


@pytest.mark.parametrize("label,kind", [("applause", "applause"), ("laughter", "laughter"), ("bgm", "music")])
def test_event_markers_sit_on_their_sounds(processed, label, kind):
    _, out, _, parts = processed
    a = load_project(out / "show 60s.cutmark.json").analysis
    (part,) = [p for p in parts if p.kind == kind]
    p0, p1 = int(part.start_s * 1000), int(part.end_s * 1000)
    found = [m for m in a.markers if m.kind == "event" and m.label == label]
    assert found, f"no {label} marker; markers: {a.markers}"
    covered = sum(overlap(m.start_ms, m.end_ms, p0, p1) for m in found)
    assert covered >= 0.8 * (p1 - p0)  # the sound is marked ...
    for m in found:  # ... and nothing far away from it is
        assert m.start_ms >= p0 - 1000 and m.end_ms <= p1 + 1000, m
        assert 0 < m.confidence <= 1


def test_speech_windows_carry_text_tags_and_words(processed):
    _, out, _, parts = processed
    a = load_project(out / "show 60s.cutmark.json").analysis
    for part in [p for p in parts if p.kind == "speech"]:
        p0, p1 = int(part.start_s * 1000), int(part.end_s * 1000)
        on = [s for s in a.segments if overlap(s.start_ms, s.end_ms, p0, p1) > 500]
        assert any(s.kind == "speech" and s.text == "hello" for s in on), on
        for s in on:
            if s.text:
                assert (s.language, s.emotion, s.event) == ("en", "HAPPY", "Speech")
                assert all(s.start_ms <= w.start_ms < w.end_ms <= s.end_ms for w in s.words)
                assert [w.text for w in s.words] == ["hello"]
                assert 0 < s.language_confidence <= 1 and 0 < s.emotion_confidence <= 1
    assert any(m.kind == "emotion" and m.label == "happy" for m in a.markers)


def test_srt_parses_and_holds_the_text(processed):
    _, out, _, _ = processed
    subs = pysrt.open(str(out / "show 60s.srt"), encoding="utf-8")
    assert len(subs) >= 3
    assert all(s.text == "hello" for s in subs)
    starts = [s.start.ordinal for s in subs]
    assert starts == sorted(starts)


def test_progress_json_lines_from_the_console_entry(show_video, tiny_model, tmp_path):
    video, _ = show_video
    proc = subprocess.run(
        [sys.executable, "-m", "desktop_app", "process", str(video), "--model", str(tiny_model),
         "--device", "cpu", "--out", str(tmp_path), "--progress", "json", "--no-cache"],
        capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    events = [json.loads(line) for line in proc.stdout.splitlines()]  # stdout carries JSON only
    kinds = [e["event"] for e in events]
    assert kinds[0] == "start" and kinds[-2:] == ["done", "summary"]
    overall = [e["overall"] for e in events if e["event"] == "progress" and e["overall"] is not None]
    assert overall == sorted(overall) and overall[-1] == 1.0
    assert {e["stage"] for e in events if e["event"] == "progress"} >= {"decode", "vad", "transcribe"}


def test_one_model_load_per_run_and_batched_windows(show_video, tiny_model, tmp_path, monkeypatch):
    from desktop_app.transcribe import engine as engine_mod

    loads, forwards = [], []
    real_init, real_forward = engine_mod.SenseVoiceEngine.__init__, engine_mod.SenseVoiceEngine._forward

    def counting_init(self, *a, **k):
        loads.append(1)
        real_init(self, *a, **k)

    def counting_forward(self, clips, opts, text=True):
        forwards.append(len(clips))
        return real_forward(self, clips, opts, text)

    monkeypatch.setattr(engine_mod.SenseVoiceEngine, "__init__", counting_init)
    monkeypatch.setattr(engine_mod.SenseVoiceEngine, "_forward", counting_forward)
    video, _ = show_video
    copy = tmp_path / "copy.mp4"
    copy.write_bytes(video.read_bytes())
    rc = main(["process", str(video), str(copy), "--model", str(tiny_model), "--device", "cpu",
               "--out", str(tmp_path / "o"), "--no-cache"])  # fmt: skip
    assert rc == 0
    assert len(loads) == 1
    assert max(forwards) > 1  # windows go through the model in batches, not one by one


def test_cache_makes_a_second_run_free(show_video, tiny_model, tmp_path, monkeypatch):
    from desktop_app.transcribe import engine as engine_mod

    video, _ = show_video
    args = ["process", str(video), "--model", str(tiny_model), "--device", "cpu", "--overwrite", "--out"]
    assert main([*args, str(tmp_path / "a")]) == 0
    calls = []
    monkeypatch.setattr(engine_mod.SenseVoiceEngine, "transcribe", lambda *a, **k: calls.append(1))
    assert main([*args, str(tmp_path / "b")]) == 0
    assert calls == []
    first = load_project(tmp_path / "a" / "show 60s.cutmark.json").analysis
    second = load_project(tmp_path / "b" / "show 60s.cutmark.json").analysis
    assert first.segments == second.segments and first.markers == second.markers


def test_cancel_stops_the_job_and_writes_nothing(show_video, tiny_model, tmp_path):
    video, _ = show_video
    engine = load_engine(tiny_model, "cpu")
    token = CancelToken()
    seen = []

    def on_item(item):
        seen.append(item)
        if isinstance(item, Progress) and item.stage == "transcribe":
            token.cancel()

    with pytest.raises(Cancelled):
        drive(analyze(video, AnalysisOptions(), engine, token), on_item)
    assert not [s for s in seen if isinstance(s, Progress) and s.stage == "transcribe" and s.done > 0][1:]
    assert list(tmp_path.iterdir()) == []
