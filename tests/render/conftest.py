"""Numbered test videos, generated once per session."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from tests.render.numbered import make_numbered_video


@pytest.fixture(scope="session")
def render_media(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("render-media")


@pytest.fixture(scope="session")
def numbered_25(render_media) -> Path:
    return Path(make_numbered_video(render_media / "n25.mp4", 6.0, 25))


@pytest.fixture(scope="session")
def numbered_2997(render_media) -> Path:
    return Path(make_numbered_video(render_media / "n2997.mp4", 6.0, Fraction(30000, 1001)))


RATES = {
    "23.976": Fraction(24000, 1001),
    "24": Fraction(24),
    "30": Fraction(30),
    "50": Fraction(50),
    "59.94": Fraction(60000, 1001),
}


class _Numbered(dict):
    """``numbered[key]`` → ``(path, fps)``; other rates than 25 and 29.97 are made on first use."""

    def __init__(self, folder: Path, **ready) -> None:
        super().__init__(ready)
        self.folder = folder

    def __missing__(self, key: str):
        fps = RATES[key]
        path = Path(make_numbered_video(self.folder / f"n{key}.mp4", 4.0, fps))
        self[key] = (path, fps)
        return self[key]


@pytest.fixture(scope="session")
def numbered(render_media, numbered_25, numbered_2997):
    return _Numbered(
        render_media, **{"25": (numbered_25, Fraction(25)), "29.97": (numbered_2997, Fraction(30000, 1001))}
    )
