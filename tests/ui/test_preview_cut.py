"""Preview the cut: playback jumps over what the cut removes, turns on by itself once
something is cut (until the user chooses), and the cut's clock maps source times."""

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("PySide6")

from PySide6.QtCore import QObject, Signal  # noqa: E402

from desktop_app.edit.plan import CutPlan, KeepRange  # noqa: E402


class ScriptedPlayer(QObject):
    """Just the player's signals and position, driven by the test."""

    position_changed = Signal(int)
    playing_changed = Signal(bool)

    def __init__(self) -> None:
        super().__init__()
        self.pos, self.playing, self.seeks = 0, False, []

    def is_playing(self) -> bool:
        return self.playing

    def has_media(self) -> bool:
        return True

    def play(self) -> None:
        self.playing = True
        self.playing_changed.emit(True)

    def pause(self) -> None:
        self.playing = False
        self.playing_changed.emit(False)

    def position(self) -> int:
        return self.pos

    def seek(self, ms: int) -> None:
        self.seeks.append(ms)
        self.pos = ms

    def play_to(self, ms: int) -> None:
        self.pos = ms
        self.position_changed.emit(ms)


def _plan():
    return CutPlan((KeepRange(0, 2000), KeepRange(3000, 8000), KeepRange(8500, 10_000)), 10_000)


def test_playback_jumps_over_every_removed_stretch(qapp):
    from desktop_app.ui.preview_cut import PreviewCut

    player = ScriptedPlayer()
    preview = PreviewCut(player)
    toggled = []
    preview.toggled.connect(toggled.append)
    preview.set_plan(_plan())
    assert preview.enabled and toggled == [True]  # on by itself once something is cut
    player.playing = True
    player.playing_changed.emit(True)
    for ms in (500, 1980, 1995, 7000, 8100):  # 1995: within the lead of the removed stretch
        player.play_to(ms)
    assert player.seeks == [3000, 8500]  # out of [2000, 3000) and [8000, 8500)
    assert preview.removed() == [(2000, 3000), (8000, 8500)]
    assert preview.cut_time(3500) == 2500 and preview.cut_time(2500) is None


def test_the_users_choice_stands_and_paused_playback_is_left_alone(qapp):
    from desktop_app.ui.preview_cut import PreviewCut

    player = ScriptedPlayer()
    preview = PreviewCut(player)
    preview.set_enabled(False)  # the user turned it off
    preview.set_plan(_plan())
    assert not preview.enabled
    player.playing = True
    player.play_to(2100)
    assert player.seeks == []
    preview.set_enabled(True)
    player.playing = False
    player.play_to(2200)  # paused: a seek by the user into a removed stretch stays there
    assert player.seeks == []


def test_a_marker_under_review_plays_with_its_context_and_stops(qapp):
    from desktop_app.ui.preview_cut import PreviewCut

    player = ScriptedPlayer()
    preview = PreviewCut(player)
    preview.play_range(9_000, 14_000)
    assert player.seeks == [9_000] and player.playing
    player.play_to(13_000)
    assert player.playing
    player.play_to(14_010)
    assert not player.playing  # paused at the end of the context
