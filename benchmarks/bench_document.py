"""Time the transcript document on a generated 1-hour project (offscreen Qt).

    python benchmarks/bench_document.py              # 60 min, ~10,000 words
    python benchmarks/bench_document.py --minutes 120

Measures: opening the project in the document view (laying out every paragraph and word),
then select a word + Delete (a word cut through the session) and Undo, each timed until
the document and the timeline have taken the change and Qt has painted
(``processEvents``). Targets (issue #14): open <= 1 s, each edit <= 50 ms. Prints the
JSON and writes ``benchmarks/results/document-<timestamp>.json``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.bench_timeline import make_project  # noqa: E402
from desktop_app.core.model import Word  # noqa: E402


def with_words(segments):
    """Even word times inside each segment with text (one per CJK character, else per word)."""
    out = []
    for s in segments:
        if not s.text:
            out.append(s)
            continue
        tokens = [c for c in s.text if c.isalnum()] if s.language == "zh" else s.text.split()
        step = (s.end_ms - s.start_ms) // max(1, len(tokens))
        words = tuple(
            Word(tok, s.start_ms + i * step, s.start_ms + (i + 1) * step - 20) for i, tok in enumerate(tokens)
        )
        out.append(dataclasses.replace(s, words=words))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=60.0)
    parser.add_argument("--edits", type=int, default=20)
    args = parser.parse_args()

    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QTextCursor
    from PySide6.QtWidgets import QApplication

    from desktop_app.core.model import Analysis, AudioTrack, MediaInfo, ModelRef
    from desktop_app.project.schema import Project
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.settings import Settings

    app = QApplication.instance() or QApplication([])
    duration, segments, markers, _cuts, peaks, pps = make_project(args.minutes)
    segments = with_words(segments)
    words = sum(len(s.words) for s in segments)
    media = MediaInfo("/nonexistent/show.mp4", 1, "mov,mp4", duration, (AudioTrack(0, 1, "aac", 2, 48000),))
    analysis = Analysis(media, "b2s1:bench", 0, ModelRef("bench", "cpu"), tuple(segments), tuple(markers))
    project = Project(analysis, {}, peaks, pps)
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        win = MainWindow(
            Settings(QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat)), vad_only=True
        )
        win.resize(1600, 1000)
        win.show()
        app.processEvents()
        t0 = time.perf_counter()
        win.session.document.load(project, Path(tmp) / "show.cutmark.json")
        app.processEvents()
        open_ms = (time.perf_counter() - t0) * 1000
        view = win.document.view
        assert len(view.words) == words, (len(view.words), words)
        cut_ms, undo_ms = [], []
        step = max(1, len(view.words) // (args.edits + 1))
        for n in range(args.edits):
            k = (n + 1) * step
            c = QTextCursor(view.document())
            c.setPosition(view.words[k].char_start)
            c.setPosition(view.words[k].char_end, QTextCursor.MoveMode.KeepAnchor)
            view.setTextCursor(c)
            t0 = time.perf_counter()
            assert view.cut_selection()
            app.processEvents()
            cut_ms.append((time.perf_counter() - t0) * 1000)
            assert view.is_cut(k)
            t0 = time.perf_counter()
            win.edits.undo()
            app.processEvents()
            undo_ms.append((time.perf_counter() - t0) * 1000)
            assert not view.is_cut(k)
        win.doc.mark_clean()
        win.close()

    def stats(xs):
        return {"median_ms": round(statistics.median(xs), 1), "max_ms": round(max(xs), 1), "n": len(xs)}

    result = {
        "benchmark": "document",
        "minutes": args.minutes,
        "segments": len(segments),
        "words": words,
        "open_ms": round(open_ms, 1),
        "open_target_ms": 1000,
        "select_delete": stats(cut_ms),
        "undo": stats(undo_ms),
        "edit_target_ms": 50,
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_1min": os.getloadavg()[0],
        },
    }
    print(json.dumps(result, indent=1))
    out = ROOT / "benchmarks" / "results" / f"document-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1))
    print(f"wrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
