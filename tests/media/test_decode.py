"""decode_audio(): real samples, resampled to 16 kHz mono, placed on the media's clock."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from desktop_app.core.errors import Cancelled
from desktop_app.core.model import DecodedAudio
from desktop_app.core.progress import CancelToken, Progress, drive
from desktop_app.media import DecodeOptions, decode_audio, decode_audio_all
from tests.media import gen
from tests.media.conftest import band_energy, dominant_hz


def test_video_audio_is_16k_mono_float32_with_the_tone(video_25fps):
    audio = decode_audio_all(video_25fps)
    assert isinstance(audio, DecodedAudio)
    assert audio.sample_rate == 16000 and audio.track == 0
    assert audio.samples.dtype == np.float32 and audio.samples.ndim == 1
    assert abs(len(audio.samples) - 5 * 16000) <= 0.030 * 16000
    assert abs(dominant_hz(audio.samples, 16000) - 440) < 2  # 48 kHz → 16 kHz, real samples
    assert band_energy(audio.samples, 16000, 440) > 0.95
    assert audio.warnings == ()
    # Stereo (L = R = 0.5 sin) becomes their mean, not their sum.
    assert 0.45 < np.abs(audio.samples[8000:-8000]).max() < 0.55


@pytest.mark.parametrize(
    ("rate", "suffix", "codec"),
    [
        (8000, ".wav", None),
        (96000, ".m4a", None),
        (44100, ".mp3", None),
        (22050, ".flac", None),
        (16000, ".wav", "pcm_f32le"),  # already float 16 kHz: only the layout is relabelled
    ],
)
def test_input_rates_are_resampled(media_dir, rate, suffix, codec):
    path = gen.make_audio_file(
        media_dir / f"r{rate}{codec}{suffix}", gen.tone(440), rate, codec, duration_s=2.0
    )
    audio = decode_audio_all(path)
    assert abs(len(audio.samples) - 32000) <= 0.030 * 16000
    assert abs(dominant_hz(audio.samples, 16000) - 440) < 2


def test_surround_5_1_is_downmixed(media_dir):
    """Each channel carries its own tone; every front/surround tone survives the downmix."""
    freqs = [300, 500, 700, 60, 900, 1100]  # FL FR FC LFE BL BR
    path = gen.make_audio_file(
        media_dir / "surround.m4a",
        lambda t: np.stack([0.2 * np.sin(2 * np.pi * f * t) for f in freqs]),
        48000,
        duration_s=2.0,
        channels=6,
    )
    audio = decode_audio_all(path)
    assert abs(len(audio.samples) - 32000) <= 0.030 * 16000
    for hz in (300, 500, 700, 900, 1100):
        assert band_energy(audio.samples, 16000, hz) > 0.03, hz
    assert np.abs(audio.samples).max() <= 1.0


def test_second_track_is_decoded(two_tracks):
    first = decode_audio_all(two_tracks, 0)
    second = decode_audio_all(two_tracks, track=1)
    assert second.track == 1
    assert abs(dominant_hz(first.samples, 16000) - 440) < 2
    assert abs(dominant_hz(second.samples, 16000) - 1000) < 2


def test_lost_packets_leave_a_silent_gap_in_place(media_dir):
    """Packets 2–3 s are missing from an MPEG-TS: the rest stays at its own time."""
    path = gen.make_audio_file(media_dir / "hole.ts", gen.tone(440), 48000, duration_s=6.0, drop_s=(2.0, 3.0))
    audio = decode_audio_all(path)
    x, r = audio.samples, 16000
    assert abs(len(x) - 6 * r) <= 0.05 * r
    assert np.abs(x[int(2.1 * r) : int(2.9 * r)]).max() == 0.0
    assert np.abs(x[int(3.2 * r) : int(5.8 * r)]).min() < 0.01 < np.abs(x[int(3.2 * r) : int(5.8 * r)]).max()
    assert abs(dominant_hz(x[int(3.2 * r) : int(5.8 * r)], r) - 440) < 2
    (warning,) = audio.warnings
    assert "could not be decoded near 00:00:02" in warning and "filled with silence" in warning
    assert 950 <= int(warning.split(" ms")[0]) <= 1100


def test_audio_starting_after_the_video_keeps_its_place(media_dir):
    """Sample 0 is the container's start: a track that starts at 1 s begins with 1 s of silence."""
    import av

    path = media_dir / "late_audio.mp4"
    with av.open(str(path), "w") as out:
        video = out.add_stream(gen.VIDEO_CODEC, rate=25)
        video.width, video.height, video.pix_fmt = 64, 48, "yuv420p"
        sound = out.add_stream("aac", rate=48000, layout="mono")
        for i in range(100):
            frame = av.VideoFrame.from_ndarray(np.zeros((48, 64, 3), np.uint8), format="rgb24")
            frame.pts = i
            for packet in video.encode(frame):
                out.mux(packet)
        for start in range(48000, 4 * 48000, 4800):
            t = np.arange(start, start + 4800) / 48000
            frame = av.AudioFrame.from_ndarray(
                (0.5 * np.sin(2 * np.pi * 440 * t))[None].astype(np.float32), format="fltp", layout="mono"
            )
            frame.sample_rate, frame.pts, frame.time_base = 48000, start, Fraction(1, 48000)
            for packet in sound.encode(frame):
                out.mux(packet)
        for stream in (video, sound):
            for packet in stream.encode(None):
                out.mux(packet)
    audio = decode_audio_all(path)
    x = audio.samples
    assert audio.warnings == ()
    assert abs(len(x) - 4 * 16000) <= 0.030 * 16000
    assert np.abs(x[: int(0.95 * 16000)]).max() < 0.01
    assert np.abs(x[int(1.1 * 16000) : int(3.9 * 16000)]).max() > 0.4


def test_progress_reports_then_result(video_25fps):
    gen_ = decode_audio(video_25fps, options=DecodeOptions(progress_interval_s=0.0))
    reports: list[Progress] = []
    result = drive(gen_, reports.append)
    assert isinstance(result, DecodedAudio)
    assert len(reports) >= 3
    assert all(p.stage == "decode" and p.unit == "ms" for p in reports)
    done = [p.done for p in reports]
    assert done == sorted(done) and done[0] == 0
    assert abs(reports[-1].total - 5000) <= 50
    assert abs(reports[-1].done - reports[-1].total) <= 30
    assert reports[-1].fraction == pytest.approx(1.0, abs=0.01)


def test_yield_from_composes(video_25fps):
    def stage():
        audio = yield from decode_audio(video_25fps)
        return len(audio.samples)

    assert drive(stage()) == len(decode_audio_all(video_25fps).samples)


def test_cancel_after_first_progress(video_25fps):
    token = CancelToken()
    stage = decode_audio(video_25fps, cancel=token, options=DecodeOptions(progress_interval_s=0.0))
    assert isinstance(next(stage), Progress)
    token.cancel()
    with pytest.raises(Cancelled):
        drive(stage)


def test_cancelled_before_start(video_25fps):
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        decode_audio_all(video_25fps, cancel=token)


def test_other_output_rate(video_25fps):
    audio = decode_audio_all(video_25fps, options=DecodeOptions(sample_rate=8000))
    assert audio.sample_rate == 8000
    assert abs(len(audio.samples) - 5 * 8000) <= 0.030 * 8000
    assert abs(dominant_hz(audio.samples, 8000) - 440) < 2


def test_non_ascii_path_with_spaces_and_quotes(media_dir):
    path = gen.make_video(media_dir / "my 'clip' 视频.mp4", 2.0, audio=gen.tone(660))
    audio = decode_audio_all(path)
    assert abs(dominant_hz(audio.samples, 16000) - 660) < 2


def test_tolerance_default():
    opts = DecodeOptions()
    assert opts.tolerance_ms(10_000) == 1000
    assert opts.tolerance_ms(3_600_000) == 72_000
    assert DecodeOptions(truncation_tolerance_ms=50).tolerance_ms(3_600_000) == 50


# --- real recordings ----------------------------------------------------------------


def test_real_mandarin_wav(real_media):
    audio = decode_audio_all(real_media / "zh_speech_8s.wav")
    assert abs(len(audio.samples) / 16000 - 8.0) <= 0.020
    assert audio.warnings == ()
    assert 0.05 < np.abs(audio.samples).max() <= 1.0


def test_real_multilingual_mp3_24k(real_media):
    audio = decode_audio_all(real_media / "multilingual.mp3")
    assert abs(len(audio.samples) / 16000 - 59.9) <= 0.100
    assert audio.warnings == ()
    assert np.sqrt(np.mean(audio.samples**2)) > 0.01


def test_real_stereo_wav_keeps_both_speakers(real_media):
    """Two speakers, one per channel: the mono mix has both (not just the left channel)."""
    import av

    with av.open(str(real_media / "en_two_speakers_stereo.wav")) as container:
        frames = [f.to_ndarray() for f in container.decode(audio=0)]
    # Packed s16: one row of interleaved L R L R ...
    stereo = np.concatenate(frames, axis=1).reshape(-1, 2).T.astype(np.float32) / 32768
    mono = decode_audio_all(real_media / "en_two_speakers_stereo.wav").samples
    assert abs(len(mono) - stereo.shape[1]) <= 16
    n = min(len(mono), stereo.shape[1]) - 64
    np.testing.assert_allclose(mono[32:n], stereo[:, 32:n].mean(axis=0), atol=0.02)
