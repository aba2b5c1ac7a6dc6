"""The application without Qt: open a video or reuse its project, analyse it (with the
cache and the engine), save where it can be found again, autosave, and edit with undo.

The window observes :attr:`Session.document` and calls these methods; the CLI and tests
drive the same object headless.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from pathlib import Path

from desktop_app.core.errors import CutmarkError, MediaNotFoundError, OutputError, ProjectNotFoundError
from desktop_app.core.model import Segment
from desktop_app.core.progress import CancelToken
from desktop_app.pipeline import AnalysisOptions, analyze_cached
from desktop_app.project.cache import AnalysisCache, default_cache_dir
from desktop_app.project.schema import Project
from desktop_app.session import locations
from desktop_app.session.commands import ANALYSE_AGAIN, ReplaceProject
from desktop_app.session.document import Document
from desktop_app.session.engine import EngineHolder


@dataclass(frozen=True)
class AnalysisRequest:
    media: Path
    audio_track: int = 0
    vad_only: bool = False
    model: str | None = None  # a folder or id; None: the default model
    device: str = "auto"


@dataclass(frozen=True)
class Opened:
    """What :meth:`Session.open` found."""

    media: Path | None  # the video to play (None: the project's video is gone)
    project_path: Path | None  # the project shown (None: the video needs an analysis first)
    media_missing: bool = False  # a project whose video is not there any more
    autosave: Path | None = None  # unsaved edits a crash left, newer than the project
    fallback: bool = False  # the project is the one in the cache folder (as Saved.fallback says)

    @property
    def needs_analysis(self) -> bool:
        return self.project_path is None


@dataclass(frozen=True)
class Summary:
    """The figures the window shows after an analysis; they match the transcript's rows."""

    rows: int  # segments the transcript lists
    events: int  # sound-event markers
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Saved:
    path: Path | None  # None: it could not be saved anywhere (closing will ask)
    fallback: bool = False  # the video's folder could not be written; saved in the cache folder
    error: str | None = None


def shown_in_transcript(seg: Segment) -> bool:
    """Speech, text, or a sound event worth a row; quiet gaps stay on the timeline only."""
    return seg.has_speech or seg.event not in (None, "Speech", "Event_UNK")


def summarize(project: Project) -> Summary:
    a = project.analysis
    warnings = tuple(str(w) for w in (a.options or {}).get("warnings") or [])
    return Summary(
        rows=sum(1 for s in a.segments if shown_in_transcript(s)),
        events=sum(1 for m in a.markers if m.kind == "event"),
        warnings=warnings,
    )


def _same_video(open_project: Project | None, analysed: Project) -> bool:
    """Whether ``analysed`` is a new analysis of the video of the project that is open."""
    if open_project is None:
        return False

    def key(p: Project) -> str:
        return os.path.normcase(os.path.abspath(p.analysis.media.path))

    return key(open_project) == key(analysed)


@dataclass
class Session:
    cache_root: Path = field(default_factory=default_cache_dir)
    engines: EngineHolder = field(default_factory=EngineHolder)
    use_cache: bool = True

    def __post_init__(self) -> None:
        self.cache_root = Path(self.cache_root)
        self.document = Document()
        self.media: Path | None = None
        self._pending_path: Path | None = None  # where the analysis in flight will be saved

    # --- opening ---------------------------------------------------------------------
    def open(self, path: str | os.PathLike[str], *, project: Path | None = None) -> Opened:
        """Open a video (its project is reused when one is found) or a project file.

        A typed error (missing file, damaged project) leaves the open project as it was."""
        path = Path(path)
        if not path.exists():
            missing = ProjectNotFoundError if locations.is_project_file(path) else MediaNotFoundError
            raise missing(f"{path} does not exist.", path=str(path))
        if locations.is_project_file(path):
            return self._open_project(path, None)
        existing = Path(project) if project else locations.find_project(path, self.cache_root)
        if existing is not None and existing.exists():
            return self._open_project(existing, path)
        self.document.load(None, None)  # the old project goes; the new one comes with the analysis
        self.media = path
        self._pending_path = Path(project) if project else locations.beside_path(path)
        return Opened(media=path, project_path=None)

    def _open_project(self, project_path: Path, media: Path | None) -> Opened:
        self.document.open(project_path)
        media = media or Path(self.document.project.analysis.media.path)
        self.media = media
        return Opened(
            media=media if media.exists() else None,
            project_path=project_path,
            media_missing=not media.exists(),
            autosave=self.document.newer_autosave(),
            fallback=self.in_cache_folder,
        )

    @property
    def in_cache_folder(self) -> bool:
        """Whether the open project's file is the open video's place in the cache folder (its
        own folder could not be written when it was saved)."""
        path, media = self.document.path, self.media
        return path is not None and media is not None and locations.is_fallback(path, media, self.cache_root)

    def close(self) -> None:
        self.document.load(None, None)
        self.media = None
        self._pending_path = None

    # --- analysis ----------------------------------------------------------------------
    def prepare_reanalysis(self) -> Path | None:
        """Analyse the open video again; the result replaces the project at the same file, as
        one undo step (see :meth:`adopt_analysis`)."""
        if self.media is None:
            return None
        self._pending_path = self.document.path or locations.beside_path(self.media)
        return self.media

    def analysis_work(
        self, request: AnalysisRequest
    ) -> Callable[[CancelToken], Generator[object, None, Project]]:
        """A job for a worker thread: ``work(cancel)`` yields progress and returns the project.

        The media is probed first, so a file that cannot be analysed fails at once; the model is
        loaded (once per choice, then reused) only on a cache miss of media that can be analysed."""
        options = AnalysisOptions(vad_only=request.vad_only, audio_track=request.audio_track)
        cache = AnalysisCache(self.cache_root) if self.use_cache else None
        engines = self.engines

        def work(cancel: CancelToken):
            source = None if request.vad_only else engines.source(request.model, request.device)
            return (yield from analyze_cached(request.media, options, source, cancel, cache))

        return work

    def adopt_analysis(self, project: Project) -> Saved:
        """Show a finished analysis and keep it: beside the video, or in the cache folder
        (keyed by the video's full path) when that folder cannot be written.

        The first analysis of a video is a plain load (an empty undo history). Analysing the
        open video again is one undo step, "Analyse again", on top of the edits before it: the
        new analysis is saved over the project file all the same (so it is not lost), and undo
        brings the previous project back (transcript, markers, edits) as unsaved changes, which
        the usual save, autosave and "save changes first?" then look after.

        A project that went to the cache folder goes back beside the video as soon as that
        folder can be written again (the cache copy is left as it is, and is the older one)."""
        media = self.media or Path(project.analysis.media.path)
        target = self._pending_path or locations.beside_path(media)
        if locations.is_fallback(target, media, self.cache_root):
            target = locations.beside_path(media)
        if _same_video(self.document.project, project):
            if project != self.document.project:  # an identical result (no edits since) is no step
                self.document.run(ReplaceProject(project, label=ANALYSE_AGAIN))
        else:
            self.document.load(project, target)
        try:
            path, in_cache = self._save_beside_or_in_cache(target, media)
            return Saved(path, fallback=in_cache)
        except (CutmarkError, OSError) as exc:
            self.document.mark_unsaved()
            text = exc.message if isinstance(exc, CutmarkError) else str(exc)
            return Saved(None, error=text)

    def _save_beside_or_in_cache(self, beside: Path, media: Path) -> tuple[Path, bool]:
        """Save the video's project at ``beside``, or in the video's place in the cache folder
        when that cannot be written: (where, whether in the cache folder). Raises the cache
        save's error, or the OSError of making its folder with the beside error as its cause."""
        try:
            return self.document.save(beside), False
        except CutmarkError as beside_error:
            fallback = locations.fallback_path(media, self.cache_root)
            try:
                fallback.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise exc from beside_error
            return self.document.save(fallback), True

    # --- saving ----------------------------------------------------------------------------
    def save(self, path: Path | None = None) -> Path:
        """Save the open project (to ``path``, or its own file); a typed error says why not.

        The open video's project (no ``path``) is kept as :meth:`adopt_analysis` keeps it:
        beside the video when its folder can be written (again), else in the cache folder,
        where reopening the video finds it as long as it is the newer of the two;
        :attr:`in_cache_folder` then says so. The copy beside the video is never removed."""
        if path is not None:
            return self.document.save(path)
        own, media = self.document.path, self.media
        if own is None:
            raise OutputError("The project has no file yet.", hint="Choose where to save it.")
        if media is None or not (
            locations.is_beside(own, media) or locations.is_fallback(own, media, self.cache_root)
        ):
            return self.document.save(own)  # a project file of the user's choosing
        try:
            return self._save_beside_or_in_cache(locations.beside_path(media), media)[0]
        except OSError as exc:
            if isinstance(exc.__cause__, CutmarkError):  # no place in the cache folder either:
                raise exc.__cause__ from None  # say why beside the video failed
            raise
