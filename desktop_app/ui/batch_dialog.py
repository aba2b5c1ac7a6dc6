"""File > Analyse many files: a queue of videos analysed one after another into a results
folder, as ``cutmark batch`` does (Buzz and Subtitle Edit have such a queue). Files and
folders are added with the buttons or dropped on the dialog; each row says how its file
went; a finished one opens in the window with a double-click. A rerun skips what is done.
The work runs off the main thread (:mod:`desktop_app.session.batch`); Cancel stops it
between files and keeps what is finished."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from desktop_app.core.errors import CutmarkError
from desktop_app.session.batch import BatchRequest, batch_work, project_of
from desktop_app.ui.hints import CLI_WORDS, ui_hint
from desktop_app.ui.i18n import t
from desktop_app.ui.jobs import Job

FORMATS = ("srt", "vtt", "txt")  # subtitle and text files beside each project


def _format_label(name: str) -> str:
    return {"srt": t("Subtitles (.srt)"), "vtt": t("WebVTT"), "txt": t("Transcript (.txt)")}[name]


def _status_text(status: str) -> str:
    return {"done": "✓ " + t("Done"), "skipped": "✓ " + t("Done before"), "failed": "✗ " + t("Failed")}[
        status
    ]


def _hint(hint: str) -> str:
    """A failed file's hint in the dialog's words: the batch writes them for the command line."""
    if "--overwrite" in hint:
        return t(
            "Tick “Redo files analysed before with other settings” to replace it, or choose another folder."
        )
    return "" if CLI_WORDS.search(hint) else hint


class BatchDialog(QDialog):
    open_requested = Signal(object, object)  # media Path, project Path

    def __init__(
        self,
        engines,
        settings,
        choice: Callable[[], tuple[bool, str | None, str]],
        media_filter: str = "",
        parent=None,
    ) -> None:
        """``choice()`` gives the window's model choice now: (speech detection only, model,
        device); ``media_filter`` is the file dialog's filter for videos."""
        super().__init__(parent)
        self.media_filter = media_filter
        self.setWindowTitle(t("Analyse many files"))
        self.setAcceptDrops(True)
        self.resize(760, 480)
        self.engines, self.settings, self.choice = engines, settings, choice
        self.job: Job | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(t("Add videos or folders (or drop them here). Each is analysed in turn.")))
        self.inputs = QTreeWidget()
        self.inputs.setHeaderLabels([t("File"), t("Result"), t("Note")])
        self.inputs.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.inputs.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.inputs.itemDoubleClicked.connect(self._open_row)
        layout.addWidget(self.inputs, 1)
        row = QHBoxLayout()
        self.add_files_btn = QPushButton(t("Add files…"))
        self.add_folder_btn = QPushButton(t("Add a folder…"))
        self.remove_btn = QPushButton(t("Remove"))
        for b, slot in ((self.add_files_btn, self._add_files), (self.add_folder_btn, self._add_folder),
                        (self.remove_btn, self._remove)):  # fmt: skip
            b.clicked.connect(slot)
            row.addWidget(b)
        row.addStretch(1)
        layout.addLayout(row)
        out = QHBoxLayout()
        out.addWidget(QLabel(t("Results go to:")))
        self.out = QLineEdit(settings.batch_out)
        self.out.setPlaceholderText(t("Choose a folder"))
        browse = QPushButton(t("Choose…"))
        browse.clicked.connect(self._choose_out)
        out.addWidget(self.out, 1)
        out.addWidget(browse)
        layout.addLayout(out)
        formats = QHBoxLayout()
        formats.addWidget(QLabel(t("Also write:")))
        self.formats = {}
        chosen = set(settings.batch_formats)
        for name in FORMATS:
            box = QCheckBox(_format_label(name))
            box.setChecked(name in chosen)
            self.formats[name] = box
            formats.addWidget(box)
        self.redo = QCheckBox(t("Redo files analysed before with other settings"))
        formats.addStretch(1)
        formats.addWidget(self.redo)
        layout.addLayout(formats)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.start_btn = QPushButton(t("Start"))
        self.start_btn.setDefault(True)
        self.cancel_btn = QPushButton(t("Cancel"))
        self.close_btn = QPushButton(t("Close"))
        self.start_btn.clicked.connect(self.start)
        self.cancel_btn.clicked.connect(self.cancel)
        self.close_btn.clicked.connect(self.close)
        for b in (self.start_btn, self.cancel_btn, self.close_btn):
            buttons.addWidget(b)
        layout.addLayout(buttons)
        self._set_running(False)

    # --- the queue ----------------------------------------------------------------------
    def paths(self) -> list[str]:
        """What was added (files and folders); not the rows a run adds for files found in folders."""
        rows = (self.inputs.topLevelItem(i) for i in range(self.inputs.topLevelItemCount()))
        return [p for row in rows if (p := row.data(0, Qt.ItemDataRole.UserRole))]

    def add_paths(self, paths) -> None:
        have = set(self.paths())
        for p in paths:
            p = str(Path(p).resolve())
            if p in have:
                continue
            have.add(p)
            name = Path(p).name + ("/" if Path(p).is_dir() else "")
            row = QTreeWidgetItem([name, "", ""])
            row.setData(0, Qt.ItemDataRole.UserRole, p)
            row.setToolTip(0, p)
            self.inputs.addTopLevelItem(row)
        self._set_running(self._running)

    def _add_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, t("Add videos"), "", self.media_filter)
        self.add_paths(files)

    def _add_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, t("Add a folder"))
        if folder:
            self.add_paths([folder])

    def _remove(self) -> None:
        for row in self.inputs.selectedItems():
            self.inputs.takeTopLevelItem(self.inputs.indexOfTopLevelItem(row))
        self._set_running(False)

    def _choose_out(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, t("Results go to:"), self.out.text())
        if folder:
            self.out.setText(folder)

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        if not self.is_running():
            self.add_paths(u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile())

    # --- running ------------------------------------------------------------------------
    def is_running(self) -> bool:
        """From Start until the job's end has reached this dialog (its thread can stop a moment
        before its last results arrive here)."""
        return self._running

    def start(self) -> None:
        if self.is_running():
            return
        vad_only, model, device = self.choice()
        exports = tuple(name for name, box in self.formats.items() if box.isChecked())
        out = self.out.text().strip()
        request = BatchRequest(
            tuple(self.paths()),
            Path(out) if out else None,
            exports,
            self.redo.isChecked(),
            vad_only,
            model,
            device,
        )
        try:
            work = batch_work(request, self.engines)
        except CutmarkError as exc:
            self.status.setText(f"{exc.message} {ui_hint(exc)}".strip())
            return
        self.settings.batch_out, self.settings.batch_formats = str(request.out_dir), list(exports)
        for i in reversed(range(self.inputs.topLevelItemCount())):
            row = self.inputs.topLevelItem(i)
            if not row.data(0, Qt.ItemDataRole.UserRole):  # a file found last time, outside any folder
                self.inputs.takeTopLevelItem(i)
                continue
            row.takeChildren()  # the files found in a folder last time
            row.setText(1, "")
            row.setText(2, "")
            row.setData(1, Qt.ItemDataRole.UserRole, None)
        self.bar.setValue(0)
        self.status.setText(t("Starting…"))
        self.out_dir = request.out_dir
        self.job = Job("batch", work, self)
        self.job.progress.connect(self._on_progress)
        self.job.item.connect(self._on_item)
        self.job.succeeded.connect(self._on_done)
        self.job.failed.connect(lambda message, hint: self.status.setText(f"{message} {hint}".strip()))
        self.job.cancelled.connect(
            lambda: self.status.setText(t("Cancelled. Finished files are kept; Start again does the rest."))
        )
        self.job.finished.connect(lambda: self._set_running(False))
        self._set_running(True)
        self.job.start()

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _on_progress(self, _stage: str, overall: float, _left: float) -> None:
        if overall >= 0:
            self.bar.setValue(int(overall * 1000))

    def _on_item(self, item) -> None:
        status = getattr(item, "status", None)
        if status is None:
            return
        self.status.setText(t("Finished {0}").format(Path(item.source).name))
        row = self._row_for(item.source)
        row.setText(1, _status_text(status))
        note = f"{item.reason} {_hint(item.hint)}".strip() if status == "failed" else "; ".join(item.warnings)
        row.setText(2, note)
        row.setToolTip(2, note)
        project = project_of(item, self.out_dir)
        row.setData(1, Qt.ItemDataRole.UserRole, [item.source, str(project) if project else ""])
        self._count_in_folders()

    def _row_for(self, source: str) -> QTreeWidgetItem:
        """The file's own row: one that was added, or a new one under the folder it was found in."""
        path = Path(source).resolve()
        parent = None
        for i in range(self.inputs.topLevelItemCount()):
            row = self.inputs.topLevelItem(i)
            added = row.data(0, Qt.ItemDataRole.UserRole)
            if added == str(path):
                return row
            if (
                added
                and path.is_relative_to(added)
                and (parent is None or len(added) > len(parent.data(0, Qt.ItemDataRole.UserRole)))
            ):
                parent = row  # the innermost added folder holding the file
        row = QTreeWidgetItem(
            [str(path.relative_to(parent.data(0, Qt.ItemDataRole.UserRole))) if parent else path.name, "", ""]
        )
        row.setToolTip(0, source)
        if parent is None:
            self.inputs.addTopLevelItem(row)
        else:
            parent.addChild(row)
            parent.setExpanded(True)
        return row

    def _count_in_folders(self) -> None:
        """A folder's row sums up its files: how many are done and how many failed."""
        for i in range(self.inputs.topLevelItemCount()):
            row = self.inputs.topLevelItem(i)
            if not row.childCount():
                continue
            texts = [row.child(k).text(1) for k in range(row.childCount())]
            done = sum(1 for x in texts if x.startswith("✓"))
            failed = sum(1 for x in texts if x.startswith("✗"))
            row.setText(1, f"✓ {done}" + (f"  ✗ {failed}" if failed else ""))

    def _on_done(self, summary) -> None:
        self.bar.setValue(1000)
        text = t("{0} done, {1} done before, {2} failed.").format(
            summary.done, summary.skipped, summary.failed
        )
        if summary.done or summary.skipped:
            text += " " + t("Double-click a finished file to open it.")
        self.status.setText(text)

    def _open_row(self, row: QTreeWidgetItem, _col: int = 0) -> None:
        data = row.data(1, Qt.ItemDataRole.UserRole)
        if data and data[1] and Path(data[1]).is_file():
            self.open_requested.emit(Path(data[0]), Path(data[1]))

    def _set_running(self, running: bool) -> None:
        self._running = running
        for w in (
            self.add_files_btn,
            self.add_folder_btn,
            self.remove_btn,
            self.out,
            self.redo,
            *self.formats.values(),
        ):
            w.setEnabled(not running)
        self.start_btn.setEnabled(not running and self.inputs.topLevelItemCount() > 0)
        self.cancel_btn.setEnabled(running)

    def closeEvent(self, event) -> None:
        if self.job is not None and self.job.is_running():  # it stops between files; finished ones stay
            self.job.cancel()
            self.job.wait()
        super().closeEvent(event)
