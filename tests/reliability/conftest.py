"""Fixtures for the reliability suite: headless Qt, no test touches the user's folders.

GUI tests run on Qt's offscreen platform unless the caller chose one (e.g. xcb under Xvfb).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TINY_MODEL = Path(__file__).resolve().parents[1] / "assets" / "tiny_sensevoice"


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path, monkeypatch):
    """No test reads or fills the user's model folder or analysis cache."""
    monkeypatch.setenv("CUTMARK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("CUTMARK_MODELS_DIR", str(tmp_path / "models"))


@pytest.fixture(scope="session")
def tiny_model() -> Path:
    """The committed trained tiny SenseVoice model (tests/rig/README.md)."""
    if not (TINY_MODEL / "model.pt").is_file():
        pytest.fail(
            f"the trained tiny model is missing: run python scripts/train_tiny_model.py ({TINY_MODEL})"
        )
    return TINY_MODEL


@pytest.fixture(scope="session")
def tiny_engine(tiny_model):
    """One loaded engine for the session (loading takes about a second)."""
    from desktop_app.pipeline import load_engine

    return load_engine(tiny_model, "cpu")
