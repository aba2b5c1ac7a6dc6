"""How windows go through the model: one options object for the transcribe stage.

Its own module so the batch planner and the engine both read it without importing
each other."""

from __future__ import annotations

from dataclasses import dataclass

QUANTIZE_CHOICES = ("none", "int8")
PRECISION_CHOICES = ("auto", "fp32", "fp16")
BACKEND_CHOICES = ("torch", "onnxruntime")  # what runs the encoder at fp32 on the CPU


@dataclass(frozen=True)
class TranscribeOptions:
    """How windows go through the model.

    ``max_batch`` and ``batch_seconds`` bound a batch on the CPU; a GPU takes
    ``GPU_BATCH_FACTOR`` times both. ``quantize="int8"``: dynamic int8 Linear layers
    (CPU only, about 3x faster; off by default until ``cutmark doctor compare-int8``
    shows it agrees with fp32 on the real weights). ``precision``: ``"auto"`` is fp16
    autocast on CUDA (the CTC head stays fp32) and fp32 elsewhere. ``backend``: what runs
    the encoder at fp32 on the CPU (onnx_encoder.py): torch, or ONNX Runtime on the
    model's export (made once, into the cache folder). Which is faster depends on the
    CPU (benchmarks/README.md), so torch stays the default. The tokens are the same
    either way, so it is not part of a result's cache key.
    """

    language: str = "auto"
    use_itn: bool = True
    word_timestamps: bool = True
    max_batch: int = 16  # windows per batch
    batch_seconds: float = 40.0  # padded audio per batch (~500 frames: busy GEMMs, little padding)
    quantize: str = "none"  # "none" | "int8"
    precision: str = "auto"  # "auto" | "fp32" | "fp16"
    backend: str = "torch"  # "torch" | "onnxruntime"

    def __post_init__(self) -> None:
        if self.quantize not in QUANTIZE_CHOICES:
            raise ValueError(f"quantize must be one of {QUANTIZE_CHOICES}, not {self.quantize!r}")
        if self.precision not in PRECISION_CHOICES:
            raise ValueError(f"precision must be one of {PRECISION_CHOICES}, not {self.precision!r}")
        if self.backend not in BACKEND_CHOICES:
            raise ValueError(f"backend must be one of {BACKEND_CHOICES}, not {self.backend!r}")
