"""How the main window is laid out: the video (or the empty state) over the timeline, the
transcript and events docked on the right, the timeline tools beside the transport."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtWidgets import QDockWidget, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from desktop_app.ui.i18n import t


def _dock(win, title: str, widget: QWidget, name: str) -> QDockWidget:
    dock = QDockWidget(title, win)
    dock.setObjectName(name)
    dock.setWidget(widget)
    win.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    return dock


def build_layout(win) -> None:
    video_area = QWidget()
    v = QVBoxLayout(video_area)
    v.setContentsMargins(0, 0, 0, 0)
    v.addWidget(win.player.video_widget, 1)
    v.addWidget(win.transport)
    win.stage = QStackedWidget()  # the empty state until something is open, then the video
    win.stage.addWidget(win.empty)
    win.stage.addWidget(video_area)
    win.splitter = QSplitter(Qt.Orientation.Vertical)
    win.splitter.setObjectName("main-splitter")
    win.splitter.addWidget(win.stage)
    lanes = QWidget()  # the laughs-per-minute strip over the timeline
    box = QVBoxLayout(lanes)
    box.setContentsMargins(0, 0, 0, 0)
    box.setSpacing(0)
    box.addWidget(win.activity)
    box.addWidget(win.timeline, 1)
    win.splitter.addWidget(lanes)
    win.splitter.setChildrenCollapsible(False)
    win.splitter.setSizes([560, 320])  # the timeline gets well over a third by default
    win.setCentralWidget(win.splitter)
    win.transcript_dock = _dock(win, t("Transcript"), win.document, "transcript")
    win.segments_dock = _dock(win, t("Segments"), win.transcript, "segments")
    win.filters_dock = _dock(win, t("Events"), win.filters, "events")
    win.review_dock = _dock(win, t("Review"), win.review, "review")
    win.tabifyDockWidget(win.transcript_dock, win.segments_dock)
    win.tabifyDockWidget(win.segments_dock, win.filters_dock)
    win.tabifyDockWidget(win.filters_dock, win.review_dock)
    win.transcript_dock.raise_()
    win.resizeDocks([win.transcript_dock], [520], Qt.Orientation.Horizontal)


def add_timeline_tools(win) -> None:
    def first(slot):  # the buttons take no focus: a word being fixed in the transcript is committed first
        return lambda: (win.document.view.commit_pending(), slot())

    win.transport.add_tools([
        ("zoom_out", t("Zoom out (Ctrl+-)"), win.timeline.zoom_out),
        ("zoom_in", t("Zoom in (Ctrl++)"), win.timeline.zoom_in),
        ("fit", t("Fit timeline (Ctrl+0)"), win.timeline.fit_all),
        ("split", t("Split segment at playhead (Ctrl+B)"), first(win.edits.split_at_playhead)),
        ("cut", t("Mark segment cut (Ctrl+Shift+X)"), first(lambda: win.edits.mark_current("cut"))),
        ("keep", t("Mark segment keep (Ctrl+K)"), first(lambda: win.edits.mark_current("keep"))),
    ])  # fmt: skip


def restore_layout(win) -> None:

    for key, restore in (
        ("window/geometry", win.restoreGeometry),
        ("window/state", win.restoreState),
        ("window/splitter", win.splitter.restoreState),
    ):
        value = win.settings.q.value(key)
        if isinstance(value, QByteArray):
            restore(value)
