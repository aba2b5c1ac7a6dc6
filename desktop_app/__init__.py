"""Cutmark: a desktop video-editing assistant built on SenseVoiceSmall."""

__version__ = "0.1.0"
