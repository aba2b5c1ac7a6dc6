"""Cancel at every stage: the job stops, nothing half-written is left, the project that
was open stays as it was.

Already covered elsewhere: cancelling a model download keeps the partial file for the
next run (tests/transcribe/test_models.py), a render leaves no temporary file
(tests/render/test_render.py, test_cli_render.py, test_moviepy.py), an interrupt while
a project file is written removes the temporary file (tests/project/test_store.py),
the window's Cancel stops an analysis (tests/ui/test_main_window.py).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from desktop_app.cli.main import EXIT_CANCELLED, main
from desktop_app.cli.progress_view import ProgressView
from desktop_app.core.errors import Cancelled
from desktop_app.core.progress import CancelToken, Progress, drive
from desktop_app.pipeline import AnalysisOptions, analyze, analyze_cached
from desktop_app.project.cache import AnalysisCache
from tests.media import gen
from tests.reliability.helpers import files_under
from tests.rig import signals

STAGES = ["decode", "vad", "transcribe"]


@pytest.fixture(scope="module")
def scene(tmp_path_factory) -> Path:
    """20 s: speech, then applause, with silence between (VAD and the model both have work)."""
    sr = 16_000
    audio = np.zeros(20 * sr, dtype=np.float32)
    audio[: 6 * sr] = signals.speech_like(6.0, 5)
    audio[10 * sr : 13 * sr] = signals.applause(3.0, 6)
    path = tmp_path_factory.mktemp("scene") / "scene.mp4"
    gen.make_video(path, 20.0, audio=audio, audio_rate=sr, channels=1)
    return path


@pytest.mark.parametrize("stage", STAGES)
def test_cancel_at_each_stage_stops_there_and_returns_nothing(stage, scene, tiny_engine, tmp_path):
    token = CancelToken()
    seen: list[str] = []

    def on_item(item):
        if isinstance(item, Progress):
            seen.append(item.stage)
            if item.stage == stage:
                token.cancel()

    cache = AnalysisCache(tmp_path / "cache")
    with pytest.raises(Cancelled):
        drive(analyze_cached(scene, AnalysisOptions(), tiny_engine, token, cache), on_item)
    later = STAGES[STAGES.index(stage) + 1 :]
    assert not set(seen) & set(later), f"{later} ran after the cancel: {seen}"
    assert files_under(tmp_path) == []  # not even the cache


def test_a_cancel_during_the_very_last_step_is_still_honoured(scene, tmp_path):
    """Speech detection only: a cancel at its final progress report must not return a project."""
    token = CancelToken()

    def on_item(item):
        if isinstance(item, Progress) and item.stage == "vad" and item.done >= item.total:
            token.cancel()

    with pytest.raises(Cancelled):
        drive(analyze(scene, AnalysisOptions(vad_only=True), None, token), on_item)


@pytest.mark.parametrize("stage", STAGES)
def test_ctrl_c_at_each_stage_of_the_cli_leaves_nothing(
    stage, scene, tiny_model, tmp_path, capsys, monkeypatch
):
    real = ProgressView.progress

    def interrupt(self, p):
        if p.stage == stage:
            raise KeyboardInterrupt
        real(self, p)

    monkeypatch.setattr(ProgressView, "progress", interrupt)
    out = tmp_path / "out"
    rc = main(["process", str(scene), "--model", str(tiny_model), "--device", "cpu", "--out", str(out)])
    err = capsys.readouterr().err
    assert rc == EXIT_CANCELLED
    assert "cancelled" in err and "nothing was written" in err and "Traceback" not in err
    assert files_under(out) == [] and files_under(tmp_path / "cache") == []


def test_ctrl_c_between_the_project_and_the_subtitles_takes_the_project_back(
    scene, tiny_model, tmp_path, capsys, monkeypatch
):
    """The project file was written, then Ctrl+C came while the SRT was: the message says
    nothing was written for this file, and that is true."""
    from desktop_app.export import registry

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(registry, "export", interrupted)
    out = tmp_path / "out"
    rc = main(
        [
            "process",
            str(scene),
            "--model",
            str(tiny_model),
            "--device",
            "cpu",
            "--out",
            str(out),
            "--no-cache",
        ]
    )
    assert rc == EXIT_CANCELLED and "nothing was written" in capsys.readouterr().err
    assert files_under(out) == []


def test_ctrl_c_in_a_batch_keeps_the_files_already_done(scene, tmp_path, capsys, monkeypatch):
    files = [tmp_path / f"clip{i}.wav" for i in range(3)]
    for f in files:
        gen.make_audio_file(f, gen.tone(300, 0.3), 16000, duration_s=1.0)
    real = ProgressView.progress
    calls = {"n": 0}

    def interrupt_in_the_third(self, p):
        if self._index == 3:
            raise KeyboardInterrupt
        calls["n"] += 1
        real(self, p)

    monkeypatch.setattr(ProgressView, "progress", interrupt_in_the_third)
    out = tmp_path / "out"
    assert main(["process", *map(str, files), "--vad-only", "--out", str(out)]) == EXIT_CANCELLED
    assert files_under(out) == ["clip0.cutmark.json", "clip1.cutmark.json"]  # whole, loadable, kept
    from desktop_app.project.store import load_project

    for name in files_under(out):
        load_project(out / name)


@pytest.mark.gui
@pytest.mark.timeout(120)
def test_cancelling_a_new_analysis_leaves_the_open_project_as_it_was(qtbot, scene, tmp_path, monkeypatch):
    pytest.importorskip("PySide6.QtMultimedia")
    import shutil

    from PySide6.QtCore import QSettings

    from desktop_app.ui import questions
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.settings import Settings

    video = tmp_path / "scene.mp4"
    shutil.copy(scene, video)
    monkeypatch.setattr(questions, "ask", lambda *a, **k: True)
    win = MainWindow(Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)), vad_only=True)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.analysis_finished, timeout=60_000):
        win.open_path(video)
    project_file = tmp_path / "scene.cutmark.json"
    before = project_file.read_bytes()
    segments = win.doc.project.analysis.segments

    win.session.cache_root = tmp_path / "empty cache"  # really analyse again
    import time

    import desktop_app.pipeline as pipeline

    real_probe = pipeline.probe
    monkeypatch.setattr(pipeline, "probe", lambda path: time.sleep(0.3) or real_probe(path))  # still running
    with qtbot.waitSignal(win.analysis_finished, timeout=60_000) as blocker:
        win.reanalyse()
        win.cancel_job()
    assert blocker.args == [False]
    qtbot.waitUntil(lambda: not win.jobs.job.is_running(), timeout=10_000)
    assert project_file.read_bytes() == before
    assert win.doc.project.analysis.segments == segments
    assert list(win.timeline._data.segments) == sorted(segments, key=lambda s: s.start_ms)  # shown again
    win.doc.mark_clean()
    win.close()
