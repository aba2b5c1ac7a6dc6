"""The application without Qt (DESIGN.md §3): open/reuse/analyse, engine lifetime, where
projects are saved and found again, autosave and restore, undoable edit commands.

``ui`` and ``cli`` sit above it; it imports no Qt (the architecture test proves it).
"""

from desktop_app.session.commands import (
    CutMatches,
    CutWords,
    EditCommand,
    MergeWithNext,
    RemoveFillers,
    ReplaceProject,
    RestoreWords,
    SetEmotion,
    SetEvent,
    SetMark,
    SetText,
    SetWordText,
    ShortenPauses,
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
    "CutMatches",
    "CutWords",
    "Document",
    "EditCommand",
    "EngineHolder",
    "MergeWithNext",
    "Opened",
    "RejectMarker",
    "RemoveFillers",
    "ReplaceProject",
    "RestoreWords",
    "ReviewItem",
    "Saved",
    "Session",
    "SetEmotion",
    "SetEvent",
    "SetMark",
    "SetSensitivity",
    "SetText",
    "SetWordText",
    "ShortenPauses",
    "SplitSegment",
    "Summary",
    "event_state",
    "next_to_review",
    "refresh_markers",
    "review_items",
    "summarize",
    "with_sensitivity",
]
