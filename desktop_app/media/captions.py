"""Burned-in captions: cue text drawn once per cue with Pillow, blended onto frames.

White text with a black outline, centred near the bottom of the frame, one image per
cue (so a frame costs one alpha blend of the caption's strip, not a text layout). The
font is ``font_path`` when given, else the first system font found that covers the
text (Noto/Source Han/PingFang/Microsoft YaHei for Chinese, Japanese and Korean,
DejaVu/Arial otherwise), else Pillow's built-in font. Pillow is imported lazily.
"""

from __future__ import annotations

import bisect
import glob
import os
from dataclasses import dataclass
from functools import lru_cache

import numpy as np


@dataclass(frozen=True)
class Caption:
    """Text on screen over ``[start_ms, end_ms)`` of the rendered cut; lines split at ``\\n``."""

    start_ms: int
    end_ms: int
    text: str


_CJK_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/Hiragino Sans GB.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/YuGothM.ttc",
    "C:/Windows/Fonts/malgun.ttf",
)
_LATIN_FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/Library/Fonts/Arial Unicode.ttf",
    "/System/Library/Fonts/Helvetica.ttc",
    "C:/Windows/Fonts/arialbd.ttf",
    "C:/Windows/Fonts/arial.ttf",
)


def _needs_cjk(text: str) -> bool:
    return any(
        0x3000 <= ord(ch) <= 0x9FFF or 0xAC00 <= ord(ch) <= 0xD7AF or 0xF900 <= ord(ch) <= 0xFFEF
        for ch in text
    )


@lru_cache(maxsize=4)
def find_font(cjk: bool) -> str | None:
    """A font file on this machine for Latin text or for CJK text, or None."""
    for path in (_CJK_FONTS if cjk else _LATIN_FONTS) + (() if cjk else _CJK_FONTS):
        if os.path.isfile(path):
            return path
    if cjk:
        found = sorted(glob.glob("/usr/share/fonts/**/*CJK*.tt[cf]", recursive=True))
        return found[0] if found else None
    found = sorted(glob.glob("/usr/share/fonts/**/*.ttf", recursive=True))
    return found[0] if found else None


@lru_cache(maxsize=8)
def _font(path: str | None, size: int):
    from PIL import ImageFont

    if path:
        return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


def render_caption(
    text: str, width: int, height: int, font_path: str | None = None
) -> tuple[np.ndarray, int]:
    """``(rgba, top)``: the caption as an ``(h, width, 4)`` uint8 image and the row it goes at."""
    from PIL import Image, ImageDraw

    size = max(10, round(height * 0.055))
    font = _font(font_path or find_font(_needs_cjk(text)), size)
    stroke = max(1, size // 12)
    lines = [line for line in text.split("\n") if line.strip()] or [" "]
    line_h = round(size * 1.25)
    strip_h = line_h * len(lines) + 2 * stroke + 4
    image = Image.new("RGBA", (width, strip_h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text(
            (width // 2, stroke + 2 + i * line_h + line_h // 2),
            line,
            font=font,
            fill=(255, 255, 255, 255),
            anchor="mm",
            stroke_width=stroke,
            stroke_fill=(0, 0, 0, 255),
        )
    top = max(0, height - strip_h - round(height * 0.06))
    rgba = np.asarray(image, dtype=np.uint8)
    return rgba[: height - top], top


def blend(rgb: np.ndarray, rgba: np.ndarray, top: int) -> np.ndarray:
    """``rgb`` (``(h, w, 3)`` uint8, modified in place) with ``rgba`` laid over it from row ``top``."""
    region = rgb[top : top + rgba.shape[0], : rgba.shape[1]]
    alpha = rgba[: region.shape[0], : region.shape[1], 3:4].astype(np.uint16)
    over = rgba[: region.shape[0], : region.shape[1], :3].astype(np.uint16)
    region[:] = ((over * alpha + region.astype(np.uint16) * (255 - alpha) + 127) // 255).astype(np.uint8)
    return rgb


class CaptionTrack:
    """Captions by time, each drawn once on first use."""

    def __init__(self, captions, width: int, height: int, font_path: str | None = None) -> None:
        self.captions = sorted(captions, key=lambda c: (c.start_ms, c.end_ms))
        self._starts = [c.start_ms for c in self.captions]
        self._longest = max((c.end_ms - c.start_ms for c in self.captions), default=0)
        self.width, self.height, self.font_path = width, height, font_path
        self._images: dict[int, tuple[np.ndarray, int]] = {}

    def __bool__(self) -> bool:
        return bool(self.captions)

    def at(self, t_ms: float) -> list[tuple[np.ndarray, int]]:
        """The caption images on screen at ``t_ms``, in start order."""
        out = []
        i = bisect.bisect_right(self._starts, t_ms) - 1
        while i >= 0 and self.captions[i].start_ms > t_ms - self._longest - 1:
            cap = self.captions[i]
            if t_ms < cap.end_ms and cap.text.strip():
                if i not in self._images:
                    self._images[i] = render_caption(cap.text, self.width, self.height, self.font_path)
                out.append(self._images[i])
            i -= 1
        return out[::-1]
