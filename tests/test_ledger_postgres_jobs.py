"""Jobs on a Dask cluster with the PostgreSQL ledger: a process killed mid-job loses no saved
chunk, and the job resumed from another process gives the in-process answer bit for bit."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time

import pytest
from jobs_helpers import TESTS, blackjack_config, held_config, open_gate, python_env

from jost_engine.jobs import COMPLETE, INTERRUPTED, RUNNING, JobManager

pytest_plugins = ["jobs_fixtures", "postgres_fixtures"]
pytestmark = [pytest.mark.postgres, pytest.mark.cluster]

GAME = blackjack_config(1_200_000, 100_000)  # 12 chunks
CHUNKS = 12


def test_a_runner_killed_mid_job_resumes_bit_identically_on_postgresql(
        cluster, workspace, reference, postgres_url):
    """A runner process drives a blackjack job whose chunks from index 1 on are held at a
    gate (``held`` type: blackjack's own chunks), so the job is RUNNING with chunk 0 saved
    in PostgreSQL and cannot finish, on a machine of any speed; the runner is SIGKILLed
    there. The next manager finds the job INTERRUPTED with exactly chunk 0 saved, runs only
    the 11 missing chunks, and the result's figures and merged tally equal the
    uninterrupted in-process run's exactly."""
    gate = workspace / "gate"
    config_file = workspace / "held.json"
    config_file.write_text(json.dumps(held_config(GAME, 1, gate)), encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, str(TESTS / "jobs_helpers.py"), "submit", postgres_url,
         cluster.scheduler.address, str(config_file)],
        env=python_env(), stdout=subprocess.PIPE, text=True)
    try:
        job_id = proc.stdout.readline().strip()
        with JobManager(client=cluster, ledger=postgres_url) as watcher:
            deadline = time.monotonic() + 240  # a hang guard: the state is reached, not timed
            while watcher.ledger.get(job_id)["chunks_done"] < 1:
                assert proc.poll() is None and time.monotonic() < deadline
                time.sleep(0.05)
            assert watcher.ledger.get(job_id)["state"] == RUNNING
            proc.send_signal(signal.SIGKILL)
            proc.wait()
    finally:
        proc.kill()
        open_gate(gate)  # the held chunks on the workers end; nobody saves them
    with JobManager(client=cluster, ledger=postgres_url) as manager:
        job = manager.job(job_id)
        assert job.status == INTERRUPTED
        assert manager.ledger.done_indices(job_id) == {0}
        result = manager.resume(job_id).result(timeout=240)
        info = manager.job(job_id).info
        assert (info["state"], info["runs"]) == (COMPLETE, 2)
        assert info["run_chunks"] == CHUNKS - 1, "only the missing chunks ran"
        assert result.figures() == reference(GAME).figures()
        assert result.tally.to_dict() == reference(GAME).tally.to_dict()
