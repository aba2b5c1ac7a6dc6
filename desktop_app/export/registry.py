"""The exporter registry: formats by name and file suffix, and :func:`export` to run them.

Exporters only write files, atomically: no dialogs, no printing, no questions. Whether
an existing file may be replaced, and where files may go, is decided here, once.
"""

from __future__ import annotations

import abc
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.core.errors import ExportError, OutputError, OutputExistsError
from desktop_app.edit.plan import CutPlan
from desktop_app.export.subtitles import SubtitleOptions
from desktop_app.export.timeline import TimelineOptions

if TYPE_CHECKING:
    from desktop_app.project.schema import Project


@dataclass(frozen=True)
class ExportOptions:
    """One options object for every exporter; each reads the part it needs.

    ``cut`` (a :class:`~desktop_app.edit.plan.CutPlan`) makes every format describe the
    cut: timelines hold one clip per kept range, and subtitle, marker and chapter times
    move onto the cut's clock. None means the whole source, uncut.
    """

    subtitles: SubtitleOptions = field(default_factory=SubtitleOptions)
    cut: CutPlan | None = None
    timeline: TimelineOptions = field(default_factory=TimelineOptions)


class Exporter(abc.ABC):
    """A file format. Subclasses set ``name`` (lower case), ``suffix`` (".srt") and ``description``;
    ``label`` is what a dialog shows (the editor's name when the format is one editor's own)."""

    name: str = ""
    suffix: str = ""
    description: str = ""
    label: str = ""

    def companions(self, project: Project, path: Path, options: ExportOptions) -> tuple[Path, ...]:
        """Files :meth:`write` puts beside ``path`` (Kdenlive's subtitles); checked like ``path``."""
        return ()

    @abc.abstractmethod
    def write(self, project: Project, path: Path, options: ExportOptions) -> Path:
        """Write ``path`` atomically (replacing it if it exists) and return it; OSError on failure."""

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name} ({self.suffix})>"


_NAME_RE = re.compile(r"[a-z0-9][a-z0-9_-]*")
_SUFFIX_RE = re.compile(r"\.[a-z0-9][a-z0-9._-]*")
_registry: dict[str, Exporter] = {}


def register(exporter: Exporter, *, replace: bool = False) -> Exporter:
    """Add ``exporter`` under its name (a name already taken is an error unless ``replace``)."""
    if not _NAME_RE.fullmatch(exporter.name or ""):
        raise ExportError(f"exporter name {exporter.name!r} must be lower-case letters, digits, '-' or '_'")
    if not _SUFFIX_RE.fullmatch(exporter.suffix or ""):
        raise ExportError(f"exporter suffix {exporter.suffix!r} must look like '.srt'")
    if exporter.name in _registry and not replace:
        raise ExportError(f"an exporter named {exporter.name!r} is already registered")
    _registry[exporter.name] = exporter
    return exporter


def unregister(name: str) -> None:
    _registry.pop(name.strip().lower(), None)


def names() -> list[str]:
    """Registered format names, in registration order."""
    return list(_registry)


def get(name: str) -> Exporter:
    exporter = _registry.get(str(name).strip().lower())
    if exporter is None:
        raise ExportError(
            f"unknown format {name!r}; choose from: {', '.join(names()) or '(none registered)'}"
        )
    return exporter


def by_suffix(suffix: str) -> Exporter:
    """The first registered exporter writing ``suffix`` (".srt", "srt" or "SRT")."""
    wanted = "." + str(suffix).strip().lower().lstrip(".")
    for exporter in _registry.values():
        if exporter.suffix == wanted:
            return exporter
    known = ", ".join(dict.fromkeys(e.suffix for e in _registry.values()))
    raise ExportError(f"no format writes {wanted!r} files; known suffixes: {known or '(none registered)'}")


def export(
    project: Project,
    names: list[str] | tuple[str, ...],
    out_dir: str | os.PathLike[str],
    *,
    stem: str,
    options: ExportOptions | None = None,
    overwrite: bool = False,
) -> list[Path]:
    """Write ``<out_dir>/<stem><suffix>`` for each format name and return the paths.

    Every check runs before the first file is written: unknown formats
    (:class:`ExportError`), a stem that would leave ``out_dir`` (:class:`ExportError`),
    files that exist while ``overwrite`` is false (:class:`OutputExistsError`). A folder
    that cannot be created or a file that cannot be written is :class:`OutputError`.
    """
    opts = options or ExportOptions()
    if isinstance(names, str):
        names = [names]
    exporters = list({e.name: e for e in (get(n) for n in names)}.values())
    if not exporters:
        raise ExportError(f"no format chosen; choose from: {', '.join(_registry)}")
    _check_stem(stem)
    folder = Path(out_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        root = folder.resolve(strict=True)
    except OSError as err:
        raise OutputError(
            f"cannot create the folder {folder}: {err.strerror or err}", path=str(folder)
        ) from err
    if not root.is_dir():
        raise OutputError(f"{folder} is not a folder", path=str(folder))

    targets: list[Path] = []
    every: list[Path] = []  # the targets and the files written beside them
    for exporter in exporters:
        target = root / f"{stem}{exporter.suffix}"
        targets.append(target)
        for path in (target, *exporter.companions(project, target, opts)):
            if path.resolve().parent != root:
                raise ExportError(f"refusing to write {path}: it leads outside {root}", path=str(path))
            if path in every:
                raise ExportError(f"two of the chosen formats would both write {path.name}", path=str(path))
            every.append(path)
    if not overwrite:
        existing = [t for t in every if t.exists() or t.is_symlink()]
        if existing:
            more = f" (and {len(existing) - 1} more)" if len(existing) > 1 else ""
            raise OutputExistsError(f"{existing[0]} already exists{more}", path=str(existing[0]))

    written = []
    for exporter, target in zip(exporters, targets, strict=True):
        try:
            written.append(exporter.write(project, target, opts))
        except OSError as err:
            raise OutputError(f"cannot write {target}: {err.strerror or err}", path=str(target)) from err
    return written


def _check_stem(stem: str) -> None:
    if not isinstance(stem, str) or not stem.strip():
        raise ExportError(f"the file name stem must be a non-empty string (got {stem!r})")
    separators = {"/", "\\", os.sep, os.altsep or "/"}
    if stem in (".", "..") or any(s in stem for s in separators) or "\x00" in stem:
        raise ExportError(f"the file name stem {stem!r} must be a plain name: no folders, no '..'", path=stem)
