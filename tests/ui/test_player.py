"""Closing and switching files never hangs (QtMultimedia's stop() deadlock is designed out)."""

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("PySide6.QtMultimedia")

from desktop_app.ui.player import Player  # noqa: E402
from tests.media.gen import make_video, tone  # noqa: E402

CYCLES = int(os.environ.get("CUTMARK_PLAYER_CYCLES", "60"))  # the reliability script runs 500


@pytest.fixture(scope="module")
def clips(tmp_path_factory):
    d = tmp_path_factory.mktemp("clips")
    return [make_video(d / f"c{i}.mp4", 2.0, audio=tone(300 + 100 * i, 0.3)) for i in range(2)]


@pytest.mark.timeout(180)
def test_open_play_close_cycles_do_not_hang(qtbot, clips):
    player = Player()
    qtbot.addWidget(player.video_widget)
    for i in range(CYCLES):
        player.open(clips[i % 2])
        if i % 3 == 0:
            player.play()
            qtbot.wait(5)
        player.close()
    assert not player.has_media()


@pytest.mark.timeout(60)
def test_seek_step_and_speed(qtbot, clips):
    player = Player()
    qtbot.addWidget(player.video_widget)
    with qtbot.waitSignal(player.duration_changed, timeout=10_000):
        player.open(clips[0])
    player.seek(1000)
    qtbot.waitUntil(lambda: abs(player.position() - 1000) < 50, timeout=5000)
    player.step_frames(5)  # 25 fps: 200 ms
    qtbot.waitUntil(lambda: abs(player.position() - 1200) < 50, timeout=5000)
    player.set_speed(1.5)
    assert player.speed() == 1.5
    player.close()


@pytest.mark.timeout(180)
def test_windows_that_open_a_video_close_without_hanging(qtbot, clips, tmp_path, monkeypatch):
    """The path that deadlocked: a window playing a file is closed (teardown of the renderer)."""
    from PySide6.QtCore import QSettings

    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.settings import Settings

    monkeypatch.setenv("CUTMARK_CACHE_DIR", str(tmp_path / "cache"))
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    for i in range(int(os.environ.get("CUTMARK_WINDOW_CYCLES", "8"))):
        win = MainWindow(settings, vad_only=True)
        win.show()
        win.player.open(clips[i % 2])
        win.player.play()
        qtbot.wait(30)
        win.close()
        win.deleteLater()
        qtbot.wait(10)


def test_player_objects_are_created_by_cpp_so_the_audio_thread_never_needs_the_gil(qtbot):
    import shiboken6

    player = Player()
    qtbot.addWidget(player.video_widget)
    assert not shiboken6.createdByPython(player._player)
    assert not shiboken6.createdByPython(player._audio)
    assert player._player.audioOutput() is not None
