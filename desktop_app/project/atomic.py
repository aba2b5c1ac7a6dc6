"""Atomic file writes: a reader sees the old file or the new one, never half of one.

The data goes to a temporary file in the target's folder (same file system, so the
final rename is atomic), is flushed and ``fsync``-ed, then ``os.replace`` puts it in
place. On any exception the temporary file is removed and the old file is untouched;
the exception propagates unchanged (callers turn ``OSError`` into their typed errors).

An existing file keeps its permission bits; a new file gets ``0o644``.

Temporary files are named ``.<target name>.<writer pid>.<random>.tmp``. A writer
killed outright (SIGKILL, power loss) cannot remove its own, so every write first
removes the temporary files of its target left by writers that are no longer running
(POSIX: the pid is gone; elsewhere, or for names without a pid: older than an hour).
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
import time
from pathlib import Path

NEW_FILE_MODE = 0o644
STALE_TEMP_AGE_S = 3600  # where a writer's pid cannot be checked
# between '.<name>.' and '.tmp': '<pid>.<random>' (or '<random>' from before pids were added)
_TEMP_MIDDLE = re.compile(r"(?:(?P<pid>[0-9]+)\.)?[A-Za-z0-9_]+")


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically and return the path. The folder must exist."""
    target = Path(path)
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = NEW_FILE_MODE
    remove_stale_temp_files(target)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(OSError):  # not every file system keeps POSIX modes
            os.chmod(tmp_name, mode)
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    _fsync_dir(target.parent)
    return target


def remove_stale_temp_files(target: str | os.PathLike[str]) -> list[Path]:
    """Remove ``target``'s temporary files left by writers that died; return what went.

    Best effort: a file that cannot be listed or removed is left alone.
    """
    target = Path(target)
    prefix, suffix = f".{target.name}.", ".tmp"
    removed = []
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        name = entry.name
        if not (name.startswith(prefix) and name.endswith(suffix)):
            continue
        match = _TEMP_MIDDLE.fullmatch(name[len(prefix) : -len(suffix)])
        if match is None:  # another target's temporary file (``x.json.autosave`` beside ``x.json``)
            continue
        try:
            if match["pid"] is not None and os.name == "posix":
                if not _writer_gone(int(match["pid"])):
                    continue
            elif now - entry.stat(follow_symlinks=False).st_mtime < STALE_TEMP_AGE_S:
                continue
            if not entry.is_file(follow_symlinks=False):
                continue
            os.unlink(entry.path)
        except OSError:
            continue
        removed.append(Path(entry.path))
    return removed


def _writer_gone(pid: int) -> bool:
    """POSIX: no process has this pid (our own pid is a live writer: another thread)."""
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # EPERM: it exists, under another user
        return False
    return False


def atomic_write_text(path: str | os.PathLike[str], text: str, *, encoding: str = "utf-8") -> Path:
    """Encode ``text`` (no newline translation: ``\\n`` stays ``\\n``) and write it atomically."""
    return atomic_write_bytes(path, text.encode(encoding))


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable where the OS allows it (POSIX); best effort."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
