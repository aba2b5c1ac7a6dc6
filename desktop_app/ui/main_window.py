"""The main window: it wires the player, timeline, transcript, filters and jobs together.

Rules live elsewhere (pipeline, edit, navigation); this class connects signals, owns
the menus, and turns typed errors into dialogs with a next step.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import CutmarkError
from desktop_app.core.timebase import format_clock
from desktop_app.edit.transcript_edits import segment_at
from desktop_app.pipeline import AnalysisOptions, EngineSource, analyze_cached
from desktop_app.project.cache import AnalysisCache, default_cache_dir
from desktop_app.project.store import PROJECT_SUFFIX, default_project_path
from desktop_app.ui import navigation
from desktop_app.ui.document import ProjectDocument
from desktop_app.ui.filters_panel import FiltersPanel
from desktop_app.ui.i18n import LANGUAGES, t
from desktop_app.ui.jobs import Job
from desktop_app.ui.model_manager import ModelManagerDialog, model_ready
from desktop_app.ui.player import Player
from desktop_app.ui.settings import Settings
from desktop_app.ui.timeline import TimelineWidget
from desktop_app.ui.transcript_panel import TranscriptView
from desktop_app.ui.transport import TransportBar

MEDIA_FILTER = (
    "Media (*.mp4 *.mov *.mkv *.webm *.avi *.m4v *.mts *.ts *.mp3 *.wav *.m4a *.flac *.aac *.ogg *.opus)"
)
AUTOSAVE_MS = 30_000
STAGE_NAMES = {
    "decode": "Reading audio",
    "vad": "Finding speech",
    "transcribe": "Transcribing",
    "cache": "From cache",
    "load": "Loading model",
}


class MainWindow(QMainWindow):
    analysis_finished = Signal(bool)  # True when a project is shown (tests, screenshot mode)

    def __init__(self, settings: Settings | None = None, *, model: str | None = None, device: str | None = None,
                 vad_only: bool | None = None) -> None:  # fmt: skip
        super().__init__()
        self.settings = settings or Settings()
        self._model_override, self._device_override, self._vad_override = model, device, vad_only
        self.engine = None
        self.job: Job | None = None
        self.media_path: Path | None = None
        self.setWindowTitle("Cutmark")
        self.setAcceptDrops(True)
        self.resize(1400, 880)

        self.doc = ProjectDocument(self)
        self.player = Player(self)
        self.transport = TransportBar(self.player)
        self.timeline = TimelineWidget()
        self.transcript = TranscriptView(self.doc)
        self.filters = FiltersPanel()

        video_area = QWidget()
        v = QVBoxLayout(video_area)
        v.setContentsMargins(0, 0, 0, 0)
        v.addWidget(self.player.video_widget, 1)
        v.addWidget(self.transport)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(video_area)
        self.splitter.addWidget(self.timeline)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.setCentralWidget(self.splitter)
        self.transcript_dock = self._dock(
            t("Transcript"), self.transcript, "transcript", Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.filters_dock = self._dock(
            t("Events"), self.filters, "events", Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.tabifyDockWidget(self.transcript_dock, self.filters_dock)
        self.transcript_dock.raise_()
        self.resizeDocks([self.transcript_dock], [520], Qt.Orientation.Horizontal)

        self._build_status_bar()
        self._build_menus()
        self._connect()
        self._autosave = QTimer(self)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self._do_autosave)
        self._autosave.start()
        self._restore_layout()
        self._update_model_label()

    # --- construction -------------------------------------------------------------------
    def _dock(self, title: str, widget: QWidget, name: str, area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.model_label = QLabel()
        self.job_label = QLabel(t("Ready"))
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setFixedWidth(220)
        self.progress.setVisible(False)
        self.cancel_button = QPushButton(t("Cancel"))
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel_job)
        bar.addWidget(self.job_label, 1)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.cancel_button)
        bar.addPermanentWidget(self.model_label)

    def _action(self, menu, text: str, slot, shortcut=None, *, checkable: bool = False) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setCheckable(checkable)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        f = bar.addMenu(t("&File"))
        self._action(f, t("&Open…"), self.open_dialog, QKeySequence.StandardKey.Open)
        self.recent_menu = f.addMenu(t("Open &Recent"))
        self._action(f, t("&Save project"), self.save, QKeySequence.StandardKey.Save)
        self._action(f, t("Save project &as…"), self.save_as, QKeySequence.StandardKey.SaveAs)
        f.addSeparator()
        self._action(f, t("&Export…"), self.export_dialog, "Ctrl+E")
        f.addSeparator()
        self._action(f, t("&Close"), self.close_media, QKeySequence.StandardKey.Close)
        self._action(f, t("&Quit"), self.close, QKeySequence.StandardKey.Quit)

        e = bar.addMenu(t("&Edit"))
        undo = self.doc.undo_stack.createUndoAction(self, t("&Undo"))
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.doc.undo_stack.createRedoAction(self, t("&Redo"))
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        e.addAction(undo)
        e.addAction(redo)
        e.addSeparator()
        self._action(e, t("Edit segment &text"), self.edit_current_text, "F2")
        self._action(e, t("&Split segment at playhead"), self.split_at_playhead, "Ctrl+B")
        self._action(e, t("&Merge with next segment"), self.merge_with_next, "Ctrl+M")
        e.addSeparator()
        self._action(e, t("Mark segment &keep"), lambda: self.mark_current("keep"), "Ctrl+K")
        self._action(e, t("Mark segment &cut"), lambda: self.mark_current("cut"), "Ctrl+Shift+X")
        self._action(e, t("C&lear mark"), lambda: self.mark_current(None), "Ctrl+Shift+K")

        p = bar.addMenu(t("&Playback"))
        self._action(p, t("Play / Pause"), self.player.toggle, "Space")
        self._action(p, t("Play (faster each press)"), self.play_forward, "L")
        self._action(p, t("Pause"), self.player.pause, "K")
        self._action(p, t("Back 5 seconds"), lambda: self.player.seek(self.player.position() - 5000), "J")
        self._action(p, t("Previous frame"), lambda: self.player.step_frames(-1), "Left")
        self._action(p, t("Next frame"), lambda: self.player.step_frames(1), "Right")
        p.addSeparator()
        self._action(p, t("&Next event"), lambda: self.jump_event(1), "N")
        self._action(p, t("&Previous event"), lambda: self.jump_event(-1), "P")
        self._action(p, t("Next segment"), lambda: self.jump_segment(1), "Down")
        self._action(p, t("Previous segment"), lambda: self.jump_segment(-1), "Up")

        view = bar.addMenu(t("&View"))
        self._action(view, t("Zoom in"), self.timeline.zoom_in, QKeySequence.StandardKey.ZoomIn)
        self._action(view, t("Zoom out"), self.timeline.zoom_out, QKeySequence.StandardKey.ZoomOut)
        self._action(view, t("Fit timeline"), self.timeline.fit_all, "Ctrl+0")
        follow = self._action(view, t("Follow playhead"), self.timeline.set_follow_playhead, checkable=True)
        follow.setChecked(True)
        view.addSeparator()
        view.addAction(self.transcript_dock.toggleViewAction())
        view.addAction(self.filters_dock.toggleViewAction())
        lang = view.addMenu(t("Language"))
        group = QActionGroup(self)
        for code, name in (("system", t("System")), *LANGUAGES.items()):
            a = self._action(lang, name, lambda _c=False, code=code: self.set_language(code), checkable=True)
            a.setChecked(self.settings.language == code)
            group.addAction(a)

        a = bar.addMenu(t("&Analysis"))
        self.analyse_action = self._action(a, t("&Analyse again"), self.reanalyse, "Ctrl+R")
        self._action(a, t("&Cancel analysis"), self.cancel_job, "Esc")
        a.addSeparator()
        self._action(a, t("Speech &model…"), self.model_manager)

        h = bar.addMenu(t("&Help"))
        self._action(h, t("&Keyboard shortcuts"), self.show_shortcuts, QKeySequence.StandardKey.HelpContents)
        self._action(h, t("&About Cutmark"), self.about)
        self._refresh_recent()

    def _connect(self) -> None:
        self.player.position_changed.connect(self._on_position)
        self.player.duration_changed.connect(lambda d: d > 0 and self.timeline.set_duration(d))
        self.player.error.connect(lambda text: self.job_label.setText(t("Player: ") + text))
        self.timeline.seek_requested.connect(self.player.seek)
        self.timeline.segment_activated.connect(self._on_segment_activated)
        self.timeline.marker_activated.connect(lambda m: self.player.seek(m.start_ms))
        self.transcript.seek_requested.connect(self.player.seek)
        self.filters.filter_changed.connect(self.timeline.set_filter)
        self.filters.marker_activated.connect(lambda m: self.player.seek(m.start_ms))
        self.doc.changed.connect(self._on_doc_changed)
        self.doc.dirty_changed.connect(lambda _d: self._update_title())
        self.doc.path_changed.connect(lambda _p: self._update_title())

    # --- files --------------------------------------------------------------------------
    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, t("Open a video or a Cutmark project"), "", f"{MEDIA_FILTER};;Cutmark (*{PROJECT_SUFFIX})"
        )
        if path:
            self.open_path(Path(path))

    def open_path(self, path: Path, *, project: Path | None = None) -> None:
        """A video (its project beside it is reused when there is one) or a project file."""
        path = Path(path)
        if not self.maybe_save():
            return
        if not path.exists():
            QMessageBox.warning(self, t("Cannot open"), t("{0} does not exist.").format(path))
            return
        self.settings.add_recent(str(path))
        self._refresh_recent()
        if path.name.endswith(PROJECT_SUFFIX):
            return self._open_project(path)
        existing = project or default_project_path(path)
        if existing.exists():
            return self._open_project(existing, media=path)
        self.doc.load(None, None)  # the old project goes; the new one arrives with the analysis
        self._start_media(path)
        self._pending_project_path = existing
        self.analyse(path)

    def _open_project(self, project_path: Path, media: Path | None = None) -> None:
        try:
            self._restore_or_open(project_path)
        except CutmarkError as exc:
            QMessageBox.warning(self, t("Cannot open the project"), f"{exc.message}\n\n{exc.hint}")
            return
        media = media or Path(self.doc.project.analysis.media.path)
        if not media.exists():
            QMessageBox.information(
                self, t("Video not found"),
                t("The project's video {0} is not there any more. The transcript and markers are shown without it.").format(media),
            )  # fmt: skip
        else:
            self._start_media(media)
        self.analysis_finished.emit(True)

    def _restore_or_open(self, project_path: Path) -> None:
        self.doc.open(project_path)
        autosave = self.doc.autosave_path(project_path)
        if autosave.exists() and autosave.stat().st_mtime > project_path.stat().st_mtime:
            answer = QMessageBox.question(
                self, t("Restore unsaved changes?"),
                t("Cutmark found changes to this project that were not saved (it may have closed unexpectedly). Restore them?"),
            )  # fmt: skip
            if answer == QMessageBox.StandardButton.Yes:
                from desktop_app.project.store import load_project

                try:
                    restored = load_project(autosave)
                except CutmarkError as exc:  # a damaged autosave must not keep the project itself closed
                    QMessageBox.warning(self, t("Restore unsaved changes"), exc.message)
                    return
                self.doc.apply(t("Restore unsaved changes"), lambda _p: restored)
            else:
                autosave.unlink(missing_ok=True)

    def _start_media(self, path: Path) -> None:
        self.media_path = path
        fps = None
        if self.doc.project is not None and self.doc.project.analysis.media.fps:
            fps = self.doc.project.analysis.media.fps
        self.player.open(str(path), fps)
        self._update_title()

    def close_media(self) -> None:
        if not self.maybe_save():
            return
        self.cancel_job(wait=True)
        self.player.close()
        self.doc.load(None, None)
        self.media_path = None
        self._update_title()

    def save(self) -> bool:
        if self.doc.project is None:
            return True
        if self.doc.path is None:
            return self.save_as()
        try:
            self.doc.save()
        except CutmarkError as exc:
            QMessageBox.warning(self, t("Could not save"), f"{exc.message}\n\n{exc.hint}")
            return False
        self.job_label.setText(t("Saved {0}").format(self.doc.path))
        return True

    def save_as(self) -> bool:
        if self.doc.project is None:
            return True
        start = str(self.doc.path or "")
        path, _ = QFileDialog.getSaveFileName(
            self, t("Save project as"), start, f"Cutmark (*{PROJECT_SUFFIX})"
        )
        if not path:
            return False
        if not path.endswith(PROJECT_SUFFIX):
            path += PROJECT_SUFFIX
        try:
            self.doc.save(Path(path))
        except CutmarkError as exc:
            QMessageBox.warning(self, t("Could not save"), f"{exc.message}\n\n{exc.hint}")
            return False
        return True

    def maybe_save(self) -> bool:
        """Ask before unsaved edits would be lost. False means: stay."""
        if self.doc.project is None or not self.doc.is_dirty():
            return True
        answer = QMessageBox.question(
            self, t("Unsaved changes"), t("Save the changes to this project first?"),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        )  # fmt: skip
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            if self.doc.path is not None:
                self.doc.autosave_path().unlink(missing_ok=True)
            return True
        return False

    def _do_autosave(self) -> None:
        try:
            self.doc.autosave()
        except CutmarkError as exc:
            self.job_label.setText(t("Autosave failed: ") + exc.message)

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
            ModelManagerDialog(self.settings, self).exec()
            self.settings.model_choice_made = True
            self._update_model_label()
        vad_only = self._want_vad_only()
        model_spec = self._model_override or (self.settings.model_dir or None)
        device = self._device_override or self.settings.device
        options = AnalysisOptions(vad_only=vad_only, audio_track=audio_track)
        cache = AnalysisCache(default_cache_dir())

        def work(cancel):
            # The model loads (off the main thread; the "load" stage) only once the file opened
            # and missed the cache: a file that is no media fails at once, a hit loads nothing.
            source = None if vad_only else EngineSource(model_spec, device, engine=self.engine)
            try:
                return (yield from analyze_cached(media, options, source, cancel, cache))
            finally:
                if source is not None and source.loaded is not None:
                    self.engine = source.loaded  # kept for the next analysis

        self.timeline.set_segments([])
        self.timeline.set_markers([])
        self._run_job(t("Analysing {0}").format(media.name), work, self._on_analysis_done)

    def reanalyse(self) -> None:
        if self.media_path is None:
            return
        if self.doc.project is not None:
            answer = QMessageBox.question(
                self, t("Analyse again?"),
                t("This replaces the transcript and markers, including your edits, when you save. Continue?"),
            )  # fmt: skip
            if answer != QMessageBox.StandardButton.Yes:
                return
        self._pending_project_path = self.doc.path or default_project_path(self.media_path)
        tracks = self.transport.tracks  # the audio track chosen in the player is the one analysed
        self.analyse(self.media_path, max(0, tracks.currentIndex()) if tracks.isEnabled() else 0)

    def _run_job(self, label: str, work, on_success) -> None:
        self.cancel_job(wait=True)
        job = Job(label, work, self)
        job.progress.connect(self._on_job_progress)
        job.notice.connect(lambda text: self.statusBar().showMessage("⚠ " + text, 60_000))
        job.partial.connect(self.timeline.update_segments)
        job.succeeded.connect(on_success)
        job.failed.connect(self._on_job_failed)
        job.cancelled.connect(self._on_job_cancelled)
        job.finished.connect(self._on_job_finished)
        self.job = job
        self.job_label.setText(label)
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.cancel_button.setVisible(True)
        job.start()

    def cancel_job(self, wait: bool = False) -> None:
        if self.job is not None and self.job.is_running():
            self.job.cancel()
            self.job_label.setText(t("Cancelling…"))
            if wait:
                self.job.wait()

    def _on_job_progress(self, stage: str, overall: float, eta: float) -> None:
        text = t(STAGE_NAMES.get(stage, stage))
        if overall >= 0:
            self.progress.setValue(int(overall * 1000))
            text += f" {overall * 100:.0f}%"
        if eta >= 0:
            text += " — " + t("{0} left").format(format_clock(int(eta * 1000), hours=False)[:-4])
        self.job_label.setText(text)

    def _on_analysis_done(self, project) -> None:
        path = getattr(self, "_pending_project_path", None) or default_project_path(self.media_path)
        self.doc.load(project, path)
        notes = [str(w) for w in project.analysis.options.get("warnings") or []]
        try:
            self.doc.save(path)  # the analysis is work: keep it
        except CutmarkError:
            fallback = default_cache_dir() / "projects" / path.name
            try:
                fallback.parent.mkdir(parents=True, exist_ok=True)
                self.doc.save(fallback)
            except (CutmarkError, OSError) as exc:
                self.doc.undo_stack.resetClean()  # saved nowhere: closing asks first
                text = exc.message if isinstance(exc, CutmarkError) else str(exc)
                QMessageBox.warning(self, t("Could not save"), text)
            else:
                notes.insert(
                    0, t("The video's folder is read-only; the project was saved in {0}").format(fallback)
                )
        if self.media_path is not None and project.analysis.media.fps:
            self.player.fps = project.analysis.media.fps
        a = project.analysis
        speech = sum(1 for s in a.segments if s.text)
        events = sum(1 for m in a.markers if m.kind == "event")
        self._done_text = t("Analysed: {0} transcript segments, {1} sound events").format(speech, events)
        if notes:  # decoding trouble, a GPU that gave up, a variable frame rate: said, not hidden
            self._done_text += "  ⚠ " + notes[0] + (f" (+{len(notes) - 1})" if len(notes) > 1 else "")
        self.job_label.setToolTip("\n".join(notes))
        self.analysis_finished.emit(True)

    def _on_job_failed(self, message: str, hint: str) -> None:
        self._on_doc_changed()  # the timeline shows the project that is still open again
        self.job_label.setText(t("Failed: ") + message)
        QMessageBox.warning(self, t("Analysis failed"), f"{message}\n\n{hint}".strip())
        self.analysis_finished.emit(False)

    def _on_job_cancelled(self) -> None:
        self._on_doc_changed()  # the timeline shows the project that is still open again
        self.job_label.setText(t("Cancelled. Nothing was saved."))
        self.analysis_finished.emit(False)

    def _on_job_finished(self) -> None:
        self.progress.setVisible(False)
        self.cancel_button.setVisible(False)
        self._update_model_label()
        if getattr(self, "_done_text", None):
            self.job_label.setText(self._done_text)
            self._done_text = None

    # --- reacting ---------------------------------------------------------------------
    def _on_doc_changed(self) -> None:
        p = self.doc.project
        if p is None:
            self.timeline.set_segments([])
            self.timeline.set_markers([])
            self.filters.set_markers([])
            return
        a = p.analysis
        self.timeline.set_duration(a.media.duration_ms)
        self.timeline.set_waveform(p.waveform, p.peaks_per_second or 50)
        self.timeline.set_segments(a.segments)
        self.timeline.set_markers(a.markers)
        self.timeline.set_cut_ranges(self._cut_ranges())
        self.filters.set_markers(a.markers)
        self.timeline.set_filter(self.filters.events_shown(), self.filters.emotions_shown())

    def _cut_ranges(self) -> list[tuple[int, int, bool]]:
        return [(m["start_ms"], m["end_ms"], m["action"] == "keep") for m in self.doc.cut_marks()]

    def _on_position(self, ms: int) -> None:
        self.timeline.set_playhead(ms)
        if self.doc.project is not None:
            self.transcript.follow_segment(segment_at(self.doc.project.analysis.segments, ms))

    def _on_segment_activated(self, index: int) -> None:
        seg = self.doc.project.analysis.segments[index]
        self.player.seek(seg.start_ms)
        self.transcript.follow_segment(index)

    # --- navigation and edits -----------------------------------------------------------------
    def jump_event(self, direction: int) -> None:
        if self.doc.project is None:
            return
        markers = self.doc.project.analysis.markers
        pos = self.player.position()
        find = navigation.next_marker if direction > 0 else navigation.previous_marker
        m = find(markers, pos, self.filters.is_visible)
        if m is not None:
            self.player.seek(m.start_ms)
            self.timeline.set_playhead(m.start_ms)
            self.job_label.setText(f"{format_clock(m.start_ms)[:-4]}  {m.label}")

    def jump_segment(self, direction: int) -> None:
        if self.doc.project is None:
            return
        segs = self.doc.project.analysis.segments
        find = navigation.next_segment if direction > 0 else navigation.previous_segment
        s = find(segs, self.player.position(), lambda s: bool(s.text) or s.kind == "speech")
        if s is not None:
            self.player.seek(s.start_ms)

    def play_forward(self) -> None:
        if self.player.is_playing():
            self.transport.speed_step(1)
        else:
            self.player.play()

    def _current_index(self) -> int | None:
        if self.doc.project is None:
            return None
        selected = self.transcript.current_segment()
        if selected is not None:
            return selected
        return segment_at(self.doc.project.analysis.segments, self.player.position())

    def _guarded(self, fn) -> None:
        try:
            fn()
        except CutmarkError as exc:
            self.job_label.setText(exc.message)

    def edit_current_text(self) -> None:
        i = self._current_index()
        row = self.transcript.model_.row_of_segment(i) if i is not None else None
        if row is not None:
            self.transcript.edit(self.transcript.model_.index(row, 1))

    def split_at_playhead(self) -> None:
        pos = self.player.position()
        i = segment_at(self.doc.project.analysis.segments, pos) if self.doc.project else None
        if i is not None:
            self._guarded(lambda: self.doc.split(i, pos))

    def merge_with_next(self) -> None:
        i = self._current_index()
        if i is not None:
            self._guarded(lambda: self.doc.merge_with_next(i))

    def mark_current(self, action: str | None) -> None:
        i = self._current_index()
        if i is not None:
            self.doc.set_mark(i, action)

    # --- dialogs -----------------------------------------------------------------------
    def model_manager(self) -> None:
        ModelManagerDialog(self.settings, self).exec()
        self.engine = None  # the next analysis loads what was chosen
        self._update_model_label()

    def export_dialog(self) -> None:
        if self.doc.project is None:
            QMessageBox.information(self, t("Nothing to export"), t("Open a video and analyse it first."))
            return
        from desktop_app.ui.export_dialog import ExportDialog

        ExportDialog(
            self.doc.project, self.media_path or Path(self.doc.project.analysis.media.path), self
        ).exec()

    def show_shortcuts(self) -> None:
        from desktop_app.ui.shortcuts import shortcuts_html

        box = QMessageBox(self)
        box.setWindowTitle(t("Keyboard shortcuts"))
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(shortcuts_html(self.menuBar()))
        box.exec()

    def about(self) -> None:
        from desktop_app import __version__

        QMessageBox.about(
            self, t("About Cutmark"),
            f"Cutmark {__version__}\n\n" + t("Transcripts, sound events and emotions from your videos, "
            "computed on this computer with SenseVoiceSmall.") + "\n\nGPL-3.0-or-later",
        )  # fmt: skip

    def set_language(self, code: str) -> None:
        self.settings.language = code
        QMessageBox.information(
            self, t("Language"), t("The new language is used the next time Cutmark starts.")
        )

    # --- window ------------------------------------------------------------------------
    def _refresh_recent(self) -> None:
        self.recent_menu.clear()
        files = self.settings.recent_files()
        for f in files:
            action = self.recent_menu.addAction(f)
            action.triggered.connect(lambda _c=False, f=f: self.open_path(Path(f)))
        if files:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction(
                t("Clear list"), lambda: (self.settings.clear_recent(), self._refresh_recent())
            )
        self.recent_menu.setEnabled(bool(files))

    def _update_model_label(self) -> None:
        if self._want_vad_only():
            self.model_label.setText(t("Speech detection only"))
        elif self.engine is not None:
            self.model_label.setText(f"SenseVoiceSmall · {self.engine.device}")
        else:
            self.model_label.setText(f"SenseVoiceSmall · {self._device_override or self.settings.device}")

    def _update_title(self) -> None:
        name = self.media_path.name if self.media_path else (self.doc.path.name if self.doc.path else "")
        dirty = "*" if self.doc.is_dirty() else ""
        self.setWindowTitle(f"{name}{dirty} — Cutmark" if name else "Cutmark")

    def _restore_layout(self) -> None:
        geometry = self.settings.q.value("window/geometry")
        state = self.settings.q.value("window/state")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        files = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.open_path(files[0])

    def closeEvent(self, event) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        self.cancel_job(wait=True)
        self.player.park()
        self.settings.q.setValue("window/geometry", self.saveGeometry())
        self.settings.q.setValue("window/state", self.saveState())
        event.accept()
