"""Model folder checks and the resumable download, against a server on loopback."""

import http.server
import os
import threading
from functools import partial

import pytest

from desktop_app.core.errors import Cancelled, DownloadError, ModelIncompleteError, ModelNotFoundError
from desktop_app.core.progress import CancelToken, drive
from desktop_app.transcribe import models


class RangeHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with single 'bytes=N-' ranges (enough for resume)."""

    def log_message(self, *args):
        pass

    def send_head(self):
        rng = self.headers.get("Range")
        path = self.translate_path(self.path)
        if not rng or not os.path.isfile(path):
            return super().send_head()
        start = int(rng.split("=")[1].rstrip("-"))
        size = os.path.getsize(path)
        f = open(path, "rb")  # noqa: SIM115 - handed to the server, which closes it
        f.seek(start)
        self.send_response(206)
        self.send_header("Content-Length", str(size - start))
        self.send_header("Content-Range", f"bytes {start}-{size - 1}/{size}")
        self.end_headers()
        return f


@pytest.fixture
def hub(tmp_path):
    root = tmp_path / "hub" / "iic" / "SenseVoiceSmall"
    root.mkdir(parents=True)
    for i, name in enumerate(models.REQUIRED_FILES):
        (root / name).write_bytes(bytes([i]) * (300_000 if name == "model.pt" else 1000))
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(RangeHandler, directory=str(tmp_path / "hub"))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/{{repo}}/{{file}}", root
    server.shutdown()


def test_download_fetches_every_file_with_progress(hub, tmp_path):
    url, root = hub
    dest = tmp_path / "models" / "SenseVoiceSmall"
    seen = []
    folder = drive(models.download_model("modelscope", dest, url_template=url), seen.append)
    assert folder == dest
    for name in models.REQUIRED_FILES:
        assert (dest / name).read_bytes() == (root / name).read_bytes()
    assert not list(dest.glob("*.part"))
    done = [p.done for p in seen]
    assert done == sorted(done) and seen[-1].done == seen[-1].total


def test_download_resumes_a_broken_transfer(hub, tmp_path):
    url, root = hub
    dest = tmp_path / "m"
    dest.mkdir()
    (dest / "model.pt.part").write_bytes((root / "model.pt").read_bytes()[:100_000])
    drive(models.download_model("modelscope", dest, url_template=url))
    assert (dest / "model.pt").read_bytes() == (root / "model.pt").read_bytes()


def test_cancel_keeps_the_partial_file_for_later(hub, tmp_path):
    url, _ = hub
    dest = tmp_path / "m"
    token = CancelToken()
    gen = models.download_model("modelscope", dest, url_template=url, cancel=token)
    next(gen)
    token.cancel()
    with pytest.raises(Cancelled):
        drive(gen)
    assert not (dest / "model.pt").exists()


def test_offline_says_so(tmp_path):
    with pytest.raises(DownloadError, match="offline"):
        drive(
            models.download_model(
                "modelscope", tmp_path / "m", url_template="http://127.0.0.1:9/{repo}/{file}"
            )
        )


def test_resolve_model_errors_name_the_problem(tmp_path):
    with pytest.raises(ModelNotFoundError, match="not downloaded"):
        models.resolve_model(None)
    folder = tmp_path / "half"
    folder.mkdir()
    (folder / "model.pt").write_bytes(b"x")
    with pytest.raises(ModelIncompleteError, match="config.yaml"):
        models.resolve_model(folder)
    with pytest.raises(ModelNotFoundError, match="neither a model folder"):
        models.resolve_model("someone/OtherModel")
