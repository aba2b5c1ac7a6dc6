"""Deterministic test sounds (16 kHz mono float32) and the real recordings.

The generators live in the package (``desktop_app/resources/sounds.py``) because the demo
video uses them too; see that module for what each sounds like. Every generator takes
``(duration_s, seed)`` and returns the same samples for the same arguments.

``load_real_speech()`` decodes the licensed recordings shipped in
``desktop_app/resources/media/`` (origin and licence: the README there).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from desktop_app.resources import MEDIA_DIR, RECORDINGS
from desktop_app.resources.sounds import (
    GENERATORS,
    SAMPLE_RATE,
    applause,
    laughter,
    music,
    silence,
    speech_like,
)

__all__ = ["GENERATORS", "SAMPLE_RATE", "applause", "laughter", "music", "silence", "speech_like"]

REAL_MEDIA = MEDIA_DIR
# the order the rig (and the trained tiny model's real-speech crops) has always used
REAL_SPEECH_FILES = RECORDINGS


def _decode_mono_16k(path: Path) -> np.ndarray:
    import av

    chunks: list[np.ndarray] = []
    resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        for frame in container.decode(stream):
            for out in resampler.resample(frame):
                chunks.append(out.to_ndarray().reshape(-1))
        for out in resampler.resample(None):  # flush what the resampler holds back
            chunks.append(out.to_ndarray().reshape(-1))
    if not chunks:
        return np.zeros(0, np.float32)
    return np.concatenate(chunks).astype(np.float32)


def load_real_speech(media_dir: Path | None = None) -> list[np.ndarray]:
    """Decode the real recordings to 16 kHz mono float32 (stereo is downmixed), in
    ``REAL_SPEECH_FILES`` order. They ship in the repository: a missing one is an error."""
    media_dir = REAL_MEDIA if media_dir is None else Path(media_dir)
    return [_decode_mono_16k(media_dir / name) for name in REAL_SPEECH_FILES]
