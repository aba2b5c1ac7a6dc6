"""Subtitle presets (``latin``, ``cjk``, ``vertical``) and the check of a cue against them."""

from __future__ import annotations

from dataclasses import replace

from desktop_app.core.errors import ExportError
from desktop_app.export.subtitles import Cue, SubtitleOptions

PRESETS: dict[str, SubtitleOptions] = {
    # 42 x 2, 1-7 s, <= 20 chars/s; CJK segments 16 a line, <= 9 chars/s
    "latin": SubtitleOptions(),
    # every segment at the CJK limits
    "cjk": SubtitleOptions(max_chars_per_line=16, max_cps=9.0),
    # vertical shorts: narrow lines for a 9:16 frame
    "vertical": SubtitleOptions(max_chars_per_line=24, cjk_max_chars_per_line=12),
}


def preset(name: str, **overrides) -> SubtitleOptions:
    """A named preset (``latin``, ``cjk``, ``vertical``) with ``overrides`` applied."""
    key = name.strip().lower()
    if key not in PRESETS:
        raise ExportError(f"unknown subtitle preset {name!r}; choose from: {', '.join(PRESETS)}")
    return replace(PRESETS[key], **overrides) if overrides else PRESETS[key]


def cue_problems(cue: Cue, opts: SubtitleOptions) -> list[str]:
    """The layout rules ``cue`` breaks (its own CJK limits apply to CJK cues); ``[]`` when none."""
    lay = cue.layout or opts
    problems = []
    if not 1 <= len(cue.lines) <= lay.max_lines:
        problems.append(f"{len(cue.lines)} lines")
    if any(len(line) > lay.max_chars_per_line for line in cue.lines):
        problems.append(f"a line over {lay.max_chars_per_line} characters")
    if cue.duration_ms < lay.min_duration_ms:
        problems.append(f"on screen {cue.duration_ms} ms < {lay.min_duration_ms} ms")
    if cue.duration_ms > lay.max_duration_ms:
        problems.append(f"on screen {cue.duration_ms} ms > {lay.max_duration_ms} ms")
    if cue.duration_ms > 0 and cue.chars * 1000 / cue.duration_ms > lay.max_cps + 1e-9:
        problems.append(f"{cue.chars * 1000 / cue.duration_ms:.1f} chars/s > {lay.max_cps:g}")
    return problems


def compliance(cues: list[Cue], opts: SubtitleOptions) -> float:
    """The share of cues that break no rule (1.0 for no cues)."""
    if not cues:
        return 1.0
    return sum(1 for c in cues if not cue_problems(c, opts)) / len(cues)
