"""One cut, as every face asks for it: the planner, its options and the word edits
(``--remove-words``, ``--drop-fillers``, ``--max-pause``) applied on top of the
project's own marks. Small and picklable, so a batch can carry it to its workers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from desktop_app.core.model import Analysis
from desktop_app.edit.fillers import default_user_fillers_path, load_filler_lists, remove_fillers
from desktop_app.edit.highlights import HighlightOptions
from desktop_app.edit.pauses import PauseOptions, shorten_pauses
from desktop_app.edit.plan import CutPlan
from desktop_app.edit.search import words_matching
from desktop_app.edit.silence import SilenceCutOptions
from desktop_app.edit.tags import TagDropOptions
from desktop_app.edit.word_cuts import WordCutOptions, cut_words


@dataclass(frozen=True)
class CutRequest:
    mode: str = "none"  # "none", "silence", "highlights", "marks"
    silence: SilenceCutOptions | None = None
    highlights: HighlightOptions | None = None
    drop: TagDropOptions | None = None
    min_clip_ms: int | None = None
    ignore_marks: bool = False
    remove_words: tuple[str, ...] = ()  # regular expressions, matched against whole words
    drop_fillers: bool = False
    fillers_file: str | None = None  # None: fillers.json in the config folder, when there is one
    max_pause_ms: int | None = None
    handle_ms: int = 40

    @property
    def has_word_edits(self) -> bool:
        return bool(self.remove_words or self.drop_fillers or self.max_pause_ms is not None)

    @property
    def effective_mode(self) -> str:
        """The word edits are a cut of their own: with them "none" means "marks"."""
        return "marks" if self.mode == "none" and self.has_word_edits else self.mode

    def edits(self, analysis: Analysis, edits: Mapping | None) -> dict:
        """The project's marks (none with ``ignore_marks``) with the word edits' cuts after them."""
        segments = analysis.segments
        out = {} if self.ignore_marks else dict(edits or {})
        for pattern in self.remove_words:
            spans = [(f.start_ms, max(f.end_ms, f.start_ms + 1)) for f in words_matching(segments, pattern)]
            out = cut_words(segments, out, spans, separate=True) or out
        if self.drop_fillers:
            lists = load_filler_lists(self.fillers_file or default_user_fillers_path())
            out = remove_fillers(segments, out, lists) or out
        if self.max_pause_ms is not None:
            options = PauseOptions(self.max_pause_ms, handle_ms=min(self.handle_ms, self.max_pause_ms // 2))
            out = shorten_pauses(segments, out, analysis.markers, options) or out
        return out

    def plan(
        self,
        analysis: Analysis,
        edits: Mapping | None,
        waveform: np.ndarray | None = None,
        peaks_per_second: int = 0,
    ) -> CutPlan | None:
        """The cut plan (None for no cut)."""
        from desktop_app.edit import build_plan  # the package composes the planners

        pause = self.max_pause_ms if self.max_pause_ms is not None else WordCutOptions().pause_ms
        return build_plan(
            analysis,
            self.effective_mode,
            silence=self.silence,
            highlights=self.highlights,
            drop=self.drop,
            edits=self.edits(analysis, edits),
            min_clip_ms=self.min_clip_ms,
            words=WordCutOptions(handle_ms=self.handle_ms, pause_ms=pause),
            waveform=waveform,
            peaks_per_second=peaks_per_second,
        )
