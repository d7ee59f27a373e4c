"""The ledger on both backends (SQLite, and a real PostgreSQL server): states, chunk
results, recovery, and several writers at once."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import pytest
from jobs_helpers import TESTS, blackjack_config, python_env

from jost_engine.errors import ConfigError
from jost_engine.jobs import JobManager, Ledger, Progress
from jost_engine.jobs.ledger import (
    CANCELLED,
    COMPLETE,
    FAILED,
    INTERRUPTED,
    PENDING,
    RESUMABLE,
    RUNNING,
    JobError,
)
from jost_engine.jobs.manager import job_meta
from jost_engine.jobs.owner import Owner

pytest_plugins = ["jobs_fixtures", "postgres_fixtures"]


@pytest.fixture(params=["sqlite", "postgresql"])
def ledger(request, workspace) -> Ledger:
    """An empty ledger: a SQLite file in the workspace, or a fresh PostgreSQL database
    (alice's connection)."""
    if request.param == "sqlite":
        book = Ledger(workspace / "jobs.sqlite")
    else:
        book = Ledger(request.getfixturevalue("postgres_url"))
    yield book
    book.close()


def new_job(ledger: Ledger, chunks: int = 4, owner: Owner | None = None, **meta) -> str:
    return ledger.create({"run": {"rounds": 1000 * chunks}}, "blackjack", "test", meta,
                         chunks, 1000 * chunks, owner or Owner.of())


def dead_owner() -> Owner:
    """The owner record of a process that has ended."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    owner = Owner.of(process.pid)
    process.wait()
    return owner


def test_ledger_is_one_sqlite_file_in_the_workspace_in_wal_mode(workspace):
    book = Ledger()
    assert book.path == workspace / "jobs.sqlite"
    assert book.journal_mode() == "wal"


def test_a_job_keeps_config_meta_state_and_timestamps(ledger):
    job_id = new_job(ledger, project="p", tags=["a"])
    row = ledger.get(job_id)
    assert row["state"] == PENDING
    assert row["config"] == {"run": {"rounds": 4000}}
    assert row["meta"] == {"project": "p", "tags": ["a"]}
    assert row["created_at"] and row["finished_at"] is None
    assert ledger.resolve(job_id[:6]) == job_id
    with pytest.raises(JobError, match="no job"):
        ledger.get("zzz")


def test_chunk_results_are_saved_once_and_counted(ledger):
    job_id = new_job(ledger, chunks=3)
    run = ledger.claim(job_id, Owner.of(), (PENDING,), 3)
    assert run == 1 and ledger.state(job_id) == (RUNNING, 1)
    assert ledger.record_chunk(job_id, run, 2, 1000, {"x": 2})
    assert not ledger.record_chunk(job_id, run, 2, 1000, {"x": "again"})
    assert ledger.record_chunk(job_id, run, 0, 1000, {"x": 0})
    assert ledger.partials(job_id) == [{"x": 0}, {"x": 2}]
    assert ledger.done_indices(job_id) == {0, 2}
    assert not ledger.finish(job_id, COMPLETE), "COMPLETE needs every chunk"
    assert ledger.record_chunk(job_id, run, 1, 1000, {"x": 1})
    assert ledger.finish(job_id, COMPLETE)
    row = ledger.get(job_id)
    assert (row["state"], row["chunks_done"], row["rounds_done"]) == (COMPLETE, 3, 3000)
    assert not ledger.record_chunk("nosuchjob", 1, 0, 1, {}), "a deleted job takes no chunk"


def test_states_change_only_from_the_expected_ones(ledger):
    job_id = new_job(ledger)
    ledger.claim(job_id, Owner.of(), (PENDING,), 4)
    assert ledger.finish(job_id, CANCELLED)
    assert not ledger.finish(job_id, FAILED, "late"), "a cancelled job stays cancelled"
    with pytest.raises(JobError, match="CANCELLED"):
        ledger.claim(job_id, Owner.of(), (PENDING,), 4)
    assert ledger.claim(job_id, Owner.of(), RESUMABLE, 4) == 2
    assert ledger.finish(job_id, FAILED, "chunk 1: ValueError: boom")
    assert ledger.get(job_id)["error"] == "chunk 1: ValueError: boom"


def test_a_resume_keeps_the_first_start_time(ledger):
    """started_at is the first run's start; a resume (a second claim) sets its own
    run_started_at but leaves started_at as it was."""
    job_id = new_job(ledger)
    ledger.claim(job_id, Owner.of(), (PENDING,), 4, started_at=time.time() - 100)
    first = ledger.get(job_id)["started_at"]
    ledger.finish(job_id, CANCELLED)
    ledger.claim(job_id, Owner.of(), RESUMABLE, 4)
    row = ledger.get(job_id)
    assert row["started_at"] == first and row["run_started_at"] > first + 50
    assert {r["started_at"] for r in ledger.rows() if r["id"] == job_id} == {first}


def test_a_study_resume_keeps_each_variants_first_start_time(ledger):
    """claim_many (a study's runs) sets started_at on the first run only."""
    job_id = new_job(ledger)
    ledger.claim_many([job_id], Owner.of(), (PENDING,), {job_id: 4})
    first = ledger.get(job_id)["started_at"]
    ledger.finish(job_id, CANCELLED)
    time.sleep(0.01)
    ledger.claim_many([job_id], Owner.of(), RESUMABLE, {job_id: 4})
    row = ledger.get(job_id)
    assert first is not None and row["started_at"] == first < row["run_started_at"]


def test_a_job_whose_process_died_is_found_interrupted(ledger):
    mine = new_job(ledger)
    orphan = new_job(ledger, owner=dead_owner())
    ledger.claim(mine, Owner.of(), (PENDING,), 4)
    assert ledger.recover() == [orphan]
    assert ledger.get(orphan)["state"] == INTERRUPTED
    assert "ended before it finished" in ledger.get(orphan)["error"]
    assert ledger.get(mine)["state"] == RUNNING
    assert JobManager(ledger=ledger).job(orphan).status == INTERRUPTED


def test_delete_removes_an_ended_job_but_not_a_running_one(ledger):
    job_id = new_job(ledger)
    with pytest.raises(JobError, match="cancel it first"):
        ledger.delete(job_id)
    ledger.record_chunk(job_id, 1, 0, 1000, {})
    ledger.finish(job_id, CANCELLED)
    ledger.delete(job_id)
    assert ledger.rows() == []
    assert ledger.partials(job_id) == []


def test_progress_gives_rate_and_time_left():
    row = {"state": RUNNING, "chunks_done": 2, "chunks_total": 8, "rounds_done": 2_000_000,
           "rounds_total": 8_000_000, "run_rounds_done": 2_000_000, "run_started_at": 100.0,
           "finished_at": None}
    progress = Progress.from_row(row, now=102.0)
    assert progress.rounds_per_s == pytest.approx(1e6)
    assert progress.time_left_s == pytest.approx(6.0)
    assert progress.fraction == 0.25
    assert "2/8 chunks" in str(progress) and "0:06 left" in str(progress)


def test_metadata_must_be_json():
    assert job_meta("p", "one", {"k": 1}) == {"k": 1, "project": "p", "tags": ["one"]}
    with pytest.raises(JobError, match="tags"):
        job_meta(tags=[1])
    with pytest.raises(JobError, match="meta"):
        job_meta(meta={"x": object()})


def test_threads_writing_at_once_lose_nothing(ledger):
    job_id = new_job(ledger, chunks=200)
    ledger.claim(job_id, Owner.of(), (PENDING,), 200)

    def write(parity: int) -> None:
        for index in range(parity, 200, 4):
            ledger.record_chunk(job_id, 1, index, 1000, {"i": index})

    threads = [threading.Thread(target=write, args=(p,)) for p in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    row = ledger.get(job_id)
    assert (row["chunks_done"], row["rounds_done"]) == (200, 200_000)
    assert [p["i"] for p in ledger.partials(job_id)] == list(range(200))


def test_two_processes_submitting_and_updating_at_once_lose_nothing(ledger, workspace):
    """Two processes each create, run and complete jobs of their own while both save the
    chunks of the same study's three jobs (alternate chunks each): every job and every
    chunk is there once, with its counts."""
    chunks, each = 30, 12
    study = [{"config": {"run": {"rounds": 1000 * chunks}}, "simulation_type": "blackjack",
              "label": f"variant {n}", "meta": {}, "chunks_total": chunks,
              "rounds_total": 1000 * chunks} for n in range(3)]
    _study_id, shared = ledger.create_study("shared", {"base": {}}, {}, study, Owner.of())
    for job_id in shared:
        ledger.claim(job_id, Owner.of(), (PENDING,), chunks)
    go = workspace / "go"
    address = getattr(ledger, "url", str(ledger.path))
    procs = [subprocess.Popen(
        [sys.executable, str(TESTS / "jobs_helpers.py"), "hammer", address, name,
         str(each), ",".join(shared), str(chunks), str(parity), str(go)], env=python_env(),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for parity, name in enumerate(("left", "right"))]
    assert [proc.stdout.readline().strip() for proc in procs] == ["ready", "ready"]
    go.touch()
    for proc in procs:
        _, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, err
    rows = ledger.rows()
    made = [r for r in rows if r["id"] not in shared]
    assert len(made) == 2 * each
    for name in ("left", "right"):
        mine = [r for r in made if r["meta"]["project"] == name]
        assert sorted(r["meta"]["tags"][0] for r in mine) == sorted(f"n{n}" for n in range(each))
    assert all((r["state"], r["chunks_done"]) == (COMPLETE, chunks) for r in made)
    for job_id in shared:
        row = ledger.get(job_id)
        assert (row["chunks_done"], row["rounds_done"]) == (chunks, 1000 * chunks)
        assert len(ledger.partials(job_id)) == chunks


def test_two_resumes_of_one_job_at_once_one_wins(ledger):
    """Two threads (each its own connection) take the same INTERRUPTED job at the same
    moment: exactly one succeeds, the other is refused as already running."""
    job_id = new_job(ledger)
    ledger.claim(job_id, Owner.of(), (PENDING,), 4)
    ledger.finish(job_id, INTERRUPTED, "stopped")
    start, outcomes = threading.Barrier(2), []

    def resume() -> None:
        start.wait()
        try:
            ledger.reserve(job_id, Owner.of(), RESUMABLE)
            outcomes.append("won")
        except JobError as exc:
            outcomes.append(str(exc))

    threads = [threading.Thread(target=resume) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes)[1] == "won" and "already running" in sorted(outcomes)[0]


def test_create_validates_before_recording(ledger):
    manager = JobManager(ledger=ledger)
    bad = blackjack_config(10_000, 5_000)
    bad["rules"]["surrender"] = "sometimes"
    with pytest.raises(Exception, match="rules.surrender"):
        manager.create(bad)
    assert ledger.rows() == []


def submit_cost(manager: JobManager, config: dict) -> tuple[float, int, str]:
    """Wall time [s] and peak Python memory [bytes] of recording a job and planning its run."""
    import time
    import tracemalloc

    tracemalloc.start()
    start = time.perf_counter()
    try:
        job_id = manager.create(config)
        missing = manager.missing_chunks(job_id)
        next(iter(missing))
    finally:
        elapsed = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert len(missing) == manager.ledger.get(job_id)["chunks_total"]
    return elapsed, peak, job_id


def test_the_largest_job_allowed_is_recorded_and_planned_quickly_in_little_memory(ledger):
    from jost_engine.registry import MAX_CHUNKS

    manager = JobManager(ledger=ledger)
    manager.create(blackjack_config(10_000, 5_000))  # validation warmed up: not counted
    elapsed, peak, job_id = submit_cost(manager, blackjack_config(10**12, 10**7))
    print(f"1e12 rounds in 1e7-round chunks: {elapsed:.3f} s, peak {peak / 1e6:.1f} MB")
    assert ledger.get(job_id)["chunks_total"] == MAX_CHUNKS
    assert ledger.get(job_id)["rounds_total"] == 10**12
    assert peak < 100e6
    assert elapsed < 1.0, "generous: about 0.01 s here"


@pytest.mark.parametrize("rounds", [10**9, 10**12])
def test_a_plan_of_too_many_chunks_is_refused_at_once_naming_the_field(ledger, rounds):
    manager = JobManager(ledger=ledger)
    manager.create(blackjack_config(10_000, 5_000))
    import time
    import tracemalloc

    tracemalloc.start()
    start = time.perf_counter()
    with pytest.raises(ConfigError, match=r"run\.chunk_rounds: .* rounds \(run\.rounds\) in "
                                          r"chunks of 1,000 make .* chunks; a job holds at most "
                                          r"100,000: set run\.chunk_rounds to at least") as e:
        manager.create(blackjack_config(rounds, 1_000))
    elapsed = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"{rounds:.0e} rounds in 1000-round chunks: refused in {elapsed:.3f} s, "
          f"peak {peak / 1e6:.1f} MB")
    assert e.value.field == "run.chunk_rounds"
    assert peak < 100e6 and elapsed < 5.0
    assert len(ledger.rows()) == 1, "nothing recorded"
