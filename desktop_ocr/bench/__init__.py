"""What ``desktop-ocr bench`` runs (``scheduling``) and the helpers it shares with the tests and
the ``benchmarks/`` folder of the repository (``fixtures``: CER, rendered pages, fonts, Xvfb)."""

from .scheduling import run_bench

__all__ = ["run_bench"]
