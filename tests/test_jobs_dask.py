"""Jobs on a real Dask cluster (2 worker processes on 127.0.0.1): identical results,
a worker killed, the client killed and resumed, cancel, failures, metadata.

A test that acts while a job runs holds the job's chunks at their start (the toy's
``hold_from`` and ``gate``, tests/jobs_helpers.py) until it has acted, so the job is
running then on a machine of any speed; it waits on ledger states and task keys (read
with :func:`chunks_of_key`, which knows grouped tasks), never on a chunk's length.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from jobs_helpers import (
    TESTS,
    blackjack_config,
    executing,
    generated_here,
    open_gate,
    python_env,
    read_starts,
    running_chunks,
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

pytest_plugins = ["jobs_fixtures"]

pytestmark = pytest.mark.cluster

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


def test_a_worker_killed_mid_job_costs_nothing(manager, cluster, workspace):
    """A worker killed while it runs a chunk of a job: the job completes all the same,
    each chunk merged once in order. The chunks are held at their start until the kill."""
    gate = workspace / "gate"
    job = manager.submit(toy_config(10, hold_from=0, gate=gate))
    prefix = f"jost-{job.id}-1-"
    try:
        busy = wait_for(lambda: [w for w, keys in cluster.run(executing).items()
                                 if any(k.startswith(prefix) for k in keys)])
        pid = cluster.run(os.getpid, workers=busy[:1])[busy[0]]
        os.kill(pid, signal.SIGKILL)
    finally:
        open_gate(gate)
    result = job.result(timeout=240)
    assert job.status == COMPLETE
    assert (result.total, result.order) == (toy_total(10), list(range(10)))
    cluster.wait_for_workers(2, timeout=120)


def test_the_client_killed_mid_job_leaves_it_interrupted_and_resume_runs_the_rest(
        cluster, workspace):
    """The process that drives a job is killed after chunks 0-2 (chunks 3 on are held):
    the job is INTERRUPTED with chunks 0-2 saved, and a resume runs the other 37 only."""
    path, gate = workspace / "jobs.sqlite", workspace / "gate"
    config_file = workspace / "held.json"
    config_file.write_text(json.dumps(toy_config(40, hold_from=3, gate=gate)),
                           encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, str(TESTS / "jobs_helpers.py"), "submit", str(path),
         cluster.scheduler.address, str(config_file)],
        env=python_env(), stdout=subprocess.PIPE, text=True)
    job_id = proc.stdout.readline().strip()
    try:
        with JobManager(client=cluster, ledger=path) as watcher:
            wait_for(lambda: watcher.ledger.get(job_id)["chunks_done"] >= 3)
            proc.send_signal(signal.SIGKILL)
            proc.wait()
    finally:
        open_gate(gate)  # the held chunks end on the workers; nobody saves them
    manager = JobManager(client=cluster, ledger=path)  # the next start finds it
    try:
        job = manager.job(job_id)
        assert job.status == INTERRUPTED
        done_before = manager.ledger.done_indices(job_id)
        assert done_before == {0, 1, 2}
        job = manager.resume(job_id)
        result = job.result(timeout=240)
        info = job.info
        assert (info["state"], info["runs"]) == (COMPLETE, 2)
        assert info["run_chunks"] == 37, "only the missing chunks ran"
        runs = {row["idx"]: row["run"] for row in manager.ledger.chunk_rows(job_id)}
        assert runs == {i: 1 if i < 3 else 2 for i in range(40)}
        assert (result.total, result.order) == (toy_total(40), list(range(40)))
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
    # once the driver has its last task back, any chunk that was queued has run or not
    assert manager._drivers[job.id].done.wait(60), "the driver ends once its chunks are in"
    starts = read_starts(log)
    assert starts and max(t for _, t in starts) < after
    assert job.progress.chunks_done < 40
    leftovers = [k for keys in cluster.processing().values() for k in keys
                 if str(k).startswith(f"jost-{job.id}-")]
    assert leftovers == []
    assert not job.cancel(), "a second cancel has nothing to do"
    with pytest.raises(JobError, match="CANCELLED"):
        job.result(timeout=5)


def test_cancel_keeps_the_chunks_already_running_and_resume_runs_only_the_rest(
        manager, cluster, workspace):
    """Chunks 0-2 run, the next are held once started: a cancel lets the chunks that had
    started finish and saves them, no other chunk starts (nor the rest of a grouped task),
    and a resume runs only the chunks never saved."""
    gate, log = workspace / "gate", workspace / "starts.log"
    job = manager.submit(toy_config(40, hold_from=3, gate=gate, log=log))
    prefix = f"jost-{job.id}-1-"
    try:
        # started (its log line), not merely assigned to a worker: an assigned task may see
        # the cancel before it starts, and then rightly never runs
        wait_for(lambda: any(i >= 3 for i, _ in read_starts(log)))
        assert job.cancel()
        assert job.status == CANCELLED
    finally:
        open_gate(gate)
    assert manager._drivers[job.id].done.wait(60), "the driver ends once its chunks are in"
    assert not running_chunks(cluster, prefix)
    started = [i for i, _ in read_starts(log)]
    saved = manager.ledger.done_indices(job.id)
    assert saved == set(started) and len(started) == len(saved), \
        "each chunk started was saved, once; no other started"
    assert {0, 1, 2} <= saved and max(saved) >= 3 and len(saved) < 40
    resumed = manager.resume(job.id)
    result = resumed.result(timeout=240)
    info = resumed.info
    assert info["run_chunks"] == 40 - len(saved), "the saved chunks did not run again"
    runs = {row["idx"]: row["run"] for row in manager.ledger.chunk_rows(job.id)}
    assert {i for i, run in runs.items() if run == 1} == saved
    assert (result.total, result.order) == (toy_total(40), list(range(40)))


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
    """A manager closed while its job runs (chunk 0 done, the next held) leaves the job
    INTERRUPTED, and another manager resumes it to the full result."""
    path, gate = workspace / "jobs.sqlite", workspace / "gate"
    with JobManager(client=cluster, ledger=path) as first:
        job = first.submit(toy_config(30, hold_from=1, gate=gate))
        wait_for(lambda: job.progress.chunks_done >= 1)
        # the held chunks may end once the close has marked the job (it waits for them)
        threading.Thread(target=lambda: (wait_for(lambda: first.ledger.get(job.id)["state"]
                                                  == INTERRUPTED),
                                         open_gate(gate)), daemon=True).start()
    open_gate(gate)
    with JobManager(client=cluster, ledger=path) as second:
        assert second.job(job.id).status == INTERRUPTED
        assert second.resume(job.id).result(timeout=120).total == toy_total(30)
