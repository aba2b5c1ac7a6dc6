"""A long file starts at once: the first segments reach the caller while the file is still
being decoded, and the finished project is the one the whole-file plan gives."""

import pytest

from desktop_app import pipeline
from desktop_app.core.progress import Progress, SegmentsReady, drive
from desktop_app.pipeline import AnalysisOptions, analyze, load_engine, prepare_audio
from desktop_app.transcribe.engine import TranscribeOptions
from tests.media.gen import make_audio_file
from tests.rig.long_show import SR, make_show

OPTIONS = AnalysisOptions(transcribe=TranscribeOptions(use_itn=False))


@pytest.fixture(scope="module")
def long_file(tmp_path_factory):
    samples, _parts = make_show(4.5, seed=21)  # five VAD lanes
    return make_audio_file(tmp_path_factory.mktemp("long") / "show 4.5 min.m4a", samples, SR)


@pytest.fixture(scope="module")
def engine(tiny_model):
    return load_engine(tiny_model, "cpu")


def _run(path, engine):
    items = []
    project = drive(analyze(path, OPTIONS, engine), items.append)
    return items, project


def _key(segments):
    return [(s.start_ms, s.end_ms, s.kind, s.text, s.language, s.emotion, s.event) for s in segments]


def test_first_segments_arrive_while_the_file_still_decodes(long_file, engine):
    items, project = _run(long_file, engine)
    first = next(i for i, x in enumerate(items) if isinstance(x, SegmentsReady))
    decode = [x for x in items[first:] if isinstance(x, Progress) and x.stage == "decode"]
    assert decode and decode[-1].done > max(p.done for p in items[:first] if isinstance(p, Progress))
    resumed = next(i for i, x in enumerate(items) if i > first and isinstance(x, Progress))
    early = [s for x in items[first:resumed] if isinstance(x, SegmentsReady) for s in x.segments]
    assert 1 <= len(early) <= pipeline.EARLY_WINDOWS and all(s.end_ms <= 60_000 for s in early)
    longest = max(s.end_ms - s.start_ms for s in early)  # one small batch: its padded audio is bounded
    assert len(early) * longest <= pipeline.EARLY_SECONDS * 1000
    assert items[resumed].stage == "decode"  # then the decoding goes on
    # progress stays truthful: the overall share never goes back, the transcription ends at its total
    overall = [x.overall for x in items if isinstance(x, Progress) and x.overall is not None]
    assert overall == sorted(overall)
    last = [x for x in items if isinstance(x, Progress) and x.stage == "transcribe"][-1]
    assert last.done == last.total > 0
    # every window's segment was yielded once (the early ones are not run again)
    yielded = [s for x in items if isinstance(x, SegmentsReady) for s in x.segments]
    spans = [(s.start_ms, s.end_ms) for s in yielded]
    assert len(set(spans)) == len(spans)
    assert set(_key(yielded)) <= set(_key(project.analysis.segments))


def test_streamed_project_is_the_whole_file_plans(long_file, engine, monkeypatch):
    _items, streamed = _run(long_file, engine)
    whole = drive(prepare_audio(long_file, OPTIONS))  # the plan without an early start
    assert [(s.start_ms, s.end_ms, s.kind) for s in streamed.analysis.segments] == [
        (w.start_ms, w.end_ms, w.kind) for w in whole.windows
    ]
    monkeypatch.setattr(pipeline, "EARLY_WINDOWS", 0)  # no early windows: one run over the plan
    items, plain = _run(long_file, engine)
    first = next(i for i, x in enumerate(items) if isinstance(x, SegmentsReady))
    assert not any(isinstance(x, Progress) and x.stage == "decode" for x in items[first:])
    assert _key(streamed.analysis.segments) == _key(plain.analysis.segments)
    assert streamed.analysis.markers == plain.analysis.markers
