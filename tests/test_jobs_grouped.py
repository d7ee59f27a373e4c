"""Short chunks on a cluster that would ask too many tasks a second go several to a task.

The driver sends consecutive chunks as one task once it has seen their
length and the cluster's threads would ask the scheduler for more than
``driver.TASKS_PER_S`` tasks a second (docs/scale-out.md). Each chunk is
still saved, merged and failed on its own. The session cluster has 2
single-threaded workers. The tests that need grouping pin ``TASKS_PER_S`` to 1
task a second, a rate any machine's chunks exceed (2 threads asking for a task
every few milliseconds), so they group at any speed and load: groups of
:data:`driver.MAX_GROUP`; the test of one chunk a task pins it to 1e9.
"""

from __future__ import annotations

import time

import pytest
from jobs_helpers import (
    blackjack_config,
    held_after,
    open_gate,
    read_starts,
    toy_config,
    toy_total,
)

from jost_engine.jobs import COMPLETE, FAILED
from jost_engine.jobs import driver as driver_module
from jost_engine.jobs.tasks import chunk_key, chunks_of_key

pytest_plugins = ["jobs_fixtures"]

pytestmark = pytest.mark.cluster


@pytest.fixture
def grouping(monkeypatch):
    """The driver groups chunks at any machine speed: ``TASKS_PER_S`` pinned to 1."""
    monkeypatch.setattr(driver_module, "TASKS_PER_S", 1)


def test_short_chunks_go_several_to_a_task_each_saved_and_merged_in_order(manager, grouping):
    job = manager.submit(toy_config(300, sleep_s=0.001))
    result = job.result(timeout=120)
    driver = manager._drivers[job.id]
    assert result.total == toy_total(300)
    assert result.order == list(range(300)), "every chunk merged once, in chunk order"
    assert len(manager.ledger.chunk_rows(job.id)) == 300, "each chunk has its own row"
    assert driver.tasks < 100, f"{driver.tasks} tasks for 300 chunks: not grouped"


def test_chunks_of_one_chunk_a_task_when_the_scheduler_keeps_up(manager, monkeypatch):
    monkeypatch.setattr(driver_module, "TASKS_PER_S", 1e9)
    job = manager.submit(toy_config(30, sleep_s=0.001))
    assert job.result(timeout=120).total == toy_total(30)
    assert manager._drivers[job.id].tasks == 30


def test_grouped_blackjack_chunks_give_the_in_process_result_bit_for_bit(manager, reference,
                                                                         grouping):
    config = blackjack_config(200_000, 2_000)  # 100 chunks of about a millisecond
    job = manager.submit(config)
    result = job.result(timeout=300)
    assert manager._drivers[job.id].tasks < 50, "the chunks were not grouped"
    assert result.to_dict()["tally"] == reference(config).to_dict()["tally"]


def test_a_chunk_raising_inside_a_task_fails_its_job_naming_it_and_stops_the_rest(
        manager, workspace, grouping):
    log = workspace / "bad.log"
    job = manager.submit(toy_config(400, sleep_s=0.002, fail_at=250, log=log))
    assert job.wait(timeout=120) == FAILED
    assert "chunk 250: ValueError: toy chunk 250 failed on purpose" in job.error
    started = [i for i, _ in read_starts(log)]
    assert started.count(250) == 1, "a raising chunk is not retried"
    assert manager._drivers[job.id].tasks < 200, "the chunks were not grouped"
    saved = {row["idx"] for row in manager.ledger.chunk_rows(job.id)}
    assert saved <= set(started) - {250}, "only chunks that ran are saved, not the raising one"
    assert len(started) < 400, "no chunk started long after the failure"


def test_a_job_with_grouped_tasks_resumes_after_a_cancel_to_the_same_total(
        manager, workspace, grouping):
    """Grouped tasks, cancelled once a chunk from 100 on has started (held at its start
    until then), leave the job short of its 400 chunks; a resume completes the total."""
    gate, log = workspace / "gate", workspace / "starts.log"
    job = manager.submit(toy_config(400, sleep_s=0.001, hold_from=100, gate=gate, log=log))
    try:
        deadline = time.monotonic() + 120
        while not any(i >= 100 for i, _ in read_starts(log)):
            assert time.monotonic() < deadline, "timed out"
            time.sleep(0.01)
        assert manager._drivers[job.id].tasks < len(read_starts(log)), "not grouped"
        assert job.cancel()
    finally:
        open_gate(gate)
    assert job.wait(timeout=120) != COMPLETE
    assert len(manager.ledger.chunk_rows(job.id)) < 400
    resumed = manager.resume(job.id)
    assert resumed.result(timeout=120).total == toy_total(400)


def test_the_job_layers_hold_saves_exactly_the_chunks_below_k_of_grouped_tasks(
        manager, workspace, grouping):
    """Held from chunk 100 (``JOST_TEST_HOLD``, jost_engine/jobs/hold.py), grouped tasks
    never mix chunks below 100 and from 100 on: chunks 0-99 are saved while the rest wait;
    cancelled, none of those start (the log of starts is 0-99); released and resumed, the
    job completes its total."""
    log = workspace / "starts.log"
    with held_after(workspace, 100):
        job = manager.submit(toy_config(400, sleep_s=0.001, log=log))
        deadline = time.monotonic() + 120
        while job.progress.chunks_done < 100:
            assert time.monotonic() < deadline, "timed out"
            time.sleep(0.01)
        driver = manager._drivers[job.id]
        assert driver.tasks < 100, "not grouped"
        assert job.cancel() and driver.done.wait(60)
    assert sorted(i for i, _ in read_starts(log)) == list(range(100))
    assert sorted(r["idx"] for r in manager.ledger.chunk_rows(job.id)) == list(range(100))
    assert manager.resume(job.id).result(timeout=120).total == toy_total(400)


def test_chunks_of_key_reads_single_and_grouped_task_keys():
    """A task key names one chunk (``...-7``) or K consecutive chunks (``...-3-x2``)."""
    prefix = chunk_key("abc", 1, 0)[:-1]
    assert list(chunks_of_key(chunk_key("abc", 1, 7), prefix)) == [7]
    assert list(chunks_of_key(chunk_key("abc", 1, 3) + "-x2", prefix)) == [3, 4]
