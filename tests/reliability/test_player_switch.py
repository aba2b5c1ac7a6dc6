"""Switching files and closing the window while a video plays never hangs.

QtMultimedia's ``QMediaPlayer.stop()`` could deadlock with an audio output attached;
the player never calls it (desktop_app/ui/player.py). The player's own open/close
cycles are tests/ui/test_player.py (60 in CI, 500 in scripts/reliability_long.py);
this drives the same thing through the window, as a user does.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtMultimedia")

from tests.media import gen  # noqa: E402

SWITCHES = int(os.environ.get("CUTMARK_WINDOW_SWITCHES", "8"))


@pytest.fixture(scope="module")
def videos(tmp_path_factory) -> list[Path]:
    d = tmp_path_factory.mktemp("videos")
    return [
        Path(gen.make_video(d / f"take {i}.mp4", 3.0, audio=gen.tone(300 + 200 * i, 0.3))) for i in range(2)
    ]


@pytest.mark.gui
@pytest.mark.timeout(180)
def test_switching_files_while_playing_and_closing_never_hangs(qtbot, videos, tmp_path):
    from PySide6.QtCore import QSettings

    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.settings import Settings

    win = MainWindow(Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)), vad_only=True)
    qtbot.addWidget(win)
    win.show()
    for i in range(SWITCHES):
        video = videos[i % 2]
        with qtbot.waitSignal(win.analysis_finished, timeout=60_000):
            win.open_path(video)
        win.player.play()
        qtbot.wait(30)
        assert win.session.media == video
    win.close_media()  # while playing
    assert not win.player.has_media()
    win.open_path(videos[0])
    qtbot.waitUntil(lambda: win.jobs.job is None or not win.jobs.job.is_running(), timeout=60_000)
    win.player.play()
    qtbot.wait(30)
    assert win.close()  # the window closes while a video plays
