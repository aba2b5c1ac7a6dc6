"""The speech stage: VAD, window planning, SenseVoice through funasr, tag parsing.

torch, silero-vad and funasr are imported lazily inside the functions that need them,
so importing this package is cheap and works without them.
"""
