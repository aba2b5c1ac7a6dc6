"""decode_audio() on bad input: typed errors, or a warning and the rest of the file."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from desktop_app.core.errors import (
    AudioTrackIndexError,
    EmptyMediaError,
    MediaError,
    NoAudioTrackError,
    TruncatedMediaError,
    UnreadableMediaError,
    UnsupportedCodecError,
)
from desktop_app.media import DecodeOptions, decode_audio, decode_audio_all
from tests.media import gen
from tests.media.conftest import dominant_hz


def test_video_without_audio(media_dir):
    path = gen.make_video(media_dir / "silent_film.mp4", 1.0, audio_tracks=0)
    with pytest.raises(NoAudioTrackError, match="silent_film.mp4") as err:
        decode_audio_all(path)
    assert err.value.path == str(path)


def test_random_bytes(tmp_path):
    path = tmp_path / "random.mp4"
    path.write_bytes(np.random.default_rng(1).integers(0, 256, 100_000, dtype=np.uint8).tobytes())
    with pytest.raises(UnreadableMediaError, match="not a media file Cutmark can read") as err:
        decode_audio_all(path)
    assert err.value.path == str(path)


def test_zero_bytes(tmp_path):
    path = tmp_path / "zero.mp4"
    path.touch()
    with pytest.raises(EmptyMediaError) as err:
        decode_audio_all(path)
    assert err.value.path == str(path)


def test_header_only_wav_is_empty(tmp_path):
    path = gen.make_wav_header_only(tmp_path / "no_samples.wav")
    with pytest.raises(EmptyMediaError):
        decode_audio_all(path)


def test_missing_file(tmp_path):
    with pytest.raises(UnreadableMediaError, match="gone.wav"):
        decode_audio_all(tmp_path / "gone.wav")


def test_truncated_mp4_with_its_header_decodes_what_is_there(faststart_10s, tmp_path):
    """moov at the front, 40 % of the bytes gone: the part that is there comes back, with
    one warning (first) saying how much decoded; the torn last packet is not a second one."""
    path = tmp_path / "cut_faststart.mp4"
    shutil.copy(faststart_10s, path)
    gen.truncate(path, 0.6)
    audio = decode_audio_all(path)
    seconds = len(audio.samples) / 16000
    assert 4.0 < seconds < 8.0
    (warning,) = audio.warnings
    share = round(100 * seconds / 10)
    assert warning == (
        f"The file looks cut off: its header says 00:00:10, but only the first {seconds:.1f} s"
        f" ({share} %) decode. Those were analysed; the last {10 - seconds:.1f} s are missing."
    )
    assert abs(dominant_hz(audio.samples, 16000) - 440) < 2


def test_truncated_mp4_with_its_header_strict(faststart_10s, tmp_path):
    """``strict``: the old refusal, for those who want it."""
    path = tmp_path / "cut_faststart.mp4"
    shutil.copy(faststart_10s, path)
    gen.truncate(path, 0.5)
    with pytest.raises(TruncatedMediaError, match=r"ends at 00:00:0\d but its header says 00:00:10") as err:
        decode_audio_all(path, options=DecodeOptions(strict=True))
    assert err.value.path == str(path)
    assert "cut_faststart.mp4" in str(err.value)


def test_cut_off_before_any_audio_is_an_error(faststart_10s, tmp_path):
    """The header survived but none of the audio after it did: nothing to analyse."""
    path = tmp_path / "only_header.mp4"
    shutil.copy(faststart_10s, path)
    with open(path, "r+b") as fh:  # keep the moov (at the front) and a few bytes of media
        data = fh.read()
        fh.truncate(data.index(b"mdat") + 64)
    with pytest.raises(TruncatedMediaError, match="None of the audio in only_header.mp4 decodes") as err:
        decode_audio_all(path)
    assert err.value.hint


def test_truncated_mp4_without_its_header(media_dir, tmp_path):
    """moov at the end (the default) and cut away: the file cannot be opened."""
    path = gen.make_video(tmp_path / "cut_moov.mp4", 4.0)
    gen.truncate(path, 0.5)
    with pytest.raises(UnreadableMediaError):
        decode_audio_all(path)


def test_small_truncation_within_tolerance_is_a_warning(faststart_10s, tmp_path):
    path = tmp_path / "nearly_whole.mp4"
    shutil.copy(faststart_10s, path)
    gen.truncate(path, 0.93)
    audio = decode_audio_all(path)
    assert 8.9 < len(audio.samples) / 16000 < 10.0
    assert any("before its header says" in w for w in audio.warnings)


@pytest.mark.parametrize("suffix", [".mp3", ".ts", ".aac"])
def test_corrupt_bytes_in_the_middle(media_dir, tmp_path, suffix):
    """A few KB of garbage mid-file: no exception, nearly full length, a warning."""
    clean = media_dir / f"corrupt_src{suffix}"
    if not clean.exists():
        gen.make_audio_file(clean, gen.tone(440), 48000, duration_s=10.0)
    path = tmp_path / f"corrupt{suffix}"
    shutil.copy(clean, path)
    gen.corrupt_middle(path, 4096, seed=3)
    audio = decode_audio_all(path)
    assert abs(len(audio.samples) / 16000 - 10.0) <= 1.0
    assert audio.warnings, "the damage must be reported"
    assert any("00:00:0" in w for w in audio.warnings)
    assert abs(dominant_hz(audio.samples, 16000) - 440) < 2


def test_track_index_out_of_range(video_25fps):
    with pytest.raises(AudioTrackIndexError, match="1 audio track") as err:
        decode_audio_all(video_25fps, track=3)
    assert err.value.path == str(video_25fps)
    with pytest.raises(AudioTrackIndexError):
        decode_audio_all(video_25fps, track=-1)


def test_unknown_codec(tmp_path):
    path = gen.make_wav_header_only(tmp_path / "odd_codec.wav", format_tag=0xABCD, data=b"\x00" * 32000)
    with pytest.raises(UnsupportedCodecError, match="odd_codec.wav"):
        decode_audio_all(path)


def test_errors_come_when_driven_not_at_call(tmp_path):
    stage = decode_audio(tmp_path / "missing.mp4")  # a generator: nothing happens yet
    with pytest.raises(UnreadableMediaError):
        next(stage)


def test_all_errors_have_hints_and_no_hint_in_the_message(tmp_path):
    path = tmp_path / "zero.wav"
    path.touch()
    with pytest.raises(MediaError) as err:
        decode_audio_all(path)
    assert err.value.hint and err.value.hint not in str(err.value)
