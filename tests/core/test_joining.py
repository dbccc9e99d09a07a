"""Join modes for a capture's clipboard text: lines, one line, paragraphs."""

import pytest

from desktop_ocr.core.joining import join_text, paragraphs, visual_lines
from desktop_ocr.core.results import Line


def line(text: str, x0: float, y0: float, x1: float, h: float = 20) -> Line:
    return Line(text, [[x0, y0], [x1, y0], [x1, y0 + h], [x0, y0 + h]], 0.99)


# Two paragraphs of wrapped text (line pitch 30 px, text height 20), a blank line between them,
# the second paragraph's first line indented, and a hyphenated word across a line break.
WRAPPED = [
    line("The quarterly report shows that revenue", 10, 10, 600),
    line("grew by twelve percent over the last", 10, 40, 590),
    line("year.", 10, 70, 80),
    line("Costs stayed flat, while the new ware-", 40, 130, 600),
    line("house opened in March.", 10, 160, 330),
]


def test_lines_mode_keeps_each_visual_line():
    assert join_text(WRAPPED, "lines") == (
        "The quarterly report shows that revenue\ngrew by twelve percent over the last\nyear.\n"
        "Costs stayed flat, while the new ware-\nhouse opened in March."
    )


def test_one_line_joins_everything_with_spaces_and_dehyphenates():
    assert join_text(WRAPPED, "one-line") == (
        "The quarterly report shows that revenue grew by twelve percent over the last year. "
        "Costs stayed flat, while the new warehouse opened in March."
    )


def test_paragraphs_unwrap_lines_and_split_at_blank_line_and_indent():
    assert join_text(WRAPPED, "paragraphs") == (
        "The quarterly report shows that revenue grew by twelve percent over the last year.\n\n"
        "Costs stayed flat, while the new warehouse opened in March."
    )


def test_indent_alone_starts_a_paragraph():
    lines = [
        line("First paragraph runs over the whole width of", 10, 10, 600),
        line("the block and ends here.", 10, 40, 600),
        line("Second paragraph is indented and also runs", 40, 70, 600),
        line("over two lines.", 10, 100, 600),
    ]
    assert join_text(lines, "paragraphs").split("\n\n") == [
        "First paragraph runs over the whole width of the block and ends here.",
        "Second paragraph is indented and also runs over two lines.",
    ]


def test_a_list_of_short_lines_stays_a_list_in_paragraph_mode():
    items = [
        line(t, 10, 10 + 30 * i, 10 + 12 * len(t))
        for i, t in enumerate(
            ["Milk", "Bread and butter", "Coffee beans from the shop around the corner", "Eggs"]
        )
    ]
    assert join_text(items, "paragraphs").splitlines() == [
        "Milk",
        "Bread and butter",
        "Coffee beans from the shop around the corner",
        "Eggs",
    ]


def test_cjk_lines_are_joined_without_spaces():
    lines = [line("今天的会议改到", 10, 10, 300), line("星期四下午。", 10, 40, 260)]
    assert join_text(lines, "one-line") == "今天的会议改到星期四下午。"
    assert join_text(lines, "lines") == "今天的会议改到\n星期四下午。"


def test_boxes_on_one_visual_line_are_merged_first():
    lines = [line("Name:", 10, 10, 80), line("Alice", 100, 12, 160), line("Age: 30", 10, 40, 110)]
    assert [v.text for v in visual_lines(lines)] == ["Name: Alice", "Age: 30"]
    assert join_text(lines, "one-line") == "Name: Alice Age: 30"


def test_hyphen_before_a_capital_or_digit_is_kept():
    lines = [line("Invoice INV-", 10, 10, 200), line("2024 and e-", 10, 40, 200), line("Mail", 10, 70, 100)]
    assert join_text(lines, "one-line") == "Invoice INV- 2024 and e- Mail"


def test_empty_and_unknown_mode():
    assert join_text([], "paragraphs") == "" and paragraphs([]) == []
    with pytest.raises(ValueError, match="unknown join mode"):
        join_text(WRAPPED, "words")
