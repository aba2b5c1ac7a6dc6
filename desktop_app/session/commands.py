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
from desktop_app.edit.fillers import FillerLists, default_user_fillers_path, load_filler_lists, remove_fillers
from desktop_app.edit.pauses import DEFAULT_MAX_PAUSE_MS, PauseOptions, shorten_pauses
from desktop_app.edit.search import find_matches
from desktop_app.edit.user import CUT, EDITS_KEY, KEEP
from desktop_app.edit.word_cuts import cut_words, restore_words
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


def _segment_mark(m: dict, seg: Segment) -> bool:
    """A segment's own mark (word cuts and pause cuts are not, even when they match its span)."""
    return m.get("by") is None and m["start_ms"] == seg.start_ms and m["end_ms"] == seg.end_ms


def mark_state(project: Project, index: int) -> str | None:
    """'keep', 'cut' or None: the last mark that covers this segment exactly."""
    seg = project.analysis.segments[index]
    state = None
    for m in cut_marks(project):
        if _segment_mark(m, seg):
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
        marks = [m for m in cut_marks(project) if not _segment_mark(m, seg)]
        if self.action is not None:
            marks.append({"start_ms": seg.start_ms, "end_ms": seg.end_ms, "action": self.action})
        return dataclasses.replace(project, edits={**(project.edits or {}), EDITS_KEY: marks})


# --- edit by text -------------------------------------------------------------------
# Word cuts are marks in edits["cuts"] (see desktop_app.edit.word_cuts); spans are source
# milliseconds, and a word is under a span when its middle is.


def _with_edits(project: Project, edits: dict | None) -> Project:
    return project if edits is None else dataclasses.replace(project, edits=edits)


@dataclass(frozen=True)
class CutWords(EditCommand):
    """Cut the words under ``spans`` (the selection): drawn struck through, cut in the pauses."""

    spans: tuple[tuple[int, int], ...]
    text = "Cut words"

    def apply(self, project: Project) -> Project:
        return _with_edits(project, cut_words(project.analysis.segments, project.edits, self.spans))


@dataclass(frozen=True)
class RestoreWords(EditCommand):
    """Bring back the cut words under ``spans`` (their cut marks shrink or split)."""

    spans: tuple[tuple[int, int], ...]
    text = "Restore words"

    def apply(self, project: Project) -> Project:
        return _with_edits(project, restore_words(project.analysis.segments, project.edits, self.spans))


@dataclass(frozen=True)
class RemoveFillers(EditCommand):
    """Cut every filler word (per segment language; ``lists`` None: the shipped lists with
    the user's ``fillers.json`` over them), and with ``repeats`` the first of each repeated
    word; one mark per filler, all in one undo step."""

    lists: FillerLists | None = None
    repeats: bool = False
    text = "Remove fillers"

    def apply(self, project: Project) -> Project:
        lists = self.lists if self.lists is not None else load_filler_lists(default_user_fillers_path())
        edits = remove_fillers(project.analysis.segments, project.edits, lists, repeats=self.repeats)
        return _with_edits(project, edits)


@dataclass(frozen=True)
class ShortenPauses(EditCommand):
    """Every pause between words at most ``max_ms`` (None: the pauses back as they were);
    events are never shortened unless ``include_events``. Replaces the earlier pause cuts."""

    max_ms: int | None = DEFAULT_MAX_PAUSE_MS
    include_events: bool = False

    @property
    def text(self) -> str:  # type: ignore[override]
        return "Restore pauses" if self.max_ms is None else "Shorten pauses"

    def apply(self, project: Project) -> Project:
        options = (
            None if self.max_ms is None else PauseOptions(self.max_ms, include_events=self.include_events)
        )
        a = project.analysis
        return _with_edits(project, shorten_pauses(a.segments, project.edits, a.markers, options))


@dataclass(frozen=True)
class CutMatches(EditCommand):
    """Cut every whole-word match of ``query`` (plain text; case- and width-insensitive)."""

    query: str
    text = "Cut all matches"

    def apply(self, project: Project) -> Project:
        found = find_matches(project.analysis.segments, self.query)
        spans = [(f.start_ms, max(f.end_ms, f.start_ms + 1)) for f in found]
        return _with_edits(project, cut_words(project.analysis.segments, project.edits, spans, separate=True))


@dataclass(frozen=True)
class SetWordText(EditCommand):
    """Fix one word's spelling; its times stay (so do its cuts)."""

    segment_index: int
    word_index: int
    value: str
    text = "Edit word"

    def apply(self, project: Project) -> Project:
        segs = project.analysis.segments
        new = te.set_word_text(segs, self.segment_index, self.word_index, self.value)
        return project if new == segs else with_segments(project, new)


ANALYSE_AGAIN = "Analyse again"  # the undo step of a new analysis of the open video


@dataclass(frozen=True)
class ReplaceProject(EditCommand):
    """Put a whole project in (restoring an autosave, or analysing the video again with
    ``label=ANALYSE_AGAIN``): one undoable step."""

    project: Project
    label: str = "Restore unsaved changes"

    @property
    def text(self) -> str:  # type: ignore[override]
        return self.label

    def apply(self, project: Project) -> Project:
        return self.project
