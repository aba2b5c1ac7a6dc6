"""The speech model: downloads that break, folders that are incomplete or damaged, and a
GPU that runs out of memory. Never a hang, never random weights, always the next step.

Already covered elsewhere: resume from a ``.part`` file, cancel keeps it, the offline
message, a missing file named (tests/transcribe/test_models.py); weights that do not
fit the model are refused (tests/transcribe/test_engine.py).
"""

from __future__ import annotations

import dataclasses
import hashlib
import http.server
import json
import shutil
import threading
from pathlib import Path

import numpy as np
import pytest
import torch

from desktop_app.cli.main import main
from desktop_app.core.errors import DeviceError, DownloadError, ModelIncompleteError
from desktop_app.core.model import Window
from desktop_app.core.progress import Notice, Progress, drive
from desktop_app.pipeline import AnalysisOptions, analyze
from desktop_app.transcribe import models
from desktop_app.transcribe.engine import SegmentsReady, SenseVoiceEngine, TranscribeOptions
from tests.media import gen

# --- a hub on loopback that can misbehave -------------------------------------------------


class Hub:
    """Serves the model files; ``cut_once`` drops the connection halfway through a file
    once, ``corrupt`` flips bytes in what it sends (the announced hash stays right),
    ``redirect`` answers like Hugging Face: a 302 carrying X-Linked-Etag/X-Linked-Size."""

    def __init__(self, files: dict[str, bytes], *, sha_header: bool = True, redirect: bool = False):
        self.files = files
        self.sha_header = sha_header
        self.redirect = redirect
        self.cut_once: set[str] = set()
        self.corrupt: set[str] = set()
        self.ranges: list[tuple[str, int]] = []
        hub = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _name(self):
                return self.path.rsplit("/", 1)[-1]

            def _announce(self, name):
                body = hub.files[name]
                sha = hashlib.sha256(body).hexdigest()
                if hub.redirect and not self.path.startswith("/blob/"):
                    self.send_response(302)
                    self.send_header("Location", f"/blob/{name}")
                    self.send_header("X-Linked-Etag", f'"{sha}"')
                    self.send_header("X-Linked-Size", str(len(body)))
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return None
                return body, sha

            def do_HEAD(self):
                name = self._name()
                if name not in hub.files:
                    self.send_error(404)
                    return
                got = self._announce(name)
                if got is None:
                    return
                body, sha = got
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                if hub.sha_header and not hub.redirect:
                    self.send_header("ETag", f'"{sha}"')
                self.end_headers()

            def do_GET(self):
                name = self._name()
                if name not in hub.files:
                    self.send_error(404)
                    return
                got = self._announce(name)
                if got is None:
                    return
                body, _ = got
                if name in hub.corrupt:
                    body = bytes(b ^ 0x55 for b in body[:64]) + body[64:]
                start = 0
                if self.headers.get("Range"):
                    start = int(self.headers["Range"].split("=")[1].rstrip("-"))
                    hub.ranges.append((name, start))
                    self.send_response(206)
                    self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
                else:
                    self.send_response(200)
                self.send_header("Content-Length", str(len(body) - start))
                self.end_headers()
                if name in hub.cut_once:
                    hub.cut_once.discard(name)
                    self.wfile.write(body[start : start + (len(body) - start) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                self.wfile.write(body[start:])

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/{{repo}}/{{file}}"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


FILES = {
    name: np.random.default_rng(i).bytes(400_000 if name == "model.pt" else 2000)
    for i, name in enumerate(models.REQUIRED_FILES)
}


@pytest.fixture
def hub():
    server = Hub(dict(FILES))
    yield server
    server.close()


def _download(hub: Hub, dest: Path) -> Path:
    return drive(models.download_model("modelscope", dest, url_template=hub.url, timeout=10))


def test_a_download_cut_off_midway_says_so_and_the_next_run_resumes(hub, tmp_path):
    dest = tmp_path / "SenseVoiceSmall"
    hub.cut_once.add("model.pt")
    with pytest.raises(DownloadError) as err:
        _download(hub, dest)
    assert "model.pt" in str(err.value) and "200,000 of 400,000 bytes" in str(err.value)
    assert "resumes" in err.value.hint
    assert (dest / "model.pt.part").stat().st_size == 200_000 and not (dest / "model.pt").exists()
    assert _download(hub, dest) == dest
    assert ("model.pt", 200_000) in hub.ranges  # resumed, not started over
    for name, body in FILES.items():
        assert (dest / name).read_bytes() == body
    manifest = json.loads((dest / models.MANIFEST).read_text())
    assert manifest["files"]["model.pt"] == 400_000


@pytest.mark.parametrize("redirect", [False, True], ids=["etag", "huggingface-redirect"])
def test_a_download_that_arrives_damaged_is_caught_by_its_hash_and_fetched_again(tmp_path, redirect):
    hub = Hub(dict(FILES), redirect=redirect)
    try:
        dest = tmp_path / "m"
        hub.corrupt.add("model.pt")
        with pytest.raises(DownloadError, match="model.pt arrived damaged: its SHA-256"):
            _download(hub, dest)
        assert not (dest / "model.pt").exists() and not (dest / "model.pt.part").exists()
        hub.corrupt.clear()
        _download(hub, dest)
        assert (dest / "model.pt").read_bytes() == FILES["model.pt"]
    finally:
        hub.close()


def test_a_part_file_longer_than_the_file_is_thrown_away(hub, tmp_path):
    dest = tmp_path / "m"
    dest.mkdir()
    (dest / "model.pt.part").write_bytes(b"x" * 500_000)  # from some other file
    with pytest.raises(DownloadError, match="arrived with 500,000 of 400,000 bytes"):
        _download(hub, dest)
    assert not (dest / "model.pt.part").exists()
    _download(hub, dest)  # the next try starts afresh and succeeds
    assert (dest / "model.pt").read_bytes() == FILES["model.pt"]


def test_a_downloaded_file_that_later_shrinks_is_named(hub, tmp_path):
    dest = tmp_path / "m"
    _download(hub, dest)
    with open(dest / "am.mvn", "r+b") as fh:
        fh.truncate(100)
    with pytest.raises(ModelIncompleteError, match=r"am\.mvn has 100 bytes but was downloaded with 2,000"):
        models.check_model_dir(dest)


# --- model folders: incomplete or damaged -------------------------------------------------


def _damage(folder: Path, how: str) -> str:
    """Damage one file; return the file name the error must name."""
    bpe = "chn_jpn_yue_eng_ko_spectok.bpe.model"
    if how.startswith("missing "):
        name = how.removeprefix("missing ")
        (folder / name).unlink()
        return name
    if how == "model.pt cut off":
        data = (folder / "model.pt").read_bytes()
        (folder / "model.pt").write_bytes(data[: len(data) // 3])
        return "model.pt"
    if how == "model.pt not a checkpoint":
        (folder / "model.pt").write_bytes(np.random.default_rng(1).bytes(30_000))
        return "model.pt"
    if how == "config.yaml garbage":
        (folder / "config.yaml").write_text("{{{: not yaml ][", encoding="utf-8")
        return "config.yaml"
    if how == "bpe model garbage":
        (folder / bpe).write_bytes(np.random.default_rng(2).bytes(4000))
        return bpe
    if how == "am.mvn garbage":
        (folder / "am.mvn").write_text("garbage\n", encoding="utf-8")
        return "am.mvn"
    raise AssertionError(how)


DAMAGE = [
    "missing model.pt",
    "missing am.mvn",
    "model.pt cut off",
    "model.pt not a checkpoint",
    "config.yaml garbage",
    "bpe model garbage",
    "am.mvn garbage",  # funasr read it as empty and failed on every clip: now refused at load
]


@pytest.mark.parametrize("how", DAMAGE)
def test_a_damaged_model_folder_names_the_bad_file(how, tiny_model, tmp_path):
    folder = tmp_path / "SenseVoiceSmall"
    shutil.copytree(tiny_model, folder)
    name = _damage(folder, how)
    with pytest.raises(ModelIncompleteError) as err:
        SenseVoiceEngine(folder, "cpu")
    assert name in err.value.message
    assert "weights_only" not in err.value.message  # torch's advice to load unsafely is not passed on
    assert "cutmark models download" in err.value.hint


def test_the_cli_names_the_bad_file_in_one_line_and_analyses_nothing(tiny_model, tmp_path, capsys):
    folder = tmp_path / "model"
    shutil.copytree(tiny_model, folder)
    _damage(folder, "model.pt cut off")
    clip = gen.make_video(tmp_path / "clip.mp4", 1.0)
    rc = main(["process", clip, "--model", str(folder), "--device", "cpu", "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert rc == 1
    (line,) = [x for x in err.splitlines() if x.startswith("cutmark: error:")]
    assert "model.pt is not a readable PyTorch checkpoint" in line and "cutmark models download" in line
    assert not (tmp_path / "out").exists()


# --- CUDA out of memory: smaller batches, then the CPU, and the user is told -------------


@pytest.fixture
def gpu_that_runs_out(tiny_model, monkeypatch):
    """The tiny model on the CPU dressed up as on 'cuda:0', where every forward pass runs
    out of memory: the engine must halve its batches, then move to the CPU."""
    engine = SenseVoiceEngine(tiny_model, "cpu")
    engine.device = "cuda:0"
    real = SenseVoiceEngine._forward
    tried = []

    def forward(self, clips, options, text=True):
        tried.append((self.device, len(clips)))
        if str(self.device).startswith("cuda"):
            raise torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")
        return real(self, clips, options, text)

    monkeypatch.setattr(SenseVoiceEngine, "_forward", forward)
    return engine, tried


def _windows(n: int, ms: int = 2000) -> list[Window]:
    return [Window(i, i * ms, (i + 1) * ms, "speech") for i in range(n)]


def test_out_of_memory_halves_the_batch_then_moves_to_the_cpu_and_says_so(gpu_that_runs_out):
    engine, tried = gpu_that_runs_out
    samples = np.random.default_rng(0).normal(0, 0.05, 16000 * 8).astype(np.float32)
    items = []
    segments = drive(engine.transcribe(samples, _windows(4), TranscribeOptions(max_batch=4)), items.append)
    assert [n for dev, n in tried if dev == "cuda:0"] == [4, 2, 1]  # smaller batches first
    assert {dev for dev, _ in tried[3:]} == {"cpu"}  # then the CPU, for everything left
    notices = [i for i in items if isinstance(i, Notice)]
    assert len(notices) == 1 and "ran out of memory" in notices[0].message and "CPU" in notices[0].message
    assert [s.start_ms for s in segments] == [0, 2000, 4000, 6000]  # nothing lost
    assert engine.device == "cpu" and next(engine.model.parameters()).device.type == "cpu"
    assert sum(len(i.segments) for i in items if isinstance(i, SegmentsReady)) == 4


def test_the_fallback_is_in_the_project_and_printed_once(gpu_that_runs_out, tmp_path, capsys, monkeypatch):
    engine, _ = gpu_that_runs_out
    clip = gen.make_video(tmp_path / "talk.mp4", 3.0, audio=gen.tone(300, 0.3))
    monkeypatch.setattr("desktop_app.pipeline.load_engine", lambda *a, **k: engine)
    rc = main(["process", clip, "--model", "x", "--out", str(tmp_path / "out"), "--no-cache"])
    err = capsys.readouterr().err
    assert rc == 0, err
    assert err.count("continuing on the CPU") == 1 and "cutmark: warning:" in err
    from desktop_app.project.store import load_project

    a = load_project(tmp_path / "out" / "talk.cutmark.json").analysis
    assert a.model.device == "cpu"
    assert any("continuing on the CPU" in w for w in a.options["warnings"])


def test_out_of_memory_on_the_cpu_itself_is_still_a_clear_error(tiny_model, monkeypatch):
    engine = SenseVoiceEngine(tiny_model, "cpu")

    def forward(self, clips, options, text=True):
        raise torch.cuda.OutOfMemoryError("out of memory")

    monkeypatch.setattr(SenseVoiceEngine, "_forward", forward)
    with pytest.raises(DeviceError) as err:
        drive(engine.transcribe(np.zeros(32000, np.float32), _windows(1)))
    assert "--device cpu" in err.value.hint or "Close other programs" in err.value.hint


@pytest.mark.gui
def test_the_app_shows_the_notice_while_the_job_goes_on(qtbot, tmp_path):
    pytest.importorskip("PySide6.QtMultimedia")
    from PySide6.QtCore import QSettings

    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.settings import Settings

    win = MainWindow(Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)), vad_only=True)
    qtbot.addWidget(win)

    def work(cancel):
        yield Progress("transcribe", 1, 2, overall=0.5)
        yield Notice("The GPU (cuda:0) ran out of memory; continuing on the CPU.")
        yield Progress("transcribe", 2, 2, overall=1.0)
        return "done"

    with qtbot.waitSignal(win.statusBar().messageChanged, timeout=10_000) as blocker:
        win.jobs.run("test", work, lambda _result: None)
    assert "continuing on the CPU" in blocker.args[0]
    qtbot.waitUntil(lambda: not win.jobs.is_running(), timeout=10_000)


def test_project_warnings_survive_a_save_and_load(tmp_path):
    """The warnings the user was told are kept in the project (options.warnings)."""
    from desktop_app.project.schema import Project
    from desktop_app.project.store import load_project, save_project
    from tests.project.factories import sample_analysis

    a = sample_analysis()
    a = dataclasses.replace(a, options={**a.options, "warnings": ["continuing on the CPU"]})
    path = save_project(Project(a), tmp_path / "p.cutmark.json")
    assert load_project(path).analysis.options["warnings"] == ["continuing on the CPU"]


def test_the_pipeline_passes_the_notice_on(gpu_that_runs_out, tmp_path):
    engine, _ = gpu_that_runs_out
    clip = gen.make_video(tmp_path / "talk.mp4", 3.0, audio=gen.tone(300, 0.3))
    items = []
    project = drive(analyze(clip, AnalysisOptions(), engine), items.append)
    assert [i.message for i in items if isinstance(i, Notice)] == [
        w for w in project.analysis.options["warnings"] if "CPU" in w
    ]
