"""Dask scaling: a job on N workers against N x the in-process single-core rate.

Usage: python benchmarks/dask_scaling.py [--workers 2] [--rounds 200000000]
       [--big-rounds 1000000000] [--config FILE]

Prints, with the machine it ran on and its load:
- the in-process rate on one core [rounds/s]: chunks of the job's size run
  one after another in this process, after a warm-up;
- the throughput of a job on a LocalCluster of N single-threaded workers,
  warmed first (``client.run``), from submit to result, and its ratio to
  N x the single-core rate (target: at least 85 % for 2 workers);
- two shares that do not depend on what else the machine runs: the
  workers' wall time spent inside chunks (what the job layer loses between
  chunks), and the workers' rounds per CPU second against the in-process
  one (what a worker process costs); their product is the ratio to expect
  on an idle machine;
- the fixed overhead of a job: the median wall time of a 1000-round job
  from submit to result [s];
- the wall time of a job of ``--big-rounds`` rounds (1 billion by default;
  0 skips it);
- the memory of each worker process [MB].

The config is 6D S17 DAS, basic strategy, flat bet, 5 M rounds a chunk,
unless ``--config`` gives another (its ``run`` is replaced).
"""

import argparse
import json
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

from distributed import Client

from jost_engine import registry
from jost_engine.jobs import JobManager
from jost_engine.jobs.connect import local_cluster
from jost_engine.jobs.tasks import run_chunk_task
from jost_engine.simulation import Chunk

GAME = {"rules": {"decks": 6, "dealer_hits_soft_17": False, "double_after_split": True,
                  "penetration": 0.75}}


def with_run(config: dict, rounds: int, chunk_rounds: int, seed: int = 1) -> dict:
    """The config with its run replaced, validated."""
    return registry.validate({**config, "run": {"rounds": rounds, "seed": seed,
                                                "chunk_rounds": chunk_rounds}})


def single_core_rate(config: dict, chunks: int = 6) -> tuple[float, float]:
    """Rounds per second of wall time and of CPU time, chunks run in this process [1/s]."""
    handler = registry.get("blackjack")
    plan = handler.plan(config)
    handler.run_chunk(config, Chunk(0, 10_000))  # load or compile the kernel
    wall, cpu = time.perf_counter(), time.process_time()
    for chunk in plan[:chunks]:
        handler.run_chunk(config, chunk)
    rounds = sum(c.rounds for c in plan[:chunks])
    return rounds / (time.perf_counter() - wall), rounds / (time.process_time() - cpu)


def worker_cpu_s(client) -> float:
    """CPU time used so far by all the worker processes [s]."""
    import psutil

    times = [psutil.Process(pid).cpu_times() for pid in client.run(os.getpid).values()]
    return sum(t.user + t.system for t in times)


def timed_job(manager: JobManager, config: dict) -> tuple[float, str]:
    """Wall time of a job from submit to result [s], and its id."""
    start = time.perf_counter()
    job = manager.submit(config)
    job.result()
    return time.perf_counter() - start, job.id


def busy_share(manager: JobManager, job_id: str, workers: int, wall: float) -> float:
    """Share of the workers' wall time spent inside chunks (1: no time lost between them)."""
    rows = manager.ledger.chunk_rows(job_id)
    return sum(r["finished_at"] - r["started_at"] for r in rows) / (workers * wall)


def worker_memory_mb(client) -> list[float]:
    """Resident memory of each worker process, as the scheduler last heard [MB]."""
    workers = client.scheduler_info()["workers"].values()
    return [w["metrics"]["memory"] / 1e6 for w in workers]


def main():
    """Measure and print; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=200_000_000)
    parser.add_argument("--chunk-rounds", type=int, default=5_000_000)
    parser.add_argument("--big-rounds", type=int, default=1_000_000_000)
    parser.add_argument("--config", type=Path, help="a config JSON file (its run is replaced)")
    args = parser.parse_args()
    game = json.loads(args.config.read_text()) if args.config else GAME
    config = with_run(game, args.rounds, args.chunk_rounds)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, python "
          f"{platform.python_version()}, {platform.platform()}, load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"config: {config['label']}, {args.chunk_rounds:,} rounds a chunk")
    rate, cpu_rate = single_core_rate(config)
    print(f"in process, one core: {rate / 1e6:.2f} M rounds/s "
          f"({cpu_rate / 1e6:.2f} M rounds per CPU second)")

    cluster = local_cluster(args.workers, dashboard_address="127.0.0.1:0")
    with tempfile.TemporaryDirectory() as folder, cluster, Client(cluster) as client:
        with JobManager(client=client, ledger=Path(folder) / "jobs.sqlite") as jobs:
            client.run(run_chunk_task, "blackjack", config, Chunk(0, 10_000), None)
            cpu = worker_cpu_s(client)
            wall, job_id = timed_job(jobs, config)
            cpu_share = args.rounds / (worker_cpu_s(client) - cpu) / cpu_rate
            busy = busy_share(jobs, job_id, args.workers, wall)
            ratio = args.rounds / wall / (args.workers * rate)
            print(f"{args.workers} workers: {args.rounds:,} rounds in {wall:.2f} s = "
                  f"{args.rounds / wall / 1e6:.2f} M rounds/s, {ratio:.1%} of "
                  f"{args.workers} x one core in process")
            print(f"  the workers spent {busy:.1%} of the wall time in chunks, and got "
                  f"{cpu_share:.1%} of the in-process rounds per CPU second: "
                  f"{busy * cpu_share:.1%} expected on an otherwise idle machine")
            tiny = with_run(game, 1_000, 1_000)
            overhead = statistics.median(timed_job(jobs, tiny)[0] for _ in range(7))
            print(f"fixed overhead of a job (1000 rounds, submit to result, median of 7): "
                  f"{overhead * 1e3:.0f} ms")
            if args.big_rounds:
                big = with_run(game, args.big_rounds, args.chunk_rounds, seed=2)
                wall = timed_job(jobs, big)[0]
                print(f"{args.big_rounds:,} rounds on {args.workers} workers: {wall:.1f} s "
                      f"({args.big_rounds / wall / 1e6:.2f} M rounds/s)")
            memory = ", ".join(f"{m:.0f}" for m in worker_memory_mb(client))
            print(f"worker memory: {memory} MB")


if __name__ == "__main__":
    main()
