"""Helpers of the job tests: a toy simulation type, small configs, and work for subprocesses.

The toy type plugs into the registry through a real entry point (a
``.dist-info`` folder written by :func:`install_toy`), as a package would:
the job layer is not told about it. Worker processes import this module by
name, so the tests folder must be on their ``PYTHONPATH``.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from jost_engine.errors import ConfigError
from jost_engine.jobs import hold
from jost_engine.jobs.tasks import chunks_of_key

TESTS = Path(__file__).parent
DATA = TESTS / "data"
CHART = json.loads((DATA / "chart_4d_s17.json").read_text(encoding="utf-8"))


def blackjack_config(rounds: int, chunk_rounds: int, seed: int = 11) -> dict:
    """A 6-deck S17 game with an explicit basic chart (no shipped data needed)."""
    return {"rules": {"decks": 6}, "strategy": {"chart": copy.deepcopy(CHART)},
            "run": {"rounds": rounds, "seed": seed, "chunk_rounds": chunk_rounds}}


def toy_config(chunks: int, sleep_s: float = 0.0, fail_at: int | None = None,
               log: Path | None = None, label: str = "toy", hold_from: int | None = None,
               gate: Path | None = None) -> dict:
    """A toy job of ``chunks`` chunks of 1000 rounds, each sleeping ``sleep_s`` [s]; the
    chunks from index ``hold_from`` on wait, once started, until the file ``gate`` exists
    (see :class:`Toy`)."""
    return {"simulation_type": "toy", "label": label,
            "run": {"rounds": 1000 * chunks, "chunk_rounds": 1000},
            "sleep_s": sleep_s, "fail_at": fail_at, "log": str(log) if log else None,
            "hold_from": hold_from, "gate": str(gate) if gate else None}


def open_gate(gate: Path) -> None:
    """Let the held chunks of toy jobs with this ``gate`` finish (see :func:`toy_config`)."""
    gate.touch()


@contextmanager
def held_after(folder: Path, chunks: int):
    """Hold every job driven from this process, or from a ``jost`` command it starts, on
    the workspace ``folder`` after its first ``chunks`` chunks (the job layer's hold,
    :mod:`jost_engine.jobs.hold`), whatever its simulation type; yields the hold file.

    Release with :func:`release` (the held chunks start); the hold is released on exit in
    any case, and ``$JOST_TEST_HOLD`` restored.
    """
    path = hold.hold_file(folder)
    path.touch()
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv(hold.ENV, str(chunks))
            yield path
    finally:
        release(path)


def release(path: Path) -> None:
    """Release a hold (:func:`held_after`): the chunks it holds start, or may start."""
    path.unlink(missing_ok=True)


# -- the toy simulation type ---------------------------------------------------------------

@dataclass(frozen=True)
class ToyChunk:
    """One toy chunk: rounds ``index * size`` to ``index * size + rounds - 1``."""

    index: int
    rounds: int
    first: int


@dataclass
class ToyResult:
    """The toy result: the sum of all round numbers, and the chunks in merge order."""

    total: int
    order: list = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"total": self.total, "order": self.order}


class Toy:
    """A handler that sums round numbers, can sleep, log its starts, and fail on purpose.

    A test that needs a job still running at some step, on a machine of any speed, holds
    it: the chunks from ``hold_from`` on wait at their start until the file ``gate``
    exists (:func:`wait_at_gate`). Its ``kernel_s`` (what
    the speed switch of :mod:`jost_engine.jobs.speed` scales) is its sum alone: a sleep or
    a hold is not faster on a faster machine.
    """

    KEYS = {"simulation_type", "label", "run", "sleep_s", "fail_at", "log", "hold_from",
            "gate"}

    @staticmethod
    def validate(config: dict) -> dict:
        unknown = set(config) - Toy.KEYS
        if unknown:
            raise ConfigError(f"{sorted(unknown)[0]}: unknown field")
        run = config.get("run") or {}
        if not isinstance(run.get("rounds"), int) or run["rounds"] < 1:
            raise ConfigError("run.rounds: must be a positive integer")
        return {"label": "toy", "sleep_s": 0.0, "fail_at": None, "log": None,
                "hold_from": None, "gate": None, **config,
                "run": {"chunk_rounds": 1000, **run}}

    @staticmethod
    def plan(config: dict) -> list[ToyChunk]:
        size, total = config["run"]["chunk_rounds"], config["run"]["rounds"]
        return [ToyChunk(i, min(size, total - first), first)
                for i, first in enumerate(range(0, total, size))]

    @staticmethod
    def run_chunk(config: dict, chunk: ToyChunk) -> dict:
        return Toy.run_chunk_timed(config, chunk)[0]

    @staticmethod
    def run_chunk_timed(config: dict, chunk: ToyChunk) -> tuple[dict, float]:
        """The chunk's partial and its work [s], the sum alone (no log, sleep or hold)."""
        if config["log"]:
            with open(config["log"], "a", encoding="utf-8") as log:
                log.write(f"{chunk.index} {time.time()!r}\n")
        wait_at_gate(config, chunk.index, "toy")
        time.sleep(config["sleep_s"])
        if chunk.index == config["fail_at"]:
            raise ValueError(f"toy chunk {chunk.index} failed on purpose")
        start = time.perf_counter()
        last = chunk.first + chunk.rounds - 1
        partial = {"index": chunk.index, "sum": (chunk.first + last) * chunk.rounds // 2}
        return partial, time.perf_counter() - start

    @staticmethod
    def merge(config: dict, partials: list[dict], elapsed_s: float | None = None) -> ToyResult:
        return ToyResult(sum(p["sum"] for p in partials), [p["index"] for p in partials])


toy = Toy()

HOLD_S = 300.0
"""How long a held chunk waits for its gate before it gives up [s]."""


def wait_at_gate(config: dict, index: int, kind: str) -> None:
    """Hold chunk ``index`` of a toy or held job, if ``config["hold_from"]`` says so, until
    the file ``config["gate"]`` exists (:func:`open_gate`); give up after :data:`HOLD_S`."""
    hold = config["hold_from"] is not None and index >= config["hold_from"]
    deadline = time.monotonic() + HOLD_S
    while hold and not os.path.exists(config["gate"]):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{kind} chunk {index}: its gate never opened")
        time.sleep(0.01)


def held_config(config: dict, hold_from: int, gate: Path) -> dict:
    """A blackjack config as a ``held`` job (see :class:`Held`): the chunks from index
    ``hold_from`` on wait, once started, until the file ``gate`` exists."""
    return {**config, "simulation_type": "held", "hold_from": hold_from, "gate": str(gate)}


class Held:
    """Blackjack whose chunks from ``hold_from`` on wait at their start until ``gate``
    exists: a real blackjack job that a test holds running on a machine of any speed.

    Every chunk, plan and merge is blackjack's own on the config without the two hold
    fields, so a held job's result equals the blackjack run of that config, bit for bit.
    """

    HOLD = ("hold_from", "gate")

    @staticmethod
    def inner(config: dict) -> dict:
        """The blackjack config under the hold."""
        return {**{k: v for k, v in config.items() if k not in Held.HOLD},
                "simulation_type": "blackjack"}

    @staticmethod
    def validate(config: dict) -> dict:
        from jost_engine.registry import blackjack

        return {**blackjack.validate(Held.inner(config)),
                **{k: config.get(k) for k in Held.HOLD}}

    @staticmethod
    def plan(config: dict):
        from jost_engine.registry import blackjack

        return blackjack.plan(Held.inner(config))

    @staticmethod
    def run_chunk(config: dict, chunk) -> dict:
        return Held.run_chunk_timed(config, chunk)[0]

    @staticmethod
    def run_chunk_timed(config: dict, chunk) -> tuple[dict, float]:
        from jost_engine.registry import blackjack

        wait_at_gate(config, chunk.index, "held")
        return blackjack.run_chunk_timed(Held.inner(config), chunk)

    @staticmethod
    def merge(config: dict, partials: list[dict], elapsed_s: float | None = None):
        from jost_engine.registry import blackjack

        return blackjack.merge(Held.inner(config), partials, elapsed_s)


held = Held()


def executing(dask_worker) -> list[str]:
    """The keys of the tasks a worker is running now (run on the worker by ``Client.run``)."""
    return [str(task.key) for task in dask_worker.state.executing]


def running_chunks(client, prefix: str) -> set[int]:
    """The chunk indices of the tasks with keys starting ``prefix`` that the workers of
    ``client``'s cluster are executing now (a task of several chunks, ``...-INDEX-xK``,
    gives each of them; a task held by :func:`held_after` is executing)."""
    return {i for keys in client.run(executing).values() for key in keys
            if key.startswith(prefix) for i in chunks_of_key(key, prefix)}


def toy_total(chunks: int) -> int:
    """What a complete toy job of ``chunks`` chunks sums to."""
    n = 1000 * chunks
    return n * (n - 1) // 2


def read_starts(log: Path) -> list[tuple[int, float]]:
    """(chunk index, start time [s since the epoch]) of each toy chunk that started."""
    if not log.exists():
        return []
    rows = [line.split() for line in log.read_text(encoding="utf-8").splitlines() if line]
    return [(int(i), float(t)) for i, t in rows]


def install_toy(folder: Path) -> Path:
    """Write a distribution that declares the ``toy`` entry point; put it on sys.path."""
    info = folder / "jost_toy-0.1.dist-info"
    info.mkdir(parents=True, exist_ok=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: jost-toy\nVersion: 0.1\n",
                                   encoding="utf-8")
    (info / "entry_points.txt").write_text("[jost.simulations]\ntoy = jobs_helpers:toy\n"
                                           "held = jobs_helpers:held\n",
                                           encoding="utf-8")
    return folder


def warm_worker() -> int:
    """Run a few blackjack rounds so a worker has loaded the numba kernel."""
    from jost_engine import registry
    from jost_engine.simulation import Chunk

    config = registry.validate(blackjack_config(1000, 1000))
    registry.get("blackjack").run_chunk(config, Chunk(0, 1000))
    return 1


def generated_here() -> list[int]:
    """The deck counts of the basic charts this process has generated or read (its memory)."""
    import importlib

    generate = importlib.import_module("jost_engine.exact.generate")
    return [rules.decks for rules in generate._CHARTS]


# -- subprocesses ----------------------------------------------------------------------------

def python_env(**extra: str) -> dict:
    """The environment for subprocesses: tests folder importable, no scheduler set."""
    env = {k: v for k, v in os.environ.items() if k != "JOST_SCHEDULER"}
    env["PYTHONPATH"] = os.pathsep.join(
        [str(TESTS), *filter(None, [os.environ.get("PYTHONPATH")])])
    return {**env, **extra}


def jost_command() -> list[str]:
    """The ``jost`` console script of this environment."""
    script = Path(sys.executable).with_name("jost")
    return [str(script)] if script.exists() else [sys.executable, "-m", "jost_engine.cli"]


def run_jost(*args: str, workspace: Path, timeout: float = 240, ok: bool = True
             ) -> subprocess.CompletedProcess:
    """Run ``jost ARGS`` as its own process in ``workspace``; check it exits 0 when ``ok``."""
    out = subprocess.run([*jost_command(), *args], env=python_env(JOST_WORKSPACE=str(workspace)),
                         capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    if ok:
        assert out.returncode == 0, out.stderr
    return out


def process_tree(pid: int) -> list:
    """A process and all its descendants (:class:`psutil.Process`), those still running."""
    import psutil

    try:
        root = psutil.Process(pid)
        return [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def listening_sockets(processes: list) -> list[tuple[str, int, int]]:
    """(address, port, pid) of every TCP socket the processes listen on."""
    import psutil

    found = []
    for process in processes:
        try:
            connections = process.net_connections(kind="inet")
        except psutil.NoSuchProcess:
            continue
        found += [(c.laddr.ip, c.laddr.port, process.pid) for c in connections
                  if c.status == psutil.CONN_LISTEN]
    return found


def submit_and_wait(ledger: str, scheduler: str, config_file: str) -> None:
    """Submit a job from this process and wait for it (the test kills this process)."""
    from jost_engine.jobs import JobManager

    manager = JobManager(scheduler=scheduler, ledger=ledger)
    config = json.loads(Path(config_file).read_text(encoding="utf-8"))
    job = manager.submit(config)
    print(job.id, flush=True)
    job.wait()


def hammer(ledger_path: str, name: str, jobs: int, shared: list[str], chunks: int,
           parity: int, go: Path) -> None:
    """Create ``jobs`` jobs and run them through the ledger; also fill ``shared`` jobs.

    Each of two processes records the chunks of ``shared`` jobs whose index
    has the given parity, so both update the same rows at once.
    """
    from jost_engine.jobs import JobManager, Ledger
    from jost_engine.jobs.ledger import COMPLETE, PENDING
    from jost_engine.jobs.owner import Owner

    manager = JobManager(ledger=Ledger(ledger_path))
    ledger, owner = manager.ledger, Owner.of()
    print("ready", flush=True)
    while not go.exists():  # both processes start together
        time.sleep(0.01)
    for n in range(jobs):
        job_id = manager.create(blackjack_config(1000 * chunks, 1000), project=name,
                                tags=[f"n{n}"])
        run = ledger.claim(job_id, owner, (PENDING,), chunks)
        for index in range(chunks):
            ledger.record_chunk(job_id, run, index, 1000, {"n": n, "index": index})
        assert ledger.finish(job_id, COMPLETE)
    for job_id in shared:
        for index in range(parity, chunks, 2):
            ledger.record_chunk(job_id, 1, index, 1000, {"by": name})


if __name__ == "__main__":  # pragma: no cover - run by the tests as a subprocess
    command, *args = sys.argv[1:]
    if command == "submit":
        submit_and_wait(*args)
    elif command == "hammer":
        path, who, count, shared, size, parity, go = args
        hammer(path, who, int(count), shared.split(",") if shared else [], int(size),
               int(parity), Path(go))
