""":class:`ClusterRunner`: the interface of ``core.runner.ThreadRunner`` (submit, extend, seal,
cancel, ``events``, ``iter_events``, ``run_job``, close), with the pages OCRed on a Ray cluster.

The client reads every input itself (a node has none of the user's files) and sends each page to
one :class:`~.actor.PageWorker` per node (shared by every client of the
cluster and kept between jobs, so each engine is loaded once per node): an image file's own bytes, decoded
on the node, or the pixels of a page that is not a file of its own (a PDF page, a TIFF frame, a
capture, a video frame). A few pages per node are in flight
at once, so a node's workers always have a next page to steal work from; the rest wait here,
newest submission first, then in page order, and are sent as capacity frees up.

At a batch's tail, when nothing is left to send and a node has a worker with nothing to do, it
gets a copy of a page still queued on a busier node (a backup, as MapReduce's for its last
tasks): the first result is delivered and the other copy is cancelled, so the batch ends when
the cluster's work does, not when the node that happened to hold the last pages is done.

Faults: the actors restart when their process dies and Ray retries their calls; a call that fails
anyway (the node is gone) is sent again to another node, up to ``ATTEMPTS`` times. Each page's
first result is the one delivered (``ordering``), so a page is never lost nor delivered twice.
"""

from __future__ import annotations

import hashlib
import heapq
import itertools
import logging
import os
import pickle
import queue
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from desktop_ocr import __version__
from desktop_ocr.core.cluster.actor import EncodedImage, PageWorker
from desktop_ocr.core.cluster.connect import ClusterError, connect
from desktop_ocr.core.cluster.ordering import OrderedJob
from desktop_ocr.core.cluster.payload import EngineSpec
from desktop_ocr.core.decode import ImageLoader
from desktop_ocr.core.jobevents import Event, JobFinished, PageDelivered, PageState, PageStateChanged
from desktop_ocr.core.models import ModelSet
from desktop_ocr.core.pages import failure_message
from desktop_ocr.core.results import PageResult
from desktop_ocr.core.scheduler import Source

logger = logging.getLogger(__name__)

ATTEMPTS = 3  # sends of one page before it fails with the cluster's message
AHEAD = 2  # pages in flight per worker of a node: one running, one to steal from
MAX_CONCURRENCY = 256  # page calls a node's worker holds at once, from all clients
NAMESPACE = "desktop-ocr"


@dataclass
class _Actor:
    handle: Any
    workers: int
    busy: int = 0  # pages in flight there, backups included
    alive: bool = True

    @property
    def capacity(self) -> int:
        return AHEAD * self.workers


@dataclass
class _Flight:
    job: int
    index: int
    actor: _Actor
    attempt: int
    encoded: bool = False  # sent as its file's bytes (a failure there is checked here again)
    copied: bool = False  # one of a page's two copies (a backup, or the page it backs up)


class ClusterRunner:
    """Submit pages to a Ray cluster; events come back as from a local runner (see module docs)."""

    def __init__(
        self,
        address: str,
        models: ModelSet | None = None,
        options: Any = None,
        *,
        workers_per_node: int | None = None,
        max_nodes: int | None = None,
        local_workers: int = 2,
        emit: Callable[[Event], None] | None = None,
        first_id: int = 1,
        wait: bool = True,
    ):
        """``emit``: where events go (default: the ``events`` queue); it must only enqueue, as
        ``RunnerCore``'s. ``max_nodes``: use only the first nodes, the head first (the benchmark
        compares one node with two on the same cluster). ``local_workers``: the worker count of a
        run on this machine, whose results the cluster reproduces (a node splits each page's lines
        into recognition batches as that run would). ``first_id``: job ids start there (a window that also runs a local
        runner keeps the two apart). ``wait``: connect and start the workers now, raising
        :class:`ClusterError`; otherwise that happens on the client's thread, jobs submitted
        meanwhile wait, and a cluster that cannot be reached fails their pages with its message."""
        self.address = address
        self.events: queue.Queue[Event] = queue.Queue()
        self._emit_one = emit or self.events.put
        self._cond = threading.Condition()
        self._jobs: dict[int, OrderedJob] = {}
        self._job_spec: dict[int, int] = {}
        self._ids = itertools.count(first_id)
        self._last_priority = 0
        self._waiting: list[tuple[int, int, int]] = []  # heap of (-priority, index, job)
        self._flights: dict[Any, _Flight] = {}
        self._arrived: list[Any] = []  # flights whose result is in, not yet collected
        self._poked = False  # a job came or went since the client's thread last looked
        self._closed = False
        self._ray: Any = None
        self._connected = False
        self._actors: list[_Actor] = []
        self._failure: str | None = None  # why the cluster cannot be used
        self._ready = threading.Event()
        self._specs: dict[tuple, tuple[str, EngineSpec, Any]] = {}  # key -> (id, spec, ref)
        self._default_spec = self._spec_key(models, options)  # loaded by every worker at the start
        self._client = uuid.uuid4().hex  # page keys of several clients never meet on a worker
        self._workers_per_node = workers_per_node
        self._max_nodes = max_nodes
        self._local_workers = max(1, local_workers)
        self.stats = {
            "sent": 0,
            "results": 0,
            "duplicates": 0,
            "resent": 0,
            "cancelled": 0,
            "backups": 0,
        }
        if wait:
            self._start()
            if self._failure is not None:
                raise ClusterError(self._failure)
        self._thread = threading.Thread(target=self._loop, name="cluster-client", daemon=True)
        self._thread.start()

    def _start(self) -> None:
        """Connect and start one worker per node; on failure, ``_failure`` says why."""
        try:
            self._ray, self._connected = connect(self.address)
            self._actors = self._start_actors(self._workers_per_node)
        except Exception as exc:
            self._disconnect()
            if isinstance(exc, ClusterError):
                self._failure = str(exc)
            else:
                self._failure = f"cannot start the OCR workers on the cluster: {exc}"
            logger.info("%s", self._failure)  # raised to the caller, or each page fails with it
        finally:
            self._ready.set()

    def _spec_key(self, models: ModelSet | None, options: Any) -> str:
        """The id of the engine a job runs: a digest of its model set and options, the same for
        every client, so that a worker loads each engine once whoever asks for it."""
        key = (models, options)
        with self._cond:
            found = self._specs.get(key)
            if found is None:
                spec = EngineSpec.of(models, options)
                sid = hashlib.sha256(pickle.dumps(spec)).hexdigest()[:20]
                found = self._specs[key] = (sid, spec, None)
            return found[0]

    # -- the actors ------------------------------------------------------------------------------
    def _start_actors(self, workers_per_node: int | None) -> list[_Actor]:
        """One worker per node, shared by every client of the cluster (a named, detached actor):
        each node's engine is loaded once, and the pages of all clients meet in one scheduler
        there, newest submission first."""
        ray = self._ray
        from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

        nodes = [n for n in ray.nodes() if n.get("Alive") and n.get("Resources", {}).get("CPU", 0) >= 1]
        nodes.sort(key=lambda n: "node:__internal_head__" not in n["Resources"])
        nodes = nodes[: self._max_nodes]
        if not nodes:
            raise ClusterError("the cluster has no node with a CPU")
        handles = []
        for node in nodes:
            cpus = int(node["Resources"]["CPU"])
            cls = ray.remote(PageWorker).options(
                name=f"desktop-ocr-{__version__}-{node['NodeID'][:16]}",
                namespace=NAMESPACE,
                lifetime="detached",
                get_if_exists=True,
                num_cpus=cpus,
                max_restarts=-1,
                max_task_retries=2,
                max_concurrency=MAX_CONCURRENCY,  # threads that wait for pages: cheap
                # soft: when the node is gone, the restarted actor may go elsewhere
                scheduling_strategy=NodeAffinitySchedulingStrategy(node["NodeID"], soft=True),
            )
            handles.append(cls.remote(workers_per_node or cpus))
        ref = self._spec_ref(self._default_spec)
        # the engine loaded on every node: a broken model set fails here, not mid-batch
        workers = ray.get([h.load.remote(self._default_spec, [ref]) for h in handles])
        actors = [_Actor(h, w) for h, w in zip(handles, workers)]
        logger.info(
            "cluster: %d node(s), %d pages in flight at most", len(actors), sum(a.capacity for a in actors)
        )
        return actors

    @property
    def nodes(self) -> int:
        return len(self._actors)

    def actor_pids(self) -> list[int]:
        """The worker processes' ids (tests kill one to check that no page is lost)."""
        return self._ray.get([a.handle.pid.remote() for a in self._actors])

    # -- the runner interface --------------------------------------------------------------------
    def submit(
        self,
        sources: Sequence[Source],
        *,
        stop_when=None,
        open_ended: bool = False,
        interactive: bool = False,
        stages: Any = None,
        **_ignored: Any,
    ) -> int:
        """A job; newer jobs go first (an interactive one too: nothing is preempted on a cluster).
        ``stages`` (an ``OcrEngine``): its model set and options travel with the job, so that each
        node runs an engine like it (loaded once per node)."""
        spec = self._default_spec
        if stages is not None:
            spec = self._spec_key(getattr(stages, "models", None), getattr(stages, "options", None))
        with self._cond:
            jid = next(self._ids)
            # submission time in ms, unique: newer first on every node, across clients too
            self._last_priority = max(self._last_priority + 1, int(time.time() * 1000))
            job = OrderedJob(jid, self._last_priority, stop_when, sealed=not open_ended)
            self._jobs[jid] = job
            self._job_spec[jid] = spec
            self._queue(job, job.add(sources))
            self._emit(job.deliver() if job.sealed and not job.sources else [])
            self._wake()
        return jid

    def extend(self, job_id: int, sources: Sequence[Source]) -> None:
        with self._cond:
            job = self._jobs.get(job_id)
            if job is not None:
                self._queue(job, job.add(sources))
                self._wake()

    def seal(self, job_id: int) -> None:
        with self._cond:
            job = self._jobs.get(job_id)
            if job is not None:
                self._emit(job.seal())

    def is_finished(self, job_id: int) -> bool:
        with self._cond:
            job = self._jobs.get(job_id)
            return job is None or job.finished

    def cancel(self, job_id: int | None = None) -> None:
        with self._cond:
            for jid in [job_id] if job_id is not None else list(self._jobs):
                job = self._jobs.get(jid)
                if job is not None:
                    events, dropped = job.cancel()
                    self._drop(job, dropped)
                    self._emit(events)

    def iter_events(self, job_ids: set[int] | None = None) -> Iterator[Event]:
        """Events in order until every job in ``job_ids`` (or every job) has finished."""
        pending = set(job_ids) if job_ids is not None else None
        while pending is None or pending:
            ev = self.events.get()
            yield ev
            if isinstance(ev, JobFinished) and pending is not None:
                pending.discard(ev.job)

    def run_job(self, sources: Sequence[Source], **kw) -> list[PageResult]:
        jid = self.submit(sources, **kw)
        return [
            ev.result for ev in self.iter_events({jid}) if isinstance(ev, PageDelivered) and ev.job == jid
        ]

    def wait_ready(self, timeout: float | None = None) -> str | None:
        """Wait until the cluster is up; None, or why it cannot be used."""
        self._ready.wait(timeout)
        return self._failure

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._wake()
        self._thread.join(timeout=30)
        try:  # the workers are shared: drop this client's pages still on them, and only those
            self.cancel(None)
        except Exception:  # the cluster is gone already
            logger.debug("cancelling on the cluster failed", exc_info=True)
        self._disconnect()

    def _disconnect(self) -> None:
        if self._connected:
            self._ray.shutdown()
            self._connected = False

    def __enter__(self) -> ClusterRunner:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- under the lock --------------------------------------------------------------------------
    def _wake(self) -> None:
        """Tell the client's thread to look again (it may be about to wait: the flag stays)."""
        self._poked = True
        self._cond.notify_all()

    def _emit(self, events: list[Event]) -> None:
        for ev in events:
            self._emit_one(ev)
            if isinstance(ev, JobFinished):
                self._jobs.pop(ev.job, None)
                self._job_spec.pop(ev.job, None)

    def _queue(self, job: OrderedJob, indices: range) -> None:
        for i in indices:
            heapq.heappush(self._waiting, (-job.priority, i, job.id))

    def _drop(self, job: OrderedJob, dropped: list[int]) -> None:
        """Stop the dropped pages' work on the nodes (those still waiting here are skipped when
        they come up)."""
        gone = set(dropped)
        by_actor: dict[int, tuple[_Actor, list]] = {}
        for flight in self._flights.values():
            if flight.job == job.id and flight.index in gone:
                key = (self._client, job.id, flight.index)
                by_actor.setdefault(id(flight.actor), (flight.actor, []))[1].append(key)
        for actor, keys in by_actor.values():
            self.stats["cancelled"] += len(keys)
            actor.handle.cancel.remote(keys)

    def _next_page(self) -> tuple[OrderedJob, int, int] | None:
        while self._waiting:
            _neg, index, jid = heapq.heappop(self._waiting)
            job = self._jobs.get(jid)
            if job is not None and job.wanted(index):
                return job, index, job.priority
        return None

    # -- the client's thread: send pages, collect results ------------------------------------------
    def _loop(self) -> None:
        if not self._ready.is_set():
            self._start()
            if self._failure is not None:
                logger.error("%s", self._failure)
        resend: list[tuple[int, int, int]] = []  # (job, index, attempt)
        while True:
            sends = []
            with self._cond:
                if self._closed:
                    return
                self._poked = False  # whatever came, this pass sees it
                drained = False  # every page is sent: idle workers may take backups
                while True:
                    actor = min(
                        (a for a in self._actors if a.alive and a.busy < a.capacity),
                        key=lambda a: a.busy / a.capacity,
                        default=None,
                    )
                    if actor is None:
                        break
                    if self._failure is not None:  # no cluster: each page fails with the reason
                        nxt = self._next_page()
                        if nxt is None:
                            break
                        job, index, _p = nxt
                        src = job.sources[index]
                        failure = PageResult.failure(src.path, src.page, self._failure)
                        self._emit(job.take_result(index, failure)[0])
                        continue
                    if resend:
                        jid, index, attempt = resend.pop(0)
                        job = self._jobs.get(jid)
                        if job is None or not job.wanted(index):
                            continue
                    else:
                        nxt = self._next_page()
                        if nxt is None:
                            drained = True
                            break
                        job, index, _p = nxt
                        attempt = 1
                    actor.busy += 1
                    sends.append((job, index, job.sources[index], actor, attempt, False))
                if drained and self._failure is None:
                    sends += self._backups()
                if not sends and not self._flights:
                    self._cond.wait(0.5)
                    continue
            for job, index, source, actor, attempt, copy in sends:
                self._send(job, index, source, actor, attempt, copy)
            with self._cond:
                # no polling: a result (``_result_in``), a new job or close() wakes this thread;
                # with nothing in flight (every page just sent failed here) there is nothing to
                # wait for: the next pass sends the pages still waiting
                while self._flights and not (self._arrived or self._poked or self._closed):
                    self._cond.wait(5.0)
                ready, self._arrived = self._arrived, []
            for ref in ready:
                resend += self._collect(ref)

    def _backups(self) -> list[tuple]:
        """Under the lock, with every page sent: for each worker of a node that has no page,
        a copy of the page sent last to a node that holds more pages than it has workers (one
        that waits there, not yet started). At most two copies of a page are ever in flight."""
        sends = []
        for actor in self._actors:
            while actor.alive and actor.busy < actor.workers:
                flight = next(
                    (
                        f
                        for f in reversed(self._flights.values())
                        if not f.copied
                        and f.actor is not actor
                        and f.actor.busy > f.actor.workers
                        and (job := self._jobs.get(f.job)) is not None
                        and job.wanted(f.index)
                    ),
                    None,
                )
                if flight is None:
                    break
                flight.copied = True
                actor.busy += 1
                job = self._jobs[flight.job]
                sends.append((job, flight.index, job.sources[flight.index], actor, flight.attempt, True))
        return sends

    def _send(
        self, job: OrderedJob, index: int, source: Source, actor: _Actor, attempt: int, copy: bool
    ) -> None:
        """Send the page's file bytes or its pixels; a page that cannot be read fails here, with
        the same message as on one machine. ``copy``: a backup of a page sent before."""
        try:
            image = _payload(source)
        except Exception as exc:
            message = failure_message(exc)
            with self._cond:
                actor.busy -= 1
                if copy:  # the file changed since the first copy was sent: that one decides
                    return
                events, dropped = job.take_result(
                    index, PageResult.failure(source.path, source.page, message)
                )
                self._drop(job, dropped)
                self._emit(events)
            return
        with self._cond:
            if not job.wanted(index):  # stopped or cancelled meanwhile
                actor.busy -= 1
                return
            if copy:
                self.stats["backups"] += 1
            else:
                self._emit([PageStateChanged(job.id, index, PageState.DETECTING)])
            # the node gets the pixels and the file's name (for its log), never a path to open
            spec_id = self._job_spec.get(job.id, self._default_spec)
            box = [self._spec_ref(spec_id)]  # a reference: a worker fetches it once, when new to it
            ref = actor.handle.ocr.remote(
                (self._client, job.id, index),
                job.priority * 10**6 - index,
                os.path.basename(source.path),
                source.page,
                image,
                spec_id,
                box,
                self._local_workers,
            )
            encoded = isinstance(image, EncodedImage)
            self._flights[ref] = _Flight(job.id, index, actor, attempt, encoded, copied=copy)
            self.stats["sent"] += 1
        # called on Ray's thread when the result (or the error) is in; at once if it is already
        ref.future().add_done_callback(lambda _f, ref=ref: self._result_in(ref))

    def _result_in(self, ref: Any) -> None:
        with self._cond:
            self._arrived.append(ref)
            self._cond.notify_all()

    def _local_failure(self, flight: _Flight, result: PageResult) -> PageResult:
        """A page sent as its file's bytes failed on the node: when the file cannot be decoded
        here either, the failure carries this machine's message (the node knew only the name)."""
        with self._cond:
            job = self._jobs.get(flight.job)
            source = job.sources[flight.index] if job is not None else None
        if source is None:
            return result
        try:
            source.load()
        except Exception as exc:
            message = failure_message(exc)
            return PageResult.failure(source.path, source.page, message)
        return result  # decoded here: the page failed on the node for another reason

    def _spec_ref(self, spec_id: int) -> Any:
        with self._cond:
            for key, (sid, spec, ref) in self._specs.items():
                if sid == spec_id:
                    if ref is None:
                        ref = self._ray.put(spec)
                        self._specs[key] = (sid, spec, ref)
                    return ref
        raise KeyError(spec_id)

    def _collect(self, ref: Any) -> list[tuple[int, int, int]]:
        with self._cond:
            flight = self._flights.pop(ref)
        try:
            result = self._ray.get(ref)
        except Exception as exc:  # the actor or its node died and Ray's retries ran out
            logger.warning(
                "cluster: page %d of job %d lost (%s)", flight.index, flight.job, type(exc).__name__
            )
            with self._cond:
                flight.actor.busy -= 1
                if "ActorDied" in type(exc).__name__:  # gone for good (restarts are unlimited otherwise)
                    flight.actor.alive = False
                job = self._jobs.get(flight.job)
                if job is None or not job.wanted(flight.index) or self._other_copy(flight):
                    return []
                if flight.attempt < ATTEMPTS and any(a.alive for a in self._actors):
                    self.stats["resent"] += 1
                    return [(flight.job, flight.index, flight.attempt + 1)]
                src = job.sources[flight.index]
                first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
                events, dropped = job.take_result(
                    flight.index, PageResult.failure(src.path, src.page, f"lost on the cluster ({first})")
                )
                self._drop(job, dropped)
                self._emit(events)
            return []
        if flight.encoded and result is not None and result.error is not None:
            result = self._local_failure(flight, result)
        with self._cond:
            flight.actor.busy -= 1
            self.stats["results"] += 1
            job = self._jobs.get(flight.job)
            if result is None or job is None or not job.wanted(flight.index):
                self.stats["duplicates"] += result is not None
                return []
            src = job.sources[flight.index]
            result.path, result.page = src.path, src.page  # the node saw a name only
            events, dropped = job.take_result(flight.index, result)
            # the page's other copy, if any, is not needed any more
            self._drop(job, [*dropped, flight.index] if flight.copied else dropped)
            self._emit(events)
        return []

    def _other_copy(self, flight: _Flight) -> bool:
        """Whether another copy of the flight's page is still in flight (under the lock)."""
        return flight.copied and any(
            f.job == flight.job and f.index == flight.index for f in self._flights.values()
        )


def _payload(source: Source) -> Any:
    """What is sent of a page: the bytes of an image file that holds just this page (a node
    decodes them as this machine would), else the pixels decoded here. A file that cannot be
    read fails here, with the message of a local run."""
    loader = getattr(source, "loader", None)
    if isinstance(loader, ImageLoader) and loader.frame == 0 and loader.page is None:
        try:
            with open(loader.path, "rb") as f:
                data = f.read()
        except OSError:
            data = b""
        if data:
            return EncodedImage(data, loader.max_pixels)
    return source.load()
