"""The keyword-review benchmark's counting, on a hand-made set (no OCR run)."""

from __future__ import annotations

import json

from benchmarks import bench_keywords
from desktop_ocr.core.results import Line, PageResult

BOX = [[0, 0], [100, 0], [100, 20], [0, 20]]


def test_counts_plain_and_possible_hits_against_the_truth(tmp_path, capsys):
    (tmp_path / "labels").mkdir()
    (tmp_path / "labels" / "a.txt").write_text("the harbour master\nclosed today\n", encoding="utf-8")
    (tmp_path / "labels" / "b.txt").write_text("nothing here\n", encoding="utf-8")
    pages = [
        # "master" read plainly; "harbour" only through a runner-up (0 -> o); "closed" missed
        PageResult(
            "images/a.png",
            None,
            100,
            40,
            [
                Line("the harb0ur master", BOX, 0.9, alternates=[(8, "o", 0.3)]),
                Line("c1osed today", BOX, 0.9),
            ],
        ),
        # "today" is not on page b: a possible hit there is a false alarm
        PageResult(
            "images/b.png", None, 100, 40, [Line("nothing here t0day", BOX, 0.9, alternates=[(14, "o", 0.2)])]
        ),
    ]
    jsonl = tmp_path / "ocr.jsonl"
    jsonl.write_text("".join(json.dumps(p.to_dict()) + "\n" for p in pages), encoding="utf-8")
    assert bench_keywords.main([str(tmp_path), "--jsonl", str(jsonl), "--keywords", "100"]) == 0
    out = capsys.readouterr().out
    # keywords drawn: harbour, master, closed, today, nothing (all words of 5+ letters)
    assert "keywords 5" in out
    assert "pairs present in the truth: 5" in out  # a: harbour master closed today; b: nothing
    rows = {line[:28].strip(): line[28:].split() for line in out.splitlines() if line.startswith("plain")}
    # plain: master and today on a, nothing on b; the runner-up reading adds harbour
    assert rows["plain hits"] == ["3", "60.0%", "0"]
    assert rows["plain + possible hits"] == ["4", "80.0%", "1"]  # t0day on b is no hit on the truth
    assert "possible hits: 1 right, 1 not in the truth" in out


def test_a_missing_set_or_damaged_ocr_output_is_a_one_line_error(tmp_path, capsys):
    assert bench_keywords.main([str(tmp_path / "nowhere")]) == 2
    assert "nowhere" in capsys.readouterr().err
    (tmp_path / "labels").mkdir()
    (tmp_path / "labels" / "a.txt").write_text("hello\n", encoding="utf-8")
    (tmp_path / "ocr.jsonl").write_text("{broken\n", encoding="utf-8")
    assert bench_keywords.main([str(tmp_path), "--jsonl", str(tmp_path / "ocr.jsonl")]) == 2
    assert capsys.readouterr().err.startswith("bench_keywords: ")
