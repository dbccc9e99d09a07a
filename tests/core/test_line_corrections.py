"""A correction and its undo on a page result: the line as it was, and no stale hit spans."""

from desktop_ocr.core.results import Hit, Line, PageResult


def test_undoing_a_correction_restores_text_edited_mark_and_alternates_and_drops_old_spans():
    box = [[0, 0], [10, 0], [10, 5], [0, 5]]
    page = PageResult("p.png", None, 100, 50, [Line("敢耍我", box, 0.9, alternates=[(1, "要", 0.2)])])
    page.lines.append(Line("other line", box, 0.9))
    page.hits = [Hit("敢要我", 0, 0, 3, possible=True), Hit("other", 1, 0, 5)]
    page.set_line_text(0, "敢要我们")
    assert page.lines[0].edited and page.lines[0].alternates == []
    assert [h.line for h in page.hits] == [1]  # the corrected line's spans went with its text
    page.hits.append(Hit("我们", 0, 2, 4))
    page.restore_line(0, "敢耍我", False, [(1, "要", 0.2)])
    line = page.lines[0]
    assert (line.text, line.edited, line.alternates) == ("敢耍我", False, [(1, "要", 0.2)])
    assert [h.line for h in page.hits] == [1]
