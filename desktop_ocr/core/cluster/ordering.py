"""A cluster job's pages back in page order, whatever order the nodes finish them in.

The same contract as the local scheduler (``core.scheduler``): pages are delivered in page order,
each exactly once (a retried page's second result is dropped); a stop condition that holds at a
page drops the pages after it, while the pages before it still finish; a cancel drops the rest and
finishes the job at once. Pure Python, not thread-safe: the client calls it under its lock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from desktop_ocr.core.jobevents import (
    Event,
    JobFinished,
    JobProgress,
    PageDelivered,
    PageState,
    PageStateChanged,
)
from desktop_ocr.core.results import PageResult
from desktop_ocr.core.tasks import Source


@dataclass
class OrderedJob:
    id: int
    priority: int
    stop_when: Callable[[PageResult], bool] | None = None
    sources: list[Source] = field(default_factory=list)
    results: dict[int, PageResult] = field(default_factory=dict)
    next_deliver: int = 0
    done: int = 0
    failed: int = 0
    sealed: bool = True
    stopped: bool = False
    cancelled: bool = False
    finished: bool = False

    def add(self, sources) -> range:
        """New pages (an open-ended job's keyframes); their indices."""
        if self.finished or self.stopped:
            return range(0)
        base = len(self.sources)
        self.sources.extend(sources)
        return range(base, len(self.sources))

    def wanted(self, index: int) -> bool:
        """Whether page ``index`` still needs a result (not stopped past, not delivered, ...)."""
        return (
            not self.finished
            and index < len(self.sources)
            and index >= self.next_deliver
            and index not in self.results
        )

    def take_result(self, index: int, result: PageResult) -> tuple[list[Event], list[int]]:
        """A page's result (the first one only). Returns the events and the pages a stop dropped."""
        if not self.wanted(index):
            return [], []
        self.results[index] = result
        if result.error is None:
            self.done += 1
        else:
            self.failed += 1
        dropped: list[int] = []
        events: list[Event] = []
        hit = False
        if self.stop_when is not None and result.error is None:
            try:
                hit = bool(self.stop_when(result))
            except Exception:  # a broken condition must not take the job down
                hit = False
        if hit:
            self.stopped = True
            dropped = list(range(index + 1, len(self.sources)))
            for i in dropped:
                if i in self.results:  # finished after the hit: not reported, as locally
                    r = self.results.pop(i)
                    self.done -= r.error is None
                    self.failed -= r.error is not None
                events.append(PageStateChanged(self.id, i, PageState.SKIPPED))
            del self.sources[index + 1 :]
            self.sealed = True
        return events + self.deliver(), dropped

    def deliver(self) -> list[Event]:
        events: list[Event] = []
        while self.next_deliver in self.results:
            i = self.next_deliver
            result = self.results.pop(i)
            state = PageState.DONE if result.error is None else PageState.FAILED
            events += [PageStateChanged(self.id, i, state), PageDelivered(self.id, i, result)]
            self.next_deliver += 1
            events.append(JobProgress(self.id, self.next_deliver, len(self.sources)))
        if self.sealed and self.next_deliver == len(self.sources) and not self.finished:
            events.append(self.finish())
        return events

    def seal(self) -> list[Event]:
        if self.finished:
            return []
        self.sealed = True
        return self.deliver()

    def cancel(self) -> tuple[list[Event], list[int]]:
        """Drop every page not delivered; returns the events and the dropped pages."""
        if self.finished:
            return [], []
        self.cancelled = True
        dropped = list(range(self.next_deliver, len(self.sources)))
        events: list[Event] = [PageStateChanged(self.id, i, PageState.SKIPPED) for i in dropped]
        self.results.clear()
        return events + [self.finish()], dropped

    def finish(self) -> JobFinished:
        self.finished = True
        return JobFinished(self.id, self.stopped, self.cancelled, self.done, self.failed, len(self.sources))
