"""Smaller hostile inputs: animated GIFs, control characters in file names, UTF-16 keyword lists."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PIL import Image, ImageDraw, ImageFont

from desktop_ocr.core.images import LoadError, display_name, expand_inputs
from desktop_ocr.core.keywords import KeywordFileError, KeywordList
from tests.helpers import DEJAVU


def test_every_frame_of_an_animated_gif_is_a_page(tmp_path, engine):
    font = ImageFont.truetype(DEJAVU, 32)
    frames = []
    for word in ("first", "second", "third"):
        im = Image.new("RGB", (360, 90), "white")
        ImageDraw.Draw(im).text((20, 25), f"{word} frame", font=font, fill="black")
        frames.append(im)
    path = tmp_path / "anim.gif"
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=200, loop=0)
    pages = [p for p in expand_inputs([path]) if not isinstance(p, LoadError)]
    assert [p.page for p in pages] == [1, 2, 3]
    texts = ["".join(engine.ocr(p.load()).text.split()) for p in pages]  # GIF palette: spacing varies
    assert texts == ["firstframe", "secondframe", "thirdframe"]
    still = tmp_path / "still.gif"
    frames[0].save(still)
    assert [p.page for p in expand_inputs([still])] == [None]  # one frame: an ordinary image


@pytest.mark.skipif(os.name == "nt", reason="newlines in file names are POSIX only")
def test_a_file_name_with_a_newline_is_quoted_in_the_one_line_error(tmp_path):
    bad = tmp_path / "evil\nname.png"
    bad.write_bytes(b"not a png at all")
    (page,) = list(expand_inputs([bad]))  # queued by its extension; loading it fails
    with pytest.raises(LoadError) as info:
        page.load()
    assert info.value.message.startswith(repr("evil\nname.png") + ": ")
    assert "\n" not in info.value.message
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    proc = subprocess.run(
        [sys.executable, "-m", "desktop_ocr", "ocr", str(bad)], capture_output=True, text=True, env=env
    )
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "'evil\\nname.png'" in lines[0], proc.stderr
    assert display_name(tmp_path / "plain name.png") == "plain name.png"  # ordinary names unquoted


def test_a_utf16_keyword_list_without_bom_is_refused_like_one_with_a_bom(tmp_path):
    for name, data in [
        ("le.txt", "secret\npassword\n".encode("utf-16-le")),
        ("be.txt", "secret\npassword\n".encode("utf-16-be")),
        ("bom.txt", "secret\npassword\n".encode("utf-16")),
    ]:
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(KeywordFileError) as info:
            KeywordList.from_file(path)
        message = str(info.value)
        assert "not UTF-8" in message and str(path) in message and "\n" not in message
