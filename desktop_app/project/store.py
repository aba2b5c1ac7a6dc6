"""Load and save project files (``<video stem>.cutmark.json``).

Saving is atomic (see :mod:`desktop_app.project.atomic`): a crash or a full disk leaves
the previous file as it was. Loading never writes; every problem is a
:class:`ProjectError` that names the file (and the line, or the field path).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from desktop_app.core.errors import OutputError, OutputExistsError, ProjectError, ProjectNotFoundError
from desktop_app.project.atomic import atomic_write_bytes
from desktop_app.project.schema import Project, project_from_dict, project_to_json

PROJECT_SUFFIX = ".cutmark.json"


def default_project_path(
    media_path: str | os.PathLike[str], out_dir: str | os.PathLike[str] | None = None
) -> Path:
    """``<out_dir or the media's folder>/<media stem>.cutmark.json``."""
    media = Path(media_path)
    folder = Path(out_dir) if out_dir is not None else media.parent
    return folder / f"{media.stem}{PROJECT_SUFFIX}"


def save_project(project: Project, path: str | os.PathLike[str], *, overwrite: bool = True) -> Path:
    """Write ``project`` to ``path`` atomically and return the path.

    Raises :class:`ProjectError` when the project holds something JSON cannot store,
    :class:`OutputExistsError` when the file exists and ``overwrite`` is false, and
    :class:`OutputError` when the folder cannot be written (the old file stays).
    """
    target = Path(path)
    try:
        text = project_to_json(project)  # every content problem is raised before the disk is touched
    except RecursionError:
        raise ProjectError(f"cannot save {target}: its edits are nested too deeply") from None
    if not overwrite and target.exists():
        raise OutputExistsError(f"{target} already exists", path=str(target))
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as err:  # a lone surrogate in some text
        raise ProjectError(
            f"cannot save {target}: the text holds characters UTF-8 cannot store ({err.reason})"
        ) from None
    try:
        atomic_write_bytes(target, data)
    except OSError as err:
        raise OutputError(f"cannot write {target}: {err.strerror or err}", path=str(target)) from err
    return target


def load_project(path: str | os.PathLike[str]) -> Project:
    """Read and validate a project file; the file is never modified."""
    source = Path(path)
    try:
        raw = source.read_bytes()
    except FileNotFoundError:
        raise ProjectNotFoundError(f"{source}: no such file", path=str(source)) from None
    except OSError as err:
        raise ProjectError(f"{source}: cannot read it ({err.strerror or err})", path=str(source)) from err
    try:
        text = raw.decode("utf-8-sig")  # tolerate the BOM some Windows editors add
    except UnicodeDecodeError as err:
        raise ProjectError(
            f"{source}: not UTF-8 text (bad byte at offset {err.start})", path=str(source)
        ) from None
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as err:
        raise ProjectError(
            f"{source}: not valid JSON (line {err.lineno}, column {err.colno}: {err.msg})", path=str(source)
        ) from None
    except ValueError as err:  # NaN / Infinity, which JSON does not have
        raise ProjectError(f"{source}: not valid JSON ({err})", path=str(source)) from None
    except RecursionError:  # [[[[... thousands deep: no project looks like that
        raise ProjectError(f"{source}: not a project file (nested too deeply)", path=str(source)) from None
    try:
        return project_from_dict(data)
    except ProjectError as err:
        raise type(err)(f"{source}: {err.message}", path=str(source)) from None


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")
