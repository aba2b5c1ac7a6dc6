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
from desktop_app.session.session import AnalysisRequest, Opened, Saved, Session, Summary, summarize

__all__ = [
    "AnalysisRequest",
    "Document",
    "EditCommand",
    "EngineHolder",
    "MergeWithNext",
    "Opened",
    "ReplaceProject",
    "Saved",
    "Session",
    "SetEmotion",
    "SetEvent",
    "SetMark",
    "SetText",
    "SplitSegment",
    "Summary",
    "summarize",
]
