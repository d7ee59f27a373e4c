"""Simulation types: the handlers the job layer dispatches on.

A simulation type is named by a config's top-level ``simulation_type``
(``"blackjack"`` when absent) and provided by a *handler*, found through the
entry point group ``jost.simulations``: a package adds a type by declaring,
in its ``pyproject.toml``::

    [project.entry-points."jost.simulations"]
    mytype = "mypackage.simulation:handler"

A handler is any object (a module, a class, an instance) with four
callables:

``validate(config) -> config``
    Check a config and return it complete, as plain JSON data, with its
    ``simulation_type`` set. Raises :class:`~jost_engine.errors.JostError`
    (usually :class:`~jost_engine.errors.ConfigError`) on bad input.
``plan(config) -> sequence of chunks``
    Cut the work into chunks. A chunk is any picklable object with an
    integer ``index`` (0, 1, ... in order; it names the chunk and fixes its
    random stream) and an integer ``rounds`` (its size, for progress).
    The same config must give the same plan. A list will do; a
    :class:`Plan` computes each chunk from its index, so a plan of any
    size costs nothing to make. A job holds at most :data:`MAX_CHUNKS`
    chunks (see :func:`plan`).
``run_chunk(config, chunk) -> partial``
    Do one chunk and return its partial result as plain JSON data (so it
    can be stored as it arrives).
``merge(config, partials, elapsed_s=None) -> result``
    Combine the partials, given in chunk order, into the result. The
    result should offer ``to_dict()`` (plain JSON).

A handler may also offer

``worker_config(config, charts=None) -> config``
    The config the workers are sent: anything the client can settle once
    (for blackjack, the basic chart of the rules, from ``charts``, the
    workspace's :class:`~jost_engine.chart_cache.ChartCache`) settled, giving
    the same results. Without it the workers get the config as stored.
``run_chunk_timed(config, chunk) -> (partial, kernel_s)``
    :func:`run_chunk` and the seconds its simulation proper took (for
    blackjack, the compiled kernel's call, its compile excluded). Without
    it the whole ``run_chunk`` call is timed (see :func:`run_chunk`).
``merge_timed(config, partials, timing) -> result``
    ``merge`` given a :class:`~jost_engine.result.Timing` (wall, kernel and
    start-up times) rather than the wall time alone. Without it ``merge``
    gets ``timing.wall_s`` (see :func:`merge`).
``stopper(config) -> rule or None``
    For a run that may end before its plan does (blackjack's
    ``run.target_se``): an object with ``add_partial(index, partial) ->
    bool`` (True once the chunks so far settle the answer; it must decide
    from the contiguous prefix of chunks only, so the answer does not depend
    on timing) and ``stop_index`` (the last chunk of the answer). The job
    layer then sends no more chunks and completes the job; ``merge`` must
    apply the same rule. Without it (or None) every chunk of the plan runs.

Only the top-level ``simulation_type`` and ``label`` of a config are read
here; the rest is the handler's business. This module is pure (no Dask,
no SQLite): the job layer calls it on the client to validate and plan, and
on each worker to run a chunk, so a worker imports the handler itself.
"""

from __future__ import annotations

import time
from collections.abc import Collection
from functools import cache, lru_cache
from importlib.metadata import entry_points

from . import simulation, stopping
from .errors import ConfigError
from .result import Timing
from .simulation import Plan
from .tally import Tally

GROUP = "jost.simulations"
DEFAULT_TYPE = "blackjack"
HANDLER_METHODS = ("validate", "plan", "run_chunk", "merge")
MAX_CHUNKS = 100_000
"""Most chunks one job may have.

The ledger keeps one row per finished chunk (about 1.2 kB of JSON for a
blackjack tally) and the result merges them all (about 1 ms each), so
100 000 chunks are about 120 MB and 100 s of merging at the end of a job
that ran for a day or more on one core. ``run.rounds`` 1e12 (the most a
config allows) fits with ``run.chunk_rounds`` of 10 000 000 or more.
"""


class Remaining(Collection):
    """The chunks of a plan not yet done, in order, each made when it is reached.

    Parameters
    ----------
    chunks : sequence
        A plan.
    done : set of int
        Indices of the chunks already done.
    """

    def __init__(self, chunks, done: set[int]):
        self.chunks = chunks
        self.done = {i for i in done if 0 <= i < len(chunks)}

    def __len__(self) -> int:
        return len(self.chunks) - len(self.done)

    def __iter__(self):
        return (self.chunks[i] for i in range(len(self.chunks)) if i not in self.done)

    def __contains__(self, chunk) -> bool:
        return chunk.index not in self.done and 0 <= chunk.index < len(self.chunks)


class BlackjackHandler:
    """The built-in ``blackjack`` type: :mod:`jost_engine.simulation` with JSON partials.

    Partials are :meth:`Tally.to_dict` data; the result is a
    :class:`~jost_engine.result.SimulationResult`.
    """

    name = DEFAULT_TYPE

    @staticmethod
    def validate(config: dict | str) -> dict:
        """Hydrate profile names and validate (see :func:`simulation.validate`)."""
        return simulation.validate(config)

    @staticmethod
    def plan(config: dict) -> Plan:
        """Chunks of ``run.chunk_rounds`` rounds, computed from their index (a :class:`Plan`)."""
        return simulation.plan(config)

    @staticmethod
    def run_chunk(config: dict, chunk: simulation.Chunk) -> dict:
        """Play one chunk; its tally as plain JSON data."""
        return simulation.run_chunk(config, chunk).to_dict()

    @staticmethod
    def run_chunk_timed(config: dict, chunk: simulation.Chunk) -> tuple[dict, float]:
        """:meth:`run_chunk` and the time inside the kernel [s] (compile excluded)."""
        tally, kernel_s = simulation.run_chunk_timed(config, chunk)
        return tally.to_dict(), kernel_s

    @staticmethod
    def worker_config(config: dict, charts=None) -> dict:
        """The config with its basic chart written out (see :func:`simulation.worker_config`)."""
        return simulation.worker_config(config, charts)

    @staticmethod
    def stopper(config: dict):
        """The rule of ``run.target_se`` (a :class:`~jost_engine.stopping.PrefixStop`) or None."""
        return stopping.stopper(config)

    @staticmethod
    def merge(config: dict, partials: list[dict], elapsed_s: float | None = None):
        """Add the chunk tallies in chunk order and compute the result.

        Parameters
        ----------
        elapsed_s : float, optional
            Wall time of the run [s], for the timing fields of the summary.
        """
        tallies = [Tally.from_dict(p) for p in partials]
        return simulation.result_of(config, tallies, elapsed_s)

    @staticmethod
    def merge_timed(config: dict, partials: list[dict], timing: Timing):
        """:meth:`merge` with every timing field of the summary (see :class:`Timing`)."""
        tallies = [Tally.from_dict(p) for p in partials]
        return simulation.result_of(config, tallies, timing=timing)


blackjack = BlackjackHandler()


@lru_cache(maxsize=1)
def _installed() -> dict[str, object]:
    """Entry points of the group, by name (loaded lazily by :func:`get`)."""
    return {ep.name: ep for ep in entry_points(group=GROUP)}


def refresh() -> None:
    """Forget the cached entry points and handlers (after installing a plugin)."""
    _installed.cache_clear()
    get.cache_clear()


def available() -> list[str]:
    """Names of the simulation types installed, sorted."""
    return sorted(set(_installed()) | {DEFAULT_TYPE})


@cache
def get(name: str):
    """The handler of a simulation type.

    Raises
    ------
    ConfigError
        For a type that no installed package provides, or a handler that
        lacks one of the four callables.
    """
    entry = _installed().get(name)
    if entry is None:
        if name == DEFAULT_TYPE:  # a checkout used without installing it
            return blackjack
        raise ConfigError(f"simulation_type: unknown simulation type {name!r} "
                          f"(installed: {', '.join(available())})")
    handler = entry.load()
    missing = [m for m in HANDLER_METHODS if not callable(getattr(handler, m, None))]
    if missing:
        raise ConfigError(f"simulation_type: the handler of {name!r} ({entry.value}) "
                          f"lacks {', '.join(missing)}")
    return handler


def simulation_type(config: dict | str) -> str:
    """The type a config asks for; a profile name is a blackjack config."""
    if isinstance(config, dict):
        name = config.get("simulation_type", DEFAULT_TYPE)
        if not isinstance(name, str):
            raise ConfigError(f"simulation_type: must be a string, got {type(name).__name__}")
        return name
    return DEFAULT_TYPE


def validate(config: dict | str) -> dict:
    """Validate a config with its type's handler; the complete config.

    The result always names its ``simulation_type``, so a stored config
    says which handler runs it.
    """
    name = simulation_type(config)
    data = get(name).validate(config)
    if not isinstance(data, dict):
        raise ConfigError(f"simulation_type: the {name!r} handler returned "
                          f"{type(data).__name__}, not a config")
    return {**data, "simulation_type": name}


def plan(name: str, config: dict):
    """The plan of a validated config of type ``name``, at most :data:`MAX_CHUNKS` chunks.

    Returns
    -------
    sequence
        The handler's plan; it is never turned into a list here.

    Raises
    ------
    ConfigError
        When the plan has more than :data:`MAX_CHUNKS` chunks, naming
        ``run.chunk_rounds`` and the smallest value that fits.
    """
    chunks = get(name).plan(config)
    count = len(chunks)
    if count <= MAX_CHUNKS:
        return chunks
    if isinstance(chunks, Plan):
        least = -(-chunks.rounds // MAX_CHUNKS)
        raise ConfigError(
            f"run.chunk_rounds: {chunks.rounds:,} rounds (run.rounds) in chunks of "
            f"{chunks.chunk_rounds:,} make {count:,} chunks; a job holds at most "
            f"{MAX_CHUNKS:,}: set run.chunk_rounds to at least {least:,}", "run.chunk_rounds")
    raise ConfigError(f"run.chunk_rounds: the {name!r} plan has {count:,} chunks; a job holds "
                      f"at most {MAX_CHUNKS:,}: make its chunks larger", "run.chunk_rounds")


def plan_rounds(chunks) -> int:
    """The rounds of a whole plan (read from a :class:`Plan`, else added up)."""
    if isinstance(chunks, Plan):
        return chunks.rounds
    return sum(c.rounds for c in chunks)


def label(config: dict) -> str:
    """A config's label, or its type when it has none."""
    return str(config.get("label") or simulation_type(config))


def worker_config(name: str, config: dict, charts=None) -> dict:
    """The config the workers of a job of type ``name`` are sent.

    The handler's ``worker_config`` when it has one, else the config itself;
    ``charts`` (a :class:`~jost_engine.chart_cache.ChartCache`) is passed on
    when given.
    """
    settle = getattr(get(name), "worker_config", None)
    if settle is None:
        return config
    return settle(config) if charts is None else settle(config, charts)


def run_chunk(name: str, config: dict, chunk) -> tuple[object, float]:
    """Run one chunk with its type's handler: ``(partial, kernel_s)``.

    ``kernel_s`` [s] is the handler's own measure of its simulation proper
    (``run_chunk_timed``) when it has one, else the time of the whole
    ``run_chunk`` call.
    """
    handler = get(name)
    timed = getattr(handler, "run_chunk_timed", None)
    if timed is not None:
        return timed(config, chunk)
    start = time.perf_counter()
    partial = handler.run_chunk(config, chunk)
    return partial, time.perf_counter() - start


def merge(name: str, config: dict, partials: list, timing: Timing | None = None):
    """Merge partials (in chunk order) with their type's handler, its timing passed on.

    The handler's ``merge_timed`` when it has one and ``timing`` is given,
    else its ``merge`` with the wall time ``timing.wall_s``.
    """
    handler = get(name)
    timed = getattr(handler, "merge_timed", None)
    if timed is not None and timing is not None:
        return timed(config, partials, timing)
    return handler.merge(config, partials, timing.wall_s if timing else None)


def stopper(name: str, config: dict):
    """The handler's stopping rule for a config (see ``stopper`` above), or None."""
    make = getattr(get(name), "stopper", None)
    return None if make is None else make(config)


def hook(name: str, method: str):
    """A handler's optional method ``method`` (see the module's list), or None."""
    return getattr(get(name), method, None)


def summary_rows(name: str, result) -> list[tuple[str, str]] | None:
    """``(name, text)`` rows of a result from its handler's ``summary_rows``, or None.

    The views (the Result tab, ``jost run`` and ``jost result``) show these
    for a type that offers them instead of reading its summary themselves.
    """
    rows = hook(name, "summary_rows")
    return None if rows is None else rows(result)


def format_result(name: str, result, title: str) -> str | None:
    """A result as terminal text from its handler (``format_result``, else its
    ``summary_rows`` one per line), or None when the handler offers neither."""
    own = hook(name, "format_result")
    if own is not None:
        return own(result, title)
    rows = summary_rows(name, result)
    if rows is None:
        return None
    return "\n".join([title] + [f"  {key}: {text}" for key, text in rows])


def result_type(result) -> str:
    """The simulation type of a merged result (read from its config)."""
    return simulation_type(getattr(result, "config", None) or {})


def run_in_process(config: dict, progress=None):
    """Validate, plan, run every chunk here and merge, through the config's handler.

    The in-process run of any simulation type (``jost run --in-process``);
    blackjack's own :func:`jost_engine.simulation.run_simulation_from_config`
    does the same with its chart cache and stopping rule.

    Parameters
    ----------
    progress : callable, optional
        Called as ``progress(done_rounds, total_rounds)`` after each chunk.
    """
    start = time.perf_counter()
    data = validate(config)
    name = data["simulation_type"]
    chunks = plan(name, data)
    worker = worker_config(name, data)
    total, done, kernel_s, partials = plan_rounds(chunks), 0, 0.0, []
    for chunk in chunks:
        partial, seconds = run_chunk(name, worker, chunk)
        partials.append(partial)
        kernel_s += seconds
        done += chunk.rounds
        if progress is not None:
            progress(done, total)
    return merge(name, data, partials, Timing(time.perf_counter() - start, kernel_s, done, 1))
