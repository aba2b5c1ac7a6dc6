"""First start and later: what the speech model is, where it goes, and how to get it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from desktop_app.core.errors import CutmarkError
from desktop_app.transcribe import models
from desktop_app.ui.hints import ui_hint
from desktop_app.ui.i18n import t
from desktop_app.ui.jobs import Job
from desktop_app.ui.settings import Settings


def model_ready(settings: Settings) -> bool:
    folder = Path(settings.model_dir) if settings.model_dir else models.default_model_dir()
    return folder.is_dir() and not models.missing_files(folder)


def model_label(folder: str | None) -> str:
    """The model's own name for the status bar: its folder's name (the default folder is
    SenseVoiceSmall's), or the id given."""
    if not folder:
        return models.default_model_dir().name
    return Path(folder).name or str(folder)


class ModelManagerDialog(QDialog):
    def __init__(self, settings: Settings, parent=None, *, first_run: bool = False) -> None:
        super().__init__(parent)
        self.settings = settings
        self.first_run = first_run  # then a model chosen or installed starts the analysis at once
        self.job: Job | None = None
        self.setWindowTitle(t("Speech model"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        intro = QLabel(
            t(
                "Cutmark transcribes speech and finds laughter, applause, music and emotions with "
                "SenseVoiceSmall, a model of about 936 MB that runs on this computer. Download it once, "
                "choose a folder where you already have it, or work with speech detection only."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.status = QLabel()
        self.status.setWordWrap(True)
        form.addRow(t("Status:"), self.status)
        self.hub = QComboBox()
        self.hub.addItem("ModelScope (iic/SenseVoiceSmall)", "modelscope")
        self.hub.addItem("Hugging Face (FunAudioLLM/SenseVoiceSmall)", "huggingface")
        form.addRow(t("Download from:"), self.hub)
        self.device = QComboBox()
        self.device.addItem(t("Automatic (GPU when available)"), "auto")
        self.device.addItem(t("GPU (CUDA)"), "cuda")
        self.device.addItem(t("CPU"), "cpu")
        idx = self.device.findData(settings.device)
        self.device.setCurrentIndex(max(0, idx))
        form.addRow(t("Device:"), self.device)
        self.detected = QLabel(t("Detecting devices…"))
        form.addRow("", self.detected)
        layout.addLayout(form)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        layout.addWidget(self.progress)
        row = QHBoxLayout()
        self.download_btn = QPushButton(t("Download"))
        self.download_btn.clicked.connect(self.start_download)
        self.cancel_btn = QPushButton(t("Cancel download"))
        self.cancel_btn.clicked.connect(self.cancel_download)
        self.cancel_btn.setVisible(False)
        choose = QPushButton(t("Choose folder…"))
        choose.clicked.connect(self.choose_folder)
        vad = QPushButton(t("Speech detection only"))
        vad.clicked.connect(self.use_vad_only)
        for b in (self.download_btn, self.cancel_btn, choose, vad):
            row.addWidget(b)
        layout.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_btn = buttons.button(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.refresh()
        self._detect_devices()

    def _detect_devices(self) -> None:
        def work(cancel):
            from desktop_app.transcribe.devices import available_devices

            return [d.description for d in available_devices()]
            yield  # a generator: Job drives it

        self._dev_job = Job("devices", work, self)
        self._dev_job.succeeded.connect(
            lambda names: self.detected.setText(t("Detected: ") + "; ".join(names))
        )
        self._dev_job.failed.connect(lambda msg, hint: self.detected.setText(msg))
        self._dev_job.start()

    def folder(self) -> Path:
        return Path(self.settings.model_dir) if self.settings.model_dir else models.default_model_dir()

    def refresh(self) -> None:
        folder = self.folder()
        if model_ready(self.settings):
            self.status.setText(t("Installed in {0}").format(folder))
        else:
            self.status.setText(
                t("Not downloaded yet. It will be stored in {0}").format(models.default_model_dir())
            )
        if self.settings.vad_only:
            self.status.setText(self.status.text() + "\n" + t("Currently: speech detection only."))
        ready = model_ready(self.settings)  # Enter does what the state calls for
        self.download_btn.setDefault(not ready)
        self.close_btn.setDefault(ready)

    def accept(self) -> None:
        self.settings.device = self.device.currentData()
        super().accept()

    def reject(self) -> None:
        self.settings.device = self.device.currentData()
        if self.job is not None and self.job.is_running():
            self.cancel_download()
            self.job.wait(10_000)
        super().reject()

    def start_download(self) -> None:
        hub = self.hub.currentData()

        def work(cancel):
            return (yield from models.download_model(hub, cancel=cancel))

        self.job = Job("download", work, self)
        self.job.progress.connect(self._on_progress)
        self.job.succeeded.connect(self._on_done)
        self.job.failed.connect(self._on_failed)
        self.job.cancelled.connect(self._on_cancelled)
        self.progress.setVisible(True)
        self.progress.setRange(0, 1000)
        self.download_btn.setVisible(False)
        self.cancel_btn.setVisible(True)
        self.status.setText(t("Downloading… an interrupted download resumes where it stopped."))
        self.job.start()

    def cancel_download(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _on_progress(self, _stage: str, overall: float, _eta: float) -> None:
        self.progress.setValue(int(max(0.0, overall) * 1000))

    def _end(self) -> None:
        self.progress.setVisible(False)
        self.download_btn.setVisible(True)
        self.cancel_btn.setVisible(False)

    def _on_done(self, folder) -> None:
        self._end()
        self.settings.model_dir = ""
        self.settings.vad_only = False
        self.settings.model_choice_made = True
        self.refresh()
        if self.first_run:
            self.accept()

    def _on_failed(self, message: str, hint: str) -> None:
        self._end()
        self.refresh()
        QMessageBox.warning(self, t("Download failed"), f"{message}\n\n{hint}")

    def _on_cancelled(self) -> None:
        self._end()
        self.status.setText(t("Download paused. Press Download to resume."))

    def choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, t("Choose the SenseVoiceSmall folder"))
        if not path:
            return
        try:
            models.check_model_dir(Path(path))
        except CutmarkError as exc:
            QMessageBox.warning(self, t("Not a model folder"), f"{exc.message}\n\n{ui_hint(exc)}")
            return
        self.settings.model_dir = path
        self.settings.vad_only = False
        self.settings.model_choice_made = True
        self.refresh()
        if self.first_run:
            self.accept()

    def use_vad_only(self) -> None:
        self.settings.vad_only = True
        self.settings.model_choice_made = True
        self.accept()
