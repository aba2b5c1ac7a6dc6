"""The real recordings the tests and the demo use ship in the repository (issue #12, item 13):
a fresh clone runs every test, and no test reads a folder beside the repository."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# a path that climbs out of the repository to the shared folder beside it
OUTSIDE = re.compile(
    r"""\.\./shared|shared[/]media|["']shared["']\s*/\s*["']media["']|parent\s*/\s*["']shared["']"""
)


def test_no_test_script_or_benchmark_reads_media_beside_the_repository():
    hits = [
        f"{path.relative_to(ROOT)}:{n}"
        for folder in ("tests", "scripts", "benchmarks", "desktop_app")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if path.name != Path(__file__).name
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if OUTSIDE.search(line)
    ]
    assert hits == []


def test_the_recordings_are_inside_the_repository_with_their_licence_table():
    from desktop_app.resources import MEDIA_DIR, RECORDINGS
    from tests.rig import signals

    assert MEDIA_DIR.is_relative_to(ROOT)
    assert signals.REAL_MEDIA == MEDIA_DIR
    shipped = sorted(p.name for p in MEDIA_DIR.iterdir() if p.suffix in (".wav", ".mp3"))
    assert shipped == sorted(RECORDINGS)
    table = (MEDIA_DIR / "README.md").read_text(encoding="utf-8")
    for name in RECORDINGS:  # every file has its row: origin and licence
        row = next(line for line in table.splitlines() if line.startswith(f"| {name} |"))
        assert re.search(r"\| (MIT|public domain[^|]*) \|$", row), row
    assert sum(p.stat().st_size for p in MEDIA_DIR.iterdir()) < 1_200_000  # keep the repository small


def test_load_real_speech_decodes_all_five_from_the_repository():
    from desktop_app.resources import RECORDINGS
    from tests.rig import signals

    recordings = signals.load_real_speech()
    assert len(recordings) == len(RECORDINGS) == 5
    assert all(r.ndim == 1 and r.size > signals.SAMPLE_RATE for r in recordings)
