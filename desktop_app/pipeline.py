"""The one place that says: probe -> decode -> VAD -> windows -> transcribe -> events.

Both faces use it: the CLI drives :func:`analyze` on the main thread and prints the
progress; the UI drives the same generator on a worker thread. Everything yielded is
either a :class:`Progress` or a :class:`SegmentsReady` (partial results as they land);
the generator's return value is the finished :class:`Project`.

The speech model comes as an :class:`EngineSource`: it loads only once a file has opened
and missed the cache, so a cache hit or a file that is no media costs no model load.

A long file starts at once: when its first minute has decoded, that minute is searched
for speech, the windows it already decides (:mod:`desktop_app.transcribe.streaming`)
go to the model and reach the timeline, and only then does the rest decode. The final
plan is the whole file's, and holds those windows exactly.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import threading
from collections.abc import Generator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from desktop_app.core.errors import CutmarkError
from desktop_app.core.model import GAP, Analysis, MediaInfo, ModelRef, Segment, Window
from desktop_app.core.progress import CancelToken, Notice, Progress, SegmentsReady, drive, relay
from desktop_app.events import EventOptions, build_markers
from desktop_app.events.refine import refine_segments
from desktop_app.media import DecodedSoFar, DecodeOptions, decode_audio, probe, waveform_peaks
from desktop_app.project.cache import AnalysisCache, content_hash, default_cache_dir, model_fingerprint
from desktop_app.project.schema import Project
from desktop_app.transcribe.options import TranscribeOptions
from desktop_app.transcribe.precision import run_precision
from desktop_app.transcribe.streaming import settled_windows
from desktop_app.transcribe.vad import STEP, VadOptions, lane_steps, speech_probabilities, speech_spans
from desktop_app.transcribe.windows import WindowOptions, loudness_db, plan_windows

log = logging.getLogger(__name__)

VAD_ONLY_MODEL_ID = "vad-only"
# Part of every cache key and batch "done" check. Bump it with any change that gives other
# results for the same media, model and options (VAD, windows, decoding, tags, events):
# every analysis cached before then counts as stale and is made again.
# 2: windows keep their event and emotion distributions, event windows refined (issue #15);
# 3: VAD lanes at fixed minutes (files over a minute may find slightly other speech spans).
ANALYSIS_VERSION = 3
# Windows of a long file's first minute sent to the model before the rest decodes: one
# small batch (at most this many windows and seconds of padded audio, the shortest
# first), so its segments reach the timeline within about a second.
EARLY_WINDOWS = 4
EARLY_SECONDS = 8.0

# Shares of the whole job per stage, for one honest progress bar. Measured on CPU:
# decoding and VAD are a few percent of the time the speech model takes.
# refine: the flagged windows' second look, a small share of the model's time
# (bench_refine.py measures it); when nothing is flagged the bar ends from 96 %
_WEIGHTS_FULL = {"decode": 0.06, "vad": 0.06, "transcribe": 0.84, "refine": 0.04}
_WEIGHTS_VAD = {"decode": 0.5, "vad": 0.5}


@dataclass(frozen=True)
class AnalysisOptions:
    audio_track: int = 0
    vad_only: bool = False
    vad: VadOptions = field(default_factory=VadOptions)
    windows: WindowOptions = field(default_factory=WindowOptions)
    transcribe: TranscribeOptions = field(default_factory=TranscribeOptions)
    events: EventOptions = field(default_factory=EventOptions)
    peaks_per_second: int = 50
    strict: bool = False  # refuse a file cut off short instead of analysing what decodes

    def to_dict(self) -> dict:
        """What went into the result (the cache key and the project's ``options``)."""
        d = dataclasses.asdict(self)
        # Only said when set: default keys stay as they were, and a strict run never
        # takes a cut-off file's lenient result from the cache.
        if not self.strict:
            del d["strict"]
        del d["transcribe"]["backend"]  # a speed choice: the tokens are the same (onnx_encoder.py)
        return d


def load_engine(model: str | os.PathLike | None, device: str = "auto"):
    """Resolve the model folder and load SenseVoice once for a whole run (its int8
    weights, once made, are kept in the cache folder's ``models``)."""
    from desktop_app.transcribe.devices import resolve_device
    from desktop_app.transcribe.engine import SenseVoiceEngine
    from desktop_app.transcribe.models import resolve_model

    folder = Path(os.path.abspath(resolve_model(model)))  # one spelling in the project's model id
    return SenseVoiceEngine(folder, resolve_device(device), cache_dir=model_cache_dir())


def model_cache_dir() -> Path:
    """Where what is made once per model (its int8 weights) is kept: ``<cache>/models``."""
    return default_cache_dir() / "models"


def analysis_identity(
    options: AnalysisOptions, folder: str | os.PathLike | None = None, device: str = "cpu"
) -> dict:
    """What, besides the media and the options, decides an analysis: Cutmark's
    :data:`ANALYSIS_VERSION`, the model's :func:`model_fingerprint` (the content of its
    files, not their folder's name) and the precision it runs in on ``device``. Part of
    the cache key, kept in the project's ``options["identity"]``."""
    if folder is None or options.vad_only:
        return {"analysis_version": ANALYSIS_VERSION, "model": VAD_ONLY_MODEL_ID}
    t = options.transcribe
    return {
        "analysis_version": ANALYSIS_VERSION,
        "model": model_fingerprint(folder),
        "precision": run_precision(device, t.quantize, t.precision),
    }


class EngineSource:
    """The speech model of a run (or of an app session), loaded the first time a file
    needs it: a cache hit, or a file that turns out not to be media, loads nothing.

    ``EngineSource(model, device)`` takes what ``--model`` and ``--device`` take; nothing
    is resolved until needed. :meth:`identity` resolves the folder and the device (no
    weights read: the cache key); :meth:`load` loads the model once (thread-safe). An
    error from either is kept in :attr:`error`, so a caller can stop a run on it."""

    def __init__(self, model: str | os.PathLike | None = None, device: str = "auto", *, engine=None) -> None:
        self.model, self.device = model, device
        self._engine = engine
        self._resolved: tuple[str, str] | None = None  # (absolute folder, device)
        self._lock = threading.Lock()
        self.error: CutmarkError | None = None

    @property
    def loaded(self):
        """The loaded :class:`SenseVoiceEngine`, or None while it is not loaded."""
        return self._engine

    def identity(self, options: AnalysisOptions) -> dict:
        """:func:`analysis_identity` of this model for ``options``, without loading it."""
        engine = self._engine
        try:
            if engine is not None:
                return analysis_identity(options, engine.model_dir, engine.device)
            return analysis_identity(options, *self._resolve())
        except CutmarkError as exc:  # no such model, a damaged folder, no such device
            self.error = exc
            raise

    def _resolve(self) -> tuple[str, str]:
        if self._resolved is None:
            from desktop_app.transcribe.devices import resolve_device
            from desktop_app.transcribe.models import resolve_model

            folder = os.path.abspath(resolve_model(self.model))
            cpu = str(self.device or "auto").strip().lower() == "cpu"  # no torch import for that
            self._resolved = (folder, "cpu" if cpu else resolve_device(self.device))
        return self._resolved

    def folder(self) -> str:
        """The model's absolute folder, resolved but not loaded (an error is kept in
        :attr:`error`, as for :meth:`identity`)."""
        if self._engine is not None:
            return os.path.abspath(self._engine.model_dir)
        try:
            return self._resolve()[0]
        except CutmarkError as exc:
            self.error = exc
            raise

    def load(self):
        """The engine, loaded now if it is not yet (seconds; the ``load`` stage)."""
        with self._lock:
            if self._engine is None:
                try:
                    self._engine = load_engine(self.model, self.device)
                except CutmarkError as exc:
                    self.error = exc
                    raise
            return self._engine

    def load_stage(self) -> Generator[Progress, None, object]:
        """:meth:`load` as a stage: ``Progress("load")`` only when the model really loads."""
        if self._engine is not None:
            return self._engine
        yield Progress("load", 0, 1, unit="model", overall=0.0)
        engine = self.load()
        yield Progress("load", 1, 1, unit="model", overall=0.0)
        return engine


def _source(engine, options: AnalysisOptions) -> EngineSource | None:
    """``engine`` (None, a loaded engine or an :class:`EngineSource`) as a source; None
    when the analysis runs no speech model."""
    if engine is None or options.vad_only:
        return None
    return engine if isinstance(engine, EngineSource) else EngineSource(engine=engine)


def _weighted(p: Progress, weights: dict[str, float]) -> Progress:
    before = 0.0
    for stage, w in weights.items():
        if stage == p.stage:
            frac = p.fraction or 0.0
            return dataclasses.replace(p, overall=round(before + w * frac, 4))
        before += w
    return p


@dataclass(frozen=True, eq=False)
class PreparedAudio:
    """A file decoded and searched for speech: everything the speech model needs.

    :func:`analyze` makes it and finishes it in one go; a batch can make it on one
    machine and finish it on another (it pickles; the samples are one numpy array)."""

    info: MediaInfo
    content_hash: str
    samples: np.ndarray  # mono float32 at ``sample_rate``
    sample_rate: int
    duration_ms: int
    windows: tuple[Window, ...]
    warnings: tuple[str, ...] = ()  # the decoder's and the media's, then the stages' notices


def analyze(
    path: str | os.PathLike,
    options: AnalysisOptions | None = None,
    engine=None,
    cancel: CancelToken | None = None,
    *,
    precomputed_hash: str | None = None,
) -> Generator[Progress | SegmentsReady, None, Project]:
    """Analyse one media file. ``engine`` None (or ``options.vad_only``) runs speech
    detection only; otherwise a loaded :class:`SenseVoiceEngine`, or an
    :class:`EngineSource` that loads it once the file has been opened, transcribes it."""
    opts = options or AnalysisOptions()
    source = _source(engine, opts)
    use_model = source is not None
    audio = _Opened(
        prepare_audio(
            path, opts, cancel, precomputed_hash=precomputed_hash, use_model=use_model, early=use_model
        )
    )
    return (yield from _analyze_opened(audio, opts, source, cancel))


class _Opened:
    """:func:`prepare_audio` run to its first report: the file is probed, hashed and its
    audio track opened, so media that cannot be analysed has failed before a model loads."""

    def __init__(self, steps: Generator) -> None:
        self._steps = steps
        self._first = None
        self._value = None
        self._done = False
        try:
            self._first = next(steps)
        except StopIteration as stop:
            self._value, self._done = stop.value, True

    def rest(self) -> Generator:
        if self._done:
            return self._value
        yield self._first
        return (yield from self._steps)

    def close(self) -> None:
        self._steps.close()


def _analyze_opened(audio: _Opened, opts: AnalysisOptions, source: EngineSource | None, cancel):
    try:
        engine = (yield from source.load_stage()) if source is not None else None
    except BaseException:
        audio.close()
        raise
    # The model's one-off set-up (int8 weights, paging the weights in, kernels) runs on
    # another thread while the audio is decoded and searched for speech.
    prepare = getattr(engine, "prepare", None)
    ready = _Background(prepare, opts.transcribe) if prepare is not None else None
    early = _EarlyResults()
    try:
        prepared = yield from _with_early_windows(audio.rest(), engine, opts, cancel, ready, early)
    finally:
        # However this ends (an error, a cancel, an abandoned generator), the thread is done
        # before we return: a process that exits while torch runs on it aborts (SIGABRT).
        if ready is not None:
            ready.join()
    if ready is not None:
        ready.raise_error()
    return (yield from finish_analysis(prepared, opts, engine, cancel, early=early))


@dataclass(frozen=True, eq=False)
class EarlyWindows:
    """Windows of the final plan that a long file's first minute decides, with that
    minute's samples (a copy), yielded by :func:`prepare_audio` with ``early=True`` while
    the rest of the file decodes. :func:`analyze` transcribes them and never yields them."""

    samples: np.ndarray
    windows: tuple[Window, ...]


@dataclass
class _EarlyResults:
    """What the early windows gave: segments by (start_ms, end_ms), and the engine's notices."""

    segments: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)


def _with_early_windows(steps, engine, opts: AnalysisOptions, cancel, ready, early: _EarlyResults):
    """Re-yield :func:`prepare_audio`'s items; its :class:`EarlyWindows` go through the
    engine here (their segments are yielded, their progress is not: the transcribe stage
    counts them when it starts) and are kept in ``early``."""
    try:
        while True:
            try:
                item = next(steps)
            except StopIteration as stop:
                return stop.value
            if not isinstance(item, EarlyWindows):
                yield item
                continue
            if engine is None or not item.windows:
                continue
            if ready is not None:  # the model's warm-up first: the first batch needs it
                ready.join()
                ready.raise_error()
            segments = yield from relay(
                engine.transcribe(item.samples, item.windows, opts.transcribe, cancel),
                lambda x: _keep_results(x, early.notes),
            )
            early.segments.update({(s.start_ms, s.end_ms): s for s in segments})
    finally:
        steps.close()


def _keep_results(item, notes: list):
    if isinstance(item, Notice):
        notes.append(item.message)
    return None if isinstance(item, Progress) else item


class _Head:
    """Finds the early windows in the first VAD lane of a file still decoding, and keeps
    that lane's speech probabilities for the whole file's VAD (they are its first lane)."""

    def __init__(self, opts: AnalysisOptions, cancel) -> None:
        self.opts, self.cancel = opts, cancel
        self.lane_samples = lane_steps(opts.vad) * STEP
        self.every_ms = -(-self.lane_samples * 1000 // 16000)
        self.probs: np.ndarray | None = None
        self._tried = False

    def offer(self, part: DecodedSoFar) -> EarlyWindows | None:
        if self._tried or part.sample_rate != 16000 or len(part.samples) < self.lane_samples:
            return None
        self._tried = True  # the first lane only: later lanes run together at the end
        head = np.array(part.samples[: self.lane_samples])  # a copy: the decoder trims its buffer in place
        self.probs = drive(speech_probabilities(head, self.opts.vad, self.cancel))
        settled = settled_windows(head, self.probs, self.opts.vad, self.opts.windows)
        return EarlyWindows(head, _first_batch(settled)) if settled else None


def _first_batch(windows: list[Window]) -> tuple[Window, ...]:
    """The shortest sounding windows that fit in :data:`EARLY_WINDOWS` and
    :data:`EARLY_SECONDS` padded to the longest of them, in time order."""
    chosen: list[Window] = []
    for w in sorted((w for w in windows if not w.silent), key=lambda w: (w.duration_ms, w.start_ms)):
        if len(chosen) >= EARLY_WINDOWS or (len(chosen) + 1) * w.duration_ms > EARLY_SECONDS * 1000:
            break
        chosen.append(w)
    if not chosen and EARLY_WINDOWS > 0:  # every window is longer: the shortest alone
        chosen = sorted((w for w in windows if not w.silent), key=lambda w: w.duration_ms)[:1]
    return tuple(sorted(chosen, key=lambda w: w.start_ms))


def prepare_audio(
    path: str | os.PathLike,
    options: AnalysisOptions | None = None,
    cancel: CancelToken | None = None,
    *,
    precomputed_hash: str | None = None,
    use_model: bool = True,
    early: bool = False,
) -> Generator[Progress | Notice | EarlyWindows, None, PreparedAudio]:
    """The CPU half of :func:`analyze`: probe, decode, VAD, windows (``use_model`` only
    weights the progress: the model's stage follows). ``early``: also yield the
    :class:`EarlyWindows` of the first minute while the rest decodes."""
    opts = options or AnalysisOptions()
    weights = _WEIGHTS_FULL if use_model else _WEIGHTS_VAD
    path = Path(path)
    info = probe(path)
    digest = precomputed_hash or content_hash(path)
    notes: list[str] = []  # Notices from the stages, kept in the project's warnings too
    head = _Head(opts, cancel) if early else None
    decode_opts = DecodeOptions(strict=opts.strict, partial_every_ms=head.every_ms if head else 0)
    decoding = decode_audio(path, opts.audio_track, options=decode_opts, cancel=cancel)
    audio = yield from _stage(decoding, weights, notes, head.offer if head else None)
    samples = audio.samples
    duration_ms = audio.duration_ms or info.duration_ms  # the samples' own clock
    known = head.probs if head else None  # the first lane, found while decoding
    spans = yield from _stage(speech_spans(samples, opts.vad, cancel, known=known), weights)
    loud = loudness_db(samples, audio.sample_rate)
    windows = plan_windows(duration_ms, spans, loud, opts.windows)
    return PreparedAudio(
        info=info,
        content_hash=digest,
        samples=samples,
        sample_rate=audio.sample_rate,
        duration_ms=duration_ms,
        windows=tuple(windows),
        warnings=(*audio.warnings, *_media_warnings(info), *notes),
    )


def finish_analysis(
    prepared: PreparedAudio,
    options: AnalysisOptions | None = None,
    engine=None,
    cancel: CancelToken | None = None,
    *,
    early: _EarlyResults | None = None,
) -> Generator[Progress | SegmentsReady | Notice, None, Project]:
    """The model half of :func:`analyze`: transcribe the windows, find the events, build
    the project. ``engine`` None (or ``options.vad_only``): speech detection only.
    ``early``: segments already made for some of the windows (they are not run again)."""
    opts = options or AnalysisOptions()
    use_model = engine is not None and not opts.vad_only
    weights = _WEIGHTS_FULL if use_model else _WEIGHTS_VAD
    samples, windows = prepared.samples, prepared.windows
    silent = [w for w in windows if w.silent]
    notes: list[str] = list(early.notes) if early is not None else []
    if use_model:
        made = early.segments if early is not None else {}
        heard_windows = [w for w in windows if not w.silent]
        done = [made[(w.start_ms, w.end_ms)] for w in heard_windows if (w.start_ms, w.end_ms) in made]
        todo = [w for w in heard_windows if (w.start_ms, w.end_ms) not in made]
        done_ms = sum(s.end_ms - s.start_ms for s in done)

        def counting_done(item):  # progress over all the windows, the early ones done already
            if isinstance(item, Progress):
                return dataclasses.replace(item, done=item.done + done_ms, total=item.total + done_ms)
            return item

        heard = yield from _stage(
            relay(engine.transcribe(samples, todo, opts.transcribe, cancel), counting_done), weights, notes
        )
        # windows that may hold an event are run again as short sub-windows (events/refine.py),
        # the early ones too
        heard = yield from _stage(
            refine_segments(engine, samples, [*done, *heard], opts.events.refine, opts.transcribe, cancel),
            weights,
            notes,
        )
        yield _weighted(Progress("refine", 1, 1), weights)  # the bar ends full when nothing was flagged
        by_index = {s.start_ms: s for s in heard}
        segments = [by_index.get(w.start_ms) or Segment(w.start_ms, w.end_ms, GAP) for w in windows]
        model = ModelRef(id=engine.model_id, device=engine.device)
        identity = analysis_identity(opts, engine.model_dir, engine.device)
    else:
        segments = [Segment(w.start_ms, w.end_ms, w.kind) for w in windows]
        model = ModelRef(id=VAD_ONLY_MODEL_ID, device="cpu")
        identity = analysis_identity(opts)
        yield SegmentsReady(tuple(segments))

    if cancel is not None:  # a cancel during the last stage's last step: still nothing comes back
        cancel.raise_if_cancelled()
    markers = build_markers(segments, silent, opts.events)
    analysis = Analysis(
        media=prepared.info,
        content_hash=prepared.content_hash,
        audio_track=opts.audio_track,
        model=model,
        segments=tuple(segments),
        markers=tuple(markers),
        options=opts.to_dict() | {"identity": identity, "warnings": [*prepared.warnings, *notes]},
    )
    peaks = waveform_peaks(samples, prepared.sample_rate, peaks_per_second=opts.peaks_per_second)
    return Project(analysis=analysis, edits={}, waveform=peaks, peaks_per_second=opts.peaks_per_second)


class _Background:
    """Run ``fn(*args)`` on a daemon thread; :meth:`wait` joins it and re-raises its error."""

    def __init__(self, fn, *args) -> None:
        self._error: BaseException | None = None
        self._thread = threading.Thread(
            target=self._run, args=(fn, args), name="cutmark-prepare", daemon=True
        )
        self._thread.start()

    def _run(self, fn, args) -> None:
        try:
            fn(*args)
        except BaseException as exc:  # handed to the caller's thread by wait()
            self._error = exc

    def join(self) -> None:
        self._thread.join()

    def raise_error(self) -> None:
        """After :meth:`join`: the thread's error, raised here."""
        if self._error is not None:
            raise self._error


def _media_warnings(info) -> list[str]:
    video = info.video
    if video is None or not video.variable_frame_rate:
        return []
    rate = f" (about {float(video.fps):.2f} fps on average)" if video.fps else ""
    return [
        f"The video has a variable frame rate{rate}, as phones and screen recorders make; "
        "editor timelines are exported at the nearest standard rate, so a cut can land a frame off. "
        "For frame-exact edits convert it to a constant rate first."
    ]


def _stage(gen, weights, notes: list[str] | None = None, partial=None):
    """Re-yield a stage's items with progress weighted onto the whole job; return its result
    (a cancelled or abandoned job closes the stage, which releases its resources now).
    ``partial``: what a :class:`DecodedSoFar` becomes (None: dropped)."""

    def report(item):
        if isinstance(item, DecodedSoFar):
            return partial(item) if partial is not None else None
        if isinstance(item, Notice) and notes is not None:
            notes.append(item.message)
        return _weighted(item, weights) if isinstance(item, Progress) else item

    return (yield from relay(gen, report))


def analyze_cached(
    path: str | os.PathLike,
    options: AnalysisOptions | None = None,
    engine=None,
    cancel: CancelToken | None = None,
    cache: AnalysisCache | None = None,
) -> Generator[Progress | SegmentsReady, None, Project]:
    """:func:`analyze`, but a file already analysed with the same model (the same files),
    precision, :data:`ANALYSIS_VERSION` and options comes back from the cache without
    decoding, transcribing or loading anything. ``engine``: as for :func:`analyze`; with
    an :class:`EngineSource` the model loads only after the file opened and the cache missed."""
    opts = options or AnalysisOptions()
    if cache is None:
        return (yield from analyze(path, opts, engine, cancel))
    source = _source(engine, opts)
    digest = content_hash(path)
    use_model = source is not None
    audio = _Opened(
        prepare_audio(path, opts, cancel, precomputed_hash=digest, use_model=use_model, early=use_model)
    )
    try:
        identity = source.identity(opts) if source is not None else analysis_identity(opts)
        key = cache.key(digest, identity, opts.to_dict())
        hit = cache.get(key)
    except BaseException:
        audio.close()
        raise
    if hit is not None:
        audio.close()
        yield Progress("cache", 1, 1, unit="files", overall=1.0)
        media = dataclasses.replace(hit.analysis.media, path=str(path))
        return dataclasses.replace(hit, analysis=dataclasses.replace(hit.analysis, media=media))
    project = yield from _analyze_opened(audio, opts, source, cancel)
    try:
        cache.put(key, project)
    except CutmarkError as exc:  # a full or read-only cache must not cost the finished analysis
        log.warning("could not cache the analysis of %s: %s", path, exc)
    return project


def compare_modes(
    path: str | os.PathLike,
    engine,
    base: TranscribeOptions,
    other: TranscribeOptions,
    options: AnalysisOptions | None = None,
    *,
    max_seconds: float | None = None,
    cancel: CancelToken | None = None,
) -> dict:
    """Run the same windows of ``path`` through ``engine`` with ``base`` and with ``other``
    options (e.g. fp32 and int8) and measure how far the outputs agree, and the speed.

    ``token_agreement`` is 1 - (edit distance between the two token sequences, summed
    over the windows) / (tokens of ``base``), tags included; ``tags_agreement`` is the
    share of windows whose language, emotion and event tags are the same. ``max_seconds``
    keeps only the windows that start before that point (a quicker check).
    """
    import time

    from desktop_app.core.progress import drive
    from desktop_app.transcribe.agreement import token_agreement

    opts = options or AnalysisOptions()
    audio = drive(decode_audio(path, opts.audio_track, cancel=cancel))
    samples = audio.samples
    spans = drive(speech_spans(samples, opts.vad, cancel))
    loud = loudness_db(samples, audio.sample_rate)
    windows = [w for w in plan_windows(audio.duration_ms, spans, loud, opts.windows) if not w.silent]
    if max_seconds is not None:
        windows = [w for w in windows if w.start_ms < max_seconds * 1000]
    if windows:  # one pass of each mode before timing: first-use costs are not speed
        engine.prepare(base)
        engine.prepare(other)
        engine.token_ids(samples, windows[:1], base)
        engine.token_ids(samples, windows[:1], other)
    t0 = time.perf_counter()
    a = engine.token_ids(samples, windows, base)
    base_s = time.perf_counter() - t0
    if cancel is not None:
        cancel.raise_if_cancelled()
    t0 = time.perf_counter()
    b = engine.token_ids(samples, windows, other)
    other_s = time.perf_counter() - t0
    same_tags = sum(engine.tag_tokens(x) == engine.tag_tokens(y) for x, y in zip(a, b, strict=True))
    audio_s = sum(w.duration_ms for w in windows) / 1000
    return {
        "windows": len(windows),
        "audio_s": round(audio_s, 1),
        "tokens": sum(len(x) for x in a),
        "token_agreement": round(token_agreement(a, b), 5),
        "tags_agreement": round(same_tags / len(windows), 5) if windows else 1.0,
        "identical_windows": sum(x == y for x, y in zip(a, b, strict=True)),
        "base": {"precision": engine.precision_for(base), "seconds": round(base_s, 3)},
        "other": {"precision": engine.precision_for(other), "seconds": round(other_s, 3)},
        "speedup": round(base_s / other_s, 2) if other_s > 0 else None,
    }
