"""The dynamic-int8 twin of the model, and its weights cached on disk per model.

Quantizing the 234 M-parameter model reads every fp32 Linear weight (~700 MB paged in
from ``model.pt``) and packs the int8 copies: ~1.5-2 s at every start. The int8 weights
are the same every time for the same ``model.pt`` and torch build, so the first run
saves them (``int8-<key>.pt``, ~230 MB for the published model) and later runs only
pack them again; the fp32 Linear weights are then never read at all.

The key is the weights file's size, modification time and sampled content, the model's
configuration, the torch version and its quantized engine: anything that could give
other int8 weights or another packed layout makes a new file.

The quantized engine is chosen once per process (:func:`use_best_engine`): oneDNN where
the CPU has AMX tiles (its int8 products run on them; the encoder measured 1.6x faster
than torch's default x86/fbgemm engine on a Xeon with AMX), else torch's default. A cache file that is
damaged or does not fit the model is ignored (and replaced); one that cannot be
written costs nothing but the next start's quantization.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import logging
import os
import tempfile
import warnings
from pathlib import Path

log = logging.getLogger(__name__)

CACHE_FORMAT = 1  # bump when what is saved changes
_SAMPLES = 16  # content samples of the weights file in the key
_SAMPLE_BYTES = 1 << 16


def best_engine() -> str:
    """The quantized engine for this CPU: ``"onednn"`` where it has AMX tiles, else the
    one torch itself picks on the platform (x86, then fbgemm, then qnnpack on Arm). Only
    a choice; :func:`use_best_engine` applies it."""
    import torch

    engines = torch.backends.quantized.supported_engines
    amx = getattr(torch.cpu, "_is_amx_tile_supported", lambda: False)
    if "onednn" in engines and amx():
        return "onednn"
    return next((e for e in ("x86", "fbgemm", "qnnpack") if e in engines), torch.backends.quantized.engine)


def use_best_engine() -> str:
    """Set torch's quantized engine to :func:`best_engine` (a process-wide setting, so
    quantizing, packing and the cache key agree) and return its name."""
    import torch

    engine = best_engine()
    if torch.backends.quantized.engine != engine:
        torch.backends.quantized.engine = engine
    return engine


def cache_key(weights: Path, config: Path | None) -> str:
    """A short hex key for the int8 weights made from ``weights`` (and ``config``) by
    this torch build. Reads about 1 MB of the weights file, not all of it."""
    import torch

    use_best_engine()
    digest = hashlib.blake2b(digest_size=16)
    st = os.stat(weights)
    engine = torch.backends.quantized.engine
    digest.update(f"{CACHE_FORMAT}\0{torch.__version__}\0{engine}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    with open(weights, "rb") as fh:
        for i in range(_SAMPLES):
            fh.seek(max(0, st.st_size - _SAMPLE_BYTES) * i // max(1, _SAMPLES - 1))
            digest.update(fh.read(_SAMPLE_BYTES))
    if config is not None and config.is_file():
        digest.update(config.read_bytes())
    return digest.hexdigest()


def quantized_parts(model) -> list:
    """The modules quantized block by block (so fp32 pages can be let go as we go)."""
    encoder = model.encoder
    return [*encoder.encoders0, *encoder.encoders, *encoder.tp_encoders, model.ctc, model]


def twin_of(model):
    """New modules sharing every tensor with ``model`` (nothing is copied)."""
    shared = {id(t): t for t in (*model.parameters(), *model.buffers())}
    return copy.deepcopy(model, shared)


def quantize(model, release=None):
    """The int8 twin by ``torch.ao.quantization.quantize_dynamic`` (int8 Linear weights,
    activations quantized per batch). ``release(tensors)`` is called with each block's
    fp32 Linear weights once they are quantized."""
    import torch

    use_best_engine()
    twin = twin_of(model)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch.ao.quantization's deprecation notices
        for part in quantized_parts(twin):
            fp32 = [m.weight for m in part.modules() if type(m) is torch.nn.Linear]
            torch.ao.quantization.quantize_dynamic(part, {torch.nn.Linear}, dtype=torch.qint8, inplace=True)
            if release is not None:
                release(fp32)
    return twin.eval()


def int8_weights(twin) -> dict:
    """``{"<module>.weight": qint8 tensor, "<module>.bias": fp32 tensor or None}`` of
    every int8 Linear of ``twin``: what the cache file holds."""
    from torch.ao.nn.quantized.dynamic import Linear as Int8Linear

    out: dict = {}
    for name, module in twin.named_modules():
        if isinstance(module, Int8Linear):
            weight, bias = module._weight_bias()
            out[f"{name}.weight"], out[f"{name}.bias"] = weight, bias
    return out


def from_weights(model, saved: dict):
    """The int8 twin with ``saved`` (from :func:`int8_weights`) as its Linear weights,
    without quantizing; None if ``saved`` does not fit ``model`` exactly."""
    import torch
    from torch.ao.nn.quantized.dynamic import Linear as Int8Linear

    use_best_engine()
    fp32 = {name: m for name, m in model.named_modules() if type(m) is torch.nn.Linear}
    expected = {f"{n}.{p}" for n in fp32 for p in ("weight", "bias")}
    if set(saved) != expected:
        return None
    for name, linear in fp32.items():
        weight, bias = saved[f"{name}.weight"], saved[f"{name}.bias"]
        if (
            not isinstance(weight, torch.Tensor)
            or weight.dtype != torch.qint8
            or tuple(weight.shape) != tuple(linear.weight.shape)
            or (bias is None) != (linear.bias is None)
        ):
            return None
    twin = twin_of(model)
    modules = dict(twin.named_modules())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in fp32:
            parent_name, _, attr = name.rpartition(".")
            parent = modules[parent_name] if parent_name else twin
            # A 1x1 placeholder: the constructor packs a zero weight of its size, which
            # would cost as much as packing the real one; then the saved weight goes in.
            int8 = Int8Linear(1, 1, dtype=torch.qint8)
            weight = saved[f"{name}.weight"]
            int8.in_features, int8.out_features = weight.shape[1], weight.shape[0]
            int8._packed_params.set_weight_bias(weight, saved[f"{name}.bias"])
            setattr(parent, attr, int8)
    return twin.eval()


def load_cached(model, path: Path):
    """The twin from the cache file at ``path``, or None (missing, damaged, not this model's)."""
    import torch

    if not path.is_file():
        return None
    try:
        # mapped: the pages are read once, by the packing, and not kept after it
        saved = torch.load(path, map_location="cpu", weights_only=True, mmap=True)
    except Exception as exc:  # a torn or foreign file: quantize again and replace it
        log.warning("ignoring the int8 weights cached in %s: %s", path, exc)
        return None
    twin = from_weights(model, saved) if isinstance(saved, dict) else None
    if twin is None:
        log.warning("ignoring the int8 weights cached in %s: they do not fit the model", path)
    return twin


def save_cached(twin, path: Path) -> bool:
    """Write the twin's int8 weights to ``path`` atomically; False (logged) if it cannot."""
    import torch

    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            torch.save(int8_weights(twin), fh)
        os.replace(tmp, path)  # a reader sees the old file or the whole new one
        return True
    except OSError as exc:
        log.warning("could not cache the int8 weights in %s: %s", path, exc)
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        return False
