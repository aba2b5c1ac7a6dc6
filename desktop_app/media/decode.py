"""``decode_audio``: one audio track → mono float32 at 16 kHz, as a progress generator.

The samples are placed by timestamp on the media's clock (index 0 is the container's
start, where the video starts too), so a gap left by a lost packet stays a gap (filled
with silence and reported in ``DecodedAudio.warnings``) instead of shifting the rest
of the file earlier. They go into one preallocated buffer sized from the header's
duration; it grows by doubling if the header was short and is trimmed at the end.
"""

from __future__ import annotations

import os
import struct
import time
from collections.abc import Generator
from dataclasses import dataclass

import av
import numpy as np

from desktop_app.core.errors import (
    AudioTrackIndexError,
    EmptyMediaError,
    NoAudioTrackError,
    TruncatedMediaError,
    UnreadableMediaError,
    UnsupportedCodecError,
)
from desktop_app.core.model import DecodedAudio
from desktop_app.core.progress import NEVER_CANCELLED, CancelToken, Progress, drive
from desktop_app.core.timebase import SAMPLE_RATE
from desktop_app.media._container import (
    check_file,
    clock,
    container_start_s,
    display_name,
    open_input,
    reason,
    seconds,
    stream_duration_s,
)

# Raw elementary-stream formats whose header duration FFmpeg only estimates from the
# bit rate: falling short of it is reported as a warning, not as a truncated file.
_ESTIMATED_DURATION_FORMATS = frozenset({"aac", "ac3", "eac3", "dts", "truehd", "mlp", "amr", "adx"})
_MAX_WARNINGS = 20
_MAX_INITIAL_MS = 6 * 3600 * 1000
_DOWNMIX = {"rematrix_maxval": "1.0"}
_TORN_MS = 1000  # a bad packet this close to where a cut-off file ends is the cut itself


@dataclass(frozen=True)
class DecodeOptions:
    """How :func:`decode_audio` decodes.

    ``truncation_tolerance_ms``: how much shorter than its header says the audio may
    be before the file counts as cut off; ``None`` means ``max(1000 ms, 2 % of the
    duration)``. ``gap_tolerance_ms``: a frame whose timestamp is this much later than
    the audio decoded so far marks a gap (filled with silence, with a warning).
    ``strict``: a file cut off raises :class:`TruncatedMediaError`; otherwise what
    decodes is returned with a warning (a dead camera battery or a crashed recorder
    still leaves hours worth analysing). Nothing decoded at all is an error either way.
    ``partial_every_ms`` > 0: also yield :class:`DecodedSoFar` each time that much more
    audio has been decoded (the pipeline starts on the first minute of a long file).
    """

    sample_rate: int = SAMPLE_RATE
    truncation_tolerance_ms: int | None = None
    gap_tolerance_ms: int = 10
    progress_interval_s: float = 0.25
    strict: bool = False
    partial_every_ms: int = 0

    def tolerance_ms(self, duration_ms: float) -> float:
        if self.truncation_tolerance_ms is not None:
            return float(self.truncation_tolerance_ms)
        return max(1000.0, 0.02 * duration_ms)


@dataclass(frozen=True, eq=False)
class DecodedSoFar:
    """The audio decoded so far, while the rest still decodes: ``samples`` is a read-only
    view of the first samples of the final result (they do not change); copy what you
    keep, so the decoder can trim its buffer in place at the end."""

    samples: np.ndarray
    sample_rate: int


def decode_audio_all(path: str | os.PathLike, track: int = 0, **kwargs) -> DecodedAudio:
    """:func:`decode_audio` run to the end (no progress reports)."""
    return drive(decode_audio(path, track, **kwargs))


def decode_audio(
    path: str | os.PathLike,
    track: int = 0,
    *,
    options: DecodeOptions | None = None,
    cancel: CancelToken | None = None,
) -> Generator[Progress | DecodedSoFar, None, DecodedAudio]:
    """Decode audio track ``track`` (0-based among the audio streams) of ``path``.

    Yields ``Progress(stage="decode", done=ms, total=ms)`` about every
    ``options.progress_interval_s`` and returns :class:`DecodedAudio`. Raises
    :class:`NoAudioTrackError`, :class:`AudioTrackIndexError`,
    :class:`UnsupportedCodecError`, :class:`TruncatedMediaError`,
    :class:`EmptyMediaError`, :class:`UnreadableMediaError` or
    :class:`~desktop_app.core.errors.Cancelled`.
    """
    opts = options or DecodeOptions()
    cancel = cancel or NEVER_CANCELLED
    text, _size = check_file(path)
    name = display_name(text)
    with open_input(text) as container:
        streams = container.streams.audio
        if not streams:
            raise NoAudioTrackError(f"{name} has no audio track.", path=text)
        if not 0 <= track < len(streams):
            count = f"{len(streams)} audio track" + ("s" if len(streams) != 1 else "")
            raise AudioTrackIndexError(
                f"{name} has {count} (numbered from 0), so there is no track {track}.", path=text
            )
        stream = streams[track]
        if stream.codec_context is None:
            raise UnsupportedCodecError(f"{name} uses an audio codec Cutmark cannot decode.", path=text)
        for other in container.streams:
            if other is not stream:
                other.discard = av.stream.Discard.all  # the demuxer skips their packets cheaply
        run = _Run(container, stream, track, opts, cancel, text)
        return (yield from run.decode())


def wav_declared_duration_s(path: str) -> float | None:
    """How long a RIFF/WAVE file's header says its audio is (``data`` size / byte rate).

    FFmpeg clamps a ``data`` chunk that runs past the end of the file to the bytes that
    are there, so a WAV cut off by an interrupted copy decodes silently short; this is
    what it should have been. None when the header does not say (size 0 or 0xFFFFFFFF,
    as streaming writers leave it) or is not a plain RIFF/WAVE header.
    """
    try:
        with open(path, "rb") as fh:
            head = fh.read(12)
            if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
                return None
            byte_rate = 0
            for _ in range(64):  # chunks before "data": fmt, LIST, fact, bext, ...
                chunk = fh.read(8)
                if len(chunk) < 8:
                    return None
                cid, size = chunk[:4], struct.unpack("<I", chunk[4:])[0]
                if cid == b"data":
                    return size / byte_rate if byte_rate and size not in (0, 0xFFFFFFFF) else None
                if cid == b"fmt " and size >= 12:
                    byte_rate = struct.unpack("<I", fh.read(12)[8:12])[0]
                    size -= 12
                fh.seek(size + (size & 1), os.SEEK_CUR)
    except (OSError, struct.error):
        return None
    return None


class _Buffer:
    """One float32 buffer, written in order, grown by doubling, trimmed at the end."""

    def __init__(self, capacity: int) -> None:
        self.data = np.zeros(max(capacity, 1024), dtype=np.float32)
        self.pos = 0

    def reserve(self, n: int) -> None:
        need = self.pos + n
        if need > self.data.shape[0]:
            grown = np.zeros(max(need, 2 * self.data.shape[0]), dtype=np.float32)
            grown[: self.pos] = self.data[: self.pos]
            self.data = grown

    def write(self, samples: np.ndarray) -> None:
        end = self.pos + samples.shape[0]
        if end > self.data.shape[0]:
            self.reserve(samples.shape[0])
        self.data[self.pos : end] = samples
        self.pos = end

    def silence(self, n: int) -> None:
        self.reserve(n)  # never-written samples are already zero
        self.pos += n

    def result(self) -> np.ndarray:
        data, self.data = self.data, np.zeros(0, dtype=np.float32)
        try:
            data.resize(self.pos, refcheck=True)  # shrink in place, no copy
        except ValueError:
            data = data[: self.pos].copy()
        return data


class _Problems:
    """Collects decoding trouble and words it as a few warnings."""

    def __init__(self) -> None:
        self.gaps: list[list[float]] = []  # [at_ms, missing_ms]
        self.bad: list[list] = []  # [first_ms, last_ms, count, why]
        self.other: list[str] = []
        self.cut_off = ""  # the file ends early: said first, it matters most

    def gap(self, at_ms: float, missing_ms: float) -> None:
        if self.gaps and at_ms - (self.gaps[-1][0] + self.gaps[-1][1]) < 2000:
            self.gaps[-1][1] = at_ms + missing_ms - self.gaps[-1][0]
        else:
            self.gaps.append([at_ms, missing_ms])

    def bad_packet(self, at_ms: float, why: str) -> None:
        if self.bad and at_ms - self.bad[-1][1] < 2000:
            self.bad[-1][1] = max(self.bad[-1][1], at_ms)
            self.bad[-1][2] += 1
        else:
            self.bad.append([at_ms, at_ms, 1, why])

    def unreadable(self, at_ms: float, why: str) -> None:
        message = (
            f"Part of the file could not be read near {clock(at_ms)} ({why}); the audio there may be missing."
        )
        if message not in self.other:
            self.other.append(message)

    def warnings(self) -> tuple[str, ...]:
        out = [
            f"{round(missing)} ms of audio could not be decoded near {clock(at)}; filled with silence."
            for at, missing in self.gaps
        ]
        for first, _last, count, why in self.bad:
            what = "1 audio packet" if count == 1 else f"{count} audio packets"
            out.append(f"{what} could not be decoded near {clock(first)} ({why}); skipped.")
        out += self.other
        if self.cut_off:
            out.insert(0, self.cut_off)
        if len(out) > _MAX_WARNINGS:
            out = out[: _MAX_WARNINGS - 1] + [f"{len(out) - _MAX_WARNINGS + 1} more decoding problems."]
        return tuple(out)


class _Run:
    """The state of one decode: container, timing, resampler, buffer, problems."""

    def __init__(
        self, container, stream, track: int, opts: DecodeOptions, cancel: CancelToken, path: str
    ) -> None:
        self.container = container
        self.stream = stream
        self.track = track
        self.cc = stream.codec_context
        self.opts = opts
        self.cancel = cancel
        self.path = path
        self.rate = opts.sample_rate
        self.problems = _Problems()

        # Index 0 of the output is the container's start (the earliest stream start).
        self.origin_s = container_start_s(container)
        start = seconds(stream.start_time, stream.time_base)
        self.lead_s = max(0.0, start - self.origin_s) if start is not None else 0.0
        duration = stream_duration_s(stream)
        if duration is None and container.duration:
            duration = max(0.0, container.duration / 1_000_000 - self.lead_s)
        if container.format.name == "wav":  # FFmpeg measures a cut-off WAV by its bytes, not its header
            declared = wav_declared_duration_s(path)
            if declared is not None and (duration is None or declared > duration):
                duration = declared
        # Where the header says this track ends, on the output clock (None: unknown).
        self.expected_ms = (self.lead_s + duration) * 1000 if duration is not None else None
        self.estimated = container.format.name in _ESTIMATED_DURATION_FORMATS
        self.tolerance_ms = opts.tolerance_ms(self.expected_ms or 0.0)

        # Header duration + 1 % + 1 s; unknown: a minute. Capped (a corrupt header can
        # claim days); the buffer grows by doubling if the audio runs longer.
        expected = min(self.expected_ms if self.expected_ms is not None else 60_000, _MAX_INITIAL_MS)
        self.buffer = _Buffer(int(expected * 1.01 * self.rate / 1000) + self.rate)
        self.gap_samples = max(1, opts.gap_tolerance_ms * self.rate // 1000)
        self.limit_samples = (
            int((self.expected_ms + self.tolerance_ms) * self.rate / 1000)
            if self.expected_ms is not None
            else None
        )
        self.origin_out = self.origin_s * self.rate  # the output clock's sample 0
        self.shift = 0  # samples dropped from the clock after a timestamp jump
        self.resampler = None
        self.out_scale: float | None = None  # output-sample per output-pts unit
        self.started = False
        self.frames = 0
        self.packets_ok = 0

    # --- main loop -----------------------------------------------------------

    def decode(self) -> Generator[Progress | DecodedSoFar, None, DecodedAudio]:
        total = round(self.expected_ms) if self.expected_ms is not None else 0
        yield Progress(stage="decode", done=0, total=total, unit="ms")
        interval = self.opts.progress_interval_s
        next_report = time.monotonic() + interval
        every = self.opts.partial_every_ms * self.rate // 1000
        next_partial = every
        cc, cancel = self.cc, self.cancel
        for packet in self._packets():
            cancel.raise_if_cancelled()
            try:
                frames = cc.decode(packet)
            except (av.error.DecoderNotFoundError, av.error.PatchWelcomeError) as exc:
                raise UnsupportedCodecError(
                    f"{display_name(self.path)} uses an audio codec Cutmark cannot decode ({reason(exc)}).",
                    path=self.path,
                ) from exc
            except (av.error.FFmpegError, ValueError) as exc:
                self.problems.bad_packet(self._packet_ms(packet), reason(exc))
                continue
            self.packets_ok += 1
            for frame in frames:
                self._resample(frame)
            if every > 0 and self.buffer.pos >= next_partial:
                next_partial = (self.buffer.pos // every + 1) * every
                yield DecodedSoFar(self._so_far(), self.rate)  # no local name: it would outlive the yield
            if time.monotonic() >= next_report:
                next_report = time.monotonic() + interval
                yield Progress(stage="decode", done=self._done_ms(), total=total, unit="ms")
        cancel.raise_if_cancelled()
        self._flush()
        result = self._finish()
        yield Progress(stage="decode", done=self._done_ms(), total=max(total, self._done_ms()), unit="ms")
        return result

    def _so_far(self) -> np.ndarray:
        view = self.buffer.data[: self.buffer.pos]
        view.flags.writeable = False
        return view

    def _packets(self):
        """The track's packets; a demuxing error ends the file gracefully with a warning.

        A few consecutive read errors are retried (the demuxer often resyncs after
        garbage); more than that, or an error with nothing after it, is the end.
        """
        failures = 0
        while True:
            try:
                for packet in self.container.demux(self.stream):
                    failures = 0
                    if packet.size:
                        yield packet
                return
            except av.error.FFmpegError as exc:
                failures += 1
                at = self._done_ms()
                if failures > 3:
                    self.problems.other.append(
                        f"The file could not be read after {clock(at)} ({reason(exc)}); decoding stopped there."
                    )
                    return
                self.problems.unreadable(at, reason(exc))

    def _packet_ms(self, packet) -> float:
        t = seconds(packet.pts, packet.time_base)
        if t is None:
            return self._done_ms()
        return max(0.0, (t - self.origin_s) * 1000)

    def _done_ms(self) -> int:
        return self.buffer.pos * 1000 // self.rate

    # --- resampling and placement ------------------------------------------------

    def _new_resampler(self):
        self.out_scale = None  # a passthrough resampler keeps the stream's time base
        # rematrix_maxval=1: the downmix matrix is normalised, so stereo becomes (L + R) / 2
        # (what librosa and Whisper's ffmpeg call give) and no mix exceeds [-1, 1].
        return av.AudioResampler(format="flt", layout="mono", rate=self.rate, options=_DOWNMIX)

    def _resample(self, frame) -> None:
        self.frames += 1
        if self.resampler is None:
            self.resampler = self._new_resampler()
        try:
            out = self.resampler.resample(frame)
        except ValueError:
            # The frame's rate, layout or format changed mid-stream: drain and restart.
            self._flush_resampler()
            self.resampler = self._new_resampler()
            out = self.resampler.resample(frame)
        for piece in out:
            if piece is not None:
                self._place(piece)

    def _place(self, piece) -> None:
        # The resampler's output is packed float32 mono: read the plane without copies.
        samples = np.frombuffer(piece.planes[0], dtype=np.float32, count=piece.samples)
        pts = piece.pts
        if pts is not None:
            if self.out_scale is None:
                tb = piece.time_base
                self.out_scale = float(tb * self.rate) if tb else 0.0
            if self.out_scale:
                target = round(pts * self.out_scale - self.origin_out) - self.shift
                if target != self.buffer.pos:
                    samples = self._align(target, samples)
        self.started = True
        self.buffer.write(samples)

    def _align(self, target: int, samples: np.ndarray) -> np.ndarray:
        """Pad a gap before ``target`` (or trim samples before 0); return what to write."""
        pos = self.buffer.pos
        delta = target - pos
        if delta <= self.gap_samples:
            if target < 0 and pos == 0:
                return samples[-target:]  # before the media's clock starts
            return samples
        at_ms = pos * 1000 / self.rate
        if not self.started:
            # Silence before the track's own start is normal (audio starting after the
            # video); anything later than that is missing audio.
            lead = round(self.lead_s * self.rate)
            if delta - lead > self.gap_samples:
                self.problems.gap(at_ms + lead * 1000 / self.rate, (delta - lead) * 1000 / self.rate)
        elif self.limit_samples is not None and target > self.limit_samples:
            # A timestamp far past the header's end: a clock jump, not lost audio.
            self.shift += delta
            self.problems.other.append(
                f"The audio timestamps jump by {clock(delta * 1000 / self.rate)} near {clock(at_ms)};"
                " the audio after it is placed right after the audio before it."
            )
            return samples
        else:
            self.problems.gap(at_ms, delta * 1000 / self.rate)
        self.buffer.silence(delta)
        return samples

    def _flush_resampler(self) -> None:
        if self.resampler is None:
            return
        try:
            out = self.resampler.resample(None)
        except (av.error.FFmpegError, ValueError):
            out = []
        for piece in out:
            if piece is not None:
                self._place(piece)
        self.resampler = None

    def _flush(self) -> None:
        try:
            for frame in self.cc.decode(None):
                self._resample(frame)
        except (av.error.FFmpegError, ValueError) as exc:
            self.problems.bad_packet(self._done_ms(), reason(exc))
        self._flush_resampler()

    # --- the result ----------------------------------------------------------------

    def _cut_off(self, done_ms: float, expected_ms: float) -> None:
        """Word the one warning for a file that ends early (the CLI and the batch summary
        name the file). The packet torn by the cut is the same fact, so its own "could not
        be decoded" is not said as well."""
        share = round(100 * done_ms / expected_ms) if expected_ms > 0 else 0
        self.problems.cut_off = (
            f"The file looks cut off: its header says {clock(expected_ms)}, but only the first"
            f" {_span(done_ms)} ({share} %) decode. Those were analysed; the last"
            f" {_span(expected_ms - done_ms)} are missing."
        )
        self.problems.bad = [b for b in self.problems.bad if b[0] < done_ms - _TORN_MS]

    def _finish(self) -> DecodedAudio:
        name = display_name(self.path)
        done_ms = self.buffer.pos * 1000 / self.rate
        expected = self.expected_ms
        if self.frames == 0:
            if self.problems.bad and self.packets_ok == 0:
                raise UnreadableMediaError(
                    f"None of the audio in {name} could be decoded ({self.problems.bad[0][3]}).",
                    path=self.path,
                )
            if expected is None or expected <= 0:
                raise EmptyMediaError(f"{name} contains no audio.", path=self.path)
        if expected is not None and expected - done_ms > self.tolerance_ms:
            message = f"{name} ends at {clock(done_ms)} but its header says {clock(expected)}"
            if self.estimated:
                self.problems.other.append(message + " (an estimate); the end may be missing.")
            elif self.opts.strict:
                raise TruncatedMediaError(message + ".", path=self.path)
            elif self.buffer.pos == 0:
                raise TruncatedMediaError(
                    f"None of the audio in {name} decodes: the file is cut off before it"
                    f" (its header says {clock(expected)}).",
                    path=self.path,
                )
            else:
                self._cut_off(done_ms, expected)
        elif expected is not None and expected - done_ms > 500:
            self.problems.other.append(
                f"The audio ends at {clock(done_ms)}, {round(expected - done_ms)} ms before its header"
                f" says ({clock(expected)})."
            )
        if self.buffer.pos == 0:
            raise EmptyMediaError(f"{name} contains no audio.", path=self.path)
        return DecodedAudio(
            samples=self.buffer.result(),
            sample_rate=self.rate,
            track=self.track,
            warnings=self.problems.warnings(),
        )


def _span(ms: float) -> str:
    """A length for messages: ``4.9 s`` under a minute, else ``00:37:12``."""
    return f"{ms / 1000:.1f} s" if ms < 59_950 else clock(ms)
