"""The Jobs tab's owners: who made each job, and the mine / shared / project filters.

On the SQLite ledger (one user) the table has no owner column and says it has one user;
``jost jobs --mine`` lists every job and ``--shared`` none. On a team ledger (a real
PostgreSQL server, alice and bob two database roles) bob's table shows each job's owner,
filters his own and others' shared jobs, and offers on alice's jobs only what her share
allows; what the database refuses is shown as a message, not raised.
"""

from __future__ import annotations

import re

import pytest

from jost_engine.jobs import INTERRUPTED, JobManager, Ledger
from jost_engine.jobs.owner import Owner
from jost_widgets import JobHistory

pytest_plugins = ["postgres_fixtures"]


def interrupted_job(ledger: Ledger, label: str, project: str | None = None) -> str:
    """A job of one chunk, stopped before it ran (resumable, deletable by its owner)."""
    meta = {"project": project} if project else {}
    job = ledger.create({"run": {"rounds": 1000}}, "blackjack", label, meta, 1, 1000,
                        Owner.of())
    assert ledger.finish(job, INTERRUPTED, "stopped")
    return job


def header(history: JobHistory) -> list[str]:
    """The column titles of the table (its bold cells), checked to be as many as the grid's
    column widths (each a whole ``minmax(MIN, MAX)``)."""
    titles = [cell.value for cell in history.grid.children
              if getattr(cell, "value", "").startswith("<b>")]
    widths = re.findall(r"minmax\([^()]+\)", history.grid.layout.grid_template_columns)
    assert " ".join(widths) == history.grid.layout.grid_template_columns
    assert len(widths) == len(titles)
    return titles


def test_sqlite_jobs_tab_has_no_owner_column_and_says_it_has_one_user(tmp_path, monkeypatch,
                                                                       capsys):
    """The one-user ledger: six columns (no owner), no whose filter, a line saying every job
    is yours; ``jost jobs --mine`` lists the job, ``--shared`` none, each with that note."""
    from jost_engine.cli import main

    monkeypatch.setenv("JOST_WORKSPACE", str(tmp_path))
    manager = JobManager(ledger=tmp_path / "jobs.sqlite")
    job = interrupted_job(manager.ledger, "solo", "p1")
    history = JobHistory(manager)
    assert not history.team
    assert header(history) == ["<b>job</b>", "<b>state</b>", "<b>advantage ± SE</b>", "<b></b>",
                               "<b>rounds</b>", "<b>started · took</b>"]
    assert len(history.grid.children) == 2 * 6
    bar = history.children[0].children
    assert history.users_note in bar and history.whose_filter not in bar
    assert "one user" in history.users_note.value
    buttons = history.rows[job].buttons
    assert not buttons["resume"].disabled and not buttons["delete"].disabled
    assert main(["jobs", "--mine"]) == 0
    out = capsys.readouterr()
    assert job in out.out and "OWNER" not in out.out and "has one user" in out.err
    assert main(["jobs", "--shared"]) == 0
    assert capsys.readouterr().out.strip() == "no jobs"
    assert list(manager.jobs(whose="mine").index) == [job]
    assert manager.jobs(whose="shared").empty
    manager.ledger.close()


@pytest.fixture
def team(postgres_server, postgres_db):
    """alice's and bob's ledgers on one fresh database; alice has a job in p1 (shared with
    bob for reading), one in p2 (for writing) and one in p3 (not shared); bob has his own."""
    alice = Ledger(postgres_server.url("alice", postgres_db))
    bob = Ledger(postgres_server.url("bob", postgres_db))
    jobs = {name: interrupted_job(alice, f"alice {name}", name) for name in ("p1", "p2", "p3")}
    jobs["bob"] = interrupted_job(bob, "bob's own", "p1")
    alice.share("p1", "bob", "read")
    alice.share("p2", "bob", "write")
    yield alice, bob, jobs
    alice.close()
    bob.close()


@pytest.mark.postgres
def test_team_jobs_tab_shows_owners_filters_mine_shared_project_and_offers_what_shares_allow(
        team):
    """bob's Jobs tab: an owner column (alice's jobs marked with their share, his "you"),
    not alice's unshared job; whose = mine / shared and project = p1 filter as ``jost jobs
    --mine / --shared / --project`` do; on the read-shared job no cancel, resume or delete,
    on the write-shared one resume but no delete; a delete forced through ``act`` is refused
    by the database and shown as one message; an unshare takes alice's p1 job away."""
    alice, bob, jobs = team
    history = JobHistory(JobManager(ledger=bob))
    assert history.team and history.me == "bob"
    assert header(history)[:3] == ["<b>job</b>", "<b>owner</b>", "<b>state</b>"]
    assert set(history.rows) == {jobs["p1"], jobs["p2"], jobs["bob"]}
    assert len(history.grid.children) == 7 * 4
    owner = {key: history.rows[jobs[key]].cells["owner"].value for key in ("p1", "p2", "bob")}
    assert owner["p1"].startswith("alice") and "shared: read" in owner["p1"]
    assert owner["p2"].startswith("alice") and "shared: write" in owner["p2"]
    assert owner["bob"].startswith("bob") and "you" in owner["bob"]
    bar = history.children[0].children
    assert history.whose_filter in bar and history.users_note not in bar

    history.whose_filter.value = "mine"
    assert list(history.rows) == [jobs["bob"]]
    history.whose_filter.value = "shared"
    assert set(history.rows) == {jobs["p1"], jobs["p2"]}
    history.project_filter.value = "p1"
    assert list(history.rows) == [jobs["p1"]]
    history.whose_filter.value = "(all)"
    assert set(history.rows) == {jobs["p1"], jobs["bob"]}
    history.project_filter.value = ""

    def offered(key: str) -> set[str]:
        buttons = history.rows[jobs[key]].buttons
        return {name for name in ("cancel", "resume", "delete") if not buttons[name].disabled}

    assert offered("p1") == set()
    assert "only its owner may change it" in history.rows[jobs["p1"]].buttons["resume"].tooltip
    assert offered("p2") == {"resume"}
    assert offered("bob") == {"resume", "delete"}
    assert history.act("delete", jobs["p2"]) is None
    assert "only its owner may delete it" in history.message.value
    assert alice.get(jobs["p2"])["state"] == INTERRUPTED

    alice.unshare("p1", "bob")
    history.refresh()
    assert set(history.rows) == {jobs["p2"], jobs["bob"]}
