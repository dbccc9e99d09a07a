"""The Chinese script setting: lines converted after recognition, keywords matched on the result."""

from __future__ import annotations

import pytest

from desktop_ocr.core.chinese_script import ScriptConverter, ScriptError, convert_alternates
from desktop_ocr.core.engine import build_engine
from desktop_ocr.core.keywords import KeywordList, KeywordMatcher
from tests.helpers import render_lines


def test_converters_change_only_the_script():
    assert ScriptConverter("simplified")("什麼情況 臺灣 OCR 123") == "什么情况 台湾 OCR 123"
    assert ScriptConverter("traditional")("什么情况") == "什麼情況"
    assert ScriptConverter("as-read")("什么情況") == "什么情況"
    with pytest.raises(ScriptError):
        ScriptConverter("klingon")


def test_alternates_follow_the_conversion():
    to_simple = ScriptConverter("simplified")
    # 要 read, 耍 the runner-up: both already simplified, indices kept
    assert convert_alternates("敢要我", "敢要我", [(1, "耍", 0.2)], to_simple) == [(1, "耍", 0.2)]
    # a runner-up that converts to the character now in the text is no alternate any more
    assert convert_alternates("什么情況", "什么情况", [(3, "况", 0.3)], to_simple) == []


def test_simplified_setting_makes_keywords_match_traditional_print(cjk_font):
    img = render_lines(["這裡沒有問題"], cjk_font, size=40, width=600)
    as_read = build_engine(script="as-read").ocr(img)
    simple = build_engine(script="simplified").ocr(img)
    assert "問題" in as_read.text  # the shipped model reads the traditional forms as printed
    assert "这里没有问题" in simple.text

    def hits(page):
        matcher = KeywordMatcher(KeywordList.from_text("没有问题\n"))
        try:
            matcher.match_page(page)
        finally:
            matcher.close()
        return [h.keyword for h in page.hits or [] if not h.possible]

    assert hits(as_read) == []
    assert hits(simple) == ["没有问题"]
