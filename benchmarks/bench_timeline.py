"""Time the timeline widget on a generated 1-hour project (offscreen Qt).

    python benchmarks/bench_timeline.py                 # 60 min, >= 5,000 markers, ~1,500 segments
    python benchmarks/bench_timeline.py --minutes 180   # a longer one

Measures the setters (what opening a project costs), then ``repaint()`` at several zoom
levels: "cold" repaints (the view moved, so the cached layer is rebuilt, which is what
every frame costs while following the playhead scrolls) and "playhead" repaints (the
playhead moved inside a still view: ``set_playhead`` marks two thin strips dirty and the
paint only blits them). Prints the JSON and writes ``benchmarks/results/timeline-<timestamp>.json``.

``make_project`` is also used by ``benchmarks/timeline_screenshot.py``.
"""

from __future__ import annotations

import argparse
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

import numpy as np  # noqa: E402

from desktop_app.core.model import GAP, SPEECH, Marker, Segment  # noqa: E402

ZH = [
    "大家好，欢迎来到今天的节目",
    "我们先聊一聊最近发生的事情",
    "这个问题其实没有那么简单",
    "哈哈，你说得太对了",
    "下面请我们的嘉宾上台",
    "谢谢大家的掌声",
    "我觉得这个想法非常有意思",
    "接下来我们看一段视频",
]
EN = [
    "Welcome back to the show, everyone",
    "So what happened next was really surprising",
    "I don't think that's how it works, honestly",
    "Let's give a big hand to our guest tonight",
    "That was the funniest thing I've heard all week",
    "Okay, let's move on to the next question",
    "We recorded this in one take, believe it or not",
    "Thanks so much for having me here",
]
EVENTS = ["Laughter", "Applause", "BGM", "Cry", "Cough", "Sneeze", "Breath", "Sing"]
EVENT_LABELS = ["laughter", "applause", "bgm", "cry", "cough", "sneeze", "breath", "sing"]
EMOTIONS = ["HAPPY", "SAD", "ANGRY", "FEARFUL", "DISGUSTED", "SURPRISED"]


def make_project(minutes: float = 60.0, *, seed: int = 7, markers_per_hour: int = 5200, pps: int = 50):
    """``(duration_ms, segments, markers, cut_ranges, peaks, pps)``: a realistic, seeded show.

    Speech windows of 2–18 s alternate with gaps (some with an event); markers are denser
    than the segments (short events and emotion spans), so a 1-hour project has more than
    5,000 of them and about 1,500 segments.
    """
    rng = np.random.default_rng(seed)
    duration = int(minutes * 60_000)
    segments: list[Segment] = []
    t = 0
    while t < duration:
        if rng.random() < 0.62:
            length = int(rng.uniform(1_500, 3_000) if rng.random() < 0.5 else rng.uniform(2_000, 5_500))
            zh = rng.random() < 0.5
            text = str(rng.choice(ZH if zh else EN))
            emotion = str(rng.choice(EMOTIONS)) if rng.random() < 0.3 else "NEUTRAL"
            event = "Laughter" if rng.random() < 0.05 else "Speech"
            seg = Segment(
                t,
                min(duration, t + length),
                SPEECH,
                text=text,
                language="zh" if zh else "en",
                emotion=emotion,
                event=event,
                language_confidence=float(rng.uniform(0.8, 1.0)),
                emotion_confidence=float(rng.uniform(0.4, 0.95)),
                event_confidence=float(rng.uniform(0.5, 0.99)),
            )
        else:
            length = int(rng.uniform(400, 2_500))
            event = str(rng.choice(EVENTS)) if rng.random() < 0.5 else None
            seg = Segment(
                t,
                min(duration, t + length),
                GAP,
                language="nospeech" if event else None,
                event=event,
                event_confidence=float(rng.uniform(0.3, 0.95)) if event else None,
            )
        segments.append(seg)
        t = seg.end_ms
    markers = _marker_run(
        rng, duration, "event", EVENT_LABELS, int(markers_per_hour * 0.62 * minutes / 60), (200, 1_200)
    )
    emotions = [e.lower() for e in EMOTIONS]
    markers += _marker_run(
        rng, duration, "emotion", emotions, int(markers_per_hour * 0.36 * minutes / 60), (800, 2_600)
    )
    quiet = [seg for seg in segments if seg.kind == GAP and seg.event is None and seg.duration_ms >= 1_000]
    markers += [Marker("silence", "silence", seg.start_ms, seg.end_ms) for seg in quiet]
    markers.sort(key=lambda m: (m.start_ms, m.kind, m.label))
    cuts = [(seg.start_ms, seg.end_ms, not (seg.kind == GAP and seg.event is None)) for seg in segments]
    peaks = make_peaks(duration, segments, pps, rng)
    return duration, segments, markers, cuts, peaks, pps


def _marker_run(
    rng, duration: int, kind: str, labels: list[str], n: int, length: tuple[int, int]
) -> list[Marker]:
    """``n`` markers one after another across the media; about 5% overlap the one before."""
    if n <= 0:
        return []
    lengths = rng.uniform(*length, n)
    gaps = rng.exponential(1.0, n)
    gaps *= max(0.0, duration - lengths.sum()) / gaps.sum()
    starts = np.cumsum(gaps) + np.concatenate(([0.0], np.cumsum(lengths)[:-1]))
    overlap = rng.random(n) < 0.05
    overlap[0] = False
    starts[overlap] -= lengths[np.flatnonzero(overlap) - 1] * rng.uniform(0.3, 0.8, overlap.sum())
    weights = np.linspace(2.0, 1.0, len(labels))
    picks = rng.choice(len(labels), n, p=weights / weights.sum())
    out = []
    for s, ln, k in zip(starts.tolist(), lengths.tolist(), picks.tolist(), strict=True):
        a = int(max(0, s))
        out.append(
            Marker(kind, labels[k], a, int(min(duration, a + ln)), round(float(rng.uniform(0.35, 0.99)), 3))
        )
    return out


def make_peaks(duration: int, segments, pps: int, rng) -> np.ndarray:
    """Min/max peaks: syllable-like bursts in speech, events louder or softer in the gaps."""
    n = duration * pps // 1000
    t = np.arange(n) / pps
    level = np.full(n, 0.015, dtype=np.float32)
    for seg in segments:
        a, b = seg.start_ms * pps // 1000, seg.end_ms * pps // 1000
        if seg.kind == SPEECH:
            loud, rate, phase = rng.uniform(0.35, 0.8), rng.uniform(3.0, 5.0), rng.uniform(0, 6.3)
            level[a:b] = loud * (0.25 + 0.75 * np.abs(np.sin(t[a:b] * np.pi * rate + phase)) ** 1.5)
        elif seg.event in ("Applause", "Laughter", "BGM", "Sing"):
            level[a:b] = rng.uniform(0.3, 0.6)
        elif seg.event:
            level[a:b] = rng.uniform(0.08, 0.25)
    level *= rng.uniform(0.55, 1.0, n).astype(np.float32)
    hi = level * rng.uniform(0.75, 1.0, n).astype(np.float32)
    lo = -level * rng.uniform(0.75, 1.0, n).astype(np.float32)
    return np.stack([lo, hi], axis=1).astype(np.float32)


def _time(fn, repeat: int = 1) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        fn()
    return (time.perf_counter() - start) * 1000 / repeat


def _stats(samples: list[float]) -> dict:
    samples = sorted(samples)
    return {
        "mean_ms": round(statistics.fmean(samples), 3),
        "median_ms": round(statistics.median(samples), 3),
        "p95_ms": round(samples[int(0.95 * (len(samples) - 1))], 3),
        "max_ms": round(samples[-1], 3),
        "n": len(samples),
    }


def run(minutes: float, frames: int) -> dict:
    from PySide6.QtWidgets import QApplication

    from desktop_app.ui.timeline import TimelineWidget

    app = QApplication.instance() or QApplication([])
    duration, segments, markers, cuts, peaks, pps = make_project(minutes)
    w = TimelineWidget()
    w.resize(1600, 300)
    w.show()
    app.processEvents()

    setters = {
        "set_duration": _time(lambda: w.set_duration(duration)),
        "set_waveform": _time(lambda: w.set_waveform(peaks, pps)),
        "set_segments": _time(lambda: w.set_segments(segments)),
        "set_markers": _time(lambda: w.set_markers(markers)),
        "set_cut_ranges": _time(lambda: w.set_cut_ranges(cuts)),
        "set_filter": _time(lambda: w.set_filter(None, None)),
    }
    setters["total"] = sum(setters.values())
    first_paint = _time(w.repaint)

    live = [Segment(s.start_ms + 1, s.end_ms, s.kind, text=s.text) for s in segments[::50]]
    update_segments_ms = _time(lambda: w.update_segments(live[:1]))
    w.set_segments(segments)

    zooms = {"fit_all": None, "10min": 600_000, "30s": 30_000, "2s": 2_000}
    repaint: dict[str, dict] = {}
    for name, span in zooms.items():
        if span is None:
            w.fit_all()
        else:
            mid = duration // 2
            w.set_visible_range(mid, mid + span)
        start, end = w.visible_range()
        step = max(1, (end - start) // 400)
        cold, warm, playhead = [], [], []
        w.set_follow_playhead(False)
        for i in range(frames):
            # cold: the view moved (as when following scrolls), so the cached layer is rebuilt
            if span is None:
                w._invalidate()  # fit-all cannot scroll: force the rebuild
            else:
                w.set_visible_range(start + (i % 2) * step, end + (i % 2) * step)
            cold.append(_time(w.repaint))
            warm.append(_time(w.repaint))
        ms = start + (end - start) // 4
        for i in range(frames):
            w.set_playhead(ms + i * max(1, (end - start) // 2000))
            t0 = time.perf_counter()
            app.processEvents()  # paints only the dirty strips
            playhead.append((time.perf_counter() - t0) * 1000)
        rects = list(w.last_paint_region)
        repaint[name] = {
            "visible_ms": end - start,
            "cold_repaint": _stats(cold),
            "cached_repaint": _stats(warm),
            "playhead_move": _stats(playhead),
            # what the last set_playhead repainted: a few thin strips, not the widget
            "playhead_paint_rects": [[r.x(), r.y(), r.width(), r.height()] for r in rects],
            "playhead_paint_area_pct": round(
                100 * sum(r.width() * r.height() for r in rects) / (w.width() * w.height()), 2
            ),
            "visible_markers": len(w.visible_markers()),
        }

    # following: the playhead runs across a 30 s view and turns the page when it leaves
    w.set_visible_range(0, 30_000)
    w.set_follow_playhead(True)
    follow = []
    for i in range(frames * 4):
        w.set_playhead(i * 33 * 8)  # 8x speed so pages turn often
        t0 = time.perf_counter()
        app.processEvents()
        follow.append((time.perf_counter() - t0) * 1000)
    w.close()
    return {
        "benchmark": "timeline",
        "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "qpa": os.environ.get("QT_QPA_PLATFORM"),
        "widget": [1600, 300],
        "minutes": minutes,
        "segments": len(segments),
        "markers": len(markers),
        "cut_ranges": len(cuts),
        "waveform_peaks": int(peaks.shape[0]),
        "setters_ms": {k: round(v, 3) for k, v in setters.items()},
        "first_paint_ms": round(first_paint, 3),
        "update_segments_one_ms": round(update_segments_ms, 3),
        "repaint": repaint,
        "follow_playback_30s_view": _stats(follow),
    }


def open_project(minutes: float) -> dict:
    """Opening a saved project in the real window: parse the JSON (waveform included),
    then fill the timeline, transcript table and event list (no video: that is the player's)."""
    import tempfile

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from desktop_app.core.model import Analysis, AudioTrack, MediaInfo, ModelRef
    from desktop_app.project.schema import Project
    from desktop_app.project.store import load_project, save_project
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.settings import Settings

    duration, segments, markers, _cuts, peaks, pps = make_project(minutes)
    media = MediaInfo("/nonexistent/show.mp4", 1, "mov,mp4", duration, (AudioTrack(0, 1, "aac", 2, 48000),))
    analysis = Analysis(media, "b2s1:bench", 0, ModelRef("bench", "cpu"), tuple(segments), tuple(markers))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "show.cutmark.json"
        save_project(Project(analysis, {}, peaks, pps), path)
        size_mb = path.stat().st_size / 1e6
        win = MainWindow(
            Settings(QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat)), vad_only=True
        )
        win.resize(1600, 1000)
        win.show()
        QApplication.processEvents()
        t0 = time.perf_counter()
        project = load_project(path)
        t1 = time.perf_counter()
        win.session.document.load(project, path)
        QApplication.processEvents()  # the first paint of everything
        t2 = time.perf_counter()
        win.doc.mark_clean()
        win.close()
    return {
        "file_mb": round(size_mb, 2),
        "segments": len(segments),
        "markers": len(markers),
        "load_json_ms": round((t1 - t0) * 1000, 1),
        "fill_window_ms": round((t2 - t1) * 1000, 1),
        "total_ms": round((t2 - t0) * 1000, 1),
        "target_ms": 1000,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, default=60.0)
    ap.add_argument("--frames", type=int, default=60, help="repaints per zoom level")
    args = ap.parse_args(argv)
    result = run(args.minutes, args.frames)
    result["open_project"] = open_project(args.minutes)
    text = json.dumps(result, indent=1)
    print(text)
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"timeline-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
