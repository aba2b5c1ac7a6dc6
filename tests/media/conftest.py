"""Fixtures for the media tests: small files generated once per session with PyAV."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from desktop_app.resources import MEDIA_DIR
from tests.media import gen


def dominant_hz(samples: np.ndarray, rate: int) -> float:
    """The frequency with the most energy (Hann window, whole signal)."""
    x = np.asarray(samples, dtype=np.float64)
    spectrum = np.abs(np.fft.rfft(x * np.hanning(x.size)))
    return float(np.fft.rfftfreq(x.size, 1 / rate)[spectrum.argmax()])


def band_energy(samples: np.ndarray, rate: int, hz: float, width: float = 10.0) -> float:
    """Share of the signal's energy within ``hz ± width``."""
    x = np.asarray(samples, dtype=np.float64)
    power = np.abs(np.fft.rfft(x * np.hanning(x.size))) ** 2
    freqs = np.fft.rfftfreq(x.size, 1 / rate)
    return float(power[np.abs(freqs - hz) <= width].sum() / power.sum())


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="session")
def video_25fps(media_dir) -> Path:
    """5 s, 25 fps H.264 + stereo AAC 48 kHz with a 440 Hz tone."""
    return Path(gen.make_video(media_dir / "clip25.mp4", 5.0, fps=Fraction(25), audio=gen.tone(440)))


@pytest.fixture(scope="session")
def two_tracks(media_dir) -> Path:
    """3 s video with two audio tracks: 440 Hz 'eng' and 1000 Hz 'jpn'."""
    return Path(
        gen.make_video(
            media_dir / "two_tracks.mp4",
            3.0,
            audio=[gen.tone(440), gen.tone(1000)],
            audio_tracks=2,
            language=["eng", "jpn"],
        )
    )


@pytest.fixture(scope="session")
def faststart_10s(media_dir) -> Path:
    """10 s video with the moov atom at the front (``movflags=faststart``)."""
    return Path(gen.make_video(media_dir / "faststart.mp4", 10.0, options={"movflags": "faststart"}))


@pytest.fixture(scope="session")
def real_media() -> Path:
    """The real recordings shipped in the repository (desktop_app/resources/media)."""
    return MEDIA_DIR
