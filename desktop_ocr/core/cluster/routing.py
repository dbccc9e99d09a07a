"""The window's runner core with a cluster behind it: batch jobs (the main window's pages, the
video review's keyframes) go to the cluster, interactive ones (a screen capture) stay on this
machine, where they start at once and use the capture's own stages.

:class:`RoutingCore` has the interface the Qt runner calls on ``core.runner.RunnerCore`` (submit,
extend, seal, cancel, is_finished, close); the local core's worker threads keep running as they
are. Job ids of the two never meet: the cluster's start at ``CLUSTER_FIRST_ID``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from desktop_ocr.core.jobevents import Event
from desktop_ocr.core.scheduler import Source

logger = logging.getLogger(__name__)

CLUSTER_FIRST_ID = 1_000_000_000


class RoutingCore:
    def __init__(self, local: Any, address: str, stages: Any, emit: Callable[[Event], None]):
        from desktop_ocr.core.cluster.client import ClusterRunner

        self.local = local
        # connects on its own thread: the window opens at once; pages sent before the cluster is
        # up wait, and fail with the reason if it cannot be reached
        self.cluster = ClusterRunner(
            address,
            getattr(stages, "models", None),
            getattr(stages, "options", None),
            local_workers=getattr(local, "workers", 2),  # pages read as this machine would read them
            emit=emit,
            first_id=CLUSTER_FIRST_ID,
            wait=False,
        )

    def _core(self, job_id: int) -> Any:
        return self.cluster if job_id >= CLUSTER_FIRST_ID else self.local

    def submit(self, sources: Sequence[Source], **kw) -> int:
        if kw.get("interactive"):
            return self.local.submit(sources, **kw)
        return self.cluster.submit(sources, **kw)

    def extend(self, job_id: int, sources: Sequence[Source]) -> None:
        self._core(job_id).extend(job_id, sources)

    def seal(self, job_id: int) -> None:
        self._core(job_id).seal(job_id)

    def is_finished(self, job_id: int) -> bool:
        return self._core(job_id).is_finished(job_id)

    def cancel(self, job_id: int | None = None) -> None:
        if job_id is None:
            self.local.cancel(None)
            self.cluster.cancel(None)
        else:
            self._core(job_id).cancel(job_id)

    def close(self) -> None:
        self.local.close()
        self.cluster.close()
