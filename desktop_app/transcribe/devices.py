"""Pick the compute device: CUDA > MPS > CPU, or what the user asked for."""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.core.errors import DeviceError

DEVICE_CHOICES = ("auto", "cpu", "cuda", "mps")


@dataclass(frozen=True)
class DeviceInfo:
    name: str  # what torch takes: "cpu", "cuda:0", "mps"
    description: str  # what a person reads: "NVIDIA H100 80GB (cuda:0)"


def available_devices() -> list[DeviceInfo]:
    import torch

    found = []
    if torch.cuda.is_available():
        for i in range(torch.cuda.device_count()):
            found.append(DeviceInfo(f"cuda:{i}", f"{torch.cuda.get_device_name(i)} (cuda:{i})"))
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        found.append(DeviceInfo("mps", "Apple GPU (mps)"))
    found.append(DeviceInfo("cpu", f"CPU ({torch.get_num_threads()} threads)"))
    return found


def resolve_device(requested: str = "auto") -> str:
    """'auto' -> the best available; 'cuda' -> 'cuda:0'; unavailable -> DeviceError."""
    import torch

    req = (requested or "auto").strip().lower()
    if req == "auto":
        return available_devices()[0].name
    if req == "cpu":
        return "cpu"
    if req.startswith("cuda"):
        if not torch.cuda.is_available():
            raise DeviceError(f"'{requested}' was asked for, but torch sees no CUDA GPU.")
        index = int(req.split(":", 1)[1]) if ":" in req else 0
        if index >= torch.cuda.device_count():
            raise DeviceError(
                f"'{requested}' was asked for, but only {torch.cuda.device_count()} GPU(s) exist."
            )
        return f"cuda:{index}"
    if req == "mps":
        mps = getattr(torch.backends, "mps", None)
        if mps is None or not mps.is_available():
            raise DeviceError("'mps' was asked for, but no Apple GPU is available.")
        return "mps"
    raise DeviceError(f"Unknown device '{requested}'.", hint="Use auto, cpu, cuda, cuda:N or mps.")
