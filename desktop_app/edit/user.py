"""The user's own keep/cut marks, as the app stores them in ``project.edits``.

Shape (the only part of ``edits`` read here)::

    edits["cuts"] = [
        {"start_ms": 12000, "end_ms": 15500, "action": "cut"},
        {"start_ms": 40000, "end_ms": 41000, "action": "keep"},
    ]

Times are integer milliseconds on the source's clock, ``start_ms <= end_ms``;
``action`` is ``"keep"`` (force into the cut) or ``"cut"`` (force out). Marks apply in
list order on top of a computed plan, so a later mark wins where two overlap. An
optional ``"by"`` says what made the mark: absent for a segment's mark, ``"words"`` for
words cut in the transcript (their cut falls in the pauses around them: see
:mod:`desktop_app.edit.word_cuts`), ``"pauses"`` for a shortened pause. Other keys in
a mark (a note, an id) are ignored. A missing ``"cuts"`` means no marks.

With ``min_keep_ms`` a keep mark shorter than that is widened about its middle to that
length: the user asked to keep that moment, and a clip shorter than the minimum is
not one an editor can use (:func:`desktop_app.edit.build_plan` then drops any range
still too short, such as a sliver a cut mark leaves).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from desktop_app.edit.plan import CutPlan, CutPlanError, subtract, union, whole_plan, widen
from desktop_app.edit.word_cuts import BY_WORDS, EDITS_KEY, MARK_SOURCES

KEEP, CUT = "keep", "cut"
USER_REASON = "user"


@dataclass(frozen=True)
class UserMark:
    start_ms: int
    end_ms: int
    action: str  # KEEP or CUT
    by: str | None = None  # None (a segment's mark), "words" or "pauses"


def _count(value, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise CutPlanError(f"{where} must be a non-negative integer (got {value!r})")
    return value


def user_marks(edits: Mapping | None) -> list[UserMark]:
    """The validated marks in ``edits["cuts"]`` (errors name the bad field)."""
    if not edits or EDITS_KEY not in edits:
        return []
    raw = edits[EDITS_KEY]
    if not isinstance(raw, list):
        raise CutPlanError(f"edits.{EDITS_KEY} must be a list of marks")
    out = []
    for i, item in enumerate(raw):
        where = f"edits.{EDITS_KEY}[{i}]"
        if not isinstance(item, Mapping):
            raise CutPlanError(f"{where} must be an object with start_ms, end_ms and action")
        for key in ("start_ms", "end_ms", "action"):
            if key not in item:
                raise CutPlanError(f"{where}.{key} is missing")
        start, end = _count(item["start_ms"], f"{where}.start_ms"), _count(item["end_ms"], f"{where}.end_ms")
        if end < start:
            raise CutPlanError(f"{where}: end_ms ({end}) is before start_ms ({start})")
        action = item["action"]
        if action not in (KEEP, CUT):
            raise CutPlanError(f"{where}.action must be 'keep' or 'cut' (got {action!r})")
        by = item.get("by")
        if by is not None and by not in MARK_SOURCES:
            raise CutPlanError(f"{where}.by must be one of {', '.join(MARK_SOURCES)} or absent (got {by!r})")
        out.append(UserMark(start, end, action, by))
    return out


def apply_user_marks(
    plan: CutPlan | None,
    edits: Mapping | None,
    duration_ms: int | None = None,
    *,
    min_keep_ms: int = 0,
    placed: Mapping[int, tuple[int, int]] | None = None,
    edges: set[int] | None = None,
) -> CutPlan:
    """``plan`` (the whole source when None; then ``duration_ms`` is needed) with the marks
    applied; keep marks shorter than ``min_keep_ms`` are widened to it (see above).

    ``placed`` gives word-cut marks (by position) the span actually cut (in the pauses:
    :func:`desktop_app.edit.word_cuts.place_word_cuts`); without it they cut their own
    span. The edges of word and pause cuts are added to ``edges`` when given."""
    if plan is None:
        if duration_ms is None:
            raise CutPlanError("apply_user_marks needs a plan or the source duration")
        plan = whole_plan(duration_ms)
    source = plan.source_duration_ms
    holes: list[tuple[int, int]] = []  # cuts in a row apply together (their order among them is moot)
    for k, mark in enumerate(user_marks(edits)):
        if mark.by == BY_WORDS and mark.action == CUT and placed is not None:
            if k not in placed:
                continue  # only kept words' time under it: it cuts nothing
            mark = UserMark(*placed[k], CUT, BY_WORDS)
        if mark.end_ms <= mark.start_ms:
            continue
        if mark.action == KEEP:
            if mark.start_ms >= source:
                continue
            plan = subtract(plan, holes)
            holes = []
            span = widen(mark.start_ms, mark.end_ms, min_keep_ms, source)
            plan = union(plan, [span], reason=USER_REASON)
        else:
            holes.append((mark.start_ms, mark.end_ms))
            if mark.by is not None and edges is not None:
                edges.update((mark.start_ms, mark.end_ms))
    return subtract(plan, holes) if holes else plan


def marks_to_edits(marks: list[UserMark]) -> list[dict]:
    """The JSON form of ``marks`` (what the app writes into ``edits["cuts"]``)."""
    return [
        {"start_ms": m.start_ms, "end_ms": m.end_ms, "action": m.action, **({"by": m.by} if m.by else {})}
        for m in marks
    ]
