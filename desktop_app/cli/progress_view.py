"""Terminal progress: a one-line bar on a TTY, JSON lines for other programs, or nothing."""

from __future__ import annotations

import json
import sys
import time
from typing import TextIO

from desktop_app.core.progress import Progress
from desktop_app.core.timebase import format_clock


class _View:
    """``mode``: "bar" (a line on ``stream``, stderr), "json" (lines on ``json_stream``,
    stdout), "none", or "auto" (a bar on a terminal, else nothing)."""

    def __init__(self, mode: str = "auto", stream: TextIO | None = None, json_stream: TextIO | None = None):
        self.stream = stream or sys.stderr
        self.json_stream = json_stream or sys.stdout
        if mode == "auto":
            mode = "bar" if self.stream.isatty() else "none"
        self.mode = mode
        self._last = 0.0

    def event(self, kind: str, **fields) -> None:
        if self.mode == "json":
            print(
                json.dumps({"event": kind, **fields}, ensure_ascii=False), file=self.json_stream, flush=True
            )


class ProgressView(_View):
    def __init__(self, mode: str = "auto", stream: TextIO | None = None, json_stream: TextIO | None = None):
        super().__init__(mode, stream, json_stream)
        self._started = time.monotonic()
        self._file = ""
        self._stage = ""

    def start_file(self, name: str, index: int, count: int) -> None:
        self._file, self._stage = name, ""
        self._started = time.monotonic()
        self._index, self._count = index, count
        self.event("start", file=name, index=index, count=count)

    def progress(self, p: Progress) -> None:
        now = time.monotonic()
        if self.mode == "json":  # each stage's first report goes out: a reader sees every stage
            if p.stage != self._stage or now - self._last >= 0.5 or (p.overall or 0) >= 1.0:
                self._last, self._stage = now, p.stage
                self.event(
                    "progress", file=self._file, stage=p.stage, done=p.done, total=p.total, overall=p.overall
                )
        elif self.mode == "bar" and now - self._last >= 0.1:
            self._last = now
            frac = p.overall if p.overall is not None else (p.fraction or 0.0)
            width = 28
            filled = int(frac * width)
            eta = ""
            elapsed = now - self._started
            if 0.02 < frac < 1.0 and elapsed > 1.0:
                eta = " ETA " + format_clock(int(elapsed * (1 - frac) / frac * 1000), hours=False)[:-4]
            line = (
                f"\r[{self._index}/{self._count}] [{'#' * filled}{'-' * (width - filled)}] "
                f"{frac * 100:3.0f}% {p.stage:<10}{eta} {self._file[-40:]}"
            )
            self.stream.write(line[:160].ljust(100))
            self.stream.flush()

    def finish_line(self) -> None:
        if self.mode == "bar":
            self.stream.write("\r" + " " * 100 + "\r")
            self.stream.flush()


class BatchView(_View):
    """A batch's overall progress: files and audio hours on one line, or JSON lines."""

    def progress(self, p, *, force: bool = False) -> None:
        """``p`` is a :class:`desktop_app.batch.run.BatchProgress`."""
        now = time.monotonic()
        if not force and now - self._last < (0.5 if self.mode == "json" else 0.1):
            return
        self._last = now
        frac = (p.finished + (p.stage_fraction or 0.0)) / p.files if p.files else 1.0
        if self.mode == "json":
            self.event(
                "progress",
                files=p.files,
                finished=p.finished,
                done=p.done,
                skipped=p.skipped,
                failed=p.failed,
                audio_hours=round(p.audio_s / 3600, 4),
                elapsed_s=round(p.elapsed_s, 1),
                overall=round(frac, 4),
                file=p.current or None,
            )
        elif self.mode == "bar":
            width = 24
            filled = int(min(frac, 1.0) * width)
            speed = f" {p.audio_s / p.elapsed_s:.0f}x" if p.elapsed_s > 1 and p.audio_s else ""
            eta = ""
            if 0.0 < frac < 1.0 and p.elapsed_s > 2:
                eta = " ETA " + format_clock(int(p.elapsed_s * (1 - frac) / frac * 1000), hours=False)[:-4]
            line = (
                f"\r[{p.finished}/{p.files} files] [{'#' * filled}{'-' * (width - filled)}] {frac * 100:3.0f}% "
                f"{p.audio_s / 3600:.2f} h audio{speed}{eta}"
                f"{' · failed ' + str(p.failed) if p.failed else ''} {p.current[-30:]}"
            )
            self.stream.write(line[:160].ljust(110))
            self.stream.flush()

    def finish_line(self) -> None:
        if self.mode == "bar":
            self.stream.write("\r" + " " * 110 + "\r")
            self.stream.flush()
