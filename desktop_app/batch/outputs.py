"""Where a batch item's results go, whether they are already there, and writing them.

The project file is the item's "done" mark: the exports are written first and the
project last, each atomically, so a batch killed at any moment leaves every item
either finished (its project there) or redone from scratch on the next run.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from desktop_app.core.errors import OutputError, ProjectError
from desktop_app.edit.plan import CutPlanError
from desktop_app.edit.request import CutRequest
from desktop_app.export import ExportOptions, registry
from desktop_app.project.atomic import atomic_write_text
from desktop_app.project.cache import analysis_key
from desktop_app.project.schema import Project
from desktop_app.project.store import PROJECT_SUFFIX, load_project, save_project

FAILURES_FILE = "cutmark-batch-failures.json"
SUMMARY_FILE = "cutmark-batch-summary.json"


@dataclass(frozen=True)
class Existing:
    """What the output folder already holds for an item: ``state`` is "missing", "done"
    (a project of the same content, model and options) or "stale" (another analysis)."""

    state: str
    missing_exports: tuple[str, ...] = ()
    why: str = ""


def project_path(out_dir: str | Path, rel: str) -> Path:
    return Path(out_dir) / f"{rel}{PROJECT_SUFFIX}"


def export_paths(out_dir: str | Path, rel: str, exports: tuple[str, ...]) -> dict[str, Path]:
    base = Path(out_dir) / rel
    return {name: base.parent / f"{base.name}{registry.get(name).suffix}" for name in exports}


_NOT_OPTIONS = ("warnings", "identity")  # what a project's options hold besides the options


def fingerprint(content_hash: str, identity: dict | None, options: dict) -> str:
    """The analysis' identity: the content hash, the model's identity (the pipeline's
    ``analysis_identity``) and the options that shape it; the cache's key for the same."""
    return analysis_key(content_hash, identity, {k: v for k, v in options.items() if k not in _NOT_OPTIONS})


def project_fingerprint(project: Project) -> str:
    """A project's :func:`fingerprint` (one made before identities were kept matches none)."""
    a = project.analysis
    return fingerprint(a.content_hash, a.options.get("identity"), a.options)


def existing(out_dir: str | Path, rel: str, wanted: str, exports: tuple[str, ...]) -> Existing:
    """Compare what is at the item's project path with the analysis ``wanted`` (a fingerprint)."""
    path = project_path(out_dir, rel)
    if not path.exists():
        return Existing("missing")
    try:
        project = load_project(path)
    except ProjectError as err:
        return Existing("stale", why=f"{path} cannot be read as a project ({err.message})")
    if project_fingerprint(project) != wanted:
        return Existing("stale", why=f"{path} holds an analysis with another file, model or options")
    missing = tuple(name for name, p in export_paths(out_dir, rel, exports).items() if not p.exists())
    return Existing("done", missing_exports=missing)


def write_item(
    project: Project, out_dir: str | Path, rel: str, exports: tuple[str, ...], cut: CutRequest | None = None
) -> list[Path]:
    """Write the exports (for ``cut`` when given), then the project (the item's done mark); return the paths."""
    target = project_path(out_dir, rel)
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(f"cannot create {folder}: {err.strerror or err}", path=str(folder)) from err
    written = write_exports(project, out_dir, rel, exports, cut)
    written.append(save_project(project, target, overwrite=True))
    return written


def write_exports(
    project: Project, out_dir: str | Path, rel: str, exports: tuple[str, ...], cut: CutRequest | None = None
) -> list[Path]:
    """The exports; with ``cut`` (``cutmark batch --cut``, word flags) timelines and subtitles follow it."""
    if not exports:
        return []
    options = None
    if cut is not None:
        plan = cut.plan(project.analysis, project.edits, project.waveform, project.peaks_per_second)
        if plan is not None and not plan.ranges:
            raise CutPlanError("the cut keeps nothing", hint="Loosen the cut options.")
        options = ExportOptions(cut=plan)
    base = Path(out_dir) / rel
    return registry.export(
        project, list(exports), base.parent, stem=base.name, options=options, overwrite=True
    )


def write_report(out_dir: str | Path, name: str, data: dict) -> Path:
    """A batch report (failures, summary) as JSON, atomically."""
    path = Path(out_dir) / name
    try:
        Path(out_dir).mkdir(parents=True, exist_ok=True)
        return atomic_write_text(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    except OSError as err:
        raise OutputError(f"cannot write {path}: {err.strerror or err}", path=str(path)) from err
