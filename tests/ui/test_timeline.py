"""The event timeline widget: mapping, seeking, zoom, filter, live fill, tooltips, pixels."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QHelpEvent, QWheelEvent
from PySide6.QtWidgets import QApplication

from desktop_app.core.model import GAP, SPEECH, Marker, Segment
from desktop_app.events.markers import EMOTION_KINDS, EVENT_KINDS
from desktop_app.ui import style
from desktop_app.ui.timeline import TimelineWidget
from desktop_app.ui.timeline.peaks import PeakPyramid
from desktop_app.ui.timeline.spans import SpanIndex, coverage, stack_rows
from desktop_app.ui.timeline.timescale import choose_ticks, format_tick

pytestmark = pytest.mark.gui

DURATION = 120_000
SEGMENTS = [
    Segment(0, 4_000, SPEECH, "Hello and welcome", "en", "HAPPY", "Speech", 0.98, 0.81, 0.9),
    Segment(4_000, 7_000, GAP, event="Applause", event_confidence=0.77),
    Segment(7_000, 15_000, SPEECH, "大家好，欢迎收看", "zh", "NEUTRAL", "Speech", 0.95, 0.6, 0.88),
    Segment(15_000, 20_000, GAP),
    Segment(20_000, 30_000, SPEECH, "That was hilarious", "en", "SURPRISED", "Laughter", 0.9, 0.7, 0.66),
]
MARKERS = [
    Marker("event", "applause", 4_000, 7_000, 0.77),
    Marker("event", "laughter", 40_000, 46_000, 0.66),
    Marker("event", "bgm", 60_000, 80_000, 0.9),
    Marker("emotion", "happy", 0, 4_000, 0.81),
    Marker("emotion", "angry", 50_000, 58_000, 0.7),
    Marker("silence", "silence", 15_000, 20_000),
]


@pytest.fixture
def timeline(qtbot):
    w = TimelineWidget()
    qtbot.addWidget(w)
    w.resize(1000, 300)
    w.set_duration(DURATION)
    peaks = np.zeros((DURATION // 20, 2), dtype=np.float32)
    peaks[:, 0], peaks[:, 1] = -0.5, 0.5
    w.set_waveform(peaks, 50)
    w.set_segments(SEGMENTS)
    w.set_markers(MARKERS)
    w.set_cut_ranges([(0, 15_000, True), (15_000, 20_000, False), (20_000, DURATION, True)])
    w.set_follow_playhead(False)
    w.show()
    qtbot.waitExposed(w)
    return w


def _mid_y(w: TimelineWidget, lane: str) -> int:
    return w.lane_rect(lane).center().y()


def _wheel(w: TimelineWidget, x: float, y: float, angle: int, mods=Qt.KeyboardModifier.NoModifier) -> None:
    pos = QPointF(x, y)
    event = QWheelEvent(
        pos,
        w.mapToGlobal(pos),
        QPoint(0, 0),
        QPoint(0, angle),
        Qt.MouseButton.NoButton,
        mods,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(w, event)


def test_fit_all_shows_the_whole_duration(timeline):
    timeline.set_visible_range(10_000, 20_000)
    assert timeline.visible_range() == (10_000, 20_000)
    timeline.fit_all()
    assert timeline.visible_range() == (0, DURATION)


def test_markers_map_to_their_x_and_back(timeline):
    left = timeline.lane_rect("events").left()
    width = timeline.lane_rect("events").width()
    for m in MARKERS:
        assert timeline.time_to_x(m.start_ms) == pytest.approx(left + m.start_ms * width / DURATION)
    timeline.set_visible_range(40_000, 50_000)
    assert timeline.time_to_x(40_000) == pytest.approx(left)
    assert timeline.time_to_x(45_000) == pytest.approx(left + width / 2)
    for x in (left, left + 123, left + width - 1):
        assert timeline.time_to_x(timeline.x_to_time(x)) == pytest.approx(x, abs=0.5)


def test_click_on_a_lane_or_the_ruler_seeks_there(qtbot, timeline):
    x = timeline.lane_rect("waveform").left() + 400
    with qtbot.waitSignal(timeline.seek_requested, timeout=1000) as blocker:
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=QPoint(x, _mid_y(timeline, "waveform")))
    assert blocker.args[0] == timeline.x_to_time(x)
    ms_per_px = DURATION / timeline.lane_rect("waveform").width()
    assert abs(blocker.args[0] - 400 * ms_per_px) <= ms_per_px
    assert timeline.playhead_ms() == blocker.args[0]
    with qtbot.waitSignal(timeline.seek_requested, timeout=1000) as blocker:
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=QPoint(x + 100, _mid_y(timeline, "ruler")))
    assert blocker.args[0] == timeline.x_to_time(x + 100)


def test_a_drag_seeks_throttled_and_ends_where_the_mouse_stops(qtbot, timeline):
    seeks: list[int] = []
    timeline.seek_requested.connect(seeks.append)
    y = _mid_y(timeline, "ruler")
    left = timeline.lane_rect("ruler").left()
    qtbot.mousePress(timeline, Qt.MouseButton.LeftButton, pos=QPoint(left + 10, y))
    for x in range(left + 12, left + 600, 4):
        qtbot.mouseMove(timeline, QPoint(x, y))
    qtbot.mouseRelease(timeline, Qt.MouseButton.LeftButton, pos=QPoint(left + 596, y))
    assert 2 <= len(seeks) < (600 - 12) // 4  # throttled, not one per move
    assert seeks[-1] == timeline.x_to_time(left + 596)
    assert seeks == sorted(seeks)


def test_clicking_a_marker_activates_it_and_double_clicking_a_segment_activates_it(qtbot, timeline):
    x = round(timeline.time_to_x(43_000))
    with qtbot.waitSignal(timeline.marker_activated, timeout=1000) as blocker:
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=QPoint(x, _mid_y(timeline, "events")))
    assert blocker.args[0] == MARKERS[1]
    assert timeline.playhead_ms() == 40_000
    x = round(timeline.time_to_x(10_000))
    with qtbot.waitSignal(timeline.segment_activated, timeout=1000) as blocker:
        qtbot.mouseDClick(timeline, Qt.MouseButton.LeftButton, pos=QPoint(x, _mid_y(timeline, "speech")))
    assert blocker.args[0] == 2


def test_ctrl_wheel_zooms_around_the_mouse(timeline):
    x = timeline.lane_rect("events").left() + 300
    y = _mid_y(timeline, "events")
    before = timeline.x_to_time(x)
    _wheel(timeline, x, y, 120, Qt.KeyboardModifier.ControlModifier)
    start, end = timeline.visible_range()
    assert end - start < DURATION
    assert abs(timeline.x_to_time(x) - before) <= 1
    _wheel(timeline, x, y, 240, Qt.KeyboardModifier.ControlModifier)
    assert abs(timeline.x_to_time(x) - before) <= 1
    _wheel(timeline, x, y, -120, Qt.KeyboardModifier.ControlModifier)
    assert abs(timeline.x_to_time(x) - before) <= 1


def test_wheel_scrolls_and_keys_zoom(qtbot, timeline):
    timeline.set_visible_range(0, 20_000)
    _wheel(timeline, 500, 100, -120)  # down = later
    start, end = timeline.visible_range()
    assert start > 0 and end - start == 20_000
    _wheel(timeline, 500, 100, 120, Qt.KeyboardModifier.ShiftModifier)
    assert timeline.visible_range()[0] < start
    timeline.setFocus()
    span = end - start
    qtbot.keyClick(timeline, Qt.Key.Key_Plus)
    assert timeline.visible_range()[1] - timeline.visible_range()[0] < span
    qtbot.keyClick(timeline, Qt.Key.Key_Minus)
    qtbot.keyClick(timeline, Qt.Key.Key_Minus)
    assert timeline.visible_range()[1] - timeline.visible_range()[0] > span
    qtbot.keyClick(timeline, Qt.Key.Key_0)
    assert timeline.visible_range() == (0, DURATION)


def test_the_filter_hides_markers(timeline):
    assert {m.label for m in timeline.visible_markers()} >= {"applause", "laughter", "bgm", "happy", "angry"}
    timeline.set_filter({"laughter"}, set())
    shown = timeline.visible_markers()
    assert {m.label for m in shown if m.kind != "silence"} == {"laughter"}
    assert timeline.marker_at(QPoint(round(timeline.time_to_x(70_000)), _mid_y(timeline, "events"))) is None
    timeline.set_filter(None, {"angry"})
    assert {m.label for m in timeline.visible_markers() if m.kind == "emotion"} == {"angry"}
    timeline.set_filter(None, None)
    assert len(timeline.visible_markers()) == len(MARKERS)


def test_update_segments_inserts_and_replaces_live(timeline):
    timeline.set_segments([])
    timeline.update_segments([SEGMENTS[2]])
    timeline.update_segments([SEGMENTS[0], SEGMENTS[4]])
    assert [s.start_ms for s in timeline.segments()] == [0, 7_000, 20_000]
    timeline.set_selected_segment(1)
    timeline.update_segments([SEGMENTS[1]])  # inserted before the selected one
    assert [s.start_ms for s in timeline.segments()] == [0, 4_000, 7_000, 20_000]
    assert timeline.selected_segment() == 2  # still the same segment
    fixed = Segment(7_000, 15_000, SPEECH, "修正后的文字", "zh")
    timeline.update_segments([fixed])
    assert timeline.segments()[2] == fixed and len(timeline.segments()) == 4
    x = round(timeline.time_to_x(10_000))
    assert timeline.segment_at(QPoint(x, _mid_y(timeline, "speech"))) == 2


def test_tooltips_name_the_segment_and_the_marker(timeline):
    pos = QPoint(round(timeline.time_to_x(25_000)), _mid_y(timeline, "speech"))
    text = timeline.tooltip_text_at(pos)
    assert "That was hilarious" in text
    assert "Surprised" in text and "70%" in text
    assert "Laughter" in text and "66%" in text
    assert "00:00:20.000" in text and "en" in text
    pos = QPoint(round(timeline.time_to_x(10_000)), _mid_y(timeline, "speech"))
    assert "大家好，欢迎收看" in timeline.tooltip_text_at(pos)
    pos = QPoint(round(timeline.time_to_x(70_000)), _mid_y(timeline, "events"))
    text = timeline.tooltip_text_at(pos)
    assert "Music" in text and "90%" in text and "00:01:00.000" in text
    assert timeline.tooltip_text_at(QPoint(5, 5)) == ""
    pos = QPoint(round(timeline.time_to_x(25_000)), _mid_y(timeline, "speech"))
    event = QHelpEvent(QEvent.Type.ToolTip, pos, timeline.mapToGlobal(pos))
    assert QApplication.sendEvent(timeline, event)
    QApplication.sendEvent(
        timeline, QHelpEvent(QEvent.Type.ToolTip, QPoint(5, 5), timeline.mapToGlobal(QPoint(5, 5)))
    )


def test_the_grab_shows_the_marker_colour_in_the_events_lane(timeline):
    image = timeline.grab().toImage()
    rect = timeline.lane_rect("events")
    colours = {
        image.pixelColor(x, y).rgb() for x in range(rect.left(), rect.right(), 7) for y in (20, 150, 250)
    }
    assert len(colours) > 5  # not blank
    for marker in MARKERS[:3]:
        x = round(timeline.time_to_x(marker.start_ms)) + 3
        y = rect.top() + 5
        got = image.pixelColor(x, y)
        want = QColor(style.event_color(marker.label))
        assert (got.red(), got.green(), got.blue()) == (want.red(), want.green(), want.blue()), marker.label
    timeline.set_filter({"bgm"}, None)
    image = timeline.grab().toImage()
    x = round(timeline.time_to_x(MARKERS[1].start_ms)) + 3
    assert image.pixelColor(x, rect.top() + 5).rgb() != QColor(style.event_color("laughter")).rgb()


def test_set_playhead_repaints_only_thin_strips(qtbot, timeline):
    timeline.repaint()
    timeline.set_playhead(30_000)
    qtbot.waitUntil(lambda: timeline.last_paint_rect.width() < timeline.width())
    area = sum(r.width() * r.height() for r in timeline.last_paint_region)
    assert area < 0.05 * timeline.width() * timeline.height()
    assert timeline.visible_range() == (0, DURATION)


def test_following_turns_the_page_when_the_playhead_leaves_the_view(timeline):
    timeline.set_visible_range(0, 10_000)
    timeline.set_follow_playhead(True)
    timeline.set_playhead(5_000)
    assert timeline.visible_range() == (0, 10_000)
    timeline.set_playhead(10_500)
    start, end = timeline.visible_range()
    assert start <= 10_500 <= end and start > 0
    timeline.set_follow_playhead(False)
    timeline.set_playhead(60_000)
    assert timeline.visible_range() == (start, end)


def test_five_thousand_markers_paint_at_every_zoom(timeline):
    rng = np.random.default_rng(1)
    duration = 3_600_000
    starts = np.sort(rng.integers(0, duration - 3_000, 5_000))
    labels = EVENT_KINDS + EMOTION_KINDS
    markers = []
    for i, s in enumerate(starts.tolist()):
        label = labels[i % len(labels)]
        kind = "event" if label in EVENT_KINDS else "emotion"
        markers.append(Marker(kind, label, s, s + int(rng.integers(200, 3_000)), 0.5))
    timeline.set_duration(duration)
    timeline.set_markers(markers)
    timeline.fit_all()
    assert len(timeline.visible_markers()) == 5_000
    assert not timeline.grab().toImage().isNull()
    for span in (600_000, 30_000, 500):
        timeline.set_visible_range(duration // 2, duration // 2 + span)
        timeline.set_playhead(duration // 2 + span // 3)
        timeline.repaint()


def test_an_empty_timeline_paints(qtbot):
    w = TimelineWidget()
    qtbot.addWidget(w)
    w.resize(400, 200)
    w.show()
    w.set_waveform(None, 0)
    w.zoom_in()
    w.fit_all()
    assert not w.grab().toImage().isNull()
    assert w.visible_markers() == []


def test_every_kind_has_a_distinct_style():
    assert set(EVENT_KINDS) <= set(style.EVENT_STYLE)
    assert set(EMOTION_KINDS) <= set(style.EMOTION_STYLE)
    assert len({style.event_color(k) for k in EVENT_KINDS}) == len(EVENT_KINDS)
    assert len({style.emotion_color(k) for k in EMOTION_KINDS}) == len(EMOTION_KINDS)
    assert style.event_key("Laughter") == "laughter" and style.event_key("BGM") == "bgm"
    assert style.event_key("Speech") is None and style.emotion_key("EMO_UNKNOWN") is None
    assert style.display_name("bgm") == "Music" and style.display_name("HAPPY") == "Happy"
    assert style.text_color_on("#F0E442") == "#000000" and style.text_color_on("#0072B2") == "#FFFFFF"


def test_peak_columns_match_a_direct_reduction():
    rng = np.random.default_rng(0)
    base = rng.uniform(-1, 1, (10_000, 2)).astype(np.float32)
    base.sort(axis=1)
    pyramid = PeakPyramid(base, 100)  # 10 ms buckets, 100 s
    cases = ((0.0, 10.0, 50), (1_234.0, 170.0, 300), (0.0, 100_000 / 640, 640), (500.0, 2.5, 80))
    for start, ms_per_px, width in cases:
        lo, hi, valid = pyramid.columns(start, ms_per_px, width)
        step = 4 ** pyramid.level_for(ms_per_px)
        assert step * 10 <= max(ms_per_px, 10)  # never coarser than a pixel
        # every base bucket lands in exactly one column: the one its level-k bucket starts in
        edges = np.floor((start + np.arange(width + 1) * ms_per_px) / (10 * step)).astype(int)
        for c in range(width):
            a = edges[c] * step
            if a >= len(base):
                assert not valid[c]
                continue
            b = max(edges[c + 1], edges[c] + 1) * step
            assert lo[c] == pytest.approx(base[a:b, 0].min() * pyramid.gain, abs=1e-6)
            assert hi[c] == pytest.approx(base[a:b, 1].max() * pyramid.gain, abs=1e-6)


def test_spans_query_coverage_and_stacking():
    index = SpanIndex([0, 10, 20, 30], [100, 15, 25, 35])
    assert index.query(50, 60).tolist() == [0]
    assert index.query(12, 22).tolist() == [0, 1, 2]
    counts = coverage(np.array([0.2, 3.5, 3.9]), np.array([0.4, 5.0, 4.1]), 8)[0]
    assert counts.tolist() == [1, 0, 0, 2, 2, 0, 0, 0]  # [3.9, 4.1) touches columns 3 and 4
    row, rows = stack_rows(np.array([0, 5, 20, 25]), np.array([10, 8, 25, 30]))
    assert row.tolist() == [0, 1, 0, 0] and rows.tolist() == [2, 2, 1, 1]


def test_ruler_steps_and_labels():
    assert choose_ticks(3_600_000 / 1500, 90)[0] >= 200_000  # an hour across 1500 px: minutes
    assert choose_ticks(1.0, 90)[0] <= 200  # a millisecond a pixel: tenths of a second
    assert format_tick(90_000, 10_000) == "00:01:30"
    assert format_tick(90_500, 500) == "1:30.500"
    assert format_tick(3_690_500, 100) == "1:01:30.500"
