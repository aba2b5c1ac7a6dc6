"""Export: pick formats from the registry, a folder, and (optionally) a cut; ask before replacing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from desktop_app.core.errors import CutmarkError
from desktop_app.edit import build_plan
from desktop_app.export import registry
from desktop_app.project.store import PROJECT_SUFFIX
from desktop_app.ui.hints import ui_hint
from desktop_app.ui.i18n import t

DEFAULT_FORMATS = {"srt"}


class ExportDialog(QDialog):
    def __init__(self, project, media_path: Path, parent=None) -> None:
        super().__init__(parent)
        self.project = project
        self.setWindowTitle(t("Export"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        group = QGroupBox(t("Formats"))
        grid = QGridLayout(group)
        self.boxes: dict[str, QCheckBox] = {}
        for i, name in enumerate(registry.names()):
            exporter = registry.get(name)
            box = QCheckBox(f"{name}  ({exporter.suffix})")
            box.setToolTip(exporter.description)
            box.setChecked(name in DEFAULT_FORMATS)
            grid.addWidget(box, i // 3, i % 3)
            self.boxes[name] = box
        layout.addWidget(group)
        form = QFormLayout()
        row = QHBoxLayout()
        self.folder = QLineEdit(str(media_path.parent))
        browse = QPushButton(t("Choose…"))
        browse.clicked.connect(self._browse)
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        form.addRow(t("Folder:"), row)
        stem = (
            media_path.name.removesuffix(PROJECT_SUFFIX)
            if media_path.name.endswith(PROJECT_SUFFIX)
            else media_path.stem
        )
        self.stem = QLineEdit(stem)
        form.addRow(t("File name:"), self.stem)
        self.cut = QComboBox()
        self.cut.addItem(t("Whole video (no cut)"), "none")
        self.cut.addItem(t("Remove silences (jump cut)"), "silence")
        self.cut.addItem(t("Highlights around laughter and applause"), "highlights")
        self.cut.addItem(t("Only my keep/cut marks"), "marks")
        self.cut.setToolTip(t("Timelines hold the cut; subtitle and marker times follow it."))
        form.addRow(t("Cut:"), self.cut)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = buttons.addButton(t("Export"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.run_export)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.written: list[Path] = []

    def _browse(self) -> None:
        path = QFileDialog.getExistingDirectory(self, t("Export to folder"), self.folder.text())
        if path:
            self.folder.setText(path)

    def chosen(self) -> list[str]:
        return [n for n, b in self.boxes.items() if b.isChecked()]

    def run_export(self) -> None:
        names = self.chosen()
        if not names:
            QMessageBox.information(self, t("Export"), t("Choose at least one format."))
            return
        out = Path(self.folder.text())
        stem = self.stem.text().strip()
        existing = [
            out / f"{stem}{registry.get(n).suffix}"
            for n in names
            if (out / f"{stem}{registry.get(n).suffix}").exists()
        ]
        overwrite = False
        if existing:
            answer = QMessageBox.question(
                self, t("Replace files?"),
                t("These files exist already:") + "\n" + "\n".join(p.name for p in existing) + "\n\n" + t("Replace them?"),
            )  # fmt: skip
            if answer != QMessageBox.StandardButton.Yes:
                return
            overwrite = True
        try:
            plan = build_plan(self.project.analysis, self.cut.currentData(), edits=self.project.edits)
            options = registry.ExportOptions(cut=plan)
            self.written = registry.export(
                self.project, names, out, stem=stem, options=options, overwrite=overwrite
            )
        except CutmarkError as exc:
            QMessageBox.warning(self, t("Export failed"), f"{exc.message}\n\n{ui_hint(exc)}")
            return
        box = QMessageBox(self)
        box.setWindowTitle(t("Exported"))
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(t("Written:") + "\n" + "\n".join(str(p) for p in self.written))
        box.exec()
        self.accept()
