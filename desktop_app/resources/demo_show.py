"""The 60 s demo "show": speech, applause, laughter and music at known times, and the
pictures of its video (a moving background with a label for what is heard and a clock).

Pure numpy/Pillow: the video file itself is written by ``desktop_app.media.synth_video``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from desktop_app.resources import sounds

SR = sounds.SAMPLE_RATE
DURATION_S = 60
WIDTH, HEIGHT, FPS = 1280, 720, 25


@dataclass(frozen=True)
class Part:
    kind: str  # speech, applause, laughter, music, silence
    start_s: float
    end_s: float


def show_60s(
    first_speech: np.ndarray | None = None, second_speech: np.ndarray | None = None, seed: int = 0
) -> tuple[np.ndarray, list[Part]]:
    """Mono 16 kHz float32 audio and the parts it is made of.

    The first two speech parts are the given recordings (cut to 8 s and 6 s), generated
    speech-like sound when none is given; the third is always generated.
    """
    first = first_speech if first_speech is not None else sounds.speech_like(8.0, seed)
    second = second_speech if second_speech is not None else sounds.speech_like(6.0, seed + 1)
    plan = [
        ("speech", 0.0, first[: 8 * SR]),
        ("silence", 8.0, 4.0),
        ("applause", 12.0, 3.0),
        ("silence", 15.0, 4.0),
        ("laughter", 19.0, 3.0),
        ("silence", 22.0, 4.0),
        ("speech", 26.0, second[: 6 * SR]),
        ("silence", 32.0, 4.0),
        ("music", 36.0, 6.0),
        ("silence", 42.0, 5.0),
        ("speech", 47.0, 6.0),
        ("silence", 53.0, 7.0),
    ]
    audio = np.zeros(DURATION_S * SR, dtype=np.float32)
    parts = []
    for i, (kind, start, what) in enumerate(plan):
        if isinstance(what, np.ndarray):
            clip = what
        elif kind == "speech":
            clip = sounds.speech_like(what, seed + 10 + i)
        else:
            clip = getattr(sounds, kind)(what, seed + 10 + i)
        a = int(start * SR)
        clip = clip[: len(audio) - a]
        audio[a : a + len(clip)] = clip
        parts.append(Part(kind, start, start + len(clip) / SR))
    return audio, parts


LABELS = {
    "speech": "Talking",
    "applause": "Applause!",
    "laughter": "Ha ha ha",
    "music": "Music break",
    "silence": "…",
}


def _font(size: int):
    from PIL import ImageFont

    for name in ("DejaVuSans-Bold.ttf", "NotoSansCJK-Bold.ttc", "Arial.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default()


def frames(parts: list[Part], *, fps: int = FPS, width: int = WIDTH, height: int = HEIGHT):
    """Yield the demo's RGB frames (``(height, width, 3)`` uint8), ``fps`` a second."""
    from PIL import Image, ImageDraw

    font, small = _font(height // 10), _font(height // 20)
    x = np.arange(width, dtype=np.float32)
    y = np.arange(height, dtype=np.float32)[:, None]
    diagonal = np.arange(width + height - 1, dtype=np.float32)
    x_plus_y = np.arange(height)[:, None] + np.arange(width)  # index into the diagonal wave
    box = (width // 16, height * 25 // 72, width * 15 // 16, height * 47 // 72)
    rgb = np.empty((height, width, 3), dtype=np.uint8)
    for i in range(DURATION_S * fps):
        t = i / fps
        label = next((LABELS[p.kind] for p in parts if p.start_s <= t < p.end_s), "…")
        # slowly moving colour waves; red varies along x, green along y, blue along x + y
        rgb[..., 0] = (40 + 30 * np.sin(x / 210 + t * 0.7)).astype(np.uint8)
        rgb[..., 1] = (60 + 40 * np.sin(y / 170 - t * 0.5)).astype(np.uint8)
        rgb[..., 2] = (110 + 60 * np.sin(diagonal / 300 + t * 0.3)).astype(np.uint8)[x_plus_y]
        img = Image.fromarray(rgb)
        d = ImageDraw.Draw(img)
        d.rounded_rectangle(box, height // 24, fill=(15, 20, 35))
        d.text((width // 2, height * 33 // 72), label, font=font, fill=(240, 240, 240), anchor="mm")
        clock = f"{int(t // 60):02d}:{t % 60:05.2f}"
        d.text((width // 2, height * 41 // 72), clock, font=small, fill=(170, 190, 220), anchor="mm")
        yield np.asarray(img)
