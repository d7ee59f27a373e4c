"""One run of a job, or of a study's jobs together, on Dask: feed chunks, save results.

The driver keeps one chunk per worker thread on the cluster and follows
them with :class:`distributed.as_completed`: as soon as chunks finish, their
successors are submitted (before the finished ones are saved, so a worker
idles only for the round trip), then their results are saved in the ledger.
A job of any size therefore holds few futures, several jobs share a cluster
fairly, and a cancel has little to withdraw. The chunks are taken lazily
from the plan, one at a time. Each chunk is a task with its own key (job
id, run, chunk index) that runs :func:`tasks.run_chunk_task`.

Cancelling: the canceller marks the job CANCELLED in the ledger first,
then sets the run's Dask event; every task checks that event before it
starts its chunk, so no chunk starts after the cancel. The chunks already
running cannot be interrupted: the driver waits for them (about a chunk's
length) and saves their results, so a resume does not run them again. The
driver also reads the ledger between arrivals, so a cancel from another
process (``jost cancel``) stops it before it submits another chunk.

Several jobs (a study): the driver takes one *stream* per job and feeds
their chunks interleaved by chunk index (chunk 0 of every job, then chunk 1,
...), so every job advances together and a half-done study already has
every variant at half its rounds. They share one cancel event; a job
cancelled or failed alone just gets no more chunks. Task keys name the
study (``jost-study-ID-JOB-RUN-INDEX``).

A big cluster (issue 17): the scheduler spends a few milliseconds of CPU on
every task (docs/scale-out.md), so with many workers and short chunks it,
not the workers, would set the pace. Once chunks have come back, the driver
knows their length, and when the cluster's threads would ask for more than
:data:`TASKS_PER_S` tasks a second it sends several consecutive chunks as one
task (:func:`tasks.run_chunks_task`, key ``...-INDEX-xK``), each still saved
as its own chunk. On a laptop's few workers a task stays one chunk.

A run that stops at a precision (issue 22, blackjack's ``run.target_se``):
when the job's handler offers a stopping rule (``stopper``, see
:mod:`jost_engine.registry`), the stream carries it; the saved chunks of
earlier runs are fed to it first, in chunk order, and then each chunk as it
is saved. The rule decides from the contiguous prefix of chunks only (chunk
0, 1, ... up to the first gap), so where it stops does not depend on timing,
the number of workers or a resume. Once it is met the stream gets no more
chunks; alone, the run's event is set too, so no chunk still queued on the
cluster starts. The chunks already running end and are saved (the merge
leaves them out: the job's ``meta["stop"]`` lists them as discarded), and
the job is COMPLETE with fewer chunks than its plan (``chunks_total`` is
then the budget, "up to" in its progress).

For tests only (issue 26): with ``$JOST_TEST_HOLD`` set, the chunks from its K on wait on
their worker while the workspace's hold file exists (:mod:`.hold`), so a test can cancel
or kill a job that has K chunks saved and others not started, at any machine speed; a
task then never mixes chunks below K with chunks from K on.

Failures: a chunk that raises is not retried (its inputs would raise
again): the job is FAILED with the error text and no other chunk starts
(those running are still saved). A worker that dies costs only the chunks
it held, which the scheduler runs again elsewhere
(``distributed.scheduler.allowed-failures`` times at most). If the driver
itself fails (say the scheduler goes away), the job is INTERRUPTED, to be
resumed.
"""

from __future__ import annotations

import heapq
import math
import threading
import time
from dataclasses import dataclass

from distributed import Event, as_completed

from .. import registry
from . import hold
from .ledger import COMPLETE, FAILED, INTERRUPTED, RUNNING, Ledger
from .speed import apparent_length
from .tasks import cancel_event_name, chunk_key, run_chunk_task, run_chunks_task

HEARTBEAT_S = 5.0
THREADS_REFRESH_S = 2.0
TASKS_PER_S = 100  # the most the driver asks of the scheduler (it takes 200-330 a second)
MAX_GROUP = 64     # chunks in one task at most


@dataclass
class Stream:
    """One job's part of a run.

    Attributes
    ----------
    job_id : str
    run : int
        The run number the ledger gave (:meth:`Ledger.claim`).
    simulation_type : str
    config : dict
        The complete config, passed to every task unread.
    chunks : iterable
        The chunks still to do, in order (taken one at a time).
    key_prefix : str
        Start of its tasks' keys (``jost`` or ``jost-study-ID``).
    stopped : bool
        Set when the job gets no more chunks (cancelled, failed).
    rule : object or None
        The handler's stopping rule (``stopper``), set by :meth:`Driver.run`.
    """

    job_id: str
    run: int
    simulation_type: str
    config: dict
    chunks: object
    key_prefix: str = "jost"
    stopped: bool = False
    rule: object = None

    @property
    def reached(self) -> bool:
        """Whether its stopping rule is met: it needs no more chunks."""
        return self.rule is not None and self.rule.reached


def interleave(streams: list[Stream]):
    """(stream, chunk) pairs by chunk index, then by stream order; lazily."""
    def keyed(position, stream):
        return ((chunk.index, position, chunk) for chunk in stream.chunks)

    merged = heapq.merge(*(keyed(p, s) for p, s in enumerate(streams)),
                         key=lambda item: item[:2])
    return ((streams[position], chunk) for _, position, chunk in merged)


class Driver:
    """Drive one run of one job, or of several jobs interleaved.

    Parameters
    ----------
    ledger : Ledger
    client : distributed.Client
    streams : list of Stream
        One per job.
    event_name : str, optional
        The Dask event that stops every chunk from starting; the job's own
        (:func:`~.tasks.cancel_event_name`) for a single stream.
    prepare : callable, optional
        Called with the streams at the start of :meth:`run` (in its thread),
        e.g. to write out the configs the workers are sent.
    """

    def __init__(self, ledger: Ledger, client, streams: list[Stream],
                 event_name: str | None = None, prepare=None):
        self.ledger = ledger
        self.client = client
        self.streams = streams
        self.event_name = event_name or cancel_event_name(streams[0].job_id, streams[0].run)
        self.prepare = prepare
        self.done = threading.Event()
        self.state: str | None = None
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._pending: dict = {}
        self._completed = as_completed(loop=client.loop)  # our client need not be the default
        self._threads = (0, 0.0)
        self.chunk_s: float | None = None  # mean length of the chunks back so far [s]
        self.tasks = 0  # tasks submitted (a task holds one chunk or several)
        self.hold = hold.hold_from(ledger.folder)  # tests only: None unless $JOST_TEST_HOLD
        self._back: list = []  # a chunk taken from the plan, to start the next task

    @classmethod
    def single(cls, ledger: Ledger, client, job_id: str, run: int, simulation_type: str,
               config: dict, chunks) -> Driver:
        """A driver of one job's run."""
        return cls(ledger, client, [Stream(job_id, run, simulation_type, config, chunks)])

    def cancel(self, job_id: str | None = None) -> None:
        """Stop the run (or, of several jobs, just ``job_id``'s): no chunk of it starts after this.

        The caller has already marked the job(s) CANCELLED (or INTERRUPTED)
        in the ledger. The chunks running now end within their own length
        and their results are saved; :attr:`done` is set at the end of the run.
        """
        if job_id is not None and len(self.streams) > 1:
            for stream in self.streams:
                if stream.job_id == job_id:
                    stream.stopped = True
            return
        self._stop.set()
        Event(self.event_name, client=self.client).set()

    def run(self) -> str:
        """Run the chunks to the end (or the cancel, or a failure); the final state.

        For several jobs, the state of the first (the study's base).
        """
        try:
            if self.prepare is not None:
                self.prepare(self.streams)
            for stream in self.streams:
                self._set_rule(stream)
            self.state = self._loop()
        except Exception as exc:  # noqa: BLE001 - any driver fault leaves the jobs resumable
            error = f"the job's driver stopped: {type(exc).__name__}: {exc}"
            for stream in self.streams:
                self.ledger.finish(stream.job_id, INTERRUPTED, error, from_states=(RUNNING,))
            self.state = self._ledger_state()
        finally:
            with self._lock:
                leftover, self._pending = list(self._pending), {}
            if leftover:
                self._quietly(self.client.cancel, leftover)
            self.done.set()
        return self.state

    def _loop(self) -> str:
        todo = interleave(self.streams)
        last_beat = time.monotonic()
        self._feed(todo)
        while not self._completed.is_empty():
            self._arrive(self._completed.next_batch(block=True), todo)
            if time.monotonic() - last_beat > HEARTBEAT_S:
                self.ledger.heartbeat(*(s.job_id for s in self.streams))
                last_beat = time.monotonic()
        if not self._stop.is_set():
            for stream in self.streams:
                if stream.reached:
                    self._finish_early(stream)
                elif not stream.stopped:
                    self.ledger.finish(stream.job_id, COMPLETE, from_states=(RUNNING,))
        return self._ledger_state()

    def _set_rule(self, stream: Stream) -> None:
        """Give a stream its handler's stopping rule, fed the chunks saved before this run.

        A stream given a rule already (a racing study's, :mod:`.batch`) keeps it.
        """
        if stream.rule is not None:
            return
        stream.rule = registry.stopper(stream.simulation_type, stream.config)
        if stream.rule is None:
            return
        for index, partial in self.ledger.indexed_partials(stream.job_id):
            if stream.rule.add_partial(index, partial):
                break

    def _reach(self, stream: Stream) -> None:
        """A stream's rule is met: alone, stop the chunks queued on the cluster from starting."""
        if len(self.streams) == 1:
            self._quietly(Event(self.event_name, client=self.client).set)

    def _finish_early(self, stream: Stream) -> None:
        """COMPLETE a job whose rule was met; record where it stopped and what is left out."""
        last = stream.rule.stop_index
        rows = self.ledger.chunk_rows(stream.job_id)
        discarded = [r["idx"] for r in rows if r["idx"] > last]
        rounds = sum(r["rounds"] for r in rows if r["idx"] <= last)
        record = getattr(stream.rule, "record", None)
        self.ledger.update_meta(stream.job_id, {"stop": {
            "reason": "target", **(record() if record else {}), "last_chunk": last,
            "chunks": last + 1, "rounds": rounds, "discarded_chunks": discarded}})
        self.ledger.finish(stream.job_id, COMPLETE, from_states=(RUNNING,), early=True)

    def _arrive(self, futures: list, todo) -> None:
        """Take finished futures: submit their successors, then save their results.

        The futures are not held after this returns, so the cluster may
        forget their results.
        """
        with self._lock:
            arrived = [(f, self._pending.pop(f, None)) for f in futures]
        self._feed(todo)
        for future, items in arrived:
            if items is None:
                continue
            for stream, failure in self._collect(future, items):
                self._fail(stream, *failure)

    def _ledger_state(self) -> str:
        return self.ledger.state(self.streams[0].job_id)[0]

    def _stopped(self, stream: Stream) -> bool:
        """Whether to start no more chunks of a stream: stopped here, or its job left the run."""
        if self._stop.is_set() or stream.stopped or stream.reached:
            return True
        if self.ledger.state(stream.job_id) != (RUNNING, stream.run):
            # a cancel from another process: stop the chunks not yet started
            self.cancel(stream.job_id)
            return True
        return False

    def _window(self) -> int:
        """Chunks to keep on the cluster: one per worker thread.

        No chunk is queued behind another on a worker, so none waits on a
        busy worker while another is idle (with two per thread, the scheduler
        sometimes queued two on one worker and left the other idle for a
        whole chunk: 80 % instead of 97 % of two cores on a 2-worker
        cluster). A finished chunk's successor is submitted before the
        finished one is saved, so a thread idles only for the round trip.
        """
        threads, when = self._threads
        if time.monotonic() - when > THREADS_REFRESH_S:
            threads = max(1, sum(self.client.nthreads().values()))
            self._threads = (threads, time.monotonic())
        return threads

    def _group(self) -> int:
        """Chunks to send as one task: 1, unless the threads would ask too many tasks a second."""
        if self.chunk_s is None:
            return 1
        per_s = self._window() / max(self.chunk_s, 1e-6)
        return max(1, min(MAX_GROUP, math.ceil(per_s / TASKS_PER_S)))

    def _next_items(self, todo) -> list:
        """The chunks of the next task (in plan order, skipping stopped jobs); [] when none.

        Under the test suite's hold (:mod:`.hold`) a task holds chunks below its K or
        from it on, not both.
        """
        items = []
        size = self._group()
        while len(items) < size:
            item = self._back.pop() if self._back else next(todo, None)
            if item is None:
                break
            if self._stopped(item[0]):
                continue
            if items and hold.splits(self.hold, items[0][1].index, item[1].index):
                self._back.append(item)
                break
            items.append(item)
        return items

    def _feed(self, todo) -> None:
        """Submit tasks until every worker thread has one, unless the run is stopping."""
        while len(self._pending) < self._window() and not self._stop.is_set():
            items = self._next_items(todo)
            if not items:
                return
            stream, chunk = items[0]
            key = chunk_key(stream.job_id, stream.run, chunk.index, stream.key_prefix)
            if len(items) == 1:
                future = self.client.submit(
                    run_chunk_task, stream.simulation_type, stream.config, chunk,
                    self.event_name, self.hold, key=key, retries=0)
            else:
                work = [(s.simulation_type, s.config, c) for s, c in items]
                future = self.client.submit(run_chunks_task, work, self.event_name, self.hold,
                                            key=f"{key}-x{len(items)}", retries=0)
            self.tasks += 1
            with self._lock:
                self._pending[future] = items
            self._completed.add(future)

    def _collect(self, future, items: list) -> list:
        """Save a finished task's chunks; (stream, (state, error)) for each job that must stop."""
        if future.status == "finished":
            outs = future.result()
            if len(items) == 1:
                outs = [outs]
            failures = []
            for (stream, chunk), out in zip(items, outs):
                if out is None:  # it saw the cancel and did not start
                    continue
                if "error" in out:
                    failures.append((stream, (FAILED, f"chunk {chunk.index}: {out['error']}")))
                    continue
                self._learn(out)
                self.ledger.record_chunk(stream.job_id, stream.run, chunk.index,
                                         chunk.rounds, out["partial"], out["worker"],
                                         out["started_at"], out["finished_at"],
                                         out.get("kernel_s"))
                if (stream.rule is not None and not stream.reached
                        and stream.rule.add_partial(chunk.index, out["partial"])):
                    self._reach(stream)
            return failures
        if future.status == "lost":
            # Its result was on a worker that died before we read it: the
            # scheduler computes it again; it arrives again when done.
            with self._lock:
                self._pending[future] = items
            self._completed.add(future)
            return []
        if future.status == "error":
            exc = future.exception()
            return [(stream, (FAILED, f"chunk {chunk.index}: {type(exc).__name__}: {exc}"))
                    for stream, chunk in items]
        if self._stop.is_set():
            return []
        return [(stream, (INTERRUPTED, f"chunk {chunk.index} was {future.status} on the "
                          "cluster")) for stream, chunk in items]

    def _learn(self, out: dict) -> None:
        """Follow the chunks' length (a running mean) to size the tasks."""
        length = apparent_length(out["finished_at"] - out["started_at"],  # see .speed
                                 out.get("kernel_s") or 0.0)
        self.chunk_s = length if self.chunk_s is None else 0.8 * self.chunk_s + 0.2 * length

    def _fail(self, stream: Stream, state: str, error: str) -> None:
        """End a job's run FAILED or INTERRUPTED; the chunks still running are saved.

        Alone, the job stops the run; in a study, the other jobs go on.
        """
        self.ledger.finish(stream.job_id, state, error, from_states=(RUNNING,))
        stream.stopped = True
        if len(self.streams) == 1:
            self._stop.set()
            self._quietly(Event(self.event_name, client=self.client).set)

    @staticmethod
    def _quietly(action, *args) -> None:
        try:
            action(*args)
        except Exception:  # noqa: BLE001, S110 - cleanup on a cluster that may be gone
            pass
