"""How many chunks one JOST client can feed: driver and ledger throughput, then a plan.

Usage: python benchmarks/driver_throughput.py [--chunks 2000]
       [--layouts 1x1,1x32,2x16,2x16e,2x16eg] [--kernel-rate 12e6] [--round-trip-ms MS]
       [--ledger-dir /tmp]

The client drives every chunk: it submits it, takes its result and saves it
in the SQLite ledger. To measure that ceiling alone, the chunks of an
``instant`` simulation type return at once a fixed tally (that of a real
1000-round blackjack chunk, so each ledger row has the real size); the type
is registered through an entry point as a plugin would be.

Prints, with the machine and its load:
- ledger writes/s and per CPU second: :meth:`Ledger.record_chunk` in a loop, the
  ledger on local disk;
- for each layout PxT (P worker processes of T threads on a LocalCluster on
  127.0.0.1, its scheduler in this process): chunks/s of a job driven by
  :meth:`JobManager.drive`, and the CPU time a chunk costs this process
  (driver, client and scheduler) and the driver's own thread [ms]; 1x1
  gives the round trip L of one chunk (a thread idles that long between
  two chunks) [s]; a layout ending in ``e`` runs the scheduler and workers as
  processes of their own (as on every multi-machine cluster): the client's own cost;
  every chunk is a task of its own (the driver's grouping off), except in a layout
  ending in ``g``, where the driver groups chunks as it does on a big cluster
  (instant chunks: ``MAX_GROUP`` chunks a task) and the costs are per chunk;
- the plan: the chunk length T at which N workers stay >= 90 % busy, for N
  = 2, 16, 100, 1000: T >= 9 L (the round trip is at most 10 % of a
  chunk) and N x 0.9 / T <= R (the driver's ceiling R, the best chunks/s
  measured); in rounds at ``--kernel-rate`` rounds/s per core (default:
  the quiet-machine figure of docs/benchmarks.md, "Kernel speed"); and the
  ledger rows/s that asks for;
- how busy N workers are with 5 M-round chunks: min(T/(T+L), R T / N).
- with a grouped layout measured too, the same plan for the driver as it is: a
  task of k = ceil(N / (TASKS_PER_S T)) chunks; the client's and scheduler's
  CPU a chunk as a + b / k, from the ungrouped (k = 1) and grouped costs; busy
  = min(k T / (k T + L), 1 / the busier of client and scheduler).
"""

import argparse
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

import psutil
from distributed import Client, LocalCluster

from jost_engine import registry
from jost_engine.jobs import JobManager
from jost_engine.jobs import driver as driver_module
from jost_engine.jobs.ledger import Ledger
from jost_engine.jobs.owner import Owner
from jost_engine.simulation import Chunk

HERE = Path(__file__).resolve().parent
BUSY = 0.9
WORKERS = (2, 16, 100, 1000)
KERNEL_RATE = 12e6  # docs/benchmarks.md, "Kernel speed against a bare loop": flat, one core


class Instant:
    """A simulation type whose chunks return a fixed tally at once (``config["tally"]``)."""

    @staticmethod
    def validate(config: dict) -> dict:
        return {**config, "label": "instant"}

    @staticmethod
    def plan(config: dict) -> registry.Plan:
        return registry.Plan(config["run"]["rounds"], config["run"]["chunk_rounds"])

    @staticmethod
    def run_chunk(config: dict, chunk) -> dict:
        return config["tally"]

    @staticmethod
    def merge(config: dict, partials: list, elapsed_s=None) -> int:
        return len(partials)


instant = Instant()


def register(folder: Path) -> None:
    """Declare ``instant`` through an entry point; workers started later find it too."""
    info = folder / "jost_instant-0.1.dist-info"
    info.mkdir(parents=True, exist_ok=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: jost-instant\nVersion: 0.1\n",
                                   encoding="utf-8")
    (info / "entry_points.txt").write_text(
        "[jost.simulations]\ninstant = driver_throughput:instant\n", encoding="utf-8")
    paths = [str(folder), str(HERE)]
    sys.path[:0] = paths
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [*paths, *filter(None, [os.environ.get("PYTHONPATH")])])
    registry.refresh()


def real_tally() -> dict:
    """The partial result of a 1000-round blackjack chunk (what a ledger row holds)."""
    game = json.loads((HERE.parent / "tests" / "data" / "chart_4d_s17.json").read_text())
    config = registry.validate({"rules": {"decks": 6}, "strategy": {"chart": game},
                                "run": {"rounds": 1000, "seed": 1, "chunk_rounds": 1000}})
    return registry.get("blackjack").run_chunk(config, Chunk(0, 1000))


def ledger_writes_per_s(folder: Path, tally: dict, rows: int) -> tuple[float, float]:
    """Rows :meth:`Ledger.record_chunk` saves, one transaction each, per second of wall
    time and per CPU second [1/s]."""
    ledger = Ledger(folder / "writes.sqlite")
    job = ledger.create({}, "instant", "instant", {}, rows, rows, Owner.of())
    start, cpu = time.perf_counter(), time.process_time()
    for index in range(rows):
        ledger.record_chunk(job, 1, index, 1, tally, "w", 0.0, 0.0)
    rates = rows / (time.perf_counter() - start), rows / (time.process_time() - cpu)
    ledger.close()
    return rates


@contextmanager
def external_cluster(folder: Path, processes: int, threads: int):
    """A ``dask scheduler`` and ``dask worker`` processes of their own; the address and
    the scheduler's process."""
    address_file = folder / f"scheduler-{processes}x{threads}.json"
    dask = [sys.executable, "-m", "dask"]
    started = [subprocess.Popen([*dask, "scheduler", "--host", "127.0.0.1", "--port", "0",
                                 "--dashboard-address", "127.0.0.1:0",
                                 "--scheduler-file", str(address_file)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        while not address_file.exists():
            time.sleep(0.2)
        time.sleep(0.5)
        started.append(subprocess.Popen(
            [*dask, "worker", "--scheduler-file", str(address_file), "--nworkers",
             str(processes), "--nthreads", str(threads), "--host", "127.0.0.1",
             "--dashboard-address", "127.0.0.1:0"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        yield json.loads(address_file.read_text())["address"], psutil.Process(started[0].pid)
    finally:
        for process in reversed(started):
            process.terminate()
            process.wait(timeout=60)


def driven_chunks_per_s(folder: Path, tally: dict, processes: int, threads: int,
                        chunks: int, external: bool = False, grouped: bool = False) -> dict:
    """One job of ``chunks`` instant chunks on P worker processes of T threads on
    127.0.0.1 (a LocalCluster with its scheduler in this process, or ``external``
    processes): chunks/s, this process's CPU share of a core, and CPU per chunk
    [ms] of this process (driver, client, and the LocalCluster's scheduler) and
    of the driver's own thread; ``grouped``: the driver may send several chunks a
    task (else one a task), and ``chunks_per_task``."""
    scheduler = None
    with ExitStack() as stack:
        if not grouped:
            stack.callback(setattr, driver_module, "TASKS_PER_S", driver_module.TASKS_PER_S)
            driver_module.TASKS_PER_S = math.inf
        if external:
            target, scheduler = stack.enter_context(external_cluster(folder, processes, threads))
        else:
            target = stack.enter_context(LocalCluster(
                n_workers=processes, threads_per_worker=threads, processes=True,
                host="127.0.0.1", dashboard_address="127.0.0.1:0"))
        client = stack.enter_context(Client(target, set_as_default=False))
        client.wait_for_workers(processes)
        manager = JobManager(client=client, ledger=folder / f"jobs-{processes}x{threads}.sqlite")
        config = {"simulation_type": "instant", "tally": tally,
                  "run": {"rounds": chunks, "chunk_rounds": 1}}
        manager.drive(manager.create(config))  # warm: imports on the workers
        job = manager.create(config)
        me = psutil.Process()
        there = scheduler or me
        cpu, wall, own = sum(me.cpu_times()[:2]), time.perf_counter(), time.thread_time()
        remote = sum(there.cpu_times()[:2])
        state = manager.drive(job)  # in this thread
        own = time.thread_time() - own
        wall, cpu = time.perf_counter() - wall, sum(me.cpu_times()[:2]) - cpu
        remote = sum(there.cpu_times()[:2]) - remote
        tasks = manager._drivers[job].tasks
        manager.close()
        if state != "COMPLETE":
            raise RuntimeError(f"the job ended {state}")
        return {"chunks_per_s": chunks / wall, "cpu_share": cpu / wall,
                "process_cpu_ms": 1000 * cpu / chunks, "driver_cpu_ms": 1000 * own / chunks,
                "scheduler_cpu_ms": 1000 * remote / chunks, "chunks_per_task": chunks / tasks}


def plan(latency_s: float, ceiling: float, kernel_rate: float) -> list[dict]:
    """Per worker count: the chunk length and rounds for >= 90 % busy, and ledger rows/s."""
    rows = []
    for n in WORKERS:
        length = max(BUSY / (1 - BUSY) * latency_s, BUSY * n / ceiling)
        rows.append({"workers": n, "chunk_s": length, "chunk_rounds": length * kernel_rate,
                     "ledger_rows_per_s": BUSY * n / length})
    return rows


def busy_share(n: int, chunk_s: float, latency_s: float, ceiling: float) -> float:
    """The share of time N workers compute with chunks of ``chunk_s`` [s]."""
    return min(chunk_s / (chunk_s + latency_s), ceiling * chunk_s / n)


def measure(folder: Path, tally: dict, layouts: str, chunks: int) -> dict:
    """Drive a job on each layout; print and return what each measured."""
    found = {}
    for layout in layouts.split(","):
        processes, threads = (int(x) for x in layout.rstrip("eg").split("x"))
        external = "e" in layout.split("x")[1]
        got = driven_chunks_per_s(folder, tally, processes, threads, chunks,
                                  external=external, grouped=layout.endswith("g"))
        found[layout] = got
        print(f"driver, {layout}: {got['chunks_per_s']:,.0f} chunks/s "
              f"({got['chunks_per_task']:.0f} a task); client process "
              f"{100 * got['cpu_share']:.0f} % of a core, {got['process_cpu_ms']:.2f} ms CPU "
              f"a chunk (driver thread {got['driver_cpu_ms']:.2f} ms; scheduler "
              f"{'process' if external else 'included'} {got['scheduler_cpu_ms']:.2f} ms)")
    return found


def ceiling_of(found: dict) -> tuple[float, str]:
    """Chunks/s the client and scheduler take, each with a core of its own, and how found.

    With an external layout: 1 / the larger of the client's and the
    scheduler's CPU a chunk; else 1 / the client's (its scheduler included).
    """
    external = [got for layout, got in found.items() if layout.endswith("e")]
    found = {layout: got for layout, got in found.items() if not layout.endswith("g")}
    if external:
        cost = min(max(g["process_cpu_ms"], g["scheduler_cpu_ms"]) for g in external)
        return 1000 / cost, "1 / max(client, scheduler) CPU a chunk"
    return 1000 / min(g["process_cpu_ms"] for g in found.values()), "1 / client CPU a chunk"


def costs(one: dict, grouped: dict, key: str) -> tuple[float, float]:
    """``a``, ``b`` of a CPU cost per chunk a + b / k [ms] from k = 1 and a grouped run."""
    k = grouped["chunks_per_task"]
    per_task = max(0.0, (one[key] - grouped[key]) / (1 - 1 / k)) if k > 1 else 0.0
    return max(0.0, one[key] - per_task), per_task


def grouped_busy(n: int, chunk_s: float, latency_s: float, client: tuple, scheduler: tuple
                 ) -> tuple[float, int]:
    """How busy N workers are with the driver's grouping, and its chunks a task."""
    k = min(driver_module.MAX_GROUP, math.ceil(n / (driver_module.TASKS_PER_S * chunk_s)))
    loads = [n / chunk_s * (a + b / k) / 1000 for a, b in (client, scheduler)]
    return min(k * chunk_s / (k * chunk_s + latency_s), 1 / max(*loads, 1e-9)), k


def grouped_plan(found: dict, latency_s: float, kernel_rate: float) -> None:
    """Print the plan of the driver as it is (grouping), from an ``e`` and an ``eg`` layout."""
    pairs = [(found[layout[:-1]], got) for layout, got in found.items()
             if layout.endswith("eg") and layout[:-1] in found]
    if not pairs:
        return
    one, grouped = pairs[0]
    client = costs(one, grouped, "process_cpu_ms")
    scheduler = costs(one, grouped, "scheduler_cpu_ms")
    print(f"CPU a chunk, a + b / k [ms]: client {client[0]:.2f} + {client[1]:.2f} / k, "
          f"scheduler {scheduler[0]:.2f} + {scheduler[1]:.2f} / k")
    print("with grouping (TASKS_PER_S = "
          f"{driver_module.TASKS_PER_S}): | workers | chunk length | chunk rounds needed |"
          " chunks a task |")
    for n in WORKERS:
        length = 0.01
        while grouped_busy(n, length, latency_s, client, scheduler)[0] < BUSY:
            length *= 1.02
        k = grouped_busy(n, length, latency_s, client, scheduler)[1]
        print(f"| {n:,} | {length:.3g} s | {length * kernel_rate / 1e6:.2g} M | {k} |")
    five_m = 5e6 / kernel_rate
    print(f"with grouping, 5 M-round chunks ({five_m:.2f} s): " + ", ".join(
        f"{n:,} workers {100 * grouped_busy(n, five_m, latency_s, client, scheduler)[0]:.0f} "
        "% busy" for n in WORKERS))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=2000)
    parser.add_argument("--layouts", default="1x1,1x32,2x16,2x16e,2x16eg")
    parser.add_argument("--kernel-rate", type=float, default=KERNEL_RATE)
    parser.add_argument("--round-trip-ms", type=float, default=None,
                        help="plan with this round trip L instead of the 1x1 one measured")
    parser.add_argument("--ledger-dir", default=None, help="default: a new folder in /tmp")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="jost-driver-", dir=args.ledger_dir))
    register(folder)
    tally = real_tally()
    print(f"{platform.node()}: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, "
          f"ledger in {folder}, tally row {len(json.dumps(tally))} bytes")
    writes, per_cpu_s = ledger_writes_per_s(folder, tally, args.chunks)
    print(f"ledger writes: {writes:,.0f} rows/s, {per_cpu_s:,.0f} rows per CPU second "
          "(one transaction each)")
    found = measure(folder, tally, args.layouts, args.chunks)
    rates = {layout: got["chunks_per_s"] for layout, got in found.items()
             if not layout.endswith("g")}
    latency = (args.round_trip_ms / 1000 if args.round_trip_ms
               else 1 / rates.get("1x1", max(rates.values())))
    ceiling, how = ceiling_of(found)
    ceiling = max(ceiling, max(rates.values()))
    print(f"round trip L = {1000 * latency:.1f} ms; best measured {max(rates.values()):,.0f} "
          f"chunks/s; ceiling R = {how} = {ceiling:,.0f} chunks/s; "
          f"kernel {args.kernel_rate / 1e6:.2f} M rounds/s per core")
    print("| workers | chunk length | chunk rounds needed | ledger rows/s |")
    for row in plan(latency, ceiling, args.kernel_rate):
        print(f"| {row['workers']:,} | {row['chunk_s']:.3g} s | "
              f"{row['chunk_rounds'] / 1e6:.2g} M | {row['ledger_rows_per_s']:,.0f} |")
    five_m = 5e6 / args.kernel_rate
    print(f"with 5 M-round chunks ({five_m:.2f} s): " + ", ".join(
        f"{n:,} workers {100 * busy_share(n, five_m, latency, ceiling):.0f} % busy"
        for n in WORKERS))
    grouped_plan(found, latency, args.kernel_rate)


if __name__ == "__main__":
    main()
