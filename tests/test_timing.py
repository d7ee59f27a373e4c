"""Where a run's time goes: each chunk's time inside the kernel, saved per chunk and summed
per job, and a summary that reports the kernel's rate apart from the wall time and start-up.
"""

from __future__ import annotations

import sqlite3

import pytest
from jobs_helpers import blackjack_config

from jost_engine import run_simulation_from_config
from jost_engine.cli.output import format_summary
from jost_engine.jobs.ledger import MIGRATIONS, SCHEMA, SCHEMA_VERSION, Ledger
from jost_engine.jobs.owner import Owner

pytest_plugins = ["jobs_fixtures"]


def test_each_chunk_on_two_workers_saves_its_kernel_time_and_the_job_keeps_their_sum(manager):
    """On a real 2-worker LocalCluster: every saved chunk has a kernel time, positive and
    within its own start-to-finish span; the job row holds their sum and rounds; the result's
    summary reports that sum, rounds per kernel second, the workers and a start-up time."""
    job = manager.submit(blackjack_config(400_000, 100_000, seed=3))
    result = job.result(timeout=180)
    chunks = manager.ledger.chunk_rows(job.id)
    assert len(chunks) == 4
    for row in chunks:
        assert 0 < row["kernel_s"] <= row["finished_at"] - row["started_at"] + 1e-3, row
    total = sum(row["kernel_s"] for row in chunks)
    info = job.info
    assert info["kernel_s"] == pytest.approx(total, rel=1e-9)
    assert info["kernel_rounds"] == 400_000
    summary = result.summary
    assert summary["kernel_s"] == pytest.approx(total, rel=1e-9)
    assert summary["kernel_rounds_per_s"] == pytest.approx(400_000 / total, rel=1e-9)
    assert summary["workers"] == len({row["worker"] for row in chunks})
    assert 0 <= summary["startup_s"] <= summary["elapsed_s"]
    assert summary["rounds_per_s"] == pytest.approx(400_000 / summary["elapsed_s"])
    table = manager.jobs()
    assert table.loc[job.id, "kernel_rounds_per_s"] == pytest.approx(400_000 / total)


def test_an_in_process_summary_shows_the_kernel_rate_per_core_and_the_wall_time_apart(
        make_config):
    """In process: the kernel time is at most the wall time less the start-up, and the
    summary's speed line gives the kernel's rate per core (1 worker), then rounds, wall
    time and start-up, with the summary's own numbers."""
    result = run_simulation_from_config(make_config(run={"rounds": 40_000, "chunk_rounds": 10_000}))
    s = result.summary
    assert s["workers"] == 1
    assert 0 < s["kernel_s"] <= s["elapsed_s"] - s["startup_s"] + 1e-6
    assert s["kernel_rounds_per_s"] == pytest.approx(40_000 / s["kernel_s"])
    line = next(x for x in format_summary(s, "x").splitlines() if "speed" in x)
    assert (f"{s['kernel_rounds_per_s'] / 1e6:.2f} M rounds/s per core in the kernel (1 worker)"
            in line)
    assert (f"40,000 rounds in {s['elapsed_s']:.1f} s wall, start-up {s['startup_s']:.1f} s"
            in line)
    assert "kernel_s" not in result.figures() and "startup_s" not in result.figures()


def _version_2_ledger(path) -> None:
    """A ledger as JOST wrote it before chunk kernel times (schema 2), one job with one chunk."""
    db = sqlite3.connect(path)
    db.executescript(SCHEMA + MIGRATIONS[2])
    db.execute("INSERT INTO jobs (id, simulation_type, label, config, state, chunks_total,"
               " rounds_total, chunks_done, rounds_done, runs, elapsed_s, created_at,"
               " updated_at) VALUES ('old', 'toy', 'old', '{}', 'INTERRUPTED', 2, 2000, 1, 1000,"
               " 1, 5.0, 0, 0)")
    db.execute("INSERT INTO chunks (job_id, idx, run, rounds, partial, worker, started_at,"
               " finished_at) VALUES ('old', 0, 1, 1000, '{}', 'w', 1.0, 2.0)")
    db.execute("PRAGMA user_version = 2")
    db.commit()
    db.close()


def test_a_ledger_of_schema_2_opens_migrated_and_keeps_kernel_times_from_then_on(tmp_path):
    """A schema-2 ledger opens at the current version: its old chunk has no kernel time
    and counts in no kernel sum, and a chunk saved afterwards adds its kernel time and
    rounds to the job."""
    path = tmp_path / "jobs.sqlite"
    _version_2_ledger(path)
    ledger = Ledger(path)
    assert ledger._read("PRAGMA user_version")[0][0] == SCHEMA_VERSION
    assert [r["kernel_s"] for r in ledger.chunk_rows("old")] == [None]
    timing = ledger.timing("old")
    assert (timing["kernel_s"], timing["kernel_rounds"], timing["wall_s"]) == (0, 0, 5.0)
    run = ledger.claim("old", Owner.of(), ("INTERRUPTED",), 1)
    assert ledger.record_chunk("old", run, 1, 1000, {}, "w", 10.0, 10.5, kernel_s=0.25)
    timing = ledger.timing("old")
    assert (timing["kernel_s"], timing["kernel_rounds"]) == (0.25, 1000)
    ledger.close()
