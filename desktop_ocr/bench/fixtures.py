"""Measuring helpers shared by ``desktop-ocr bench``, the ``benchmarks/`` scripts and the tests:
the character error rate, text pages rendered with Pillow, the fonts to render them with, and a
private Xvfb. Written once here so that a test and a benchmark score text the same way."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np

DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
# fonts with Chinese glyphs, in order of preference (fonts-noto-cjk on Debian/Ubuntu)
CJK_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
    "C:/Windows/Fonts/msyh.ttc",
)


def cjk_font_path() -> str | None:
    """The first installed CJK font, or None."""
    return next((p for p in CJK_FONTS if os.path.exists(p)), None)


def cer(ref: str, hyp: str) -> float:
    """Character error rate, ignoring all white space: edit distance / reference length."""
    from rapidfuzz.distance import Levenshtein

    ref = "".join(ref.split())
    hyp = "".join(hyp.split())
    return Levenshtein.distance(ref, hyp) / max(len(ref), 1)


def render_lines(
    lines: list[str],
    font_path: str,
    size: int = 28,
    width: int = 1000,
    margin: int = 30,
    spacing: float = 1.8,
    bg: str = "white",
    fg: str = "black",
) -> np.ndarray:
    """A page with one text line per entry; returns BGR."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(font_path, size)
    height = int(margin * 2 + size * spacing * len(lines))
    img = Image.new("RGB", (width, max(height, 60)), bg)
    d = ImageDraw.Draw(img)
    for i, text in enumerate(lines):
        d.text((margin, margin + i * size * spacing), text, font=font, fill=fg)
    return np.ascontiguousarray(np.array(img)[:, :, ::-1])


def save_png(arr_bgr: np.ndarray, path) -> None:
    from PIL import Image

    Image.fromarray(arr_bgr[:, :, ::-1]).save(path)


class XvfbMissing(RuntimeError):
    """Xvfb is not installed."""


@contextmanager
def xvfb(size: str = "1280x800x24") -> Iterator[str]:
    """A private Xvfb on a free display number (Xvfb picks it: -displayfd); yields ``":N"``.

    Raises :class:`XvfbMissing` when Xvfb is not installed."""
    if shutil.which("Xvfb") is None:
        raise XvfbMissing("needs Xvfb")
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", size, "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    try:
        with os.fdopen(read_fd) as pipe:
            number = pipe.readline().strip()
        if not number:
            raise RuntimeError("Xvfb did not report a display number")
        yield f":{number}"
    finally:
        stop_process(proc, 5)


def stop_process(proc: subprocess.Popen, timeout: float = 10) -> None:
    """Ask a process to end, and kill it if it does not in time."""
    proc.terminate()
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)


__all__ = [
    "CJK_FONTS",
    "DEJAVU",
    "XvfbMissing",
    "cer",
    "cjk_font_path",
    "render_lines",
    "save_png",
    "stop_process",
    "xvfb",
]
