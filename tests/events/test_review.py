"""Issue #15 item 4 (headless): accept / reject / relabel markers through the session API;
exports and cut plans honour the decisions; each is one undo step; stored in the project."""

import csv
import dataclasses

import pytest

from desktop_app.core.model import GAP, SPEECH, Analysis, MediaInfo, ModelRef, Segment
from desktop_app.edit import HighlightOptions, build_plan
from desktop_app.events.review import ReviewError
from desktop_app.events.sensitivity import PRESETS
from desktop_app.export import registry
from desktop_app.project import Project, load_project, save_project
from desktop_app.session import (
    AcceptMarker,
    ChangeMarkerKind,
    Document,
    RejectMarker,
    SetSensitivity,
    next_to_review,
    review_items,
)


def window(a, b, event, probs, kind=GAP, text=""):
    return Segment(a, b, kind, text, event=event, event_confidence=dict(probs).get(event), event_probs=probs)


def make_project() -> Project:
    segments = (
        window(0, 10_000, "Speech", (("Speech", 0.89), ("Applause", 0.1)), SPEECH, "hello there"),
        window(10_000, 13_000, "Laughter", (("Laughter", 0.7), ("Applause", 0.2))),
        window(13_000, 20_000, "Speech", (("Speech", 0.95),), SPEECH, "and so on"),
        window(20_000, 23_000, "Laughter", (("Laughter", 0.55), ("Cough", 0.4))),
        window(23_000, 30_000, "Speech", (("Speech", 0.95),), SPEECH, "the end"),
    )
    from desktop_app.events import build_markers

    media = MediaInfo("show.mp4", 1, "mp4", 30_000, ())
    analysis = Analysis(media, "h", 0, ModelRef("m", "cpu"), segments, tuple(build_markers(segments)))
    return Project(analysis)


def events(project):
    return [(m.label, m.start_ms, m.end_ms) for m in project.analysis.markers if m.kind == "event"]


def csv_labels(project, tmp_path, name="x"):
    (path,) = registry.export(project, ["csv"], tmp_path, stem=name, overwrite=True)
    return [row[2] for row in csv.reader(path.open(encoding="utf-8"))]


def highlight_spans(project):
    plan = build_plan(
        project.analysis, "highlights", highlights=HighlightOptions(events=("laughter", "applause"))
    )
    return [(r.start_ms, r.end_ms) for r in plan.ranges]


@pytest.fixture
def doc():
    d = Document()
    d.load(make_project(), None)
    return d


def test_reject_removes_the_marker_from_exports_and_plans_and_undoes(doc, tmp_path):
    first, second = [m for m in doc.project.analysis.markers if m.kind == "event"]
    before_csv, before_plan = csv_labels(doc.project, tmp_path), highlight_spans(doc.project)
    assert before_csv == ["Laughter", "Laughter"]
    assert doc.run(RejectMarker(second))
    assert events(doc.project) == [("laughter", 10_000, 13_000)]
    assert csv_labels(doc.project, tmp_path) == ["Laughter"]
    assert before_plan[-1][1] >= 23_000  # the reel held the second laugh
    assert highlight_spans(doc.project)[-1][1] < 20_000  # no more
    assert not doc.run(RejectMarker(second))  # already rejected: no second undo step
    assert [(i.marker.label, i.state) for i in review_items(doc.project)] == [
        ("laughter", None),
        ("laughter", "rejected"),
    ]
    assert doc.history.undo_text == "Reject marker"
    assert doc.undo() and events(doc.project) == [("laughter", 10_000, 13_000), ("laughter", 20_000, 23_000)]
    assert doc.redo() and csv_labels(doc.project, tmp_path) == ["Laughter"]
    assert first in doc.project.analysis.markers


def test_accepted_markers_stay_whatever_the_sensitivity_says_rejected_stay_out(doc, tmp_path):
    first, second = [m for m in doc.project.analysis.markers if m.kind == "event"]
    doc.run(AcceptMarker(first))
    doc.run(RejectMarker(second))
    assert next_to_review(doc.project) is None  # both reviewed
    # find-more: applause x10 beats speech and laughter, cough x3 beats the rejected laughter;
    # the accepted laughter stays beside the applause the model now hears there
    doc.run(SetSensitivity(PRESETS["find-more"]))
    assert events(doc.project) == [
        ("applause", 0, 13_000),
        ("laughter", 10_000, 13_000),
        ("cough", 20_000, 23_000),
    ]
    doc.run(SetSensitivity(PRESETS["model"]))
    assert events(doc.project) == [("laughter", 10_000, 13_000)]
    assert [i.state for i in review_items(doc.project)] == ["accepted", "rejected"]
    assert doc.history.undo_text == "Change sensitivity"


def test_change_kind_relabels_in_every_export(doc, tmp_path):
    first = next(m for m in doc.project.analysis.markers if m.kind == "event")
    assert doc.run(ChangeMarkerKind(first, "applause"))
    assert events(doc.project) == [("applause", 10_000, 13_000), ("laughter", 20_000, 23_000)]
    assert csv_labels(doc.project, tmp_path) == ["Applause", "Laughter"]
    relabelled = doc.project.analysis.markers[0]
    assert [(i.marker, i.state) for i in review_items(doc.project)][0] == (relabelled, "accepted")
    plan = build_plan(doc.project.analysis, "highlights", highlights=HighlightOptions(events=("applause",)))
    assert [(r.start_ms <= 10_000, r.end_ms >= 13_000) for r in plan.ranges] == [(True, True)]
    with pytest.raises(ReviewError, match="not a event|not an? event"):
        doc.run(ChangeMarkerKind(relabelled, "happy"))
    assert doc.undo() and events(doc.project)[0] == ("laughter", 10_000, 13_000)


def test_decisions_are_stored_in_the_project_and_editing_text_keeps_them(doc, tmp_path):
    from desktop_app.session import SetText

    first, second = [m for m in doc.project.analysis.markers if m.kind == "event"]
    doc.run(RejectMarker(second))
    doc.run(SetSensitivity(PRESETS["find-more"]))
    doc.run(SetText(0, "hello again"))  # segment edits derive the markers again: the review holds
    # the sensitivity and the rejection both hold after the edit
    assert events(doc.project) == [("applause", 0, 13_000), ("cough", 20_000, 23_000)]
    path = tmp_path / "show.cutmark.json"
    save_project(doc.project, path)
    back = load_project(path)
    assert back.analysis.markers == doc.project.analysis.markers
    assert back.edits == doc.project.edits
    assert doc.project.edits["events"]["sensitivity"]["preset"] == "find-more"
    assert doc.project.edits["events"]["review"][0]["verdict"] == "rejected"


def test_a_marker_that_is_not_there_cannot_be_reviewed(doc):
    ghost = dataclasses.replace(doc.project.analysis.markers[0], start_ms=1)
    with pytest.raises(ReviewError):
        doc.run(AcceptMarker(ghost))
    assert doc.history.can_undo is False
