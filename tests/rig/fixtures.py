"""Fixtures shared by the suites that run the real pipeline (e2e, speed, batch): each
suite's conftest imports the ones it uses."""

from pathlib import Path

import pytest

from tests.media.gen import make_video
from tests.rig.scenes import SR, show_60s

TINY_MODEL = Path(__file__).resolve().parents[1] / "assets" / "tiny_sensevoice"


@pytest.fixture(scope="session")
def tiny_model() -> Path:
    if not (TINY_MODEL / "model.pt").is_file():
        pytest.fail(
            f"the trained tiny model is missing: run python scripts/train_tiny_model.py ({TINY_MODEL})"
        )
    return TINY_MODEL


@pytest.fixture(scope="session")
def show_video(tmp_path_factory):
    """A 60 s, 25 fps H.264 + AAC video of the generated show, and its parts."""
    audio, parts = show_60s()
    path = tmp_path_factory.mktemp("show") / "show 60s.mp4"
    make_video(path, 60.0, audio=audio, audio_rate=SR, channels=1)
    return path, parts


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path, monkeypatch):
    """No test touches the user's model or analysis cache."""
    monkeypatch.setenv("CUTMARK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("CUTMARK_MODELS_DIR", str(tmp_path / "models"))
