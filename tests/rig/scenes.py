"""The generated 60 s "show" (the demo video's sound): speech, applause, laughter, music
and silence at known times. The composition lives in ``desktop_app/resources/demo_show.py``;
here it gets the rig's real recordings (Mandarin first, then English commentary).

The trained tiny model (tests/assets/tiny_sensevoice) says "hello" for speech, and
Applause / Laughter / BGM for the matching sounds, so tests can check where markers land.
"""

from __future__ import annotations

import numpy as np

from desktop_app.resources import demo_show
from desktop_app.resources.demo_show import SR, Part
from tests.rig import signals

__all__ = ["SR", "Part", "show_60s"]


def show_60s(seed: int = 0) -> tuple[np.ndarray, list[Part]]:
    """Mono 16 kHz float32 audio and the parts it is made of."""
    real = signals.load_real_speech()
    return demo_show.show_60s(real[0], real[2], seed)
