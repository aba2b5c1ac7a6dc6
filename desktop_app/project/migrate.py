"""Project files of older schemas, brought up to this one before they are read.

Each step takes the parsed JSON of schema ``n`` and returns that of ``n + 1`` (a copy;
the caller's dict is left alone). Saving a migrated project writes the new schema.

- 1 → 2: word cuts. ``edits["cuts"]`` marks may carry ``"by"`` ("words", "pauses");
  a schema-1 mark has none, which still means a segment's keep/cut mark, so the step
  only changes the version. Schema 2 also validates the marks when a file is read.
"""

from __future__ import annotations

import copy


def _v1_to_v2(data: dict) -> dict:
    out = copy.copy(data)
    out["schema_version"] = 2
    return out


STEPS = {1: _v1_to_v2}


def migrate(data: dict, version: int, target: int) -> dict:
    """``data`` (schema ``version``) as schema ``target``."""
    while version < target:
        data = STEPS[version](data)
        version += 1
    return data
