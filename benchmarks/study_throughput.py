"""A study of many variants against one big job of the same rounds, on the same workers.

Usage: python benchmarks/study_throughput.py [--workers 2] [--variants 100]
       [--rounds 20000000] [--chunk-rounds 5000000] [--vary seed|penetration]

Runs, on one LocalCluster of ``--workers`` single-threaded workers (warmed
first, so neither run pays for the compile):

- a study whose base is 6D S17 DAS, basic strategy, flat bet, and whose grid
  varies ``run.seed`` (default: every variant the same game, so the same cost
  a round, and the comparison measures what running them as a study costs) or
  the penetration from 0.70 to 0.80 (games of their own speed) over
  ``--variants`` - 1 other values (every variant ``--rounds`` rounds,
  ``--chunk-rounds`` a chunk), from submit to the last variant done;
- one job of ``--variants`` x ``--rounds`` rounds of the base game with the
  same chunk size, from submit to result.

Prints both rates [rounds/s], the study's as a share of the job's (target:
at least 90 % for 100 variants x 20 M rounds on 2 workers), the share of the
workers' wall time spent inside chunks in each run, and the submit time of
the study (every variant validated and recorded).
"""

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from distributed import Client

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dask_scaling import GAME, busy_share, timed_job, with_run  # noqa: E402

from jost_engine.jobs import JobManager  # noqa: E402
from jost_engine.jobs.connect import local_cluster  # noqa: E402
from jost_engine.jobs.tasks import run_chunk_task  # noqa: E402
from jost_engine.simulation import Chunk  # noqa: E402
from jost_engine.studies import Study  # noqa: E402


def spec(variants: int, rounds: int, chunk_rounds: int, vary: str = "seed") -> dict:
    """The study: the base game and ``variants - 1`` other seeds or penetrations."""
    if vary == "seed":
        grid = {"run.seed": list(range(2, variants + 1))}
    else:
        step = 0.10 / max(variants - 1, 1)
        others = [round(0.70 + i * step, 4) for i in range(variants)]
        grid = {"rules.penetration": [p for p in others
                                      if p != GAME["rules"]["penetration"]][:variants - 1]}
    return {"label": f"throughput: {variants} variants",
            "base": {**GAME, "run": {"rounds": rounds, "seed": 1,
                                     "chunk_rounds": chunk_rounds}},
            "grid": grid}


def main():
    """Measure and print; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--variants", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=20_000_000)
    parser.add_argument("--chunk-rounds", type=int, default=5_000_000)
    parser.add_argument("--vary", choices=("seed", "penetration"), default="seed")
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, python "
          f"{platform.python_version()}, load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    total = args.variants * args.rounds
    cluster = local_cluster(args.workers, dashboard_address="127.0.0.1:0")
    with tempfile.TemporaryDirectory() as folder, cluster, Client(cluster) as client:
        with JobManager(client=client, ledger=Path(folder) / "jobs.sqlite") as jobs:
            base = with_run(GAME, args.rounds, args.chunk_rounds)
            client.run(run_chunk_task, "blackjack", base, Chunk(0, 10_000), None)

            start = time.perf_counter()
            study = Study.submit(spec(args.variants, args.rounds, args.chunk_rounds, args.vary),
                                 jobs)
            submitted = time.perf_counter() - start
            state = study.wait()
            study_wall = time.perf_counter() - start
            rows = study.job_rows()
            inside = sum(busy_share(jobs, row["id"], args.workers, study_wall)
                         for row in rows)
            print(f"study: {len(rows)} variants ({args.vary}) x {args.rounds:,} rounds ({state}) "
                  f"in "
                  f"{study_wall:.1f} s = {total / study_wall / 1e6:.2f} M rounds/s; "
                  f"submitted in {submitted:.2f} s; workers in chunks {inside:.1%} "
                  f"of the wall time")

            big = with_run(GAME, total, args.chunk_rounds, seed=2)
            job_wall, job_id = timed_job(jobs, big)
            job_inside = busy_share(jobs, job_id, args.workers, job_wall)
            print(f"one job: {total:,} rounds in {job_wall:.1f} s = "
                  f"{total / job_wall / 1e6:.2f} M rounds/s; workers in chunks "
                  f"{job_inside:.1%} of the wall time")
            print(f"study / job: {job_wall / study_wall:.1%} (target >= 90 %)")


if __name__ == "__main__":
    main()
