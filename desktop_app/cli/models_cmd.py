"""``cutmark models download|list|path``."""

from __future__ import annotations

import sys
from pathlib import Path

from desktop_app.cli.main import EXIT_CANCELLED, EXIT_FAILED, EXIT_OK
from desktop_app.cli.messages import report
from desktop_app.cli.progress_view import ProgressView
from desktop_app.core.errors import Cancelled, CutmarkError, DownloadError
from desktop_app.core.progress import Progress, drive


def add_parser(sub) -> None:
    m = sub.add_parser("models", help="download, list or locate the speech model")
    msub = m.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    d = msub.add_parser("download", help="download SenseVoiceSmall (~936 MB) into the model cache")
    d.add_argument(
        "--hub",
        choices=["modelscope", "huggingface"],
        default="modelscope",
        help="where to download from (default modelscope; huggingface is often faster outside China)",
    )
    d.add_argument("--dest", metavar="DIR", help="download into this folder instead of the cache")
    msub.add_parser("list", help="show installed models and devices")
    msub.add_parser("path", help="print the model cache folder")


def _retry_hint(args, folder: Path) -> str:
    """The same command again (it resumes), or where to copy a model folder instead."""
    again = "cutmark models download"
    if args.hub != "modelscope":
        again += f" --hub {args.hub}"
    if args.dest:
        again += f" --dest {args.dest}"
    return (
        f"Check the network connection and run '{again}' again (it resumes where it stopped). "
        f"Offline? Copy the SenseVoiceSmall folder from a machine that has one into {folder} "
        "(or anywhere, and pass '--model DIR' to 'cutmark process')."
    )


def run(args) -> int:
    from desktop_app.transcribe import models

    if args.models_command == "path":
        print(models.models_root())
        return EXIT_OK
    if args.models_command == "list":
        folder = models.default_model_dir()
        missing = models.missing_files(folder) if folder.is_dir() else list(models.REQUIRED_FILES)
        state = "installed" if not missing else "not downloaded"
        print(f"{models.MODEL_NAME} ({models.DEFAULT_MODEL_ID}): {state} — {folder}")
        try:
            from desktop_app.transcribe.devices import available_devices

            print("devices: " + "; ".join(d.description for d in available_devices()))
        except ImportError:
            print("devices: torch is not installed")
        return EXIT_OK
    dest = Path(args.dest) if args.dest else None
    view = ProgressView("bar" if sys.stderr.isatty() else "none")
    view.start_file(models.MODEL_NAME, 1, 1)
    print(
        f"Downloading {models.MODEL_NAME} (~936 MB) from {args.hub} into {dest or models.default_model_dir()}",
        file=sys.stderr,
    )
    gen = models.download_model(args.hub, dest)
    try:
        folder = drive(gen, lambda item: view.progress(item) if isinstance(item, Progress) else None)
    except (KeyboardInterrupt, Cancelled):
        view.finish_line()
        print("cutmark: download cancelled; run the same command again to resume.", file=sys.stderr)
        return EXIT_CANCELLED
    except CutmarkError as exc:
        view.finish_line()
        if isinstance(exc, DownloadError) and "hint" not in vars(exc):
            exc.hint = _retry_hint(args, dest or models.default_model_dir())
        report(exc, debug=args.debug)
        return EXIT_FAILED
    view.finish_line()
    print(f"Model ready in {folder}")
    return EXIT_OK
