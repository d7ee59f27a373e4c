"""Chunks saved per second by the ledger, SQLite beside PostgreSQL, with 1 and 4 writers.

Usage: python benchmarks/ledger_throughput.py [--postgres URL] [--chunks 2000] [--bytes 2000]

Each writer is a process of its own that makes one job and saves ``--chunks`` chunk
results of about ``--bytes`` bytes each into it (``Ledger.record_chunk``: one transaction
per chunk, the job's counters updated in it), as a runner does. The figure is all the
chunks saved over the wall time from the moment every writer is ready to the last commit.
SQLite is a file in a temporary folder; PostgreSQL is the database at ``--postgres`` (its
JOST schema set up: ``jost ledger setup``), skipped when none is given.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import platform
import tempfile
import time
from pathlib import Path


def _writer(address: str, chunks: int, size: int, ready, go, done) -> None:
    from jost_engine.jobs import Ledger
    from jost_engine.jobs.owner import Owner

    ledger = Ledger(address)
    job = ledger.create({"run": {"rounds": chunks}}, "blackjack", "bench", {}, chunks, chunks,
                        Owner.of())
    run = ledger.claim(job, Owner.of(), ("PENDING",), chunks)
    partial = {"tally": "x" * size}
    ready.put(1)
    go.wait()
    for index in range(chunks):
        ledger.record_chunk(job, run, index, 1, partial)
    done.put(time.perf_counter())
    ledger.close()


def throughput(address: str, writers: int, chunks: int, size: int) -> float:
    """Chunks saved per second by ``writers`` processes at once [chunks/s]."""
    ctx = mp.get_context("spawn")
    ready, done, go = ctx.Queue(), ctx.Queue(), ctx.Event()
    procs = [ctx.Process(target=_writer, args=(address, chunks, size, ready, go, done))
             for _ in range(writers)]
    for proc in procs:
        proc.start()
    for _ in procs:
        ready.get(timeout=120)
    start = time.perf_counter()
    go.set()
    end = max(done.get(timeout=600) for _ in procs)
    for proc in procs:
        proc.join()
    return writers * chunks / (end - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", help="postgresql:// URL of a set-up JOST database")
    parser.add_argument("--chunks", type=int, default=2000)
    parser.add_argument("--bytes", type=int, default=2000)
    args = parser.parse_args()
    print(f"machine: {platform.node()} {platform.processor() or platform.machine()}, "
          f"{mp.cpu_count()} cores; {args.chunks} chunks of {args.bytes} bytes per writer")
    with tempfile.TemporaryDirectory() as folder:
        backends = [("SQLite", str(Path(folder) / "jobs.sqlite"))]
        if args.postgres:
            backends.append(("PostgreSQL", args.postgres))
        for name, address in backends:
            for writers in (1, 4):
                rate = throughput(address, writers, args.chunks, args.bytes)
                print(f"{name:<11} {writers} writer(s): {rate:8,.0f} chunks/s")


if __name__ == "__main__":
    main()
