"""The application without Qt (DESIGN.md §3): open/reuse/analyse, engine lifetime, where
projects are saved and found again, autosave and restore, undoable edit commands.

``ui`` and ``cli`` sit above it; it imports no Qt (the architecture test proves it).
"""

from desktop_app.session.commands import (
    EditCommand,
    MergeWithNext,
    ReplaceProject,
    SetEmotion,
    SetEvent,
    SetMark,
    SetText,
    SplitSegment,
)
from desktop_app.session.document import Document
from desktop_app.session.engine import EngineHolder
from desktop_app.session.markers import event_state, refresh_markers, with_sensitivity
from desktop_app.session.review import (
    AcceptMarker,
    ChangeMarkerKind,
    RejectMarker,
    ReviewItem,
    SetSensitivity,
    next_to_review,
    review_items,
)
from desktop_app.session.session import AnalysisRequest, Opened, Saved, Session, Summary, summarize

__all__ = [
    "AcceptMarker",
    "AnalysisRequest",
    "ChangeMarkerKind",
    "Document",
    "EditCommand",
    "EngineHolder",
    "MergeWithNext",
    "Opened",
    "RejectMarker",
    "ReplaceProject",
    "ReviewItem",
    "Saved",
    "Session",
    "SetEmotion",
    "SetEvent",
    "SetMark",
    "SetSensitivity",
    "SetText",
    "SplitSegment",
    "Summary",
    "event_state",
    "next_to_review",
    "refresh_markers",
    "review_items",
    "summarize",
    "with_sensitivity",
]
