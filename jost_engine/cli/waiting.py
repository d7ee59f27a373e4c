"""Waiting for a job's result, and what its ending means for the exit code."""

from __future__ import annotations

from ..errors import JobError, JobNotCompleteError


def job_result(job, timeout_s: float | None = None):
    """The result of a job once it completes.

    Parameters
    ----------
    job : jost_engine.jobs.Job
        The job to wait for.
    timeout_s : float, optional
        Wait at most this long [s].

    Raises
    ------
    JobNotCompleteError
        When the job ended FAILED, CANCELLED or INTERRUPTED, or did not end
        in time (exit 1).
    """
    from ..jobs.ledger import ACTIVE, COMPLETE

    try:
        return job.result(timeout=timeout_s)
    except TimeoutError as exc:
        raise JobNotCompleteError(str(exc)) from None
    except JobError as exc:
        if job.status in (COMPLETE, *ACTIVE):  # not about how the job ended
            raise
        raise JobNotCompleteError(str(exc)) from None
