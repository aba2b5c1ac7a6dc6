"""Many files from the window, without Qt: the session's batch job runs the same batch as
``cutmark batch``, reports per file and for the bar, reuses the window's loaded model and
skips what an earlier run finished."""

from __future__ import annotations

import pytest

from desktop_app.batch.run import BatchSummary, ItemDone
from desktop_app.core.errors import Cancelled
from desktop_app.core.progress import CancelToken, Progress, drive
from desktop_app.project.store import load_project
from desktop_app.session.batch import STAGE, BatchInputError, BatchRequest, batch_work, project_of
from desktop_app.session.engine import EngineHolder
from tests.media import gen
from tests.rig.fixtures import _isolated_dirs, tiny_model  # noqa: F401  (shared fixtures)


@pytest.fixture
def folder(tmp_path):
    src = tmp_path / "shoot"
    (src / "day 2").mkdir(parents=True)
    gen.make_video(src / "intro.mp4", 2.0, audio=gen.tone(300, 0.3))
    gen.make_audio_file(src / "day 2" / "talk.wav", gen.tone(440, 0.3), 16000, duration_s=2.5)
    (src / "notes.mp4").write_bytes(b"not a video at all" * 100)
    return src


def run(request, holder=None, cancel=None):
    items = []
    summary = drive(batch_work(request, holder or EngineHolder())(cancel or CancelToken()), items.append)
    return (
        summary,
        [i for i in items if isinstance(i, ItemDone)],
        [i for i in items if isinstance(i, Progress)],
    )


def test_a_folder_is_analysed_file_by_file_and_a_rerun_skips_it(folder, tmp_path):
    out = tmp_path / "results"
    request = BatchRequest((str(folder),), out, exports=("srt",), vad_only=True)
    summary, done, bar = run(request)
    assert isinstance(summary, BatchSummary) and summary.complete
    by_name = {d.source.rsplit("/", 1)[-1]: d for d in done}
    assert by_name["intro.mp4"].status == by_name["talk.wav"].status == "done"
    assert by_name["notes.mp4"].status == "failed" and by_name["notes.mp4"].reason
    assert (summary.done, summary.failed) == (2, 1)
    for d in (by_name["intro.mp4"], by_name["talk.wav"]):
        project = project_of(d, out)
        assert project.is_file() and load_project(project).analysis.media.duration_ms > 0
    assert project_of(by_name["talk.wav"], out).parent == out / "day 2"  # sub-folders mirrored
    assert project_of(by_name["notes.mp4"], out) is None
    overall = [p.overall for p in bar]
    assert all(p.stage == STAGE for p in bar) and overall == sorted(overall) and overall[-1] == 1.0
    assert any(p.message == "talk.wav" for p in bar)  # the bar names the file at work
    again, done2, _ = run(request)
    assert again.skipped == 2 and again.done == 0
    assert {d.status for d in done2 if d.source.endswith((".mp4", ".wav")) and "notes" not in d.source} == {
        "skipped"
    }
    assert project_of(next(d for d in done2 if d.status == "skipped"), out).is_file()


def test_the_window_s_loaded_model_is_reused(tiny_model, tmp_path, monkeypatch):  # noqa: F811
    import desktop_app.pipeline as pipeline

    loads = []
    real = pipeline.load_engine
    monkeypatch.setattr(pipeline, "load_engine", lambda *a, **k: loads.append(a) or real(*a, **k))
    holder = EngineHolder()
    holder.source(str(tiny_model), "cpu").load()
    assert len(loads) == 1
    (tmp_path / "in").mkdir()
    clip = gen.make_video(tmp_path / "in" / "a.mp4", 2.0, audio=gen.tone(300, 0.3))
    summary, done, _ = run(
        BatchRequest((str(clip),), tmp_path / "out", model=str(tiny_model), device="cpu"), holder
    )
    assert summary.done == 1 and len(loads) == 1  # no second model in memory
    project = load_project(project_of(done[0], tmp_path / "out"))
    assert project.analysis.model.id != "vad-only" and project.analysis.segments


def test_nothing_to_do_says_so(tmp_path):
    with pytest.raises(BatchInputError) as err:
        batch_work(BatchRequest((), tmp_path), EngineHolder())
    assert err.value.hint
    with pytest.raises(BatchInputError, match="No folder for the results"):
        batch_work(BatchRequest((str(tmp_path),), None), EngineHolder())
    (tmp_path / "empty").mkdir()
    with pytest.raises(BatchInputError, match="no video or audio files"):
        run(BatchRequest((str(tmp_path / "empty"),), tmp_path / "out", vad_only=True))


def test_cancel_stops_between_files_and_keeps_what_is_done(folder, tmp_path):
    cancel = CancelToken()
    out = tmp_path / "results"
    seen = []

    def on_item(item):
        if isinstance(item, ItemDone):
            seen.append(item)
            cancel.cancel()  # the user clicks Cancel once the first file is done

    request = BatchRequest((str(folder),), out, vad_only=True)
    with pytest.raises(Cancelled):
        drive(batch_work(request, EngineHolder())(cancel), on_item)
    assert len(seen) == 1
    finished = project_of(seen[0], out)
    assert finished is None or finished.is_file()  # the first file is kept whole (or it failed)
