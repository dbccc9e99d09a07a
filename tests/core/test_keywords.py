"""Keyword lists and matching: what a reviewer checking OCR text against a list would see."""

from __future__ import annotations

import pytest

from desktop_ocr.core import keywords as kwmod
from desktop_ocr.core.keywords import Keyword, KeywordFileError, KeywordList, KeywordMatcher, normalize
from desktop_ocr.core.results import Hit, Line, PageResult


def spans(matcher: KeywordMatcher, text: str) -> list[tuple[str, str]]:
    """What the user sees highlighted: (keyword, the original text of the hit)."""
    return [(kw, text[s:e]) for kw, s, e in matcher.find(text)]


# -- normalisation ------------------------------------------------------------------------------


def test_normalize_folds_width_and_case_and_maps_back_to_original():
    text = "ＡＢＣ\u3000１２３，Ok"
    folded, index = normalize(text)
    assert folded == "abc 123,ok"
    assert len(index) == len(folded)
    assert [text[i] for i in index] == list("ＡＢＣ　１２３，Ok")


def test_normalize_drops_spaces_next_to_cjk_and_collapses_latin_spaces():
    folded, index = normalize("  敏 感\u3000词  foo \t  bar 登 录 ")
    assert folded == "敏感词foo bar登录"
    assert index[0] == 2  # leading spaces dropped: the first folded char is the original "敏"


# -- literal matching ---------------------------------------------------------------------------


def test_case_is_ignored():
    m = KeywordMatcher(["Secret"])
    assert spans(m, "top SECRET and secret") == [("Secret", "SECRET"), ("Secret", "secret")]


def test_fullwidth_text_matches_halfwidth_keyword_and_back():
    m = KeywordMatcher(["ABC123", "ｆｏｏ，ｂａｒ"])
    text = "id: ＡＢＣ１２３ / foo,bar"
    assert spans(m, text) == [("ABC123", "ＡＢＣ１２３"), ("ｆｏｏ，ｂａｒ", "foo,bar")]


def test_spaces_inside_cjk_are_ignored_and_the_hit_covers_them():
    m = KeywordMatcher(["敏感词"])
    text = "这里有 敏 感 词 吗"
    ((kw, s, e),) = m.find(text)
    assert kw == "敏感词"
    assert text[s:e] == "敏 感 词"
    assert (s, e) == (4, 9)


def test_keyword_with_cjk_spaces_matches_unspaced_text():
    m = KeywordMatcher(["敏 感 词"])
    assert spans(m, "含敏感词的句子") == [("敏 感 词", "敏感词")]


def test_latin_word_boundaries_are_kept_but_dropped_spaces_still_match():
    m = KeywordMatcher(["s:tena", "foo bar", "s:foo bar"])
    # "cat enate" must not become "catenate" (which contains "tena")
    assert m.find("cat enate") == []
    assert spans(m, "FOO    Bar") == [("foo bar", "FOO    Bar"), ("s:foo bar", "FOO    Bar")]
    # OCR drops spaces between English words: "foo bar" still finds "foobar" as a word of its own,
    # and inside a longer word only as a substring keyword
    assert spans(m, "see foobar.") == [("foo bar", "foobar"), ("s:foo bar", "foobar")]
    assert spans(m, "xfoobarx") == [("s:foo bar", "foobar")]


# -- whole words and substrings -------------------------------------------------------------------


def test_latin_keywords_match_whole_words_and_cjk_keywords_match_anywhere():
    m = KeywordMatcher(["the", "空间", "Straße"])
    text = "The end: their tothe they, the-end (THE) 他们的空间站 strasse2 STRASSE"
    assert spans(m, text) == [
        ("the", "The"),
        ("the", "the"),
        ("the", "THE"),
        ("空间", "空间"),
        ("Straße", "STRASSE"),
    ]
    # CJK next to a Latin keyword is a boundary: Chinese text does not space its words
    assert spans(m, "他们the空间") == [("the", "the"), ("空间", "空间")]


def test_prefixes_choose_whole_word_or_substring_per_keyword():
    kl = KeywordList.from_text("w:the\ns:cat\nre:\\bdog\\b\n w: \n")
    assert [(k.text, k.whole_word, k.label) for k in kl] == [
        ("the", True, "w:the"),
        ("cat", False, "s:cat"),
        ("\\bdog\\b", None, "re:\\bdog\\b"),
    ]
    m = KeywordMatcher(kl, whole_words=False)  # the list's option does not override a prefix
    assert spans(m, "their concatenate the hotdog dog") == [
        ("s:cat", "cat"),
        ("w:the", "the"),
        ("re:\\bdog\\b", "dog"),
    ]
    # the same word under two prefixes is two keywords; the same prefix twice is one
    assert [k.label for k in KeywordList.from_strings(["the", "w:the", "s:the", "W:x", "w:THE"])] == [
        "the",
        "w:the",
        "s:the",
        "W:x",
    ]
    # a keyword that itself starts with a prefix: another prefix in front keeps it literal
    assert spans(KeywordMatcher(["s:w:x"]), "aw:xb") == [("s:w:x", "w:x")]


def test_the_lists_option_decides_for_keywords_without_a_prefix():
    text = "their theory is the one"
    on = KeywordMatcher(KeywordList.from_text("the\n"))
    off = KeywordMatcher(KeywordList.from_text("the\n", whole_words=False))
    assert on.whole_words and not off.whole_words
    assert spans(on, text) == [("the", "the")]
    assert [t for _k, t in spans(off, text)] == ["the", "the", "the"]
    assert on.first_hit("their theory") is False and off.first_hit("their theory") is True
    assert KeywordMatcher(["the"], whole_words=False).find("their") == [("the", 0, 3)]


def test_mixed_keywords_check_the_boundary_only_at_a_latin_or_digit_edge():
    m = KeywordMatcher(["iPhone手机", "手机2"])
    assert spans(m, "买iPhone手机壳") == [("iPhone手机", "iPhone手机")]
    assert m.find("xiPhone手机") == []  # the Latin start touches a letter
    assert spans(m, "新手机2号") == [("手机2", "手机2")]
    assert m.find("手机25") == []  # the digit end touches a digit
    # a hit through a runner-up reading obeys the same boundaries
    hits = m.match_lines(["xiPhcne手机", "iPhcne手机"], [[(4, "o", 0.4)], [(3, "o", 0.4)]])
    assert [(h.line, h.keyword, h.possible) for h in hits] == [(1, "iPhone手机", True)]


def test_whole_word_hit_spans_map_back_to_the_original_text():
    m = KeywordMatcher(["word"])
    text = "ｗｏｒｄ，Ｗｏｒｄｓ w\u00adord"
    assert [(s, e) for _k, s, e in m.find(text)] == [(0, 4), (11, 16)]
    assert text[11:16] == "w\u00adord"  # the soft hyphen is inside the highlighted span


def test_mixed_cjk_and_latin_line():
    m = KeywordMatcher(["admin登录", "用户 Admin"])
    text = "用户 admin 登录 失败"
    assert spans(m, text) == [("用户 Admin", "用户 admin"), ("admin登录", "admin 登录")]


def test_halfwidth_katakana_with_voicing_marks_and_invisible_characters():
    m = KeywordMatcher(["ガイド", "敏感"])
    text = "ｶﾞｲﾄﾞ 敏\u200b感"
    assert spans(m, text) == [("ガイド", "ｶﾞｲﾄﾞ"), ("敏感", "敏\u200b感")]


def test_overlapping_keywords_are_all_reported_in_order():
    m = KeywordMatcher(["感词", "敏感词", "敏感"])
    text = "有敏感词"
    assert m.find(text) == [("敏感", 1, 3), ("敏感词", 1, 4), ("感词", 2, 4)]


def test_empty_blank_and_duplicate_keywords():
    kl = KeywordList.from_strings(["abc", "ABC", "ａｂｃ", "", "   ", "\u200b", "re:x", "re:x", "re:"])
    assert [k.label for k in kl] == ["abc", "re:x"]
    m = KeywordMatcher(kl)
    assert m.find("ABC") == [("abc", 0, 3)]


def test_empty_list_matches_nothing():
    kl = KeywordList.from_text("# only a comment\n\n")
    assert not kl and len(kl) == 0
    m = KeywordMatcher(kl)
    assert m.find("anything") == []
    assert m.first_hit(["anything"]) is False


# -- list files ---------------------------------------------------------------------------------


def test_file_with_bom_comments_and_blank_lines(tmp_path):
    path = tmp_path / "list.txt"
    path.write_bytes("\ufeff机密\n# a comment\n\n   \n  Secret  \n re:\\d{3}-\\d{4}\n#tag\n".encode())
    kl = KeywordList.from_file(path)
    assert kl.keywords == [
        Keyword("机密", False, 1),
        Keyword("Secret", False, 5),
        Keyword("\\d{3}-\\d{4}", True, 6),
    ]
    assert kl.warnings == []
    m = KeywordMatcher(kl)
    assert m.first_hit(["机密文件"])  # the BOM did not become part of the first keyword


def test_from_strings_keeps_hash_keywords():
    assert [k.text for k in KeywordList.from_strings(["#tag"])] == ["#tag"]


def test_file_not_utf8_raises_one_line_error_naming_the_file(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes("敏感词\n".encode("gbk"))
    with pytest.raises(KeywordFileError) as info:
        KeywordList.from_file(path)
    message = str(info.value)
    assert str(path) in message and "UTF-8" in message and "\n" not in message


def test_missing_file_raises_error_naming_the_file(tmp_path):
    path = tmp_path / "nope.txt"
    with pytest.raises(KeywordFileError, match="nope.txt"):
        KeywordList.from_file(path)


# -- regular expressions ------------------------------------------------------------------------


def test_regex_keywords_match_folded_text_with_original_offsets():
    m = KeywordMatcher(KeywordList.from_text("re:\\d{3}-\\d{4}\nre:secret\\w*"))
    text = "Call ５５５－１２３４, SECRETS"
    assert spans(m, text) == [("re:\\d{3}-\\d{4}", "５５５－１２３４"), ("re:secret\\w*", "SECRETS")]


def test_bad_regex_is_reported_with_its_line_and_skipped(tmp_path):
    path = tmp_path / "kw.txt"
    path.write_text("ok\n# comment\nre:(\nfine\n", encoding="utf-8")
    kl = KeywordList.from_file(path)
    assert [k.label for k in kl] == ["ok", "fine"]
    (warning,) = kl.warnings
    assert "kw.txt line 3" in warning and "'('" in warning
    m = KeywordMatcher(kl)
    assert m.warnings == kl.warnings
    assert [kw for kw, _, _ in m.find("ok fine (")] == ["ok", "fine"]


def test_catastrophic_regex_returns_and_other_keywords_still_match():
    # (a+)+$ is exponential in stdlib re; the `regex` module happens to be smart about this one.
    m = KeywordMatcher(["re:(a+)+$", "needle"], regex_timeout_s=0.3)
    text = "a" * 28 + "! needle"
    assert spans(m, text) == [("needle", "needle")]
    assert all("(a+)+$" in w for w in m.warnings)


def test_regex_over_budget_is_reported_once_and_then_skipped():
    m = KeywordMatcher(["re:(a|aa)+$", "re:b+"], regex_timeout_s=0.2)
    text = "a" * 40 + "! bb"  # (a|aa)+$ takes about 10^8 steps on this: no engine finishes in time
    assert spans(m, text) == [("re:b+", "bb")]
    (warning,) = m.warnings
    assert "(a|aa)+$" in warning and "0.2 s" in warning
    assert spans(m, "aaa bbb") == [("re:b+", "bbb")]  # switched off, even where it would be fast
    assert len(m.warnings) == 1


def test_stdlib_fallback_runs_regexes_in_a_killable_process(monkeypatch):
    monkeypatch.setattr(kwmod, "_regex", None)
    with KeywordMatcher(["re:(a+)+$", "re:b.z", "foo"], regex_timeout_s=0.3) as m:
        text = "a" * 30 + "! baz foo"
        assert spans(m, text) == [("re:b.z", "baz"), ("foo", "foo")]
        (warning,) = m.warnings
        assert "(a+)+$" in warning
        # the worker was killed; a fresh one serves the remaining regex
        assert spans(m, "buz") == [("re:b.z", "buz")]
        assert m.first_hit(["xx bsz"]) and not m.first_hit(["nothing"])


def test_regex_matching_nothing_but_empty_strings_gives_no_hits():
    m = KeywordMatcher(["re:x*"])
    assert m.find("abc") == []
    assert spans(m, "axxb") == [("re:x*", "xx")]


# -- lines and pages ----------------------------------------------------------------------------


def test_match_lines_reports_line_indices():
    m = KeywordMatcher(["敏感词", "re:\\d+"])
    hits = m.match_lines(["无关", "敏 感 词 7", ""])
    assert hits == [Hit("敏感词", 1, 0, 5), Hit("re:\\d+", 1, 6, 7)]


def test_match_page_sets_hits_on_the_result():
    page = PageResult(
        "a.png",
        None,
        100,
        50,
        lines=[
            Line("hello", [[0, 0], [10, 0], [10, 5], [0, 5]], 0.9),
            Line("机 密 文件", [[0, 10], [10, 10], [10, 15], [0, 15]], 0.9),
        ],
    )
    m = KeywordMatcher(KeywordList.from_text("机密\nHELLO"))
    hits = m.match_page(page)
    assert page.hits == hits == [Hit("HELLO", 0, 0, 5), Hit("机密", 1, 0, 3)]
    assert page.to_dict()["hits"][1] == {"keyword": "机密", "line": 1, "start": 0, "end": 3}


def test_hit_spans_follow_a_corrected_line_in_the_view_csv_and_annotated_page():
    import csv
    import io

    from desktop_ocr.core.results import to_hits_csv
    from desktop_ocr.core.spans import span_quad

    box = [[0, 0], [360, 0], [360, 20], [0, 20]]
    page = PageResult("p.png", None, 400, 40, [Line("Elections markthe startof the next", box, 0.9)])
    m = KeywordMatcher(["the"])
    assert [page.lines[0].text[h.start : h.end] for h in m.match_page(page)] == ["the"]  # not "markthe"
    corrected = "Elections mark the start of the next"
    page.set_line_text(0, corrected)
    assert page.hits == []  # the old spans are gone at once: they belonged to the old text
    hits = m.rematch_line(page, 0)
    assert [(h.start, h.end) for h in hits] == [(15, 18), (28, 31)]
    assert all(corrected[h.start : h.end] == "the" for h in hits)
    # the hits CSV names the corrected text's characters and places each over its own word
    rows = list(csv.DictReader(io.StringIO(to_hits_csv([page]))))
    assert [r["match"] for r in rows] == ["the", "the"]
    for h, r in zip(hits, rows, strict=True):
        quad = span_quad(box, corrected, h.start, h.end)
        assert float(r["x0"]) == round(quad[0][0], 1)
        # the span's middle is at the keyword's share of the line (character widths), not "rk"
        middle = (quad[0][0] + quad[1][0]) / 2 / 360
        assert abs(middle - (h.start + 1.5) / len(corrected)) < 0.05
    # "correcting" a line to its own text changes nothing
    page.set_line_text(0, corrected)
    assert page.hits == hits


def test_first_hit():
    m = KeywordMatcher(["needle", "re:^id\\d+$"])
    assert m.first_hit(["hay", "more NEEDLE"])
    assert m.first_hit("ID42")
    assert not m.first_hit(["hay", "id42x"])


def test_ten_thousand_keywords_over_a_thousand_lines():
    words = [f"k{i:05d}x" for i in range(5000)] + [f"关键{i:05d}词" for i in range(5000)]
    m = KeywordMatcher(words)
    lines = []
    expected = []
    for j in range(1000):
        a, b = words[(j * 7) % 10_000], words[(j * 13 + 1) % 10_000]
        spaced_b = b.replace("关键", "关 键 ").replace("词", " 词")  # OCR spacing next to CJK
        line = f"line {j}: {a.upper()} and {spaced_b}."
        lines.append(line)
        expected.append((j, a, a.upper()))
        expected.append((j, b, spaced_b))
    hits = m.match_lines(lines)
    assert sorted((h.line, h.keyword, lines[h.line][h.start : h.end]) for h in hits) == sorted(expected)


# -- possible hits through the recogniser's runner-up readings -------------------------------------


def test_runner_up_reading_gives_a_possible_hit_on_the_text_as_read():
    m = KeywordMatcher(["敢耍我", "敢"])
    hits = m.match_lines(["他说敢要我吗"], [[(3, "耍", 0.28)]])
    assert [(h.keyword, h.start, h.end, h.possible) for h in hits] == [
        ("敢", 2, 3, False),
        ("敢耍我", 2, 5, True),
    ]
    # without the alternates the look-alike is not found
    assert [h.keyword for h in m.match_lines(["他说敢要我吗"])] == ["敢"]


def test_a_plain_hit_is_not_also_reported_as_possible():
    m = KeywordMatcher(["敢要我"])
    hits = m.match_lines(["敢要我"], [[(1, "耍", 0.2)]])
    assert [(h.keyword, h.possible) for h in hits] == [("敢要我", False)]


def test_alternate_outside_the_span_does_not_make_a_possible_hit():
    m = KeywordMatcher(["ab"])
    # swapping index 3 does not touch "ab", which is already there plainly; no duplicate
    assert [(h.start, h.possible) for h in m.match_lines(["ab xy"], [[(3, "b", 0.3)]])] == [(0, False)]


def test_two_look_alikes_in_one_keyword_and_regex_keywords():
    m = KeywordMatcher(["modem", r"re:\bclass\b"])
    hits = m.match_lines(["m0dcm c1ass"], [[(1, "o", 0.3), (3, "e", 0.1), (7, "l", 0.4)]])
    assert [(h.keyword, h.start, h.end, h.possible) for h in hits] == [
        ("modem", 0, 5, True),
        (r"re:\bclass\b", 6, 11, True),
    ]


def _look_alike_page() -> PageResult:
    """A page whose one line was read 敢要我, with 耍 as the runner-up of its middle character."""
    line = Line("敢要我", [[0, 0], [90, 0], [90, 30], [0, 30]], 0.9, alternates=[(1, "耍", 0.13)])
    return PageResult("f.png", None, 100, 40, [line])


def test_page_hits_use_the_lines_alternates_and_stop_condition_sees_them():
    m = KeywordMatcher(["敢耍我"])
    page = _look_alike_page()
    assert [(h.keyword, h.possible) for h in m.match_page(page)] == [("敢耍我", True)]
    assert m.first_hit(["敢要我"], [[(1, "耍", 0.13)]])
    assert not m.first_hit(["敢要我"])
    assert m.find("敢要我", [(1, "耍", 0.13)]) == [("敢耍我", 0, 3)]


def test_editing_a_line_drops_its_alternates_and_json_round_trips_them():
    page = _look_alike_page()
    back = PageResult.from_dict(page.to_dict())
    assert back.lines[0].alternates == [(1, "耍", 0.13)]
    back.set_line_text(0, "敢要我了")
    assert back.lines[0].alternates == []
    assert "alternates" not in back.to_dict()["lines"][0]


def test_alternate_readings_are_bounded_and_keep_the_length():
    text = "x" * 40
    alts = [(i, "y", 0.1) for i in range(40)]
    readings = kwmod.alternate_readings(text, alts)
    assert len(readings) == kwmod.MAX_READINGS
    assert all(len(r) == len(text) for r, _subs in readings)
    # bad indices and swaps of spaces are ignored
    assert kwmod.alternate_readings("a b", [(1, "x", 0.5), (9, "y", 0.5)]) == []
