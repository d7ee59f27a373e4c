"""Jobs on Dask: dispatch, an SQLite ledger, progress, cancel and resume.

The only part of JOST that imports Dask or SQLite. A job is a validated
config cut into chunks (by its simulation type's handler, see
:mod:`jost_engine.registry`); each chunk is a Dask task, and each finished
chunk's partial result is saved in the workspace's ledger as it arrives.

Start with :class:`JobManager`; ``docs/jobs.md`` tells the whole story.
"""

from .ledger import (
    ACTIVE,
    CANCELLED,
    COMPLETE,
    FAILED,
    INTERRUPTED,
    PENDING,
    RESUMABLE,
    RUNNING,
    STATES,
    JobError,
    Ledger,
    repair_ledger,
)
from .manager import Job, JobManager
from .progress import Progress

__all__ = ["ACTIVE", "CANCELLED", "COMPLETE", "FAILED", "INTERRUPTED", "PENDING", "RESUMABLE",
           "RUNNING", "STATES", "Job", "JobError", "JobManager", "Ledger", "Progress",
           "repair_ledger"]
