"""Review of event and emotion markers, and their sensitivity, as undoable edit commands.

Each command is one undo step (run it with :meth:`Document.run`). Decisions are stored
in the project (``edits["events"]``) and every export and cut plan honours them: a
rejected marker leaves ``analysis.markers``, an accepted one stays whatever the
sensitivity later says (see :mod:`desktop_app.events.review`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from desktop_app.core.model import Marker
from desktop_app.core.vocabulary import EMOTION, EVENT, display_name
from desktop_app.events.review import (
    ACCEPTED,
    REJECTED,
    ReviewError,
    rejected_markers,
    review_for,
    review_state,
    with_decision,
)
from desktop_app.events.sensitivity import Sensitivity
from desktop_app.project.schema import Project
from desktop_app.session.commands import EditCommand
from desktop_app.session.markers import event_state, refresh_markers, with_sensitivity


def _decide(project: Project, marker: Marker, verdict: str, label: str | None = None) -> Project:
    state = event_state(project)
    decision = review_for(marker, verdict, label)
    if decision in state.reviews:
        return project  # already so: no undo step
    known = (*project.analysis.markers, *rejected_markers(state.reviews))
    if marker not in known:
        raise ReviewError(f"There is no {display_name(marker.label).lower()} marker there to review.")
    reviews = with_decision(state.reviews, decision)
    return refresh_markers(project, state=dataclasses.replace(state, reviews=reviews))


@dataclass(frozen=True)
class AcceptMarker(EditCommand):
    """Keep this marker whatever the sensitivity later says."""

    marker: Marker
    text = "Accept marker"

    def apply(self, project: Project) -> Project:
        return _decide(project, self.marker, ACCEPTED)


@dataclass(frozen=True)
class RejectMarker(EditCommand):
    """The marker is wrong: it leaves every export and plan (its label over its span)."""

    marker: Marker
    text = "Reject marker"

    def apply(self, project: Project) -> Project:
        return _decide(project, self.marker, REJECTED)


@dataclass(frozen=True)
class ChangeMarkerKind(EditCommand):
    """The marker is another kind (``"laughter"`` -> ``"applause"``): accepted as the new one."""

    marker: Marker
    label: str
    text = "Change marker kind"

    def apply(self, project: Project) -> Project:
        if self.label == self.marker.label:
            return _decide(project, self.marker, ACCEPTED)
        return _decide(project, self.marker, ACCEPTED, self.label)


@dataclass(frozen=True)
class SetSensitivity(EditCommand):
    """Re-derive the markers under another sensitivity (no model run)."""

    sensitivity: Sensitivity
    text = "Change sensitivity"

    def apply(self, project: Project) -> Project:
        return with_sensitivity(project, self.sensitivity)


# --- what a review view reads ----------------------------------------------------------


@dataclass(frozen=True)
class ReviewItem:
    marker: Marker
    state: str | None  # ACCEPTED, REJECTED, or None (not reviewed yet)

    @property
    def confidence(self) -> float | None:
        return self.marker.confidence


def review_items(project: Project, *, include_rejected: bool = True) -> list[ReviewItem]:
    """The event and emotion markers in time order with their review state (the rejected
    ones too, to show struck out, unless ``include_rejected`` is False)."""
    reviews = event_state(project).reviews
    items = [
        ReviewItem(m, review_state(m, reviews))
        for m in project.analysis.markers
        if m.kind in (EVENT, EMOTION)
    ]
    if include_rejected:
        items += [ReviewItem(m, REJECTED) for m in rejected_markers(reviews)]
    return sorted(items, key=lambda i: (i.marker.start_ms, i.marker.kind, i.marker.label))


def next_to_review(project: Project, after_ms: int = -1) -> ReviewItem | None:
    """The first marker not yet reviewed that starts after ``after_ms`` (None when done)."""
    for item in review_items(project, include_rejected=False):
        if item.state is None and item.marker.start_ms > after_ms:
            return item
    return None
