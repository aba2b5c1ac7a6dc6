"""``cutmark probe``: what is inside a media file (tracks, languages, frame rate)."""

from __future__ import annotations

from desktop_app.cli.main import EXIT_FAILED, EXIT_OK
from desktop_app.cli.messages import report
from desktop_app.core.errors import CutmarkError
from desktop_app.core.timebase import format_clock


def add_parser(sub) -> None:
    pr = sub.add_parser(
        "probe",
        help="show a media file's streams and audio tracks",
        description="List a media file's video and audio streams: duration, frame rate, and each audio "
        "track's number, language and channels (choose one with 'cutmark process --audio-track N').",
    )
    pr.add_argument("input", metavar="INPUT", help="a video or audio file")


def run(args) -> int:
    from desktop_app.media import probe

    try:
        info = probe(args.input)
    except CutmarkError as exc:
        report(exc, args.input, debug=args.debug)
        return EXIT_FAILED
    print(f"{info.path}: {info.format_name}, {format_clock(info.duration_ms)}, {info.size_bytes:,} bytes")
    if info.video:
        v = info.video
        fps = f"{float(v.fps):.3f} fps ({v.fps})" if v.fps else "unknown fps"
        vfr = ", variable frame rate" if v.variable_frame_rate else ""
        print(f"  video: {v.codec} {v.width}x{v.height}, {fps}{vfr}")
    if info.start_timecode:
        print(f"  start timecode: {info.start_timecode}")
    if not info.audio_tracks:
        print("  no audio track")
    for t in info.audio_tracks:
        lang = f" [{t.language}]" if t.language else ""
        title = f" '{t.title}'" if t.title else ""
        print(f"  audio track {t.index}{lang}{title}: {t.codec}, {t.channels} ch, {t.sample_rate} Hz")
    return EXIT_OK
