"""Fillers per language from the data file (and the user's own), repeats, shortened pauses
(events spared), search matches (case- and width-insensitive), word spelling fixes."""

from __future__ import annotations

import json

import pytest

from desktop_app.core.model import SPEECH, Marker, Segment, Word
from desktop_app.edit.fillers import FillerListError, find_fillers, find_repeats, load_filler_lists
from desktop_app.edit.pauses import PauseOptions, pause_cuts
from desktop_app.edit.plan import CutPlanError
from desktop_app.edit.search import find_matches, words_matching
from desktop_app.edit.transcript_edits import EditError, set_word_text


def seg(language, tokens, start=0, gap=20, length=200, text=None):
    words, t = [], start
    for tok in tokens:
        if isinstance(tok, tuple):  # (token, extra pause before it)
            tok, extra = tok
            t += extra
        words.append(Word(tok, t, t + length))
        t += length + gap
    glue = "" if language in ("zh", "ja", "yue") else " "
    return Segment(start, t, SPEECH, text or glue.join(w.text for w in words), language, words=tuple(words))


def texts(found):
    return [f.text for f in found]


LISTS = load_filler_lists(None)


def test_fillers_follow_each_segments_language():
    segs = (
        seg("en", ["Um,", "I", "think", "UH", "erm", "umbrella", "ah"]),
        seg("zh", ["嗯", "我", "觉", "得", "呃", "额"], start=5000),
        seg("ko", ["음", "저는", "어", "아", "학교"], start=9000),
        seg("ja", ["え", "ー", "そ", "れ", "は", "え", "っ", "と"], start=12000),
    )
    assert texts(find_fillers(segs, LISTS)) == [
        "Um,",
        "UH",
        "erm",
        "ah",
        "嗯",
        "呃",
        "额",
        "음",
        "어",
        "아",
        "えー",
        "えっと",
    ]
    ja = [f for f in find_fillers(segs, LISTS) if f.segment == 3]
    assert [(f.first, f.last) for f in ja] == [(0, 1), (5, 7)]  # characters joined into one filler


def test_standalone_fillers_need_a_pause_on_both_sides():
    segs = (
        seg("zh", ["好", "啊", ("啊", 300), ("我", 300), "们"]),  # 好啊 is a word; the second 啊 stands alone
        seg("ja", ["あ", "の", "人", ("あ", 300), "の", ("で", 300), "す"], start=5000),
        seg("yue", ["哦", ("係", 200), "咩"], start=9000),
    )
    found = find_fillers(segs, LISTS)
    assert [(f.segment, f.first, f.last) for f in found] == [(0, 2, 2), (1, 3, 4), (2, 0, 0)]


def test_an_unknown_language_uses_every_list():
    segs = (Segment(0, 1000, SPEECH, "um 嗯", None, words=(Word("um", 0, 200), Word("嗯", 400, 600))),)
    assert texts(find_fillers(segs, LISTS)) == ["um", "嗯"]


def test_the_users_file_replaces_the_languages_it_lists(tmp_path):
    mine = tmp_path / "fillers.json"
    mine.write_text(
        json.dumps({"languages": {"en": {"words": ["like", "ＹＯＵ　ＫＮＯＷ"]}}}), encoding="utf-8"
    )
    lists = load_filler_lists(mine)
    segs = (seg("en", ["um", "like", "you", "know", "so"]), seg("zh", ["嗯"], start=5000))
    assert texts(find_fillers(segs, lists)) == ["like", "you know", "嗯"]  # zh still the shipped list
    mine.write_text('{"languages": {"en": {"words": "um"}}}', encoding="utf-8")
    with pytest.raises(FillerListError, match="languages.en.words must be a list"):
        load_filler_lists(mine)
    mine.write_text("{not json", encoding="utf-8")
    with pytest.raises(FillerListError, match="cannot be read as JSON") as info:
        load_filler_lists(mine)
    assert info.value.hint
    assert load_filler_lists(tmp_path / "absent.json") == LISTS


def test_repeats_offer_the_first_saying():
    segs = (
        seg("en", ["I", "I", "think", "the", "The", "cat", "you", "know", "you", "know", "it"]),
        seg("zh", ["谢", "谢"], start=9000),
    )
    found = find_repeats(segs)
    assert [(f.first, f.last, f.text) for f in found] == [(0, 0, "I"), (3, 3, "the"), (6, 7, "you know")]


def test_pauses_are_shortened_to_the_maximum_and_events_are_spared():
    s = seg("en", ["a", ("b", 1000), ("c", 200), ("d", 2000)])
    words = s.words
    cuts = pause_cuts((s,), (), PauseOptions(300))
    assert cuts == [
        (words[0].end_ms + 150, words[1].start_ms - 150),
        (words[2].end_ms + 150, words[3].start_ms - 150),
    ]
    laugh = Marker("event", "laughter", words[2].end_ms + 500, words[2].end_ms + 1500, 0.9)
    spared = pause_cuts((s,), (laugh,), PauseOptions(300))
    assert spared[0] == cuts[0]
    for a, b in spared[1:]:
        assert b <= laugh.start_ms or a >= laugh.end_ms
    assert pause_cuts((s,), (laugh,), PauseOptions(300, include_events=True)) == cuts
    with pytest.raises(CutPlanError):
        PauseOptions(50)


def test_matches_are_whole_words_case_and_width_insensitive():
    segs = (
        seg("en", ["The", "theory", "of", "the", "THE,"]),
        seg("ja", ["ｶ", "ﾀ", "カ", "ナ"], start=5000),
        seg("zh", ["ＡＢ", "字", "幕"], start=9000),
    )
    assert [(f.segment, f.first, f.last) for f in find_matches(segs, "the")] == [
        (0, 0, 0),
        (0, 3, 3),
        (0, 4, 4),
    ]
    assert [(f.segment, f.first, f.last) for f in find_matches(segs, "of the")] == [(0, 2, 3)]
    assert [(f.segment, f.first, f.last) for f in find_matches(segs, "カタ")] == [(1, 0, 1)]
    assert [(f.segment, f.first) for f in find_matches(segs, "ab字")] == [(2, 0)]
    assert find_matches(segs, "  ") == []
    assert [f.text for f in words_matching(segs, "th.*")] == ["The", "theory", "the", "THE,"]
    with pytest.raises(CutPlanError, match="not a regular expression"):
        words_matching(segs, "(")


def test_set_word_text_keeps_times_and_punctuation():
    s = seg("en", ["so", "todday", "we"], text="So, todday we!")
    [out] = set_word_text((s,), 0, 1, "today")
    assert out.text == "So, today we!" and [w.start_ms for w in out.words] == [w.start_ms for w in s.words]
    zh = seg("zh", ["字", "幕"], text="字幕。")
    assert set_word_text((zh,), 0, 1, "母")[0].text == "字母。"
    odd = seg("en", ["a", "b"], text="something else")
    assert set_word_text((odd,), 0, 0, "c")[0].text == "c b"
    with pytest.raises(EditError):
        set_word_text((s,), 0, 1, "  ")
    with pytest.raises(EditError):
        set_word_text((s,), 0, 9, "x")
