"""Every CSV the app writes is safe to open in a spreadsheet: text cells that would run as a formula
get a leading single quote (OWASP's rule for CSV injection)."""

from __future__ import annotations

import csv
import io

from desktop_ocr.core.formats import export_text
from desktop_ocr.core.results import Hit, Line, PageResult
from desktop_ocr.core.video.events import TextEvent
from desktop_ocr.core.video.report import VideoHit, VideoReport, reports_to_csv

BOX = [[0.0, 0.0], [200.0, 0.0], [200.0, 20.0], [0.0, 20.0]]
HOSTILE = ["=1+2+cmd", "@SUM(1,2)", "+33", "-2+3", "\tTAB", "\rCR"]


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


def test_page_csv_neutralises_formula_cells():
    lines = [Line(t, BOX, 0.9) for t in [*HOSTILE, "plain = text"]]
    cells = _cells(export_text([PageResult("=evil.png", None, 300, 200, lines=lines)], "csv"))
    for t in HOSTILE:
        assert "'" + t in cells and t not in cells
    assert "plain = text" in cells  # only the first character matters
    assert "'=evil.png" in cells  # file names too
    assert not any(c.startswith(("=", "+", "@", "\t", "\r")) for c in cells)


def test_hits_csv_neutralises_formula_cells():
    res = PageResult(
        "p.png", None, 300, 40, lines=[Line("=HYPERLINK(x)", BOX, 0.9)], hits=[Hit("=HYPERLINK", 0, 0, 10)]
    )
    cells = _cells(export_text([res], "hits"))
    assert "'=HYPERLINK(x)" in cells and "'=HYPERLINK" in cells
    assert not any(c.startswith("=") for c in cells)


def test_video_csv_neutralises_formula_cells():
    report = VideoReport(
        "clip.mp4",
        duration_s=3.0,
        events=[TextEvent(0.0, 1.0, "@SUM(1,2)")],
        hits=[VideoHit("+33", "+33 call now", 0.5)],
    )
    cells = _cells(reports_to_csv([report]))
    assert {"'@SUM(1,2)", "'+33", "'+33 call now"} <= set(cells)
    assert not any(c.startswith(("=", "+", "@", "-")) for c in cells)
