"""probe(): streams, duration, frame rate, languages, timecode and its errors."""

from __future__ import annotations

import os
from fractions import Fraction

import numpy as np
import pytest

from desktop_app.core.errors import EmptyMediaError, MediaError, UnreadableMediaError
from desktop_app.core.model import MediaInfo
from desktop_app.media import probe
from tests.media import gen


def test_video_25fps_stereo_aac(video_25fps):
    info = probe(video_25fps)
    assert isinstance(info, MediaInfo)
    assert info.path == str(video_25fps)
    assert info.size_bytes == os.path.getsize(video_25fps)
    assert "mp4" in info.format_name.split(",")
    assert abs(info.duration_ms - 5000) <= 50
    assert info.video is not None
    assert info.video.codec in ("h264", "mpeg4")
    assert (info.video.width, info.video.height) == (64, 48)
    assert info.fps == Fraction(25) and isinstance(info.fps, Fraction)
    assert info.video.variable_frame_rate is False
    assert info.start_timecode is None
    (track,) = info.audio_tracks
    assert (track.index, track.codec, track.channels, track.sample_rate) == (0, "aac", 2, 48000)
    assert track.stream_index != info.video.stream_index
    assert track.language is None  # 'und' in the file
    assert abs(track.duration_ms - 5000) <= 50


def test_ntsc_rate_is_an_exact_fraction(media_dir):
    path = gen.make_video(media_dir / "ntsc.mp4", 2.0, fps=Fraction(30000, 1001))
    info = probe(path)
    assert info.fps == Fraction(30000, 1001)
    assert info.video.variable_frame_rate is False


def test_two_audio_tracks_with_languages(two_tracks):
    info = probe(two_tracks)
    assert [t.index for t in info.audio_tracks] == [0, 1]
    assert [t.language for t in info.audio_tracks] == ["eng", "jpn"]
    assert len({t.stream_index for t in info.audio_tracks}) == 2


def test_variable_frame_rate_mp4_is_flagged(media_dir):
    # 30 fps for 1.5 s, then 10 fps: the average (≈21) is far from the nominal 30.
    times = [i / 30 for i in range(45)] + [1.5 + i / 10 for i in range(15)]
    info = probe(gen.make_video(media_dir / "vfr.mp4", 3.0, frame_times_s=times))
    assert info.video.variable_frame_rate is True
    assert 20 < info.fps < 23


def test_variable_frame_rate_matroska_is_flagged_from_timestamps(media_dir):
    # Matroska repeats the declared rate (25) as both rates; only the timestamps tell.
    times = [i / 30 for i in range(45)] + [1.5 + i / 10 for i in range(15)]
    vfr = probe(gen.make_video(media_dir / "vfr.mkv", 3.0, frame_times_s=times))
    cfr = probe(gen.make_video(media_dir / "cfr.mkv", 3.0, fps=Fraction(30000, 1001)))
    assert vfr.video.variable_frame_rate is True
    assert cfr.video.variable_frame_rate is False
    assert cfr.fps == Fraction(30000, 1001)


def test_start_timecode(media_dir):
    info = probe(gen.make_video(media_dir / "tc.mp4", 1.0, timecode="01:00:00:00"))
    assert info.start_timecode == "01:00:00:00"


@pytest.mark.parametrize(
    ("suffix", "codec"),
    [(".wav", "pcm_s16le"), (".mp3", "mp3"), (".flac", "flac"), (".m4a", "aac")],
)
def test_audio_only_files(media_dir, suffix, codec):
    path = gen.make_audio_file(media_dir / f"tone{suffix}", gen.tone(440), 44100, duration_s=3.0)
    info = probe(path)
    assert info.video is None and info.fps is None
    (track,) = info.audio_tracks
    assert (track.codec, track.channels, track.sample_rate) == (codec, 1, 44100)
    assert abs(info.duration_ms - 3000) <= 50


def test_cover_art_is_not_the_video(media_dir):
    """An MP3 with an attached picture has no video (the picture is not a video)."""
    import av

    path = media_dir / "cover.mp3"
    with av.open(str(path), "w") as out:
        audio = out.add_stream(gen.MP3_CODEC, rate=44100, layout="mono")
        pic = out.add_stream("mjpeg", rate=1)
        pic.width, pic.height, pic.pix_fmt = 16, 16, "yuvj420p"
        pic.disposition = av.stream.Disposition.attached_pic
        frame = av.VideoFrame.from_ndarray(np.zeros((16, 16, 3), np.uint8), format="rgb24")
        frame.pts = 0
        for packet in pic.encode(frame):
            out.mux(packet)
        for packet in pic.encode(None):
            out.mux(packet)
        sound = av.AudioFrame.from_ndarray(np.zeros((1, 44100), np.float32), format="fltp", layout="mono")
        sound.sample_rate, sound.pts = 44100, 0
        for packet in audio.encode(sound):
            out.mux(packet)
        for packet in audio.encode(None):
            out.mux(packet)
    info = probe(path)
    assert len(info.audio_tracks) == 1
    assert info.video is None


def test_non_ascii_path_with_spaces_and_quotes(media_dir):
    path = gen.make_video(media_dir / "my 'clip' \"视频\".mp4", 1.0)
    info = probe(path)
    assert info.path == str(path)
    assert len(info.audio_tracks) == 1


# --- errors --------------------------------------------------------------------


def test_missing_file(tmp_path):
    path = tmp_path / "nowhere.mp4"
    with pytest.raises(UnreadableMediaError, match="nowhere.mp4") as err:
        probe(path)
    assert err.value.path == str(path)
    assert err.value.hint


def test_zero_bytes(tmp_path):
    path = tmp_path / "empty.mp4"
    path.write_bytes(b"")
    with pytest.raises(EmptyMediaError) as err:
        probe(path)
    assert err.value.path == str(path)


def test_random_bytes(tmp_path):
    path = tmp_path / "noise.mp4"
    path.write_bytes(np.random.default_rng(0).integers(0, 256, 50_000, dtype=np.uint8).tobytes())
    with pytest.raises(UnreadableMediaError, match="not a media file Cutmark can read") as err:
        probe(path)
    assert err.value.path == str(path)
    assert not str(err.value).endswith(err.value.hint)


def test_folder_is_not_media(tmp_path):
    with pytest.raises(UnreadableMediaError, match="folder"):
        probe(tmp_path)


def test_header_without_audio_data_is_empty(tmp_path):
    path = gen.make_wav_header_only(tmp_path / "header_only.wav")
    with pytest.raises(EmptyMediaError):
        probe(path)


def test_errors_are_media_errors_with_one_sentence(tmp_path):
    path = tmp_path / "x.mp4"
    path.write_bytes(b"not a video at all")
    with pytest.raises(MediaError) as err:
        probe(path)
    message = str(err.value)
    assert message.count(". ") == 0 and message.endswith(".")
