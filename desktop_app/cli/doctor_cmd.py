"""``cutmark doctor``: checks anyone with the real model can run on their own media.

``cutmark doctor compare-int8 VIDEO`` runs the same windows of VIDEO through the model
in fp32 and with dynamic int8 Linear layers (``cutmark process --int8``) and prints how
far the token sequences agree and how much faster int8 is. Exit 0 when the agreement
reaches ``--threshold`` (99 % by default), 1 when it does not (or the run failed).
``compare-fp16`` does the same for fp32 against fp16 on a CUDA GPU.
"""

from __future__ import annotations

import json
import sys

from desktop_app.cli.main import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from desktop_app.cli.messages import report
from desktop_app.core.errors import CutmarkError

CHECKS = {
    "compare-int8": (
        "fp32 against dynamic int8 (CPU): token agreement and speed",
        "cpu",
        {"quantize": "int8"},
    ),
    "compare-fp16": (
        "fp32 against fp16 on a CUDA GPU: token agreement and speed",
        "cuda",
        {"precision": "fp16"},
    ),
}


def add_parser(sub) -> None:
    p = sub.add_parser(
        "doctor",
        help="checks on your model and machine (compare-int8, compare-fp16)",
        description="Checks that need the real model: run them on a video of your own.",
    )
    checks = p.add_subparsers(dest="check", metavar="CHECK")
    for name, (text, device, _) in CHECKS.items():
        c = checks.add_parser(
            name, help=text, description=text + ". Exit 0 when the agreement reaches --threshold."
        )
        c.add_argument("video", metavar="VIDEO", help="a media file with speech")
        c.add_argument(
            "--model", metavar="DIR|ID", help="model folder or hub id (default: iic/SenseVoiceSmall)"
        )
        c.add_argument("--device", default=device, help=f"where to run (default {device})")
        c.add_argument(
            "--language",
            default="auto",
            choices=["auto", "zh", "en", "yue", "ja", "ko"],
            help="spoken language",
        )
        c.add_argument("--audio-track", type=int, default=0, metavar="N", help="audio track, 0-based")
        c.add_argument("--threshold", type=float, default=0.99, help="token agreement needed (default 0.99)")
        c.add_argument(
            "--max-minutes", type=float, metavar="M", help="only the windows in the first M minutes"
        )
        c.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(doctor_parser=p)


def run(args) -> int:
    if not getattr(args, "check", None):
        args.doctor_parser.print_help(sys.stderr)
        return EXIT_USAGE
    from desktop_app.pipeline import AnalysisOptions, compare_modes, load_engine
    from desktop_app.transcribe.options import TranscribeOptions

    _, _, changes = CHECKS[args.check]
    base = TranscribeOptions(language=args.language, precision="fp32")
    other = TranscribeOptions(language=args.language, **changes)
    try:
        engine = load_engine(args.model, args.device)
        if engine.precision_for(other) == engine.precision_for(base):
            print(
                f"cutmark: error: {args.check} cannot run on {engine.device}: both sides would run "
                f"{engine.precision_for(base)}. Pass --device {CHECKS[args.check][1]}.",
                file=sys.stderr,
            )
            return EXIT_USAGE
        result = compare_modes(
            args.video,
            engine,
            base,
            other,
            AnalysisOptions(audio_track=args.audio_track),
            max_seconds=None if args.max_minutes is None else args.max_minutes * 60,
        )
    except CutmarkError as exc:
        report(exc, args.video, debug=args.debug)
        return EXIT_FAILED
    passed = result["token_agreement"] >= args.threshold
    result |= {"check": args.check, "video": args.video, "threshold": args.threshold, "passed": passed}
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        b, o = result["base"], result["other"]
        print(f"{args.check}: {args.video}")
        print(
            f"  windows          {result['windows']} ({result['audio_s']:.0f} s of audio, {result['tokens']} tokens)"
        )
        print(f"  token agreement  {result['token_agreement']:.2%} (threshold {args.threshold:.2%})")
        print(f"  tags agreement   {result['tags_agreement']:.2%} of windows")
        print(f"  identical        {result['identical_windows']} of {result['windows']} windows")
        speed = f"{result['speedup']}x" if result["speedup"] else "n/a"
        print(
            f"  time             {b['precision']} {b['seconds']:.1f} s, {o['precision']} {o['seconds']:.1f} s ({speed})"
        )
        verdict = "agrees" if passed else "does NOT agree"
        print(f"  {o['precision']} {verdict} with {b['precision']} at the threshold.")
    return EXIT_OK if passed else EXIT_FAILED
