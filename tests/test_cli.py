"""The command line's contract: JSON lines, formats, exit codes, bad inputs alongside good ones."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from PIL import Image

from desktop_ocr import __version__
from tests.helpers import DEJAVU, cer, render_lines, save_png

TEXT = ["Invoice 2026 total due", "Thank you for your order"]


def run(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "desktop_ocr", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        timeout=300,
    )


@pytest.fixture(scope="module")
def picture(tmp_path_factory):
    d = tmp_path_factory.mktemp("cli")
    p = d / "picture.png"
    save_png(render_lines(TEXT, DEJAVU, size=28, width=600), p)
    return p


def test_jsonl_record_for_a_picture(picture):
    r = run("ocr", picture)
    assert r.returncode == 0, r.stderr
    recs = [json.loads(x) for x in r.stdout.splitlines()]
    assert len(recs) == 1
    rec = recs[0]
    assert set(rec) >= {"path", "page", "width", "height", "text", "lines", "elapsed_ms", "error"}
    assert rec["path"] == str(picture) and rec["page"] is None and rec["error"] is None
    assert (rec["width"], rec["height"]) == Image.open(picture).size
    assert cer("\n".join(TEXT), rec["text"]) <= 0.05
    for ln in rec["lines"]:
        assert len(ln["box"]) == 4 and all(len(p) == 2 for p in ln["box"])
        assert 0 < ln["score"] <= 1


def test_bad_inputs_fail_alone_with_a_message_and_exit_code_1(picture, tmp_path):
    (tmp_path / "empty.png").write_bytes(b"")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    r = run(
        "ocr",
        tmp_path / "empty.png",
        picture,
        tmp_path / "missing.jpg",
        tmp_path / "broken.pdf",
        tmp_path / "notes.docx",
    )
    assert r.returncode == 1
    recs = [json.loads(x) for x in r.stdout.splitlines()]
    assert [rec["path"].rsplit("/", 1)[-1] for rec in recs] == [
        "empty.png",
        "picture.png",
        "missing.jpg",
        "broken.pdf",
        "notes.docx",
    ]
    assert recs[1]["error"] is None and cer("\n".join(TEXT), recs[1]["text"]) <= 0.05
    for rec in recs[:1] + recs[2:]:
        assert rec["error"] and rec["error"].startswith(rec["path"].rsplit("/", 1)[-1] + ":")
        assert "\n" not in rec["error"]
    assert "missing.jpg: file not found" in r.stderr
    assert "Traceback" not in r.stderr


def test_pdf_pages_are_records_numbered_from_one(tmp_path):
    pages = [
        Image.fromarray(
            render_lines(
                [f"This is page number {i}", "of a document"], DEJAVU, size=32, width=900, margin=80
            )[:, :, ::-1]
        )
        for i in (1, 2)
    ]
    pdf = tmp_path / "doc.pdf"
    pages[0].save(pdf, "PDF", save_all=True, append_images=pages[1:], resolution=100)
    r = run("ocr", pdf, "--pdf-dpi", "100")
    assert r.returncode == 0, r.stderr
    recs = [json.loads(x) for x in r.stdout.splitlines()]
    assert [rec["page"] for rec in recs] == [1, 2]
    assert "page number 1" in recs[0]["text"] and "page number 2" in recs[1]["text"]


def test_directory_walk_and_other_formats(picture, tmp_path):
    d = tmp_path / "folder"
    (d / "sub").mkdir(parents=True)
    Image.open(picture).save(d / "a.png")
    Image.open(picture).convert("RGB").save(d / "sub" / "b.jpg", quality=95)
    (d / "readme.txt").write_text("not an image")
    out = tmp_path / "out.csv"
    r = run("ocr", d, "--format", "csv", "--output", out, "--workers", "1")
    assert r.returncode == 0, r.stderr
    rows = out.read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("path,page,line,text,score")
    assert sum("a.png" in x for x in rows) >= 2 and sum("b.jpg" in x for x in rows) >= 2
    assert not any("readme.txt" in x for x in rows)
    for fmt, check in (
        ("txt", lambda s: "Invoice" in s),
        ("json", lambda s: json.loads(s)[0]["error"] is None),
        ("md", lambda s: s.startswith("## ")),
    ):
        r = run("ocr", picture, "--format", fmt)
        assert r.returncode == 0 and check(r.stdout), (fmt, r.stdout[:200])


def test_usage_errors_exit_2_and_help_and_version():
    assert run("ocr").returncode == 2
    assert run("ocr", "x.png", "--format", "xml").returncode == 2
    assert run("ocr", "x.png", "--workers", "0").returncode == 2
    h = run("ocr", "--help")
    assert h.returncode == 0 and "--format" in h.stdout and "--workers" in h.stdout
    v = run("--version")
    assert v.returncode == 0 and __version__ in v.stdout


def test_keywords_add_hits_to_each_record(picture, tmp_path):
    kw = tmp_path / "kw.txt"
    kw.write_text("# review list\nINVOICE\nre:total\\s*due\nnot-there\n", encoding="utf-8")
    r = run("ocr", picture, "--keywords", kw)
    assert r.returncode == 0, r.stderr
    rec = json.loads(r.stdout.splitlines()[0])
    kws = {h["keyword"] for h in rec["hits"]}
    assert "INVOICE" in kws and any(k.startswith("re:") for k in kws)
    for h in rec["hits"]:
        text = rec["lines"][h["line"]]["text"]
        assert text[h["start"] : h["end"]].lower().replace(" ", "") in ("invoice", "totaldue")


def test_every_reading_subcommand_takes_the_model_set_and_script():
    for sub in ("ocr", "video", "bench", "capture"):
        h = run(sub, "--help")
        assert h.returncode == 0 and "--models" in h.stdout and "--script" in h.stdout, sub
    r = run("ocr", "x.png", "--models", "ppocr-v9")
    assert r.returncode == 2 and "ppocr-v9" in r.stderr
    r = run("ocr", "x.png", "--script", "klingon")
    assert r.returncode == 2
