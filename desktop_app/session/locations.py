"""Where a video's project lives, and where it is found again.

Beside the video (``<stem>.cutmark.json``) when that folder can be written; otherwise in
the cache folder under a key made from the video's full path, so two videos with the
same name in different read-only folders never share (or overwrite) a project. Opening
a video looks in both places, and when both hold a project it takes the newer file: a
project beside the video whose folder became read-only (a locked card, a shared drive's
permissions) goes on in the cache folder, and the old copy beside the video must not win.
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


def _modified_ns(path: Path) -> int | None:
    """When ``path`` was last written (None: not a file that can be read)."""
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns if path.is_file() else None


def find_project(media: str | os.PathLike[str], cache_root: str | os.PathLike[str]) -> Path | None:
    """The project of ``media``: the one beside it or the one in its place in the cache, the
    newer file when both exist (beside it on a tie); None if neither.

    Projects have no saved-at field, so "newer" is the file's modification time, which every
    save sets (the atomic write replaces the file)."""
    beside, fallback = beside_path(media), fallback_path(media, cache_root)
    beside_ns, fallback_ns = _modified_ns(beside), _modified_ns(fallback)
    if beside_ns is None:
        return fallback if fallback_ns is not None else None
    if fallback_ns is not None and fallback_ns > beside_ns:
        return fallback
    return beside


def is_fallback(
    project: str | os.PathLike[str], media: str | os.PathLike[str], cache_root: str | os.PathLike[str]
) -> bool:
    """Whether ``project`` is the cache folder's place for ``media``'s project."""
    return _same_file_name(project, fallback_path(media, cache_root))


def is_beside(project: str | os.PathLike[str], media: str | os.PathLike[str]) -> bool:
    return _same_file_name(project, beside_path(media))


def _same_file_name(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    return os.path.normcase(os.path.abspath(a)) == os.path.normcase(os.path.abspath(b))


def is_project_file(path: str | os.PathLike[str]) -> bool:
    return Path(path).name.endswith(PROJECT_SUFFIX)
