#!/usr/bin/env python3
"""Draw Cutmark's icon and write every size the installers need (needs only Pillow).

    python resources/make_icons.py            # writes resources/icons/

One list of shapes drawn twice: as SVG (``cutmark.svg``, the scalable icon for Linux
desktops) and with Pillow at 1024 px, scaled down to the hicolor PNG sizes, a Windows
``.ico`` and a macOS ``.icns``. The picture: a waveform on a dark tile, a cut line with
a playhead, and two event markers above it (laughter and applause on the timeline).
The generated files are committed; run this again after changing the shapes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent / "icons"
SIZE = 1024
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]

BG = "#1d2733"
WAVE = "#5cc8f2"
CUT = "#ff7043"
LAUGH = "#ffd54f"
APPLAUSE = "#81c784"
BAR_HEIGHTS = (170, 300, 420, 260, 520, 380, 220, 330, 160)


def shapes() -> list[tuple]:
    """(kind, geometry, colour) in a 1024 x 1024 box."""
    out: list[tuple] = [("rrect", (64, 64, 960, 960, 210), BG)]
    left, step, width, mid = 214, 74, 40, 560
    for i, h in enumerate(BAR_HEIGHTS):
        x = left + i * step
        out.append(("rrect", (x, mid - h // 2, x + width, mid + h // 2, width // 2), WAVE))
    out.append(("rect", (630, 250, 652, 860), CUT))  # the cut line
    out.append(("poly", ((581, 196), (701, 196), (641, 276)), CUT))  # the playhead
    out.append(("circle", (330, 250, 44), LAUGH))
    out.append(("circle", (800, 250, 44), APPLAUSE))
    return out


def draw_png(size: int = SIZE) -> Image.Image:
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    for kind, g, colour in shapes():
        if kind == "rrect":
            d.rounded_rectangle(g[:4], radius=g[4], fill=colour)
        elif kind == "rect":
            d.rectangle(g, fill=colour)
        elif kind == "poly":
            d.polygon(g, fill=colour)
        elif kind == "circle":
            x, y, r = g
            d.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    return img


def svg() -> str:
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{SIZE}" height="{SIZE}" viewBox="0 0 {SIZE} {SIZE}">'
    ]
    for kind, g, colour in shapes():
        if kind == "rrect":
            x0, y0, x1, y1, r = g
            parts.append(
                f'<rect x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}" rx="{r}" fill="{colour}"/>'
            )
        elif kind == "rect":
            x0, y0, x1, y1 = g
            parts.append(f'<rect x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}" fill="{colour}"/>')
        elif kind == "poly":
            points = " ".join(f"{x},{y}" for x, y in g)
            parts.append(f'<polygon points="{points}" fill="{colour}"/>')
        elif kind == "circle":
            x, y, r = g
            parts.append(f'<circle cx="{x}" cy="{y}" r="{r}" fill="{colour}"/>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    big = draw_png()
    big.save(OUT / "cutmark-1024.png")
    for s in PNG_SIZES:
        big.resize((s, s), Image.Resampling.LANCZOS).save(OUT / f"cutmark-{s}.png")
    big.save(OUT / "cutmark.ico", sizes=ICO_SIZES)
    big.save(OUT / "cutmark.icns")  # Pillow writes the 16..1024 px variants
    (OUT / "cutmark.svg").write_text(svg(), encoding="utf-8")
    print(f"icons written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
