"""Fillers ("um", "嗯", "えっと") and repeated words ("the the"): found per segment, in the
segment's language, and cut as word cuts (one mark each, so each can be restored).

The lists live in ONE data file, ``desktop_app/edit/fillers.json`` (shipped with the
package). A user file of the same shape (by default ``fillers.json`` in Cutmark's config
folder: :func:`default_user_fillers_path`) replaces the languages it lists. A segment
whose language is unknown is matched against every list.

A filler may span several words (CTC gives Japanese and Chinese one word per character:
"えっと" is three); the longest match wins. "standalone" fillers (啊, 哦, あの) count only
with a pause of at least ``standalone_gap_ms`` (or the segment's edge) on both sides.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from desktop_app.core.errors import CutmarkError
from desktop_app.core.model import Segment
from desktop_app.edit.word_cuts import cut_words
from desktop_app.edit.words import is_unspaced, normalize

DATA_FILE = "fillers.json"
STANDALONE_GAP_MS = 150


class FillerListError(CutmarkError):
    """A filler list file cannot be read."""

    hint = "Fix the file (the shape of desktop_app/edit/fillers.json) or delete it to use the built-in lists."


@dataclass(frozen=True)
class FillerList:
    words: tuple[str, ...] = ()
    standalone: tuple[str, ...] = ()


@dataclass(frozen=True)
class FillerLists:
    languages: tuple[tuple[str, FillerList], ...]

    def for_language(self, language: str | None) -> list[tuple[str, bool]]:
        """``(normalized filler, standalone only)`` for a segment's language (all lists when unknown)."""
        key = (language or "").strip().lower()
        chosen = [fl for lang, fl in self.languages if lang == key] or [fl for _, fl in self.languages]
        out: dict[str, bool] = {}
        for fl in chosen:
            for w in fl.words:
                out[normalize(w)] = False
            for w in fl.standalone:
                out.setdefault(normalize(w), True)
        return [(k, v) for k, v in out.items() if k]


@dataclass(frozen=True)
class Found:
    """A filler or repeat: its words ``segment``, ``first``..``last`` (inclusive) and their span."""

    start_ms: int
    end_ms: int
    segment: int
    first: int
    last: int
    text: str
    kind: str  # "filler" or "repeat"


def default_user_fillers_path() -> Path:
    """``fillers.json`` in Cutmark's config folder (e.g. ``~/.config/cutmark/`` on Linux)."""
    from platformdirs import user_config_dir

    return Path(user_config_dir("cutmark")) / DATA_FILE


def _parse(data, where: str) -> dict[str, FillerList]:
    langs = data.get("languages") if isinstance(data, dict) else None
    if not isinstance(langs, dict):
        raise FillerListError(f"{where}: expected an object with 'languages'")
    out = {}
    for lang, entry in langs.items():
        if not isinstance(entry, dict):
            raise FillerListError(f"{where}: languages.{lang} must be an object with 'words'")
        lists = {}
        for key in ("words", "standalone"):
            value = entry.get(key, [])
            if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
                raise FillerListError(f"{where}: languages.{lang}.{key} must be a list of strings")
            lists[key] = tuple(value)
        out[lang.strip().lower()] = FillerList(**lists)
    return out


def load_filler_lists(user_file: str | Path | None = None) -> FillerLists:
    """The shipped lists, with the languages of ``user_file`` (when it exists) replacing them."""
    shipped = json.loads(resources.files("desktop_app.edit").joinpath(DATA_FILE).read_text("utf-8"))
    merged = _parse(shipped, DATA_FILE)
    if user_file is not None and Path(user_file).is_file():
        try:
            data = json.loads(Path(user_file).read_text("utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise FillerListError(f"{user_file} cannot be read as JSON ({exc})") from None
        merged.update(_parse(data, str(user_file)))
    return FillerLists(tuple(sorted(merged.items())))


def _gap_before(seg: Segment, i: int) -> int:
    return seg.words[i].start_ms - seg.words[i - 1].end_ms if i > 0 else 1 << 30


def find_fillers(
    segments: Sequence[Segment], lists: FillerLists, *, standalone_gap_ms: int = STANDALONE_GAP_MS
) -> list[Found]:
    """Every filler in the transcript, in time order."""
    out = []
    for si, seg in enumerate(segments):
        words = seg.words
        if not words:
            continue
        table = dict(lists.for_language(seg.language))
        if not table:
            continue
        longest = max(len(k) for k in table)
        glue = "" if is_unspaced(seg.language, seg.text) else " "
        norm = [normalize(w.text) for w in words]
        i = 0
        while i < len(words):
            best = None
            text = ""
            for j in range(i, len(words)):
                text = f"{text}{glue if j > i else ''}{norm[j]}"
                if len(text) > longest:
                    break
                if text in table:
                    standalone = table[text]
                    alone = _gap_before(seg, i) >= standalone_gap_ms and (
                        j + 1 == len(words) or _gap_before(seg, j + 1) >= standalone_gap_ms
                    )
                    if not standalone or alone:
                        best = j
            if best is None:
                i += 1
                continue
            out.append(
                Found(
                    words[i].start_ms,
                    words[best].end_ms,
                    si,
                    i,
                    best,
                    text_of(words[i : best + 1], glue),
                    "filler",
                )
            )
            i = best + 1
    return out


def text_of(words, glue: str) -> str:
    return glue.join(w.text for w in words)


def find_repeats(segments: Sequence[Segment], *, longest: int = 3) -> list[Found]:
    """Words said twice in a row ("I I think", "you know you know"): the first saying is
    offered for cutting. Spaced languages only (CJK words are single characters, where
    doubling is normal: 谢谢)."""
    out = []
    for si, seg in enumerate(segments):
        words = seg.words
        if not words or is_unspaced(seg.language, seg.text):
            continue
        norm = [normalize(w.text) for w in words]
        i = 0
        while i < len(words):
            for n in range(min(longest, (len(words) - i) // 2), 0, -1):
                first, second = norm[i : i + n], norm[i + n : i + 2 * n]
                if all(first) and first == second:
                    out.append(
                        Found(
                            words[i].start_ms,
                            words[i + n - 1].end_ms,
                            si,
                            i,
                            i + n - 1,
                            text_of(words[i : i + n], " "),
                            "repeat",
                        )
                    )
                    i += n
                    break
            else:
                i += 1
    return out


def remove_fillers(
    segments: Sequence[Segment],
    edits: Mapping | None,
    lists: FillerLists,
    *,
    repeats: bool = False,
    standalone_gap_ms: int = STANDALONE_GAP_MS,
) -> dict | None:
    """``edits`` with every filler (and with ``repeats``, every first saying of a repeat)
    cut, one mark each; None when there is none left to cut."""
    found = find_fillers(segments, lists, standalone_gap_ms=standalone_gap_ms)
    if repeats:
        found = sorted(found + find_repeats(segments), key=lambda f: (f.start_ms, f.end_ms))
    spans = [(f.start_ms, max(f.end_ms, f.start_ms + 1)) for f in found]
    return cut_words(segments, edits, spans, separate=True)
