"""Jobs on a real Dask cluster (2 worker processes on 127.0.0.1): identical results,
a worker killed, the client killed and resumed, cancel, failures, metadata."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from jobs_helpers import (
    TESTS,
    blackjack_config,
    generated_here,
    python_env,
    read_starts,
    toy_config,
    toy_total,
)

from jost_engine.errors import ConfigError
from jost_engine.jobs import (
    CANCELLED,
    COMPLETE,
    FAILED,
    INTERRUPTED,
    RUNNING,
    JobError,
    JobManager,
)
from jost_engine.jobs.tasks import chunks_of_key

pytest_plugins = ["jobs_fixtures"]

LONG = blackjack_config(12_000_000, 300_000)  # 40 chunks: long enough to break into


def wait_for(predicate, timeout: float = 120.0, step: float = 0.02):
    """Poll until ``predicate()`` is true; its value."""
    deadline = time.monotonic() + timeout
    while not (value := predicate()):
        assert time.monotonic() < deadline, "timed out"
        time.sleep(step)
    return value


def test_two_workers_give_the_in_process_summary_bit_for_bit(manager, reference):
    config = blackjack_config(2_000_000, 200_000, seed=5)
    job = manager.submit(config)
    result = job.result(timeout=180)
    assert job.status == COMPLETE
    assert result.figures() == reference(config).figures()
    assert result.to_dict()["tally"] == reference(config).to_dict()["tally"]
    workers = {row["worker"] for row in manager.ledger.chunk_rows(job.id)}
    assert len(workers) == 2, "both workers took chunks"
    progress = job.progress
    assert (progress.chunks_done, progress.rounds_done) == (10, 2_000_000)
    assert progress.rounds_per_s > 0 and progress.time_left_s is None


def test_workers_are_sent_the_basic_chart_and_never_generate_one(manager, cluster, reference):
    # 7 decks: a rule set no other test plays, so no worker could hold its chart already
    config = {"rules": {"decks": 7, "dealer_hits_soft_17": True, "double": "9-11"},
              "run": {"rounds": 400_000, "seed": 3, "chunk_rounds": 100_000}}
    job = manager.submit(config)
    result = job.result(timeout=180)
    assert job.info["config"]["strategy"]["chart"] == "basic"  # the ledger keeps the name
    assert result.to_dict()["tally"] == reference(config).to_dict()["tally"]
    held = cluster.run(generated_here)
    assert len(held) == 2 and all(7 not in decks for decks in held.values())


def test_a_worker_killed_mid_job_costs_nothing(manager, cluster, reference):
    job = manager.submit(LONG)
    wait_for(lambda: job.progress.chunks_done >= 2)
    prefix = f"jost-{job.id}-"
    busy = wait_for(lambda: [w for w, keys in cluster.processing().items()
                             if any(str(k).startswith(prefix) for k in keys)])
    pid = cluster.run(os.getpid, workers=busy[:1])[busy[0]]
    os.kill(pid, signal.SIGKILL)
    result = job.result(timeout=240)
    assert job.status == COMPLETE
    assert result.figures() == reference(LONG).figures()
    cluster.wait_for_workers(2, timeout=120)


def test_the_client_killed_mid_job_leaves_it_interrupted_and_resume_runs_the_rest(
        cluster, workspace, reference):
    path = workspace / "jobs.sqlite"
    config_file = workspace / "long.json"
    config_file.write_text(json.dumps(LONG), encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, str(TESTS / "jobs_helpers.py"), "submit", str(path),
         cluster.scheduler.address, str(config_file)],
        env=python_env(), stdout=subprocess.PIPE, text=True)
    job_id = proc.stdout.readline().strip()
    with JobManager(client=cluster, ledger=path) as watcher:
        wait_for(lambda: watcher.ledger.get(job_id)["chunks_done"] >= 3)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    manager = JobManager(client=cluster, ledger=path)  # the next start finds it
    try:
        job = manager.job(job_id)
        assert job.status == INTERRUPTED
        done_before = manager.ledger.done_indices(job_id)
        assert 3 <= len(done_before) < 40
        job = manager.resume(job_id)
        result = job.result(timeout=240)
        info = job.info
        assert (info["state"], info["runs"]) == (COMPLETE, 2)
        assert info["run_chunks"] == 40 - len(done_before), "only the missing chunks ran"
        runs = {row["idx"]: row["run"] for row in manager.ledger.chunk_rows(job_id)}
        assert all(runs[i] == 1 for i in done_before)
        assert all(runs[i] == 2 for i in set(range(40)) - done_before)
        assert result.figures() == reference(LONG).figures()
    finally:
        manager.close()


def test_cancel_is_immediate_and_no_chunk_starts_after_it(manager, cluster, workspace):
    log = workspace / "starts.log"
    job = manager.submit(toy_config(40, sleep_s=0.3, log=log))
    wait_for(lambda: job.progress.chunks_done >= 2)
    before = time.time()
    assert job.cancel()
    after = time.time()
    assert job.status == CANCELLED
    assert after - before < 2.0
    time.sleep(1.5)  # time enough for any queued chunk to start, were it allowed to
    starts = read_starts(log)
    assert starts and max(t for _, t in starts) < after
    assert job.progress.chunks_done < 40
    assert manager._drivers[job.id].done.wait(60), "the driver ends once its chunks are in"
    leftovers = [k for keys in cluster.processing().values() for k in keys
                 if str(k).startswith(f"jost-{job.id}-")]
    assert leftovers == []
    assert not job.cancel(), "a second cancel has nothing to do"
    with pytest.raises(JobError, match="CANCELLED"):
        job.result(timeout=5)


def executing(dask_worker) -> list[str]:
    """The keys of the tasks a worker is running now (run on the worker by ``Client.run``)."""
    return [str(task.key) for task in dask_worker.state.executing]


def test_cancel_keeps_the_chunks_already_running_and_resume_runs_only_the_rest(
        manager, cluster, reference):
    job = manager.submit(LONG)
    wait_for(lambda: job.progress.chunks_done >= 3)
    prefix = f"jost-{job.id}-1-"
    # Executing on a worker, not merely assigned to one: an assigned task may see the cancel
    # before it starts, and then rightly never runs.
    # A fast machine sends consecutive chunks as one task (key ``...-INDEX-xK``).
    running = wait_for(lambda: {i for keys in cluster.run(executing).values() for key in keys
                                if key.startswith(prefix) for i in chunks_of_key(key, prefix)})
    assert job.cancel()
    assert job.status == CANCELLED
    # The chunks running at the cancel finish and are saved; then nothing of the job runs.
    wait_for(lambda: manager.ledger.done_indices(job.id) >= running and not any(
        key.startswith(prefix) for keys in cluster.run(executing).values() for key in keys),
        timeout=30)
    time.sleep(1.0)  # the last results reach the ledger
    saved = manager.ledger.done_indices(job.id)
    time.sleep(1.0)  # nothing more arrives: the rest never started
    assert manager.ledger.done_indices(job.id) == saved
    assert len(saved) < 40
    resumed = manager.resume(job.id)
    result = resumed.result(timeout=240)
    info = resumed.info
    assert info["run_chunks"] == 40 - len(saved), "the saved chunks did not run again"
    runs = {row["idx"]: row["run"] for row in manager.ledger.chunk_rows(job.id)}
    assert {i for i, run in runs.items() if run == 1} == saved
    assert result.to_dict()["tally"] == reference(LONG).to_dict()["tally"]
    assert result.figures() == reference(LONG).figures()


def test_a_chunk_that_raises_fails_its_job_and_other_jobs_go_on(manager, workspace):
    log = workspace / "bad.log"
    bad = manager.submit(toy_config(10, sleep_s=0.05, fail_at=2, log=log), project="x")
    good = manager.submit(toy_config(12, sleep_s=0.05), project="x")
    assert bad.wait(timeout=120) == FAILED
    assert "chunk 2: ValueError: toy chunk 2 failed on purpose" in bad.error
    assert [i for i, _ in read_starts(log)].count(2) == 1, "a raising chunk is not retried"
    with pytest.raises(JobError, match="FAILED.*failed on purpose"):
        bad.result()
    assert good.result(timeout=120).total == toy_total(12)
    assert good.status == COMPLETE


def test_a_second_simulation_type_runs_through_the_same_layer(manager):
    job = manager.submit(toy_config(7))
    result = job.result(timeout=120)
    assert result.total == toy_total(7)
    assert result.order == list(range(7)), "partials are merged in chunk order"
    assert manager.jobs().loc[job.id, "simulation_type"] == "toy"


def test_a_bad_config_never_reaches_the_cluster(workspace):
    manager = JobManager(scheduler="tcp://127.0.0.1:9", ledger=workspace / "jobs.sqlite")
    bad = blackjack_config(1_000_000, 100_000)
    bad["rules"]["decks"] = 0
    with pytest.raises(ConfigError, match="rules.decks"):
        manager.submit(bad)
    with pytest.raises(ConfigError, match="simulation_type"):
        manager.submit({"simulation_type": "nosuch", "run": {"rounds": 10}})
    assert manager._connection is None, "nothing was sent anywhere"
    assert manager.ledger.rows() == []


def test_metadata_is_shown_and_filterable(manager):
    a = manager.submit(toy_config(2), project="alpha", tags=["hi-lo", "6d"], meta={"by": "me"})
    b = manager.submit(toy_config(2), project="beta", tags=["ko"])
    a.wait(60)
    b.wait(60)
    table = manager.jobs()
    assert list(table.index) == [b.id, a.id], "newest first"
    assert table.loc[a.id, "project"] == "alpha"
    assert table.loc[a.id, "meta"] == {"by": "me", "project": "alpha", "tags": ["hi-lo", "6d"]}
    assert list(manager.jobs(project="beta").index) == [b.id]
    assert list(manager.jobs(tag="6d").index) == [a.id]
    assert list(manager.jobs(state="complete").index) == [b.id, a.id]
    assert manager.jobs(state=RUNNING).empty


def test_resume_and_delete_check_the_state(manager):
    job = manager.submit(toy_config(2))
    job.result(timeout=60)
    with pytest.raises(JobError, match="COMPLETE"):
        manager.resume(job.id)
    manager.delete(job.id)
    with pytest.raises(JobError, match="no job"):
        manager.job(job.id)


def test_closing_the_manager_interrupts_its_jobs_for_a_later_resume(cluster, workspace):
    path = workspace / "jobs.sqlite"
    with JobManager(client=cluster, ledger=path) as first:
        job = first.submit(toy_config(30, sleep_s=0.1))
        wait_for(lambda: job.progress.chunks_done >= 1)
    with JobManager(client=cluster, ledger=path) as second:
        assert second.job(job.id).status == INTERRUPTED
        assert second.resume(job.id).result(timeout=120).total == toy_total(30)
