"""Preview the cut: while it plays, the player skips what the cut removes, so the edit can
be judged as it will sound; and the cut's own clock beside the source time.

The player reports its position every few tens of milliseconds; a timer polls it while
playing as well, so a removed range is jumped within about 20 ms of its start.
"""

from __future__ import annotations

import bisect

from PySide6.QtCore import QObject, QTimer, Signal

from desktop_app.edit.plan import CutPlan, remap_ms

POLL_MS = 15
LEAD_MS = 10  # jump this early: the next report may come a little late


class PreviewCut(QObject):
    toggled = Signal(bool)

    def __init__(self, player, parent=None) -> None:
        super().__init__(parent)
        self.player = player
        self.plan: CutPlan | None = None
        self._gaps: list[tuple[int, int]] = []  # removed stretches, in order
        self._gap_starts: list[int] = []
        self.enabled = False
        self._user_chose = False  # once the user toggles it, their choice stands
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(lambda: self._check(self.player.position()))
        player.position_changed.connect(self._check)
        player.playing_changed.connect(self._on_playing)

    def play_range(self, start_ms: int, stop_ms: int) -> None:
        """Play ``[start_ms, stop_ms)`` and pause there (a marker under review, with context).
        Without a video (a project whose video has gone) there is nothing to play."""
        if not self.player.has_media():
            return
        self._stop_at = stop_ms
        self.player.seek(start_ms)
        self.player.play()
        self._timer.start()

    def set_plan(self, plan: CutPlan | None) -> None:
        """The cut to preview; preview turns on by itself the first time something is cut."""
        self.plan = plan
        gaps, at = [], 0
        if plan is not None:
            for r in plan.ranges:
                if r.start_ms > at:
                    gaps.append((at, r.start_ms))
                at = r.end_ms
            if at < plan.source_duration_ms:
                gaps.append((at, plan.source_duration_ms))
        self._gaps, self._gap_starts = gaps, [g[0] for g in gaps]
        if gaps and not self.enabled and not self._user_chose:
            self.set_enabled(True, by_user=False)

    def set_enabled(self, on: bool, *, by_user: bool = True) -> None:
        self._user_chose = self._user_chose or by_user
        if on != self.enabled:
            self.enabled = on
            self.toggled.emit(on)
        self._on_playing(self.player.is_playing())

    def removed(self) -> list[tuple[int, int]]:
        return list(self._gaps)

    def skip_target(self, ms: int) -> int | None:
        """Where playback at ``ms`` should jump to (the end of the removed stretch it is in)."""
        i = bisect.bisect_right(self._gap_starts, ms + LEAD_MS) - 1
        if i >= 0 and ms < self._gaps[i][1]:
            return self._gaps[i][1]
        return None

    def cut_time(self, ms: int) -> int | None:
        """``ms`` on the cut's clock (None inside a removed stretch, or without a cut)."""
        return remap_ms(self.plan, ms) if self.plan is not None and self._gaps else None

    _stop_at: int | None = None

    def _on_playing(self, playing: bool) -> None:
        if playing and ((self.enabled and self._gaps) or self._stop_at is not None):
            self._timer.start()
        else:
            self._timer.stop()
            self._stop_at = None if not playing else self._stop_at

    def _check(self, ms: int) -> None:
        if self._stop_at is not None and self.player.is_playing() and ms >= self._stop_at:
            self._stop_at = None
            self.player.pause()
            return
        if not (self.enabled and self._gaps and self.player.is_playing()):
            return
        target = self.skip_target(int(ms))
        if target is not None:
            self.player.seek(target)
