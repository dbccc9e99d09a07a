"""The export formats, written once: name, label shown to a user, file suffix and exporter.

The command line's ``--format`` choices, the window's Export dialog and ``export_text`` all read
this table. Adding a format is adding one :class:`ExportFormat` to ``FORMATS``:

- a text format's exporter returns ``str`` (written as UTF-8);
- a binary one (``binary=True``) returns ``bytes``;
- one that draws the pages (``needs_pages=True``) is called with a second argument,
  ``page_image(result) -> BGR ndarray``, which reopens a result's page (see ``core.pagesource``);
- one that writes its file itself, page by page (``to_file=True``, the searchable PDF), is called
  as ``export(path, pages, progress=None)`` with ``(result, page source)`` pairs; it needs an
  output file (``--output`` on the command line).

Labels are plain English, marked for the translators; the GUI shows them translated in the
``ExportFormat`` context.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from desktop_ocr.core.results import (
    DEFAULT_JOIN_MODE,
    PageResult,
    to_csv,
    to_hits_csv,
    to_json,
    to_jsonl,
    to_markdown,
    to_txt,
)
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
    joined: bool = False  # the exporter joins lines per a join mode (paragraphs, lines, one line)
    to_file: bool = False  # the exporter writes the file itself, page by page: (path, pages, progress)


def _write_pdf(path: Any, pages: Any, progress: Any = None) -> list[str]:
    # imported when used: the command line's start does not load the PDF writer
    from desktop_ocr.core.pdf_writer import write_searchable_pdf

    return write_searchable_pdf(path, pages, progress=progress)


FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("txt", QT_TRANSLATE_NOOP("ExportFormat", "Text"), ".txt", to_txt, joined=True),
        ExportFormat("json", QT_TRANSLATE_NOOP("ExportFormat", "JSON"), ".json", to_json),
        ExportFormat("csv", QT_TRANSLATE_NOOP("ExportFormat", "CSV"), ".csv", to_csv),
        ExportFormat("md", QT_TRANSLATE_NOOP("ExportFormat", "Markdown"), ".md", to_markdown, joined=True),
        ExportFormat("hits", QT_TRANSLATE_NOOP("ExportFormat", "Keyword hits, CSV"), ".csv", to_hits_csv),
        ExportFormat(
            "pdf",
            QT_TRANSLATE_NOOP("ExportFormat", "Searchable PDF"),
            ".pdf",
            _write_pdf,
            binary=True,
            to_file=True,
        ),
        ExportFormat(
            "jsonl", QT_TRANSLATE_NOOP("ExportFormat", "JSON Lines"), ".jsonl", to_jsonl, in_window=False
        ),
    )
}

# what the command line can print: text formats that need no page images
TEXT_FORMATS: tuple[str, ...] = tuple(n for n, f in FORMATS.items() if not f.binary and not f.needs_pages)
# what the command line can write: the text formats, and those that write a file (with --output)
CLI_FORMATS: tuple[str, ...] = tuple(n for n, f in FORMATS.items() if n in TEXT_FORMATS or f.to_file)
# the window's choices, name -> suffix, in the order the dialog lists them
EXPORT_FORMATS: dict[str, str] = {n: f.suffix for n, f in FORMATS.items() if f.in_window}


def export(
    results: Sequence[PageResult],
    fmt: str,
    page_image: PageImage | None = None,
    join_mode: str = DEFAULT_JOIN_MODE,
) -> str | bytes:
    """``results`` in format ``fmt``: ``str`` for text formats, ``bytes`` for binary ones. Formats
    that join lines (txt, md) join them per ``join_mode``."""
    f = FORMATS.get(fmt)
    if f is None:
        raise ValueError(f"unknown export format {fmt!r}")
    if f.to_file:
        raise ValueError(f"the {f.label} export writes its file page by page: call FORMATS[{fmt!r}].export")
    args: list[Any] = [list(results)]
    if f.needs_pages:
        if page_image is None:
            raise ValueError(f"the {f.label} export needs the page images")
        args.append(page_image)
    if f.joined:
        return f.export(*args, join_mode)
    return f.export(*args)


def export_text(results: Sequence[PageResult], fmt: str, join_mode: str = DEFAULT_JOIN_MODE) -> str:
    """The text of ``results`` in ``fmt`` (txt, json, jsonl, csv, md, or hits: the keyword hits as
    CSV): what the command line prints. txt and md join lines per ``join_mode``."""
    f = FORMATS.get(fmt)
    if f is not None and (f.binary or f.needs_pages):
        raise ValueError(f"{fmt} is not a text format")
    out = export(results, fmt, join_mode=join_mode)
    assert isinstance(out, str)
    return out


__all__ = [
    "CLI_FORMATS",
    "EXPORT_FORMATS",
    "FORMATS",
    "TEXT_FORMATS",
    "ExportFormat",
    "export",
    "export_text",
]
