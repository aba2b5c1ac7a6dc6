"""Which numeric precision the model runs in: one rule for the engine and the cache key."""

from __future__ import annotations


def run_precision(device: str, quantize: str = "none", precision: str = "auto") -> str:
    """``"int8"``, ``"fp16"`` or ``"fp32"`` for a device (``"cpu"``, ``"cuda:0"``, ``"mps"``)
    and the transcribe options' ``quantize`` and ``precision``. Needs no torch: the cache
    asks before any model is loaded."""
    device = str(device)
    if device == "cpu" and quantize == "int8":
        return "int8"
    if device.startswith("cuda") and precision in ("auto", "fp16"):
        return "fp16"
    return "fp32"
