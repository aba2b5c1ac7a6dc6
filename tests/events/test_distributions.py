"""Issue #15 item 1: every window keeps the probabilities of its event and emotion classes,
in the engine's results and in the project file."""

import numpy as np
import pytest

from desktop_app.core.model import GAP, SPEECH, Segment, Window
from desktop_app.core.progress import drive
from desktop_app.project.schema import Project, project_from_dict, project_to_dict
from desktop_app.transcribe.engine import SenseVoiceEngine
from desktop_app.transcribe.tags import EMOTIONS, EVENTS, PROB_FLOOR
from tests.project.factories import sample_analysis
from tests.rig.tiny_trained import make_clip


@pytest.fixture(scope="module")
def engine(tiny_model):
    return SenseVoiceEngine(tiny_model, "cpu")


def test_engine_results_carry_each_windows_class_distributions(engine):
    audio = np.concatenate([make_clip("speech", 3.0, 5), make_clip("applause", 3.0, 6)])
    windows = [Window(0, 0, 3000, SPEECH), Window(1, 3000, 6000, GAP)]
    speech, applause = drive(engine.transcribe(audio, windows))
    for seg in (speech, applause):
        events, emotions = dict(seg.event_probs), dict(seg.emotion_probs)
        assert events and set(events) <= set(EVENTS)
        assert emotions and set(emotions) <= set(EMOTIONS)
        assert all(PROB_FLOOR <= p <= 1.0 for p in (*events.values(), *emotions.values()))
        # most likely first, and the winner is the tag the model wrote, with its confidence
        assert [p for _, p in seg.event_probs] == sorted(events.values(), reverse=True)
        assert seg.event_probs[0] == (seg.event, seg.event_confidence)
        assert seg.emotion_probs[0] == (seg.emotion, seg.emotion_confidence)
        assert sum(events.values()) <= 1.0001
    assert speech.event == "Speech" and applause.event == "Applause"
    assert dict(applause.event_probs)["Applause"] > 0.5


def sample_project():
    return Project(analysis=sample_analysis())


def _with_distributions(project):
    segs = list(project.analysis.segments)
    part = Segment(3000, 5000, GAP, event="Laughter", event_confidence=0.6, event_probs=(("Laughter", 0.6),))
    segs[1] = segs[1].__class__(
        **{
            **segs[1].__dict__,
            "event_probs": (("Speech", 0.9), ("Laughter", 0.0812)),
            "emotion_probs": (("HAPPY", 0.61), ("NEUTRAL", 0.3)),
            "parts": (part,),
        }
    )
    analysis = project.analysis.__class__(**{**project.analysis.__dict__, "segments": tuple(segs)})
    return project.__class__(analysis=analysis, edits=project.edits)


def test_project_keeps_the_distributions_and_old_projects_still_load():
    project = _with_distributions(sample_project())
    data = project_to_dict(project)
    assert data["segments"][1]["event_probs"] == {"Speech": 0.9, "Laughter": 0.0812}
    assert "event_probs" not in data["segments"][0]  # only written when known: old files unchanged
    back = project_from_dict(data)
    assert back.analysis.segments == project.analysis.segments
    assert back.analysis.segments[1].parts[0].event_probs == (("Laughter", 0.6),)
    for seg in data["segments"]:  # a project without the fields loads, with empty ones
        seg.pop("event_probs", None), seg.pop("emotion_probs", None), seg.pop("parts", None)
    old = project_from_dict(data)
    assert all(s.event_probs == () and s.parts == () for s in old.analysis.segments)


def test_a_bad_probability_names_its_field():
    from desktop_app.core.errors import ProjectError

    data = project_to_dict(_with_distributions(sample_project()))
    data["segments"][1]["event_probs"]["Speech"] = 1.5
    with pytest.raises(ProjectError, match=r"segments\[1\]\.event_probs\.Speech"):
        project_from_dict(data)
