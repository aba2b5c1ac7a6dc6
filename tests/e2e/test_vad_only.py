"""``--vad-only``: no speech model, speech found on real recorded speech."""

import pytest

from desktop_app.cli.main import main
from desktop_app.project.store import load_project
from desktop_app.resources import recording


@pytest.mark.parametrize(
    "name,speech_s", [("zh_speech_8s.wav", 5.0), ("en_commentary.mp3", 4.5), ("multilingual.mp3", 45.0)]
)
def test_vad_only_marks_speech_in_real_recordings(name, speech_s, tmp_path):
    src = recording(name)  # shipped in the repository
    assert main(["process", str(src), "--vad-only", "--out", str(tmp_path)]) == 0
    a = load_project(tmp_path / f"{src.stem}.cutmark.json").analysis
    assert a.model.id == "vad-only"
    speech = sum(s.duration_ms for s in a.segments if s.kind == "speech")
    assert speech >= speech_s * 1000
    assert all(s.text == "" and s.emotion is None for s in a.segments)
    assert not (tmp_path / f"{src.stem}.srt").exists()  # no transcript, no subtitles


def test_vad_only_finds_no_speech_in_generated_silence_and_marks_it(tmp_path):
    import numpy as np

    from tests.media.gen import make_audio_file

    path = make_audio_file(tmp_path / "quiet.wav", np.zeros(16000 * 5, dtype=np.float32), 16000)
    assert main(["process", path, "--vad-only", "--out", str(tmp_path / "o")]) == 0
    a = load_project(tmp_path / "o" / "quiet.cutmark.json").analysis
    assert all(s.kind == "gap" for s in a.segments)
    assert [(m.kind, m.start_ms, m.end_ms) for m in a.markers] == [("silence", 0, 5000)]
