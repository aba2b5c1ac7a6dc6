"""Build a full-size SenseVoiceSmall folder with random weights for the benchmarks.

    python benchmarks/make_bench_model.py                 # benchmarks/.cache/sensevoice-full
    python benchmarks/make_bench_model.py --out DIR --force

The folder has the published model's shapes (d=512, 50 + 20 SANM blocks, 4 heads,
2048 feed-forward units, a 25,055-piece sentencepiece vocabulary trained on generated
text with the SenseVoice tags as user-defined symbols, ~936 MB ``model.pt``), so the
compute per second of audio equals the real model's; only the outputs are noise.
``funasr.AutoModel(model=DIR)`` loads it exactly like the published folder. Takes about
15 s and is reused by later runs (a ``bench-model.json`` stamp marks a finished build).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_DIR = ROOT / "benchmarks" / ".cache" / "sensevoice-full"
STAMP = "bench-model.json"


def ensure_model(folder: Path = DEFAULT_DIR, *, force: bool = False, seed: int = 0) -> Path:
    """The full-size random model at ``folder``, built unless a finished build is there."""
    folder = Path(folder)
    stamp = folder / STAMP
    if stamp.is_file() and (folder / "model.pt").is_file() and not force:
        return folder
    from tests.rig.tiny_model import build_model_dir

    t0 = time.perf_counter()
    build_model_dir(folder, full_size=True, seed=seed)
    info = {
        "full_size": True,
        "seed": seed,
        "model_pt_bytes": (folder / "model.pt").stat().st_size,
        "build_s": round(time.perf_counter() - t0, 1),
    }
    stamp.write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_DIR, help="model folder to write")
    parser.add_argument("--force", action="store_true", help="rebuild even if a finished build is there")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    folder = ensure_model(args.out, force=args.force, seed=args.seed)
    print(folder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
