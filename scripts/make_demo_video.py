#!/usr/bin/env python3
"""Write the 60 s demo video (1280x720; two bundled speech recordings, applause, laughter
and music at known times) for screenshots and first tries. The same as the video of
``cutmark demo``, which also analyses it; this only writes the video.

    python scripts/make_demo_video.py demo.mp4 [--overwrite]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from desktop_app.cli.demo_cmd import make_demo_video  # noqa: E402
from desktop_app.core.errors import CutmarkError, OutputExistsError  # noqa: E402
from desktop_app.core.progress import drive  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--overwrite", action="store_true", help="replace OUT if it exists")
    args = parser.parse_args()
    try:
        out = drive(make_demo_video(args.out, overwrite=args.overwrite))
    except CutmarkError as exc:
        hint = "Pass --overwrite to replace it." if isinstance(exc, OutputExistsError) else exc.hint
        print(f"make_demo_video: {exc.message} {hint}", file=sys.stderr)
        return 1
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
