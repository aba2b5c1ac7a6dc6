"""Find text in the transcript's words, to cut every match ("Cut all matches").

Plain text (no patterns), case-insensitive and full-width/half-width-insensitive
(NFKC + casefold); punctuation at a word's edges is ignored. A match covers whole words:
"the" does not match "there" (Chinese and Japanese words are single characters, so any
run of characters matches). Matches stay inside a segment. ``words_matching`` is the
regular-expression variant the command line's ``--remove-words`` uses, word by word.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from desktop_app.core.model import Segment
from desktop_app.edit.fillers import Found, text_of
from desktop_app.edit.plan import CutPlanError
from desktop_app.edit.words import is_unspaced, normalize


def find_matches(segments: Sequence[Segment], query: str) -> list[Found]:
    """Every whole-word occurrence of ``query``, in time order (non-overlapping per segment)."""
    needle = normalize(query)
    if not needle:
        return []
    out = []
    for si, seg in enumerate(segments):
        if not seg.words:
            continue
        glue = "" if is_unspaced(seg.language, seg.text) else " "
        starts, ends, parts, pos = {}, {}, [], 0
        for j, w in enumerate(seg.words):
            if j:
                pos += len(glue)
            token = normalize(w.text)
            starts[pos] = j
            pos += len(token)
            ends[pos] = j
            parts.append(token)
        hay = glue.join(parts)
        at = hay.find(needle)
        while at >= 0:
            first, last = starts.get(at), ends.get(at + len(needle))
            if first is not None and last is not None and last >= first:
                words = seg.words[first : last + 1]
                out.append(
                    Found(words[0].start_ms, words[-1].end_ms, si, first, last, text_of(words, glue), "match")
                )
                at = hay.find(needle, at + len(needle))
            else:
                at = hay.find(needle, at + 1)
    return out


def words_matching(segments: Sequence[Segment], pattern: str) -> list[Found]:
    """Every word whose text (edge punctuation trimmed) matches ``pattern`` entirely,
    ignoring case. :class:`CutPlanError` for a pattern that is not a regular expression."""
    try:
        rx = re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise CutPlanError(
            f"--remove-words {pattern!r} is not a regular expression ({exc})",
            hint="Quote the pattern, e.g. --remove-words 'um+|uh+'.",
        ) from None
    out = []
    for si, seg in enumerate(segments):
        for j, w in enumerate(seg.words):
            token = normalize(w.text)
            if token and rx.fullmatch(token):
                out.append(Found(w.start_ms, w.end_ms, si, j, j, w.text, "match"))
    return out
