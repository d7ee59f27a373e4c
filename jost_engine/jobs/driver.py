"""One run of a job on Dask: feed its chunks, save each result as it arrives.

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

Failures: a chunk that raises is not retried (its inputs would raise
again): the job is FAILED with the error text and no other chunk starts
(those running are still saved). A worker that dies costs only the chunks
it held, which the scheduler runs again elsewhere
(``distributed.scheduler.allowed-failures`` times at most). If the driver
itself fails (say the scheduler goes away), the job is INTERRUPTED, to be
resumed.
"""

from __future__ import annotations

import threading
import time

from distributed import Event, as_completed

from .ledger import COMPLETE, FAILED, INTERRUPTED, RUNNING, Ledger
from .tasks import cancel_event_name, chunk_key, run_chunk_task

HEARTBEAT_S = 5.0
THREADS_REFRESH_S = 2.0


class Driver:
    """Drive one run of a job.

    Parameters
    ----------
    ledger : Ledger
    client : distributed.Client
    job_id : str
    run : int
        The run number the ledger gave (:meth:`Ledger.claim`).
    simulation_type : str
    config : dict
        The complete config, passed to every task unread.
    chunks : iterable
        The chunks still to do, in order (taken one at a time).
    """

    def __init__(self, ledger: Ledger, client, job_id: str, run: int, simulation_type: str,
                 config: dict, chunks):
        self.ledger = ledger
        self.client = client
        self.job_id = job_id
        self.run_number = run
        self.simulation_type = simulation_type
        self.config = config
        self.chunks = chunks
        self.event_name = cancel_event_name(job_id, run)
        self.done = threading.Event()
        self.state: str | None = None
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._pending: dict = {}
        self._completed = as_completed(loop=client.loop)  # our client need not be the default
        self._threads = (0, 0.0)

    def cancel(self) -> None:
        """Stop the run: no chunk starts after this returns.

        The caller has already marked the job CANCELLED (or INTERRUPTED) in
        the ledger. The chunks running now end within their own length and
        their results are saved; :attr:`done` is set then.
        """
        self._stop.set()
        Event(self.event_name, client=self.client).set()

    def run(self) -> str:
        """Run the chunks to the end (or the cancel, or a failure); the final state."""
        try:
            self.state = self._loop()
        except Exception as exc:  # noqa: BLE001 - any driver fault leaves the job resumable
            self.ledger.finish(self.job_id, INTERRUPTED,
                               f"the job's driver stopped: {type(exc).__name__}: {exc}",
                               from_states=(RUNNING,))
            self.state = self._ledger_state()
        finally:
            with self._lock:
                leftover, self._pending = list(self._pending), {}
            if leftover:
                self._quietly(self.client.cancel, leftover)
            self.done.set()
        return self.state

    def _loop(self) -> str:
        todo = iter(self.chunks)
        last_beat = time.monotonic()
        self._feed(todo)
        while not self._completed.is_empty():
            self._arrive(self._completed.next_batch(block=True), todo)
            if time.monotonic() - last_beat > HEARTBEAT_S:
                self.ledger.heartbeat(self.job_id)
                last_beat = time.monotonic()
        if not self._stop.is_set() and self.ledger.finish(self.job_id, COMPLETE,
                                                          from_states=(RUNNING,)):
            return COMPLETE
        return self._ledger_state()

    def _arrive(self, futures: list, todo) -> None:
        """Take finished futures: submit their successors, then save their results.

        The futures are not held after this returns, so the cluster may
        forget their results.
        """
        with self._lock:
            arrived = [(f, self._pending.pop(f, None)) for f in futures]
        self._feed(todo)
        for future, chunk in arrived:
            failure = chunk and self._collect(future, chunk)
            if failure:
                self._fail(*failure)

    def _ledger_state(self) -> str:
        return self.ledger.state(self.job_id)[0]

    def _stopped(self) -> bool:
        """Whether to start no more chunks: stopped here, or the job left this run elsewhere."""
        if self._stop.is_set():
            return True
        if self.ledger.state(self.job_id) != (RUNNING, self.run_number):
            self.cancel()  # a cancel from another process: stop the chunks not yet started
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

    def _feed(self, todo) -> None:
        """Submit chunks until every worker thread has one, unless the run is stopping."""
        while len(self._pending) < self._window() and not self._stopped():
            chunk = next(todo, None)
            if chunk is None:
                return
            future = self.client.submit(
                run_chunk_task, self.simulation_type, self.config, chunk, self.event_name,
                key=chunk_key(self.job_id, self.run_number, chunk.index), retries=0)
            with self._lock:
                self._pending[future] = chunk
            self._completed.add(future)

    def _collect(self, future, chunk) -> tuple[str, str] | None:
        """Save a finished chunk; (state, error) when the run must stop."""
        if future.status == "finished":
            out = future.result()
            if out is not None:  # None: it saw the cancel and did not start
                self.ledger.record_chunk(self.job_id, self.run_number, chunk.index,
                                         chunk.rounds, out["partial"], out["worker"],
                                         out["started_at"], out["finished_at"])
            return None
        if future.status == "error":
            exc = future.exception()
            return FAILED, f"chunk {chunk.index}: {type(exc).__name__}: {exc}"
        if future.status == "lost":
            # Its result was on a worker that died before we read it: the
            # scheduler computes it again; it arrives again when done.
            with self._lock:
                self._pending[future] = chunk
            self._completed.add(future)
            return None
        if self._stop.is_set():
            return None
        return INTERRUPTED, f"chunk {chunk.index} was {future.status} on the cluster"

    def _fail(self, state: str, error: str) -> None:
        """End the run FAILED or INTERRUPTED; the chunks still running are saved."""
        self.ledger.finish(self.job_id, state, error, from_states=(RUNNING,))
        self._stop.set()
        self._quietly(Event(self.event_name, client=self.client).set)

    @staticmethod
    def _quietly(action, *args) -> None:
        try:
            action(*args)
        except Exception:  # noqa: BLE001, S110 - cleanup on a cluster that may be gone
            pass
