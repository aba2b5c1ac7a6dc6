"""A project's markers, kept in step with its segments, sensitivity and review (issue #15).

``analysis.markers`` always holds the markers every export and cut plan uses: the ones
the windows' tags give under the project's sensitivity, less what the user rejected, plus
what the user accepted. Whenever one of those changes, :func:`refresh_markers` derives
them again from the stored distributions; the model never runs.
"""

from __future__ import annotations

import dataclasses

from desktop_app.core.model import Segment
from desktop_app.events import EventOptions
from desktop_app.events.refine import RefineOptions
from desktop_app.events.sensitivity import Sensitivity
from desktop_app.events.state import EventState, derive_markers, state_from_edits, state_to_edits
from desktop_app.events.summary import DEFAULT_BIN_MS, EventSummary, summarize_events
from desktop_app.project.schema import Project


def event_options(project: Project) -> EventOptions:
    """The event options the project was analysed with (defaults for what it lacks)."""
    stored = (project.analysis.options or {}).get("events") or {}
    known = {f.name for f in dataclasses.fields(EventOptions)}
    values = {k: v for k, v in stored.items() if k in known}
    if isinstance(values.get("refine"), dict):
        names = {f.name for f in dataclasses.fields(RefineOptions)}
        values["refine"] = RefineOptions(**{k: v for k, v in values["refine"].items() if k in names})
    elif "refine" in values:
        del values["refine"]
    return EventOptions(**values)


def event_state(project: Project) -> EventState:
    """The project's sensitivity and review decisions."""
    return state_from_edits(project.edits)


def refresh_markers(
    project: Project, segments: tuple[Segment, ...] | None = None, state: EventState | None = None
) -> Project:
    """The project with new ``segments`` and/or ``state`` and its markers derived again."""
    a = project.analysis
    segs = a.segments if segments is None else tuple(segments)
    state = event_state(project) if state is None else state
    markers = derive_markers(segs, a.markers, event_options(project), state)
    edits = state_to_edits(project.edits, state)
    return dataclasses.replace(
        project, analysis=dataclasses.replace(a, segments=segs, markers=markers), edits=edits
    )


def with_sensitivity(project: Project, sensitivity: Sensitivity) -> Project:
    """The project under another sensitivity (the review decisions still hold)."""
    state = event_state(project)
    if state.sensitivity == sensitivity:
        return project
    return refresh_markers(project, state=dataclasses.replace(state, sensitivity=sensitivity))


def event_summary(project: Project, *, bin_ms: int = DEFAULT_BIN_MS) -> EventSummary:
    """How many of each event and emotion, their rate per minute over time (the strip above
    the timeline) and their busiest stretches, from the project's markers as they stand."""
    return summarize_events(project.analysis.markers, project.analysis.media.duration_ms, bin_ms=bin_ms)
