"""The test suite's speed switch: Dask chunks as on a machine faster or slower than this one.

A test of the job layer must not depend on the machine's speed: how long a chunk takes
decides how many chunks are running at a cancel, how many have finished by the time a test
looks, and whether the driver sends several chunks as one task (:mod:`.driver`). To try a
suite on other machines without owning them, set ``JOST_TEST_SPEED`` to the speed of the
machine to play, relative to this one (unset or ``1``: no effect). It scales a chunk's
simulation, the time its handler reports as ``kernel_s`` (see
:func:`jost_engine.registry.run_chunk`), and nothing else (a sleep is no faster on a faster
machine):

``JOST_TEST_SPEED=0.1`` (a machine ten times slower)
    Each chunk run by a Dask task waits, once it has run, 1/SPEED - 1 times its
    ``kernel_s`` (compile excluded), so its simulation takes 1/SPEED times as long, and
    the driver sees it so (its ``finished_at``).
``JOST_TEST_SPEED=10`` (a machine ten times faster)
    A kernel cannot be made faster, so the driver sizes its tasks from the chunks' lengths
    with their ``kernel_s`` divided by SPEED: it groups chunks into tasks as that machine
    would (the cause of the failure that brought this switch in). That jobs also end
    sooner on such a machine is not played: a test that needs a job still running must
    hold it (tests/jobs_helpers.py: the toy's ``hold_from`` and ``gate``).

Worker processes and ``jost`` subprocesses inherit the variable from the environment of
the test run (workers on other machines, over SSH, do not). Only the job layer reads it;
in-process runs and the results themselves never change (a chunk's tally is the same at
any speed).
"""

from __future__ import annotations

import math
import os
import time

ENV = "JOST_TEST_SPEED"


def speed_factor() -> float:
    """The speed of the machine played, relative to this one: ``$JOST_TEST_SPEED``, else 1.

    Raises
    ------
    ValueError
        When the variable is set to anything but a finite number > 0.
    """
    text = os.environ.get(ENV, "").strip()
    if not text:
        return 1.0
    try:
        speed = float(text)
    except ValueError:
        speed = math.nan
    if not (math.isfinite(speed) and speed > 0):
        raise ValueError(f"{ENV}: must be a number > 0 (0.1: ten times slower, 10: ten "
                         f"times faster), got {text!r}")
    return speed


def slow_down(work_s: float) -> None:
    """After a chunk whose simulation took ``work_s`` [s]: wait so that it took 1/SPEED
    times as long, when SPEED < 1; return at once otherwise."""
    speed = speed_factor()
    if speed < 1 and work_s > 0:
        time.sleep(work_s * (1 / speed - 1))


def apparent_length(length_s: float, work_s: float) -> float:
    """A chunk's length [s] as the driver sizes tasks by: ``length_s`` with its simulation
    ``work_s`` [s] taking 1/SPEED as long, when SPEED > 1 (on a slower machine the chunk
    really took longer: see :func:`slow_down`)."""
    speed = speed_factor()
    if speed <= 1:
        return length_s
    return max(0.0, length_s - work_s * (1 - 1 / speed))
