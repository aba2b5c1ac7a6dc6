"""Play/pause, frame step, time, speed, volume and audio track under the video."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSlider, QStyle, QToolButton, QWidget

from desktop_app.core.timebase import format_clock
from desktop_app.ui.i18n import t
from desktop_app.ui.player import SPEEDS, Player


class TransportBar(QWidget):
    def __init__(self, player: Player, parent=None) -> None:
        super().__init__(parent)
        self.player = player
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 2, 4, 2)
        style = self.style()
        self.back = self._button(
            style.standardIcon(QStyle.StandardPixmap.SP_MediaSeekBackward), t("Previous frame (Left)")
        )
        self.play = self._button(
            style.standardIcon(QStyle.StandardPixmap.SP_MediaPlay), t("Play/Pause (Space)")
        )
        self.fwd = self._button(
            style.standardIcon(QStyle.StandardPixmap.SP_MediaSeekForward), t("Next frame (Right)")
        )
        self.back.clicked.connect(lambda: player.step_frames(-1))
        self.fwd.clicked.connect(lambda: player.step_frames(1))
        self.play.clicked.connect(player.toggle)
        for b in (self.back, self.play, self.fwd):
            row.addWidget(b)
        self.time = QLabel("00:00:00.000 / 00:00:00.000")
        self.time.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row.addWidget(self.time)
        row.addStretch(1)
        row.addWidget(QLabel(t("Speed")))
        self.speed = QComboBox()
        for s in SPEEDS:
            self.speed.addItem(f"{s:g}×", s)
        self.speed.setCurrentIndex(SPEEDS.index(1.0))
        self.speed.currentIndexChanged.connect(lambda i: player.set_speed(self.speed.itemData(i)))
        row.addWidget(self.speed)
        row.addWidget(QLabel(t("Audio")))
        self.tracks = QComboBox()
        self.tracks.setMinimumContentsLength(8)
        self.tracks.currentIndexChanged.connect(lambda i: i >= 0 and player.set_audio_track(i))
        row.addWidget(self.tracks)
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setRange(0, 100)
        self.volume.setValue(80)
        self.volume.setFixedWidth(90)
        self.volume.setToolTip(t("Volume"))
        self.volume.valueChanged.connect(lambda v: player.set_volume(v / 100))
        player.set_volume(0.8)
        row.addWidget(self.volume)
        player.position_changed.connect(self._on_position)
        player.duration_changed.connect(lambda _d: self._on_position(player.position()))
        player.playing_changed.connect(self._on_playing)
        player.tracks_changed.connect(self._on_tracks)

    def add_tools(self, tools) -> None:
        """Timeline tools after the transport: ``(icon name, tooltip, slot)``."""
        from desktop_app.ui.icons import glyph_icon

        row = self.layout()
        at = row.indexOf(self.time) + 1
        for name, tip, slot in tools:
            b = self._button(glyph_icon(name), tip)
            b.clicked.connect(slot)
            row.insertWidget(at, b)
            at += 1

    def _button(self, icon, tip: str) -> QToolButton:
        b = QToolButton()
        b.setIcon(icon)
        b.setToolTip(tip)
        b.setAutoRaise(True)
        return b

    cut_clock = None  # ms -> the time on the cut (None: no cut), set by the window

    def _on_position(self, ms: int) -> None:
        text = f"{format_clock(ms)} / {format_clock(self.player.duration())}"
        cut = self.cut_clock(ms) if self.cut_clock is not None else None
        if cut is not None:
            text += "   " + t("cut {0}").format(format_clock(cut))
        self.time.setText(text)

    def _on_playing(self, playing: bool) -> None:
        pix = QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
        self.play.setIcon(self.style().standardIcon(pix))

    def _on_tracks(self, names: list[str]) -> None:
        self.tracks.blockSignals(True)
        self.tracks.clear()
        self.tracks.addItems(names or [t("none")])
        self.tracks.setEnabled(len(names) > 1)
        self.tracks.blockSignals(False)

    def speed_step(self, direction: int) -> None:
        i = max(0, min(len(SPEEDS) - 1, self.speed.currentIndex() + direction))
        self.speed.setCurrentIndex(i)
