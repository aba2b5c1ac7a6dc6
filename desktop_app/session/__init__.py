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
from desktop_app.session.session import AnalysisRequest, Opened, Saved, Session, Summary, summarize

__all__ = [
    "AnalysisRequest",
    "CutMatches",
    "CutWords",
    "Document",
    "EditCommand",
    "EngineHolder",
    "MergeWithNext",
    "Opened",
    "RemoveFillers",
    "ReplaceProject",
    "RestoreWords",
    "Saved",
    "Session",
    "SetEmotion",
    "SetEvent",
    "SetMark",
    "SetText",
    "SetWordText",
    "ShortenPauses",
    "SplitSegment",
    "Summary",
    "summarize",
]
