"""What the Edit and Playback menus do: jump between events and segments, edit the
segment under the playhead (or selected), undo. The edits themselves are session
commands; this only finds which segment they apply to."""

from __future__ import annotations

from desktop_app.core.errors import CutmarkError
from desktop_app.core.timebase import format_clock
from desktop_app.edit.transcript_edits import segment_at
from desktop_app.session import commands as cmd
from desktop_app.ui import navigation
from desktop_app.ui.filters_panel import marker_name
from desktop_app.ui.i18n import t

PAUSE_MS = 300  # "Shorten pauses": what every pause between kept words becomes at most


class EditActions:
    def __init__(self, win) -> None:
        self.win = win
        self.doc, self.player = win.doc, win.player

    def _segments(self):
        return self.doc.project.analysis.segments if self.doc.project is not None else None

    def jump_event(self, direction: int) -> None:
        if self.doc.project is None:
            return
        find = navigation.next_marker if direction > 0 else navigation.previous_marker
        m = find(self.doc.project.analysis.markers, self.player.position(), self.win.filters.is_visible)
        if m is not None:
            self.player.seek(m.start_ms)
            self.win.timeline.set_playhead(m.start_ms)
            self.win.jobs.say(f"{format_clock(m.start_ms)[:-4]}  {marker_name(m)}")

    def jump_segment(self, direction: int) -> None:
        segs = self._segments()
        if segs is None:
            return
        find = navigation.next_segment if direction > 0 else navigation.previous_segment
        s = find(segs, self.player.position(), lambda s: bool(s.text) or s.kind == "speech")
        if s is not None:
            self.player.seek(s.start_ms)

    def play_forward(self) -> None:
        if self.player.is_playing():
            self.win.transport.speed_step(1)
        else:
            self.player.play()

    def current_index(self) -> int | None:
        segs = self._segments()
        if segs is None:
            return None
        selected = self.win.transcript.current_segment()
        return selected if selected is not None else segment_at(segs, self.player.position())

    def _guarded(self, fn) -> None:
        try:
            fn()
        except CutmarkError as exc:  # e.g. a split too close to an edge: said, nothing changes
            self.win.jobs.say(exc.message)

    def undo(self) -> None:
        self.doc.undo()

    def redo(self) -> None:
        self.doc.redo()

    def edit_current_text(self) -> None:
        i = self.current_index()
        model = self.win.transcript.model_
        row = model.row_of_segment(i) if i is not None else None
        if row is not None:
            self.win.transcript.edit(model.index(row, 1))

    def split_at_playhead(self) -> None:
        segs, pos = self._segments(), self.player.position()
        i = segment_at(segs, pos) if segs is not None else None
        if i is not None:
            self._guarded(lambda: self.doc.split(i, pos))

    def merge_with_next(self) -> None:
        i = self.current_index()
        if i is not None:
            self._guarded(lambda: self.doc.merge_with_next(i))

    def mark_current(self, action: str | None) -> None:
        i = self.current_index()
        if i is not None:
            self.doc.set_mark(i, action)

    # --- editing by text ---------------------------------------------------------------------
    def _run(self, command) -> bool:
        try:
            done = self.doc.run(command)
        except CutmarkError as exc:
            self.win.jobs.say(exc.message)
            return False
        if not done:
            self.win.jobs.say(t("Nothing to change."))
        return done

    def find(self) -> None:
        self.win.transcript_dock.raise_()
        self.win.document.find.open_bar()

    def cut_selection(self) -> None:
        self.win.document.view.cut_selection()

    def restore_selection(self) -> None:
        self.win.document.view.restore_selection()

    def cut_matches(self, query: str) -> None:
        if query.strip():
            self._run(cmd.CutMatches(query))

    def remove_fillers(self) -> None:
        if self.doc.project is None:
            return
        from desktop_app.edit.fillers import default_user_fillers_path, load_filler_lists

        try:
            lists = load_filler_lists(default_user_fillers_path())  # the user's own lists win
        except CutmarkError as exc:  # a damaged user file: said, and nothing changes
            self.win.jobs.say(exc.message)
            return
        self._run(cmd.RemoveFillers(lists=lists))

    def remove_repeats(self) -> None:
        """Cut the first of each repeated word ("I I think", "the the"), nothing else."""
        if self.doc.project is not None:
            from desktop_app.edit.fillers import FillerLists

            self._run(cmd.RemoveFillers(lists=FillerLists(()), repeats=True))

    def shorten_pauses(self) -> None:
        if self.doc.project is not None:
            self._run(cmd.ShortenPauses(PAUSE_MS))

    def start_review(self) -> None:
        self.win.review_dock.raise_()
        self.win.review.start()
        self.win.review.setFocus()

    def set_sensitivity(self, preset: str) -> None:
        """Markers again from the stored distributions (no model run): 'model' or 'find-more'."""
        if self.doc.project is None:
            return
        from desktop_app.events.sensitivity import PRESETS
        from desktop_app.session.review import SetSensitivity

        self._run(SetSensitivity(PRESETS[preset]))

    def toggle_preview(self, on: bool) -> None:
        self.win.preview.set_enabled(bool(on))

    def preview_plan(self):
        """What the user's cut keeps (word cuts in their pauses, marks), as the exports and
        playback's preview have it; None when nothing is cut."""
        project = self.doc.project
        if project is None or not (project.edits or {}).get("cuts"):
            return None
        from desktop_app.edit import build_plan

        try:
            return build_plan(
                project.analysis, "marks", edits=project.edits,
                waveform=project.waveform, peaks_per_second=project.peaks_per_second or 0,
            )  # fmt: skip
        except CutmarkError as exc:
            self.win.jobs.say(exc.message)
            return None
