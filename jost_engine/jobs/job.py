"""One job of a ledger, followed from any process: :class:`Job`.

Made by :class:`~jost_engine.jobs.manager.JobManager` (``submit``, ``job``,
``resume``); every property reads the ledger, so a job driven by another
process (``jost submit``) is followed the same way.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from .. import registry
from ..errors import JobError
from ..result import Timing
from .ledger import ACTIVE, COMPLETE, RESUMABLE
from .progress import Progress

if TYPE_CHECKING:
    from .manager import JobManager

POLL_S = 0.1


class Job:
    """One job of a ledger, followed through its manager.

    Every property reads the ledger, so it is current whichever process
    drives the job.
    """

    def __init__(self, manager: JobManager, job_id: str):
        self.manager = manager
        self.id = job_id
        self._result = None

    @property
    def info(self) -> dict:
        """The job's ledger row: config, label, meta, state, counts, timestamps."""
        return self.manager.ledger.get(self.id)

    @property
    def status(self) -> str:
        """PENDING, RUNNING, COMPLETE, FAILED, CANCELLED or INTERRUPTED."""
        state = self.manager.ledger.state(self.id)[0]
        if state in ACTIVE and self.id not in self.manager._drivers:
            self.manager.ledger.recover()
            state = self.manager.ledger.state(self.id)[0]
        return state

    @property
    def progress(self) -> Progress:
        """Chunks and rounds done, speed [rounds/s] and time left [s]."""
        self.status  # noqa: B018 - finds a dead owner
        return Progress.from_row(self.info)

    @property
    def error(self) -> str | None:
        """Why the job failed or stopped, if it did."""
        return self.info["error"]

    def wait(self, timeout: float | None = None) -> str:
        """Wait until the job ends; its final state.

        Raises
        ------
        TimeoutError
            When it has not ended after ``timeout`` seconds.
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        driver = self.manager._drivers.get(self.id)
        if driver is not None:  # driven here: wake up as soon as it ends
            driver.done.wait(timeout)
        while (state := self.status) in ACTIVE:
            if deadline is not None and time.monotonic() > deadline:
                raise TimeoutError(f"job {self.id} is still {state} after {timeout} s")
            time.sleep(POLL_S)
        return state

    def result(self, timeout: float | None = None):
        """Wait for the job and return its result (a :class:`SimulationResult` for blackjack).

        The chunks' partial results are merged in chunk order, so the result
        is the same however the chunks were spread, finished or resumed.

        Raises
        ------
        JobError
            When the job ended FAILED, CANCELLED or INTERRUPTED.
        TimeoutError
            When it has not ended after ``timeout`` seconds.
        """
        state = self.wait(timeout)
        if state != COMPLETE:
            error = self.error
            raise JobError(f"job {self.id} is {state}" + (f": {error}" if error else ""))
        if self._result is None:
            row = self.info
            self._result = registry.merge(row["simulation_type"], row["config"],
                                          self.manager.ledger.answer_partials(self.id),
                                          self.timing)
        return self._result

    def partial_result(self):
        """The merged result of the finished chunks of a job that ended without completing.

        A CANCELLED, INTERRUPTED or FAILED job's saved chunks, merged in chunk
        order like :meth:`result`; None when no chunk finished or the job is
        COMPLETE or still running (use :meth:`result`).
        """
        row = self.info
        if self.status not in RESUMABLE or row["chunks_done"] == 0:
            return None
        return registry.merge(row["simulation_type"], row["config"],
                              self.manager.ledger.partials(self.id), self.timing)

    @property
    def timing(self) -> Timing:
        """Where the job's time went: wall, kernel, workers, start-up (see :class:`Timing`)."""
        return Timing(**self.manager.ledger.timing(self.id))

    def cancel(self) -> bool:
        """Cancel the job (see :meth:`JobManager.cancel`)."""
        return self.manager.cancel(self.id)

    def resume(self) -> Job:
        """Resume the job (see :meth:`JobManager.resume`)."""
        return self.manager.resume(self.id)

    def __repr__(self) -> str:
        return f"<Job {self.id}: {self.progress}>"
