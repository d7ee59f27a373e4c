"""``jost resume``: the job is taken in the ledger before the command returns."""

from __future__ import annotations

import json
import time

import pytest
from jobs_helpers import held_after, run_jost, toy_config, toy_total

from jost_engine.jobs import ACTIVE, CANCELLED, COMPLETE, JobError, JobManager

pytest_plugins = ["jobs_fixtures"]

pytestmark = pytest.mark.cluster


def cancelled_job(manager: JobManager, chunks: int = 40) -> str:
    """A toy job cancelled with its first 2 chunks saved and the rest not started (held:
    jost_engine/jobs/hold.py), with nothing running any more."""
    with held_after(manager.ledger.folder, 2):
        job = manager.submit(toy_config(chunks, sleep_s=0.2))
        deadline = time.monotonic() + 60
        while job.progress.chunks_done < 2:
            assert time.monotonic() < deadline
            time.sleep(0.02)
        job.cancel()
        assert manager._drivers[job.id].done.wait(30)
    assert job.status == CANCELLED and job.progress.chunks_done == 2
    return job.id


def test_jost_resume_then_result_wait_gets_the_result(cluster, workspace):
    manager = JobManager(client=cluster, ledger=workspace / "jobs.sqlite")
    job_id = cancelled_job(manager)
    address = cluster.scheduler.address
    out = run_jost("resume", job_id, "--scheduler", address, workspace=workspace)
    assert f"resuming {job_id}" in out.stdout
    assert manager.job(job_id).status in ACTIVE, "taken before the command returned"
    result = run_jost("result", job_id, "--wait", "--timeout", "120", "--json",
                      workspace=workspace)
    assert json.loads(result.stdout)["total"] == toy_total(40)
    assert manager.job(job_id).status == COMPLETE
    manager.close()


def test_a_second_resume_is_refused_as_already_running(cluster, workspace):
    manager = JobManager(client=cluster, ledger=workspace / "jobs.sqlite")
    job_id = cancelled_job(manager, chunks=20)
    job = manager.resume_detached(job_id)
    assert job.status in ACTIVE
    with pytest.raises(JobError, match=f"job {job_id} is already running"):
        manager.resume_detached(job_id)
    with pytest.raises(JobError, match="already running"):
        manager.resume(job_id)
    assert job.result(timeout=120).total == toy_total(20)
    assert job.info["runs"] == 2, "one runner only"
    manager.close()
