"""The batch on a Ray cluster (``pip install 'cutmark[cluster]'``; only ``cutmark batch
--ray`` imports this module, and it imports Ray only inside its functions).

- Decoding, the done check and VAD run as Ray *tasks* (one CPU each), ahead of the
  model: a bounded number of prepared files wait, so the model workers never starve
  and memory stays bounded (a prepared hour of audio is ~230 MB of samples, shared
  through Ray's object store without a copy).
- A pool of *actors* each loads the model once (``--gpus-per-worker`` of a GPU, or
  ``--cpus-per-worker`` cores) and turns prepared files into projects, which come
  back to the driver; the driver writes every file (:mod:`desktop_app.batch.run`).
- A bad file comes back as a recorded failure; a worker process that dies (out of
  memory, a driver crash) is replaced and its file retried, at most ``max_attempts``
  times in all.
"""

from __future__ import annotations

import collections
import contextlib
import os
from collections.abc import Generator, Iterator
from dataclasses import dataclass

from desktop_app.batch.inputs import BatchItem
from desktop_app.batch.work import (
    Failed,
    Finished,
    JobSpec,
    Prepared,
    Skipped,
    failure,
    finish_item,
    prepare_item,
)
from desktop_app.core.errors import CutmarkError
from desktop_app.core.progress import drive

READY_TIMEOUT_S = 900  # a worker's model load (a cold network disk, a first CUDA start)


class ClusterError(CutmarkError):
    hint = "Start the cluster with 'ray start --head' (or pass its address), or run without --ray."


@dataclass(frozen=True)
class RayPlan:
    workers: int
    gpus_per_worker: float
    cpus_per_worker: float
    device: str
    cluster_cpus: float
    cluster_gpus: float


def _ray():
    try:
        import ray
    except ImportError:
        raise ClusterError(
            "Ray is not installed, so '--ray' cannot be used.",
            hint="Install it with: pip install 'cutmark[cluster]'  (or drop --ray to run on this machine).",
        ) from None
    return ray


@contextlib.contextmanager
def connect(address: str, *, num_cpus: int | None = None) -> Iterator[None]:
    """Join the Ray cluster at ``address`` ("auto": the one started with ``ray start``
    on this machine or ``$RAY_ADDRESS``; "local": a private one for this run). A runtime
    that is already initialised in this process is used as it is and left running."""
    ray = _ray()
    if ray.is_initialized():
        yield
        return
    kwargs = {"include_dashboard": False, "logging_level": "ERROR", "log_to_driver": False}
    try:
        if address == "local":
            ray.init(num_cpus=num_cpus, **kwargs)
        else:
            ray.init(address=address, **kwargs)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        raise ClusterError(f"cannot join the Ray cluster at {address!r}: {exc}") from exc
    try:
        yield
    finally:
        ray.shutdown()


def plan(
    gpus_per_worker: float | None = None, cpus_per_worker: float = 1.0, workers: int | None = None
) -> RayPlan:
    """How many model workers the cluster can hold, and on what (``gpus_per_worker`` None:
    one GPU each when the cluster has GPUs, else CPU workers)."""
    ray = _ray()
    resources = ray.cluster_resources()
    cpus, gpus = float(resources.get("CPU", 0)), float(resources.get("GPU", 0))
    if gpus_per_worker is None:
        gpus_per_worker = 1.0 if gpus >= 1 else 0.0
    if gpus_per_worker > 0:
        if gpus < gpus_per_worker:
            raise ClusterError(
                f"the cluster has {gpus:g} GPUs; a worker needs {gpus_per_worker:g}.",
                hint="Pass '--gpus-per-worker 0' to run the model on CPUs, or add GPU nodes.",
            )
        fit = int(gpus // gpus_per_worker)
    else:  # CPU workers: leave a core in eight (at least one) for decoding and VAD
        fit = max(1, int((cpus - max(1, cpus // 8)) // max(cpus_per_worker, 1e-9)))
    count = min(workers, fit) if workers else fit
    return RayPlan(
        workers=max(1, count),
        gpus_per_worker=gpus_per_worker,
        cpus_per_worker=cpus_per_worker,
        device="cuda" if gpus_per_worker > 0 else "cpu",
        cluster_cpus=cpus,
        cluster_gpus=gpus,
    )


def prepare_task(item: BatchItem, job: JobSpec, identity: dict):
    """Ray task: (what the driver needs to know, the prepared audio or None)."""
    try:
        result = drive(prepare_item(item, job, identity))
    except Exception as exc:  # reported as the item's failure, not as a task error
        return failure(item, exc), None
    if isinstance(result, Skipped):
        return result, None
    return ("prepared", result.audio_s), result


class ModelWorker:
    """Ray actor: one model load, then one prepared file after another."""

    def __init__(self, job: JobSpec, device: str, threads: int) -> None:
        self.job = job
        self.engine = None
        self.error: tuple[str, str] | None = None
        self.node = os.uname().nodename
        if job.uses_model:
            try:
                from desktop_app.pipeline import model_cache_dir
                from desktop_app.transcribe.engine import SenseVoiceEngine

                # the cache folder keeps the int8 weights: a worker does not quantize at every start
                self.engine = SenseVoiceEngine(
                    job.model_folder, device, threads=max(1, threads), cache_dir=model_cache_dir()
                )
                self.engine.prepare(job.options.transcribe)
            except CutmarkError as exc:
                self.error = (exc.message, exc.hint)
            except Exception as exc:  # reported by ready(), the batch stops with it
                self.error = (f"{type(exc).__name__}: {exc}", "")

    def ready(self) -> tuple[str, tuple[str, str] | None]:
        return self.node, self.error

    def run(self, prepared: Prepared, attempts: int) -> Finished | Failed:
        try:
            project = drive(finish_item(prepared, self.job, self.engine))
        except Exception as exc:
            return failure(prepared.item, exc, attempts)
        return Finished(prepared.item, project, attempts)


def run_ray(
    items: list[BatchItem],
    job: JobSpec,
    layout: RayPlan,
    *,
    max_attempts: int = 3,
    worker_class: type = ModelWorker,
) -> Generator[Skipped | Failed | Finished, None, None]:
    """Yield each item's outcome as it ends (not in input order)."""
    ray = _ray()
    from ray.exceptions import GetTimeoutError, RayActorError, RayError

    prepare = ray.remote(num_cpus=1, num_returns=2, max_retries=2)(prepare_task)
    actor_cls = ray.remote(worker_class).options(
        num_cpus=layout.cpus_per_worker, num_gpus=layout.gpus_per_worker, max_restarts=0
    )

    def new_worker():
        return actor_cls.remote(job, layout.device, int(max(1, layout.cpus_per_worker)))

    workers = [new_worker() for _ in range(layout.workers)]
    try:
        checks = ray.get([w.ready.remote() for w in workers], timeout=READY_TIMEOUT_S)
    except GetTimeoutError:
        for w in workers:
            ray.kill(w)
        raise ClusterError(
            f"the model workers did not start within {READY_TIMEOUT_S} s; the cluster may lack "
            f"the resources they ask for ({layout.cpus_per_worker:g} CPU, {layout.gpus_per_worker:g} GPU each)."
        ) from None
    except RayActorError as exc:
        raise ClusterError(f"a model worker died while starting: {exc}") from exc
    errors = [err for _, err in checks if err]
    if errors:
        for w in workers:
            ray.kill(w)
        message, hint = errors[0]
        raise ClusterError(f"a model worker could not load the model: {message}", hint=hint or None)

    identity = job.identity(layout.device)  # the workers' device: what their projects carry
    queue = collections.deque(items)
    preparing: dict = {}  # meta ref -> (item, payload ref)
    waiting: collections.deque = collections.deque()  # (item, payload ref, attempts)
    running: dict = {}  # result ref -> (worker, item, payload ref, attempts)
    idle = list(workers)
    ahead = 2 * layout.workers + 1  # prepared files allowed to wait for a worker
    replaced = 0
    try:
        while queue or preparing or waiting or running:
            while queue and len(preparing) + len(waiting) < ahead:
                item = queue.popleft()
                meta, payload = prepare.remote(item, job, identity)
                preparing[meta] = (item, payload)
            while waiting and idle:
                worker = idle.pop()
                item, payload, attempts = waiting.popleft()
                running[worker.run.remote(payload, attempts)] = (worker, item, payload, attempts)
            ready, _ = ray.wait([*preparing, *running], num_returns=1, timeout=5.0)
            for ref in ready:
                if ref in preparing:
                    item, payload = preparing.pop(ref)
                    try:
                        meta = ray.get(ref)
                    except RayError as exc:  # the task's process died each time it was tried
                        yield Failed(item, f"decoding failed on the cluster: {exc}", "")
                        continue
                    if isinstance(meta, Skipped | Failed):
                        yield meta
                    else:
                        waiting.append((item, payload, 1))
                    continue
                worker, item, payload, attempts = running.pop(ref)
                try:
                    outcome = ray.get(ref)
                except RayActorError:
                    with contextlib.suppress(Exception):
                        ray.kill(worker)
                    replaced += 1
                    if replaced > layout.workers * max_attempts + 2:
                        raise ClusterError(
                            f"model workers died {replaced} times; stopping the batch.",
                            hint="Look at the Ray logs (/tmp/ray/session_latest/logs) for the cause: "
                            "memory (lower --cpus-per-worker load or use bigger nodes), drivers, disks.",
                        ) from None
                    idle.append(new_worker())
                    if attempts < max_attempts:
                        waiting.appendleft((item, payload, attempts + 1))
                    else:
                        yield Failed(
                            item,
                            f"the worker processing it died {attempts} times",
                            "Check the file and the Ray logs; a file that crashes the model is "
                            "worth a bug report.",
                            attempts,
                        )
                    continue
                idle.append(worker)
                yield outcome
    finally:
        for worker in [*idle, *(w for w, *_ in running.values())]:
            with contextlib.suppress(Exception):
                ray.kill(worker)
