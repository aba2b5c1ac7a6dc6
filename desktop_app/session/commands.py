"""Typed edit commands: each says what it does and applies itself to a project.

The rules are in :mod:`desktop_app.edit`; a command only names the edit and its
arguments, so the UI, the CLI and tests build the same edits. Segment edits rebuild the
event and emotion markers with the project's own event options.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import ClassVar

from desktop_app.core.model import Segment
from desktop_app.edit import transcript_edits as te
from desktop_app.edit.user import CUT, EDITS_KEY, KEEP
from desktop_app.project.schema import Project
from desktop_app.session.markers import event_options, refresh_markers  # noqa: F401  (re-exported)


def with_segments(project: Project, segments: tuple[Segment, ...]) -> Project:
    """Segments changed: rebuild event and emotion markers (the project's options, sensitivity
    and review), keep the silences."""
    return refresh_markers(project, segments)


@dataclass(frozen=True)
class EditCommand:
    """Base: ``text`` names the step in Undo/Redo; ``apply`` returns the edited project
    (the same object when nothing changes) or raises a typed error."""

    text: ClassVar[str] = "Edit"

    def apply(self, project: Project) -> Project:
        raise NotImplementedError


@dataclass(frozen=True)
class SetText(EditCommand):
    index: int
    value: str
    text = "Edit text"

    def apply(self, project: Project) -> Project:
        segs = project.analysis.segments
        if segs[self.index].text == self.value:
            return project
        return with_segments(project, te.set_text(segs, self.index, self.value))


@dataclass(frozen=True)
class SetEvent(EditCommand):
    index: int
    event: str | None
    text = "Change event"

    def apply(self, project: Project) -> Project:
        segs = project.analysis.segments
        if segs[self.index].event == self.event:
            return project
        return with_segments(project, te.set_event(segs, self.index, self.event))


@dataclass(frozen=True)
class SetEmotion(EditCommand):
    index: int
    emotion: str | None
    text = "Change emotion"

    def apply(self, project: Project) -> Project:
        segs = project.analysis.segments
        if segs[self.index].emotion == self.emotion:
            return project
        return with_segments(project, te.set_emotion(segs, self.index, self.emotion))


@dataclass(frozen=True)
class SplitSegment(EditCommand):
    index: int
    at_ms: int
    text = "Split segment"

    def apply(self, project: Project) -> Project:
        return with_segments(project, te.split_segment(project.analysis.segments, self.index, self.at_ms))


@dataclass(frozen=True)
class MergeWithNext(EditCommand):
    index: int
    text = "Merge segments"

    def apply(self, project: Project) -> Project:
        return with_segments(project, te.merge_with_next(project.analysis.segments, self.index))


def cut_marks(project: Project | None) -> list[dict]:
    return list((project.edits or {}).get(EDITS_KEY, [])) if project is not None else []


def mark_state(project: Project, index: int) -> str | None:
    """'keep', 'cut' or None: the last mark that covers this segment exactly."""
    seg = project.analysis.segments[index]
    state = None
    for m in cut_marks(project):
        if m["start_ms"] == seg.start_ms and m["end_ms"] == seg.end_ms:
            state = m["action"]
    return state


@dataclass(frozen=True)
class SetMark(EditCommand):
    """Mark a segment keep or cut (None removes its mark); exporters honour it."""

    index: int
    action: str | None

    @property
    def text(self) -> str:  # type: ignore[override]
        return {KEEP: "Mark keep", CUT: "Mark cut", None: "Clear mark"}[self.action]

    def apply(self, project: Project) -> Project:
        if mark_state(project, self.index) == self.action:
            return project
        seg = project.analysis.segments[self.index]
        marks = [
            m for m in cut_marks(project) if not (m["start_ms"] == seg.start_ms and m["end_ms"] == seg.end_ms)
        ]
        if self.action is not None:
            marks.append({"start_ms": seg.start_ms, "end_ms": seg.end_ms, "action": self.action})
        return dataclasses.replace(project, edits={**(project.edits or {}), EDITS_KEY: marks})


@dataclass(frozen=True)
class ReplaceProject(EditCommand):
    """Put a whole project in (restoring an autosave): one undoable step."""

    project: Project
    label: str = "Restore unsaved changes"

    @property
    def text(self) -> str:  # type: ignore[override]
        return self.label

    def apply(self, project: Project) -> Project:
        return self.project
