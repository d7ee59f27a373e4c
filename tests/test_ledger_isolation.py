"""Row-level security on the PostgreSQL ledger: each user's jobs and studies are their own.

alice and bob are two database roles of a real PostgreSQL server. The database itself
(not the Python above it) must refuse every cross-user read and write: a job of alice's is
invisible to bob, who can neither read its config or chunk results, cancel it, resume it,
save a chunk into it, nor delete it; a project alice shares for reading lets bob read but
not change; shared for writing lets him cancel and resume, never delete. Each refusal is
checked on a connection of bob's own, below the ledger's methods where they could hide it.
"""

from __future__ import annotations

import pytest

from jost_engine.errors import JobError
from jost_engine.jobs import JobManager, Ledger
from jost_engine.jobs.ledger import CANCELLED, INTERRUPTED, PENDING, RESUMABLE
from jost_engine.jobs.owner import Owner

pytest_plugins = ["jobs_fixtures", "postgres_fixtures"]
pytestmark = pytest.mark.postgres


@pytest.fixture
def books(postgres_server, postgres_db):
    """alice's and bob's ledgers on one fresh database, and alice's job (project 'p1',
    one chunk saved)."""
    alice = Ledger(postgres_server.url("alice", postgres_db))
    bob = Ledger(postgres_server.url("bob", postgres_db))
    job = alice.create({"run": {"rounds": 2000}}, "blackjack", "alice's", {"project": "p1"},
                       2, 2000, Owner.of())
    run = alice.claim(job, Owner.of(), (PENDING,), 2)
    alice.record_chunk(job, run, 0, 1000, {"secret": 1})
    yield alice, bob, job
    alice.close()
    bob.close()


def sql(ledger, statement: str, args=()):
    """Run one statement on the ledger's own connection; the rows (or the count changed)."""
    with ledger._write() as db:
        cursor = db.execute(statement, args)
        return cursor.fetchall() if cursor.description else cursor.rowcount


def test_roles_are_who_they_say(books):
    alice, bob, _job = books
    assert (alice.whoami(), bob.whoami()) == ("alice", "bob")
    assert not alice.single_user


def test_bob_cannot_see_alices_job_its_config_or_its_chunks(books):
    """Listing, resolving, reading the row and reading chunks all show bob nothing."""
    _alice, bob, job = books
    assert bob.rows() == []
    with pytest.raises(JobError, match="no job"):
        bob.get(job)
    assert sql(bob, "SELECT config FROM jobs WHERE id = ?", (job,)) == []
    assert sql(bob, "SELECT partial FROM chunks WHERE job_id = ?", (job,)) == []
    assert bob.partials(job) == [] and bob.done_indices(job) == set()


def test_bob_cannot_cancel_resume_write_into_or_delete_alices_job(books):
    """Every change bob tries touches no row; alice's job is as she left it."""
    alice, bob, job = books
    assert not bob.finish(job, CANCELLED)
    assert sql(bob, "UPDATE jobs SET state = 'CANCELLED' WHERE id = ?", (job,)) == 0
    assert not bob.record_chunk(job, 1, 1, 1000, {"forged": True})
    with pytest.raises(Exception, match="row-level security|refused"):
        sql(bob, "INSERT INTO chunks (job_id, idx, run, rounds, partial) VALUES (?, 9, 1, 1,"
                 " '{}')", (job,))
    assert sql(bob, "DELETE FROM jobs WHERE id = ?", (job,)) == 0
    assert sql(bob, "DELETE FROM chunks WHERE job_id = ?", (job,)) == 0
    alice.finish(job, INTERRUPTED, "stopped")
    with pytest.raises(JobError, match="no job"):
        bob.reserve(job, Owner.of(), RESUMABLE)
    with pytest.raises(JobError, match="no job"):
        bob.claim(job, Owner.of(), RESUMABLE, 1)
    with pytest.raises(JobError, match="no job"):
        bob.delete(job)
    assert sql(bob, "UPDATE chunks SET partial = '{}' WHERE job_id = ?", (job,)) == 0
    row = alice.get(job)
    assert (row["state"], row["chunks_done"]) == (INTERRUPTED, 1)
    assert alice.partials(job) == [{"secret": 1}]


def test_bob_cannot_make_a_job_in_alices_name_or_share_her_project(books):
    """An insert with another owner and a share of someone else's project are refused."""
    _alice, bob, _job = books
    with pytest.raises(Exception, match="row-level security|refused"):
        sql(bob, "INSERT INTO jobs (id, simulation_type, label, config, state, chunks_total,"
                 " rounds_total, created_at, updated_at, owner_role) VALUES ('x', 'b', 'l',"
                 " '{}', 'PENDING', 1, 1, 0, 0, 'alice')")
    with pytest.raises(Exception, match="row-level security|refused"):
        sql(bob, "INSERT INTO project_shares (owner_role, project, member, access)"
                 " VALUES ('alice', 'p1', 'bob', 'write')")


def test_a_project_shared_for_reading_is_read_but_not_changed(books):
    """With p1 shared for reading, bob reads the job and its chunks, but cancel (refused
    with one line by the manager), resume, claim, writing a chunk, renaming and delete
    still change nothing."""
    alice, bob, job = books
    alice.share("p1", "bob", "read")
    assert [r["id"] for r in bob.rows()] == [job]
    assert bob.partials(job) == [{"secret": 1}]
    assert not bob.finish(job, CANCELLED)
    with pytest.raises(JobError, match="RUNNING and not yours to cancel"):
        JobManager(ledger=bob).cancel(job)
    assert not bob.record_chunk(job, 1, 1, 1000, {"forged": True})
    assert sql(bob, "UPDATE jobs SET label = 'bob was here' WHERE id = ?", (job,)) == 0
    alice.finish(job, INTERRUPTED, "stopped")
    with pytest.raises(JobError, match="that you may change"):
        bob.reserve(job, Owner.of(), RESUMABLE)
    with pytest.raises(JobError, match="that you may change"):
        bob.claim(job, Owner.of(), RESUMABLE, 1)
    with pytest.raises(JobError, match="only its owner may delete"):
        bob.delete(job)
    assert sql(bob, "DELETE FROM chunks WHERE job_id = ?", (job,)) == 0
    row = alice.get(job)
    assert (row["state"], row["chunks_done"], row["label"]) == (INTERRUPTED, 1, "alice's")


def test_a_project_shared_for_writing_may_be_cancelled_and_resumed_never_deleted(books):
    """With write access bob cancels and resumes alice's job; deleting it stays hers; an
    unshare takes it all back."""
    alice, bob, job = books
    alice.share("p1", "bob", "write")
    assert bob.finish(job, CANCELLED)
    bob.reserve(job, Owner.of(), RESUMABLE)
    assert alice.state(job)[0] == PENDING
    alice.finish(job, CANCELLED, from_states=(PENDING,))
    with pytest.raises(JobError, match="only its owner may delete"):
        bob.delete(job)
    alice.unshare("p1", "bob")
    assert bob.rows() == []
    alice.delete(job)
    assert alice.rows() == []


def test_studies_are_isolated_like_jobs(books):
    """alice's study and its job are invisible to bob, who can neither rename, delete nor
    forge one in her name; shared for reading he sees both, and still changes nothing."""
    alice, bob, _job = books
    study, ids = alice.create_study("alice's study", {"base": {}}, {"project": "p2"},
                                    [{"config": {}, "simulation_type": "blackjack",
                                      "label": "base", "meta": {"project": "p2"},
                                      "chunks_total": 1, "rounds_total": 1}], Owner.of())
    assert bob.studies() == []
    with pytest.raises(JobError, match="no study"):
        bob.study(study)
    assert sql(bob, "SELECT spec FROM studies WHERE id = ?", (study,)) == []
    assert sql(bob, "SELECT id FROM jobs WHERE study_id = ?", (study,)) == []
    with pytest.raises(Exception, match="row-level security|refused"):
        sql(bob, "INSERT INTO studies (id, label, spec, meta, created_at, owner_role)"
                 " VALUES ('s', 'l', '{}', '{}', 0, 'alice')")
    alice.share("p2", "bob", "read")
    assert [s["id"] for s in bob.studies()] == [study]
    assert [j["id"] for j in bob.study_jobs(study)] == ids
    for statement in ("UPDATE studies SET label = 'bob was here' WHERE id = ?",
                      "DELETE FROM studies WHERE id = ?"):
        assert sql(bob, statement, (study,)) == 0
    assert alice.study(study)["label"] == "alice's study"


def test_write_access_cannot_take_a_job_or_study_over(books):
    """With p1 shared for writing, bob still cannot make alice's job his own (and then
    delete it), nor give his own job or study away to alice: the owner never changes."""
    alice, bob, job = books
    alice.share("p1", "bob", "write")
    with pytest.raises(JobError, match="owner of a job does not change"):
        sql(bob, "UPDATE jobs SET owner_role = 'bob' WHERE id = ?", (job,))
    assert alice.get(job)["owner_role"] == "alice"
    own = bob.create({"run": {"rounds": 1000}}, "blackjack", "bob's", {}, 1, 1000, Owner.of())
    alice.share("p1", "bob", "read")
    bob.share("p1", "alice", "write")
    with pytest.raises(JobError, match="owner of a job does not change"):
        sql(bob, "UPDATE jobs SET owner_role = 'alice' WHERE id = ?", (own,))
    study, _ids = bob.create_study("bob's study", {"base": {}}, {}, [], Owner.of())
    with pytest.raises(JobError, match="owner of a study does not change"):
        sql(bob, "UPDATE studies SET owner_role = 'alice' WHERE id = ?", (study,))


def test_shares_are_changed_only_by_who_made_them(books):
    """bob, a member of alice's read share, can neither raise it to write nor remove it;
    alice's shares with others are not his to read."""
    alice, bob, _job = books
    alice.share("p1", "bob", "read")
    alice.share("p3", "jost_admin", "read")
    assert sql(bob, "UPDATE project_shares SET access = 'write'") == 0
    assert sql(bob, "DELETE FROM project_shares") == 0
    bob.unshare("p1", "bob")
    assert sql(bob, "SELECT project, access FROM project_shares") == [("p1", "read")]
    assert sorted(sql(alice, "SELECT project, member, access FROM project_shares")) == [
        ("p1", "bob", "read"), ("p3", "jost_admin", "read")]


def test_jost_ledger_setup_and_share_from_the_command_line(postgres_server, postgres_db, books,
                                                          capsys):
    """``jost ledger setup`` (the administrator, again on a set-up database: an upgrade with
    nothing to do) and ``jost ledger share P MEMBER --access read`` (alice) let bob read
    alice's project; a SQLite ledger is refused with exit 2, naming --url."""
    from jost_engine.cli import main

    _alice, bob, job = books
    assert main(["ledger", "setup", "--url", postgres_server.url("jost_admin", postgres_db)]) == 0
    assert "row-level security on" in capsys.readouterr().out
    assert main(["ledger", "share", "p1", "bob", "--url",
                 postgres_server.url("alice", postgres_db)]) == 0
    assert [r["id"] for r in bob.rows()] == [job]
    assert main(["ledger", "share", "p1", "bob", "--url", "/tmp/jobs.sqlite"]) == 2
    assert "--url: a postgresql:// URL" in capsys.readouterr().err


def test_jost_jobs_shows_owners_and_filters_mine_and_shared(books, postgres_server,
                                                           postgres_db, monkeypatch, capsys):
    """On a team ledger ``jost jobs`` has an OWNER column; ``--mine`` lists only the user's
    own jobs and ``--shared`` only others' jobs of projects shared with them."""
    from jost_engine.cli import main

    alice, _bob, alices = books
    alice.share("p1", "bob", "read")
    bobs_ledger = Ledger(postgres_server.url("bob", postgres_db))
    bobs = bobs_ledger.create({"run": {"rounds": 1000}}, "blackjack", "bob's", {}, 1, 1000,
                              Owner.of())
    bobs_ledger.close()
    monkeypatch.setenv("JOST_LEDGER", postgres_server.url("bob", postgres_db))
    assert main(["jobs"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert "OWNER" in table[0] and len(table) == 3
    assert any(line.startswith(alices) and " alice " in line for line in table)
    assert main(["jobs", "--mine"]) == 0
    mine = capsys.readouterr().out.splitlines()
    assert len(mine) == 2 and mine[1].startswith(bobs) and " bob " in mine[1]
    assert main(["jobs", "--shared"]) == 0
    shared = capsys.readouterr().out.splitlines()
    assert len(shared) == 2 and shared[1].startswith(alices)
