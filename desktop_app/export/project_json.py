"""The full project as JSON (.json): the same content as a ``.cutmark.json`` project file."""

from __future__ import annotations

from pathlib import Path

from desktop_app.export.registry import Exporter, ExportOptions
from desktop_app.project.atomic import atomic_write_text
from desktop_app.project.schema import Project, project_to_json


class ProjectJsonExporter(Exporter):
    name = "json"
    suffix = ".json"
    description = "Everything Cutmark knows (.json): transcript, words, markers, edits; opens as a project"

    def write(self, project: Project, path: Path, options: ExportOptions) -> Path:
        return atomic_write_text(path, project_to_json(project))
