"""Painting the timeline: layout, theme, and the static layer (everything but the playhead).

The widget paints this layer into a cached pixmap and only redraws it when the view or
the data change; the playhead and hover outline go on top every frame. Each lane asks
its data for the visible positions only, turns them into pixel columns with numpy, and
draws blocks narrower than :data:`DETAIL_PX` as merged runs (a few ``fillRect`` calls
whatever the marker count) and wider ones one by one, with their text.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPalette, QPen, QPolygonF

from desktop_app.ui import style
from desktop_app.ui.i18n import t as tr
from desktop_app.ui.timeline.data import SEG_SPEECH, TimelineData
from desktop_app.ui.timeline.peaks import PeakPyramid
from desktop_app.ui.timeline.spans import coverage
from desktop_app.ui.timeline.timescale import Viewport, choose_ticks, format_tick, tick_times

DETAIL_PX = 4  # blocks at least this wide are drawn one by one (outline, text)
RULER_TICKS_H = 6  # the strip at the ruler's foot where event markers show as ticks
LANES = ("waveform", "speech", "events", "emotion", "cuts")
LANE_TITLES = {
    "waveform": "Waveform",
    "speech": "Speech",
    "events": "Events",
    "emotion": "Emotion",
    "cuts": "Cuts",
}


def mix(a: QColor, b: QColor, t: float) -> QColor:
    """``a`` moved ``t`` of the way to ``b`` (opaque)."""
    return QColor(
        round(a.red() + (b.red() - a.red()) * t),
        round(a.green() + (b.green() - a.green()) * t),
        round(a.blue() + (b.blue() - a.blue()) * t),
    )


def argb(c: QColor) -> int:
    """``c`` as a premultiplied ARGB32 pixel (what ``Format_ARGB32_Premultiplied`` stores)."""
    a = c.alpha()
    return (a << 24) | (c.red() * a // 255 << 16) | (c.green() * a // 255 << 8) | (c.blue() * a // 255)


def blit(p: QPainter, x: int, y: int, pixels: np.ndarray) -> None:
    """Draw an ``(h, w)`` uint32 array of premultiplied ARGB pixels at ``(x, y)``."""
    h, w = pixels.shape
    if h and w:
        pixels = np.ascontiguousarray(pixels, dtype=np.uint32)
        image = QImage(pixels.data, w, h, w * 4, QImage.Format.Format_ARGB32_Premultiplied)
        p.drawImage(QPoint(x, y), image)
        del image  # it borrows ``pixels``; drop it before the buffer goes


@dataclass
class Theme:
    """Colours derived from the widget's palette, so dark and light themes both read."""

    dark: bool
    background: QColor
    lane: QColor
    lane_alt: QColor
    ruler: QColor
    gutter: QColor
    grid: QColor
    separator: QColor
    text: QColor
    text_dim: QColor
    highlight: QColor
    tick: QColor
    waveform: QColor
    silence: QColor
    kept: QColor
    removed: QColor
    removed_tint: QColor
    playhead: QColor
    speech: QColor
    colors: dict[str, QColor]  # every style colour, by "event:laughter"/"emotion:happy"

    @classmethod
    def from_palette(cls, pal: QPalette) -> Theme:
        base = pal.color(QPalette.ColorRole.Base)
        window = pal.color(QPalette.ColorRole.Window)
        text = pal.color(QPalette.ColorRole.Text)
        dark = window.lightness() < 128
        lane = mix(base, window, 0.5) if dark else base
        removed = QColor(style.CUT_REMOVED_COLOR)
        colors = {f"event:{k}": QColor(v.color) for k, v in style.EVENT_STYLE.items()}
        colors.update({f"emotion:{k}": QColor(v.color) for k, v in style.EMOTION_STYLE.items()})
        wave = QColor(style.WAVEFORM_COLOR)
        return cls(
            dark=dark,
            background=window,
            lane=lane,
            lane_alt=mix(lane, text, 0.035),
            ruler=mix(window, text, 0.06 if dark else 0.03),
            gutter=mix(window, text, 0.02),
            grid=mix(lane, text, 0.09),
            separator=mix(lane, text, 0.22),
            text=text,
            text_dim=mix(text, window, 0.35),
            highlight=pal.color(QPalette.ColorRole.Highlight),
            tick=mix(window, text, 0.55),
            waveform=wave.lighter(115) if dark else wave.darker(110),
            silence=QColor(text.red(), text.green(), text.blue(), 22),
            kept=QColor(style.CUT_KEPT_COLOR),
            removed=removed,
            removed_tint=QColor(removed.red(), removed.green(), removed.blue(), 30),
            playhead=QColor(style.PLAYHEAD_COLOR),
            speech=QColor(style.SPEECH_COLOR),
            colors=colors,
        )

    def color(self, kind: str, key: str) -> QColor:
        c = self.colors.get(f"{kind}:{key}")
        if c is None:
            c = self.colors[f"{kind}:{key}"] = QColor(style.marker_style(kind, key).color)
        return c


@dataclass
class Layout:
    width: int
    height: int
    gutter: int  # lane titles on the left; the lanes' content starts here
    ruler: QRect
    lanes: dict[str, QRect]  # full width, gutter included
    bottom: int  # where the lanes end (the scroll bar is below)

    @property
    def content_width(self) -> int:
        return max(1, self.width - self.gutter)

    def lane_at(self, y: int) -> str | None:
        if self.ruler.top() <= y <= self.ruler.bottom():
            return "ruler"
        for key, rect in self.lanes.items():
            if rect.top() <= y <= rect.bottom():
                return key
        return None

    def content(self, key: str) -> QRect:
        rect = self.ruler if key == "ruler" else self.lanes[key]
        return QRect(self.gutter, rect.top(), self.content_width, rect.height())

    @classmethod
    def compute(cls, width: int, height: int, scrollbar_h: int, fm: QFontMetrics) -> Layout:
        gutter = max(76, max(fm.horizontalAdvance(tr(title)) for title in LANE_TITLES.values()) + 22)
        gutter = max(gutter, fm.horizontalAdvance("00:00:00.000") + 16)
        ruler_h = fm.height() + 14 + RULER_TICKS_H  # the event ticks sit under the time labels
        bottom = max(ruler_h + 5, height - scrollbar_h)
        avail = bottom - ruler_h
        # shares of the height, then bounds that keep every lane readable (a line of text
        # in each); the waveform takes what is left
        line = fm.height()
        sizes = {
            "speech": _clamp(avail * 0.2, line + 12, 64),
            "events": _clamp(avail * 0.18, line + 10, 52),
            "emotion": _clamp(avail * 0.13, line + 6, 40),
            "cuts": _clamp(avail * 0.13, line + 6, 40),
        }
        fixed = sum(sizes.values())
        if avail - fixed < 30:  # a short widget: everything shrinks together
            scale = max(avail, 5) / (fixed + 30)
            sizes = {k: max(1, int(v * scale)) for k, v in sizes.items()}
        sizes = {"waveform": max(1, avail - sum(sizes.values())), **sizes}
        lanes, y = {}, ruler_h
        for key in LANES:
            lanes[key] = QRect(0, y, width, sizes[key])
            y += sizes[key]
        return cls(width, height, gutter, QRect(0, 0, width, ruler_h), lanes, y)


def _clamp(v: float, lo: int, hi: int) -> int:
    return int(min(max(v, lo), hi))


@dataclass
class Fonts:
    normal: QFont
    small: QFont
    bold_small: QFont
    fm: QFontMetrics
    fm_small: QFontMetrics

    @classmethod
    def from_font(cls, font: QFont) -> Fonts:
        small = QFont(font)  # same family: Qt's fallback finds CJK glyphs
        size = font.pointSizeF()
        if size > 0:
            small.setPointSizeF(max(7.0, size * 0.86))
        bold = QFont(small)
        bold.setBold(True)
        return cls(font, small, bold, QFontMetrics(font), QFontMetrics(small))


class StaticRenderer:
    """Draws the cached layer: ruler, lane backgrounds and titles, waveform, blocks."""

    def __init__(self, data: TimelineData) -> None:
        self.data = data
        self.peaks: PeakPyramid | None = None

    def paint(
        self,
        p: QPainter,
        vp: Viewport,
        lay: Layout,
        theme: Theme,
        fonts: Fonts,
        selected: int | None,
    ) -> None:
        p.fillRect(QRect(0, 0, lay.width, lay.height), theme.background)
        major, minor = choose_ticks(
            vp.ms_per_px, min_label_px=fonts.fm_small.horizontalAdvance("00:00:00") + 28
        )
        self._ruler(p, vp, lay, theme, fonts, major, minor)
        self._ruler_ticks(p, vp, lay, theme)
        self._lane_backgrounds(p, vp, lay, theme, fonts, major)
        left = lay.gutter
        p.save()
        p.setClipRect(QRect(left, lay.ruler.bottom() + 1, lay.content_width, lay.bottom - lay.ruler.height()))
        self._waveform(p, vp, lay, theme)
        self._speech(p, vp, lay, theme, fonts, selected)
        self._markers(p, vp, lay, theme, fonts, "events", "event")
        self._markers(p, vp, lay, theme, fonts, "emotion", "emotion")
        self._cuts(p, vp, lay, theme)
        p.restore()
        p.setPen(theme.separator)
        p.drawLine(left - 1, 0, left - 1, lay.bottom - 1)

    # --- ruler and backgrounds ---------------------------------------------------------

    def _ruler(
        self, p, vp: Viewport, lay: Layout, theme: Theme, fonts: Fonts, major: int, minor: int
    ) -> None:
        r = lay.ruler
        p.fillRect(r, theme.ruler)
        left, h = lay.gutter, r.height()
        p.setPen(theme.separator)
        p.drawLine(0, r.bottom(), lay.width, r.bottom())
        t0, t1 = vp.start_ms, vp.end_ms
        minor_lines, major_lines = [], []
        for t in tick_times(t0, t1, minor):
            x = left + (t - t0) / vp.ms_per_px
            if t % major == 0:
                major_lines.append(QPointF(x, r.bottom() - h * 0.45))
                major_lines.append(QPointF(x, r.bottom()))
            else:
                minor_lines.append(QPointF(x, r.bottom() - h * 0.2))
                minor_lines.append(QPointF(x, r.bottom()))
        p.setPen(QPen(theme.tick, 1))
        if minor_lines:
            p.drawLines(minor_lines)
        p.setPen(QPen(theme.text_dim, 1))
        if major_lines:
            p.drawLines(major_lines)
        p.setFont(fonts.small)
        p.setPen(theme.text_dim)
        baseline = r.top() + 3 + fonts.fm_small.ascent()
        first = math.floor(t0 / major) * major
        for t in range(int(first), int(t1) + 1, major):
            x = left + (t - t0) / vp.ms_per_px
            label = format_tick(t, major)
            if x + 3 < left:
                continue  # the label of a tick left of the view would sit in the gutter
            p.drawText(QPointF(x + 3, baseline), label)

    def _ruler_ticks(self, p, vp: Viewport, lay: Layout, theme: Theme) -> None:
        """Event markers as coloured ticks on the ruler's foot, so they read above every lane."""
        lane = self.data.lanes["event"]
        pos = lane.visible(vp.start_ms, vp.end_ms)
        if not pos.size:
            return
        r = lay.ruler
        strip = QRect(lay.gutter, r.bottom() - RULER_TICKS_H, lay.content_width, RULER_TICKS_H)
        fills = [theme.color("event", key) for key in lane.keys]
        starts = lane.index.starts[pos]
        # at least 3 px wide: a short laugh still shows at fit-all zoom
        ends = np.maximum(lane.index.ends[pos], starts + 3 * vp.ms_per_px)
        p.save()
        p.setClipRect(strip)
        self._blocks(p, strip, vp, starts, ends, lane.codes[pos], fills.__getitem__, 0)
        p.restore()

    def _lane_backgrounds(self, p, vp: Viewport, lay: Layout, theme: Theme, fonts: Fonts, major: int) -> None:
        left = lay.gutter
        p.setFont(fonts.small)
        for i, key in enumerate(LANES):
            rect = lay.lanes[key]
            p.fillRect(
                QRect(left, rect.top(), lay.content_width, rect.height()),
                theme.lane_alt if i % 2 else theme.lane,
            )
            p.fillRect(QRect(0, rect.top(), left, rect.height()), theme.gutter)
            if rect.height() >= fonts.fm_small.height() - 2:
                p.setPen(theme.text_dim)
                p.drawText(
                    QRect(10, rect.top(), left - 14, rect.height()),
                    Qt.AlignmentFlag.AlignVCenter,
                    tr(LANE_TITLES[key]),
                )
            p.setPen(theme.grid)
            p.drawLine(0, rect.bottom(), lay.width, rect.bottom())
        # faint verticals at the major ticks help reading times off the lanes
        top, bottom = lay.ruler.bottom() + 1, lay.bottom - 1
        lines = []
        for t in tick_times(vp.start_ms, vp.end_ms, major):
            x = left + (t - vp.start_ms) / vp.ms_per_px
            lines += [QPointF(x, top), QPointF(x, bottom)]
        if lines:
            p.setPen(QPen(theme.grid, 1))
            p.drawLines(lines)

    # --- waveform ------------------------------------------------------------------------

    def _waveform(self, p, vp: Viewport, lay: Layout, theme: Theme) -> None:
        rect = lay.content("waveform")
        data = self.data
        t0, t1 = vp.start_ms, vp.end_ms
        silence = data.lanes["silence"]
        pos = silence.visible(t0, t1)
        if pos.size:
            self._fill_columns(p, rect, vp, silence.index.starts[pos], silence.index.ends[pos], theme.silence)
        w, h = rect.width(), rect.height()
        mid = rect.top() + h / 2
        if self.peaks is not None and h > 2:
            lo, hi, valid = self.peaks.columns(t0, vp.ms_per_px, w)
            amp = h / 2 - 2
            top = np.floor(h / 2 - hi * amp).astype(np.int32)
            bot = np.ceil(h / 2 - lo * amp).astype(np.int32)
            bot = np.maximum(bot, top + 1)
            rows = np.arange(h, dtype=np.int32)[:, None]
            mask = (rows >= top[None, :]) & (rows < bot[None, :]) & valid[None, :]
            pixels = np.where(mask, np.uint32(argb(theme.waveform)), np.uint32(0))
            blit(p, rect.left(), rect.top(), pixels)
        p.setPen(QPen(theme.grid, 1))
        p.drawLine(QPointF(rect.left(), mid), QPointF(rect.right(), mid))
        # removed ranges tint the waveform, so the cut reads across the lanes
        kept = data.cut_kept
        pos = data.cut_index.query(t0, t1)
        pos = pos[~kept[pos]]
        if pos.size:
            self._fill_columns(
                p, rect, vp, data.cut_index.starts[pos], data.cut_index.ends[pos], theme.removed_tint
            )

    # --- blocks ------------------------------------------------------------------------------

    @staticmethod
    def _columns(vp: Viewport, starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return (starts - vp.start_ms) / vp.ms_per_px, (ends - vp.start_ms) / vp.ms_per_px

    def _fill_columns(self, p, rect: QRect, vp: Viewport, starts, ends, color: QColor) -> None:
        """Fill the pixel columns the spans cover, as one image."""
        x0, x1 = self._columns(vp, starts, ends)
        covered = coverage(x0, x1, rect.width())[0] > 0
        if covered.any():
            pixels = np.zeros((rect.height(), rect.width()), dtype=np.uint32)
            pixels[:, covered] = argb(color)
            blit(p, rect.left(), rect.top(), pixels)

    def _blocks(
        self, p, rect: QRect, vp: Viewport, starts, ends, codes, fills, pad: int, row=None, rows=None
    ) -> list[tuple[int, QRect]]:
        """Draw blocks grouped by code (and stacking row); returns ``(position, rect)`` of the wide ones."""
        x0, x1 = self._columns(vp, starts, ends)
        wide = (x1 - x0) >= DETAIL_PX
        inner = QRect(rect.left(), rect.top() + pad, rect.width(), rect.height() - 2 * pad)
        codes = np.asarray(codes, dtype=np.int64)
        group = codes * 64
        if row is not None:
            group = group + rows.astype(np.int64) * 8 + row
        out: list[tuple[int, QRect]] = []
        left = rect.left()
        n_codes = int(codes.max()) + 1 if codes.size else 1
        narrow = ~wide
        if narrow.any():
            # sub-pixel blocks: per stacking slot, each column takes the colour of the code
            # covering it most, and the whole lane goes out as one image
            lut = np.zeros(n_codes, dtype=np.uint32)
            for code in np.unique(codes[narrow]).tolist():
                lut[code] = argb(fills(code))
            pixels = np.zeros((inner.height(), rect.width()), dtype=np.uint32)
            for g in np.unique((group % 64)[narrow]).tolist():
                n_rows, r_i = g // 8 or 1, g % 8
                m = narrow & (group % 64 == g)
                counts = coverage(x0[m], x1[m], rect.width(), codes[m], n_codes)
                best = counts.argmax(axis=0)
                has = np.take_along_axis(counts, best[None, :], axis=0)[0] > 0
                y0 = (inner.height() * r_i) // n_rows
                y1 = (inner.height() * (r_i + 1)) // n_rows - (1 if n_rows > 1 else 0)
                pixels[y0:y1, has] = lut[best[has]]
            blit(p, left, inner.top(), pixels)
        for g in np.unique(group[wide]).tolist():
            code, n_rows, r_i = g // 64, (g % 64) // 8 or 1, g % 8
            fill = fills(code)
            top = inner.top() + (inner.height() * r_i) // n_rows
            height = inner.top() + (inner.height() * (r_i + 1)) // n_rows - top - (1 if n_rows > 1 else 0)
            mine = group == g
            sel = np.flatnonzero(mine & wide)
            if sel.size:
                rects = []
                lo = np.maximum(np.round(x0[sel]), -2).astype(np.int64).tolist()
                hi = np.minimum(np.round(x1[sel]), rect.width() + 2).astype(np.int64).tolist()
                for i, a, b in zip(sel.tolist(), lo, hi, strict=True):
                    r = QRect(left + a, top, max(1, b - a - 1), height - 1)
                    rects.append(r)
                    out.append((i, r))
                p.setPen(QPen(fill.darker(135), 1))
                p.setBrush(fill)
                p.drawRects(rects)
                p.setBrush(Qt.BrushStyle.NoBrush)
        return out

    def _speech(self, p, vp: Viewport, lay: Layout, theme: Theme, fonts: Fonts, selected: int | None) -> None:
        rect = lay.content("speech")
        data = self.data
        pos = data.segments_in(vp.start_ms, vp.end_ms)
        pos = pos[data.seg_class[pos] == SEG_SPEECH]  # events have their own lane
        if pos.size:
            codes = np.zeros(pos.size, dtype=np.int64)
            wide = self._blocks(
                p,
                rect,
                vp,
                data.seg_index.starts[pos],
                data.seg_index.ends[pos],
                codes,
                lambda _c: theme.speech,
                3,
            )
            p.setFont(fonts.small)
            fm = fonts.fm_small
            white = QColor(style.text_color_on(style.SPEECH_COLOR))
            for j, r in wide:
                if r.width() < 22:
                    continue
                seg = data.segments[int(pos[j])]
                box = r.adjusted(4, 0, -3, 0).intersected(rect.adjusted(2, 0, -2, 0))
                if box.width() < 12:
                    continue
                text = seg.text or "…"
                p.setPen(white)
                p.drawText(
                    box,
                    Qt.AlignmentFlag.AlignVCenter,
                    fm.elidedText(text, Qt.TextElideMode.ElideRight, box.width()),
                )
        if selected is not None and 0 <= selected < len(data.segments):
            seg = data.segments[selected]
            x0 = rect.left() + (seg.start_ms - vp.start_ms) / vp.ms_per_px
            x1 = rect.left() + (seg.end_ms - vp.start_ms) / vp.ms_per_px
            if x1 >= rect.left() and x0 <= rect.right():
                r = QRectF(x0, rect.top() + 1.5, max(3.0, x1 - x0), rect.height() - 3)
                hl = QColor(theme.highlight)
                hl.setAlpha(60)
                p.fillRect(r, hl)
                p.setPen(QPen(theme.highlight, 2))
                p.drawRect(r)

    def _markers(
        self, p, vp: Viewport, lay: Layout, theme: Theme, fonts: Fonts, lane_key: str, kind: str
    ) -> None:
        rect = lay.content(lane_key)
        lane = self.data.lanes[kind]
        pos = lane.visible(vp.start_ms, vp.end_ms)
        if not pos.size:
            return
        fills = [theme.color(kind, key) for key in lane.keys]
        wide = self._blocks(
            p,
            rect,
            vp,
            lane.index.starts[pos],
            lane.index.ends[pos],
            lane.codes[pos],
            fills.__getitem__,
            2,
            lane.row[pos],
            lane.rows[pos],
        )
        if not wide:
            return
        p.setFont(fonts.small)
        fm = fonts.fm_small
        for j, r in wide:
            if r.width() < 12 or r.height() < fm.height() - 5:
                continue
            key = lane.keys[int(lane.codes[pos[j]])]
            st = style.marker_style(kind, key)
            box = r.intersected(rect.adjusted(1, 0, -1, 0))
            label = f"{st.glyph} {tr(st.name)}"
            text = label if fm.horizontalAdvance(label) + 8 <= box.width() else st.glyph
            if fm.horizontalAdvance(text) + 2 > box.width():
                continue
            p.setPen(QColor(style.text_color_on(st.color)))
            align = Qt.AlignmentFlag.AlignCenter if text == st.glyph else Qt.AlignmentFlag.AlignVCenter
            p.drawText(box.adjusted(4 if text != st.glyph else 0, 0, 0, 0), align, text)

    def _cuts(self, p, vp: Viewport, lay: Layout, theme: Theme) -> None:
        rect = lay.content("cuts")
        data = self.data
        pos = data.cut_index.query(vp.start_ms, vp.end_ms)
        if not pos.size:
            return
        kept = data.cut_kept[pos].astype(np.int64)
        x0, x1 = self._columns(vp, data.cut_index.starts[pos], data.cut_index.ends[pos])
        inner = rect.adjusted(0, 2, 0, -2)
        w, h = inner.width(), inner.height()
        counts = coverage(x0, x1, w, kept, 2)  # row 0: removed, row 1: kept
        removed, keep = counts[0] > 0, counts[1] > 0
        pixels = np.zeros((h, w), dtype=np.uint32)
        kept_fill = QColor(theme.kept)
        kept_fill.setAlpha(210)
        pixels[:, keep & ~removed] = argb(kept_fill)  # a column with any cut in it shows the cut
        if removed.any():
            tint = QColor(theme.removed)
            tint.setAlpha(60)
            hatch = np.add.outer(np.arange(h), np.arange(inner.left(), inner.left() + w)) % 6 < 2
            pixels[:, removed] = argb(tint)
            pixels[hatch & removed[None, :]] = argb(theme.removed)
        blit(p, inner.left(), inner.top(), pixels)


def playhead_polygon(x: float, ruler: QRect) -> QPolygonF:
    """The handle on the ruler: a small pentagon pointing down at the playhead."""
    top = ruler.bottom() - 13
    return QPolygonF(
        [
            QPointF(x - 6, top),
            QPointF(x + 6, top),
            QPointF(x + 6, top + 7),
            QPointF(x, ruler.bottom() + 0.5),
            QPointF(x - 6, top + 7),
        ]
    )
