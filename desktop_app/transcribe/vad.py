"""Speech spans with silero-vad (its weights ship inside the PyPI wheel: works offline).

We run the model's 32 ms steps ourselves instead of calling ``get_speech_timestamps``
so the stage can report progress and stop when cancelled, and so several stretches
of a long file run as one batch ("lanes"): the Python loop is the cost, not the math.
Each lane starts with fresh state, exactly as if the file began there; lanes are
long (60 s), so that only touches the first few hundred ms of each. Lanes sit at fixed
places (every ``lane_s`` from the start, whatever the file's length), so the first
minute's speech is known before the rest of the file is decoded, and finding it then
gives exactly what the whole file's run gives.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Generator
from dataclasses import dataclass

import numpy as np

from desktop_app.core.errors import CutmarkError
from desktop_app.core.model import Span
from desktop_app.core.progress import CancelToken, Progress

STEP = 512  # samples per silero step at 16 kHz


@dataclass(frozen=True)
class VadOptions:
    threshold: float = 0.5
    min_speech_ms: int = 250
    min_silence_ms: int = 300
    speech_pad_ms: int = 100
    lane_s: float = 60.0  # audio per lane; lanes run as one batch
    max_lanes: int = 64  # an hour's 60 lanes in one batch: ~2.4 s on 2 cores (32: ~3.2 s)
    progress_every_steps: int = 200


_MODEL = None


def load_vad_model():
    """silero-vad's TorchScript model, loaded once per process.

    Importing ``silero_vad`` calls ``torch.set_num_threads(1)`` for the whole process;
    that would leave the speech model on one core, so the thread count is put back.
    """
    global _MODEL
    if _MODEL is None:
        import torch

        threads = torch.get_num_threads()
        try:
            from silero_vad import load_silero_vad
        except ImportError as exc:  # pragma: no cover - a broken install
            raise CutmarkError(
                "silero-vad is not installed.", hint="Reinstall Cutmark: pip install cutmark"
            ) from exc
        finally:
            torch.set_num_threads(threads)
        _MODEL = load_silero_vad()
    return _MODEL


@contextlib.contextmanager
def _one_thread():
    """silero's steps are tiny: more than one intra-op thread makes them several times
    slower (thread wake-ups per step). Run them on one, then restore the count."""
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)


def lane_steps(options: VadOptions | None = None) -> int:
    """Steps per lane: lane ``k`` is steps ``[k * lane_steps, (k + 1) * lane_steps)`` of
    any file, whatever its length, so a lane's probabilities are known as soon as its
    audio is (:func:`desktop_app.pipeline.analyze` finds speech in the first minute
    while the rest still decodes)."""
    opts = options or VadOptions()
    return max(1, int(opts.lane_s * 16000) // STEP)


def speech_probabilities(
    samples: np.ndarray,
    options: VadOptions | None = None,
    cancel: CancelToken | None = None,
    *,
    known: np.ndarray | None = None,
) -> Generator[Progress, None, np.ndarray]:
    """Speech probability per 512-sample step of 16 kHz audio.

    ``known``: probabilities from an earlier call on a prefix of the same samples; its
    whole lanes are kept as they are and only the lanes after them are run."""
    import torch

    opts = options or VadOptions()
    model = load_vad_model()
    steps_total = math.ceil(len(samples) / STEP)
    lane = lane_steps(opts)
    lanes_total = math.ceil(steps_total / lane)
    rounds = _rounds(lanes_total, opts.max_lanes)
    whole_known = 0 if known is None else min(len(known) // lane, steps_total // lane)
    # known lanes are kept up to a round's start: a lane's numbers are exactly the same
    # only when it ran in a batch of the same size
    first = max((k0 for k0, _ in rounds if k0 <= whole_known), default=0)
    probs = np.zeros(lanes_total * lane, dtype=np.float32)
    if first:
        probs[: first * lane] = known[: first * lane]
    todo = steps_total - first * lane
    done = 0
    data = np.ascontiguousarray(samples, dtype=np.float32)
    with torch.inference_mode(), _one_thread():
        for k0, k1 in rounds:
            if k0 < first:
                continue
            steps = min(lane, steps_total - k0 * lane)  # a lone last lane runs only its own steps
            out = probs[k0 * lane : k1 * lane].reshape(k1 - k0, lane)
            lanes = _lane_view(data, k0, k1, lane)
            done += yield from _run_lanes(model, lanes, out, steps, opts, cancel, (done, todo))
    yield Progress("vad", todo, todo, unit="steps")
    return probs[:steps_total]


def _rounds(lanes_total: int, max_lanes: int) -> list[tuple[int, int]]:
    """Which lanes run together: the first alone (it is what the pipeline runs early,
    while the file still decodes), then ``max_lanes`` at a time."""
    bounds = [0, *range(1, lanes_total, max(1, max_lanes)), lanes_total] if lanes_total else [0]
    return [(a, b) for a, b in zip(bounds[:-1], bounds[1:], strict=True) if b > a]


def _lane_view(data: np.ndarray, k0: int, k1: int, lane: int) -> tuple[np.ndarray, np.ndarray]:
    """Lanes ``k0..k1-1`` as ``(whole, tail)``, each (lanes, lane, STEP): ``whole`` a view of
    the samples where the lanes lie wholly inside them, ``tail`` the zero-padded partial
    last lane (if any). Kept apart, not concatenated: joining them would copy the round's
    audio (up to an hour of it) once more."""
    lane_len = lane * STEP
    start = k0 * lane_len
    whole = min(k1 - k0, max(0, (len(data) - start) // lane_len))
    head = data[start : start + whole * lane_len].reshape(whole, lane, STEP)
    tail = np.zeros((k1 - k0 - whole) * lane_len, dtype=np.float32)
    rest = data[start + whole * lane_len : start + (k1 - k0) * lane_len]
    tail[: len(rest)] = rest
    return head, tail.reshape(-1, lane, STEP)


def _run_lanes(
    model,
    lanes: tuple[np.ndarray, np.ndarray],
    out: np.ndarray,
    steps: int,
    opts: VadOptions,
    cancel,
    progress,
):
    """Lanes in lockstep from a fresh state (each as if the file began there); returns
    the steps of audio they covered."""
    import torch

    done, todo = progress  # steps reported before these lanes, and for the whole call
    head, tail = lanes
    whole, n = head.shape[0], head.shape[0] + tail.shape[0]
    step_in = np.empty((n, STEP), dtype=np.float32)
    model.reset_states()
    for i in range(steps):
        step_in[:whole] = head[:, i, :]
        step_in[whole:] = tail[:, i, :]
        out[:, i] = model(torch.from_numpy(step_in), 16000).reshape(-1).numpy()
        if (i + 1) % opts.progress_every_steps == 0:
            if cancel is not None:
                cancel.raise_if_cancelled()
            yield Progress("vad", min(todo, done + (i + 1) * n), todo, unit="steps")
    model.reset_states()
    return steps * n


def spans_from_probabilities(
    probs: np.ndarray, n_samples: int, options: VadOptions | None = None
) -> list[Span]:
    from silero_vad.utils_vad import get_speech_timestamps_from_probs

    opts = options or VadOptions()
    stamps = get_speech_timestamps_from_probs(
        [float(p) for p in probs],
        sampling_rate=16000,
        threshold=opts.threshold,
        min_speech_duration_ms=opts.min_speech_ms,
        min_silence_duration_ms=opts.min_silence_ms,
        speech_pad_ms=opts.speech_pad_ms,
        audio_length_samples=n_samples,
    )
    return [Span(s["start"] * 1000 // 16000, s["end"] * 1000 // 16000) for s in stamps]


def speech_spans(
    samples: np.ndarray,
    options: VadOptions | None = None,
    cancel: CancelToken | None = None,
    *,
    known: np.ndarray | None = None,
) -> Generator[Progress, None, list[Span]]:
    """Speech spans (ms) of mono 16 kHz float32 audio (``known``: as for :func:`speech_probabilities`)."""
    probs = yield from speech_probabilities(samples, options, cancel, known=known)
    return spans_from_probabilities(probs, len(samples), options)
