"""Bad inputs fail one by one with one clear line each; the other inputs still complete."""

import numpy as np
import pytest

from desktop_app.cli.main import main
from tests.media.gen import make_video, tone, truncate


@pytest.fixture
def inputs(tmp_path):
    good = make_video(tmp_path / "good.mp4", 4.0, audio=tone(300, 0.3))
    silent_video = make_video(tmp_path / "no audio.mp4", 2.0, audio_tracks=0)
    truncated = make_video(
        tmp_path / "cut.mp4", 20.0, audio=tone(440, 0.3), options={"movflags": "faststart"}
    )
    truncate(truncated, 0.5)
    rand = tmp_path / "random.mp4"
    rand.write_bytes(np.random.default_rng(0).bytes(20_000))
    empty = tmp_path / "empty.mov"
    empty.write_bytes(b"")
    return [str(p) for p in (silent_video, truncated, rand, empty)], str(good)


@pytest.mark.parametrize("vad_only", [True, False])
def test_each_bad_file_is_one_line_and_the_good_one_completes(inputs, tmp_path, capsys, vad_only, request):
    bad, good = inputs
    out = tmp_path / "out"
    if vad_only:
        model = ["--vad-only"]
    else:
        model = ["--model", str(request.getfixturevalue("tiny_model")), "--device", "cpu"]
    # --strict: the cut-off file is refused (without it, it is analysed with a warning:
    # tests/e2e/test_cut_off_recording.py)
    rc = main(["process", *bad, good, "--out", str(out), "--no-cache", "--strict", *model])
    err = capsys.readouterr().err.strip().splitlines()
    assert rc == 1
    errors = [line for line in err if line.startswith("cutmark: error:")]
    assert len(errors) == 4
    for path, needle in zip(bad, ["no audio track", "ends at", "not a media file", "empty"], strict=True):
        (line,) = [e for e in errors if path.rsplit("/", 1)[-1] in e]
        assert needle in line
        assert "Traceback" not in line
    assert (out / "good.cutmark.json").is_file()
    assert {p.name for p in out.iterdir()} <= {"good.cutmark.json", "good.srt"}
    assert err[-1] == "cutmark: 1 done, 4 failed."


def test_missing_model_says_how_to_fix_it(tmp_path, capsys):
    good = make_video(tmp_path / "a.mp4", 2.0, audio=tone(300, 0.3))
    rc = main(["process", str(good), "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert rc == 1
    assert "cutmark models download" in err and "--model DIR" in err and "--vad-only" in err
    assert not (tmp_path / "o").exists()


def test_usage_error_exits_2(capsys):
    assert main(["process"]) == 2
    assert main(["process", "x.mp4", "--language", "xx"]) == 2
