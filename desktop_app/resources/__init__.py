"""Files that ship inside the package: short licensed speech recordings (``media/``) for
the demo and the tests, and the generated sounds the demo adds (``sounds``)."""

from __future__ import annotations

from pathlib import Path

MEDIA_DIR = Path(__file__).resolve().parent / "media"

# The recordings in ``media/`` (origin and licence of each: media/README.md).
RECORDINGS = (
    "zh_speech_8s.wav",
    "zh_speech_5s.wav",
    "en_commentary.mp3",
    "en_two_speakers_stereo.wav",
    "multilingual.mp3",
)


def recording(name: str) -> Path:
    """The path of one bundled recording (``FileNotFoundError`` if the install lacks it)."""
    path = MEDIA_DIR / name
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing from this Cutmark installation")
    return path
