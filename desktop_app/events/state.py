"""The user's event choices kept in a project's ``edits``: the sensitivity and the review.

Stored under ``edits["events"]`` (``{"sensitivity": {...}, "review": [...]}``) beside the
keep/cut marks, so a project without them loads as before and means "as the model says,
nothing reviewed". Reading checks every value and raises typed errors.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from desktop_app.core.model import Marker, Segment
from desktop_app.core.vocabulary import SILENCE
from desktop_app.events.markers import EventOptions, build_markers
from desktop_app.events.review import Review, apply_review, reviews_from_list
from desktop_app.events.sensitivity import (
    Sensitivity,
    SensitivityError,
    apply_sensitivity,
    sensitivity_from_dict,
)

EDITS_KEY = "events"


@dataclass(frozen=True)
class EventState:
    sensitivity: Sensitivity = field(default_factory=Sensitivity)
    reviews: tuple[Review, ...] = ()

    def to_dict(self) -> dict:
        return {"sensitivity": self.sensitivity.to_dict(), "review": [r.to_dict() for r in self.reviews]}


def state_from_edits(edits: dict | None) -> EventState:
    """The state in a project's ``edits`` (defaults when there is none)."""
    stored = (edits or {}).get(EDITS_KEY)
    if stored is None:
        return EventState()
    if not isinstance(stored, dict):
        raise SensitivityError(f"edits.{EDITS_KEY} must be an object.")
    return EventState(
        sensitivity_from_dict(stored.get("sensitivity")), reviews_from_list(stored.get("review"))
    )


def state_to_edits(edits: dict | None, state: EventState) -> dict:
    """``edits`` with ``state`` in it (every other key untouched); a default state leaves no trace."""
    out = {k: v for k, v in (edits or {}).items() if k != EDITS_KEY}
    if state != EventState():
        out[EDITS_KEY] = state.to_dict()
    return out


def derive_markers(
    segments: Sequence[Segment],
    markers: Sequence[Marker],
    options: EventOptions | None = None,
    state: EventState | None = None,
) -> tuple[Marker, ...]:
    """The event and emotion markers from the windows' stored tags and distributions
    under ``state``'s sensitivity and review; the silences of ``markers`` are kept
    (they come from quiet gaps, not from the model). No model runs."""
    state = state or EventState()
    chosen = apply_sensitivity(segments, state.sensitivity)
    rebuilt = [m for m in build_markers(chosen, (), options) if m.kind != SILENCE]
    reviewed = apply_review(rebuilt, state.reviews)
    silences = [m for m in markers if m.kind == SILENCE]
    return tuple(sorted([*silences, *reviewed], key=lambda m: (m.start_ms, m.kind, m.label)))
