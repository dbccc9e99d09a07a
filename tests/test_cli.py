"""The command line's contract: JSON lines, formats, exit codes, bad inputs alongside good ones."""

from __future__ import annotations

import json

import pytest
from PIL import Image

from desktop_ocr import __version__
from tests.helpers import DEJAVU, cer, render_lines, run_cli, save_png

TEXT = ["Invoice 2026 total due", "Thank you for your order"]


@pytest.fixture(scope="module")
def picture(tmp_path_factory):
    d = tmp_path_factory.mktemp("cli")
    p = d / "picture.png"
    save_png(render_lines(TEXT, DEJAVU, size=28, width=600), p)
    return p


def test_jsonl_record_for_a_picture(picture):
    r = run_cli("ocr", picture)
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
    r = run_cli(
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
    r = run_cli("ocr", pdf, "--pdf-dpi", "100")
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
    r = run_cli("ocr", d, "--format", "csv", "--output", out, "--workers", "1")
    assert r.returncode == 0, r.stderr
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # a UTF-8 byte order mark: Excel reads Chinese then
    rows = data.decode("utf-8-sig").splitlines()
    assert rows[0].startswith("path,page,line,text,score")
    assert sum("a.png" in x for x in rows) >= 2 and sum("b.jpg" in x for x in rows) >= 2
    assert not any("readme.txt" in x for x in rows)
    for fmt, check in (
        ("txt", lambda s: "Invoice" in s),
        ("json", lambda s: json.loads(s)[0]["error"] is None),
        ("md", lambda s: s.startswith("## ")),
    ):
        r = run_cli("ocr", picture, "--format", fmt)
        assert r.returncode == 0 and check(r.stdout), (fmt, r.stdout[:200])
    r = run_cli("ocr", picture, "--format", "csv")
    assert r.returncode == 0 and r.stdout.startswith("path,page,line")  # printed: no byte order mark


def test_docx_is_written_to_a_file_and_only_to_a_file(picture, tmp_path):
    import docx

    r = run_cli("ocr", picture, "--format", "docx")
    assert r.returncode == 2 and "--format docx needs --output FILE.docx" in r.stderr
    assert r.stdout == "" and "Traceback" not in r.stderr
    r = run_cli("ocr", picture, "--format", "docx", "-o", tmp_path / "no-such-folder" / "x.docx")
    assert r.returncode == 2 and "does not exist" in r.stderr
    out = tmp_path / "invoice.docx"
    r = run_cli("ocr", picture, "--format", "docx", "-o", out, "--workers", "1")
    assert r.returncode == 0, r.stderr
    paras = [p.text for p in docx.Document(str(out)).paragraphs]
    assert paras[0] == "picture.png" and cer(" ".join(TEXT), " ".join(paras[1:])) <= 0.05


def test_usage_errors_exit_2_and_help_and_version():
    assert run_cli("ocr").returncode == 2
    assert run_cli("ocr", "x.png", "--format", "xml").returncode == 2
    assert run_cli("ocr", "x.png", "--workers", "0").returncode == 2
    h = run_cli("ocr", "--help")
    assert h.returncode == 0 and "--format" in h.stdout and "--workers" in h.stdout


def test_help_lists_the_windows_options_the_commands_and_every_choice():
    import os

    wide = {**os.environ, "COLUMNS": "250"}  # argparse wraps at the terminal's width

    def help_of(*args):
        r = run_cli(*args, "--help", env=wide, timeout=60)
        assert r.returncode == 0 and r.stderr == "", r.stderr
        return r.stdout

    top = help_of()
    for wanted in ("FILE", "--tray", "--config-dir", "--hotkey", "--install-desktop-entry", "ocr", "video"):
        assert wanted in top, wanted
    assert "--join-mode JOIN_MODE" in top and "one of: lines, one-line, paragraphs" in top
    assert "usage: desktop-ocr [options] [FILE ...]" in top
    ocr = " ".join(help_of("ocr").split())  # one line: the help is wrapped at the terminal's width
    assert "docx (Word document)" in ocr and "docx and pdf need --output" in ocr and "byte order mark" in ocr
    import argparse

    from desktop_ocr.cli import build_gui_parser, build_parser

    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    assert set(sub.choices) == {"ocr", "bench", "capture", "video", "training-data"}
    for name, parser in [*sub.choices.items(), ("window", build_gui_parser())]:
        assert parser.description, name
        for action in parser._actions:
            assert action.help, (name, action.dest)  # every option and argument says what it is
            if action.choices and action.metavar:  # a named metavar hides the choices: the help lists them
                assert all(c in action.help for c in action.choices), (name, action.dest)
    v = run_cli("--version")
    assert v.returncode == 0 and __version__ in v.stdout


def test_keywords_add_hits_to_each_record(picture, tmp_path):
    kw = tmp_path / "kw.txt"
    kw.write_text("# review list\nINVOICE\nre:total\\s*due\nnot-there\n", encoding="utf-8")
    r = run_cli("ocr", picture, "--keywords", kw)
    assert r.returncode == 0, r.stderr
    rec = json.loads(r.stdout.splitlines()[0])
    kws = {h["keyword"] for h in rec["hits"]}
    assert "INVOICE" in kws and any(k.startswith("re:") for k in kws)
    for h in rec["hits"]:
        text = rec["lines"][h["line"]]["text"]
        assert text[h["start"] : h["end"]].lower().replace(" ", "") in ("invoice", "totaldue")


def test_every_reading_subcommand_takes_the_model_set_and_script():
    for sub in ("ocr", "video", "bench", "capture"):
        h = run_cli(sub, "--help")
        assert h.returncode == 0 and "--models" in h.stdout and "--script" in h.stdout, sub
    r = run_cli("ocr", "x.png", "--models", "ppocr-v9")
    assert r.returncode == 2 and "ppocr-v9" in r.stderr
    r = run_cli("ocr", "x.png", "--script", "klingon")
    assert r.returncode == 2
