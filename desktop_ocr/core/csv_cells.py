"""CSV that a spreadsheet opens as text: the one writer every CSV export of the app goes through.

OCR text is whatever was on the screen, so a cell such as ``=1+2+cmd``, ``@SUM(1,2)`` or ``+33``
would run as a formula when the CSV is opened in a spreadsheet (CSV injection). Following the
OWASP rule, a text cell that begins with ``= + - @``, a tab or a carriage return gets a single
quote in front, which spreadsheets show as text. Numbers written as numbers are left alone.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeCsvWriter:
    """``csv.writer`` with every text cell passed through :func:`safe_cell`."""

    def __init__(self, stream: TextIO):
        self._w = csv.writer(stream, lineterminator="\n")
        # Python 3.11's writer quotes a field with "\n" (the line terminator) but not one with a
        # lone "\r", which readers then take for a line break: such rows are written fully quoted.
        self._quoted = csv.writer(stream, lineterminator="\n", quoting=csv.QUOTE_ALL)

    def writerow(self, row: Iterable[Any]) -> None:
        cells = [safe_cell(v) for v in row]
        has_cr = any(isinstance(v, str) and "\r" in v for v in cells)
        (self._quoted if has_cr else self._w).writerow(cells)

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)
