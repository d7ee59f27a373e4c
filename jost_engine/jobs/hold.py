"""The test suite's hold: a job's later chunks wait, on their worker, until released.

For tests and debugging only. A test that acts while a job runs (cancel it, kill its
runner, close its manager) must not count on the job still running at that moment: on a
faster machine it may be over. It holds the job instead:

1. set ``JOST_TEST_HOLD=K`` in the environment of the process that drives the job (the
   test's own, or a ``jost`` command's: its runner inherits it);
2. create the file ``test-hold`` in the workspace (the ledger's folder, see
   :func:`hold_file`);
3. submit: chunks 0 to K-1 of every job run and are saved; every chunk from K on, once a
   worker starts its task, waits while the file exists. The job is then, at any speed,
   "K chunks saved, the next ones not started";
4. cancel (the held chunks see the cancel and do not start) or kill, then release: delete
   the file (in a ``finally``), and the held chunks start.

A held chunk sees a cancel through the run's Dask event, which the process driving the job
sets. A cancel from another process (``jost cancel``) only marks the ledger: the driver
reads it when a chunk comes back, so held chunks are, like chunks running at such a
cancel, in flight: released, they run and are saved, and nothing starts after them.

The driver reads the variable once per run (unset: nothing more is read or sent, no
chunk waits) and never sends chunks below K and from K on in one task, so chunks 0..K-1
are saved whatever the driver's grouping. The worker checks the file between chunks,
before a chunk starts, never in the kernel; it only asks whether the file exists (it
never reads or writes it), and the path is the workspace's, named here, not taken from
the environment. A worker on another machine (over SSH) does not see the file and holds
nothing. A chunk held longer than :data:`HOLD_MAX_S` starts anyway, so a test that forgot
to release slows a cluster for a while, no more.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

ENV = "JOST_TEST_HOLD"
FILE = "test-hold"
HOLD_MAX_S = 300.0
POLL_S = 0.02


def hold_file(folder: Path) -> Path:
    """The hold file of the workspace ``folder`` (a ledger's :attr:`folder`)."""
    return Path(folder) / FILE


def hold_from(folder: Path) -> tuple[int, str] | None:
    """``(K, path of the hold file)`` when ``$JOST_TEST_HOLD`` is set, else None.

    Raises
    ------
    ValueError
        When the variable is set to anything but a whole number >= 0.
    """
    text = os.environ.get(ENV, "").strip()
    if not text:
        return None
    if not text.isdigit():
        raise ValueError(f"{ENV}: must be a whole number >= 0 (the chunks saved before the "
                         f"hold), got {text!r}")
    return int(text), str(hold_file(folder))


def splits(hold: tuple[int, str] | None, first: int, index: int) -> bool:
    """Whether chunk ``index`` must not share a task with chunk ``first`` (the task's
    first): one is below K and the other is not."""
    return hold is not None and (first < hold[0]) != (index < hold[0])


def wait_while_held(hold: tuple[int, str] | None, index: int, cancelled) -> None:
    """On a worker, before chunk ``index`` starts: wait while it is held, that is while
    ``index`` >= K and the hold file exists, until ``cancelled()`` is true, or for
    :data:`HOLD_MAX_S` at most [s]. Returns at once when there is no hold."""
    if hold is None or index < hold[0]:
        return
    deadline = time.monotonic() + HOLD_MAX_S
    while os.path.exists(hold[1]) and not cancelled() and time.monotonic() < deadline:
        time.sleep(POLL_S)
