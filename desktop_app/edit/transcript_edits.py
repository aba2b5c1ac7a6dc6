"""Edits a creator makes to the transcript, as pure functions over segments.

Each returns a new tuple of segments; nothing is changed in place, so the UI keeps
the old tuple for undo. Indexes are positions in the tuple.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from desktop_app.core.errors import CutmarkError
from desktop_app.core.model import Segment, Word
from desktop_app.transcribe.tags import EMOTIONS, EVENTS

MIN_PART_MS = 100


class EditError(CutmarkError):
    hint = "Nothing was changed."


def _check(segments: Sequence[Segment], index: int) -> Segment:
    if not 0 <= index < len(segments):
        raise EditError(f"There is no segment {index + 1}.")
    return segments[index]


def _replace(segments: Sequence[Segment], index: int, *new: Segment, count: int = 1) -> tuple[Segment, ...]:
    return (*segments[:index], *new, *segments[index + count :])


def _join(texts: Sequence[str], language: str | None) -> str:
    glue = "" if language in ("zh", "ja", "yue") else " "
    return glue.join(t for t in texts if t).strip()


def set_text(segments: Sequence[Segment], index: int, text: str) -> tuple[Segment, ...]:
    """New text for a segment. Word times no longer match edited words, so they are
    kept only when the words themselves did not change."""
    seg = _check(segments, index)
    text = " ".join(text.split()) if seg.language not in ("zh", "ja", "yue") else text.strip()
    same_words = [w.text for w in seg.words] == text.split() or "".join(w.text for w in seg.words) == text
    words = seg.words if same_words else ()
    return _replace(segments, index, dataclasses.replace(seg, text=text, words=words))


def set_event(segments: Sequence[Segment], index: int, event: str | None) -> tuple[Segment, ...]:
    if event is not None and event not in EVENTS:
        raise EditError(f"'{event}' is not a SenseVoice event.")
    seg = _check(segments, index)
    return _replace(segments, index, dataclasses.replace(seg, event=event, event_confidence=None))


def set_emotion(segments: Sequence[Segment], index: int, emotion: str | None) -> tuple[Segment, ...]:
    if emotion is not None and emotion not in EMOTIONS:
        raise EditError(f"'{emotion}' is not a SenseVoice emotion.")
    seg = _check(segments, index)
    return _replace(segments, index, dataclasses.replace(seg, emotion=emotion, emotion_confidence=None))


def split_segment(segments: Sequence[Segment], index: int, at_ms: int) -> tuple[Segment, ...]:
    """Split at ``at_ms``: words go to the side their middle falls on; without word
    times the text is split in proportion to time, at a space for Latin text."""
    seg = _check(segments, index)
    if not seg.start_ms + MIN_PART_MS <= at_ms <= seg.end_ms - MIN_PART_MS:
        raise EditError("Put the playhead inside the segment, away from its ends, to split it.")
    if seg.words:
        left_w = tuple(w for w in seg.words if (w.start_ms + w.end_ms) // 2 < at_ms)
        right_w = tuple(w for w in seg.words if (w.start_ms + w.end_ms) // 2 >= at_ms)
        left_t = _join([w.text for w in left_w], seg.language)
        right_t = _join([w.text for w in right_w], seg.language)
    else:
        left_w = right_w = ()
        cut = round(len(seg.text) * (at_ms - seg.start_ms) / max(1, seg.duration_ms))
        if " " in seg.text:
            spaces = [i for i, c in enumerate(seg.text) if c == " "]
            cut = min(spaces, key=lambda i: abs(i - cut))
        left_t, right_t = seg.text[:cut].strip(), seg.text[cut:].strip()
    left = dataclasses.replace(seg, end_ms=at_ms, text=left_t, words=_clip_words(left_w, seg.start_ms, at_ms))
    right = dataclasses.replace(
        seg, start_ms=at_ms, text=right_t, words=_clip_words(right_w, at_ms, seg.end_ms)
    )
    return _replace(segments, index, left, right)


def _clip_words(words: Sequence[Word], start: int, end: int) -> tuple[Word, ...]:
    return tuple(
        Word(w.text, max(start, w.start_ms), max(max(start, w.start_ms) + 1, min(end, w.end_ms)))
        for w in words
    )


def merge_with_next(segments: Sequence[Segment], index: int) -> tuple[Segment, ...]:
    """Join a segment and the one after it; tags follow the longer of the two."""
    first = _check(segments, index)
    second = _check(segments, index + 1)
    lead = first if first.duration_ms >= second.duration_ms else second
    kind = "speech" if "speech" in (first.kind, second.kind) else first.kind
    merged = dataclasses.replace(
        lead,
        start_ms=first.start_ms,
        end_ms=second.end_ms,
        kind=kind,
        text=_join([first.text, second.text], lead.language),
        words=first.words + second.words,
    )
    return _replace(segments, index, merged, count=2)


def segment_at(segments: Sequence[Segment], ms: int) -> int | None:
    """Index of the segment under ``ms`` (segments are in time order)."""
    lo, hi = 0, len(segments) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        s = segments[mid]
        if ms < s.start_ms:
            hi = mid - 1
        elif ms >= s.end_ms:
            lo = mid + 1
        else:
            return mid
    return None


def set_word_text(segments: Sequence[Segment], index: int, word: int, text: str) -> tuple[Segment, ...]:
    """New spelling for one word; its times (and every other word's) stay as they are.

    The segment's text follows: the word is replaced where it stands in the text (its
    punctuation kept) when the text spells the words in order, else the text is rebuilt
    from the words. An empty spelling is refused: cutting a word is a word cut.
    """
    seg = _check(segments, index)
    if not 0 <= word < len(seg.words):
        raise EditError(f"Segment {index + 1} has no word {word + 1}.")
    new = " ".join(text.split())
    if not new:
        raise EditError("A word cannot be empty; cut it instead.")
    if seg.words[word].text == new:
        return tuple(segments)
    words = seg.words[:word] + (dataclasses.replace(seg.words[word], text=new),) + seg.words[word + 1 :]
    places, at = [], 0
    for w in seg.words:  # where each word stands in the text ("So" spells the word "so")
        found = re.compile(re.escape(w.text), re.IGNORECASE).search(seg.text, at) if w.text else None
        if found is None:
            places = None
            break
        places.append(found.span())
        at = found.end()
    if places is not None:
        start, end = places[word]
        body = seg.text[:start] + new + seg.text[end:]
    else:
        body = _join([w.text for w in words], seg.language)
    return _replace(segments, index, dataclasses.replace(seg, text=body, words=words))
