"""Many files from the window: the same batch as ``cutmark batch`` (one model load, results
in an output folder, a rerun skips what is done), as a job for a worker thread.

The window's batch dialog builds a :class:`BatchRequest` and runs :func:`batch_work`'s
generator off the main thread. It yields :class:`Progress` for the bar (overall = files
finished plus the share of the current one) and the batch driver's :class:`ItemDone` for
each file, and returns the :class:`BatchSummary`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Generator
from dataclasses import dataclass
from pathlib import Path

from desktop_app.batch import outputs
from desktop_app.batch.inputs import collect_items
from desktop_app.batch.local import run_local
from desktop_app.batch.run import BatchProgress, BatchSummary, ItemDone, run_batch
from desktop_app.batch.work import JobSpec
from desktop_app.core.errors import CutmarkError
from desktop_app.core.progress import CancelToken, Progress, relay
from desktop_app.pipeline import AnalysisOptions
from desktop_app.session.engine import EngineHolder

STAGE = "batch"  # the Progress stage the bar shows; its message names the file


class BatchInputError(CutmarkError):
    """Nothing to do: no media among the inputs, or no output folder."""


@dataclass(frozen=True)
class BatchRequest:
    inputs: tuple[str, ...]  # files and folders (folders: every media file below them)
    out_dir: Path | None  # None: not chosen yet
    exports: tuple[str, ...] = ("srt",)
    overwrite: bool = False  # redo files whose results came from another model or options
    vad_only: bool = False
    model: str | None = None
    device: str = "auto"


def project_of(done: ItemDone, out_dir: Path) -> Path | None:
    """The project file a finished (or skipped: done before) item has in ``out_dir``."""
    if done.status not in ("done", "skipped"):
        return None
    return outputs.project_path(out_dir, done.rel)


def batch_work(
    request: BatchRequest, engines: EngineHolder
) -> Callable[[CancelToken], Generator[object, None, BatchSummary]]:
    """``work(cancel)`` for a worker thread. Nothing is read or loaded until it runs; an
    empty input list or a missing output folder raises :class:`BatchInputError` at once."""
    if not request.inputs:
        raise BatchInputError("No files to analyse.", hint="Add files or a folder first.")
    if request.out_dir is None:
        raise BatchInputError("No folder for the results.", hint="Choose where the results go.")

    def work(cancel: CancelToken):
        items = collect_items(list(request.inputs))
        if not items:
            raise BatchInputError(
                "There are no video or audio files in what was added.",
                hint="Add video or audio files, or a folder that holds some.",
            )
        source = None if request.vad_only else engines.source(request.model, request.device)
        folder = source.folder() if source is not None else None  # a missing model stops it here
        out = Path(request.out_dir)
        out.mkdir(parents=True, exist_ok=True)
        job = JobSpec(
            out_dir=os.path.abspath(out),
            options=AnalysisOptions(vad_only=request.vad_only),
            model_folder=folder,
            exports=tuple(request.exports),
            overwrite=request.overwrite,
        )
        engine = source.loaded if source is not None else None
        runner = run_local(items, job, device=request.device, engine=engine, cancel=cancel)
        return (yield from relay(run_batch(items, job, runner), _for_the_bar))

    return work


def _for_the_bar(event):
    if isinstance(event, BatchProgress):
        share = event.stage_fraction if event.current else 0.0
        overall = (event.finished + (share or 0.0)) / event.files if event.files else 1.0
        name = Path(event.current).name if event.current else ""
        return Progress(STAGE, event.finished, event.files, "files", name, min(1.0, overall))
    return event  # ItemDone: one per file
