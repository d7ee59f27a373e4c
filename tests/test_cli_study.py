"""``jost study ...`` and ``jost studies``, each run as its own process, on a real cluster."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time

import pytest
from jobs_helpers import blackjack_config, held_after, release, run_jost

from jost_engine.cli import main
from jost_engine.jobs import Ledger

pytest_plugins = ["jobs_fixtures"]

RAMPS = [[[-99, 1], [2, 4], [4, 8]], [[-99, 1], [2, 6], [4, 12]], [[-99, 1], [2, 8], [4, 16]]]


def jost(*args: str, workspace, timeout: float = 300, ok: bool = True
         ) -> subprocess.CompletedProcess:
    """``jost ARGS`` in its own process (:func:`jobs_helpers.run_jost`)."""
    return run_jost(*args, workspace=workspace, timeout=timeout, ok=ok)


def grid_spec(rounds: int, chunk_rounds: int) -> dict:
    """A 3 x 3 grid, penetration x spread, Hi-Lo over an explicit chart."""
    base = blackjack_config(rounds, chunk_rounds)
    base["strategy"]["count"] = {"system": "hi-lo"}
    base["betting"] = {"ramp": RAMPS[0]}
    return {"label": "pen x spread", "base": base,
            "grid": {"rules.penetration": [0.65, 0.75, 0.85], "betting.ramp": RAMPS}}


def stable(rows: list[dict]) -> list[dict]:
    """The rows without what differs from one run of a study to the next (job ids)."""
    return [{k: v for k, v in r.items() if k != "job"} for r in rows]


def test_study_run_of_a_3x3_grid_prints_the_table_and_json(cluster, workspace):
    """`jost study run SPEC` prints 10 rows (base first); --json gives {"study", "rows"}."""
    spec = workspace / "grid.json"
    spec.write_text(json.dumps(grid_spec(4000, 1000)))
    address = cluster.scheduler.address
    out = jost("study", "run", str(spec), "--scheduler", address, "--no-exact",
               workspace=workspace)
    lines = out.stdout.splitlines()
    assert lines[0].startswith("study s") and "pen x spread" in lines[0]
    assert "penetration" in lines[1] and "vs base (paired)" in lines[1]
    assert "65 %" in lines[3], "varied values are written for people"
    assert len(lines) == 2 + 10 + 1 and lines[2].split()[0] == "base"
    assert lines[-1] == "(± is one standard error)"
    study_id = lines[0].split()[1].rstrip(":")
    data = json.loads(jost("study", "result", study_id, "--json", "--no-exact",
                           workspace=workspace).stdout)
    assert data["study"] == study_id and len(data["rows"]) == 10
    first = data["rows"][1]
    assert (first["rules.penetration"], first["betting.ramp"]) == (0.65, "1-8")
    assert {"label", "state", "rounds", "advantage", "se_advantage", "paired_diff_advantage",
            "paired_se_diff_advantage", "exact_ev_td", "exact_ev_cd"} <= set(first)
    assert all(r["state"] == "COMPLETE" and r["rounds"] == 4000 for r in data["rows"])
    csv = jost("study", "result", study_id, "--csv", "--no-exact", workspace=workspace).stdout
    assert csv.splitlines()[0].startswith("rules.penetration,betting.ramp,variant")
    listing = jost("studies", workspace=workspace).stdout
    assert study_id in listing and "COMPLETE" in listing and "10/" in listing


def test_study_submit_kill_9_of_its_runner_then_resume_gives_the_identical_table(
        cluster, workspace):
    """A study whose runner is killed with chunks 0-1 of each of its 10 variants saved and
    the rest not started (held, at any machine speed: jost_engine/jobs/hold.py) is
    INTERRUPTED with exactly those; resumed, it runs the missing chunks, and its table
    equals a clean run's."""
    spec = json.dumps(grid_spec(600_000, 100_000))  # 10 variants x 6 chunks
    address = cluster.scheduler.address
    clean = jost("study", "run", spec, "--scheduler", address, "--json", "--no-exact",
                 workspace=workspace / "clean")
    ledger = Ledger(workspace / "jobs.sqlite")
    with held_after(workspace, 2) as hold:  # the runner of `jost study submit` inherits it
        study_id = jost("study", "submit", spec, "--scheduler", address,
                        workspace=workspace).stdout.strip()
        deadline = time.monotonic() + 120
        while sum(r["chunks_done"] for r in ledger.study_jobs(study_id)) < 20:
            assert time.monotonic() < deadline, "timed out"
            time.sleep(0.05)
        rows = ledger.study_jobs(study_id)
        os.kill(rows[0]["owner_pid"], signal.SIGKILL)
        status = jost("study", "status", study_id, "--json", workspace=workspace).stdout
        assert json.loads(status)["progress"]["state"] == "INTERRUPTED"
        release(hold)  # the held chunks of the killed runner run; nobody saves them
        assert [r["chunks_done"] for r in ledger.study_jobs(study_id)] == [2] * 10
    out = jost("study", "resume", study_id, "--scheduler", address, workspace=workspace)
    assert f"resuming {study_id}" in out.stdout
    deadline = time.monotonic() + 240
    while json.loads(jost("study", "status", study_id, "--json", workspace=workspace).stdout
                     )["progress"]["state"] != "COMPLETE":
        assert time.monotonic() < deadline
        time.sleep(0.5)
    resumed = json.loads(jost("study", "result", study_id, "--json", "--no-exact",
                              workspace=workspace).stdout)
    assert stable(resumed["rows"]) == stable(json.loads(clean.stdout)["rows"])


def test_a_study_spec_saved_as_a_profile_runs_by_name(cluster, workspace, capsys):
    """`jost profiles save studies NAME FILE`, then `jost study run NAME`."""
    spec = {"label": "two pens", "base": blackjack_config(2000, 1000),
            "grid": {"rules.penetration": [0.6, 0.7]}}
    path = workspace / "s.json"
    path.write_text(json.dumps(spec))
    assert main(["profiles", "save", "studies", "two-pens", str(path)]) == 0
    capsys.readouterr()
    assert main(["study", "run", "two-pens", "--scheduler", cluster.scheduler.address,
                 "--json", "--no-exact"]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert [r["rules.penetration"] for r in rows] == [0.75, 0.6, 0.7]


@pytest.mark.parametrize("spec, message", [
    ({"base": {"rules": {"decks": 6}, "run": {"rounds": 1000}},
      "variants": {"eight": {"rules.decks": 9}}},
     "jost: variant 'eight': rules.decks: must be between 1 and 8, got 9"),
    ({"base": {"rules": {"decks": 6}, "run": {"rounds": 1000}}, "grid": {"rules": []}},
     "jost: study grid.rules: list should have at least 1 item"),
    ({"label": "x"}, "jost: study base: required field is missing"),
])
def test_a_bad_study_is_one_line_exit_2_and_nothing_is_recorded(workspace, capsys, spec,
                                                                message):
    """Every variant is validated before anything is recorded or sent."""
    assert main(["study", "submit", json.dumps(spec)]) == 2
    err = capsys.readouterr().err
    assert err.strip().startswith(message[:40]) and err.count("\n") == 1, err
    assert Ledger(workspace / "jobs.sqlite").studies() == []


def test_jost_schema_study_prints_the_spec_schema(capsys):
    """`jost schema study` is the spec's JSON Schema; `jost schema` still the config's."""
    assert main(["schema", "study"]) == 0
    assert "variants" in json.loads(capsys.readouterr().out)["properties"]
    assert main(["schema"]) == 0
    assert "rules" in json.loads(capsys.readouterr().out)["properties"]
