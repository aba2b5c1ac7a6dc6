"""Edit by text, end to end over generated media: three words deleted through the session
API, exported (FCP7 XML, EDL: read back with OTIO), rendered with ``cutmark render``.

Each word of the talk is a tone of its own pitch (tests/edit/wordy.py), so a render is
searched for each word's audio by normalised cross-correlation against the source."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import opentimelineio as otio
import pytest

from desktop_app.cli.main import main
from desktop_app.edit import WordCutOptions, build_plan
from desktop_app.export import ExportOptions, SubtitleOptions, TimelineOptions, build_cues, registry
from desktop_app.export.timeline import build_timeline
from desktop_app.media import probe
from desktop_app.project.store import load_project, save_project
from desktop_app.session import CutWords, Document
from tests.edit.wordy import layout, make_talk, talk_project, word_audio
from tests.render.numbered import decode_audio

RATE = 16_000
DELETED = {"banana", "crocodile", "uh"}  # inside a sentence, after a repeat, near the end


def best_match(haystack: np.ndarray, needle: np.ndarray) -> float:
    """The highest normalised cross-correlation of ``needle`` anywhere in ``haystack``."""
    m = len(needle)
    if len(haystack) < m:
        return 0.0
    size = 1 << int(np.ceil(np.log2(len(haystack) + m)))
    corr = np.fft.irfft(np.fft.rfft(haystack, size) * np.conj(np.fft.rfft(needle, size)), size)[
        : len(haystack) - m + 1
    ]
    energy = np.concatenate([[0.0], np.cumsum(haystack.astype(np.float64) ** 2)])
    local = np.sqrt(np.maximum(energy[m:] - energy[:-m], 1e-12))
    return float(np.max(np.abs(corr) / (local * np.linalg.norm(needle))))


@pytest.fixture(scope="module")
def edited(tmp_path_factory):
    folder = tmp_path_factory.mktemp("edit-by-text")
    media = make_talk(folder / "talk.mp4")
    path = save_project(talk_project(media), folder / "talk.cutmark.json")
    doc = Document()
    doc.open(path)
    words = [w for s in layout() for w in s]
    for w in words:
        if w.text in DELETED:  # three separate deletions, as a user would make them
            assert doc.run(CutWords(((w.start_ms, w.end_ms),)))
    assert len(doc.history._steps) == 3
    doc.save()
    return folder, media, load_project(path), words


def test_the_render_exports_and_subtitles_follow_the_word_cuts(edited, tmp_path):
    folder, media, project, words = edited
    a = project.analysis
    plan = build_plan(
        a, "marks", edits=project.edits, waveform=project.waveform, peaks_per_second=project.peaks_per_second
    )
    kept = [w for w in words if w.text not in DELETED]
    gone = [w for w in words if w.text in DELETED]

    # no kept word is clipped, no deleted word survives (not a millisecond of it)
    for w in kept:
        i = plan.index_at(w.start_ms)
        assert i is not None and plan.ranges[i].end_ms >= w.end_ms, w
    for w in gone:
        assert all(plan.index_at(t) is None for t in range(w.start_ms, w.end_ms)), w
    # the cuts fall in the pauses: at least the handle from every kept word
    handle = WordCutOptions().handle_ms
    for a_ms, b_ms in plan.removed():
        for w in kept:
            assert not (w.start_ms - handle < b_ms and a_ms < w.end_ms + handle), (a_ms, b_ms, w)

    # FCP7 XML and EDL, read back with OTIO: the clips are the plan on the frame grid
    timeline = TimelineOptions(media_path=str(media))
    options = ExportOptions(cut=plan, timeline=timeline)
    xml, edl = registry.export(project, ["fcp7xml", "edl"], tmp_path, stem="talk", options=options)
    tl = build_timeline(project, timeline, plan)
    fps = Fraction(tl.rate)
    frame_ms = 1000 / fps
    for back in (
        otio.adapters.read_from_file(str(xml)),
        otio.adapters.read_from_string(edl.read_text(encoding="utf-8"), "cmx_3600", rate=float(fps)),
    ):
        track = next(t for t in back.tracks if t.kind == otio.schema.TrackKind.Audio)
        clips = [
            (
                round(c.source_range.start_time.value) - tl.source_start_frame,
                round(c.source_range.duration.value),
            )
            for c in track.find_clips()
        ]
        assert len(clips) == len(plan.ranges)
        for (first, count), r in zip(clips, plan.ranges, strict=True):
            assert abs(first * frame_ms - r.start_ms) <= frame_ms
            assert abs((first + count) * frame_ms - r.end_ms) <= frame_ms

    # the render: the plan's length within a frame; the deleted words' audio absent, the rest there
    out = tmp_path / "cut.mp4"
    assert (
        main(
            [
                "render",
                str(folder / "talk.cutmark.json"),
                "--cut",
                "marks",
                "--out",
                str(out),
                "--progress",
                "none",
            ]
        )
        == 0
    )
    info = probe(out)
    assert abs(info.duration_ms - plan.kept_ms) <= float(frame_ms) + 30  # + the AAC frame padding
    video_frames = sum(1 for _ in _frames(out))
    assert abs(video_frames * float(frame_ms) - plan.kept_ms) <= float(frame_ms)
    rendered = decode_audio(out, RATE)
    source = decode_audio(media, RATE)
    for k, w in enumerate(words):
        tone = word_audio(k, RATE)
        assert best_match(source, tone) > 0.8  # the check finds every word in the source
        score = best_match(rendered, tone)
        if w.text in DELETED:
            assert score < 0.3, (w, score)
        else:
            assert score > 0.8, (w, score)

    # subtitles on the cut: the deleted words are gone, the kept ones all there
    cues = build_cues(project, SubtitleOptions(), plan)
    text = " ".join(c.text for c in cues).lower()
    for word in DELETED:
        assert word not in text.split() and word not in text.replace(".", " ").split()
    assert "today" in text and "okay" in text and text.count("the") == 2
    assert max(c.end_ms for c in cues) <= plan.kept_ms


def _frames(path):
    import av

    with av.open(str(path)) as container:
        yield from container.decode(video=0)
