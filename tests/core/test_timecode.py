"""Timecode text: drop-frame labels that do not exist are errors, not the next frame."""

from fractions import Fraction

import pytest

from desktop_app.core.errors import ExportError
from desktop_app.core.timebase import format_timecode, parse_timecode

NTSC = Fraction(30000, 1001)
NTSC60 = Fraction(60000, 1001)


@pytest.mark.parametrize(
    ("text", "rate"),
    [("00:01:00;00", NTSC), ("00:01:00;01", NTSC), ("01:59:00;01", NTSC), ("00:01:00;03", NTSC60),
     ("00:09:00.00", NTSC)],
)  # fmt: skip
def test_skipped_drop_frame_labels_are_rejected(text, rate):
    with pytest.raises(ExportError, match="does not exist in drop-frame"):
        parse_timecode(text, rate)


@pytest.mark.parametrize(
    ("text", "rate", "frame"),
    [("00:01:00;02", NTSC, 1800), ("00:10:00;00", NTSC, 17982), ("00:10:00;01", NTSC, 17983),
     ("00:00:00;00", NTSC, 0), ("00:01:00;04", NTSC60, 3600), ("00:01:00:00", NTSC, 1800),
     ("00:01:00;00", Fraction(25), 1500)],
)  # fmt: skip
def test_real_labels_still_parse(text, rate, frame):
    assert parse_timecode(text, rate)[0] == frame


def test_every_label_format_writes_parses_back():
    for frame in range(0, 20_000, 7):
        assert parse_timecode(format_timecode(frame, NTSC, True), NTSC) == (frame, True)
