"""The event timeline widget shown under the video player."""

from desktop_app.ui.timeline.widget import TimelineWidget, marker_tooltip, segment_tooltip

__all__ = ["TimelineWidget", "marker_tooltip", "segment_tooltip"]
