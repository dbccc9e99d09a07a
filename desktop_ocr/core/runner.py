"""Runs the scheduling policy on plain threads (the command line and the benchmark use it).

The Qt application runs the same policy on a QThreadPool (``gui.qt_runner``); both share
:class:`RunnerCore`, which holds the lock and the rules around it.

Preemption: when an interactive job (a screen capture) arrives and every worker is busy, the
batch detect task that started last is aborted through ONNX Runtime's ``RunOptions.terminate``
and its page is queued for detection again, so the capture waits for no batch detection (the
longest kind of task). Recognition tasks are short and are never aborted.

Cancel contract: ``cancel`` returns at once. Queued tasks of the job are dropped under the lock;
tasks already running finish (a model call cannot be interrupted) and their results are
discarded, so every worker is idle again within one task's time. ``JobFinished(cancelled=True)``
is emitted once, by the ``cancel`` call itself.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Iterator, Sequence

import onnxruntime as ort

from desktop_ocr.core.results import PageResult
from desktop_ocr.core.scheduler import Event, JobFinished, Scheduler, Source, Stages, Task

logger = logging.getLogger(__name__)


class RunnerCore:
    """The lock around the policy, shared by every runner.

    Race notes:
    - ``next_task`` and ``complete``/``fail`` run under ``self.cond``; the task body runs outside
      it, so a cancel can happen while a task runs: the policy sees ``job.finished`` when the
      result comes back and discards it.
    - ``running`` changes only under the lock. A preempted task may already have finished its
      model call when ``terminate`` is set: it then completes normally, or fails with the abort
      message; ``execute`` tells the two apart by ``task.preempted`` and requeues the page.
    - Events are handed to ``emit`` while the lock is held, so two workers finishing at the same
      time cannot reorder a job's pages; ``emit`` must therefore only enqueue (a queue put, a
      queued Qt signal), never call back into the runner.
    - Finishing a page (``assemble``: reading order, and the job's stop condition: keyword
      matching with its regex time limit) runs OUTSIDE the lock, between ``complete_task`` and
      ``finish_page``, so a long match never stalls the other worker's ``take``. Meanwhile the
      page counts as in flight: a cancel finishes the job at once (``JobFinished(cancelled)``)
      and ``finish_page`` discards the late result; a stop at an earlier page drops this one the
      same way. Pages are still delivered in page order, since ``finish_page`` delivers under
      the lock and a page waits for its predecessors' results.
    """

    def __init__(self, stages: Stages, workers: int, emit: Callable[[Event], None]):
        self.stages = stages
        self.policy = Scheduler(workers)
        self.cond = threading.Condition()
        self.emit = emit
        self.closed = False
        self.aborted = False
        self.workers = max(1, workers)
        self.running: list[Task] = []  # in start order

    def submit(self, sources: Sequence[Source], **kw) -> int:
        with self.cond:
            jid, events = self.policy.submit(sources, **kw)
            self._emit_all(events)
            if kw.get("interactive") and sources:
                self._preempt_one()
            self.cond.notify_all()
        return jid

    def _preempt_one(self) -> None:
        if len(self.running) < self.workers:
            return  # a worker is idle and takes the interactive job at once
        victims = [t for t in self.running if t.run_options is not None and not t.preempted]
        if victims:
            victim = victims[-1]  # started last: the least work is lost
            victim.preempted = True
            victim.run_options.terminate = True
            logger.debug("preempting detection of page %d of job %d", victim.index, victim.job)

    def extend(self, job_id: int, sources: Sequence[Source]) -> None:
        with self.cond:
            self._emit_all(self.policy.extend(job_id, sources))
            self.cond.notify_all()

    def seal(self, job_id: int) -> None:
        with self.cond:
            self._emit_all(self.policy.seal(job_id))
            self.cond.notify_all()

    def is_finished(self, job_id: int) -> bool:
        with self.cond:
            return self.policy.is_finished(job_id)

    def cancel(self, job_id: int | None = None) -> None:
        with self.cond:
            events = self.policy.cancel_all() if job_id is None else self.policy.cancel(job_id)
            self._emit_all(events)
            self.cond.notify_all()

    def skip(self, job_id: int, indexes: Sequence[int]) -> None:
        """Drop these pages of a job before they are read (see ``Scheduler.skip``)."""
        with self.cond:
            self._emit_all(self.policy.skip(job_id, indexes))
            self.cond.notify_all()

    def take(self, block: bool = True) -> Task | None:
        """The next task for a worker; blocks until one is ready or the runner closes."""
        with self.cond:
            while True:
                if self.closed:
                    return None
                task = self.policy.next_task()
                if task is not None:
                    if task.kind == "detect" and not task.interactive:
                        task.run_options = ort.RunOptions()
                    self.running.append(task)
                    ev = self.policy.state_event(task)
                    if ev is not None:
                        self.emit(ev)
                    return task
                if not block:
                    return None
                self.cond.wait()

    def execute(self, task: Task) -> None:
        """Run one task and report it. Never raises: a failing task fails its page only."""
        try:
            outcome = task.run(self.stages)
        except Exception as exc:
            if task.preempted:
                with self.cond:
                    self.running.remove(task)
                    self._emit_all(self.policy.requeue(task))
                    self.cond.notify_all()
                return
            message = getattr(exc, "message", None)  # LoadError and friends carry a user message
            if self.aborted:  # stopped on purpose (abort): its job is cancelled, nothing to report
                logger.debug("%s task of page %d stopped: %s", task.kind, task.index, exc)
                message = message or "stopped"
            elif message is None:
                logger.warning("%s task of page %d failed", task.kind, task.index, exc_info=True)
                message = f"{type(exc).__name__}: {exc}"
            else:
                logger.info("%s task of page %d failed: %s", task.kind, task.index, message)
            with self.cond:
                self.running.remove(task)
                self._emit_all(self.policy.fail(task, str(message)))
                self.cond.notify_all()
            return
        with self.cond:
            self.running.remove(task)
            events, finishing = self.policy.complete_task(task, outcome, self.stages)
            self._emit_all(events)
            self.cond.notify_all()
        if finishing is not None:
            # reading order and keyword matching run here, without the lock (see the class notes)
            outcome = finishing.run()
            with self.cond:
                self._emit_all(self.policy.finish_page(finishing, *outcome))
                self.cond.notify_all()

    def close(self) -> None:
        with self.cond:
            self.closed = True
            self.cond.notify_all()

    def abort(self) -> None:
        """Give up all work now (an error or Ctrl-C in the caller): queued tasks are dropped and
        running detections are stopped through ``RunOptions.terminate``; their pages fail into
        the cancelled jobs, whose results are discarded."""
        with self.cond:
            self.aborted = True
            self._emit_all(self.policy.cancel_all())
            for task in self.running:
                if task.run_options is not None:
                    task.run_options.terminate = True
            self.cond.notify_all()

    def _emit_all(self, events: list[Event]) -> None:
        for ev in events:
            self.emit(ev)


class ThreadRunner:
    """Worker threads that each run one task at a time, taking whichever kind is next."""

    def __init__(self, stages: Stages, workers: int = 2):
        self.events: queue.Queue[Event] = queue.Queue()
        self.core = RunnerCore(stages, workers, self.events.put)
        self.threads = [
            threading.Thread(target=self._work, name=f"ocr-worker-{i}", daemon=True) for i in range(workers)
        ]
        for t in self.threads:
            t.start()

    def _work(self) -> None:
        while (task := self.core.take()) is not None:
            self.core.execute(task)

    def submit(self, sources: Sequence[Source], **kw) -> int:
        return self.core.submit(sources, **kw)

    def cancel(self, job_id: int | None = None) -> None:
        self.core.cancel(job_id)

    def extend(self, job_id: int, sources: Sequence[Source]) -> None:
        self.core.extend(job_id, sources)

    def seal(self, job_id: int) -> None:
        self.core.seal(job_id)

    def iter_events(self, job_ids: set[int] | None = None) -> Iterator[Event]:
        """Events in order until every job in ``job_ids`` (or every job) has finished."""
        pending = set(job_ids) if job_ids is not None else None
        while True:
            if pending is not None and not pending:
                return
            ev = self.events.get()
            yield ev
            if isinstance(ev, JobFinished) and pending is not None:
                pending.discard(ev.job)

    def run_job(self, sources: Sequence[Source], **kw) -> list[PageResult]:
        """Submit one job and wait for its pages (in order)."""
        from desktop_ocr.core.scheduler import PageDelivered

        jid = self.submit(sources, **kw)
        out = []
        for ev in self.iter_events({jid}):
            if isinstance(ev, PageDelivered) and ev.job == jid:
                out.append(ev.result)
        return out

    def close(self, abort: bool = False, timeout: float = 30.0) -> bool:
        """Stop the workers and wait for them; True when every one has ended.

        ``abort`` (the caller failed or was interrupted) drops the queued work first. The wait
        survives a second Ctrl-C: a worker still inside a model call when the interpreter shuts
        down makes ONNX Runtime abort the process ("terminate called without an active
        exception"), so the caller must not return before the workers have left their calls.
        """
        if abort:
            self.core.abort()
        self.core.close()
        deadline = time.monotonic() + timeout
        for t in self.threads:
            while t.is_alive() and time.monotonic() < deadline:
                try:
                    t.join(timeout=0.2)
                except KeyboardInterrupt:
                    self.core.abort()
        alive = [t.name for t in self.threads if t.is_alive()]
        if alive:
            logger.warning("workers still busy after %.0f s: %s", timeout, ", ".join(alive))
        return not alive

    def __enter__(self) -> ThreadRunner:
        return self

    def __exit__(self, exc_type, *exc) -> None:
        self.close(abort=exc_type is not None)
