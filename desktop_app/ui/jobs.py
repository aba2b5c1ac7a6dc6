"""Background work: the pipeline's generator runs on a worker thread, results arrive
on the main thread through queued signals (Anki's "operation, then success or
failure"). The worker never touches widgets."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QObject, QThread, Signal

from desktop_app.core.errors import Cancelled, CutmarkError
from desktop_app.core.progress import CancelToken, Notice, Progress, SegmentsReady, drive
from desktop_app.ui.hints import ui_hint
from desktop_app.ui.i18n import t

PROGRESS_INTERVAL_S = 0.1  # at most ten progress signals a second


class _Worker(QThread):
    def __init__(self, job: Job) -> None:
        super().__init__()
        self.job = job

    def run(self) -> None:
        self.job._run()


class Job(QObject):
    """Runs ``work(cancel)``, a function returning a generator of Progress /
    SegmentsReady items whose return value is the result."""

    progress = Signal(str, float, float)  # stage, overall 0..1 (-1 unknown), seconds left (-1 unknown)
    partial = Signal(object)  # tuple[Segment, ...]
    notice = Signal(str)  # something the user should know now; the job goes on
    item = Signal(object)  # anything else the work yields (a batch's per-file results)
    succeeded = Signal(object)
    failed = Signal(str, str)  # message, hint
    cancelled = Signal()
    finished = Signal()  # after any of the three above

    def __init__(self, name: str, work, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._work = work
        self.cancel_token = CancelToken()
        self._thread = _Worker(self)
        self._thread.finished.connect(self.finished)
        self._done = threading.Event()

    def start(self) -> None:
        self._started = time.monotonic()
        self._thread.start()

    def cancel(self) -> None:
        self.cancel_token.cancel()

    def is_running(self) -> bool:
        return self._thread.isRunning()

    def wait(self, ms: int = 30_000) -> bool:
        return self._thread.wait(ms)

    def _run(self) -> None:  # worker thread: emit only, never touch widgets
        last = 0.0

        def emit(item) -> None:
            nonlocal last
            if isinstance(item, SegmentsReady):
                self.partial.emit(item.segments)
            elif isinstance(item, Notice):
                self.notice.emit(item.message)
            elif isinstance(item, Progress):
                now = time.monotonic()
                if now - last >= PROGRESS_INTERVAL_S or item.overall == 1.0:
                    last = now
                    overall = item.overall if item.overall is not None else (item.fraction or -1.0)
                    self.progress.emit(item.stage, overall, self._eta(overall, now))
            else:
                self.item.emit(item)

        try:
            result = drive(self._work(self.cancel_token), emit)
            self.succeeded.emit(result)
        except Cancelled:
            self.cancelled.emit()
        except CutmarkError as exc:
            self.failed.emit(exc.message, ui_hint(exc))  # what to click, not what to type
        except Exception as exc:  # noqa: BLE001 - a job must always end in a signal
            self.failed.emit(
                f"{type(exc).__name__}: {exc}", t("This is a bug; please report it with the file if you can.")
            )

    def _eta(self, overall: float, now: float) -> float:
        elapsed = now - self._started
        if overall <= 0.02 or elapsed < 1.0:
            return -1.0
        return elapsed * (1.0 - overall) / overall
