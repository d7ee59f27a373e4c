"""What runs on a Dask worker: one chunk of a job, through the registry.

The job layer submits :func:`run_chunk_task` by reference to this module, so
a worker, local or remote, imports ``jost_engine`` (and the handler's own
package, through the ``jost.simulations`` entry points) itself; nothing
defined in a notebook travels to it.
"""

from __future__ import annotations

import time

from distributed import Event, get_worker

from .. import registry
from .hold import wait_while_held
from .speed import slow_down


def cancel_event_name(job_id: str, run: int) -> str:
    """Name of the Dask event that, once set, stops a run's chunks from starting."""
    return f"jost-cancel-{job_id}-{run}"


def chunk_key(job_id: str, run: int, index: int, prefix: str = "jost") -> str:
    """The Dask key of a chunk: one per job, run and chunk index.

    ``prefix`` names what the job belongs to in the dashboard
    (``jost-study-ID`` for a study's jobs).
    """
    return f"{prefix}-{job_id}-{run}-{index}"


def chunks_of_key(key: str, prefix: str) -> range:
    """The chunk indices a task's key covers: ``PREFIX-INDEX`` is one chunk, and
    ``PREFIX-INDEX-xK`` (several consecutive chunks as one task, see
    :mod:`.driver`) is K chunks from INDEX.

    Parameters
    ----------
    key : str
        A task key that starts with ``prefix``.
    prefix : str
        The key up to the chunk index, ``chunk_key(job_id, run, 0)`` less ``0``.
    """
    index, _, group = key[len(prefix):].partition("-x")
    return range(int(index), int(index) + (int(group) if group else 1))


def _worker_address() -> str | None:
    try:
        return get_worker().address
    except ValueError:  # called outside a worker
        return None


def run_chunk_task(simulation_type: str, config: dict, chunk, cancel_event: str | None,
                   hold: tuple[int, str] | None = None) -> dict | None:
    """Run one chunk on a worker, unless its job was cancelled.

    Parameters
    ----------
    simulation_type : str
        Selects the handler in the registry.
    config : dict
        The complete config, as validated on the client.
    chunk : object
        One item of the handler's plan.
    cancel_event : str or None
        Name of a :class:`distributed.Event`; when it is set the chunk does
        not start and the task returns None. The scheduler answers in order,
        so no chunk starts once a cancel has set it.
    hold : tuple or None
        The test suite's hold (:mod:`.hold`), None unless ``$JOST_TEST_HOLD`` is set
        where the job is driven: a chunk it holds waits before it starts, until the hold
        is released or the cancel event is set.

    Returns
    -------
    dict or None
        ``partial`` (the handler's JSON partial), ``index``, ``worker``,
        ``started_at`` / ``finished_at`` [s since the epoch] and
        ``kernel_s``, the time inside the kernel [s] (see
        :func:`jost_engine.registry.run_chunk`).
    """
    if hold is not None:  # tests and debugging only
        event = Event(cancel_event) if cancel_event else None
        wait_while_held(hold, chunk.index, lambda: event is not None and event.is_set())
    if cancel_event and Event(cancel_event).is_set():
        return None
    started = time.time()
    partial, kernel_s = registry.run_chunk(simulation_type, config, chunk)
    slow_down(kernel_s)  # the test suite's speed switch; no effect unless it is set
    return {"index": chunk.index, "partial": partial, "worker": _worker_address(),
            "started_at": started, "finished_at": time.time(), "kernel_s": kernel_s}


def run_chunks_task(work: list, cancel_event: str | None,
                    hold: tuple[int, str] | None = None) -> list:
    """Run several chunks one after another on a worker (a task of a big cluster).

    Parameters
    ----------
    work : list of tuple
        ``(simulation_type, config, chunk)`` for each chunk, in order.
    cancel_event : str or None
        As for :func:`run_chunk_task`, checked before each chunk.
    hold : tuple or None
        As for :func:`run_chunk_task`, checked before each chunk.

    Returns
    -------
    list
        One entry per chunk: :func:`run_chunk_task`'s dict, None for a
        chunk not started (cancelled), or ``{"index": i, "error": text}``
        for a chunk that raised, after which the rest are not started.
    """
    out = []
    for position, (simulation_type, config, chunk) in enumerate(work):
        try:
            out.append(run_chunk_task(simulation_type, config, chunk, cancel_event, hold))
        except Exception as exc:  # noqa: BLE001 - reported per chunk to the driver
            out.append({"index": chunk.index, "error": f"{type(exc).__name__}: {exc}"})
            out.extend([None] * (len(work) - position - 1))
            break
    return out

