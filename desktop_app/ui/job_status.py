"""The status bar's job area: what runs, how far it is, the time left, and Cancel.

Runs one :class:`~desktop_app.ui.jobs.Job` at a time; the window hands it the work and
what to do on success, and hears about failure, cancel and the end by signals.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QStatusBar

from desktop_app.core.timebase import format_clock
from desktop_app.ui.i18n import t
from desktop_app.ui.jobs import Job

STAGE_NAMES = {
    "decode": "Reading audio",
    "vad": "Finding speech",
    "transcribe": "Transcribing",
    "refine": "Placing sounds",
    "cache": "From cache",
    "load": "Loading model",
}


class JobStatus(QObject):
    failed = Signal(str, str)  # message, hint
    cancelled = Signal()
    finished = Signal()
    running = Signal(bool)  # a job started (True) or ended (False): Cancel analysis follows it

    def __init__(self, bar: QStatusBar, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bar = bar
        self.job: Job | None = None
        self.label = QLabel(t("Ready"))
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setFixedWidth(220)
        self.progress.setVisible(False)
        self.cancel_button = QPushButton(t("Cancel"))
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(lambda: self.cancel())
        bar.addWidget(self.label, 1)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.cancel_button)

    def say(self, text: str, tooltip: str = "") -> None:
        self.label.setText(text)
        self.label.setToolTip(tooltip)

    def run(self, label: str, work, on_success, partial=None) -> Job:
        self.cancel(wait=True)
        job = Job(label, work, self.parent())
        job.progress.connect(self._on_progress)
        job.notice.connect(lambda text: self.bar.showMessage("⚠ " + text, 60_000))
        if partial is not None:
            job.partial.connect(partial)
        job.succeeded.connect(on_success)
        job.failed.connect(self._on_failed)
        job.cancelled.connect(self._on_cancelled)
        job.finished.connect(lambda: self._on_finished(job))
        self.job = job
        self.say(label)
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.cancel_button.setVisible(True)
        job.start()
        self.running.emit(True)
        return job

    def is_running(self) -> bool:
        return self.job is not None and self.job.is_running()

    def cancel(self, wait: bool = False) -> None:
        if self.is_running():
            self.job.cancel()
            self.say(t("Cancelling…"))
            if wait:
                self.job.wait()

    def _on_progress(self, stage: str, overall: float, eta: float) -> None:
        text = t(STAGE_NAMES.get(stage, stage))
        if overall >= 0:
            self.progress.setValue(int(overall * 1000))
            text += f" {overall * 100:.0f}%"
        if eta >= 0:
            text += " — " + t("{0} left").format(format_clock(int(eta * 1000), hours=False)[:-4])
        self.say(text)

    def _on_failed(self, message: str, hint: str) -> None:
        self.say(t("Failed: ") + message)
        self.failed.emit(message, hint)

    def _on_cancelled(self) -> None:
        self.say(t("Cancelled. Nothing was saved."))
        self.cancelled.emit()

    def _on_finished(self, job: Job) -> None:
        if job is self.job:  # not a cancelled one whose end arrives after the next one started
            self.progress.setVisible(False)
            self.cancel_button.setVisible(False)
            self.running.emit(False)
        self.finished.emit()
