"""The export formats, written once: name, label shown to a user, file suffix and exporter.

The command line's ``--format`` choices, the window's Export dialog and ``export_text`` all read
this table. Adding a format is adding one :class:`ExportFormat` to ``FORMATS``:

- a text format's exporter returns ``str`` (written as UTF-8);
- a binary one (``binary=True``) returns ``bytes``;
- one that draws the pages (``needs_pages=True``) is called with a second argument,
  ``page_image(result) -> BGR ndarray``, which reopens a result's page (see ``core.pagesource``).

Labels are plain English, marked for the translators; the GUI shows them translated in the
``ExportFormat`` context.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from desktop_ocr.core.results import PageResult, to_csv, to_hits_csv, to_json, to_jsonl, to_markdown, to_txt
from desktop_ocr.i18n import QT_TRANSLATE_NOOP

PageImage = Callable[[PageResult], Any]  # result -> its page as a BGR ndarray


@dataclass(frozen=True)
class ExportFormat:
    name: str  # what --format takes and what is remembered as the last choice
    label: str  # how the Export dialog names it
    suffix: str  # the file name ending it gets, with its dot
    export: Callable[..., str | bytes]  # (results) or, with needs_pages, (results, page_image)
    binary: bool = False  # the exporter returns bytes
    needs_pages: bool = False  # the exporter draws the page images
    in_window: bool = True  # offered by the window's Export dialog (jsonl is a streaming format)


FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("txt", QT_TRANSLATE_NOOP("ExportFormat", "Text"), ".txt", to_txt),
        ExportFormat("json", QT_TRANSLATE_NOOP("ExportFormat", "JSON"), ".json", to_json),
        ExportFormat("csv", QT_TRANSLATE_NOOP("ExportFormat", "CSV"), ".csv", to_csv),
        ExportFormat("md", QT_TRANSLATE_NOOP("ExportFormat", "Markdown"), ".md", to_markdown),
        ExportFormat("hits", QT_TRANSLATE_NOOP("ExportFormat", "Keyword hits, CSV"), ".csv", to_hits_csv),
        ExportFormat(
            "jsonl", QT_TRANSLATE_NOOP("ExportFormat", "JSON Lines"), ".jsonl", to_jsonl, in_window=False
        ),
    )
}

# what the command line can print: text formats that need no page images
TEXT_FORMATS: tuple[str, ...] = tuple(n for n, f in FORMATS.items() if not f.binary and not f.needs_pages)
# the window's choices, name -> suffix, in the order the dialog lists them
EXPORT_FORMATS: dict[str, str] = {n: f.suffix for n, f in FORMATS.items() if f.in_window}


def export(results: Sequence[PageResult], fmt: str, page_image: PageImage | None = None) -> str | bytes:
    """``results`` in format ``fmt``: ``str`` for text formats, ``bytes`` for binary ones."""
    f = FORMATS.get(fmt)
    if f is None:
        raise ValueError(f"unknown export format {fmt!r}")
    if f.needs_pages:
        if page_image is None:
            raise ValueError(f"the {f.label} export needs the page images")
        return f.export(list(results), page_image)
    return f.export(list(results))


def export_text(results: Sequence[PageResult], fmt: str) -> str:
    """The text of ``results`` in ``fmt`` (txt, json, jsonl, csv, md, or hits: the keyword hits as
    CSV): what the command line prints."""
    f = FORMATS.get(fmt)
    if f is not None and (f.binary or f.needs_pages):
        raise ValueError(f"{fmt} is not a text format")
    out = export(results, fmt)
    assert isinstance(out, str)
    return out


__all__ = ["EXPORT_FORMATS", "FORMATS", "TEXT_FORMATS", "ExportFormat", "export", "export_text"]
