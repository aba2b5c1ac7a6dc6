"""The main window: it wires the player, timeline, transcript, filters and jobs to the session.

The application's rules (open or reuse a project, analyse, where it is saved, autosave,
edits and undo) are in :mod:`desktop_app.session`; this class connects signals, owns the
menus, and turns typed errors into dialogs with a next step.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
)

from desktop_app.core.errors import CutmarkError
from desktop_app.edit.transcript_edits import segment_at
from desktop_app.project.store import PROJECT_SUFFIX
from desktop_app.session import AnalysisRequest, Session, summarize
from desktop_app.ui import theme
from desktop_app.ui.activity_strip import ActivityStrip
from desktop_app.ui.document import ProjectDocument
from desktop_app.ui.edit_actions import EditActions
from desktop_app.ui.empty_state import EmptyState
from desktop_app.ui.filters_panel import FiltersPanel
from desktop_app.ui.hints import ui_hint
from desktop_app.ui.i18n import t
from desktop_app.ui.job_status import JobStatus
from desktop_app.ui.menus import build_menus
from desktop_app.ui.model_manager import ModelManagerDialog, model_label, model_ready
from desktop_app.ui.player import Player
from desktop_app.ui.preview_cut import PreviewCut
from desktop_app.ui.project_files import ProjectFiles
from desktop_app.ui.project_view import ProjectView
from desktop_app.ui.review_panel import ReviewPanel
from desktop_app.ui.settings import Settings
from desktop_app.ui.timeline import TimelineWidget
from desktop_app.ui.transcript_pane import TranscriptPane
from desktop_app.ui.transcript_panel import TranscriptView
from desktop_app.ui.transport import TransportBar
from desktop_app.ui.window_layout import add_timeline_tools, build_layout, restore_layout

MEDIA_FILTER = (
    "Media (*.mp4 *.mov *.mkv *.webm *.avi *.m4v *.mts *.ts *.mp3 *.wav *.m4a *.flac *.aac *.ogg *.opus)"
)
AUTOSAVE_MS = 30_000


class MainWindow(QMainWindow):
    analysis_finished = Signal(bool)  # True when a project is shown (tests, screenshot mode)

    def __init__(self, settings: Settings | None = None, *, model: str | None = None, device: str | None = None,
                 vad_only: bool | None = None, session: Session | None = None) -> None:  # fmt: skip
        super().__init__()
        self.settings = settings or Settings()
        self._model_override, self._device_override, self._vad_override = model, device, vad_only
        self.session = session or Session()
        self._done_text: tuple[str, str] | None = None
        self.setWindowTitle("Cutmark")
        self.setAcceptDrops(True)
        self.resize(1400, 880)

        self.doc = ProjectDocument(self.session.document, self)
        self.player = Player(self)
        self.transport = TransportBar(self.player)
        self.timeline = TimelineWidget()
        self.transcript = TranscriptView(self.doc)
        self.filters = FiltersPanel()
        self.empty = EmptyState(self)
        self.preview = PreviewCut(self.player, self)
        self.activity = ActivityStrip()
        self.review = ReviewPanel(self.doc, self.filters.is_visible)
        self.edits = EditActions(self)
        self.document = TranscriptPane(self.doc, self.edits)

        build_layout(self)
        self.project_view = ProjectView(self)
        self.jobs = JobStatus(self.statusBar(), self)
        self.model_label = QLabel()
        self.statusBar().addPermanentWidget(self.model_label)
        self.files = ProjectFiles(self)
        self.menus = build_menus(self)
        add_timeline_tools(self)
        self._connect()
        self._autosave = QTimer(self)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.files.autosave)
        self._autosave.start()
        restore_layout(self)
        self._refresh_recent()
        self._update_model_label()
        self._on_history()

    def _connect(self) -> None:
        self.player.position_changed.connect(self._on_position)
        self.player.duration_changed.connect(lambda d: d > 0 and self.timeline.set_duration(d))
        self.player.error.connect(lambda text: self.jobs.say(t("Player: ") + text))
        self.timeline.seek_requested.connect(self.player.seek)
        self.timeline.segment_activated.connect(self._on_segment_activated)
        self.timeline.marker_activated.connect(lambda m: self.player.seek(m.start_ms))
        self.transcript.seek_requested.connect(self.player.seek)
        self.document.seek_requested.connect(self.player.seek)
        self.activity.seek_requested.connect(self.player.seek)
        self.review.play_requested.connect(self.preview.play_range)
        self.transport.cut_clock = self.preview.cut_time
        self.filters.filter_changed.connect(self.timeline.set_filter)
        self.filters.marker_activated.connect(lambda m: self.player.seek(m.start_ms))
        self.doc.changed.connect(self._on_doc_changed)
        self.doc.changed.connect(self._on_history)
        self.doc.dirty_changed.connect(lambda _d: self._update_title())
        self.doc.path_changed.connect(lambda _p: self._update_title())
        self.jobs.failed.connect(self._on_job_failed)
        self.jobs.cancelled.connect(self._on_job_cancelled)
        self.jobs.finished.connect(self._on_job_finished)
        self.empty.open_requested.connect(self.open_dialog)
        self.empty.recent_requested.connect(lambda f: self.open_path(Path(f)))

    # --- files --------------------------------------------------------------------------
    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, t("Open a video or a Cutmark project"), self.settings.open_folder(),
            f"{MEDIA_FILTER};;Cutmark (*{PROJECT_SUFFIX})",
        )  # fmt: skip
        if path:
            self.open_path(Path(path))

    def open_path(self, path: Path, *, project: Path | None = None) -> None:
        """A video (its project is reused when there is one) or a project file."""
        if not self.files.maybe_save():
            return
        self.jobs.cancel(wait=True)
        try:
            opened = self.session.open(Path(path), project=project)
        except CutmarkError as exc:
            QMessageBox.warning(self, t("Cannot open"), f"{exc.message}\n\n{ui_hint(exc)}".strip())
            return
        self.settings.add_recent(str(path))
        self._refresh_recent()
        if opened.needs_analysis:
            self._start_media(opened.media)
            self.analyse(opened.media)
            return
        if opened.fallback:  # the newer project is the one the cache folder kept
            self.jobs.say(
                t("The video's folder is read-only; the project was saved in {0}").format(opened.project_path)
            )
        if opened.autosave is not None:
            self.files.offer_restore()
        if opened.media_missing:
            QMessageBox.information(
                self, t("Video not found"),
                t("The project's video {0} is not there any more. The transcript and markers are shown without it.").format(self.session.media),
            )  # fmt: skip
        else:
            self._start_media(opened.media)
        self.analysis_finished.emit(True)

    def _start_media(self, path: Path | None) -> None:
        if path is None:
            return
        project = self.doc.project
        fps = project.analysis.media.fps if project is not None and project.analysis.media.fps else None
        self.stage.setCurrentIndex(1)  # the video widget is on screen before the player renders to it
        self.player.open(str(path), fps)
        self._update_title()

    def close_media(self) -> None:
        if not self.files.maybe_save():
            return
        self.jobs.cancel(wait=True)
        self.player.close()
        self.session.close()
        self.stage.setCurrentIndex(0)
        self._update_title()

    # --- analysis -----------------------------------------------------------------------
    def _want_vad_only(self) -> bool:
        if self._vad_override is not None:
            return self._vad_override
        return self.settings.vad_only or not (self._model_override or model_ready(self.settings))

    def analyse(self, media: Path, audio_track: int = 0) -> None:
        first_time = (
            self._vad_override is None and not self.settings.model_choice_made and not self._model_override
        )
        if first_time and not model_ready(self.settings):
            ModelManagerDialog(self.settings, self, first_run=True).exec()
            self.settings.model_choice_made = True
            self._update_model_label()
        request = AnalysisRequest(
            media=media,
            audio_track=audio_track,
            vad_only=self._want_vad_only(),
            model=self._model_override or (self.settings.model_dir or None),
            device=self._device_override or self.settings.device,
        )
        self.timeline.set_segments([])
        self.timeline.set_markers([])
        self.project_view.forget()  # the lanes are empty now: a failed or cancelled run puts them back
        self.jobs.run(
            t("Analysing {0}").format(media.name),
            self.session.analysis_work(request),
            self._on_analysis_done,
            partial=self.timeline.update_segments,
        )

    def reanalyse(self) -> None:
        if self.session.media is None:
            return
        if self.doc.project is not None and not self.files.confirm_reanalysis():
            return
        media = self.session.prepare_reanalysis()
        tracks = self.transport.tracks  # the audio track chosen in the player is the one analysed
        self.analyse(media, max(0, tracks.currentIndex()) if tracks.isEnabled() else 0)

    def cancel_job(self, wait: bool = False) -> None:
        self.jobs.cancel(wait)

    def _on_analysis_done(self, project) -> None:
        saved = self.session.adopt_analysis(project)
        summary = summarize(project)
        notes = list(summary.warnings)
        if saved.fallback:
            notes.insert(
                0, t("The video's folder is read-only; the project was saved in {0}").format(saved.path)
            )
        elif saved.path is None:
            QMessageBox.warning(self, t("Could not save"), saved.error or "")
        if project.analysis.media.fps:
            self.player.fps = project.analysis.media.fps
        text = t("Analysed: {0} transcript segments, {1} sound events").format(summary.rows, summary.events)
        if notes:  # decoding trouble, a GPU that gave up, a variable frame rate: said, not hidden
            text += "  ⚠ " + notes[0] + (f" (+{len(notes) - 1})" if len(notes) > 1 else "")
        self._done_text = (text, "\n".join(notes))
        self.analysis_finished.emit(True)

    def _on_job_failed(self, message: str, hint: str) -> None:
        self._on_doc_changed()  # the timeline shows the project that is still open again
        self.analysis_finished.emit(False)
        if not self.property("quiet_failures"):
            QMessageBox.warning(self, t("Analysis failed"), f"{message}\n\n{hint}".strip())

    def _on_job_cancelled(self) -> None:
        self._on_doc_changed()
        self.analysis_finished.emit(False)

    def _on_job_finished(self) -> None:
        self._update_model_label()
        if self._done_text:
            self.jobs.say(*self._done_text)
            self._done_text = None

    # --- reacting ---------------------------------------------------------------------
    def _on_doc_changed(self) -> None:
        self.project_view.show(self.doc.project)

    def _on_history(self) -> None:
        for action, can, text, name in (
            (self.menus.undo, self.doc.document.history.can_undo, self.doc.undo_text(), t("&Undo")),
            (self.menus.redo, self.doc.document.history.can_redo, self.doc.redo_text(), t("&Redo")),
        ):
            action.setEnabled(can)
            action.setText(f"{name} {t(text)}" if text else name)

    def _on_position(self, ms: int) -> None:
        self.timeline.set_playhead(ms)
        if self.doc.project is not None:
            self.transcript.follow_segment(segment_at(self.doc.project.analysis.segments, ms))
            self.document.view.follow(ms)

    def _on_segment_activated(self, index: int) -> None:
        self.player.seek(self.doc.project.analysis.segments[index].start_ms)
        self.transcript.follow_segment(index)

    # --- dialogs -----------------------------------------------------------------------
    def model_manager(self) -> None:
        ModelManagerDialog(self.settings, self).exec()
        self.session.engines.invalidate()  # the next analysis loads what was chosen
        self._update_model_label()

    def export_dialog(self) -> None:
        if self.doc.project is None:
            QMessageBox.information(self, t("Nothing to export"), t("Open a video and analyse it first."))
            return
        from desktop_app.ui.export_dialog import ExportDialog

        media = self.session.media or Path(self.doc.project.analysis.media.path)
        ExportDialog(self.doc.project, media, self, settings=self.settings).exec()

    def batch_dialog(self) -> None:
        """Many files, one after another, into a results folder (modeless: the window stays usable)."""
        from desktop_app.ui.batch_dialog import BatchDialog

        if getattr(self, "_batch", None) is None:
            choice = lambda: (  # noqa: E731 - the model choice at the time Start is clicked
                self._want_vad_only(),
                self._model_override or (self.settings.model_dir or None),
                self._device_override or self.settings.device,
            )
            self._batch = BatchDialog(self.session.engines, self.settings, choice, MEDIA_FILTER, self)
            self._batch.open_requested.connect(lambda media, project: self.open_path(media, project=project))
        self._batch.show()
        self._batch.raise_()

    def set_language(self, code: str) -> None:
        self.settings.language = code
        QMessageBox.information(
            self, t("Language"), t("The new language is used the next time Cutmark starts.")
        )

    def set_theme(self, name: str) -> None:
        self.settings.theme = name
        theme.apply(name)

    # --- window ------------------------------------------------------------------------
    def _refresh_recent(self) -> None:
        menu, files = self.menus.recent, self.settings.recent_files()
        menu.clear()
        for f in files:
            menu.addAction(f).triggered.connect(lambda _c=False, f=f: self.open_path(Path(f)))
        if files:
            menu.addSeparator()
            menu.addAction(t("Clear list"), lambda: (self.settings.clear_recent(), self._refresh_recent()))
        menu.setEnabled(bool(files))
        self.empty.set_recent(files)

    def _update_model_label(self) -> None:
        if self._want_vad_only():
            text = t("Speech detection only")
        else:
            folder = self._model_override or self.settings.model_dir or None
            engine = self.session.engines.engine
            device = engine.device if engine is not None else (self._device_override or self.settings.device)
            text = f"{model_label(folder)} · {device}"
        self.model_label.setText(text)
        missing = not (self._model_override or model_ready(self.settings))
        self.empty.set_model_state(text, missing=missing)

    def _update_title(self) -> None:
        media, path = self.session.media, self.doc.path
        name = media.name if media else (path.name if path else "")
        dirty = "*" if self.doc.is_dirty() else ""
        self.setWindowTitle(f"{name}{dirty} — Cutmark" if name else "Cutmark")

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        files = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.open_path(files[0])

    def closeEvent(self, event) -> None:
        if not self.files.maybe_save():
            event.ignore()
            return
        self.jobs.cancel(wait=True)
        if getattr(self, "_batch", None) is not None:
            self._batch.close()  # a running queue stops between files; finished ones stay
        self.player.park()
        self.settings.q.setValue("window/geometry", self.saveGeometry())
        self.settings.q.setValue("window/state", self.saveState())
        self.settings.q.setValue("window/splitter", self.splitter.saveState())
        event.accept()
