"""``cutmark batch --cut ... --max-pause``: the exports written beside each project follow the cut."""

from __future__ import annotations

import re

import numpy as np
import opentimelineio as otio

from desktop_app.cli.main import main
from tests.media.gen import make_audio_file
from tests.rig.scenes import SR
from tests.rig.signals import silence, speech_like


def _clips(path):
    timeline = otio.adapters.read_from_string(path.read_text(encoding="utf-8"), "cmx_3600", rate=25)
    track = next(t for t in timeline.tracks if t.kind == otio.schema.TrackKind.Audio)
    return [round(c.source_range.duration.value) for c in track.find_clips()]


def test_batch_exports_follow_the_cut_and_the_word_flags(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    audio = np.concatenate(
        [silence(0.5, 0), speech_like(2.0, 1), silence(2.5, 2), speech_like(2.0, 3), silence(0.5, 4)]
    )
    make_audio_file(inputs / "talk.wav", audio, SR)
    whole, cut = tmp_path / "whole", tmp_path / "cut"
    base = ["batch", str(inputs), "--vad-only", "--export", "edl", "--progress", "none"]
    assert main([*base, "--out", str(whole)]) == 0
    assert main([*base, "--out", str(cut), "--max-pause", "300"]) == 0  # implies --cut marks
    [one] = _clips(whole / "talk.edl")
    parts = _clips(cut / "talk.edl")
    assert len(parts) == 2 and sum(parts) < one - 25  # the 2.5 s pause is down to 0.3 s: 55 frames fewer
    assert re.search(r"FCM: NON-DROP FRAME", (cut / "talk.edl").read_text(encoding="utf-8"))
    assert (cut / "talk.cutmark.json").is_file()
