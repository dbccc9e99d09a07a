"""`desktop-ocr ocr --keywords FILE` adds each page's keyword hits to its JSON record, or prints
them as CSV evidence with `--format hits`."""

from __future__ import annotations

import json

from desktop_ocr.cli import main
from tests.helpers import DEJAVU, render_lines, save_png

LINES = ["Invoice 2024-0117 total 42.50", "Shipping to Berlin office"]


def test_ocr_with_a_keyword_list_reports_hits(tmp_path, capsys):
    save_png(render_lines(LINES, DEJAVU, width=600), tmp_path / "page.png")
    kw = tmp_path / "list.txt"
    kw.write_text("# what to look for\nberlin\nre:\\d{4}-\\d{4}\nre:([bad\n", encoding="utf-8")
    code = main(["ocr", str(tmp_path / "page.png"), "--keywords", str(kw), "--workers", "1"])
    out, err = capsys.readouterr()
    assert code == 0
    assert "bad regular expression" in err
    record = json.loads(out.splitlines()[0])
    hits = record["hits"]
    assert {h["keyword"] for h in hits} == {"berlin", "re:\\d{4}-\\d{4}"}
    texts = [ln["text"] for ln in record["lines"]]
    for h in hits:
        assert set(h) == {"keyword", "line", "start", "end"}
        found = texts[h["line"]][h["start"] : h["end"]]
        assert found in ("Berlin", "2024-0117")


def test_without_keywords_there_is_no_hits_key(tmp_path, capsys):
    save_png(render_lines(["Plain page"], DEJAVU, width=400), tmp_path / "p.png")
    assert main(["ocr", str(tmp_path / "p.png"), "--workers", "1"]) == 0
    assert "hits" not in json.loads(capsys.readouterr().out.splitlines()[0])


def test_ocr_format_hits_prints_the_hits_as_csv_evidence(tmp_path, capsys):
    import csv
    import io

    save_png(render_lines(LINES, DEJAVU, width=600), tmp_path / "page.png")
    kw = tmp_path / "list.txt"
    kw.write_text("berlin\n", encoding="utf-8")
    assert main(["ocr", str(tmp_path / "page.png"), "--keywords", str(kw), "--format", "hits"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0][:7] == ["path", "page", "keyword", "possible", "line", "text", "match"]
    assert len(rows) == 2
    row = rows[1]
    assert row[2:5] == ["berlin", "0", "2"] and row[6] == "Berlin"
    xs = [float(v) for v in row[7::2]]
    assert 150 < min(xs) < max(xs) < 320  # the word's own box, not the whole line's


def test_ocr_format_hits_without_keywords_is_a_usage_error(tmp_path, capsys):
    save_png(render_lines(["hello"], DEJAVU, width=300), tmp_path / "p.png")
    assert main(["ocr", str(tmp_path / "p.png"), "--format", "hits"]) == 2
    assert "--format hits needs --keywords" in capsys.readouterr().err


def test_keyword_file_prefixes_and_the_whole_words_flag(tmp_path, capsys):
    save_png(
        render_lines(["their theory is the one", "concatenate the cat"], DEJAVU, width=600),
        tmp_path / "p.png",
    )
    kw = tmp_path / "list.txt"
    kw.write_text("the\ns:cat\n", encoding="utf-8")

    def found(*flags: str) -> list[tuple[str, str]]:
        assert main(["ocr", str(tmp_path / "p.png"), "--keywords", str(kw), "--workers", "1", *flags]) == 0
        record = json.loads(capsys.readouterr().out.splitlines()[0])
        texts = [ln["text"] for ln in record["lines"]]
        return sorted((h["keyword"], texts[h["line"]][h["start"] : h["end"]].lower()) for h in record["hits"])

    # whole words by default: "the" only as a word; "s:cat" inside "concatenate" too
    assert found() == [("s:cat", "cat"), ("s:cat", "cat"), ("the", "the"), ("the", "the")]
    # --no-whole-words: keywords without a prefix match inside words as well
    assert found("--no-whole-words") == [("s:cat", "cat"), ("s:cat", "cat")] + [("the", "the")] * 4
