"""What leaves the video review: the report as JSON, CSV or SRT, and an evidence image per hit.

Written atomically (a reader or a crash never sees half a file); a CSV gets the UTF-8 byte order
mark that Excel needs for Chinese (see ``core.formats``).
"""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog

from desktop_ocr.core.files import write_atomic
from desktop_ocr.core.formats import file_bytes
from desktop_ocr.core.results import Line
from desktop_ocr.core.video.pipeline import write_hit_evidence
from desktop_ocr.core.video.report import VideoHit

# the review widget itself (its public interface); not imported: it imports this module
VideoReview = Any


def tr(text: str) -> str:
    return QCoreApplication.translate("VideoReview", text)


def count_text(count: int, one: str, many: str, *more: Any) -> str:
    """ "1 frame" / "3 frames", both forms translated (Chinese has one form for both)."""
    return (one if count == 1 else many).format(count, *more)


class ReviewExports:
    def __init__(self, review: VideoReview):
        self.review = review

    def _ask(self, title: str, suffix: str, filt: str) -> str | None:
        stem = os.path.splitext(os.path.basename((self.review.path or "video").rstrip("/\\")))[0]
        path, _ = QFileDialog.getSaveFileName(self.review, title, stem + suffix, filt)
        return path or None

    def _write(self, path: str, text: str, bom: bool = False) -> str | None:
        """Save an export atomically (a reader or a crash never sees half a file); ``bom``: a CSV's
        UTF-8 byte order mark, for Excel (see ``core.formats``)."""
        try:
            write_atomic(path, file_bytes(text, bom))
        except OSError as exc:
            self.review._set_status(tr("Cannot save {0}: {1}").format(path, exc), error=True)
            return None
        self.review._set_status(tr("Saved {0}").format(path))
        return path

    def json(self, path: str | None = None) -> str | None:
        if self.review.report is None or not (
            path := path or self._ask(tr("Export report"), ".json", "JSON (*.json)")
        ):
            return None
        return self._write(path, self.review.report.to_json() + "\n")

    def csv(self, path: str | None = None) -> str | None:
        if self.review.report is None or not (
            path := path or self._ask(tr("Export report"), ".csv", "CSV (*.csv)")
        ):
            return None
        return self._write(path, self.review.report.to_csv(), bom=True)

    def srt(self, path: str | None = None) -> str | None:
        if self.review.report is None or not (
            path := path or self._ask(tr("Export events"), ".srt", "SubRip (*.srt)")
        ):
            return None
        return self._write(path, self.review.report.to_srt())

    def evidence(self, out_dir: str | None = None) -> list[str]:
        """One annotated PNG per hit (named with its time), from the kept frames and current text."""
        if self.review.report is None or self.review.job is None:
            return []
        out_dir = out_dir or QFileDialog.getExistingDirectory(self.review, tr("Folder for evidence images"))
        if not out_dir:
            return []
        job = self.review.job

        def lines_of(h: VideoHit) -> list[Line]:
            for e in self.review.events:
                if e.frame_index == h.frame_index:
                    return e.lines
            page = job.page_of_frame(h.frame_index)
            return page.lines if page is not None else []

        written = write_hit_evidence(self.review.report.hits, job.frame, lines_of, out_dir, job.name)
        self.review._set_status(
            count_text(
                len(written),
                tr("Wrote {0} evidence image to {1}"),
                tr("Wrote {0} evidence images to {1}"),
                out_dir,
            )
        )
        return written


__all__ = ["ReviewExports", "count_text"]
