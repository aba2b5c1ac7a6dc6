"""The batch on this machine: one model load, the files one after the other. Needs no Ray."""

from __future__ import annotations

from collections.abc import Generator, Iterable
from dataclasses import dataclass

from desktop_app.batch.inputs import BatchItem
from desktop_app.batch.work import Failed, Finished, JobSpec, Skipped, failure, finish_item, prepare_item
from desktop_app.core.errors import Cancelled
from desktop_app.core.progress import CancelToken, Progress, relay


@dataclass(frozen=True)
class StageProgress:
    """Progress inside one item (the local runner only: Ray workers report whole items)."""

    item: BatchItem
    progress: Progress


Outcome = Skipped | Failed | Finished


def run_local(
    items: Iterable[BatchItem],
    job: JobSpec,
    *,
    device: str = "auto",
    engine=None,
    cancel: CancelToken | None = None,
) -> Generator[Outcome | StageProgress, None, None]:
    """Yield each item's outcome. The model is loaded when the first item needs it (a
    rerun that skips everything loads nothing); a model that cannot load stops the batch
    with its error, a bad file only fails that file."""
    identity = None
    for item in items:
        if cancel is not None:
            cancel.raise_if_cancelled()
        if identity is None:  # resolves the device (no weights read); its error stops the batch
            identity = job.identity(engine.device if engine is not None else _resolved(device, job))
        try:
            prepared = yield from _staged(item, prepare_item(item, job, identity, cancel))
        except Cancelled:
            raise
        except Exception as exc:  # one bad file must not stop the batch
            yield failure(item, exc)
            continue
        if isinstance(prepared, Skipped):
            yield prepared
            continue
        if job.uses_model and engine is None:
            from desktop_app.pipeline import load_engine

            engine = load_engine(job.model_folder, device)
            engine.prepare(job.options.transcribe)
        try:
            project = yield from _staged(item, finish_item(prepared, job, engine, cancel))
        except Cancelled:
            raise
        except Exception as exc:
            yield failure(item, exc)
            continue
        yield Finished(item, project)


def _resolved(device: str, job: JobSpec) -> str:
    if not job.uses_model or str(device).strip().lower() == "cpu":
        return "cpu"  # the precision rule needs no torch for these
    from desktop_app.transcribe.devices import resolve_device

    return resolve_device(device)


def _staged(item: BatchItem, gen):
    """Re-yield a stage's progress tagged with its item; return the stage's result."""
    return (
        yield from relay(
            gen, lambda value: StageProgress(item, value) if isinstance(value, Progress) else None
        )
    )
