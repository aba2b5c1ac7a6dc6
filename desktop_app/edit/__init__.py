"""Cut planning: pure functions from an analysis to the ranges of the source to keep.

- :func:`silence_cut` — jump cuts: keep speech, with padding, minimum clip and gap;
- :func:`highlight_cut` — context around chosen events, merged, ranked, to a target length;
- :func:`drop_tags` — cut coughs, sneezes, music-only stretches out of a plan;
- :func:`apply_user_marks` — the user's keep/cut marks from ``project.edits["cuts"]``;
- word cuts, fillers, pauses, search (:mod:`.word_cuts`, :mod:`.fillers`, :mod:`.pauses`,
  :mod:`.search`): words cut in the transcript, stored as marks in the same list, cut in
  the pauses around them;
- :func:`build_plan` — all of them composed the way the CLI and the app use them; no
  kept range of its plan is shorter than the minimum clip (unless the source is, or the
  range holds words kept between word cuts).

:func:`remap_ms` / :func:`remap_span` move source times onto the cut's clock.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from desktop_app.core.model import Analysis
from desktop_app.edit.highlights import (
    Highlight,
    HighlightOptions,
    choose_highlights,
    find_highlights,
    highlight_cut,
)
from desktop_app.edit.plan import (
    CutPlan,
    CutPlanError,
    KeepRange,
    check_lengths,
    drop_short,
    plan_from_spans,
    remap_ms,
    remap_span,
    source_ms,
    subtract,
    union,
    whole_plan,
)
from desktop_app.edit.silence import SilenceCutOptions, silence_cut
from desktop_app.edit.tags import TagDropOptions, drop_tags, tag_drop_spans
from desktop_app.edit.user import EDITS_KEY, UserMark, apply_user_marks, marks_to_edits, user_marks
from desktop_app.edit.word_cuts import WordCutOptions, peaks_of, place_word_cuts

CUT_MODES = ("none", "silence", "highlights", "marks")
DEFAULT_MIN_CLIP_MS = SilenceCutOptions().min_clip_ms


def build_plan(
    analysis: Analysis,
    mode: str,
    *,
    silence: SilenceCutOptions | None = None,
    highlights: HighlightOptions | None = None,
    drop: TagDropOptions | None = None,
    edits: Mapping | None = None,
    min_clip_ms: int | None = None,
    words: WordCutOptions | None = None,
    waveform: np.ndarray | None = None,
    peaks_per_second: int = 0,
) -> CutPlan | None:
    """The plan for a cut ``mode``; None for ``"none"`` (no cut at all: the user's marks are ignored).

    ``"silence"`` and ``"highlights"`` run their planner; ``"marks"`` starts from the whole
    source. Then ``drop`` (when given) cuts tagged stretches and the user's marks in
    ``edits`` apply last, in their order, so the user has the final word. Word cuts among
    them are cut in the pauses around their words (``words``: handle and the most silence
    left at a join), at the quietest point when the ``waveform`` peaks are given.

    Last, the minimum clip (``min_clip_ms``; by default the silence options', else 500 ms):
    a keep mark shorter than it was widened to it, and any kept range still shorter (a
    sliver left beside a cut mark or a dropped tag) is dropped, not merged: merging would
    bring back what the user or the drop cut away. A source shorter than the minimum
    keeps a range covering all of it.
    """
    mode = mode.strip().lower()
    if mode not in CUT_MODES:
        raise CutPlanError(f"unknown cut {mode!r}; choose from: {', '.join(CUT_MODES)}")
    if mode == "none":
        return None
    if min_clip_ms is None:
        min_clip_ms = silence.min_clip_ms if mode == "silence" and silence else DEFAULT_MIN_CLIP_MS
    check_lengths(min_clip_ms=min_clip_ms)
    if mode == "silence":
        plan = silence_cut(analysis, silence)
    elif mode == "highlights":
        plan = highlight_cut(analysis, highlights)
    else:
        plan = whole_plan(analysis.media.duration_ms)
    if drop is not None:
        plan = drop_tags(plan, analysis, drop)
    placed = place_word_cuts(
        analysis.segments,
        edits,
        analysis.media.duration_ms,
        markers=analysis.markers,
        options=words,
        peaks=peaks_of(waveform, peaks_per_second),
    )
    edges: set[int] = set()
    plan = apply_user_marks(plan, edits, min_keep_ms=min_clip_ms, placed=placed, edges=edges)
    return drop_short(plan, min_clip_ms, keep_edges=edges)


__all__ = [
    "CUT_MODES",
    "DEFAULT_MIN_CLIP_MS",
    "EDITS_KEY",
    "CutPlan",
    "CutPlanError",
    "Highlight",
    "HighlightOptions",
    "KeepRange",
    "SilenceCutOptions",
    "TagDropOptions",
    "UserMark",
    "WordCutOptions",
    "apply_user_marks",
    "build_plan",
    "choose_highlights",
    "drop_short",
    "drop_tags",
    "find_highlights",
    "highlight_cut",
    "marks_to_edits",
    "plan_from_spans",
    "remap_ms",
    "remap_span",
    "silence_cut",
    "source_ms",
    "subtract",
    "tag_drop_spans",
    "union",
    "user_marks",
    "whole_plan",
]
