"""Render the timeline with a generated project to PNG files, to look at it.

    python benchmarks/timeline_screenshot.py                  # /tmp/timeline.png (+ -fit, -dark)
    xvfb-run -a python benchmarks/timeline_screenshot.py --platform xcb

Shows a 20-minute show (Chinese and English speech, every event kind, emotions, cut
ranges, waveform) at 1400x320: a 60 s window with the playhead and a selected segment,
the whole show fitted, and the 60 s window on a dark palette.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="/tmp/timeline.png")
    ap.add_argument("--platform", default="offscreen")
    ap.add_argument("--minutes", type=float, default=20.0)
    args = ap.parse_args(argv)
    os.environ["QT_QPA_PLATFORM"] = args.platform

    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QApplication

    from benchmarks.bench_timeline import make_project
    from desktop_app.ui.timeline import TimelineWidget

    app = QApplication.instance() or QApplication([])
    app.setStyle("Fusion")
    duration, segments, markers, cuts, peaks, pps = make_project(args.minutes, seed=3, markers_per_hour=1500)
    w = TimelineWidget()
    w.resize(1400, 320)
    w.set_duration(duration)
    w.set_waveform(peaks, pps)
    w.set_segments(segments)
    w.set_markers(markers)
    w.set_cut_ranges(cuts)
    w.set_follow_playhead(False)
    w.show()
    start = 125_000
    w.set_visible_range(start, start + 60_000)
    w.set_playhead(start + 21_500)
    speech = [
        i
        for i, s in enumerate(segments)
        if s.kind == "speech" and start + 30_000 < s.start_ms < start + 50_000
    ]
    if speech:
        w.set_selected_segment(speech[0])
    app.processEvents()
    out = Path(args.out)
    w.grab().save(str(out))
    w.fit_all()
    app.processEvents()
    w.grab().save(str(out.with_name(out.stem + "-fit.png")))
    w.set_visible_range(start, start + 60_000)
    dark = QPalette()
    for role, color in (
        (QPalette.ColorRole.Window, "#2b2b2b"),
        (QPalette.ColorRole.Base, "#1e1e1e"),
        (QPalette.ColorRole.AlternateBase, "#262626"),
        (QPalette.ColorRole.Text, "#e6e6e6"),
        (QPalette.ColorRole.WindowText, "#e6e6e6"),
        (QPalette.ColorRole.Button, "#353535"),
        (QPalette.ColorRole.ButtonText, "#e6e6e6"),
        (QPalette.ColorRole.Highlight, "#3d8ee6"),
    ):
        dark.setColor(role, QColor(color))
    w.setPalette(dark)
    app.processEvents()
    w.grab().save(str(out.with_name(out.stem + "-dark.png")))
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
