"""The model's other forms, made on first use and kept with the engine: the dynamic-int8
twin (its weights cached per model, :mod:`int8`) and the encoder exported for ONNX Runtime
(:mod:`onnx_encoder`). A part of :class:`~desktop_app.transcribe.engine.SenseVoiceEngine`,
in its own module to keep the engine readable in one sitting."""

from __future__ import annotations

import logging
from pathlib import Path

from desktop_app.core.errors import ModelError
from desktop_app.transcribe import int8, onnx_encoder
from desktop_app.transcribe.loading import release_pages
from desktop_app.transcribe.options import TranscribeOptions

log = logging.getLogger(__name__)


class ModelVariants:
    """Mixed into the engine, whose ``__init__`` sets what these read: ``device``,
    ``cache_dir``, ``files``, ``threads``, ``model``, ``frontend``, ``_mapped``, the locks,
    ``_int8_model``, ``_onnx``, and ``_timed``/``precision_for``."""

    def backend_for(self, options: TranscribeOptions | None = None) -> str:
        """What runs the encoder for ``options``: ``"onnxruntime"`` (asked for, on the CPU
        at fp32) or ``"torch"``."""
        opts = options or TranscribeOptions()
        if opts.backend == "onnxruntime" and str(self.device) == "cpu" and self.precision_for(opts) == "fp32":
            return "onnxruntime"
        return "torch"

    def onnx_encoder_path(self) -> Path | None:
        """Where this model's exported encoder is kept (None without a cache folder)."""
        if self.cache_dir is None:
            return None
        try:
            return onnx_encoder.cache_path(self.cache_dir, self.files.weights.path, self.files.config.path)
        except OSError as exc:
            log.warning("no ONNX encoder cache: %s", exc)
            return None

    def prepare_onnx_encoder(self) -> Path:
        """Export the encoder for ONNX Runtime into the cache folder unless it is there, and
        load it. Returns the graph's path. Raises :class:`ModelError` when it cannot."""
        if not onnx_encoder.available():
            raise ModelError(
                "ONNX Runtime is not installed, so the faster CPU engine is not available.",
                hint="Reinstall Cutmark with its dependencies: pip install cutmark",
            )
        path = self.onnx_encoder_path()
        if path is None:
            raise ModelError("There is no cache folder to keep the prepared model in.")
        with self._onnx_lock:
            if self._onnx is not None:
                return self._onnx.path
            source = "cache"
            if path.is_file():
                try:
                    self._onnx = onnx_encoder.OnnxEncoder(path, self.threads)
                except Exception as exc:  # damaged or foreign: made again below
                    log.warning("the prepared encoder %s is unusable (%s); preparing it again", path, exc)
            if self._onnx is None:
                with self._timed("export"):
                    onnx_encoder.export(self.model.encoder, self.frontend.output_size(), path)
                self._onnx = onnx_encoder.OnnxEncoder(path, self.threads)
                source = "exported"
            self.onnx_source = source
            return path

    def _onnx_for(self, options: TranscribeOptions):
        """The ONNX Runtime encoder when ``options`` run on it (made on first use); None
        for torch."""
        if self.backend_for(options) != "onnxruntime":
            return None
        if self._onnx is None:
            self.prepare_onnx_encoder()
        return self._onnx

    def _model_for(self, options: TranscribeOptions):
        return self._quantized() if self.precision_for(options) == "int8" else self.model

    def _quantized(self):
        """A twin of the model with dynamic int8 Linear layers (weights int8, activations
        quantized per batch). It shares every other tensor with the fp32 model, so it adds
        only the int8 weights (~1/4 of the fp32 ones)."""
        with self._quantize_lock:
            if self._int8_model is None:
                self._int8_model = self._make_int8()
        return self._int8_model

    def _make_int8(self):
        """The int8 twin: from the cache folder when this model's int8 weights are there
        (no quantization, the fp32 Linear weights never read), else quantized and saved."""
        cached = self._int8_cache_path()
        with self._timed("quantize"):
            twin = int8.load_cached(self.model, cached) if cached is not None else None
            if twin is not None:
                self.int8_source = "cache"
                return twin
            twin = int8.quantize(self.model, release=release_pages if self._mapped else None)
            self.int8_source = "quantized"
        if cached is not None and int8.save_cached(twin, cached):
            self.int8_source = "quantized+saved"
        return twin

    def _int8_cache_path(self) -> Path | None:
        if self.cache_dir is None:
            return None
        try:
            key = int8.cache_key(self.files.weights.path, self.files.config.path)
        except OSError as exc:
            log.warning("int8 weights not cached: %s", exc)
            return None
        return Path(self.cache_dir) / f"int8-{key}.pt"
