"""``cutmark gui [VIDEO] [--project P] [--screenshot OUT.png] [--quit-after-analysis]``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QApplication

from desktop_app import __version__
from desktop_app.ui import dialogs, i18n, theme
from desktop_app.ui.gui_args import build_parser
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.settings import Settings

# Qt falls back per glyph, but a CJK family early in the list keeps Chinese text from
# mixing fonts (and from tofu where fontconfig's fallback is poor).
CJK_FAMILIES = [
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Microsoft YaHei",
    "PingFang SC",
    "WenQuanYi Micro Hei",
]


def make_app() -> QApplication:
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "cutmark"])
    app.setApplicationName("Cutmark")
    app.setOrganizationName("Cutmark")
    app.setApplicationVersion(__version__)
    font = QFont(app.font())
    font.setFamilies([font.family(), *CJK_FAMILIES])
    app.setFont(font)
    return app


class Screenshot:
    """Waits for the analysis and a decoded video frame, then grabs the screen.

    ``QWidget.grab()`` renders a QVideoWidget blank, so the picture comes from the
    screen itself (Xvfb in tests and docs).
    """

    def __init__(self, win: MainWindow, out: Path, quit_after: bool, show: str | None = None) -> None:
        self.win, self.out, self.quit_after, self.show = win, out, quit_after, show
        self.ok = False
        self._waits = 0
        win.analysis_finished.connect(self._analysis_done)

    def _analysis_done(self, ok: bool) -> None:
        if not ok:
            if self.quit_after:
                QApplication.exit(1)
            return
        self.ok = True
        project = self.win.doc.project
        first = next((m for m in project.analysis.markers if m.kind == "event"), None) if project else None
        self._seek_when_loaded(first.start_ms + 200 if first is not None else None, tries=50)

    def _seek_when_loaded(self, ms: int | None, tries: int) -> None:
        # A cached analysis finishes before the player has loaded the file, and a seek
        # before that is lost: wait for the media (its duration) first.
        if ms is not None and self.win.player.duration() <= 0 and tries > 0:
            QTimer.singleShot(100, lambda: self._seek_when_loaded(ms, tries - 1))
            return
        if ms is not None:
            self.win.player.seek(ms)
        QTimer.singleShot(1500, self._show if self.show else self._grab)

    def _show(self) -> None:
        """Put the requested view on screen; dialogs run modal, so grab from inside their loop."""
        if self.show == "events":
            self.win.filters_dock.raise_()
        elif self.show == "edit":
            self.win.segments_dock.raise_()
            self.win.edits.jump_segment(1)
            QTimer.singleShot(300, self.win.edits.edit_current_text)
        elif self.show == "text":
            self._edit_by_text()
        elif self.show == "review":  # two decisions made, so the list shows them
            self.win.edits.start_review()
            self.win.review.accept()
            QTimer.singleShot(200, self.win.review.reject)
        elif self.show == "batch":
            self._batch_of_the_folder()
            return
        else:
            QTimer.singleShot(1500, self._grab)
            {"export": self.win.export_dialog, "model": self.win.model_manager,
             "shortcuts": lambda: dialogs.show_shortcuts(self.win)}[self.show]()  # fmt: skip
            return
        QTimer.singleShot(1000, self._grab)

    def _batch_of_the_folder(self) -> None:
        """The video's folder queued in File > Analyse many files, run to the end."""
        win = self.win
        win.batch_dialog()
        dialog = self._extra = win._batch
        folder = win.session.media.parent
        dialog.add_paths([folder])
        dialog.out.setText(str(folder / "subtitles"))
        dialog.start()

        def wait() -> None:
            if dialog.is_running():
                QTimer.singleShot(200, wait)
            else:
                QTimer.singleShot(500, self._grab)

        wait()

    def _edit_by_text(self) -> None:
        """Fillers removed, the second sentence's first words cut, a search under way."""
        from PySide6.QtGui import QTextCursor

        win = self.win
        win.transcript_dock.raise_()
        win.edits.remove_fillers()
        view = win.document.view
        firsts = [k for k, w in enumerate(view.words) if k == 0 or view.words[k - 1].segment != w.segment]
        if len(firsts) > 1:
            k = firsts[1]
            c = QTextCursor(view.document())
            c.setPosition(view.words[k].char_start)
            c.setPosition(
                view.words[min(k + 2, len(view.words) - 1)].char_end, QTextCursor.MoveMode.KeepAnchor
            )
            view.setTextCursor(c)
            view.cut_selection()
        win.edits.find()
        query = next((w.text for w in view.words[len(view.words) // 2 :] if len(w.text) > 3), "")
        win.document.find.field.setText(query)

    def _grab(self) -> None:
        dialog = QApplication.activeModalWidget() or getattr(self, "_extra", None)
        job = getattr(dialog, "_dev_job", None)  # the model manager's device detection
        if job is not None and job.is_running() and self._waits < 300:
            self._waits += 1  # its thread must end before the window (its parent) is destroyed
            QTimer.singleShot(100, self._grab)
            return
        (dialog or self.win).raise_()
        QApplication.processEvents()
        screen = self.win.screen() or QGuiApplication.primaryScreen()
        geo = self.win.frameGeometry()
        if dialog is not None:
            geo = geo.united(dialog.frameGeometry())
        picture = screen.grabWindow(0, geo.x(), geo.y(), geo.width(), geo.height())
        if dialog is not None:
            dialog.close()
        self.out.parent.mkdir(parents=True, exist_ok=True)
        saved = picture.save(str(self.out))
        print(f"screenshot {'saved to' if saved else 'FAILED for'} {self.out}", file=sys.stderr)
        if self.quit_after:
            QApplication.exit(0 if saved else 1)


def run_gui(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    app = make_app()
    settings = Settings()
    i18n.install(args.language or settings.language)
    theme.apply(args.theme or settings.theme)
    vad_only = True if args.vad_only else None
    if args.screenshot and not args.model and not args.vad_only:
        from desktop_app.ui.model_manager import model_ready

        vad_only = None if model_ready(settings) else True  # no dialog may block a headless run
    win = MainWindow(settings, model=args.model, device=args.device, vad_only=vad_only)
    if args.screenshot:
        w, h = (int(x) for x in args.size.lower().split("x"))
        win.resize(w, h)
        win.move(0, 0)
        shot = Screenshot(win, Path(args.screenshot), args.quit_after_analysis, args.screenshot_show)
    elif args.quit_after_analysis:
        win.analysis_finished.connect(lambda ok: QApplication.exit(0 if ok else 1))
    if args.quit_after_analysis:  # a failed analysis ends the run (non-zero), no dialog waits
        win.setProperty("quiet_failures", True)
        win.jobs.failed.connect(
            lambda message, hint: print(f"cutmark: error: {message} {hint}".strip(), file=sys.stderr)
        )
    win.show()
    if args.screenshot and not (args.video or args.project):  # the empty state: nothing to wait for
        shot.ok = True
        QTimer.singleShot(1500, shot._show if shot.show else shot._grab)
    if args.video or args.project:
        target = Path(args.video) if args.video else Path(args.project)
        QTimer.singleShot(
            0,
            lambda: win.open_path(
                target, project=Path(args.project) if args.project and args.video else None
            ),
        )
    code = app.exec()
    if args.screenshot and not shot.ok:
        return 1
    return code


if __name__ == "__main__":
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false")
    raise SystemExit(run_gui())
