"""Generated inputs for the batch tests: good files in sub-folders, bad files beside them."""

from pathlib import Path

import numpy as np
import pytest

from tests.media.gen import make_audio_file, make_video
from tests.rig import signals
from tests.rig.fixtures import _isolated_dirs, tiny_model  # noqa: F401  (shared fixtures)
from tests.rig.scenes import SR, show_60s


def _clip(audio: np.ndarray, a: float, b: float) -> np.ndarray:
    return audio[int(a * SR) : int(b * SR)].copy()


@pytest.fixture(scope="session")
def batch_inputs(tmp_path_factory) -> Path:
    """``inputs/`` with 4 good files (two in sub-folders, one a video) and 2 bad ones."""
    show, _ = show_60s()
    root = tmp_path_factory.mktemp("batch") / "inputs"
    (root / "day1").mkdir(parents=True)
    (root / "day2" / "late").mkdir(parents=True)
    make_audio_file(root / "day1" / "opening.wav", _clip(show, 0, 16), SR)  # speech + applause
    make_audio_file(root / "day1" / "crowd.flac", _clip(show, 17, 31), SR)  # laughter + speech
    make_video(root / "day2" / "late" / "set.mp4", 14.0, audio=_clip(show, 34, 48), audio_rate=SR, channels=1)
    make_audio_file(
        root / "day2" / "tone.m4a", np.concatenate([signals.music(4, 3), signals.silence(3, 4)]), SR
    )
    (root / "day2" / "broken.mp4").write_bytes(np.random.default_rng(7).bytes(20_000))
    (root / "day2" / "empty.wav").write_bytes(b"")
    return root


GOOD = ["day1/crowd", "day1/opening", "day2/late/set", "day2/tone"]
BAD = ["day2/broken.mp4", "day2/empty.wav"]
