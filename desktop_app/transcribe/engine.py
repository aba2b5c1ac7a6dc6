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
import dataclasses
import logging
import os
import threading
import time
from collections.abc import Generator, Sequence
from pathlib import Path

import numpy as np

from desktop_app.core.errors import DeviceError, ModelError, ModelIncompleteError
from desktop_app.core.model import Segment, Window, Word
from desktop_app.core.progress import CancelToken, Notice, Progress, SegmentsReady
from desktop_app.transcribe.batching import QUERY_FRAMES, plan_batches
from desktop_app.transcribe.loading import quiet_funasr, weights_left_to_us
from desktop_app.transcribe.memory import give_back_free_memory, trim_if_grown
from desktop_app.transcribe.models import check_model_dir, diagnose_model_dir, model_files
from desktop_app.transcribe.options import PRECISION_CHOICES, QUANTIZE_CHOICES, TranscribeOptions
from desktop_app.transcribe.precision import run_precision
from desktop_app.transcribe.prefetch import FeaturePrefetch, clips_of
from desktop_app.transcribe.tags import distribution, parse_output, tag_kind
from desktop_app.transcribe.variants import ModelVariants
from desktop_app.transcribe.words import spread_words, token_span_ms, words_from_pieces

log = logging.getLogger(__name__)

LANGUAGES = ("auto", "zh", "en", "yue", "ja", "ko")
# Re-exported: callers have long imported these from here.
__all__ = ["PRECISION_CHOICES", "QUANTIZE_CHOICES", "SegmentsReady", "SenseVoiceEngine", "TranscribeOptions"]


CTC_CHUNK_FRAMES = 512  # frames per pass through the CTC head (bounds its logits to ~50 MB)
FIRST_BATCH_WINDOWS = 4  # the first batch is small: its segments reach the timeline soonest
GPU_BATCH_FACTOR = 4  # on a GPU, batches hold this many times max_batch windows and batch_seconds


def _usable_cpus() -> int:
    """CPUs this process may run on (a container's share, not the host's count)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def _sync(device: str) -> None:
    if str(device).startswith("cuda"):
        import torch

        torch.cuda.synchronize(device)


class SenseVoiceEngine(ModelVariants):
    """One loaded model. Create once per run; ``transcribe`` as often as needed."""

    def __init__(
        self,
        model_dir: str | os.PathLike,
        device: str = "cpu",
        *,
        threads: int | None = None,
        cache_dir: str | os.PathLike | None = None,
    ):
        """``cache_dir``: where the int8 weights of models are kept between runs (None:
        quantize at every start)."""
        import torch

        self.model_dir = check_model_dir(Path(model_dir))
        self.files = model_files(self.model_dir)  # a fine-tuned folder may name its own files
        self.device = device
        threads = threads or max(1, min(_usable_cpus(), 8))
        self.threads = threads
        self.timings: dict[str, float] = {}  # seconds (and counts) per inner stage, summed over runs
        self.sync_timings = False  # wait for the GPU at each stage boundary (benchmarks only)
        self._int8_model = None  # the dynamic-int8 twin, built on first use
        self.cache_dir = cache_dir
        self.int8_source: str | None = None  # "cache", "quantized" or "quantized+saved" once built
        self._onnx = None  # the encoder in ONNX Runtime (onnx_encoder.py), once loaded
        self._onnx_lock = threading.Lock()
        self.onnx_source: str | None = None  # "cache" or "exported" once loaded
        self._prepare_lock = threading.Lock()
        self._quantize_lock = threading.Lock()
        self._warm: set[str] = set()  # precisions that ran once (weights paged in, kernels ready)
        self._mapped = False  # the CPU model's tensors are views of the mapped model.pt
        # On a GPU the CPU makes the next batch's features while the GPU runs this one.
        self.prefetch_features = str(device).startswith("cuda")
        self._ready_features = None  # (clips, feats, lengths) of the batch about to run
        try:
            with quiet_funasr():
                from funasr import AutoModel
        except ImportError as exc:
            raise ModelError(
                "funasr is not installed.",
                hint="Reinstall Cutmark with its dependencies: pip install cutmark",
            ) from exc
        paths = self.files.automodel_kwargs()  # the files checked above are the ones loaded
        try:
            with quiet_funasr(), weights_left_to_us():
                auto = AutoModel(
                    model=str(self.model_dir),
                    device=device,
                    disable_update=True,  # otherwise it queries the package index, with no timeout
                    disable_pbar=True,
                    disable_log=True,
                    log_level="ERROR",  # AutoModel calls logging.basicConfig with this level
                    ncpu=threads,
                    config=paths["config"],
                    init_param=paths["init_param"],
                    tokenizer_conf=paths["tokenizer_conf"],
                    # funasr's default dither of 1.0 makes features random
                    frontend_conf={**paths["frontend_conf"], "dither": 0.0},
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
                f"{self.files.normalisation.path} is damaged: it holds {tuple(cmvn.shape)} normalisation values, "
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
        self._blank = int(getattr(self.model, "blank_id", 0))  # CTC blank (funasr drops it before decode)
        self._tag_kind = [
            tag_kind(p[2:-2]) if p.startswith("<|") and p.endswith("|>") else None for p in self._pieces
        ]
        # the event and emotion tags whose probabilities every window keeps
        self._class_ids = [i for i, k in enumerate(self._tag_kind) if k in ("event", "emotion")]
        self._class_names = [self._pieces[i][2:-2] for i in self._class_ids]
        self._class_kinds = [self._tag_kind[i] for i in self._class_ids]

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

        path = self.files.weights.path
        try:
            try:
                saved = torch.load(path, map_location="cpu", mmap=True, weights_only=True)
                mapped = True
            except RuntimeError:  # the pre-1.6 (non-zip) format cannot be mapped: read it
                saved = torch.load(path, map_location="cpu", weights_only=True)
                mapped = False
        except Exception as exc:  # torch's own words advise unsafe loading: not for users
            raise ModelIncompleteError(
                f"{path} is not a readable PyTorch checkpoint (incomplete or damaged).",
                path=str(self.model_dir),
            ) from exc
        for key in ("state_dict", "model_state_dict", "model"):
            if isinstance(saved, dict) and key in saved and isinstance(saved[key], dict):
                saved = saved[key]
        saved = {k.removeprefix("module."): v for k, v in saved.items()}
        own = self.model.state_dict()
        bad = [
            name
            for name, tensor in own.items()
            if not isinstance(saved.get(name), torch.Tensor)
            or tuple(saved[name].shape) != tuple(tensor.shape)
        ]
        if bad:
            raise ModelIncompleteError(
                f"{len(bad)} of {len(own)} weights in {path} "
                f"do not match the model (first: {bad[0]}); it would run on random weights.",
                path=str(self.model_dir),
            )
        wanted = {name: saved[name] for name in own}
        same = all(wanted[n].dtype == t.dtype and t.device.type == "cpu" for n, t in own.items())
        self._mapped = same and mapped
        del own
        # assign: the model keeps the mapped tensors (CPU, same dtype); otherwise copy into its own
        self.model.load_state_dict(wanted, strict=True, assign=same)

    # --- inference ---------------------------------------------------------------

    def precision_for(self, options: TranscribeOptions | None = None) -> str:
        """What the model runs in for ``options`` on this engine's device: int8, fp16 or fp32."""
        opts = options or TranscribeOptions()
        return run_precision(str(self.device), opts.quantize, opts.precision)

    def prepare(self, options: TranscribeOptions | None = None) -> None:
        """Do now the one-off work ``options`` needs, not in the first batch: build the
        int8 model, and run one short clip so the weights are paged in and the kernels
        set up. Cheap after the first call per precision; safe from another thread
        (:func:`desktop_app.pipeline.analyze` runs it while it decodes and finds speech).
        It never changes torch's thread count."""
        import torch

        opts = options or TranscribeOptions()
        if opts.quantize == "int8" and str(self.device) != "cpu":
            log.warning("int8 quantization is CPU only; %s runs %s", self.device, self.precision_for(opts))
        with self._prepare_lock:
            precision = self.precision_for(opts)
            if precision in self._warm:
                return
            self._model_for(opts)
            kept = dict(self.timings)
            try:
                with torch.inference_mode():
                    self._forward([np.zeros(16000, dtype=np.float32)], opts)
            except torch.cuda.OutOfMemoryError:  # transcribe's own handling deals with the GPU
                torch.cuda.empty_cache()
                log.warning("no GPU memory for the warm-up pass on %s", self.device)
                return
            finally:
                self.timings.clear()
                self.timings.update(kept)
                give_back_free_memory()  # this thread's heap would keep the pass's buffers
            self._warm.add(precision)

    @contextlib.contextmanager
    def _timed(self, name: str):
        if self.sync_timings:
            _sync(self.device)
        t0 = time.perf_counter()
        try:
            yield
        finally:
            if self.sync_timings:
                _sync(self.device)
            self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - t0

    def _count(self, name: str, value: float) -> None:
        self.timings[name] = self.timings.get(name, 0.0) + value

    def _features(self, clips: list[np.ndarray]):
        """fbank + LFR + CMVN through the model's own frontend: (B, T, 560) and lengths."""
        ready = self._ready_features
        if ready is not None and ready[0] is clips:  # made by the prefetcher while the last batch ran
            return ready[1], ready[2]
        return self._frontend_features(clips)

    def _frontend_features(self, clips: list[np.ndarray]):
        import torch
        from funasr.utils.load_utils import extract_fbank

        return extract_fbank([torch.from_numpy(c) for c in clips], frontend=self.frontend)

    def _forward(self, clips: list[np.ndarray], options: TranscribeOptions, text: bool = True):
        """Features, encoder and CTC head for one batch.

        Returns ``(best, tag_p, lens, class_p)`` on the CPU: the greedy CTC token of every
        frame (B, T), the probability of the best token in the four tag slots (B, 4), the
        number of valid frames per clip and the probability of every event and emotion tag
        in the four slots (B, 4, K). Only these small tensors leave the device. With
        ``text=False`` the head runs over the four tag slots only and ``best`` holds just
        their tokens (B, 4): tags without text, for event refinement's second look.
        """
        import torch

        model = self._model_for(options)
        fp16 = self.precision_for(options) == "fp16"
        with self._timed("features"):
            feats, lengths = self._features(clips)
            feats = feats.to(self.device)
            lengths = lengths.to(self.device).reshape(-1)
        with self._timed("encoder"):
            batch = feats.size(0)
            lid = model.lid_dict.get(options.language, 0)
            norm = model.textnorm_dict["withitn" if options.use_itn else "woitn"]
            dev = feats.device
            language_q = model.embed(torch.tensor([[lid]], device=dev)).repeat(batch, 1, 1)
            emo_event_q = model.embed(torch.tensor([[1, 2]], device=dev)).repeat(batch, 1, 1)
            norm_q = model.embed(torch.tensor([[norm]], device=dev)).repeat(batch, 1, 1)
            x = torch.cat((language_q, emo_event_q, norm_q, feats.to(language_q.dtype)), dim=1)
            onnx = self._onnx_for(options)
            if onnx is not None:
                out, out_lens = onnx(x, lengths + QUERY_FRAMES)
            else:
                with torch.autocast(dev.type, dtype=torch.float16, enabled=fp16):
                    out, out_lens = model.encoder(x, lengths + QUERY_FRAMES)
            if isinstance(out, tuple):
                out = out[0]
        with self._timed("ctc"):
            # The head stays fp32. Greedy CTC is the argmax of the logits (funasr's
            # CTC.argmax); only the four tag slots need probabilities.
            # Frames go through the 25,055-way head in chunks: the logits of a whole
            # batch would be ~100 KB per frame.
            # Padded frames are left out (their tokens are never read).
            out = out.float()
            valid = torch.arange(out.size(1), device=out.device)[None, :] < out_lens.to(out.device)[:, None]
            tags = torch.log_softmax(model.ctc.ctc_lo(out[:, :QUERY_FRAMES]), dim=-1)
            if text:
                flat = out[valid]
                best = torch.zeros(valid.shape, dtype=torch.long, device=out.device)
                if flat.size(0):
                    best[valid] = torch.cat(
                        [model.ctc.ctc_lo(part).argmax(dim=-1) for part in flat.split(CTC_CHUNK_FRAMES)]
                    )
            else:  # the 25,055-way head over every frame is most of its cost; tags need four
                best = tags.argmax(dim=-1)
            tag_p = tags.max(dim=-1).values.exp()
            # every event and emotion tag's probability in each slot (B, 4, K): sensitivity
            # re-chooses from these later without the model
            class_p = tags[:, :, self._class_ids].exp()
            result = best.cpu(), tag_p.cpu(), out_lens.cpu(), class_p.cpu()
        self._count("audio_ms", sum(len(c) for c in clips) / 16)
        self._count("padded_ms", max(len(c) for c in clips) * len(clips) / 16)
        self._count("batches", 1)
        return result

    def _decode(
        self, window: Window, best, tag_p, n_frames: int, options: TranscribeOptions, class_p=None
    ) -> Segment:
        import torch

        best = best[:n_frames]
        confidence: dict[str, float] = {}
        slot_of: dict[str, int] = {}
        for slot in range(min(QUERY_FRAMES, n_frames)):
            kind = self._tag_kind[int(best[slot])]
            if kind is not None and kind not in confidence:
                confidence[kind] = round(float(tag_p[slot]), 4)
                slot_of[kind] = slot
        probs = {} if class_p is None else self._class_probs(class_p, slot_of)
        ids = torch.unique_consecutive(best).tolist()
        # The tokenizer's own decode, as funasr's inference() does: it knows what joining
        # pieces does not (byte pieces, the word-start mark at the start, unknown pieces).
        raw = self.tokenizer.decode([i for i in ids if i != self._blank])
        parsed = parse_output(raw)
        words: list[Word] = []
        if options.word_timestamps and parsed.text:
            t0 = time.perf_counter()
            try:
                words = self._word_times(window, best[QUERY_FRAMES:n_frames].tolist())
            except Exception:  # alignment must never cost the window its text
                log.debug("word timing failed for window %s", window, exc_info=True)
                words = []
            if not words:
                words = spread_words(parsed.text, window.start_ms, window.end_ms)
            self._count("timestamps", time.perf_counter() - t0)
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
            event_probs=probs.get("event", ()),
            emotion_probs=probs.get("emotion", ()),
        )

    def _class_probs(self, class_p, slot_of: dict[str, int]) -> dict[str, tuple[tuple[str, float], ...]]:
        """Each set's distribution, read in the slot its tag came out in (by set, as the
        parse is; the usual slot when no tag of the set came out)."""
        out = {}
        for kind, usual in (("emotion", 1), ("event", 2)):
            row = class_p[slot_of.get(kind, usual)].tolist()
            names = [self._class_names[i] for i, k in enumerate(self._class_kinds) if k == kind]
            values = [row[i] for i, k in enumerate(self._class_kinds) if k == kind]
            out[kind] = distribution(names, values)
        return out

    def _word_times(self, window: Window, path: list[int]) -> list[Word]:
        """Token times from the greedy CTC path: a token spans its run of frames."""
        pieces: list[tuple[str, int, int]] = []
        t = 0
        while t < len(path):
            tok = path[t]
            run = t
            while run < len(path) and path[run] == tok:
                run += 1
            if tok != self._blank:
                start, end = token_span_ms(t, run)
                start, end = window.start_ms + start, min(window.end_ms, window.start_ms + end)
                pieces.append((self._pieces[tok], start, max(end, start + 1)))
            t = run
        return words_from_pieces(pieces)

    def token_ids(
        self, samples: np.ndarray, windows: Sequence[Window], options: TranscribeOptions | None = None
    ) -> list[list[int]]:
        """Each window's greedy CTC tokens (tags included, repeats and blanks removed), in
        the order given: what two precisions or quantizations are compared on."""
        import torch

        opts = options or TranscribeOptions()
        found: dict[int, list[int]] = {}
        for batch in plan_batches([w for w in windows if w.duration_ms > 0], self._batch_limits(opts)):
            clips = clips_of(samples, batch)
            with torch.inference_mode():
                best, _tag_p, lens, _classes = self._forward(clips, opts)
            for i, w in enumerate(batch):
                ids = torch.unique_consecutive(best[i][: int(lens[i])]).tolist()
                found[w.index] = [t for t in ids if t != 0]
        return [found.get(w.index, []) for w in windows]

    def tag_tokens(self, ids: Sequence[int]) -> tuple[int, ...]:
        """The tag tokens (language, emotion, event, text norm) among ``ids``."""
        return tuple(t for t in ids if 0 <= t < len(self._tag_kind) and self._tag_kind[t] is not None)

    def transcribe(
        self,
        samples: np.ndarray,
        windows: Sequence[Window],
        options: TranscribeOptions | None = None,
        cancel: CancelToken | None = None,
        *,
        text: bool = True,
    ) -> Generator[Progress | SegmentsReady, None, list[Segment]]:
        """Transcribe ``windows`` of 16 kHz mono ``samples``; returns segments in time order.
        ``text=False``: tags and their distributions only (no text, no words), cheaper."""
        opts = options or TranscribeOptions()
        todo = [w for w in windows if w.duration_ms > 0]
        total_ms = sum(w.duration_ms for w in todo)
        done_ms = 0
        results: dict[int, Segment] = {}
        yield Progress("transcribe", 0, total_ms)
        pending = plan_batches(todo, self._batch_limits(opts))
        if pending and len(pending[0]) > FIRST_BATCH_WINDOWS:  # the timeline's first results, soonest
            pending[0:1] = [pending[0][:FIRST_BATCH_WINDOWS], pending[0][FIRST_BATCH_WINDOWS:]]
        prefetch = FeaturePrefetch(self) if self.prefetch_features else None
        try:
            while pending:
                if cancel is not None:
                    cancel.raise_if_cancelled()
                batch = pending.pop(0)
                segments = self._step(samples, batch, pending, opts, prefetch, text)
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
        finally:
            if prefetch is not None:
                prefetch.close()
        return [results[w.index] for w in sorted(todo, key=lambda w: w.start_ms)]

    def _step(self, samples, batch, pending, opts, prefetch, text=True) -> list[Segment] | None:
        """One batch; with a prefetcher, the next batch's features are made meanwhile."""
        if prefetch is None:
            return self._run_batch(samples, batch, opts, text)
        self._ready_features = prefetch.take(batch)
        if pending:
            prefetch.start(samples, pending[0])
        try:
            return self._run_batch(samples, batch, opts, text)
        finally:
            self._ready_features = None

    def _run_batch(
        self, samples: np.ndarray, batch: list[Window], opts: TranscribeOptions, text: bool = True
    ) -> list[Segment] | None:
        import torch

        ready = self._ready_features
        clips = ready[0] if ready is not None else clips_of(samples, batch)
        if torch.get_num_threads() != self.threads:  # another library changed it (silero-vad sets 1)
            torch.set_num_threads(self.threads)
        try:
            with torch.inference_mode():
                best, tag_p, lens, class_p = self._forward(clips, opts, text)
            trim_if_grown()  # the freed buffers of batches go back to the OS (see memory.py)
        except torch.cuda.OutOfMemoryError as exc:
            torch.cuda.empty_cache()
            if len(batch) == 1 and not str(self.device).startswith("cuda"):
                raise DeviceError(
                    f"The GPU ran out of memory on a {batch[0].duration_ms / 1000:.0f} s window.",
                    hint="Close other programs using the GPU, or run with '--device cpu'.",
                ) from exc
            return None
        with self._timed("decode"):  # text and tags per window; includes "timestamps"
            return [
                self._decode(w, best[i], tag_p[i], int(lens[i]), opts, class_p[i])
                for i, w in enumerate(batch)
            ]

    def _batch_limits(self, opts: TranscribeOptions) -> TranscribeOptions:
        """A GPU takes GPU_BATCH_FACTOR times the CPU's batch (more parallel work per launch)."""
        if not str(self.device).startswith("cuda"):
            return opts
        return dataclasses.replace(
            opts,
            max_batch=opts.max_batch * GPU_BATCH_FACTOR,
            batch_seconds=opts.batch_seconds * GPU_BATCH_FACTOR,
        )

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
