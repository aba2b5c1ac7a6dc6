"""``cutmark`` entry point. Heavy modules are imported inside the commands: ``--help`` is instant."""

from __future__ import annotations

import argparse
import sys

from desktop_app import __version__

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_CANCELLED = 0, 1, 2, 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cutmark",
        description="Cutmark: transcripts, laughter/applause/music/emotion markers, subtitles and "
        "jump-cut timelines from your videos, computed locally with SenseVoiceSmall.",
    )
    parser.add_argument("--version", action="version", version=f"cutmark {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser(
        "process",
        help="analyse media files: writes <stem>.cutmark.json and <stem>.srt",
        description="Analyse video or audio files (or every media file in a folder). Writes "
        "<stem>.cutmark.json (the project: segments, markers) and <stem>.srt per input.",
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="media files or folders")
    p.add_argument("--model", metavar="DIR|ID", help="model folder or hub id (default: iic/SenseVoiceSmall)")
    p.add_argument("--device", default="auto", help="auto (default), cpu, cuda, cuda:N or mps")
    p.add_argument(
        "--language", default="auto", choices=["auto", "zh", "en", "yue", "ja", "ko"], help="spoken language"
    )
    p.add_argument("--no-itn", action="store_true", help="no punctuation or number formatting")
    p.add_argument("--vad-only", action="store_true", help="speech detection only: no speech model needed")
    p.add_argument("--audio-track", type=int, default=0, metavar="N", help="audio track, 0-based (default 0)")
    p.add_argument("--out", metavar="DIR", help="output folder (default: next to each input)")
    p.add_argument("--overwrite", action="store_true", help="replace existing output files")
    p.add_argument("--no-cache", action="store_true", help="ignore and do not fill the analysis cache")
    p.add_argument(
        "--progress",
        choices=["auto", "bar", "json", "none"],
        default="auto",
        help="bar on a terminal (auto), JSON lines on stdout for other programs, or none",
    )

    m = sub.add_parser("models", help="download, list or locate the speech model")
    msub = m.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    d = msub.add_parser("download", help="download SenseVoiceSmall (~936 MB) into the model cache")
    d.add_argument("--hub", choices=["modelscope", "huggingface"], default="modelscope")
    d.add_argument("--dest", metavar="DIR", help="download into this folder instead of the cache")
    msub.add_parser("list", help="show installed models and devices")
    msub.add_parser("path", help="print the model cache folder")

    pr = sub.add_parser("probe", help="show a media file's streams and audio tracks")
    pr.add_argument("input", metavar="INPUT")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        if args.command == "process":
            from desktop_app.cli.process_cmd import run_process

            return run_process(args)
        if args.command == "models":
            from desktop_app.cli.models_cmd import run_models

            return run_models(args)
        if args.command == "probe":
            from desktop_app.cli.probe_cmd import run_probe

            return run_probe(args)
    except KeyboardInterrupt:
        print("cutmark: cancelled.", file=sys.stderr)
        return EXIT_CANCELLED
    parser.error(f"unknown command {args.command}")
    return EXIT_USAGE


if __name__ == "__main__":
    raise SystemExit(main())
