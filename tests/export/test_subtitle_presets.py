"""Presets that read well on long transcripts, files every parser accepts, and subtitles for a cut."""

import dataclasses

import pysrt
import pytest
import srt

from desktop_app import export as exports
from desktop_app.core.errors import ExportError
from desktop_app.core.model import SPEECH, Marker, Segment
from desktop_app.edit import plan_from_spans, remap_ms
from desktop_app.export import ExportOptions, SubtitleOptions, build_cues, compliance, cue_problems, preset
from desktop_app.project import Project
from tests.export.speech import FAST_PACE, long_transcript
from tests.project.factories import sample_analysis


def _parse_both(path):
    text = path.read_text(encoding="utf-8")
    with_srt = list(srt.parse(text))
    with_pysrt = pysrt.open(str(path), encoding="utf-8")
    assert len(with_srt) == len(with_pysrt) > 0
    starts = [s.start for s in with_srt]
    assert all(a < b for a, b in zip(starts, starts[1:], strict=False)), "cue starts must increase"
    assert all(s.start < s.end for s in with_srt)
    assert [(i.start.ordinal, i.end.ordinal) for i in with_pysrt] == [
        (round(s.start.total_seconds() * 1000), round(s.end.total_seconds() * 1000)) for s in with_srt
    ]
    return with_srt


@pytest.mark.parametrize(
    ("language", "name"),
    [("en", "latin"), ("en", "vertical"), ("zh", "latin"), ("zh", "cjk"), ("zh", "vertical"), ("ja", "cjk")],
)
@pytest.mark.parametrize("with_words", [True, False])
def test_99_percent_of_cues_meet_the_preset_and_both_parsers_read_the_file(
    tmp_path, language, name, with_words
):
    project = Project(long_transcript(language, minutes=20, with_words=with_words))
    opts = preset(name, include_events=True)
    [path] = exports.export(project, ["srt"], tmp_path, stem="talk", options=ExportOptions(opts))
    subs = _parse_both(path)
    cues = build_cues(project, opts)
    assert len(subs) == len(cues) > 150
    assert compliance(cues, opts) >= 0.99, [
        (c.text, cue_problems(c, opts)) for c in cues if cue_problems(c, opts)
    ]
    for cue in cues:  # the hard limits hold for every cue
        lay = cue.layout or opts
        assert 1 <= len(cue.lines) <= lay.max_lines
        assert all(len(line) <= lay.max_chars_per_line for line in cue.lines)
        assert cue.duration_ms <= lay.max_duration_ms
    if language != "en":
        assert all(" " not in c.text.replace("\n", "") for c in cues if c.kind == "speech"), (
            "no spaces added to CJK"
        )


def test_a_fast_talker_breaks_only_the_reading_speed():
    """Faster than 20 characters a second cannot always be read in time: those cues are the
    only ones allowed to miss, and lending time from neighbours keeps them few."""
    project = Project(long_transcript("en", minutes=20, pace=FAST_PACE))
    opts = preset("latin")
    cues = build_cues(project, opts)
    assert compliance(cues, opts) >= 0.9
    kinds = {p.split()[0] if "chars/s" not in p else "cps" for c in cues for p in cue_problems(c, opts)}
    assert kinds <= {"cps", "on"}  # reading speed, or "on screen ... < min" (never lines or width)
    no_lending = build_cues(project, dataclasses.replace(opts, max_shift_ms=0))
    assert compliance(cues, opts) > compliance(no_lending, opts)


def test_presets_and_their_overrides():
    assert (preset("latin").max_chars_per_line, preset("latin").max_lines, preset("latin").max_cps) == (
        42,
        2,
        20.0,
    )
    assert (preset("latin").min_duration_ms, preset("latin").max_duration_ms) == (1000, 7000)
    assert (preset("cjk").max_chars_per_line, preset("cjk").max_cps) == (16, 9.0)
    assert preset("vertical").max_chars_per_line == 24
    assert preset("LATIN", max_lines=1).max_lines == 1
    with pytest.raises(ExportError, match="unknown subtitle preset"):
        preset("tiny")
    with pytest.raises(ExportError):
        SubtitleOptions(event_style="inline")


def test_mixed_languages_get_their_own_line_width():
    cues = build_cues(Project(sample_analysis()), preset("latin"))
    zh = [c for c in cues if "\u4e00" <= c.text[0] <= "\u9fff"]
    en = [c for c in cues if c.text[0].isascii()]
    assert zh and en
    assert all(len(line) <= 16 for c in zh for line in c.lines)
    assert any(len(line) > 16 for c in en for line in c.lines)


def _analysis(segments, markers=()):
    base = sample_analysis()
    return dataclasses.replace(base, segments=tuple(segments), markers=tuple(markers))


def test_hearing_impaired_prefixes_and_emotion_notes(tmp_path):
    analysis = _analysis(
        [
            Segment(
                1000, 4000, SPEECH, "That was the best joke all year.", "en", "HAPPY", emotion_confidence=0.9
            ),
            Segment(10000, 12000, SPEECH, "Thank you.", "en", "NEUTRAL"),
            Segment(20000, 23000, SPEECH, "I am not amused.", "en", "ANGRY", emotion_confidence=0.3),
        ],
        [
            Marker("event", "laughter", 2000, 5000, 0.9),
            Marker("event", "bgm", 14000, 18000, 0.9),
            Marker("emotion", "happy", 1000, 4000, 0.9),
            Marker("emotion", "angry", 20000, 23000, 0.3),
        ],
    )
    opts = SubtitleOptions(
        include_events=True, event_style="prefix", include_emotion=True, min_emotion_confidence=0.5
    )
    cues = build_cues(Project(analysis), opts)
    texts = [c.text.replace("\n", " ") for c in cues]
    assert texts[0] == "[Laughter] (happy) That was the best joke all year."
    assert "Thank you." in texts and "[Music]" in texts  # no speech under the music: a cue of its own
    assert "I am not amused." in texts  # 'angry' below the confidence asked for
    as_cues = build_cues(Project(analysis), SubtitleOptions(include_events=True))
    assert "[Laughter]" in [c.text for c in as_cues]
    [path] = exports.export(Project(analysis), ["srt"], tmp_path, stem="hi", options=ExportOptions(opts))
    _parse_both(path)


def test_subtitles_follow_the_cut():
    project = Project(sample_analysis())
    # keep 1.0–5.0 s and 12.0–19.0 s: the end of the English sentence is cut away
    cut = plan_from_spans([(1000, 5000), (12000, 19000)], 60_000)
    cues = build_cues(project, SubtitleOptions(), cut)
    assert all(0 <= c.start_ms < c.end_ms <= cut.kept_ms for c in cues)
    joined = " ".join(c.text.replace("\n", " ") for c in cues)
    assert joined.startswith("So today we are talking about")
    assert "phones" not in joined  # spoken at ~8.3 s, which the cut removes
    en_words = {w.text: w for w in project.analysis.segments[1].words}
    assert cues[0].start_ms == remap_ms(cut, en_words["So"].start_ms) == 0
    zh = next(c for c in cues if c.text.startswith("今天"))
    assert zh.start_ms == remap_ms(cut, 12_000) == 4_000
    # and the events move too
    marker_cut = plan_from_spans([(8000, 13000)], 60_000)
    hi = build_cues(project, SubtitleOptions(include_events=True), marker_cut)
    laugh = next(c for c in hi if c.text == "[Laughter]")
    assert 1000 <= laugh.start_ms < laugh.end_ms <= 4000  # laughter 9–12 s is 1–4 s in the cut


def test_txt_and_vtt_follow_the_cut(tmp_path):
    cut = plan_from_spans([(12000, 19000)], 60_000)
    paths = exports.export(
        Project(sample_analysis()), ["txt", "vtt"], tmp_path, stem="c", options=ExportOptions(cut=cut)
    )
    txt, vtt = (p.read_text(encoding="utf-8") for p in paths)
    assert txt.startswith("今天") and "subtitles" not in txt
    assert "00:00:00.000 --> " in vtt and "subtitles" not in vtt


def test_emotion_notes_follow_the_reviewed_markers():
    """A rejected emotion leaves the subtitles; a relabelled one says its new name (the
    notes read the project's emotion markers, which carry sensitivity and review)."""
    from desktop_app.events import build_markers
    from desktop_app.session import ChangeMarkerKind, Document, RejectMarker

    segments = [
        Segment(1000, 4000, SPEECH, "What a day.", "en", "HAPPY", emotion_confidence=0.9),
        Segment(6000, 9000, SPEECH, "Leave me alone.", "en", "ANGRY", emotion_confidence=0.8),
    ]
    doc = Document()
    doc.load(Project(_analysis(segments, build_markers(segments))), None)
    opts = SubtitleOptions(include_emotion=True)

    def notes():
        return [c.text.replace("\n", " ") for c in build_cues(doc.project, opts)]

    assert notes() == ["(happy) What a day.", "(angry) Leave me alone."]
    happy, angry = [m for m in doc.project.analysis.markers if m.kind == "emotion"]
    assert doc.run(RejectMarker(angry))
    assert notes() == ["(happy) What a day.", "Leave me alone."]
    assert doc.run(ChangeMarkerKind(happy, "sad"))
    assert notes() == ["(sad) What a day.", "Leave me alone."]
    doc.undo()
    doc.undo()
    assert notes() == ["(happy) What a day.", "(angry) Leave me alone."]
