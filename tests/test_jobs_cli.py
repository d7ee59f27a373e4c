"""The job commands of ``jost``, each run as its own process, as a user would."""

from __future__ import annotations

import json
import subprocess
import time

import pytest
from distributed import Client
from jobs_helpers import blackjack_config, executing, held_after, run_jost, running_chunks

from jost_engine.cli import main
from jost_engine.jobs import Ledger
from jost_engine.jobs.cluster import STATE_NAME
from jost_engine.jobs.owner import Owner
from jost_engine.result import TIMING_FIELDS

pytest_plugins = ["jobs_fixtures"]


def jost(*args: str, workspace, timeout: float = 240, ok: bool = True
         ) -> subprocess.CompletedProcess:
    """``jost ARGS`` in its own process (:func:`jobs_helpers.run_jost`)."""
    return run_jost(*args, workspace=workspace, timeout=timeout, ok=ok)


def write(workspace, name: str, config: dict) -> str:
    path = workspace / name
    path.write_text(json.dumps(config), encoding="utf-8")
    return str(path)


def figures(text: str) -> dict:
    summary = json.loads(text)["summary"]
    return {k: v for k, v in summary.items() if k not in TIMING_FIELDS}


def wait_for(predicate, timeout: float = 120.0) -> None:
    """Poll until ``predicate()`` is true."""
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def runner_of(ledger: Ledger, job_id: str) -> Owner:
    """The process that drives a job now (its runner)."""
    row = ledger.get(job_id)
    return Owner(row["owner_host"], row["owner_pid"], row["owner_started"])


@pytest.mark.cluster
def test_run_on_a_local_cluster_matches_in_process(workspace):
    config = write(workspace, "c.json", blackjack_config(2_000_000, 250_000, seed=3))
    dask = jost("run", config, "--workers", "2", "--json", "--project", "cli",
                workspace=workspace)
    assert "dashboard: http://127.0.0.1:" in dask.stderr
    local = jost("run", config, "--in-process", "--json", workspace=workspace)
    assert figures(dask.stdout) == figures(local.stdout)
    listing = jost("jobs", "--project", "cli", workspace=workspace).stdout.splitlines()
    assert len(listing) == 2 and "COMPLETE" in listing[1] and "8/8" in listing[1]


@pytest.mark.cluster
def test_cluster_submit_follow_cancel_resume_from_other_shells(workspace, reference):
    up = jost("cluster", "up", "--workers", "2", "--dashboard-port", "0", workspace=workspace)
    state = json.loads((workspace / "cluster" / STATE_NAME).read_text())
    try:
        assert state["address"] in up.stdout and "dashboard: http://127.0.0.1:" in up.stdout
        assert "2 workers" in jost("cluster", "status", workspace=workspace).stdout

        small = blackjack_config(1_000_000, 250_000, seed=4)
        first = jost("submit", write(workspace, "small.json", small), "--project", "p",
                     "--tag", "t1", workspace=workspace).stdout.strip()
        shown = jost("status", first, workspace=workspace).stdout
        assert first in shown and '"project": "p"' in shown
        result = jost("result", first, "--wait", "--json", workspace=workspace)
        shown = jost("status", first, workspace=workspace).stdout
        assert "COMPLETE 4/4 chunks" in shown and state["address"] in shown
        assert figures(result.stdout) == reference(small).figures()
        assert "advantage" in jost("result", first[:6], workspace=workspace).stdout

        # 12 chunks, held after 2 and then after 4 (jost_engine/jobs/hold.py; the runners
        # inherit it), so it is running at each cancel below at any machine speed
        big = write(workspace, "big.json", blackjack_config(6_000_000, 500_000))
        ledger = Ledger(workspace / "jobs.sqlite")
        with held_after(workspace, 2), Client(state["address"], set_as_default=False) as client:
            second = jost("submit", big, workspace=workspace).stdout.strip()
            prefix = f"jost-{second}-1-"
            # chunks 0-1 saved; one task a worker thread in flight, held
            wait_for(lambda: ledger.get(second)["chunks_done"] >= 2 and len(
                [k for keys in client.run(executing).values() for k in keys
                 if k.startswith(prefix)]) == 2)
            in_flight = running_chunks(client, prefix)
            runner = runner_of(ledger, second)
            jost("cancel", second, workspace=workspace)
            assert ledger.get(second)["state"] == "CANCELLED"
        # released: the chunks in flight at a cancel from another process may run and be
        # saved (jobs/manager.py: JobManager.cancel); none starts after them
        wait_for(lambda: not runner.alive(None, time.time()))  # its driver has ended
        saved = ledger.done_indices(second)
        assert {0, 1} <= saved <= {0, 1} | in_flight, "nothing starts after a cancel"
        assert "only INTERRUPTED" in jost("resume", first, workspace=workspace, ok=False).stderr

        with held_after(workspace, max(saved) + 3):
            jost("resume", second, workspace=workspace)
            wait_for(lambda: ledger.get(second)["runs"] == 2
                     and ledger.get(second)["chunks_done"] > len(saved))
            jost("cancel", second, workspace=workspace)
        listing = jost("jobs", workspace=workspace).stdout
        assert first in listing and second in listing and "CANCELLED" in listing
        jost("delete", second, workspace=workspace)
        assert second not in jost("jobs", workspace=workspace).stdout
    finally:
        jost("cluster", "down", workspace=workspace)
    assert jost("cluster", "status", workspace=workspace, ok=False).returncode == 1
    for proc in state["processes"]:
        assert not Owner(proc["host"], proc["pid"], proc["started"]).alive(None, time.time())


@pytest.mark.parametrize("args, message", [
    (["status", "nosuchjob"], "jost: no job 'nosuchjob'"),
    (["result", "nosuchjob"], "jost: no job 'nosuchjob'"),
    (["cancel", "nosuchjob"], "jost: no job 'nosuchjob'"),
    (["run", "x.json", "--workers", "2", "--in-process"], "not allowed with argument"),
    (["jobs", "--state", "sleeping"], "jost: --state: must be one of PENDING"),
    (["cluster", "up", "--workers", "0"], "jost: argument --workers: must be at least 1"),
])
def test_bad_input_is_one_line_and_exit_2(workspace, capsys, args, message):
    try:
        code = main(args)
    except SystemExit as exc:  # argparse's own errors
        code = exc.code
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("jost: ") and message in err
    assert len(err.strip().splitlines()) == 1


def test_a_bad_config_is_refused_before_anything_is_recorded(workspace):
    bad = blackjack_config(1_000_000, 100_000)
    bad["rules"]["decks"] = 0
    out = jost("submit", write(workspace, "bad.json", bad), workspace=workspace, ok=False)
    assert out.returncode == 2 and out.stderr.startswith("jost: rules.decks")
    assert len(out.stderr.strip().splitlines()) == 1
    assert Ledger(workspace / "jobs.sqlite").rows() == []
    assert jost("jobs", workspace=workspace).stdout.strip() == "no jobs"
