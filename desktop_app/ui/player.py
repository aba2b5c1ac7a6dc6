"""The video player: QMediaPlayer + QAudioOutput + QVideoWidget behind a small API.

Known trap (QtMultimedia 6.11): ``QMediaPlayer.stop()`` with an audio output attached
deadlocked in about 3 % of runs, the main thread holding the GIL while Qt's audio
thread waited for it. We therefore never call ``stop()``: closing or switching files
pauses, detaches the audio output, and clears the source, and no Python slot is
connected with a direct connection to a signal the audio thread emits.

We caught the same deadlock twice more, in ``setAudioOutput(None)`` (py-spy native
stacks): that call waits for the audio thread, while the audio thread needed the GIL
(1) to log through a *Python* Qt message handler (pytest-qt installs one; Cutmark
installs none, the tests run with ``--no-qt-log``), and (2) to tear down its renderer,
whose disconnection calls ``disconnectNotify`` on our Python-created ``QAudioOutput``
(PySide checks for a Python override, which takes the GIL). So:

- calls that can tear down the playback engine (source changes, play, pause) go
  through queued meta-calls to QMediaPlayer's C++ slots: Qt's event loop runs them
  without the GIL held;
- the audio output stays attached for the player's whole life;
- a closed player is parked, not destroyed from Python while a renderer may exist;
- and at the root: the QMediaPlayer and its QAudioOutput are created by a two-line QML
  component, i.e. by C++. PySide's override checks (and their GIL) only exist on
  objects Python constructed, so the audio thread never waits for Python. A third
  variant (``setActiveAudioTrack`` from Python, not a slot) hung before this.
"""

from __future__ import annotations

import logging
from fractions import Fraction

from PySide6.QtCore import Q_ARG, QMetaObject, QObject, Qt, QUrl, Signal
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
from PySide6.QtMultimediaWidgets import QVideoWidget
from PySide6.QtQml import QQmlComponent, QQmlEngine

SPEEDS = (0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0)
_PARKED: list[QObject] = []  # closed players' Qt objects, released at process exit
_QML = b"""import QtQuick
import QtMultimedia
Item { property var player: MediaPlayer { audioOutput: AudioOutput {} } }
"""
log = logging.getLogger(__name__)


def _cpp_created_player(owner: QObject) -> tuple[QObject, QObject, QMediaPlayer, QAudioOutput] | None:
    """A QMediaPlayer with its QAudioOutput, both constructed by C++ (via QML)."""
    engine = QQmlEngine(owner)
    component = QQmlComponent(engine)
    component.setData(_QML, QUrl())
    root = component.create()
    if root is None:
        log.warning("QtMultimedia's QML module is missing: %s", component.errorString())
        return None
    player = root.property("player")
    return engine, root, player, player.audioOutput()


class Player(QObject):
    position_changed = Signal(int)  # ms
    duration_changed = Signal(int)
    playing_changed = Signal(bool)
    tracks_changed = Signal(list)  # [str] audio track names
    error = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.video_widget = QVideoWidget()
        self.video_widget.setMinimumSize(320, 180)
        made = _cpp_created_player(self)
        if made is not None:
            self._engine, self._root, self._player, self._audio = made
        else:  # still works; only the deadlock guard above is weaker
            self._engine = self._root = None
            self._player = QMediaPlayer(self)
            self._audio = QAudioOutput(self)
            self._player.setAudioOutput(self._audio)
        self._player.setVideoOutput(self.video_widget)
        self.fps: Fraction = Fraction(25)
        self._source = QUrl()
        queued = Qt.ConnectionType.QueuedConnection
        self._player.positionChanged.connect(self._on_position, queued)
        self._player.durationChanged.connect(self._on_duration, queued)
        self._player.playbackStateChanged.connect(self._on_state, queued)
        self._player.tracksChanged.connect(self._on_tracks, queued)
        self._player.errorOccurred.connect(self._on_error, queued)

    # --- files ---------------------------------------------------------------
    def _queue(self, slot: str, *args) -> None:
        """Call a QMediaPlayer slot from the event loop (no GIL held; see the module docstring)."""
        QMetaObject.invokeMethod(self._player, slot, Qt.ConnectionType.QueuedConnection, *args)

    def open(self, path: str, fps: Fraction | None = None) -> None:
        self.fps = fps or Fraction(25)
        self._source = QUrl.fromLocalFile(path)
        self._queue("setSource", Q_ARG(QUrl, self._source))
        self._queue("pause")  # shows the first frame

    def close(self) -> None:
        """Release the file without QMediaPlayer.stop() (see the module docstring)."""
        self._source = QUrl()
        self._queue("pause")
        self._queue("setSource", Q_ARG(QUrl, QUrl()))

    def park(self) -> None:
        """The window is going away: release the file and keep the Qt objects alive until exit."""
        self.close()
        keep = [o for o in (self._engine, self._root, self._player, self._audio) if o is not None]
        if self._engine is not None:
            self._engine.setParent(None)
        else:
            self._player.setParent(None)
            self._audio.setParent(None)
        _PARKED.extend(keep)

    def has_media(self) -> bool:
        return not self._source.isEmpty()

    # --- transport -------------------------------------------------------------
    def play(self) -> None:
        self._queue("play")

    def pause(self) -> None:
        self._queue("pause")

    def toggle(self) -> None:
        if self.is_playing():
            self.pause()
        else:
            self.play()

    def is_playing(self) -> bool:
        return self._player.playbackState() == QMediaPlayer.PlaybackState.PlayingState

    def position(self) -> int:
        return int(self._player.position())

    def duration(self) -> int:
        return int(self._player.duration())

    def seek(self, ms: int) -> None:
        self._player.setPosition(max(0, int(ms)))

    def step_frames(self, n: int) -> None:
        self.pause()
        self.seek(self.position() + round(n * 1000 / float(self.fps)))

    def set_speed(self, rate: float) -> None:
        self._player.setPlaybackRate(rate)

    def speed(self) -> float:
        return self._player.playbackRate()

    def set_volume(self, value: float) -> None:
        self._audio.setVolume(max(0.0, min(1.0, value)))

    def volume(self) -> float:
        return self._audio.volume()

    def set_audio_track(self, index: int) -> None:
        self._player.setActiveAudioTrack(index)

    # --- slots (queued) ------------------------------------------------------------
    def _on_position(self, ms) -> None:
        self.position_changed.emit(int(ms))

    def _on_duration(self, ms) -> None:
        self.duration_changed.emit(int(ms))

    def _on_state(self, state) -> None:
        self.playing_changed.emit(state == QMediaPlayer.PlaybackState.PlayingState)

    def _on_tracks(self) -> None:
        names = []
        for i, meta in enumerate(self._player.audioTracks()):
            lang = meta.stringValue(meta.Key.Language) or ""
            title = meta.stringValue(meta.Key.Title) or ""
            lang = "" if lang.lower() in ("default", "und") else lang
            names.append(" ".join(x for x in (f"{i + 1}", title, f"[{lang}]" if lang else "") if x))
        self.tracks_changed.emit(names)

    def _on_error(self, _err, text: str) -> None:
        if text:
            self.error.emit(text)
