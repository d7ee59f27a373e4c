"""One run of a job on Dask: feed its chunks, save each result as it arrives.

The driver keeps a bounded window of chunks on the cluster (twice the
worker threads, then as many as the threads for the last chunks) and
submits the next one as each finishes, so a job of
any size holds few futures, several jobs share a cluster fairly, and a
cancel has little to withdraw. Each chunk is a task with its own key
(job id, run, chunk index) that runs :func:`tasks.run_chunk_task`.

Cancelling: the canceller marks the job CANCELLED in the ledger first,
then sets the run's Dask event; every task checks that event before it
starts its chunk, so no chunk starts after the cancel, and the driver
cancels the futures it holds. The driver also polls the ledger, so a
cancel from another process (``jost cancel``) reaches it within
``poll_s`` (0.1 s).

Failures: a chunk that raises is not retried (its inputs would raise
again): the job is FAILED with the error text and its other chunks are
cancelled. A worker that dies costs only the chunks it held, which the
scheduler runs again elsewhere (``distributed.scheduler.allowed-failures``
times at most). If the driver itself fails (say the scheduler goes away),
the job is INTERRUPTED, to be resumed.
"""

from __future__ import annotations

import queue
import threading
import time
from collections import deque

from distributed import Event

from .ledger import CANCELLED, COMPLETE, FAILED, INTERRUPTED, RUNNING, Ledger
from .tasks import cancel_event_name, chunk_key, run_chunk_task

POLL_S = 0.1
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
    chunks : list
        The chunks still to do, in order.
    poll_s : float
        How often the ledger is read for a cancel from elsewhere [s].
    """

    def __init__(self, ledger: Ledger, client, job_id: str, run: int, simulation_type: str,
                 config: dict, chunks: list, poll_s: float = POLL_S):
        self.ledger = ledger
        self.client = client
        self.job_id = job_id
        self.run_number = run
        self.simulation_type = simulation_type
        self.config = config
        self.chunks = list(chunks)
        self.poll_s = poll_s
        self.event_name = cancel_event_name(job_id, run)
        self.done = threading.Event()
        self.state: str | None = None
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._pending: dict = {}
        self._arrived: queue.SimpleQueue = queue.SimpleQueue()
        self._lost: list = []
        self._threads = (0, 0.0)

    def cancel(self) -> None:
        """Stop the run at once: no chunk starts after this returns.

        The caller has already marked the job CANCELLED in the ledger.
        """
        self._stop.set()
        Event(self.event_name, client=self.client).set()
        with self._lock:
            futures = list(self._pending)
        if futures:
            self.client.cancel(futures)

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
        todo = deque(self.chunks)
        last_beat = time.monotonic()
        while todo or self._pending:
            if self._stopped():
                return self._halt()
            self._fill(todo)
            with self._lock:
                arrived = [(f, self._pending.pop(f, None)) for f in self._finished()]
            if arrived and not self._stop.is_set():
                self._fill(todo)  # the freed threads' next chunks go before the saving
            for future, chunk in arrived:
                if chunk is None:
                    continue
                failure = self._collect(future, chunk)
                if failure:
                    return self._fail(*failure)
            if time.monotonic() - last_beat > HEARTBEAT_S:
                self.ledger.heartbeat(self.job_id)
                last_beat = time.monotonic()
        if self.ledger.finish(self.job_id, COMPLETE, from_states=(RUNNING,)):
            return COMPLETE
        return self._ledger_state()

    def _ledger_state(self) -> str:
        return self.ledger.state(self.job_id)[0]

    def _stopped(self) -> bool:
        if self._stop.is_set():
            return True
        return self.ledger.state(self.job_id) != (RUNNING, self.run_number)

    def _halt(self) -> str:
        """Stop because the job left RUNNING elsewhere (a cancel)."""
        state = self._ledger_state()
        if state == CANCELLED and not self._stop.is_set():
            self.cancel()
        return state

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

    def _fill(self, todo: deque) -> None:
        while todo and len(self._pending) < self._window():
            chunk = todo.popleft()
            future = self.client.submit(
                run_chunk_task, self.simulation_type, self.config, chunk, self.event_name,
                key=chunk_key(self.job_id, self.run_number, chunk.index), retries=0)
            with self._lock:
                self._pending[future] = chunk
            future.add_done_callback(self._arrived.put)  # called in another thread

    def _finished(self) -> list:
        """The futures done since the last call, waiting up to ``poll_s`` for one."""
        done = []
        try:
            done.append(self._arrived.get(timeout=self.poll_s))
        except queue.Empty:
            pass
        while not self._arrived.empty():
            done.append(self._arrived.get_nowait())
        still, found = [], []
        for future in self._lost:
            (still if future.status == "lost" else found).append(future)
        self._lost = still
        return done + found

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
        if self._stop.is_set():
            return None
        if future.status == "lost":
            # Its result was on a worker that died before we read it: the
            # scheduler computes it again; look at it again later.
            with self._lock:
                self._pending[future] = chunk
            self._lost.append(future)
            return None
        return INTERRUPTED, f"chunk {chunk.index} was {future.status} on the cluster"

    def _fail(self, state: str, error: str) -> str:
        self.ledger.finish(self.job_id, state, error, from_states=(RUNNING,))
        self._stop.set()
        self._quietly(Event(self.event_name, client=self.client).set)
        return self._ledger_state()

    @staticmethod
    def _quietly(action, *args) -> None:
        try:
            action(*args)
        except Exception:  # noqa: BLE001, S110 - cleanup on a cluster that may be gone
            pass
