"""Shows the open project in the window's views: the timeline's lanes, the events list,
the laughs-per-minute strip, the cut's preview and the Cuts lane.

An edit of the cut leaves the analysis as it was, so only what changed is pushed again:
rebuilding the events list and the lanes of an hour costs more than the edit itself.
"""

from __future__ import annotations

from desktop_app.session.markers import event_summary

STRIP_KINDS = ("laughter", "applause")


class ProjectView:
    def __init__(self, win) -> None:
        self.win = win
        self._shown: tuple | None = None  # (media, segments, waveform, markers) on screen

    def forget(self) -> None:
        """The lanes were emptied (an analysis starts): the next show pushes everything."""
        self._shown = None

    def show(self, project) -> None:
        win = self.win
        tl = win.timeline
        if project is None:
            for fn in (tl.set_segments, tl.set_markers, win.filters.set_markers):
                fn([])
            tl.set_cut_ranges([])
            win.preview.set_plan(None)
            self._shown = None
            return
        a = project.analysis
        media, segments, waveform, markers = self._shown or (None, None, None, None)
        if a.media is not media or project.waveform is not waveform:
            tl.set_duration(a.media.duration_ms)
            tl.set_waveform(project.waveform, project.peaks_per_second or 50)
        if a.segments is not segments or a.markers is not markers:
            tl.set_segments(a.segments)
            tl.set_markers(a.markers)
            win.filters.set_markers(a.markers)
            tl.set_filter(win.filters.events_shown(), win.filters.emotions_shown())
            # a minute a bar for shows, ten seconds for clips under ten minutes
            bin_ms = 60_000 if a.media.duration_ms > 600_000 else 10_000
            summary = event_summary(project, bin_ms=bin_ms)
            series = {k.label: list(k.per_minute) for k in summary.kinds if k.label in STRIP_KINDS}
            win.activity.gutter = tl.lane_gutter()  # the bars line up with the lanes' times
            win.activity.set_series(series, summary.bin_ms, a.media.duration_ms)
        self._shown = (a.media, a.segments, project.waveform, a.markers)
        win.preview.set_plan(win.edits.preview_plan())
        keeps = [(m["start_ms"], m["end_ms"], True) for m in win.doc.cut_marks() if m["action"] == "keep"]
        tl.set_cut_ranges(keeps + [(s, e, False) for s, e in win.preview.removed()])
