"""Bad data: project files from elsewhere, transcripts with anything in them, and the
planners fed random input. Property-based where it can be (hypothesis).

Already covered elsewhere: a newer schema and hand-edited nonsense name the field and
leave the file untouched (tests/project/test_schema.py), any valid analysis round-trips
(same file), tag soup (tests/core/test_tags.py), the window planner tiles every
millisecond (tests/core/test_windows.py), cut-plan time mapping (tests/edit/test_plan.py),
cue layout for any transcript (tests/export/test_cue_rules.py), control characters and
blank lines in SRT (tests/export/test_formats.py).
"""

from __future__ import annotations

import ast
import contextlib
import dataclasses
import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pysrt
import pytest
import srt
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app import export as exports
from desktop_app.core.errors import CutmarkError, ExportError, ProjectError
from desktop_app.core.model import GAP, SPEECH, Marker, Segment
from desktop_app.edit import (
    CutPlanError,
    HighlightOptions,
    SilenceCutOptions,
    TagDropOptions,
    apply_user_marks,
    build_plan,
    drop_tags,
    highlight_cut,
    silence_cut,
    tag_drop_spans,
    whole_plan,
)
from desktop_app.project.schema import Project, project_to_dict
from desktop_app.project.store import load_project, save_project
from desktop_app.transcribe.tags import parse_output
from tests.project.factories import sample_analysis

ROOT = Path(__file__).resolve().parents[2]
FAST = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- the project loader: any file is a project or a ProjectError, and stays as it was -----

_text = st.text(max_size=12)
_json = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats() | _text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_text, inner, max_size=4),
    max_leaves=25,
)


def _load_untouched(path: Path):
    before = path.read_bytes()
    try:
        result = load_project(path)
    except ProjectError as err:
        assert str(path) in err.message  # names the file
        result = err
    assert path.read_bytes() == before, "loading changed the file"
    return result


@FAST
@given(value=_json)
def test_any_json_shape_is_refused_clearly(tmp_path_factory, value):
    path = tmp_path_factory.mktemp("p") / "x.cutmark.json"
    path.write_text(json.dumps(value), encoding="utf-8")
    assert isinstance(_load_untouched(path), ProjectError)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, (*prefix, i))


VALID = project_to_dict(Project(sample_analysis()))
VALID_PATHS = [p for p in _paths(VALID) if p]


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    where=st.sampled_from(VALID_PATHS),
    action=st.sampled_from(["delete", "replace", "wrap"]),
    new=_json,
)
def test_a_valid_project_edited_anywhere_loads_or_names_the_problem(tmp_path_factory, where, action, new):
    data = json.loads(json.dumps(VALID))
    parent = data
    for key in where[:-1]:
        parent = parent[key]
    key = where[-1]
    if action == "delete":
        del parent[key]
    elif action == "replace":
        parent[key] = new
    else:
        parent[key] = [parent[key]]
    path = tmp_path_factory.mktemp("p") / "x.cutmark.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = _load_untouched(path)
    if isinstance(result, Project):  # what loads can be used: saved again and cut
        save_project(result, path.with_name("again.cutmark.json"))
        with contextlib.suppress(CutPlanError):  # hand-edited marks: named, not a crash
            build_plan(result.analysis, "marks", edits=result.edits)


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"\x00\x01binary\xff\xfe" * 50, "not UTF-8"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"schema_version": 1, "edits": ' + b'{"a":' * 50_000 + b"1" + b"}" * 50_001, "nested too deeply"),
        (b'{"schema_version": 1e400}', "schema_version"),
        (b'{"schema_version": 1' + b"0" * 5000 + b"}", "not valid JSON"),
        ('{"schema_version": 1, "media": "\ud800"}'.encode("utf-8", "surrogatepass"), "not UTF-8"),
    ],
    ids=["binary", "deep-array", "deep-object", "huge-float", "huge-int", "lone-surrogate"],
)
def test_pathological_files_are_project_errors(tmp_path, content, needle):
    path = tmp_path / "x.cutmark.json"
    path.write_bytes(content)
    result = _load_untouched(path)
    assert isinstance(result, ProjectError) and needle in result.message


def test_a_newer_schema_is_refused_with_the_update_hint_and_left_alone(tmp_path):
    data = json.loads(json.dumps(VALID))
    data["schema_version"] = 99
    data["something_new"] = {"we": "do not know"}
    path = tmp_path / "future.cutmark.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = _load_untouched(path)
    assert "newer Cutmark" in result.message and "update Cutmark" in result.hint


# --- cut planners: valid plans for any analysis, never an unexpected exception -----------

LABELS = ["laughter", "applause", "bgm", "cough", "sneeze", "Laughter", "happy", "weird <&>", ""]


@st.composite
def analyses(draw):
    duration = draw(st.integers(0, 120_000))
    segments, t = [], 0
    for _ in range(draw(st.integers(0, 8))):
        start = t + draw(st.integers(0, 5000))
        end = start + draw(st.integers(0, 20_000))
        if end > duration:
            break
        text = draw(st.sampled_from(["", "hello", "  ", "你好"]))
        segments.append(Segment(start, end, draw(st.sampled_from([SPEECH, GAP])), text))
        t = end
    markers = []
    for _ in range(draw(st.integers(0, 6))):
        start = draw(st.integers(0, max(0, duration)))
        end = min(duration, start + draw(st.integers(0, 15_000)))
        kind = draw(st.sampled_from(["event", "event", "emotion", "silence"]))
        conf = draw(st.none() | st.floats(0, 1))
        markers.append(Marker(kind, draw(st.sampled_from(LABELS)), start, end, conf))
    base = sample_analysis()
    media = dataclasses.replace(base.media, duration_ms=duration)
    return dataclasses.replace(base, media=media, segments=tuple(segments), markers=tuple(markers))


_lengths = st.integers(0, 10_000)


def _kept(plan, t: int) -> bool:
    return plan.index_at(t) is not None


@FAST
@given(a=analyses(), pad_before=_lengths, pad_after=_lengths, min_clip=_lengths, min_gap=_lengths)
def test_silence_cut_keeps_all_speech_and_only_what_is_near_it(a, pad_before, pad_after, min_clip, min_gap):
    opts = SilenceCutOptions(
        pad_before_ms=pad_before, pad_after_ms=pad_after, min_clip_ms=min_clip, min_gap_ms=min_gap
    )
    plan = silence_cut(a, opts)  # CutPlan checks order, overlap and bounds itself
    assert plan.source_duration_ms == a.media.duration_ms
    assert all(r.duration_ms >= min(min_clip, a.media.duration_ms) for r in plan.ranges)
    padded = [(s.start_ms - pad_before, s.end_ms + pad_after) for s in a.segments if s.has_speech]
    for r in plan.ranges:  # every kept range holds some (padded) speech
        assert any(p0 < r.end_ms and r.start_ms < p1 for p0, p1 in padded)
    for s in a.segments:
        long_enough = s.end_ms - s.start_ms >= min_clip
        if s.has_speech and long_enough and s.end_ms > s.start_ms:
            assert _kept(plan, s.start_ms) and _kept(plan, s.end_ms - 1)


@FAST
@given(
    a=analyses(),
    before=_lengths,
    after=_lengths,
    target=st.none() | st.integers(0, 60_000),
    snap=st.booleans(),
    gap=_lengths,
)
def test_highlights_are_valid_and_hold_their_events(a, before, after, target, snap, gap):
    opts = HighlightOptions(
        before_ms=before, after_ms=after, target_ms=target, snap_to_speech=snap, merge_gap_ms=gap
    )
    plan = highlight_cut(a, opts)
    if target is not None:
        assert plan.kept_ms <= target
    chosen = [m for m in a.markers if m.kind == "event" and m.label.lower() in opts.events]
    slack = opts.snap_max_ms if snap else 0  # an edge may move out to the end of a sentence
    window = [(m.start_ms - before - slack, m.end_ms + after + slack) for m in chosen]
    for r in plan.ranges:  # every highlight is around one of the chosen events
        assert any(w0 <= r.start_ms and r.end_ms <= w1 for w0, w1 in window) or len(chosen) > 1
        assert any(w0 <= r.end_ms and r.start_ms <= w1 for w0, w1 in window)


@FAST
@given(
    a=analyses(), labels=st.lists(st.sampled_from(LABELS[:5]), max_size=3), pad=_lengths, spare=st.booleans()
)
def test_dropping_tags_only_removes(a, labels, pad, spare):
    try:
        opts = TagDropOptions(labels=tuple(labels), pad_ms=pad, spare_speech=spare)
    except CutPlanError:
        return  # nothing to drop: refused with a message
    base = whole_plan(a.media.duration_ms)
    plan = drop_tags(base, a, opts)
    assert plan.kept_ms <= base.kept_ms
    for s0, s1 in tag_drop_spans(a, opts):
        for t in (s0, (s0 + s1) // 2, s1 - 1):
            if 0 <= t < a.media.duration_ms and s1 > s0:
                assert not _kept(plan, t)


_marks = st.lists(
    st.fixed_dictionaries(
        {
            "start_ms": st.integers(0, 130_000),
            "end_ms": st.integers(0, 130_000),
            "action": st.sampled_from(["keep", "cut"]),
        }
    ),
    max_size=6,
)


@FAST
@given(a=analyses(), marks=_marks, probes=st.lists(st.integers(0, 130_000), min_size=1, max_size=20))
def test_the_users_last_mark_wins_at_every_moment(a, marks, probes):
    marks = [m for m in marks if m["start_ms"] <= m["end_ms"]]
    base = silence_cut(a, SilenceCutOptions(min_clip_ms=0))
    plan = apply_user_marks(base, {"cuts": marks})
    for t in probes:
        if t >= a.media.duration_ms:
            continue
        expected = _kept(base, t)
        for m in marks:
            if m["start_ms"] <= t < m["end_ms"]:
                expected = m["action"] == "keep"
        assert _kept(plan, t) == expected, (t, marks)


@FAST
@given(a=analyses(), edits=_json, mode=st.sampled_from(["none", "silence", "highlights", "marks"]))
def test_hand_edited_marks_are_a_cut_plan_error_or_a_plan(a, edits, mode):
    try:
        build_plan(a, mode, edits={"cuts": edits})
    except CutPlanError as err:
        assert err.message and err.hint


# --- the tag parser on anything ------------------------------------------------------------


@FAST
@given(raw=st.text(alphabet=st.sampled_from(list("<|>ab_ENzh 中\x00\n")) | st.characters(), max_size=60))
def test_the_tag_parser_never_fails_and_never_leaks_tags_into_text(raw):
    parsed = parse_output(raw)
    assert isinstance(parsed.text, str)
    assert "<|" not in parsed.text or "|>" not in parsed.text.split("<|", 1)[1]


# --- subtitles: right-to-left text and very long lines ------------------------------------

ARABIC = "\u202bمرحبا بكم في البرنامج، اليوم نتحدث عن الترجمة\u202c \u200fשלום עולם\u200f abc 123"


def _subtitle_project(*texts: str) -> Project:
    a = sample_analysis()
    segments, t = [], 0
    for text in texts:
        length = max(2000, 60 * len(text))
        segments.append(Segment(t, t + length, SPEECH, text, "en"))
        t += length
    media = dataclasses.replace(a.media, duration_ms=t)
    return Project(dataclasses.replace(a, media=media, segments=tuple(segments), markers=()))


def _no_space(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace())


def test_rtl_and_very_long_lines_stay_readable_and_parse(tmp_path):
    long_words = " ".join(f"word{i}" for i in range(600))
    unbroken = "x" * 3000
    trojan = "\u2067isolated\u2069 then \u202eoverridden and never closed"
    project = _subtitle_project(ARABIC, long_words, unbroken, trojan)
    paths = exports.export(project, ["srt", "vtt", "txt"], tmp_path, stem="rtl")
    text = paths[0].read_text(encoding="utf-8")
    cues = list(srt.parse(text))
    assert len(cues) == len(pysrt.from_string(text)) > 10
    lines = [line for c in cues for line in c.content.split("\n")]
    assert all(0 < len(line) <= 42 for line in lines)  # even a 3000-character "word" is wrapped
    assert "مرحبا بكم" in text and "שלום עולם" in text  # right-to-left text kept as it is
    assert _no_space("".join(c.content for c in cues)).count("x") == 3000  # nothing dropped
    for line in lines:  # an override never left open to run the rest of a line backwards
        assert line.count("\u202e") <= line.count("\u202c")
    assert "\u2067isolated\u2069" in text  # a closed isolate is kept
    vtt = paths[1].read_text(encoding="utf-8")
    assert vtt.startswith("WEBVTT") and "\u202e" not in vtt
    assert len(paths[2].read_text(encoding="utf-8").splitlines()) == 4


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    texts=st.lists(st.text(st.characters(exclude_categories=("Cs",)), max_size=300), min_size=1, max_size=4)
)
def test_any_transcript_text_makes_srt_and_vtt_that_parse(tmp_path, texts):
    paths = exports.export(_subtitle_project(*texts), ["srt", "vtt"], tmp_path, stem="any", overwrite=True)
    text = paths[0].read_text(encoding="utf-8")
    cues = list(srt.parse(text)) if text.strip() else []
    assert text.count("-->") == len(cues)
    for c in cues:
        assert c.content.strip()
        assert not any(ord(ch) < 32 and ch != "\n" for ch in c.content)
    vtt = paths[1].read_text(encoding="utf-8")
    assert vtt.startswith("WEBVTT") and vtt.count("-->") == len(cues)


# --- XML-special characters in every XML export -------------------------------------------

SPECIAL = "a \"quoted\", <label> & 'more' ]]> --"
SPECIAL_PATH = "/videos/第一集 <&> \"q\" 's' ]]>\x01\x0b.mp4"


def _special_project() -> Project:
    a = sample_analysis()
    media = dataclasses.replace(a.media, path=SPECIAL_PATH)
    markers = a.markers + (Marker("event", SPECIAL + "\x01\x0b\x1f\ufffe", 40_000, 42_000, 0.5),)
    segments = a.segments[:-1] + (Segment(22_000, 60_000, SPEECH, SPECIAL + " \x07\x1b[31m"),)
    return Project(dataclasses.replace(a, media=media, markers=markers, segments=segments))


def _xml_texts(root: ET.Element) -> list[str]:
    texts = [t for el in root.iter() for t in (el.text or "", *el.attrib.values())]
    return texts + [s for t in texts for s in _json_strings(t)]  # Kdenlive keeps guides as JSON text


def _json_strings(text: str) -> list[str]:
    if not text.lstrip().startswith(("[", "{")):
        return []
    try:
        value = json.loads(text)
    except ValueError:
        return []
    found, todo = [], [value]
    while todo:
        item = todo.pop()
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict):
            todo += list(item.values())
        elif isinstance(item, list):
            todo += item
    return found


def test_every_xml_export_is_well_formed_and_keeps_special_characters(tmp_path):
    project = _special_project()
    xml_formats = []
    for name in exports.names():
        [path] = exports.export(project, [name], tmp_path, stem=f"special-{name}")
        data = path.read_bytes()
        if not (data.lstrip().startswith(b"<?xml") or data.lstrip().startswith(b"<")):
            continue
        xml_formats.append(name)
        root = ET.fromstring(data)  # well-formed, control characters and all
        texts = _xml_texts(root)
        assert any(SPECIAL in t for t in texts), f"{name}: the marker label did not round-trip"
        assert any("第一集 <&> \"q\" 's' ]]>.mp4" in t for t in texts), f"{name}: the file name did not"
    assert {"fcp7xml", "fcpxml"} <= set(xml_formats)


# --- safety: no pickle, no shell, nothing written outside the chosen folder ------------------


def _python_files():
    return sorted((ROOT / "desktop_app").rglob("*.py"))


def test_no_pickle_and_no_shell_in_the_app():
    problems = []
    for path in _python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = path.relative_to(ROOT)
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
                if any(n.split(".")[0] in {"pickle", "cPickle", "dill", "shelve", "marshal"} for n in names):
                    problems.append(f"{where}:{node.lineno} imports a pickle-like module")
            if not isinstance(node, ast.Call):
                continue
            func = ast.unparse(node.func)
            kwargs = {k.arg: ast.unparse(k.value) for k in node.keywords}
            if func.endswith("torch.load") and kwargs.get("weights_only") != "True":
                problems.append(f"{where}:{node.lineno} torch.load without weights_only=True")
            if func in {"os.system", "os.popen", "subprocess.getoutput", "subprocess.getstatusoutput"}:
                problems.append(f"{where}:{node.lineno} {func} runs a shell")
            if kwargs.get("shell") not in (None, "False"):
                problems.append(f"{where}:{node.lineno} shell=True")
            if (
                func.startswith("subprocess.")
                and node.args
                and not isinstance(node.args[0], ast.List | ast.Tuple | ast.Name)
            ):
                problems.append(f"{where}:{node.lineno} a command built as a string")
            if func.endswith("yaml.load") and "Safe" not in kwargs.get("Loader", ""):
                problems.append(f"{where}:{node.lineno} yaml.load without a safe loader")
            if func.endswith("load") and kwargs.get("allow_pickle") == "True":
                problems.append(f"{where}:{node.lineno} {func}(allow_pickle=True)")
    assert problems == []


def test_project_files_are_plain_json(tmp_path):
    path = save_project(Project(sample_analysis()), tmp_path / "p.cutmark.json")
    assert json.loads(path.read_text(encoding="utf-8"))["schema_version"] == 2


@pytest.mark.parametrize("name", exports.names())
@pytest.mark.parametrize("stem", ["../escape", "sub/escape", "/tmp/escape", "..", "a\x00b", "C:\\escape"])
def test_no_format_writes_outside_the_chosen_folder(name, stem, tmp_path):
    out = tmp_path / "out"
    if "\\" in stem and os.sep == "/":
        stem = "sub\\escape"  # a Windows separator is refused everywhere
    with pytest.raises(ExportError):
        exports.export(Project(sample_analysis()), [name], out, stem=stem)
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
@pytest.mark.parametrize("name", exports.names())
def test_no_format_follows_a_link_out_of_the_folder(name, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    outside = tmp_path / "victim.txt"
    outside.write_text("precious", encoding="utf-8")
    suffix = exports.get(name).suffix
    (out / f"talk{suffix}").symlink_to(outside)
    with pytest.raises(CutmarkError):
        exports.export(Project(sample_analysis()), [name], out, stem="talk", overwrite=True)
    assert outside.read_text(encoding="utf-8") == "precious"


@pytest.mark.parametrize("name", exports.names())
def test_each_format_writes_exactly_its_one_file(name, tmp_path):
    out = tmp_path / "out"
    project = Project(sample_analysis())
    [path] = exports.export(project, [name], out, stem="talk")
    # and the companions it declares (Kdenlive's subtitles beside the project), nothing else
    companions = exports.get(name).companions(project, path, exports.ExportOptions())
    assert sorted(p for p in tmp_path.rglob("*") if p.is_file()) == sorted([path, *companions])
    assert path.parent == out.resolve() and path.name == f"talk{exports.get(name).suffix}"
