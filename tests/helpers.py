"""Test images rendered with Pillow, and the CER: the helpers the benchmarks use too."""

from desktop_ocr.bench.fixtures import DEJAVU, cer, render_lines, save_png

__all__ = ["DEJAVU", "cer", "render_lines", "save_png"]
