"""Running a config: cut it into chunks, play each chunk, merge the tallies.

These four steps are the handler interface of design.md (validate, plan,
run_chunk, merge) for the built-in ``blackjack`` simulation type; the job
layer calls them on Dask workers, :func:`run_simulation_from_config` calls
them in this process.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .config import Config, validate_config
from .errors import ConfigError, JostError
from .kernel import layout as L
from .kernel.rng import chunk_key
from .kernel.rounds import kernel_for
from .kernel.sidebets import MAX_SIDE, N_SB_LINES
from .kernel.truecount import count_table
from .prepare import ChartSource, KernelInputs, basic_chart, check, prepare
from .profiles import CONFIG_FIELDS, hydrate
from .result import SimulationResult, Timing
from .stopping import budget_rounds, stopped_tallies, stopper
from .tally import Tally, merge


@dataclass(frozen=True)
class Chunk:
    """One piece of a run: its index (which fixes its random stream) and size."""

    index: int
    rounds: int


def validate(config: dict | Config | str) -> dict:
    """Validate a config and return it complete (hydrated), as plain data.

    Profile names in it (``"rules": "vegas-strip-6d-s17"``), or a whole
    config given by its profile name, are resolved first. No chart is
    generated: ``strategy.chart: "basic"`` stays a name (see
    :func:`~jost_engine.prepare.check`).

    Raises
    ------
    ConfigError
        Naming the field and what it allows; also for rule-dependent
        faults such as an index play the rules forbid.
    ProfileError
        For a profile name that is unknown or a damaged profile file.
    """
    if isinstance(config, str) or (isinstance(config, dict) and any(
            isinstance(config.get(k), str) for k in CONFIG_FIELDS)):
        config = hydrate(config)
    model = validate_config(config)
    check(model)
    return model.to_dict()


def worker_config(config: dict, charts: ChartSource | None = None) -> dict:
    """A hydrated config with ``strategy.chart: "basic"`` replaced by the chart it stands for.

    The basic chart of the rules (from ``charts``, else generated in memory:
    :func:`~jost_engine.prepare.basic_chart`) is written into the config, so a
    process given this config plays the same strategy, bit for bit, without
    generating it: the job layer sends this to Dask workers, which then never
    hold an exact game in memory. Other configs are returned as they are.
    """
    strategy = config.get("strategy") or {}
    if strategy.get("chart") != "basic":
        return config
    return {**config, "strategy": {**strategy, "chart": basic_chart(config["rules"], charts)}}


class Plan(Sequence):
    """The chunks of a run: ``rounds`` rounds cut into pieces of ``chunk_rounds``.

    A sequence (``len``, indexing, iteration) whose chunks are computed
    from their index when asked for, so a plan of a billion chunks takes no
    memory to make.

    Parameters
    ----------
    rounds : int
        Rounds of the whole run.
    chunk_rounds : int
        Rounds of each chunk (the last one holds what is left).
    make : callable
        Builds a chunk as ``make(index, rounds)``.
    """

    def __init__(self, rounds: int, chunk_rounds: int, make=Chunk):
        if rounds < 1 or chunk_rounds < 1:
            raise ConfigError(f"run.rounds and run.chunk_rounds: must be positive, got "
                              f"{rounds} and {chunk_rounds}")
        self.rounds = int(rounds)
        self.chunk_rounds = int(chunk_rounds)
        self.make = make

    def __len__(self) -> int:
        return -(-self.rounds // self.chunk_rounds)

    def chunk(self, index: int):
        """Chunk ``index`` (0 to ``len(self) - 1``)."""
        if not 0 <= index < len(self):
            raise IndexError(f"chunk {index} is not in a plan of {len(self)} chunks")
        start = index * self.chunk_rounds
        return self.make(index, min(self.chunk_rounds, self.rounds - start))

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self.chunk(i) for i in range(len(self))[index]]
        index = int(index)
        return self.chunk(index + len(self) if index < 0 else index)

    def __repr__(self) -> str:
        return (f"Plan({self.rounds:,} rounds in {len(self):,} chunks of "
                f"{self.chunk_rounds:,})")


def plan(config: dict) -> Plan:
    """Cut a run into chunks of ``run.chunk_rounds`` rounds (the last one shorter), lazily.

    A run with ``run.target_se`` is planned up to its budget, ``run.max_rounds``
    (:func:`jost_engine.stopping.budget_rounds`); it may stop before.
    """
    return Plan(budget_rounds(config), config["run"]["chunk_rounds"])


def run_chunk(config: dict | Config, chunk: Chunk, inputs: KernelInputs | None = None) -> Tally:
    """Play one chunk from a freshly shuffled shoe and return its tally.

    Shoe ``k`` of the chunk (round ``k`` in a game reshuffled every round) is
    dealt from a random stream fixed by ``(run.seed, chunk.index, k)`` alone:
    variants of a game with the same seed and ``run.chunk_rounds`` share
    their shoes (common shoes, docs/studies.md).

    Parameters
    ----------
    config : dict or Config
        The hydrated config.
    chunk : Chunk
        Its index seeds the random stream with ``run.seed``.
    inputs : KernelInputs, optional
        Prepared arrays, to skip preparing them again for every chunk.
    """
    return run_chunk_timed(config, chunk, inputs)[0]


def run_chunk_timed(config: dict | Config, chunk: Chunk, inputs: KernelInputs | None = None
                    ) -> tuple[Tally, float]:
    """:func:`run_chunk`, and the time its kernel call took [s] (compile excluded)."""
    model = validate_config(config)
    if inputs is None:
        inputs = prepare(model)
    return play_timed(inputs, chunk.rounds, chunk_key(model.run.seed, chunk.index),
                      chunk.index)


@functools.lru_cache(maxsize=8)
def _count_table(params: tuple, tags2: bytes, cards: bytes) -> np.ndarray:
    """The kernel's true-count table, made once per game and count in a process.

    Keyed by the parameters, the tags and the shoe's composition (sorted
    cards): a few milliseconds to make, so chunks of the same job share it.
    """
    return count_table(params, np.frombuffer(tags2, dtype=np.int64),
                       np.frombuffer(cards, dtype=np.int8))


def kernel_args(inputs: KernelInputs, rounds: int, key, shoe: np.ndarray | None = None
                ) -> tuple:
    """The arguments of one call of the kernel (``kernel_for``), its tallies zeroed.

    ``shoe`` replaces a copy of the fresh shoe. The types of these
    arguments are the signature the kernel is compiled for
    (:mod:`jost_engine.warm`).
    """
    tally = np.zeros(L.N_TALLY, dtype=np.int64)
    hist = np.zeros((L.N_TC, L.N_HIST), dtype=np.int64)
    paths = np.zeros((int(inputs.params[L.P_PATH_HOURS]), L.N_PATH_BINS), dtype=np.int64)
    batches = np.zeros((L.N_BATCHES, L.N_BSUMS), dtype=np.int64)
    spot_sums = np.zeros((L.N_TC, L.N_SP), dtype=np.int64)
    cover_sums = np.zeros((L.N_TC, L.N_CV), dtype=np.int64)
    sb_tally = np.zeros((MAX_SIDE, L.N_TC, N_SB_LINES), dtype=np.int64)
    cards = inputs.shoe.copy() if shoe is None else shoe
    params = tuple(inputs.params.tolist())  # a tuple: no aliasing with the arrays
    tcs = _count_table(params, inputs.tags2.tobytes(), np.sort(cards).tobytes())
    return (rounds, params, np.uint64(key), cards, inputs.strategy, inputs.dev, inputs.tags2,
            inputs.bet_by_tc, tcs, tally, hist, paths, batches, inputs.spots_by_tc, spot_sums,
            inputs.err_play, inputs.err_steps,
            inputs.cover_par, cover_sums, inputs.cover_strategy, inputs.cover_dev,
            inputs.seat_kind, inputs.sb_spec, inputs.sb_types0, sb_tally, inputs.switch)


def compile_kernel(args: tuple) -> None:
    """Compile the kernel for these arguments' types, or load it from numba's cache.

    Done before a kernel call is timed, so a chunk's kernel time never holds
    the compile; a no-op once this process has the kernel (or under
    ``NUMBA_DISABLE_JIT``, where the kernel is plain Python).
    """
    kernel = kernel_for(args[1])
    if hasattr(kernel, "compile"):
        kernel.compile(tuple(kernel.typeof_pyval(a) for a in args))


def play(inputs: KernelInputs, rounds: int, key: np.uint64, chunk_index: int = 0,
         shoe: np.ndarray | None = None) -> Tally:
    """Call the kernel once and wrap its tallies.

    ``key`` is the chunk's random key (:func:`~jost_engine.kernel.rng.chunk_key`).
    ``shoe`` replaces the fresh shoe and is permuted in place: every shoe
    starts from its order on entry, and on return the last shoe's dealt
    cards lead it in dealing order (unless its last round ran out of cards
    and reshuffled the discards). With ``params[P_STACKED]`` set it is
    dealt in order (the test hook of :mod:`jost_engine.testing`).
    """
    return play_timed(inputs, rounds, key, chunk_index, shoe)[0]


def play_timed(inputs: KernelInputs, rounds: int, key: np.uint64, chunk_index: int = 0,
               shoe: np.ndarray | None = None) -> tuple[Tally, float]:
    """:func:`play`, and the time spent inside the kernel call [s].

    The kernel is compiled (or loaded from the cache) first, outside the
    timed call (:func:`compile_kernel`).
    """
    args = kernel_args(inputs, rounds, key, shoe)
    compile_kernel(args)
    start = time.perf_counter()
    error = kernel_for(args[1])(*args)
    kernel_s = time.perf_counter() - start
    if error:
        raise JostError("the stacked shoe ran out of cards")
    tally, hist, paths, batches = args[9:13]
    spots = args[14] if inputs.params[L.P_SPOTS] > 1 else ()
    cover = args[18] if inputs.params[L.P_COVER_BET] else ()  # cover_sums
    side = args[24] if inputs.params[L.P_SIDE_BETS] > 0 else ()  # sb_tally
    return (Tally.from_arrays(tally, hist, inputs.bet_by_tc, chunk_index, paths,
                              int(inputs.params[L.P_PATH_WIDTH]), batches, spots, cover, side),
            kernel_s)


def result_of(config: dict, tallies: list[Tally], elapsed_s: float | None = None,
              timing: Timing | None = None) -> SimulationResult:
    """Merge chunk tallies (in chunk order) into a result (``timing``: see :class:`Timing`).

    With ``run.target_se`` only the chunks up to the first where the SE
    meets the target are merged, and the summary says how the run stopped
    (:func:`jost_engine.stopping.stopped_tallies`).
    """
    kept, stop_fields = stopped_tallies(config, tallies, len(plan(config)))
    result = SimulationResult.from_tally(config, merge(kept), elapsed_s, timing)
    result.summary.update(stop_fields)
    return result


def run_simulation_from_config(config: dict | Config, chunks: list[int] | None = None,
                               progress=None, charts: ChartSource | None = None
                               ) -> SimulationResult:
    """Run a hydrated config in this process, one chunk after another.

    Parameters
    ----------
    config : dict or Config
        The config (see design.md); profiles by name are resolved by
        :func:`jost_engine.profiles.hydrate` first.
    chunks : list of int, optional
        Run only these chunk indices, in this order (the result does not
        depend on the order).
    progress : callable, optional
        Called as ``progress(done_rounds, total_rounds)`` after each chunk.
    charts : ChartSource, optional
        Where the chart of ``strategy.chart: "basic"`` comes from (a
        :class:`~jost_engine.chart_cache.ChartCache`); by default it is
        generated in memory and no file is read or written.

    Returns
    -------
    SimulationResult
        Its wall time counts from this call (validating, preparing and the
        kernel's compile included); its kernel time only the kernel calls.
        With ``run.target_se`` the chunks stop at the first whose prefix
        meets the target (:mod:`jost_engine.stopping`).
    """
    start = time.perf_counter()
    data = validate(config)
    model = validate_config(data)
    inputs = prepare(model, charts)
    pieces = plan(data)
    if chunks is not None:
        pieces = [pieces[i] for i in chunks]
    total = sum(c.rounds for c in pieces) if chunks is not None else budget_rounds(data)
    rule = stopper(data)
    tallies, done, kernel_s, startup_s = [], 0, 0.0, None
    for chunk in pieces:
        tally, seconds = run_chunk_timed(model, chunk, inputs)
        if startup_s is None:  # the first chunk's kernel began ``seconds`` before it returned
            startup_s = time.perf_counter() - seconds - start
        tallies.append(tally)
        kernel_s += seconds
        done += chunk.rounds
        if progress is not None:
            progress(done, total)
        if rule is not None and rule.add(chunk.index, tally):
            break
    timing = Timing(time.perf_counter() - start, kernel_s, done, 1, startup_s)
    return result_of(data, tallies, timing=timing)
