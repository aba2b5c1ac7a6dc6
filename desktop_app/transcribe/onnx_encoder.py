"""The encoder through ONNX Runtime on the CPU, at fp32: the same graph, made once per model.

On a 2-core AMD EPYC (Zen 4) torch ran the encoder's matrix products at ~72 G
multiply-adds/s and ONNX Runtime's MLAS at ~91 (benchmarks/README.md): one 4 x 10 s
batch 3.4-3.7 s in torch, 2.05-2.66 s exported, outputs within ~1e-6. The rest
of the model (query embeddings, CTC head) stays in torch, so tags, text and word times
come out of the same code whichever runs the encoder.

The export (``torch.onnx.export``, ~30 s for SenseVoiceSmall, ~0.9 GB on disk) is kept in
the cache folder under a key of the model's weights and config and this torch build
(:func:`desktop_app.transcribe.int8.cache_key`), so a changed model never meets an old
graph; a damaged one is made again. It runs when asked for (``backend="onnxruntime"``,
``--backend onnxruntime``): on an Intel Xeon with AVX-512 torch's MKL was as fast, so
torch stays the default.
"""

from __future__ import annotations

import logging
import os
import warnings
from pathlib import Path

from desktop_app.core.errors import ModelError

log = logging.getLogger(__name__)

FORMAT = 1  # bump when the exported graph's inputs or outputs change
_INPUTS = ("x", "lengths")
_OUTPUTS = ("out", "out_lens")


def available() -> bool:
    """ONNX Runtime and the exporter's ``onnx`` package can be imported."""
    try:
        import onnx  # noqa: F401  (torch.onnx.export needs it)
        import onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def cache_path(cache_dir: str | os.PathLike, weights: Path, config: Path | None) -> Path:
    from desktop_app.transcribe import int8

    return Path(cache_dir) / f"encoder-{FORMAT}-{int8.cache_key(weights, config)}.onnx"


def export(encoder, input_size: int, path: Path) -> None:
    """Write ``encoder`` (funasr's SenseVoice encoder, ``input_size`` features per frame)
    as an ONNX graph with batch and time free. Written beside ``path`` and renamed into
    place: a run cut short leaves no graph."""
    import torch

    class _Encoder(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, x, lengths):
            out, out_lens = self.inner(x, lengths)[:2]
            return out, out_lens

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        # the engine's passes run in inference mode; tracing needs ordinary tensors
        with torch.inference_mode(False), torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the tracer's notes on funasr's code: not the user's
            x = torch.zeros(2, 40, input_size)
            lengths = torch.tensor([40, 25], dtype=torch.int32)
            torch.onnx.export(
                _Encoder(encoder).eval(),
                (x, lengths),
                str(tmp),
                input_names=list(_INPUTS),
                output_names=list(_OUTPUTS),
                dynamic_axes={
                    "x": {0: "batch", 1: "time"},
                    "lengths": {0: "batch"},
                    "out": {0: "batch", 1: "time"},
                    "out_lens": {0: "batch"},
                },  # fmt: skip
                opset_version=17,
                dynamo=False,  # the TorchScript exporter traces funasr's modules as they are
            )
        os.replace(tmp, path)
    except Exception as exc:
        raise ModelError(
            f"The model's encoder could not be prepared for ONNX Runtime: {type(exc).__name__}: {exc}",
            hint="Analysis still works with the default engine (backend 'torch').",
        ) from exc
    finally:
        tmp.unlink(missing_ok=True)


class OnnxEncoder:
    """An ONNX Runtime session over an exported encoder, called like funasr's encoder."""

    def __init__(self, path: Path, threads: int):
        import onnxruntime as ort

        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        opts.log_severity_level = 3  # its warnings about unused initialisers are not the user's
        self.path = path
        self.session = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
        names = tuple(i.name for i in self.session.get_inputs())
        if names != _INPUTS:
            raise ModelError(f"{path} is not an encoder graph of this version (inputs {names}).")

    def __call__(self, x, lengths):
        import numpy as np
        import torch

        out, out_lens = self.session.run(
            list(_OUTPUTS),
            {"x": np.ascontiguousarray(x.float().numpy()), "lengths": lengths.numpy().astype(np.int32)},
        )
        return torch.from_numpy(out), torch.from_numpy(out_lens)
