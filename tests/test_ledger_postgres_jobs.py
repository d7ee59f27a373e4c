"""Jobs on a Dask cluster with the PostgreSQL ledger: a process killed mid-job loses no saved
chunk, and the job resumed from another process gives the in-process answer bit for bit."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time

import pytest
from jobs_helpers import TESTS, blackjack_config, held_after, python_env, release

from jost_engine.jobs import COMPLETE, INTERRUPTED, JobManager

pytest_plugins = ["jobs_fixtures", "postgres_fixtures"]
pytestmark = [pytest.mark.postgres, pytest.mark.cluster]

LONG = blackjack_config(400_000, 10_000)  # 40 chunks, held after 3 to break into


def test_a_runner_killed_mid_job_resumes_bit_identically_on_postgresql(
        cluster, workspace, reference, postgres_url):
    """The process driving a job is SIGKILLed with 3 chunks saved in PostgreSQL and the
    rest not started (held: jost_engine/jobs/hold.py); the next manager finds the job
    INTERRUPTED, keeps its saved chunks, runs only the missing ones, and the result equals
    the in-process run's figures exactly."""
    config_file = workspace / "long.json"
    config_file.write_text(json.dumps(LONG), encoding="utf-8")
    with held_after(workspace, 3) as hold:  # the subprocess inherits the hold
        proc = subprocess.Popen(
            [sys.executable, str(TESTS / "jobs_helpers.py"), "submit", postgres_url,
             cluster.scheduler.address, str(config_file)],
            env=python_env(), stdout=subprocess.PIPE, text=True)
        job_id = proc.stdout.readline().strip()
        with JobManager(client=cluster, ledger=postgres_url) as watcher:
            deadline = time.monotonic() + 120
            while watcher.ledger.get(job_id)["chunks_done"] < 3:
                assert time.monotonic() < deadline
                time.sleep(0.02)
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        release(hold)  # the killed process's held chunks run; nobody saves them
    with JobManager(client=cluster, ledger=postgres_url) as manager:
        job = manager.job(job_id)
        assert job.status == INTERRUPTED
        done_before = manager.ledger.done_indices(job_id)
        assert done_before == {0, 1, 2}
        result = manager.resume(job_id).result(timeout=240)
        info = manager.job(job_id).info
        assert (info["state"], info["runs"]) == (COMPLETE, 2)
        assert info["run_chunks"] == 40 - len(done_before), "only the missing chunks ran"
        assert result.figures() == reference(LONG).figures()
