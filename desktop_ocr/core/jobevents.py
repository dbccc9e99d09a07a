"""What a runner passes on about a job, in the order the scheduling policy made it: page states,
pages delivered (in page order), progress, and the job's end."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from desktop_ocr.core.results import PageResult


class PageState(str, Enum):
    QUEUED = "queued"
    DETECTING = "detecting"
    RECOGNIZING = "recognizing"
    DONE = "done"
    FAILED = "failed"
    SKIPPED = "skipped"  # dropped by a stop condition or a cancel


# -- events: what the runner passes on to the user, in the order the policy made them ----------
@dataclass(frozen=True)
class PageStateChanged:
    job: int
    index: int
    state: PageState


@dataclass(frozen=True)
class PageDelivered:
    """A page finished (``result.error`` is None) or failed (``result.error`` says why)."""

    job: int
    index: int
    result: PageResult


@dataclass(frozen=True)
class JobProgress:
    job: int
    done: int
    total: int


@dataclass(frozen=True)
class JobFinished:
    job: int
    stopped: bool = False  # the stop condition held
    cancelled: bool = False
    done: int = 0
    failed: int = 0
    total: int = 0


Event = PageStateChanged | PageDelivered | JobProgress | JobFinished


__all__ = ["Event", "JobFinished", "JobProgress", "PageDelivered", "PageState", "PageStateChanged"]
