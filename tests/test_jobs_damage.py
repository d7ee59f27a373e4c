"""A damaged ledger: found on opening, never written into, repaired; a damaged row
spoils only its job. Real SQLite files damaged by truncation and by overwriting bytes."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3

import pytest
from jobs_helpers import run_jost

from jost_engine.errors import EXIT_ENVIRONMENT, LedgerDamagedError
from jost_engine.jobs import COMPLETE, INTERRUPTED, JobManager, Ledger, repair_ledger
from jost_engine.jobs.owner import Owner

pytest_plugins = ["jobs_fixtures"]

CHUNKS = 300


def partial(job: int, index: int) -> dict:
    """A chunk result of about 1.2 kB, like a blackjack tally, with a findable marker."""
    return {"marker": f"job{job}-chunk{index:04d}-", "counts": list(range(200))}


def fill(path, jobs: int = 4) -> list[str]:
    """A ledger of ``jobs`` COMPLETE jobs of :data:`CHUNKS` chunks each (about 1.6 MB)."""
    ledger = Ledger(path)
    ids = []
    for n in range(jobs):
        job_id = ledger.create({"n": n}, "toy", f"job {n}", {"project": "p"}, CHUNKS,
                               CHUNKS * 1000, Owner.of())
        run = ledger.claim(job_id, Owner.of(), ("PENDING",), CHUNKS)
        for index in range(CHUNKS):
            ledger.record_chunk(job_id, run, index, 1000, partial(n, index))
        assert ledger.finish(job_id, COMPLETE)
        ids.append(job_id)
    ledger.close()  # the last connection checkpoints the WAL into the file
    assert not os.path.exists(f"{path}-wal") or os.path.getsize(f"{path}-wal") == 0
    return ids


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def overwrite(path, marker: bytes, junk: bytes) -> None:
    data = bytearray(path.read_bytes())
    at = data.index(marker)
    data[at:at + len(junk)] = junk
    path.write_bytes(bytes(data))


def test_a_truncated_ledger_is_reported_with_path_and_remedy_and_never_written(workspace):
    path = workspace / "jobs.sqlite"
    fill(path)
    assert path.stat().st_size > 1_114_112
    os.truncate(path, 1_114_112)
    before = digest(path)
    with pytest.raises(LedgerDamagedError) as caught:
        JobManager(ledger=path).submit({"simulation_type": "toy", "run": {"rounds": 1}})
    error = caught.value
    assert error.exit_code == EXIT_ENVIRONMENT and error.path == str(path)
    assert str(path) in str(error) and "jost jobs --repair" in str(error)
    assert "\n" not in str(error)
    assert digest(path) == before, "nothing was written into the damaged file"


def test_junk_in_the_header_is_reported_on_opening(workspace):
    path = workspace / "jobs.sqlite"
    fill(path, jobs=1)
    with open(path, "r+b") as handle:
        handle.write(b"this is not SQLite at all")
    before = digest(path)
    with pytest.raises(LedgerDamagedError, match="is damaged.*file is not a database"):
        Ledger(path)
    assert digest(path) == before


def test_the_jost_command_reports_a_damaged_ledger_in_one_line(workspace):
    path = workspace / "jobs.sqlite"
    fill(path, jobs=1)
    with open(path, "r+b") as handle:
        handle.write(b"junk" * 8)
    out = run_jost("jobs", workspace=workspace, ok=False)
    assert out.returncode != 0
    assert "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
    assert "is damaged" in out.stderr and str(path) in out.stderr and "--repair" in out.stderr


def test_repair_moves_the_file_aside_and_salvages_the_readable_rows(workspace):
    path = workspace / "jobs.sqlite"
    ids = fill(path)
    os.truncate(path, 1_114_112)
    damaged = path.read_bytes()
    repaired = repair_ledger(path)
    backup = repaired.backup
    assert backup.name.startswith("jobs.sqlite.damaged-") and backup.read_bytes() == damaged
    manager = JobManager(ledger=path)  # a sound ledger again
    table = manager.jobs()
    assert set(table.index) == set(ids), "every job row was readable"
    kept = {job_id: len(manager.ledger.done_indices(job_id)) for job_id in ids}
    assert 0 < sum(kept.values()) < len(ids) * CHUNKS, "some chunk rows were lost"
    for job_id, count in kept.items():
        state = manager.job(job_id).status
        assert state == (COMPLETE if count == CHUNKS else INTERRUPTED)
        assert table.loc[job_id, "chunks_done"] == count
    assert (repaired.jobs, repaired.chunks) == (len(ids), sum(kept.values()))
    assert repaired.interrupted == sum(count < CHUNKS for count in kept.values())
    assert repair_ledger(path) is None, "a sound ledger is left alone"


def test_a_damaged_row_spoils_only_its_job(workspace):
    path = workspace / "jobs.sqlite"
    ids = fill(path, jobs=3)
    overwrite(path, b"job1-chunk0150-", b'\xff\xfe"}{')
    manager = JobManager(ledger=path)
    assert set(manager.jobs().index) == set(ids), "listing still works"
    assert len(manager.ledger.partials(ids[0])) == CHUNKS
    assert len(manager.ledger.partials(ids[2])) == CHUNKS
    with pytest.raises(LedgerDamagedError, match=f"job {ids[1]}: .*chunk 150"):
        manager.ledger.partials(ids[1])


def test_a_damaged_config_spoils_only_its_job(workspace):
    path = workspace / "jobs.sqlite"
    ledger = Ledger(path)
    good = ledger.create({"which": "good"}, "toy", "good", {}, 1, 1000, Owner.of())
    bad = ledger.create({"which": "spoilt"}, "toy", "bad", {"tag": "spoilt"}, 1, 1000,
                        Owner.of())
    ledger.close()
    with sqlite3.connect(path) as db:  # junk bytes inside the stored JSON, as damage leaves
        db.execute("UPDATE jobs SET config = CAST(? AS TEXT), meta = CAST(? AS TEXT)"
                   " WHERE id = ?", (b'{"which": \xff\xfe', b"{\xff", bad))
    ledger = Ledger(path)
    assert {row["id"] for row in ledger.rows()} == {good, bad}
    assert ledger.get(good)["config"] == {"which": "good"}
    with pytest.raises(LedgerDamagedError, match=f"job {bad}: its saved data .*its config"):
        ledger.get(bad)
    assert json.loads(json.dumps(ledger.rows()[0]["meta"])) in ({}, {"tag": "spoilt"})
