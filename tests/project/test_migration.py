"""Schema 2 (word cuts): schema-1 project files open, keep their marks and save as schema 2;
the marks are validated on reading; fields this version does not know are tolerated."""

from __future__ import annotations

import json

import pytest

from desktop_app.core.errors import ProjectError
from desktop_app.edit import build_plan
from desktop_app.project.schema import SCHEMA_VERSION, Project, project_from_dict, project_to_dict
from desktop_app.project.store import load_project, save_project
from tests.project.factories import sample_analysis

V1_MARKS = [
    {"start_ms": 1_000, "end_ms": 9_000, "action": "cut"},
    {"start_ms": 4_000, "end_ms": 5_000, "action": "keep", "note": "the joke"},
]


def _v1_file(tmp_path):
    data = project_to_dict(Project(sample_analysis(), edits={"cuts": V1_MARKS, "other": {"x": 1}}))
    data["schema_version"] = 1
    for mark in data["edits"]["cuts"]:
        assert "by" not in mark  # what schema 1 wrote
    path = tmp_path / "old.cutmark.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_schema_1_project_opens_with_its_marks_and_is_saved_as_schema_2(tmp_path):
    assert SCHEMA_VERSION == 2
    path = _v1_file(tmp_path)
    project = load_project(path)
    assert project.edits == {"cuts": V1_MARKS, "other": {"x": 1}}
    assert project.analysis == sample_analysis()
    # the marks mean what they meant: segment marks, the later one winning
    plan = build_plan(project.analysis, "marks", edits=project.edits, min_clip_ms=0)
    assert plan.removed() == [(1_000, 4_000), (5_000, 9_000)]

    save_project(project, path, overwrite=True)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema_version"] == 2
    assert data["edits"]["cuts"] == V1_MARKS
    again = load_project(path)
    assert again == project


def test_the_migration_leaves_the_callers_dict_alone(tmp_path):
    data = json.loads(_v1_file(tmp_path).read_text(encoding="utf-8"))
    project_from_dict(data)
    assert data["schema_version"] == 1


def test_word_cut_marks_round_trip(tmp_path):
    marks = [
        {"start_ms": 1_000, "end_ms": 1_250, "action": "cut", "by": "words"},
        {"start_ms": 2_000, "end_ms": 2_600, "action": "cut", "by": "pauses"},
        {"start_ms": 12_000, "end_ms": 19_000, "action": "keep"},
    ]
    path = save_project(Project(sample_analysis(), edits={"cuts": marks}), tmp_path / "p.cutmark.json")
    assert load_project(path).edits["cuts"] == marks


@pytest.mark.parametrize(
    ("mark", "says"),
    [
        (
            {"start_ms": 5, "end_ms": 1, "action": "cut", "by": "words"},
            "edits.cuts[1].start_ms (5) must not be after",
        ),
        ({"start_ms": 1, "end_ms": 5, "action": "remove"}, "edits.cuts[1].action must be 'keep' or 'cut'"),
        (
            {"start_ms": 1, "end_ms": 5, "action": "cut", "by": "magic"},
            "edits.cuts[1].by must be one of words",
        ),
        ({"start_ms": 1.5, "end_ms": 5, "action": "cut"}, "edits.cuts[1].start_ms must be an integer"),
        ({"end_ms": 5, "action": "cut"}, "edits.cuts[1].start_ms is missing"),
        ("cut 1-5", "edits.cuts[1] must be an object"),
    ],
)
def test_a_bad_mark_is_an_error_naming_it(mark, says):
    data = project_to_dict(Project(sample_analysis(), edits={"cuts": [V1_MARKS[0], mark]}))
    with pytest.raises(ProjectError, match=__import__("re").escape(says)):
        project_from_dict(data)


def test_fields_this_version_does_not_know_are_tolerated():
    # another feature may add optional per-segment fields under schema 2 (issue #15)
    data = project_to_dict(Project(sample_analysis()))
    data["segments"][1]["speaker"] = "S1"
    data["segments"][1]["words"][0]["confidence"] = 0.9
    data["edits"]["cuts"] = [{"start_ms": 1, "end_ms": 5, "action": "cut", "by": "words", "id": "a1"}]
    project = project_from_dict(data)
    assert project.analysis.segments[1].words[0].text == "So"
    assert project.edits["cuts"][0]["id"] == "a1"
