"""Fixtures for the reliability suite: headless Qt, no test touches the user's folders.

GUI tests run on Qt's offscreen platform unless the caller chose one (e.g. xcb under Xvfb).
"""

from __future__ import annotations

import os

import pytest

from tests.rig.fixtures import _isolated_dirs, tiny_model  # noqa: F401  (shared fixtures)

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(scope="session")
def tiny_engine(tiny_model):  # noqa: F811  (the shared fixture imported above)
    """One loaded engine for the session (loading takes about a second)."""
    from desktop_app.pipeline import load_engine

    return load_engine(tiny_model, "cpu")
