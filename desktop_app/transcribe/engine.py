"""SenseVoiceSmall through funasr: load once, then transcribe many windows in batches.

We load the model through ``funasr.AutoModel`` exactly as published (its built-in
SenseVoiceSmall class, not ``trust_remote_code``), then run the model's own pieces
(frontend, query embeddings, encoder, CTC head) over batches of our windows. That is
what ``SenseVoiceSmall.inference`` does for one clip, but it lets us batch windows
sorted by length, keep each tag's probability, take word times from the same CTC
pass, and stop between batches.
"""

from __future__ import annotations

import contextlib
import copy
import io
import logging
import os
import threading
import time
import warnings
from collections.abc import Generator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from desktop_app.core.errors import DeviceError, ModelError, ModelIncompleteError
from desktop_app.core.model import Segment, Window, Word
from desktop_app.core.progress import CancelToken, Notice, Progress
from desktop_app.transcribe.models import check_model_dir, diagnose_model_dir
from desktop_app.transcribe.tags import parse_output, tag_kind

log = logging.getLogger(__name__)

FRAME_MS = 60  # one encoder frame: 10 ms fbank hop x LFR 6
QUERY_FRAMES = 4  # language, emotion, event, text-norm slots before the speech frames
LANGUAGES = ("auto", "zh", "en", "yue", "ja", "ko")


QUANTIZE_CHOICES = ("none", "int8")
PRECISION_CHOICES = ("auto", "fp32", "fp16")
GPU_BATCH_FACTOR = 4  # on a GPU, batches hold this many times max_batch windows and batch_seconds


@dataclass(frozen=True)
class TranscribeOptions:
    """How windows go through the model.

    ``max_batch`` and ``batch_seconds`` bound a batch on the CPU; a GPU takes
    ``GPU_BATCH_FACTOR`` times both. ``quantize="int8"``: dynamic int8 Linear layers
    (CPU only, about 3x faster; off by default until ``cutmark doctor compare-int8``
    shows it agrees with fp32 on the real weights). ``precision``: ``"auto"`` is fp16
    autocast on CUDA (the CTC head stays fp32) and fp32 elsewhere.
    """

    language: str = "auto"
    use_itn: bool = True
    word_timestamps: bool = True
    max_batch: int = 16  # windows per batch
    batch_seconds: float = 90.0  # padded audio per batch (sets peak memory)
    quantize: str = "none"  # "none" | "int8"
    precision: str = "auto"  # "auto" | "fp32" | "fp16"

    def __post_init__(self) -> None:
        if self.quantize not in QUANTIZE_CHOICES:
            raise ValueError(f"quantize must be one of {QUANTIZE_CHOICES}, not {self.quantize!r}")
        if self.precision not in PRECISION_CHOICES:
            raise ValueError(f"precision must be one of {PRECISION_CHOICES}, not {self.precision!r}")


@dataclass(frozen=True)
class SegmentsReady:
    """Yielded as each batch finishes, so the timeline fills while the rest runs."""

    segments: tuple[Segment, ...]


def _is_cjk(ch: str) -> bool:
    code = ord(ch)
    return (
        0x3040 <= code <= 0x30FF  # kana
        or 0x3400 <= code <= 0x9FFF  # CJK ideographs
        or 0xAC00 <= code <= 0xD7AF  # hangul syllables
        or 0xF900 <= code <= 0xFAFF
    )


def words_from_pieces(pieces: Sequence[tuple[str, int, int]]) -> list[Word]:
    """Sentencepiece pieces with times -> words. '▁' starts a word; CJK characters are words."""
    words: list[list] = []
    new_word = True
    for piece, start, end in pieces:
        if piece.startswith("<|") and piece.endswith("|>"):
            new_word = True
            continue
        text = piece
        if text.startswith("▁"):
            text = text[1:]
            new_word = True
        if not text:
            continue
        for ch_text in [text] if not any(_is_cjk(c) for c in text) else list(text):
            if _is_cjk(ch_text[0]) or new_word or not words:
                words.append([ch_text, start, end])
            else:
                words[-1][0] += ch_text
                words[-1][2] = end
            new_word = _is_cjk(ch_text[0])
    return [Word(t, s, max(e, s + 1)) for t, s, e in words]


def spread_words(text: str, start_ms: int, end_ms: int) -> list[Word]:
    """Fallback word times: spread the words evenly over the window."""
    tokens = list(text.replace(" ", "")) if any(_is_cjk(c) for c in text) else text.split()
    if not tokens:
        return []
    span = max(1, end_ms - start_ms)
    step = span / len(tokens)
    return [
        Word(t, start_ms + int(i * step), start_ms + max(int((i + 1) * step), int(i * step) + 1))
        for i, t in enumerate(tokens)
    ]


def plan_batches(windows: Sequence[Window], options: TranscribeOptions) -> list[list[Window]]:
    """Shortest first (the first results arrive soonest), similar lengths together."""
    ordered = sorted(windows, key=lambda w: (w.duration_ms, w.start_ms))
    batches: list[list[Window]] = []
    current: list[Window] = []
    for w in ordered:
        longest = max(w.duration_ms, current[-1].duration_ms if current else 0)
        if current and (
            len(current) >= options.max_batch or longest * (len(current) + 1) > options.batch_seconds * 1000
        ):
            batches.append(current)
            current = []
        current.append(w)
    if current:
        batches.append(current)
    return batches


@contextlib.contextmanager
def _quiet_funasr():
    """funasr prints notices to stdout on import and load, and ``AutoModel`` calls
    ``logging.basicConfig``: keep stdout clean (it may carry ``--progress json``) and
    leave the root logger as we found it."""
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    captured = io.StringIO()
    try:
        with contextlib.redirect_stdout(captured):
            yield
    finally:
        root.setLevel(level)
        for h in list(root.handlers):
            if h not in handlers:
                root.removeHandler(h)
        if captured.getvalue().strip():
            log.debug("funasr said: %s", captured.getvalue().strip())


_LOAD_LOCK = threading.Lock()


@contextlib.contextmanager
def _weights_left_to_us():
    """Let ``AutoModel`` build the model but leave ``model.pt`` to :meth:`_load_weights`.

    funasr's loader reads the whole checkpoint, deep-copies it and copies it into the
    model: three 936 MB copies alive at once (a 3.3 GB peak) and seconds of copying.
    We map the file instead. Only the name ``AutoModel.build_model`` calls is swapped,
    under a lock, and it is always put back; if funasr ever stops calling it, nothing
    changes (we load the weights either way).
    """
    try:
        from funasr.auto import auto_model
    except ImportError:  # pragma: no cover - funasr's layout changed: let it load as before
        yield
        return
    with _LOAD_LOCK:
        real = getattr(auto_model, "load_pretrained_model", None)
        if real is None:  # pragma: no cover
            yield
            return
        auto_model.load_pretrained_model = lambda *args, **kwargs: None
        try:
            yield
        finally:
            auto_model.load_pretrained_model = real


def _sync(device: str) -> None:
    if str(device).startswith("cuda"):
        import torch

        torch.cuda.synchronize(device)


class SenseVoiceEngine:
    """One loaded model. Create once per run; ``transcribe`` as often as needed."""

    def __init__(self, model_dir: str | os.PathLike, device: str = "cpu", *, threads: int | None = None):
        import torch

        self.model_dir = check_model_dir(Path(model_dir))
        self.device = device
        threads = threads or max(1, min(os.cpu_count() or 1, 8))
        self.timings: dict[str, float] = {}  # seconds (and counts) per inner stage, summed over runs
        self.sync_timings = False  # wait for the GPU at each stage boundary (benchmarks only)
        self._int8_model = None  # the dynamic-int8 twin, built on first use
        try:
            with _quiet_funasr():
                from funasr import AutoModel
        except ImportError as exc:
            raise ModelError(
                "funasr is not installed.",
                hint="Reinstall Cutmark with its dependencies: pip install cutmark",
            ) from exc
        try:
            with _quiet_funasr(), _weights_left_to_us():
                auto = AutoModel(
                    model=str(self.model_dir),
                    device=device,
                    disable_update=True,  # otherwise it queries the package index, with no timeout
                    disable_pbar=True,
                    disable_log=True,
                    log_level="ERROR",  # AutoModel calls logging.basicConfig with this level
                    ncpu=threads,
                    frontend_conf={"dither": 0.0},  # funasr's default of 1.0 makes features random
                )
        except torch.cuda.OutOfMemoryError as exc:
            raise DeviceError(f"Not enough GPU memory to load the model on {device}.") from exc
        except Exception as exc:  # funasr raises bare assertions and KeyErrors on bad folders
            bad_file = diagnose_model_dir(self.model_dir)  # name the file, not funasr's symptom
            raise ModelIncompleteError(
                bad_file or f"The model in {self.model_dir} could not be loaded: {type(exc).__name__}: {exc}",
                path=str(self.model_dir),
            ) from exc
        self.model = auto.model
        self.tokenizer = auto.kwargs["tokenizer"]
        self.frontend = auto.kwargs["frontend"]
        self.frontend.dither = 0.0  # and again on the object we call, in case a config overrides it
        cmvn = getattr(self.frontend, "cmvn", None)
        if cmvn is not None and tuple(cmvn.shape) != (2, self.frontend.output_size()):
            raise ModelIncompleteError(  # funasr reads a damaged am.mvn as empty, then fails on every clip
                f"{self.model_dir / 'am.mvn'} is damaged: it holds {tuple(cmvn.shape)} normalisation values, "
                f"the model needs (2, {self.frontend.output_size()}).",
                path=str(self.model_dir),
            )
        try:
            self._load_weights()
        except torch.cuda.OutOfMemoryError as exc:
            raise DeviceError(f"Not enough GPU memory to load the model on {device}.") from exc
        self.model.eval()
        sp = self.tokenizer.sp if self.tokenizer.sp is not None else None
        if sp is None:
            self.tokenizer._build_sentence_piece_processor()
            sp = self.tokenizer.sp
        self._pieces = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
        self._tag_kind = [
            tag_kind(p[2:-2]) if p.startswith("<|") and p.endswith("|>") else None for p in self._pieces
        ]

    @property
    def model_id(self) -> str:
        return str(self.model_dir)

    def _load_weights(self) -> None:
        """Load ``model.pt`` into the model funasr built, refusing weights that do not fit.

        (funasr's own loader skips mismatched weights with a log line, leaving random
        ones.) The checkpoint is memory-mapped: on the CPU the model's tensors become
        views of the mapped file (no copy at all, and the pages are the OS cache's); on
        a GPU they are copied straight from the mapping into the device's memory.
        """
        import torch

        path = self.model_dir / "model.pt"
        try:
            try:
                saved = torch.load(path, map_location="cpu", mmap=True, weights_only=True)
            except RuntimeError:  # the pre-1.6 (non-zip) format cannot be mapped: read it
                saved = torch.load(path, map_location="cpu", weights_only=True)
        except Exception as exc:
            raise ModelIncompleteError(
                f"{path} is not a readable checkpoint ({exc}).", path=str(self.model_dir)
            ) from exc
        for key in ("state_dict", "model_state_dict", "model"):
            if isinstance(saved, dict) and key in saved and isinstance(saved[key], dict):
                saved = saved[key]
        saved = {k.removeprefix("module."): v for k, v in saved.items()}
        own = self.model.state_dict()
        bad = [
            name
            for name, tensor in own.items()
            if not isinstance(saved.get(name), torch.Tensor) or tuple(saved[name].shape) != tuple(tensor.shape)
        ]
        if bad:
            raise ModelIncompleteError(
                f"{len(bad)} of {len(own)} weights in {path} "
                f"do not match the model (first: {bad[0]}); it would run on random weights.",
                path=str(self.model_dir),
            )
        wanted = {name: saved[name] for name in own}
        same = all(wanted[n].dtype == t.dtype and t.device.type == "cpu" for n, t in own.items())
        del own
        # assign: the model keeps the mapped tensors (CPU, same dtype); otherwise copy into its own
        self.model.load_state_dict(wanted, strict=True, assign=same)

    # --- inference ---------------------------------------------------------------

    def _forward(self, clips: list[np.ndarray], options: TranscribeOptions):
        import torch
        from funasr.utils.load_utils import extract_fbank

        model = self.model
        feats, lengths = extract_fbank([torch.from_numpy(c) for c in clips], frontend=self.frontend)
        feats = feats.to(self.device)
        lengths = lengths.to(self.device).reshape(-1)
        batch = feats.size(0)
        lid = model.lid_dict.get(options.language, 0)
        norm = model.textnorm_dict["withitn" if options.use_itn else "woitn"]
        dev = feats.device
        language_q = model.embed(torch.tensor([[lid]], device=dev)).repeat(batch, 1, 1)
        emo_event_q = model.embed(torch.tensor([[1, 2]], device=dev)).repeat(batch, 1, 1)
        norm_q = model.embed(torch.tensor([[norm]], device=dev)).repeat(batch, 1, 1)
        x = torch.cat((language_q, emo_event_q, norm_q, feats.to(language_q.dtype)), dim=1)
        out, out_lens = model.encoder(x, lengths + QUERY_FRAMES)
        if isinstance(out, tuple):
            out = out[0]
        logp = model.ctc.log_softmax(out).float()
        return logp.cpu(), out_lens.cpu()

    def _decode(self, window: Window, logp, n_frames: int, options: TranscribeOptions) -> Segment:
        import torch

        frames = logp[:n_frames]
        best = frames.argmax(dim=-1)
        best_p = frames.max(dim=-1).values.exp()
        confidence: dict[str, float] = {}
        for slot in range(min(QUERY_FRAMES, n_frames)):
            kind = self._tag_kind[int(best[slot])]
            if kind is not None and kind not in confidence:
                confidence[kind] = round(float(best_p[slot]), 4)
        ids = torch.unique_consecutive(best).tolist()
        raw = "".join(self._pieces[i] for i in ids if i != 0).replace("▁", " ")
        parsed = parse_output(raw)
        words: list[Word] = []
        if options.word_timestamps and parsed.text:
            try:
                words = self._word_times(window, best[QUERY_FRAMES:n_frames].tolist())
            except Exception:  # alignment must never cost the window its text
                log.debug("word timing failed for window %s", window, exc_info=True)
                words = []
            if not words:
                words = spread_words(parsed.text, window.start_ms, window.end_ms)
        return Segment(
            start_ms=window.start_ms,
            end_ms=window.end_ms,
            kind=window.kind,
            text=parsed.text,
            language=parsed.language,
            emotion=parsed.emotion,
            event=parsed.event,
            language_confidence=confidence.get("language"),
            emotion_confidence=confidence.get("emotion"),
            event_confidence=confidence.get("event"),
            words=tuple(words),
        )

    def _word_times(self, window: Window, path: list[int]) -> list[Word]:
        """Token times from the greedy CTC path: a token spans its run of frames."""
        pieces: list[tuple[str, int, int]] = []
        t = 0
        while t < len(path):
            tok = path[t]
            run = t
            while run < len(path) and path[run] == tok:
                run += 1
            if tok != 0:
                start = window.start_ms + t * FRAME_MS
                end = min(window.end_ms, window.start_ms + run * FRAME_MS)
                pieces.append((self._pieces[tok], start, max(end, start + 1)))
            t = run
        return words_from_pieces(pieces)

    def transcribe(
        self,
        samples: np.ndarray,
        windows: Sequence[Window],
        options: TranscribeOptions | None = None,
        cancel: CancelToken | None = None,
    ) -> Generator[Progress | SegmentsReady, None, list[Segment]]:
        """Transcribe ``windows`` of 16 kHz mono ``samples``; returns segments in time order."""
        opts = options or TranscribeOptions()
        todo = [w for w in windows if w.duration_ms > 0]
        total_ms = sum(w.duration_ms for w in todo)
        done_ms = 0
        results: dict[int, Segment] = {}
        yield Progress("transcribe", 0, total_ms)
        pending = plan_batches(todo, opts)
        while pending:
            if cancel is not None:
                cancel.raise_if_cancelled()
            batch = pending.pop(0)
            segments = self._run_batch(samples, batch, opts)
            if segments is None and len(batch) == 1:  # not even one window fits on the GPU
                yield Notice(self._fall_back_to_cpu(batch[0]))
                pending.insert(0, batch)
                continue
            if segments is None:  # out of GPU memory: try again in halves
                half = len(batch) // 2
                pending[:0] = [batch[:half], batch[half:]]
                continue
            for seg, window in zip(segments, batch, strict=True):
                results[window.index] = seg
                done_ms += window.duration_ms
            yield SegmentsReady(tuple(segments))
            yield Progress("transcribe", done_ms, total_ms)
        return [results[w.index] for w in sorted(todo, key=lambda w: w.start_ms)]

    def _run_batch(
        self, samples: np.ndarray, batch: list[Window], opts: TranscribeOptions
    ) -> list[Segment] | None:
        import torch

        clips = [
            np.ascontiguousarray(samples[w.start_ms * 16 : w.end_ms * 16], dtype=np.float32) for w in batch
        ]
        try:
            with torch.inference_mode():
                logp, lens = self._forward(clips, opts)
        except torch.cuda.OutOfMemoryError as exc:
            torch.cuda.empty_cache()
            if len(batch) == 1 and not str(self.device).startswith("cuda"):
                raise DeviceError(
                    f"The GPU ran out of memory on a {batch[0].duration_ms / 1000:.0f} s window.",
                    hint="Close other programs using the GPU, or run with '--device cpu'.",
                ) from exc
            return None
        return [self._decode(w, logp[i], int(lens[i]), opts) for i, w in enumerate(batch)]

    def _fall_back_to_cpu(self, window: Window) -> str:
        """The GPU cannot hold even one window: the rest of the run goes on on the CPU.

        Returns the message for the user (also logged)."""
        import torch

        gpu = self.device
        self.model.to("cpu")
        self.device = "cpu"
        torch.cuda.empty_cache()
        message = (
            f"The GPU ({gpu}) ran out of memory on a {window.duration_ms / 1000:.0f} s window even alone; "
            "continuing on the CPU, which is slower. Close other programs that use the GPU, "
            "or pass '--device cpu' to start on the CPU."
        )
        log.warning(message)
        return message
