"""The event timeline under the video player: ruler, waveform, speech, events, emotion, cuts.

One custom-painted widget (no QGraphicsScene: it stays smooth with hours of media and
thousands of markers). Everything but the playhead and the hover outline is painted
into a cached pixmap that is rebuilt only when the view, the data, the size or the
palette change; moving the playhead repaints two thin strips (``update(rect)``), unless
following it scrolls the view.

Interaction: click or drag on the ruler or a lane to seek (drags emit ``seek_requested``
at most every :data:`SEEK_THROTTLE_MS`, and always the final position); click a marker to
activate it (it also seeks to its start); double-click a speech block to activate the
segment; Ctrl+wheel zooms around the mouse; wheel or Shift+wheel scrolls; ``+``/``-``
zoom, ``0`` fits everything; hovering shows a tooltip.
"""

from __future__ import annotations

import html
import time
from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QPixmap, QRegion
from PySide6.QtWidgets import QScrollBar, QSizePolicy, QToolTip, QWidget

from desktop_app.core.model import Marker, Segment
from desktop_app.ui import style
from desktop_app.ui.i18n import t as tr
from desktop_app.ui.timeline.data import SEG_SPEECH, TimelineData
from desktop_app.ui.timeline.peaks import PeakPyramid
from desktop_app.ui.timeline.render import Fonts, Layout, StaticRenderer, Theme, playhead_polygon
from desktop_app.ui.timeline.timescale import Viewport, format_duration, format_time

SEEK_THROTTLE_MS = 40  # a drag emits at most ~25 seeks a second
ZOOM_STEP = 1.5  # one +/- key press or one wheel notch with Ctrl (1.25 per notch)
HIT_SLOP_PX = 3  # markers this close to the mouse count as hit
FOLLOW_MARGIN = 0.1  # after a page turn the playhead sits this far into the view


class TimelineWidget(QWidget):
    seek_requested = Signal(int)  # ms: the user clicked or dragged on the ruler or the lanes
    segment_activated = Signal(int)  # index into segments(): the user double-clicked a segment
    marker_activated = Signal(object)  # Marker: the user clicked a marker

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._data = TimelineData()
        self._renderer = StaticRenderer(self._data)
        self._vp = Viewport(duration_ms=60_000.0)
        self._duration_ms = 0
        self._fit_mode = True  # keep everything in view across resizes until the user zooms
        self._playhead = 0
        self._follow = True
        self._follow_suspended = False  # the user scrolled away while following
        self._selected: int | None = None
        self._hover: tuple | None = None  # ("marker", kind, position) or ("segment", index)
        self._cache: QPixmap | None = None
        self._theme: Theme | None = None
        self._fonts = Fonts.from_font(self.font())
        self._dragging = False
        self._last_emit = 0.0
        self._pending_seek: int | None = None
        self._seek_timer = QTimer(self)
        self._seek_timer.setSingleShot(True)
        self._seek_timer.timeout.connect(self._flush_seek)
        self._syncing = False
        self._cache_dirty = True
        self.last_paint_rect = QRect()  # what the latest paintEvent covered (for checks)
        self.last_paint_region = QRegion()
        self._scrollbar = QScrollBar(Qt.Orientation.Horizontal, self)
        self._scrollbar.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._scrollbar.valueChanged.connect(self._on_scrollbar)
        self._scrollbar.actionTriggered.connect(self._suspend_follow)
        self._layout = self._compute_layout()
        self._apply_view()

    # --- public API -------------------------------------------------------------------

    def set_duration(self, duration_ms: int) -> None:
        duration_ms = max(0, int(duration_ms))
        if abs(duration_ms - self._duration_ms) > 1000:
            self._fit_mode = True  # other media: show all of it
        self._duration_ms = duration_ms
        self._update_extent()

    def duration_ms(self) -> int:
        return int(self._vp.duration_ms)

    def set_waveform(self, peaks: np.ndarray | None, peaks_per_second: int) -> None:
        if peaks is None or len(peaks) == 0 or peaks_per_second <= 0:
            self._renderer.peaks = None
        else:
            self._renderer.peaks = PeakPyramid(peaks, peaks_per_second)
        self._update_extent()

    def set_segments(self, segments: Sequence[Segment]) -> None:
        self._data.set_segments(segments)
        if self._selected is not None and self._selected >= len(self._data.segments):
            self._selected = None
        self._hover = None
        self._update_extent()

    def update_segments(self, segments: Sequence[Segment]) -> None:
        selected = self._selected_start()
        self._data.update_segments(segments)
        if selected is not None:  # keep the same segment selected when others are inserted before it
            self._selected = self._data.segment_position(selected)
        self._hover = None
        self._update_extent()

    def segments(self) -> list[Segment]:
        """The segments as the timeline holds them: sorted by start (what indices refer to)."""
        return list(self._data.segments)

    def set_markers(self, markers: Sequence[Marker]) -> None:
        self._data.set_markers(markers)
        self._hover = None
        self._update_extent()

    def set_cut_ranges(self, ranges: Sequence[tuple[int, int, bool]]) -> None:
        self._data.set_cut_ranges(ranges)
        self._update_extent()

    def set_filter(self, event_labels: set[str] | None, emotion_labels: set[str] | None) -> None:
        """Show only these event and emotion labels (None shows all of a kind)."""
        self._data.set_filter(event_labels, emotion_labels)
        self._hover = None
        self._invalidate()

    def visible_markers(self) -> list[Marker]:
        """The markers drawn now: passing the filter and overlapping the visible range."""
        return self._data.visible_markers(self._vp.start_ms, self._vp.end_ms)

    def set_playhead(self, ms: int) -> None:
        ms = int(min(max(int(ms), 0), max(self._duration_ms, int(self._vp.duration_ms))))
        if ms == self._playhead or self._dragging:
            return  # while the user drags, the mouse owns the playhead (the player lags behind)
        old, self._playhead = self._playhead, ms
        if self._follow and not self._follow_suspended and not self._dragging and self._page_to(ms):
            return
        if self._follow_suspended and self._vp.start_ms <= ms <= self._vp.end_ms:
            self._follow_suspended = False  # the playhead came back into view
        self.update(self._playhead_rect(old))
        self.update(self._playhead_rect(ms))
        self.update(self._readout_rect())

    def playhead_ms(self) -> int:
        return self._playhead

    def set_follow_playhead(self, on: bool) -> None:
        self._follow = bool(on)
        self._follow_suspended = False
        if self._follow:
            self._page_to(self._playhead)

    def follow_playhead(self) -> bool:
        return self._follow

    def zoom_in(self) -> None:
        self._zoom(1 / ZOOM_STEP, self._zoom_anchor())

    def zoom_out(self) -> None:
        self._zoom(ZOOM_STEP, self._zoom_anchor())

    def fit_all(self) -> None:
        self._fit_mode = True
        self._follow_suspended = False
        self._vp.fit()
        self._apply_view()

    def set_visible_range(self, start_ms: int, end_ms: int) -> None:
        self._fit_mode = False
        self._vp.set_range(float(start_ms), float(end_ms))
        self._apply_view()

    def visible_range(self) -> tuple[int, int]:
        return int(round(self._vp.start_ms)), int(round(self._vp.end_ms))

    def set_selected_segment(self, index: int | None) -> None:
        if index is not None and not 0 <= index < len(self._data.segments):
            index = None
        if index != self._selected:
            self._selected = index
            self._invalidate()

    def selected_segment(self) -> int | None:
        return self._selected

    # --- helpers for tests and the main window -----------------------------------------

    def lane_gutter(self) -> int:
        """Where the lanes' content starts (the lane titles are left of it)."""
        return self._layout.gutter

    def time_to_x(self, ms: float) -> float:
        """The widget x of a time (the lanes' content starts at ``lane_rect(...).left()``)."""
        return self._layout.gutter + self._vp.time_to_x(ms)

    def x_to_time(self, x: float) -> int:
        """The time (ms, clamped to the media) at a widget x."""
        t = self._vp.x_to_time(x - self._layout.gutter)
        return int(round(min(max(t, 0.0), self._vp.duration_ms)))

    def lane_rect(self, lane: str) -> QRect:
        """The content rectangle (gutter excluded) of "ruler", "waveform", "speech", "events", "emotion" or "cuts"."""
        return self._layout.content(lane)

    def segment_at(self, pos: QPoint) -> int | None:
        """The index of the segment under a point in the speech lane."""
        if self._layout.lane_at(pos.y()) != "speech" or pos.x() < self._layout.gutter:
            return None
        t = self._vp.x_to_time(pos.x() - self._layout.gutter)
        slop = HIT_SLOP_PX * self._vp.ms_per_px
        found = self._data.segments_in(t - slop, t + slop)
        found = [int(i) for i in found if self._data.seg_class[i] == SEG_SPEECH]
        return _nearest(found, t, lambda i: self._data.segments[i])

    def marker_at(self, pos: QPoint) -> Marker | None:
        """The shown marker under a point in the events or emotion lane."""
        hit = self._marker_hit(pos)
        return None if hit is None else self._data.lanes[hit[0]].markers[hit[1]]

    def _marker_hit(self, pos: QPoint) -> tuple[str, int] | None:
        lane_key = self._layout.lane_at(pos.y())
        kind = {"events": "event", "emotion": "emotion"}.get(lane_key or "")
        if kind is None or pos.x() < self._layout.gutter:
            return None
        lane = self._data.lanes[kind]
        t = self._vp.x_to_time(pos.x() - self._layout.gutter)
        slop = HIT_SLOP_PX * self._vp.ms_per_px
        found = [int(i) for i in lane.visible(t - slop, t + slop)]
        rect = self.lane_rect(lane_key)
        frac = (pos.y() - rect.top()) / max(1, rect.height())
        # a stacked marker is hit in its own row only
        found = [
            i for i in found if int(lane.row[i]) == min(int(frac * int(lane.rows[i])), int(lane.rows[i]) - 1)
        ]
        i = _nearest(found, t, lambda i: lane.markers[i])
        return None if i is None else (kind, i)

    def tooltip_text_at(self, pos: QPoint) -> str:
        """The tooltip (rich text) for what is under ``pos``; empty when nothing is."""
        marker = self.marker_at(pos)
        if marker is not None:
            return marker_tooltip(marker)
        index = self.segment_at(pos)
        if index is not None:
            return segment_tooltip(self._data.segments[index])
        lane = self._layout.lane_at(pos.y())
        if lane == "cuts" and pos.x() >= self._layout.gutter:
            t = self.x_to_time(pos.x())
            found = self._data.cut_index.query(t, t)
            if found.size:
                i = int(found[-1])
                a, b = self._data.cut_index.starts[i], self._data.cut_index.ends[i]
                what = tr("Kept") if self._data.cut_kept[i] else tr("Removed")
                return f"<b>{what}</b><br>{format_time(a)} – {format_time(b)} ({format_duration(b - a)})"
        return ""

    # --- Qt events ------------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        return QSize(900, 240)

    def minimumSizeHint(self) -> QSize:
        return QSize(300, 150)

    def resizeEvent(self, event) -> None:
        self._layout = self._compute_layout()
        if self._fit_mode:
            self._vp.fit()
        self._apply_view()
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._theme = None
            self._fonts = Fonts.from_font(self.font())
            self._layout = self._compute_layout()
            self._apply_view()
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        self.last_paint_rect = event.rect()
        self.last_paint_region = event.region()
        dpr = self.devicePixelRatioF()
        size = QSize(max(1, round(self.width() * dpr)), max(1, round(self._layout.bottom * dpr)))
        if self._cache is None or self._cache.size() != size:
            self._cache = QPixmap(size)
            self._cache.setDevicePixelRatio(dpr)
            self._paint_cache()
        elif self._cache_dirty:
            self._paint_cache()
        p = QPainter(self)
        p.drawPixmap(0, 0, self._cache)
        self._paint_overlay(p)
        p.end()

    def mousePressEvent(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        pos = event.position().toPoint()
        if pos.x() < self._layout.gutter or pos.y() >= self._layout.bottom:
            return super().mousePressEvent(event)
        self._follow_suspended = False
        self._dragging = True
        marker = self.marker_at(pos)
        if marker is not None:
            self._seek(marker.start_ms, now=True)
            self.marker_activated.emit(marker)
        else:
            self._seek(self.x_to_time(pos.x()), now=True)
        event.accept()

    def mouseMoveEvent(self, event) -> None:
        pos = event.position().toPoint()
        if self._dragging:
            self._seek(self.x_to_time(pos.x()), now=False)
            event.accept()
            return
        self._set_hover(pos)

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._dragging:
            self._dragging = False
            self._flush_seek()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            index = self.segment_at(event.position().toPoint())
            if index is not None:
                self.segment_activated.emit(index)
                event.accept()
                return
        super().mouseDoubleClickEvent(event)

    def leaveEvent(self, event) -> None:
        self._set_hover(None)
        super().leaveEvent(event)

    def wheelEvent(self, event) -> None:
        delta = event.angleDelta()
        mods = event.modifiers()
        if mods & Qt.KeyboardModifier.ControlModifier:
            steps = delta.y() / 120.0 or delta.x() / 120.0
            if steps:
                x = event.position().x() - self._layout.gutter
                x = min(max(x, 0.0), float(self._layout.content_width))
                self._zoom(1.25 ** (-steps), x)
                self._suspend_follow()
            event.accept()
            return
        pixels = event.pixelDelta()
        if not pixels.isNull():  # a touchpad: move by what it says, in pixels
            dx = pixels.x() if abs(pixels.x()) > abs(pixels.y()) else pixels.y()
            shift_ms = -dx * self._vp.ms_per_px
        else:
            steps = (delta.x() if abs(delta.x()) > abs(delta.y()) else delta.y()) / 120.0
            shift_ms = -steps * self._vp.span_ms * 0.1
        if shift_ms:
            self._fit_mode = False
            self._suspend_follow()
            self._vp.scroll_to(self._vp.start_ms + shift_ms)
            self._apply_view()
        event.accept()

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_in()
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom_out()
        elif key == Qt.Key.Key_0:
            self.fit_all()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            text = self.tooltip_text_at(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    # --- internals --------------------------------------------------------------------

    def _compute_layout(self) -> Layout:
        sb_h = self._scrollbar.sizeHint().height()
        lay = Layout.compute(self.width(), self.height(), sb_h, self._fonts.fm_small)
        self._scrollbar.setGeometry(lay.gutter, self.height() - sb_h, max(1, self.width() - lay.gutter), sb_h)
        self._vp.width_px = lay.content_width
        return lay

    def _update_extent(self) -> None:
        extent = self._duration_ms or max(
            self._data.extent_ms(),
            int(self._renderer.peaks.duration_ms) if self._renderer.peaks else 0,
        )
        self._vp.duration_ms = float(max(extent, 1000))
        if self._fit_mode:
            self._vp.fit()
        self._apply_view()

    def _apply_view(self) -> None:
        self._vp.clamp()
        self._syncing = True
        try:
            span = int(round(self._vp.span_ms))
            self._scrollbar.setRange(0, max(0, int(round(self._vp.duration_ms)) - span))
            self._scrollbar.setPageStep(max(1, span))
            self._scrollbar.setSingleStep(max(1, span // 20))
            self._scrollbar.setValue(int(round(self._vp.start_ms)))
        finally:
            self._syncing = False
        self._invalidate()

    def _invalidate(self) -> None:
        self._cache_dirty = True
        self.update()

    def _paint_cache(self) -> None:
        if self._theme is None:
            self._theme = Theme.from_palette(self.palette())
        self._cache_dirty = False
        p = QPainter(self._cache)
        try:
            self._renderer.paint(p, self._vp, self._layout, self._theme, self._fonts, self._selected)
        finally:
            p.end()

    def _paint_overlay(self, p: QPainter) -> None:
        theme, lay = self._theme, self._layout
        p.fillRect(QRect(0, lay.bottom, lay.gutter, self.height() - lay.bottom), theme.gutter)
        if self._hover is not None:
            rect = self._hover_rect()
            if rect is not None:
                p.setClipRect(QRect(lay.gutter, lay.ruler.bottom(), lay.content_width, lay.bottom))
                p.setPen(QPen(theme.text, 1))
                p.drawRect(rect)
                p.setClipping(False)
        # the playhead readout in the ruler's gutter
        p.setFont(self._fonts.bold_small)
        p.setPen(theme.text)
        p.drawText(self._readout_rect(), Qt.AlignmentFlag.AlignCenter, format_time(self._playhead))
        x = self.time_to_x(self._playhead)
        if lay.gutter - 1 <= x <= lay.width:
            p.setClipRect(QRect(lay.gutter - 1, 0, lay.content_width + 1, lay.bottom))
            xi = int(round(x))
            p.fillRect(QRect(xi - 1, lay.ruler.top(), 2, lay.bottom - lay.ruler.top()), theme.playhead)
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            p.setPen(QPen(theme.playhead.darker(130), 1))
            p.setBrush(theme.playhead)
            p.drawPolygon(playhead_polygon(xi, lay.ruler))
            p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            p.setClipping(False)

    def _playhead_rect(self, ms: int) -> QRect:
        x = int(round(self.time_to_x(ms)))
        return QRect(x - 8, 0, 17, self._layout.bottom)

    def _readout_rect(self) -> QRect:
        return QRect(0, 0, self._layout.gutter - 1, self._layout.ruler.height() - 1)

    def _page_to(self, ms: int) -> bool:
        """Turn the page when following and ``ms`` left the view; True when the view moved."""
        vp = self._vp
        if vp.start_ms <= ms <= vp.end_ms - vp.ms_per_px * 2:
            return False
        if ms >= vp.duration_ms and vp.end_ms >= vp.duration_ms:
            return False  # at the end already
        before = vp.start_ms
        self._fit_mode = False
        vp.scroll_to(ms - vp.span_ms * FOLLOW_MARGIN)
        if vp.start_ms == before:
            return False
        self._apply_view()
        return True

    def _zoom(self, factor: float, x: float) -> None:
        self._fit_mode = False
        self._vp.zoom_at(factor, x)
        if self._vp.ms_per_px >= self._vp.max_ms_per_px() * 0.9999:
            self._fit_mode = True  # zoomed all the way out: stay fitted on resize
        self._apply_view()

    def _zoom_anchor(self) -> float:
        x = self._vp.time_to_x(self._playhead)
        return x if 0 <= x <= self._layout.content_width else self._layout.content_width / 2

    def _on_scrollbar(self, value: int) -> None:
        if self._syncing:
            return
        self._fit_mode = False
        self._vp.scroll_to(float(value))
        self._vp.clamp()
        self._invalidate()

    def _suspend_follow(self, *_args) -> None:
        if self._follow:
            self._follow_suspended = True

    def _seek(self, ms: int, *, now: bool) -> None:
        old, self._playhead = self._playhead, ms
        if old != ms:
            self.update(self._playhead_rect(old))
            self.update(self._playhead_rect(ms))
            self.update(self._readout_rect())
        elapsed = (time.monotonic() - self._last_emit) * 1000
        if now or elapsed >= SEEK_THROTTLE_MS:
            self._seek_timer.stop()
            self._pending_seek = None
            self._last_emit = time.monotonic()
            self.seek_requested.emit(ms)
        else:
            self._pending_seek = ms
            if not self._seek_timer.isActive():
                self._seek_timer.start(max(1, int(SEEK_THROTTLE_MS - elapsed)))

    def _flush_seek(self) -> None:
        self._seek_timer.stop()
        if self._pending_seek is not None:
            ms, self._pending_seek = self._pending_seek, None
            self._last_emit = time.monotonic()
            self.seek_requested.emit(ms)

    def _selected_start(self) -> int | None:
        if self._selected is None or self._selected >= len(self._data.segments):
            return None
        return self._data.segments[self._selected].start_ms

    def _set_hover(self, pos: QPoint | None) -> None:
        hover: tuple | None = None
        if pos is not None:
            hit = self._marker_hit(pos)
            if hit is not None:
                hover = ("marker", *hit)
            else:
                index = self.segment_at(pos)
                if index is not None:
                    hover = ("segment", index)
        if hover == self._hover:
            return
        old = self._hover_rect()
        self._hover = hover
        new = self._hover_rect()
        for r in (old, new):
            if r is not None:
                self.update(r.adjusted(-2, -2, 2, 2))
        cursor = (
            Qt.CursorShape.PointingHandCursor
            if hover and hover[0] == "marker"
            else Qt.CursorShape.ArrowCursor
        )
        self.setCursor(cursor)

    def _hover_rect(self) -> QRect | None:
        if self._hover is None:
            return None
        if self._hover[0] == "marker":
            _, kind, i = self._hover
            lane = self._data.lanes[kind]
            if i >= len(lane.markers):
                return None
            area = self.lane_rect("events" if kind == "event" else "emotion").adjusted(0, 2, 0, -2)
            n, r = int(lane.rows[i]), int(lane.row[i])
            top = area.top() + (area.height() * r) // n
            bottom = area.top() + (area.height() * (r + 1)) // n
            area = QRect(area.left(), top, area.width(), bottom - top)
            start, end = lane.markers[i].start_ms, lane.markers[i].end_ms
        else:
            index = self._hover[1]
            if index >= len(self._data.segments):
                return None
            area = self.lane_rect("speech").adjusted(0, 3, 0, -3)
            seg = self._data.segments[index]
            start, end = seg.start_ms, seg.end_ms
        x0 = int(round(self.time_to_x(start)))
        x1 = max(x0 + 2, int(round(self.time_to_x(end))))
        x0, x1 = max(x0, area.left() - 2), min(x1, area.right() + 2)
        if x1 <= x0:
            return None
        return QRect(x0, area.top(), x1 - x0 - 1, area.height() - 1)


def _nearest(positions: list[int], t: float, item) -> int | None:
    """The item containing ``t`` (the shortest, if several), else the closest edge."""
    best, best_key = None, None
    for i in positions:
        it = item(i)
        inside = it.start_ms <= t <= it.end_ms
        distance = 0.0 if inside else min(abs(it.start_ms - t), abs(it.end_ms - t))
        key = (distance, it.end_ms - it.start_ms)
        if best_key is None or key < best_key:
            best, best_key = i, key
    return best


def _pct(value: float | None) -> str:
    return "" if value is None else f" ({value * 100:.0f}%)"


def segment_tooltip(seg: Segment) -> str:
    """Rich text: time range, text, language, emotion and event with confidences."""
    lines = [
        f"<b>{format_time(seg.start_ms)} – {format_time(seg.end_ms)}</b> ({format_duration(seg.duration_ms)})"
    ]
    if seg.text:
        lines.append(html.escape(seg.text))
    facts = []
    if seg.language:
        facts.append(f"{tr('Language')}: {html.escape(seg.language)}{_pct(seg.language_confidence)}")
    if seg.emotion:
        facts.append(
            f"{tr('Emotion')}: {html.escape(tr(style.display_name(seg.emotion)))}{_pct(seg.emotion_confidence)}"
        )
    if seg.event:
        facts.append(
            f"{tr('Event')}: {html.escape(tr(style.display_name(seg.event)))}{_pct(seg.event_confidence)}"
        )
    if facts:
        lines.append(" · ".join(facts))
    return "<qt>" + "<br>".join(lines) + "</qt>"


def marker_tooltip(marker: Marker) -> str:
    st = style.marker_style(marker.kind, marker.label)
    color = QColor(st.color).name()
    head = f"<span style='color:{color}'>■</span> <b>{html.escape(tr(st.name))}</b>"
    kind = {"event": tr("sound event"), "emotion": tr("emotion"), "silence": tr("silence")}.get(
        marker.kind, marker.kind
    )
    lines = [
        f"{head} <i>({kind})</i>",
        f"{format_time(marker.start_ms)} – {format_time(marker.end_ms)} ({format_duration(marker.end_ms - marker.start_ms)})",
    ]
    if marker.confidence is not None:
        lines.append(tr("Confidence: {0}%").format(f"{marker.confidence * 100:.0f}"))
    return "<qt>" + "<br>".join(lines) + "</qt>"


__all__ = ["TimelineWidget", "marker_tooltip", "segment_tooltip"]
