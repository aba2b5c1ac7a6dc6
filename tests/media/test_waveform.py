"""waveform_peaks(): (min, max) per bucket, vectorised."""

from __future__ import annotations

import numpy as np
import pytest

from desktop_app.media import waveform_peaks


def _naive(x: np.ndarray, size: int) -> np.ndarray:
    return np.array(
        [(x[i : i + size].min(), x[i : i + size].max()) for i in range(0, len(x), size)], np.float32
    )


def test_matches_a_plain_loop_with_a_short_tail():
    x = np.random.default_rng(0).uniform(-1, 1, 16000 * 2 + 37).astype(np.float32)
    peaks = waveform_peaks(x, 16000)
    assert peaks.shape == (201, 2) and peaks.dtype == np.float32
    np.testing.assert_array_equal(peaks, _naive(x, 160))


def test_tail_is_not_padded_with_zeros():
    x = np.full(250, 0.5, np.float32)  # one full bucket of 160, a tail of 90
    peaks = waveform_peaks(x, 16000)
    np.testing.assert_array_equal(peaks, [[0.5, 0.5], [0.5, 0.5]])


def test_exact_multiple_and_other_rates():
    x = np.sin(np.linspace(0, 20, 44100)).astype(np.float32)
    peaks = waveform_peaks(x, 44100, peaks_per_second=10)
    assert peaks.shape == (10, 2)
    assert (peaks[:, 0] <= peaks[:, 1]).all()
    np.testing.assert_array_equal(peaks, _naive(x, 4410))


def test_empty_and_tiny_inputs():
    assert waveform_peaks(np.zeros(0, np.float32), 16000).shape == (0, 2)
    np.testing.assert_array_equal(waveform_peaks(np.array([0.25], np.float32), 16000), [[0.25, 0.25]])


def test_more_peaks_than_samples_per_second():
    x = np.arange(5, dtype=np.float32)
    np.testing.assert_array_equal(waveform_peaks(x, 10, peaks_per_second=100), np.stack([x, x], axis=1))


def test_rejects_bad_input():
    with pytest.raises(ValueError):
        waveform_peaks(np.zeros((2, 10), np.float32), 16000)
    with pytest.raises(ValueError):
        waveform_peaks(np.zeros(10, np.float32), 16000, peaks_per_second=0)
