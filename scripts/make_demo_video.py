#!/usr/bin/env python3
"""Write a demo video for screenshots and first tries: 60 s, 1280x720, speech (the shared
recordings when present), applause, laughter and music at known times.

    python scripts/make_demo_video.py demo.mp4
"""

from __future__ import annotations

import argparse
import sys
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from PIL import Image, ImageDraw, ImageFont

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.rig.scenes import SR, show_60s  # noqa: E402

W, H, FPS = 1280, 720, 25


def _font(size: int):
    for name in ("DejaVuSans-Bold.ttf", "NotoSansCJK-Bold.ttc", "Arial.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default()


def frame_image(t: float, label: str, font, small) -> np.ndarray:
    y, x = np.mgrid[0:H, 0:W].astype(np.float32)
    r = 40 + 30 * np.sin(x / 210 + t * 0.7)
    g = 60 + 40 * np.sin(y / 170 - t * 0.5)
    b = 110 + 60 * np.sin((x + y) / 300 + t * 0.3)
    img = Image.fromarray(np.dstack([r, g, b]).clip(0, 255).astype(np.uint8))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((80, 250, 1200, 470), 30, fill=(15, 20, 35))
    d.text((640, 330), label, font=font, fill=(240, 240, 240), anchor="mm")
    d.text((640, 410), f"{int(t // 60):02d}:{t % 60:05.2f}", font=small, fill=(170, 190, 220), anchor="mm")
    return np.asarray(img)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    audio, parts = show_60s()
    names = {
        "speech": "Talking",
        "applause": "Applause!",
        "laughter": "Ha ha ha",
        "music": "Music break",
        "silence": "…",
    }
    font, small = _font(72), _font(36)
    with av.open(str(args.out), "w") as out:
        v = out.add_stream("libx264", rate=FPS, options={"crf": "28", "preset": "veryfast"})
        v.width, v.height, v.pix_fmt = W, H, "yuv420p"
        a = out.add_stream("aac", rate=SR, layout="mono")
        for i in range(60 * FPS):
            t = i / FPS
            label = next((names[p.kind] for p in parts if p.start_s <= t < p.end_s), "…")
            frame = av.VideoFrame.from_ndarray(frame_image(t, label, font, small), format="rgb24")
            frame.pts = i
            frame.time_base = Fraction(1, FPS)
            for pkt in v.encode(frame):
                out.mux(pkt)
        for pkt in v.encode():
            out.mux(pkt)
        for start in range(0, len(audio), 1024):
            chunk = audio[start : start + 1024].reshape(1, -1)
            af = av.AudioFrame.from_ndarray(np.ascontiguousarray(chunk), format="flt", layout="mono")
            af.sample_rate, af.pts, af.time_base = SR, start, Fraction(1, SR)
            for pkt in a.encode(af):
                out.mux(pkt)
        for pkt in a.encode():
            out.mux(pkt)
    print(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
