"""A cache of finished analyses, keyed by media content, model and options.

Reopening a video that was analysed before (even renamed or moved) finds its
analysis here instead of transcribing it again.

``content_hash`` ("b2s1", BLAKE2b sampled, version 1) reads at most 16 MiB of a file,
so hashing a 20 GB recording takes milliseconds. Exactly:

- ``h = blake2b(digest_size=32)``; ``h.update(size.to_bytes(8, "little"))``;
- a file of at most 16 MiB: ``h.update(whole file)``;
- a larger file: for ``i`` in ``0..15`` read the 1 MiB chunk at offset
  ``i * (size - 1 MiB) // 15`` (the first chunk starts the file, the last one ends it)
  and ``h.update`` it, in order;
- the hash is ``"b2s1:" + h.hexdigest()``.

Sampling means an edit that keeps the size and touches none of the sampled bytes of a
big file goes unnoticed; for recordings (compressed streams, container indexes at the
ends) that is a fair trade. A change of algorithm gets a new prefix.

``model_fingerprint`` names a model folder by each file that decides its results
(weights, configuration, tokenizer, normalisation; not READMEs or examples): its name,
size, mtime and the same sampled hash. Any rewrite of a file changes its mtime; other
files put in place with the old times restored (``cp -p``, archives) are still seen when
the sample differs (the small files are hashed whole). A plain copy of the folder gets new
mtimes and so misses the cache once (an analysis made again, never a stale one); the same
folder spelled another way (relative, ``..``, a symlink) is one fingerprint. Hashing all
of a 936 MB ``model.pt`` would cost every run a second (many on a disk that spins).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from pathlib import Path

from desktop_app.core.errors import (
    MediaNotFoundError,
    ModelIncompleteError,
    OutputError,
    ProjectError,
    ProjectVersionError,
    UnreadableMediaError,
)
from desktop_app.project.schema import Project
from desktop_app.project.store import load_project, save_project

HASH_PREFIX = "b2s1:"
CHUNK_BYTES = 1 << 20
CHUNK_COUNT = 16
WHOLE_FILE_LIMIT = CHUNK_BYTES * CHUNK_COUNT
CACHE_DIR_ENV = "CUTMARK_CACHE_DIR"
MODEL_PREFIX = "m1:"
# bump to orphan every old entry when the key recipe changes (2: the model is its files'
# fingerprint, not its folder's path, whose entries went stale when the weights changed)
_KEY_FORMAT = 2
_KEY_RE = re.compile(r"[0-9a-f]{64}")


def content_hash(path: str | os.PathLike[str]) -> str:
    """The sampled content hash of a media file (see the module docstring)."""
    source = Path(path)
    try:
        with open(source, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            digest = hashlib.blake2b(digest_size=32)
            digest.update(size.to_bytes(8, "little"))
            if size <= WHOLE_FILE_LIMIT:
                while block := handle.read(CHUNK_BYTES):
                    digest.update(block)
            else:
                step_span = size - CHUNK_BYTES
                for i in range(CHUNK_COUNT):
                    handle.seek(i * step_span // (CHUNK_COUNT - 1))
                    digest.update(_read_exactly(handle, CHUNK_BYTES))
    except FileNotFoundError:
        raise MediaNotFoundError(f"{source}: no such file", path=str(source)) from None
    except OSError as err:
        raise UnreadableMediaError(
            f"{source}: cannot read it ({err.strerror or err})", path=str(source)
        ) from err
    return HASH_PREFIX + digest.hexdigest()


def _read_exactly(handle, count: int) -> bytes:
    parts = []
    while count > 0:
        block = handle.read(count)
        if not block:
            raise OSError(f"the file shrank while it was read ({count} bytes missing)")
        parts.append(block)
        count -= len(block)
    return b"".join(parts)


# (real path, (name, size, mtime_ns, ctime_ns, inode) of each file) -> fingerprint, so a
# batch of many files hashes the model once. ctime: a write or an mtime reset (os.utime,
# cp -p) sets it, and nothing sets it back.
_FINGERPRINTS: dict[tuple, str] = {}


def model_fingerprint(folder: str | os.PathLike[str]) -> str:
    """``"m1:" + hex``: a hash of the name, size, mtime and :func:`content_hash` of each
    file in ``folder`` that decides the model's results (see the module docstring)."""
    from desktop_app.transcribe.models import OPTIONAL_FILES, model_files

    root = Path(os.path.realpath(folder))
    # the files funasr loads, by the folder's own names (a fine-tuned model keeps its own
    # tokenizer name in its configuration), then configuration.json itself
    files = model_files(root)
    names = [(f.path, True) for f in files.all()] + [(root / name, False) for name in OPTIONAL_FILES]
    stats = []
    for path, required in names:
        try:
            st = path.stat()
        except FileNotFoundError:
            if required:
                raise ModelIncompleteError(
                    f"The model folder {root} is missing {path.name}.", path=str(root)
                ) from None
            continue
        except OSError as err:
            raise ModelIncompleteError(
                f"{path}: cannot read it ({err.strerror or err})", path=str(root)
            ) from err
        stats.append((str(path), st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino))
    memo = (str(root), tuple(stats))
    if memo in _FINGERPRINTS:
        return _FINGERPRINTS[memo]
    digest = hashlib.blake2b(digest_size=32)
    for name, size, mtime_ns, *_ in stats:
        try:
            part = content_hash(name)
        except UnreadableMediaError as err:
            raise ModelIncompleteError(err.message, path=str(root)) from err
        digest.update(f"{os.path.relpath(name, root)}\0{size}\0{mtime_ns}\0{part}\0".encode())
    _FINGERPRINTS[memo] = fingerprint = MODEL_PREFIX + digest.hexdigest()
    return fingerprint


def default_cache_dir() -> Path:
    """``$CUTMARK_CACHE_DIR`` when set, else the platform's user cache folder for Cutmark.

    The only place that reads the environment for the cache.
    """
    override = os.environ.get(CACHE_DIR_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("cutmark", appauthor=False))


def analysis_key(content_hash: str, model: str | dict, options: dict) -> str:
    """SHA-256 (hex) of the canonical JSON of what makes an analysis: the media's content
    hash, the model's identity (what decides its results, e.g. the pipeline's
    ``analysis_identity``) and the options (JSON-compatible; tuples and lists count the same)."""
    recipe = {
        "format": _KEY_FORMAT,
        "content_hash": content_hash,
        "model": model,
        "options": options,
    }
    try:
        canonical = json.dumps(
            recipe, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
        )
    except (TypeError, ValueError) as err:
        raise ProjectError(f"the analysis options cannot key the cache: {err}") from None
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


class AnalysisCache:
    """Finished projects stored as ``<root>/<key>.cutmark.json``.

    Put everything that changes the analysis (audio track, language, VAD and window
    settings, ...) in ``options``: it is part of the key. A hit is returned as stored:
    its ``media.path`` is where the file was when it was analysed, so callers that
    found it through a moved or copied file should put the current path in.
    """

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)

    def key(self, content_hash: str, model: str | dict, options: dict) -> str:
        """:func:`analysis_key` of the inputs."""
        return analysis_key(content_hash, model, options)

    def path_for(self, key: str) -> Path:
        if not _KEY_RE.fullmatch(key):
            raise ProjectError(f"not a cache key: {key!r}")
        return self.root / f"{key}.cutmark.json"

    def get(self, key: str) -> Project | None:
        """The cached project, or None. A corrupt entry is deleted and counts as a miss."""
        path = self.path_for(key)
        if not path.is_file():
            return None
        try:
            return load_project(path)
        except ProjectVersionError:
            return None  # a newer Cutmark's entry: not ours to delete
        except ProjectError as err:
            if isinstance(err.__cause__, OSError):
                return None  # unreadable right now (permissions, a busy disk): not corrupt
            with contextlib.suppress(OSError):
                path.unlink()
            return None

    def put(self, key: str, project: Project) -> Path:
        """Store ``project`` atomically (replacing any entry); :class:`OutputError` when it cannot."""
        path = self.path_for(key)
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise OutputError(
                f"cannot create the cache folder {self.root}: {err.strerror or err}", path=str(self.root)
            ) from err
        return save_project(project, path, overwrite=True)
