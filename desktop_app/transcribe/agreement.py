"""How far two runs' token sequences agree (fp32 against int8, CPU against GPU)."""

from __future__ import annotations

from collections.abc import Sequence


def edit_distance(a: Sequence[int], b: Sequence[int]) -> int:
    """Levenshtein distance between two token sequences (insert, delete, substitute: 1 each)."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def token_agreement(reference: Sequence[Sequence[int]], other: Sequence[Sequence[int]]) -> float:
    """1 - (summed edit distance / reference tokens) over paired windows: 1.0 is identical."""
    total = sum(len(r) for r in reference)
    errors = sum(edit_distance(r, o) for r, o in zip(reference, other, strict=True))
    return 1.0 if total == 0 and errors == 0 else max(0.0, 1.0 - errors / max(total, 1))
