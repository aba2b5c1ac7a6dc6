"""What a batch works on: folders, globs and manifest files -> one item per media file.

Every item knows where its outputs go (``OUT/<relative stem>``), decided once from the
inputs alone, so a rerun with the same inputs finds the same outputs.
"""

from __future__ import annotations

import glob
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlparse

MEDIA_SUFFIXES = frozenset(
    {
        ".mp4", ".mov", ".mkv", ".webm", ".avi", ".m4v", ".mts", ".m2ts", ".ts", ".flv", ".wmv", ".mpg",
        ".mpeg", ".wav", ".mp3", ".m4a", ".aac", ".flac", ".ogg", ".opus", ".wma", ".aif", ".aiff",
    }
)  # fmt: skip
MANIFEST_SUFFIXES = frozenset({".txt", ".list", ".lst", ".manifest"})
_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True)
class BatchItem:
    """One file to analyse. ``rel`` is its outputs' path below the output folder, without
    a suffix (``talks/day1/keynote``); ``problem`` is set when the input cannot be used
    (a URI scheme we cannot read): the batch records it as a failure."""

    source: str
    rel: str
    problem: str = ""


def collect_items(inputs: list[str]) -> list[BatchItem]:
    """The batch's files, in a stable order, each once.

    - a folder: every media file below it (recursively); outputs mirror the sub-folders;
    - a pattern with ``*``, ``?`` or ``[`` (``**`` crosses folders): the media files it matches;
    - a manifest (``.txt``, ``.list``, ``.lst``, ``.manifest``): one path or ``file://`` URI per
      line, ``#`` comments and blank lines ignored, relative paths against the manifest's folder;
    - anything else: that file, whatever its suffix (a missing one becomes a recorded failure).
    """
    found: list[tuple[str, str, str]] = []  # (source, rel, problem)
    for raw in inputs:
        path = Path(raw).expanduser()
        if path.is_dir():
            for media in sorted(p for p in path.rglob("*") if _is_media(p)):
                found.append((str(media), media.relative_to(path).with_suffix("").as_posix(), ""))
        elif _GLOB_CHARS & set(raw) and not path.exists():
            for match in sorted(glob.glob(os.path.expanduser(raw), recursive=True)):
                if _is_media(Path(match)):
                    found.append((match, Path(match).stem, ""))
        elif path.suffix.lower() in MANIFEST_SUFFIXES and path.is_file():
            found.extend(_manifest(path))
        else:
            found.append((str(path), path.stem or path.name, ""))
    return _unique(found)


def _is_media(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in MEDIA_SUFFIXES and not path.name.startswith(".")


def _manifest(path: Path) -> list[tuple[str, str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        parsed = urlparse(entry)
        if parsed.scheme == "file":
            local = Path(unquote(parsed.path))
        elif len(parsed.scheme) > 1:  # "C:\..." parses as scheme "c": a drive letter, not a URI
            name = PurePosixPath(parsed.path).stem or "input"
            problem = (
                f"{parsed.scheme}:// URIs are not read directly; mount the storage on every "
                "machine (NFS, s3fs/mountpoint-s3, gcsfuse) and list the mounted paths."
            )
            rows.append((entry, name, problem))
            continue
        else:
            local = Path(entry).expanduser()
            if not local.is_absolute():
                local = path.parent / local
        rows.append((str(local), local.stem or local.name, ""))
    return rows


def _unique(found: list[tuple[str, str, str]]) -> list[BatchItem]:
    """Drop repeats of a file; files whose outputs would collide get a suffix made from
    their full path (stable across runs with the same inputs)."""
    seen: set[str] = set()
    rows = []
    for source, rel, problem in found:
        key = source if problem else os.path.normcase(os.path.abspath(source))
        if key in seen:
            continue
        seen.add(key)
        rows.append((source, rel, problem))
    counts: dict[str, int] = {}
    for _, rel, _ in rows:
        counts[rel.casefold()] = counts.get(rel.casefold(), 0) + 1
    items = []
    for source, rel, problem in rows:
        if counts[rel.casefold()] > 1:
            rel = (
                f"{rel}-{hashlib.blake2b(source.encode('utf-8', 'surrogatepass'), digest_size=4).hexdigest()}"
            )
        items.append(BatchItem(source=source, rel=rel, problem=problem))
    return items
