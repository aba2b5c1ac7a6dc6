"""Word cuts: where the cut falls (in the pauses, the quietest point, the handle, the
breath left at the join, never inside a kept word), precedence with the other marks and
plans, and the cost of the strike-through mask the UI asks for on every change."""

from __future__ import annotations

import dataclasses
import time

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.core.model import SPEECH, Marker, Segment, Word
from desktop_app.edit import SilenceCutOptions, WordCutOptions, build_plan
from desktop_app.edit.word_cuts import (
    cut_word_mask,
    cut_word_spans,
    cut_words,
    peaks_of,
    place_word_cuts,
    quietest_point,
)
from tests.edit.wordy import talk_project
from tests.project.factories import sample_analysis


def analysis_with(words: list[Word], duration: int, markers=()):
    segs = (Segment(0, duration, SPEECH, " ".join(w.text for w in words), "en", words=tuple(words)),)
    base = sample_analysis()
    media = dataclasses.replace(base.media, duration_ms=duration)
    return dataclasses.replace(base, media=media, segments=segs, markers=tuple(markers))


def cut(analysis, *texts, edits=None):
    for w in (w for s in analysis.segments for w in s.words):
        if w.text in texts:
            edits = cut_words(analysis.segments, edits, [(w.start_ms, w.end_ms)]) or edits
    return edits


A, W, B = Word("alpha", 1000, 1300), Word("cut", 1500, 1800), Word("beta", 2000, 2300)


def test_a_cut_between_kept_words_falls_in_the_middle_of_each_pause():
    an = analysis_with([A, W, B], 4000)
    plan = build_plan(an, "marks", edits=cut(an, "cut"), min_clip_ms=0)
    assert plan.removed() == [(1400, 1900)]  # the middles of 1300..1500 and 1800..2000


def test_the_cut_point_is_the_quietest_moment_of_the_pause_with_a_handle():
    an = analysis_with([A, W, B], 4000)
    peaks = np.full((200, 2), (-0.2, 0.2), dtype=np.float32)  # 50 per second: 20 ms buckets
    peaks[67] = (-0.01, 0.01)  # 1340..1360 ms is the quietest of the first pause
    peaks[90:100] = (0, 0)  # the second pause is silent from 1800: ties go to the middle
    plan = build_plan(an, "marks", edits=cut(an, "cut"), min_clip_ms=0, waveform=peaks, peaks_per_second=50)
    assert plan.removed() == [(1350, 1890)]
    # a quiet spot right against a kept word is not taken: the handle keeps its tail
    peaks[67] = (-0.2, 0.2)
    peaks[65] = (0, 0)  # 1300..1320, inside the 40 ms handle
    ((start, _),) = build_plan(
        an, "marks", edits=cut(an, "cut"), min_clip_ms=0, waveform=peaks, peaks_per_second=50
    ).removed()
    assert start >= A.end_ms + 40


def test_cutting_the_first_word_of_a_sentence_leaves_at_most_the_pause():
    words = [Word("end", 1000, 1300), Word("so", 3300, 3500), Word("next", 3600, 3900)]
    an = analysis_with(words, 6000)
    for pause in (300, 500):
        plan = build_plan(
            an, "marks", edits=cut(an, "so"), min_clip_ms=0, words=WordCutOptions(pause_ms=pause)
        )
        [(a, b)] = plan.removed()
        left = a - 1300
        right = 3600 - b
        assert left + right <= pause and left >= 40 and right >= 40


def test_an_event_in_the_pause_is_never_cut_into():
    words = [Word("hello", 1000, 1300), Word("um", 3300, 3500), Word("next", 3600, 3900)]
    laugh = Marker("event", "laughter", 1500, 3000, 0.9)
    an = analysis_with(words, 6000, [laugh])
    [(a, b)] = build_plan(an, "marks", edits=cut(an, "um"), min_clip_ms=0).removed()
    assert a >= 3000 + 40 and b <= 3600 - 40


def test_later_marks_win_and_a_restore_does_not_override_the_silence_plan():
    project = talk_project()
    an = project.analysis
    edits = cut(an, "banana")
    words = {w.text: w for s in an.segments for w in s.words}
    keep_all = {"cuts": [*edits["cuts"], {"start_ms": 0, "end_ms": 9000, "action": "keep"}]}
    assert build_plan(an, "marks", edits=keep_all).is_whole()
    silence = SilenceCutOptions(pad_before_ms=100, pad_after_ms=100, min_gap_ms=300)
    plain = build_plan(an, "silence", silence=silence)
    with_cut = build_plan(an, "silence", silence=silence, edits=edits)
    assert plain.index_at(words["banana"].start_ms) is not None
    assert with_cut.index_at(words["banana"].start_ms) is None
    # restoring (removing the mark) gives back exactly the silence plan, not the whole source
    assert build_plan(an, "silence", silence=silence, edits={"cuts": []}) == plain


def test_a_word_kept_between_two_cuts_is_not_dropped_as_a_short_clip():
    words = [
        Word("a", 1000, 1200),
        Word("x", 1250, 1400),
        Word("b", 1450, 1600),
        Word("y", 1650, 1800),
        Word("c", 1850, 2000),
    ]
    an = analysis_with(words, 3000)
    plan = build_plan(an, "marks", edits=cut(an, "x", "y"))  # the default 500 ms minimum clip
    b = words[2]
    i = plan.index_at(b.start_ms)
    assert i is not None and plan.ranges[i].end_ms >= b.end_ms and plan.ranges[i].duration_ms < 500


def test_quietest_point_without_peaks_is_the_middle():
    assert quietest_point(100, 300, None) == 200
    assert quietest_point(300, 300, peaks_of(np.zeros((10, 2), np.float32), 50)) == 300


@st.composite
def talks(draw):
    n = draw(st.integers(2, 25))
    t, words = draw(st.integers(0, 500)), []
    for i in range(n):
        t += draw(st.integers(0, 900))  # touching words too
        length = draw(st.integers(0, 400))  # zero-length words too
        words.append(Word(f"w{i}", t, t + length))
        t += length
    duration = t + draw(st.integers(0, 800))
    cut_set = draw(st.sets(st.integers(0, n - 1), max_size=n))
    mode = draw(st.sampled_from(["marks", "silence"]))
    opts = WordCutOptions(handle_ms=draw(st.integers(0, 80)), pause_ms=draw(st.integers(0, 1000)))
    loud = draw(st.lists(st.floats(0, 1), min_size=1, max_size=duration // 20 + 1))
    return words, max(duration, 1), cut_set, mode, opts, loud


@settings(max_examples=150, deadline=None)
@given(talks())
def test_property_no_kept_word_is_clipped_and_no_cut_word_survives(case):
    words, duration, cut_set, mode, opts, loud = case
    an = analysis_with(words, duration)
    edits = None
    for i in sorted(cut_set):
        edits = (
            cut_words(an.segments, edits, [(words[i].start_ms, max(words[i].end_ms, words[i].start_ms + 1))])
            or edits
        )
    peaks = np.stack([-np.array(loud), np.array(loud)], axis=1).astype(np.float32)
    plan = build_plan(
        an,
        mode,
        edits=edits,
        words=opts,
        waveform=peaks,
        peaks_per_second=50,
        silence=SilenceCutOptions(min_gap_ms=0, min_clip_ms=0) if mode == "silence" else None,
    )
    mask = cut_word_mask(an.segments, edits)[0]
    for w, is_cut in zip(words, mask, strict=True):
        if is_cut:
            continue
        if w.end_ms > w.start_ms:
            i = plan.index_at(w.start_ms)
            assert i is not None and plan.ranges[i].end_ms >= w.end_ms, (w, plan.spans())
    for w, is_cut in zip(words, mask, strict=True):
        if is_cut and w.end_ms > w.start_ms:
            kept_ms = sum(1 for t in range(w.start_ms, w.end_ms) if plan.index_at(t) is not None)
            # a cut word overlapping a kept one keeps only what the kept one covers
            overlap = any(
                not k and o.start_ms < w.end_ms and w.start_ms < o.end_ms
                for o, k in zip(words, mask, strict=True)
            )
            assert kept_ms == 0 or overlap, (w, plan.spans())


def test_the_mask_is_fast_on_ten_thousand_words():
    segs, t = [], 0
    for _ in range(1000):
        ws = tuple(Word(f"w{j}", t + j * 300, t + j * 300 + 250) for j in range(10))
        segs.append(Segment(t, t + 3000, SPEECH, " ".join(w.text for w in ws), "en", words=ws))
        t += 3000
    segs = tuple(segs)
    edits = None
    for i in range(0, 10_000, 10):  # 1,000 word cuts
        w = segs[i // 10].words[i % 10]
        edits = {
            "cuts": [
                *(edits or {}).get("cuts", []),
                {"start_ms": w.start_ms, "end_ms": w.end_ms, "action": "cut", "by": "words"},
            ]
        }
    cut_word_mask(segs, edits)  # the index is built once per segments tuple
    began = time.perf_counter()
    for _ in range(5):
        mask = cut_word_mask(segs, edits)
    per_call = (time.perf_counter() - began) / 5
    assert sum(map(sum, mask)) == 1000
    assert per_call < 0.1, per_call  # measured ~5 ms on 2 shared cores
    assert len(cut_word_spans(segs, edits)) == 1000
    began = time.perf_counter()
    placed = place_word_cuts(segs, edits, t)
    assert len(placed) == 1000 and time.perf_counter() - began < 0.5
