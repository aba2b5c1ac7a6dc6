"""A job whose parent (a dialog) is destroyed while its thread runs must not take the
app down ("QThread: Destroyed while thread is still running" aborts the process)."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent(
    """
    import gc, sys, time
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QDialog
    import shiboken6
    from desktop_app.core.progress import Progress
    from desktop_app.ui.jobs import Job

    app = QApplication([])

    def work(cancel):
        for i in range(15):  # 1.5 s, like importing torch to list the devices
            time.sleep(0.1)
            yield Progress("devices", i, 15)
        return "done"

    dialog = QDialog()
    job = Job("devices", work, dialog)
    job.start()
    time.sleep(0.2)
    shiboken6.delete(dialog)  # the dialog closes and is destroyed with its child job
    del job, dialog
    gc.collect()
    QTimer.singleShot(QUIT_MS, app.quit)
    app.exec()
    print("survived")  # and the interpreter exits now, maybe with the thread still running
    """
)


@pytest.mark.parametrize("quit_ms", [2500, 100])  # the job ends first / the app quits first
def test_a_running_job_outlives_its_destroyed_parent(quit_ms):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    script = SCRIPT.replace("QUIT_MS", str(quit_ms))
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=ROOT, timeout=60
    )
    assert done.returncode == 0 and "survived" in done.stdout, done.stderr[-2000:]
