"""Speech spans with silero-vad (its weights ship inside the PyPI wheel: works offline).

We run the model's 32 ms steps ourselves instead of calling ``get_speech_timestamps``
so the stage can report progress and stop when cancelled, and so several stretches
of a long file run as one batch ("lanes"): the Python loop is the cost, not the math.
Each lane starts with fresh state, exactly as if the file began there; lanes are
long (>= 60 s), so that only touches the first few hundred ms of each.
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
    max_lanes: int = 32
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


def speech_probabilities(
    samples: np.ndarray,
    options: VadOptions | None = None,
    cancel: CancelToken | None = None,
) -> Generator[Progress, None, np.ndarray]:
    """Speech probability per 512-sample step of 16 kHz audio."""
    import torch

    opts = options or VadOptions()
    model = load_vad_model()
    steps_total = math.ceil(len(samples) / STEP)
    if steps_total == 0:
        return np.zeros(0, dtype=np.float32)
    lane_steps = max(1, int(opts.lane_s * 16000) // STEP)
    lanes = min(opts.max_lanes, math.ceil(steps_total / lane_steps))
    lane_steps = math.ceil(steps_total / lanes)
    # The lanes that lie wholly inside the samples are a view of them (no copy of hours of
    # audio); only the last, partial lane is copied and zero-padded.
    data = np.ascontiguousarray(samples, dtype=np.float32)
    lane_len = lane_steps * STEP
    whole = min(lanes, len(data) // lane_len)
    head = data[: whole * lane_len].reshape(whole, lane_steps, STEP)
    tail = np.zeros((lanes - whole) * lane_len, dtype=np.float32)
    tail[: len(data) - whole * lane_len] = data[whole * lane_len :]
    tail = tail.reshape(lanes - whole, lane_steps, STEP)
    step_in = np.empty((lanes, STEP), dtype=np.float32)
    probs = np.zeros((lanes, lane_steps), dtype=np.float32)
    model.reset_states()
    with torch.inference_mode(), _one_thread():
        for i in range(lane_steps):
            step_in[:whole] = head[:, i, :]
            step_in[whole:] = tail[:, i, :]
            out = model(torch.from_numpy(step_in), 16000)
            probs[:, i] = out.reshape(-1).numpy()
            if (i + 1) % opts.progress_every_steps == 0:
                if cancel is not None:
                    cancel.raise_if_cancelled()
                yield Progress("vad", (i + 1) * lanes, steps_total, unit="steps")
    model.reset_states()
    yield Progress("vad", steps_total, steps_total, unit="steps")
    return probs.reshape(-1)[:steps_total]


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
) -> Generator[Progress, None, list[Span]]:
    """Speech spans (ms) of mono 16 kHz float32 audio."""
    probs = yield from speech_probabilities(samples, options, cancel)
    return spans_from_probabilities(probs, len(samples), options)
