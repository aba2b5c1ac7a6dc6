"""Streaming start: the windows that a file's first minutes decide are exactly the first
windows of the whole file's plan, on generated shows of several lanes and of an hour;
the VAD's first lane (run alone, while the file decodes) is the whole run's first lane."""

import numpy as np
import pytest

from desktop_app.core.progress import drive
from desktop_app.transcribe.streaming import settled_windows
from desktop_app.transcribe.vad import (
    STEP,
    VadOptions,
    lane_steps,
    spans_from_probabilities,
    speech_probabilities,
)
from desktop_app.transcribe.windows import loudness_db, plan_windows
from tests.rig.long_show import SR, make_show

LANE = lane_steps() * STEP  # samples per VAD lane (60 s)


def _whole(samples):
    probs = drive(speech_probabilities(samples))
    spans = spans_from_probabilities(probs, len(samples))
    plan = plan_windows(len(samples) * 1000 // SR, spans, loudness_db(samples, SR))
    return probs, plan


def _check_prefixes(samples, probs, plan, lanes):
    decided = []
    for k in lanes:
        head = samples[: k * LANE]
        settled = settled_windows(head, probs[: k * lane_steps()])
        assert settled == plan[: len(settled)], f"the first {k} lane(s) decided other windows"
        decided.append(len(settled))
    return decided


def _check_cuts(samples, probs, plan, every_steps):
    """Cuts anywhere (inside speech too), not only where lanes end: the rule has no margin
    to spare from the lane's reset."""
    for steps in range(every_steps, len(probs), every_steps):
        settled = settled_windows(samples[: steps * STEP], probs[:steps])
        assert settled == plan[: len(settled)], f"a cut at {steps * STEP / SR:.2f} s decided other windows"


@pytest.mark.parametrize("seed", [1, 2, 5])
def test_windows_settled_by_each_prefix_are_the_whole_plans_first_windows(seed):
    samples, _parts = make_show(7.5, seed=seed)  # 8 lanes, the last one partial
    probs, plan = _whole(samples)
    decided = _check_prefixes(samples, probs, plan, range(1, 9))
    _check_cuts(samples, probs, plan, every_steps=37)  # every 1.18 s
    assert decided[0] >= 4  # the first minute decides a first batch
    assert decided == sorted(decided) and decided[-1] > 0.8 * len(plan)  # and it only grows


def test_on_a_generated_hour_the_first_minute_and_later_prefixes_give_the_plans_windows():
    samples, _parts = make_show(60.0, seed=11)
    probs, plan = _whole(samples)
    assert len(plan) > 1000
    decided = _check_prefixes(samples, probs, plan, [1, 2, 3, 17, 33, 59, 60])
    assert decided[0] >= 4 and decided[-1] > 0.99 * len(plan)


def test_first_lane_alone_is_the_whole_runs_first_lane_and_known_lanes_are_kept():
    samples, _parts = make_show(4.2, seed=3)
    whole = drive(speech_probabilities(samples))
    first = drive(speech_probabilities(samples[:LANE]))  # what the pipeline runs while decoding
    assert np.array_equal(first, whole[: lane_steps()])
    again = drive(speech_probabilities(samples, known=first))
    assert np.array_equal(again, whole)
    progress = list(_items(speech_probabilities(samples, VadOptions(progress_every_steps=500), known=first)))
    assert progress[-1].done == progress[-1].total == len(whole) - lane_steps()  # only the rest is run


def test_lanes_sit_at_fixed_minutes_whatever_the_length():
    samples, _parts = make_show(3.0, seed=4)
    long = drive(speech_probabilities(samples))
    short = drive(speech_probabilities(samples[: int(2.5 * 60 * SR)]))
    # lanes 0 and 1 are whole in both; only the partial last lane differs in length
    assert np.array_equal(short[: 2 * lane_steps()], long[: 2 * lane_steps()])


def test_a_prefix_without_enough_speech_decides_nothing():
    quiet = np.zeros(LANE, dtype=np.float32)
    assert settled_windows(quiet, drive(speech_probabilities(quiet))) == []


def _items(gen):
    while True:
        try:
            yield next(gen)
        except StopIteration:
            return
