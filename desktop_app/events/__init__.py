"""Windows' tags -> timeline markers (sound events, emotion spans, silences)."""

from desktop_app.events.markers import EventOptions, build_markers

__all__ = ["EventOptions", "build_markers"]
