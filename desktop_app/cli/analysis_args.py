"""The analysis options shared by ``cutmark process`` and ``cutmark batch``."""

from __future__ import annotations

LANGUAGE_CHOICES = ["auto", "zh", "en", "yue", "ja", "ko"]


def add_analysis_args(p, *, device_help: str = "auto (default), cpu, cuda, cuda:N or mps") -> None:
    p.add_argument("--model", metavar="DIR|ID", help="model folder or hub id (default: iic/SenseVoiceSmall)")
    p.add_argument("--device", default="auto", help=device_help)
    p.add_argument("--language", default="auto", choices=LANGUAGE_CHOICES, help="spoken language")
    p.add_argument("--no-itn", action="store_true", help="no punctuation or number formatting")
    p.add_argument(
        "--int8",
        action="store_true",
        help="CPU only: dynamic int8 model, about 2x faster; check it first with 'cutmark doctor compare-int8'",
    )
    p.add_argument(
        "--backend",
        choices=["torch", "onnxruntime"],
        default="torch",
        help="CPU at fp32: what runs the model's encoder (default torch); onnxruntime is faster on "
        "some CPUs and prepares itself once per model (~30 s, ~0.9 GB in the cache folder)",
    )
    p.add_argument("--vad-only", action="store_true", help="speech detection only: no speech model needed")
    p.add_argument("--audio-track", type=int, default=0, metavar="N", help="audio track, 0-based (default 0)")
    p.add_argument(
        "--strict",
        action="store_true",
        help="refuse a file that is cut off (ends before its header says) instead of analysing what decodes",
    )


def analysis_options(args):
    """The :class:`~desktop_app.pipeline.AnalysisOptions` the arguments ask for."""
    from desktop_app.pipeline import AnalysisOptions
    from desktop_app.transcribe.options import TranscribeOptions

    return AnalysisOptions(
        audio_track=args.audio_track,
        vad_only=args.vad_only,
        strict=args.strict,
        transcribe=TranscribeOptions(
            language=args.language,
            use_itn=not args.no_itn,
            quantize="int8" if args.int8 else "none",
            backend=getattr(args, "backend", "torch"),
        ),
    )
