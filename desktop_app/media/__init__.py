"""Media: the only package that imports PyAV. Probe files, decode audio, waveform peaks."""

from desktop_app.media.decode import DecodedSoFar, DecodeOptions, decode_audio, decode_audio_all
from desktop_app.media.probe import probe
from desktop_app.media.waveform import waveform_peaks

__all__ = ["DecodedSoFar", "DecodeOptions", "decode_audio", "decode_audio_all", "probe", "waveform_peaks"]
