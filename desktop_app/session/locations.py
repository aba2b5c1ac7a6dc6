"""Where a video's project lives, and where it is found again.

Beside the video (``<stem>.cutmark.json``) when that folder can be written; otherwise in
the cache folder under a key made from the video's full path, so two videos with the
same name in different read-only folders never share (or overwrite) a project. Opening
a video looks in both places.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from desktop_app.project.store import PROJECT_SUFFIX, default_project_path

PROJECTS_FOLDER = "projects"


def _path_key(media: Path) -> str:
    full = os.path.normcase(os.path.abspath(media))
    return hashlib.blake2b(full.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


def beside_path(media: str | os.PathLike[str]) -> Path:
    return default_project_path(media)


def fallback_path(media: str | os.PathLike[str], cache_root: str | os.PathLike[str]) -> Path:
    """``<cache>/projects/<key of the full path>/<stem>.cutmark.json``."""
    media = Path(media)
    return Path(cache_root) / PROJECTS_FOLDER / _path_key(media) / f"{media.stem}{PROJECT_SUFFIX}"


def find_project(media: str | os.PathLike[str], cache_root: str | os.PathLike[str]) -> Path | None:
    """The project of ``media``: beside it first, then its place in the cache; None if neither."""
    for candidate in (beside_path(media), fallback_path(media, cache_root)):
        if candidate.is_file():
            return candidate
    return None


def is_project_file(path: str | os.PathLike[str]) -> bool:
    return Path(path).name.endswith(PROJECT_SUFFIX)
