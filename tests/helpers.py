"""Test images rendered with Pillow, and the CER: the helpers the benchmarks use too, pages more
than one test module reads, the command line as a child process and a PDF's text read back."""

import subprocess
import sys

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from desktop_ocr.bench.fixtures import DEJAVU, cer, render_lines, save_png

__all__ = [
    "DEJAVU",
    "SERIF",
    "bgr",
    "cer",
    "pdf_texts",
    "render_lines",
    "render_paper",
    "run_cli",
    "save_png",
]

SERIF = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"

# each column: paragraphs of wrapped lines (a word hyphenated at a line end, a compound that keeps
# its hyphen); the second paragraph of each column is indented
LEFT = [
    [
        "Column one opens the paper with a",
        "short claim that the method indi-",
        "cates a better order of reading.",
    ],
    [
        "    A second paragraph follows with",
        "its own sentences about the plan.",
    ],
]
RIGHT = [
    [
        "Column two goes on with results",
        "that beat the state-of-the-",
        "art systems on every page.",
    ],
    [
        "    The last paragraph ends the",
        "text of this page for good.",
    ],
]
FOOTNOTE = "1 Footnote under the left column."


def bgr(img: Image.Image) -> np.ndarray:
    return np.ascontiguousarray(np.array(img)[:, :, ::-1])


def _draw_column(d, font, x: int, y: int, paras: list[list[str]], pitch: int) -> int:
    for p in paras:
        for line in p:
            d.text((x, y), line, font=font, fill="black")
            y += pitch
        y += pitch // 2  # space between paragraphs
    return y


def render_paper(gutter: int = 26) -> np.ndarray:
    """A title across two columns set ``gutter`` px apart (about one line height), a footnote
    under the left column below a rule."""
    size = 24
    font = ImageFont.truetype(SERIF, size)
    col_w = 470
    img = Image.new("RGB", (2 * col_w + gutter + 80, 620), "white")
    d = ImageDraw.Draw(img)
    d.text((200, 30), "A Title Set Across Both Columns", font=ImageFont.truetype(SERIF, 34), fill="black")
    x_left, x_right = 40, 40 + col_w + gutter
    _draw_column(d, font, x_left, 120, LEFT, 34)
    _draw_column(d, font, x_right, 127, RIGHT, 34)  # baselines not aligned with the left column
    d.line((x_left, 500, x_left + 150, 500), fill="black", width=1)
    d.text((x_left, 512), FOOTNOTE, font=ImageFont.truetype(SERIF, 18), fill="black")
    return bgr(img)


def run_cli(*args, cwd=None, env=None, timeout: float = 300) -> subprocess.CompletedProcess:
    """``desktop-ocr ARGS...`` as a user runs it: a child process, its output as text."""
    return subprocess.run(
        [sys.executable, "-m", "desktop_ocr", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=env,
        timeout=timeout,
    )


def pdf_texts(path) -> list[str]:
    """Each page's text layer of a PDF, read back with pdfium."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(path))
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()
