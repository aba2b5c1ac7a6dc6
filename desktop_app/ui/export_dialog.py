"""Export: what people choose (their editor's name, a one-line hint), a folder, a cut, the
subtitle layout; remembered for next time; asks before replacing a file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
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
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from desktop_app.core.errors import CutmarkError
from desktop_app.edit import build_plan
from desktop_app.export import registry
from desktop_app.export.subtitle_presets import preset
from desktop_app.project.store import PROJECT_SUFFIX
from desktop_app.ui import questions
from desktop_app.ui.hints import ui_hint
from desktop_app.ui.i18n import t

DEFAULT_FORMATS = ("srt",)

# (registry name, what a creator looks for, one line on what they get). Editors first.
FORMAT_CHOICES = (
    ("fcp7xml", "Premiere Pro / DaVinci Resolve (.xml)", "A sequence with the cuts; events as markers."),
    ("fcpxml", "Final Cut Pro / Resolve (.fcpxml)", "A project with the cuts; events as markers."),
    ("otio", "Kdenlive / OpenTimelineIO (.otio)", "Kdenlive 25.04 or later, and OTIO tools."),
    ("kdenlive", "Kdenlive (.kdenlive)", "A Kdenlive project: cuts, coloured guides, subtitles."),
    ("mlt", "Shotcut (.mlt)", "A Shotcut project: the cuts and markers."),
    ("edl", "EDL (CMX 3600)", "The cuts for any editor; one video track."),
    ("markers-edl", "Resolve markers (.edl)", "Import into a Resolve timeline as coloured markers."),
    ("srt", "Subtitles (.srt)", "Every editor and player reads them."),
    ("vtt", "WebVTT", "Subtitles for browsers and YouTube."),
    ("txt", "Transcript (.txt)", "The words, one segment a line."),
    ("chapters", "YouTube chapters", "'2:15 Laughter' lines for the video's description."),
    ("csv", "LosslessCut (.csv)", "The kept ranges, or the markers, as start,end,label."),
    ("json", "Cutmark project (.json)", "Everything Cutmark knows; opens as a project."),
)
PRESET_NAMES = (
    ("latin", "Latin script (42 characters a line)"),
    ("cjk", "Chinese / Japanese / Korean (16 a line)"),
    ("vertical", "Vertical video, shorts (about 24 a line)"),
)
CUT_NAMES = (
    ("none", "Whole video (no cut)"),
    ("silence", "Remove silences (jump cut)"),
    ("highlights", "Highlights around laughter and applause"),
    ("marks", "My edits: cut words and keep/cut marks"),
)


class ExportDialog(QDialog):
    def __init__(self, project, media_path: Path, parent=None, settings=None) -> None:
        super().__init__(parent)
        self.project, self.settings = project, settings
        self.setWindowTitle(t("Export"))
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)
        group = QGroupBox(t("Formats"))
        grid = QGridLayout(group)
        self.boxes: dict[str, QCheckBox] = {}
        chosen = set(self._remembered("formats", ",".join(DEFAULT_FORMATS)).split(","))
        known = {name for name, _label, _hint in FORMAT_CHOICES}
        extra = [
            (n, registry.get(n).label or n, registry.get(n).description)
            for n in registry.names()
            if n not in known
        ]
        for i, (name, label, hint) in enumerate((*FORMAT_CHOICES, *extra)):
            if name not in registry.names():
                continue
            box = QCheckBox(t(label))
            box.setToolTip(registry.get(name).description)
            box.setChecked(name in chosen)
            note = QLabel(t(hint))
            _dim(note)
            grid.addWidget(box, i, 0)
            grid.addWidget(note, i, 1)
            self.boxes[name] = box
        layout.addWidget(group)
        form = QFormLayout()
        row = QHBoxLayout()
        self.folder = QLineEdit(self._remembered("folder", "") or str(media_path.parent))
        browse = QPushButton(t("Choose…"))
        browse.clicked.connect(self._browse)
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        form.addRow(t("Folder:"), row)
        name = media_path.name
        self.stem = QLineEdit(
            name.removesuffix(PROJECT_SUFFIX) if name.endswith(PROJECT_SUFFIX) else media_path.stem
        )
        form.addRow(t("File name:"), self.stem)
        edited = bool((project.edits or {}).get("cuts"))  # words cut in the text: export that cut
        self.cut = self._combo(CUT_NAMES, "cut", "marks" if edited else "none")
        if edited and self.cut.currentData() == "none":  # a remembered "no cut" would drop the edit
            self.cut.setCurrentIndex(self.cut.findData("marks"))
        self.cut.setToolTip(t("Timelines hold the cut; subtitle and marker times follow it."))
        form.addRow(t("Cut:"), self.cut)
        self.preset = self._combo(PRESET_NAMES, "preset", "cjk" if _mostly_cjk(project) else "latin")
        form.addRow(t("Subtitle layout:"), self.preset)
        self.hi = QCheckBox(t("Describe sounds for deaf and hard-of-hearing viewers: [Laughter], [Applause]"))
        self.hi.setChecked(self._remembered("hi", "false") == "true")
        form.addRow("", self.hi)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = buttons.addButton(t("Export"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setDefault(True)
        buttons.accepted.connect(self.run_export)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.written: list[Path] = []

    def _combo(self, items, key: str, default: str) -> QComboBox:
        box = QComboBox()
        for value, label in items:
            box.addItem(t(label), value)
        box.setCurrentIndex(max(0, box.findData(self._remembered(key, default))))
        return box

    def _remembered(self, key: str, default: str) -> str:
        if self.settings is None:
            return default
        value = self.settings.q.value(f"export/{key}", default)
        return str(value) if value is not None else default

    def _remember(self, names: list[str]) -> None:
        if self.settings is None:
            return
        for key, value in (
            ("formats", ",".join(names)),
            ("folder", self.folder.text()),
            ("cut", self.cut.currentData()),
            ("preset", self.preset.currentData()),
            ("hi", "true" if self.hi.isChecked() else "false"),
        ):
            self.settings.q.setValue(f"export/{key}", value)

    def _browse(self) -> None:
        path = QFileDialog.getExistingDirectory(self, t("Export to folder"), self.folder.text())
        if path:
            self.folder.setText(path)

    def chosen(self) -> list[str]:
        return [n for n, b in self.boxes.items() if b.isChecked()]

    def _options(self) -> registry.ExportOptions:
        p = self.project  # word cuts fall in their pauses: the waveform finds the quietest point
        plan = build_plan(
            p.analysis, self.cut.currentData(), edits=p.edits,
            waveform=p.waveform, peaks_per_second=p.peaks_per_second or 0,
        )  # fmt: skip
        subtitles = preset(self.preset.currentData(), include_events=self.hi.isChecked())
        return registry.ExportOptions(cut=plan, subtitles=subtitles)

    def _existing(self, names: list[str], out: Path, stem: str, options) -> list[Path]:
        """The files the export would replace: each format's file and what it writes beside
        it (Kdenlive's subtitles), so the question lists every one."""
        found = []
        for name in names:
            exporter = registry.get(name)
            target = out / f"{stem}{exporter.suffix}"
            found += [p for p in (target, *exporter.companions(self.project, target, options)) if p.exists()]
        return found

    def _failed(self, exc: CutmarkError) -> None:
        QMessageBox.warning(self, t("Export failed"), f"{exc.message}\n\n{ui_hint(exc)}")

    def run_export(self) -> None:
        names = self.chosen()
        if not names:
            QMessageBox.information(self, t("Export"), t("Choose at least one format."))
            return
        out = Path(self.folder.text())
        stem = self.stem.text().strip()
        try:
            options = self._options()
            existing = self._existing(names, out, stem, options)
        except CutmarkError as exc:
            self._failed(exc)
            return
        overwrite = False
        if existing:
            if not questions.ask(
                self, t("Replace files?"),
                t("These files exist already:") + "\n" + "\n".join(p.name for p in existing) + "\n\n" + t("Replace them?"),
                t("Replace"), destructive=True,
            ):  # fmt: skip
                return
            overwrite = True
        try:
            self.written = registry.export(
                self.project, names, out, stem=stem, options=options, overwrite=overwrite
            )
        except CutmarkError as exc:
            self._failed(exc)
            return
        self._remember(names)
        box = QMessageBox(self)
        box.setWindowTitle(t("Exported"))
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(t("Written:") + "\n" + "\n".join(str(p) for p in self.written))
        box.exec()
        self.accept()


def _dim(label: QLabel) -> None:
    """A hint's text: a third of the way from the text colour to the background, which keeps
    about 4.5:1 contrast on both themes (the disabled colour is too faint on the light one)."""
    pal = label.palette()
    text, window = pal.color(QPalette.ColorRole.WindowText), pal.color(QPalette.ColorRole.Window)
    mixed = QColor(
        *(round(a + (b - a) * 0.35) for a, b in zip(text.getRgb()[:3], window.getRgb()[:3], strict=True))
    )
    pal.setColor(QPalette.ColorRole.WindowText, mixed)
    label.setPalette(pal)


def _mostly_cjk(project) -> bool:
    langs = [s.language for s in project.analysis.segments if s.text]
    return bool(langs) and sum(lang in ("zh", "yue", "ja", "ko") for lang in langs) * 2 > len(langs)
