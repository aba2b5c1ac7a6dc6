"""The batch driver: takes a runner's outcomes, writes the results, counts, reports.

It is the one place that writes into the output folder, whichever runner did the work
(the Ray workers return projects; they never write), so every write is atomic and
ordered the same way: exports, then the project.
"""

from __future__ import annotations

import time
from collections.abc import Generator, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from desktop_app.batch import outputs
from desktop_app.batch.inputs import BatchItem
from desktop_app.batch.local import StageProgress
from desktop_app.batch.work import Failed, Finished, JobSpec, Skipped, failure
from desktop_app.core.errors import CutmarkError
from desktop_app.project.store import load_project


@dataclass(frozen=True)
class ItemDone:
    """One item ended: ``status`` is "done", "skipped" or "failed". A done item's
    ``warnings`` are its project's (e.g. a recording cut off part-way, analysed anyway)."""

    status: str
    source: str
    rel: str
    audio_s: float = 0.0
    outputs: tuple[str, ...] = ()
    reason: str = ""
    hint: str = ""
    attempts: int = 1
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class BatchProgress:
    files: int
    done: int
    skipped: int
    failed: int
    audio_s: float  # audio analysed by this run (skipped files not counted)
    elapsed_s: float
    current: str = ""  # the file being worked on, where the runner says
    stage: str = ""
    stage_fraction: float | None = None

    @property
    def finished(self) -> int:
        return self.done + self.skipped + self.failed


@dataclass(frozen=True)
class BatchSummary:
    files: int
    done: int
    skipped: int
    failed: int
    audio_hours: float
    wall_s: float
    audio_hours_per_hour: float  # throughput: hours of audio analysed per hour of wall time
    complete: bool  # False when the batch was interrupted
    runner: str
    failures: tuple[dict, ...] = ()
    done_with_warnings: int = 0  # of ``done``: finished, but something is worth a look
    warnings: tuple[dict, ...] = ()  # {"file", "warnings"} for each of those

    def to_dict(self) -> dict:
        return asdict(self)


def run_batch(
    items: list[BatchItem], job: JobSpec, runner: Iterable, *, runner_name: str = "local"
) -> Generator[ItemDone | BatchProgress, None, BatchSummary]:
    """Drive ``runner`` (an iterable of outcomes for ``items``); write results as they come.

    ``cutmark-batch-failures.json`` (file, reason, hint per failed item) is rewritten after
    each failure and ``cutmark-batch-summary.json`` at the end, interrupted or not.
    """
    started = time.monotonic()
    counts = {"done": 0, "skipped": 0, "failed": 0}
    audio_s = 0.0
    failures: list[dict] = []
    warned: list[dict] = []
    complete = False

    def progress(current: str = "", stage: str = "", fraction: float | None = None) -> BatchProgress:
        return BatchProgress(
            len(items), counts["done"], counts["skipped"], counts["failed"], audio_s,
            time.monotonic() - started, current, stage, fraction,
        )  # fmt: skip

    try:
        yield progress()
        for outcome in runner:
            if isinstance(outcome, StageProgress):
                p = outcome.progress
                yield progress(
                    outcome.item.source, p.stage, p.overall if p.overall is not None else p.fraction
                )
                continue
            event = _settle(outcome, job)
            counts[event.status] += 1
            if event.status == "done":
                audio_s += event.audio_s
                if event.warnings:
                    warned.append({"file": event.source, "warnings": list(event.warnings)})
            elif event.status == "failed":
                failures.append(
                    {
                        "file": event.source,
                        "reason": event.reason,
                        "hint": event.hint,
                        "attempts": event.attempts,
                    }
                )
                outputs.write_report(job.out_dir, outputs.FAILURES_FILE, {"failures": failures})
            yield event
            yield progress()
        complete = True
    finally:
        wall = time.monotonic() - started
        summary = BatchSummary(
            files=len(items),
            **counts,
            audio_hours=round(audio_s / 3600, 4),
            wall_s=round(wall, 2),
            audio_hours_per_hour=round(audio_s / wall, 2) if wall > 0 else 0.0,
            complete=complete,
            runner=runner_name,
            failures=tuple(failures),
            done_with_warnings=len(warned),
            warnings=tuple(warned),
        )
        if not failures:  # a clean run leaves no stale failure list from an earlier one
            (Path(job.out_dir) / outputs.FAILURES_FILE).unlink(missing_ok=True)
        try:
            outputs.write_report(job.out_dir, outputs.SUMMARY_FILE, summary.to_dict())
        except CutmarkError:
            if complete:
                raise
    return summary


def _settle(outcome, job: JobSpec) -> ItemDone:
    """Write what an outcome needs written; a write that fails makes the item failed."""
    item = outcome.item
    try:
        if isinstance(outcome, Finished):
            written = outputs.write_item(outcome.project, job.out_dir, item.rel, job.exports, job.cut)
            return ItemDone(
                "done",
                item.source,
                item.rel,
                outcome.audio_s,
                tuple(map(str, written)),
                attempts=outcome.attempts,
                warnings=tuple(map(str, outcome.project.analysis.options.get("warnings") or ())),
            )
        if isinstance(outcome, Skipped):
            written = []
            if outcome.missing_exports:  # e.g. a rerun asking for one more format
                project = load_project(outputs.project_path(job.out_dir, item.rel))
                written = outputs.write_exports(
                    project, job.out_dir, item.rel, outcome.missing_exports, job.cut
                )
            return ItemDone("skipped", item.source, item.rel, outputs=tuple(map(str, written)))
    except Exception as exc:
        outcome = failure(item, exc)
    if not isinstance(outcome, Failed):
        raise TypeError(f"a runner yielded {outcome!r}")
    return ItemDone(
        "failed", item.source, item.rel, reason=outcome.reason, hint=outcome.hint, attempts=outcome.attempts
    )
