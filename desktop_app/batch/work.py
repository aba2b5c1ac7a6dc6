"""The two halves of one item's work, shared by the local and the Ray runner.

``prepare_item`` is CPU work (content hash, the done check, probe, decode, VAD,
windows); ``finish_item`` needs the speech model (transcription, events). Both are
:mod:`desktop_app.pipeline`'s own stages, so a batch writes the same projects as
``cutmark process``.
"""

from __future__ import annotations

import traceback
from collections.abc import Generator
from dataclasses import dataclass, field

from desktop_app.batch import outputs
from desktop_app.batch.inputs import BatchItem
from desktop_app.core.errors import CutmarkError, OutputExistsError, UnreadableMediaError
from desktop_app.core.progress import CancelToken, Progress
from desktop_app.edit.request import CutRequest
from desktop_app.pipeline import (
    VAD_ONLY_MODEL_ID,
    AnalysisOptions,
    PreparedAudio,
    analysis_identity,
    finish_analysis,
    prepare_audio,
)
from desktop_app.project.cache import content_hash
from desktop_app.project.schema import Project


@dataclass(frozen=True)
class JobSpec:
    """Everything a worker needs besides the item; small and picklable (it travels to Ray)."""

    out_dir: str
    options: AnalysisOptions = field(default_factory=AnalysisOptions)
    model_folder: str | None = None  # None: speech detection only
    exports: tuple[str, ...] = ("srt",)
    overwrite: bool = False  # replace a project made with another file, model or options
    cut: CutRequest | None = None  # the exports follow this cut (None: the whole source)

    @property
    def model_id(self) -> str:
        return self.model_folder if self.model_folder and not self.options.vad_only else VAD_ONLY_MODEL_ID

    @property
    def uses_model(self) -> bool:
        return self.model_id != VAD_ONLY_MODEL_ID

    def identity(self, device: str) -> dict:
        """The analysis identity (model files, precision on ``device``, Cutmark's analysis
        version) that a finished item's project must carry to count as done."""
        folder = self.model_folder if self.uses_model else None
        return analysis_identity(self.options, folder, device)


@dataclass(frozen=True)
class Skipped:
    item: BatchItem
    missing_exports: tuple[str, ...] = ()


@dataclass(frozen=True)
class Failed:
    item: BatchItem
    reason: str
    hint: str = ""
    attempts: int = 1
    detail: str = ""  # a traceback, for errors we did not expect


@dataclass(frozen=True, eq=False)
class Prepared:
    item: BatchItem
    audio: PreparedAudio

    @property
    def audio_s(self) -> float:
        return self.audio.duration_ms / 1000


@dataclass(frozen=True, eq=False)
class Finished:
    item: BatchItem
    project: Project
    attempts: int = 1

    @property
    def audio_s(self) -> float:
        return self.project.analysis.media.duration_ms / 1000


def failure(item: BatchItem, exc: BaseException, attempts: int = 1) -> Failed:
    """A recorded failure: the library's message and hint, or the unexpected error's type,
    message and traceback."""
    if isinstance(exc, CutmarkError):
        return Failed(item, exc.message, exc.hint, attempts)
    detail = "".join(traceback.format_exception(exc))
    return Failed(item, f"unexpected {type(exc).__name__}: {exc}", "", attempts, detail)


def prepare_item(
    item: BatchItem, job: JobSpec, identity: dict, cancel: CancelToken | None = None
) -> Generator[Progress, None, Prepared | Skipped]:
    """Skip a finished item (its project carries the same content, ``identity`` and
    options: :meth:`JobSpec.identity`); else decode it and find its speech. Raises the
    library's errors."""
    if item.problem:
        raise UnreadableMediaError(item.problem, hint="", path=item.source)
    digest = content_hash(item.source)
    wanted = outputs.fingerprint(digest, identity, job.options.to_dict())
    found = outputs.existing(job.out_dir, item.rel, wanted, job.exports)
    if found.state == "done":
        return Skipped(item, found.missing_exports)
    if found.state == "stale" and not job.overwrite:
        raise OutputExistsError(
            f"{found.why}; it was left as it is.",
            hint="Pass '--overwrite' to replace it, or choose another '--out' folder.",
            path=str(outputs.project_path(job.out_dir, item.rel)),
        )
    audio = yield from prepare_audio(
        item.source, job.options, cancel, precomputed_hash=digest, use_model=job.uses_model
    )
    return Prepared(item, audio)


def finish_item(
    prepared: Prepared, job: JobSpec, engine, cancel: CancelToken | None = None
) -> Generator[Progress, None, Project]:
    """Transcribe the prepared windows (``engine`` None: speech detection only) -> the project."""
    return (
        yield from finish_analysis(prepared.audio, job.options, engine if job.uses_model else None, cancel)
    )
