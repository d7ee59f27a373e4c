"""``jost optimize --spots N``: the measuring run, the plan printed with its objective, the
JSON shape, nothing feasible in words, and bad flags in one line naming the flag.

The simulation is replaced by a recorder that returns one real run of three spots at every
count (as tests/test_cli_betting.py does with a flat run); one test runs the real command.
"""

from __future__ import annotations

import json
import subprocess

import pytest
from jobs_helpers import jost_command, python_env
from test_cli_betting import (
    exit_code,
    record_runs,
    workspace,  # noqa: F401 - autouse: a workspace of its own
)

from jost_engine import run_simulation_from_config
from jost_engine.betting.spot_advice import measuring_config
from jost_engine.profiles import hydrate
from jost_engine.result import SimulationResult

CONFIG = {"rules": "vegas-strip-6d-s17", "strategy": "hi-lo-i18-fab4", "betting": "spread-1-12",
          "run": {"rounds": 1_000_000, "seed": 5, "chunk_rounds": 500_000}}
FLAGS = ["--bankroll", "50000", "--unit", "25"]


@pytest.fixture(scope="module")
def three_spots():
    """One real run of three spots everywhere, one unit each (1,000,000 rounds)."""
    return run_simulation_from_config(measuring_config(hydrate(CONFIG), 3))


@pytest.fixture
def runs(monkeypatch, three_spots):
    """Record the configs the command runs; each returns the real three-spot tally."""
    return record_runs(monkeypatch, three_spots)


def test_spots_runs_the_config_with_n_spots_everywhere_and_prints_the_plan(runs, capsys):
    """One run: one unit a spot, ``--spots`` spots at every count, the table seating them;
    the first line names the objective (growth, Kelly), then the formula and reference,
    the plan as betting.spots and ramp, one row per count and the figures with their SEs."""
    assert exit_code(["optimize", json.dumps(CONFIG), *FLAGS, "--spots", "3", "--spread",
                      "12", "--kelly", "0.5"]) == 0
    [ran] = runs
    assert ran["betting"]["spots"] == [[-99, 3]] and ran["betting"]["ramp"] == [[-99, 1]]
    assert ran["table"]["players"] >= 3
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("objective growth, maximum growth of the log bankroll per card "
                               "dealt (Kelly) at x0.5 Kelly; 1 to 3 spots")
    assert "b* = k B e / (m + (n - 1)(c + e^2))" in lines[1] and "docs/betting.md" in lines[1]
    assert lines[2].startswith("  optimal plan  betting.spots [[-99, 1]")
    assert any(line.split()[:1] == ["+4"] for line in lines)
    win = next(line for line in lines if "win rate [units per 100 rounds]" in line)
    assert "±" in win
    assert not any("NOT FEASIBLE" in line for line in lines)


def test_json_gives_objective_feasibility_plan_and_figures_with_their_text(runs, capsys):
    """--json: the objective, feasibility, rows with a spot's EV as text, the config to play
    (spots 1..N, bets within the spread) and figures each with its formatted text."""
    assert exit_code(["optimize", json.dumps(CONFIG), *FLAGS, "--spots", "2", "--spread", "8",
                      "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["objective"]["name"] == "growth" and out["objective"]["max_spots"] == 2
    assert out["feasibility"]["feasible"] is True
    assert all(1 <= n <= 2 for _, n in out["config"]["spots"])
    assert all(1.0 <= bet <= 8.0 for _, bet in out["config"]["ramp"])
    assert all("±" in row["ev"]["text"] for row in out["rows"])
    assert {"ev_per_round", "sd_per_round", "score", "ror", "growth"} <= set(out["figures"])
    assert out["figures"]["ror"]["text"].endswith("at ± 1 SE)")
    assert out["bankroll_units"] == 2000 and out["unit"] == 25


def test_a_table_maximum_below_the_unit_says_not_feasible(runs, capsys):
    """--max-bet under the unit: NOT FEASIBLE in words and no plan (exit 0, as the ramp
    optimiser reports an objective it cannot meet)."""
    assert exit_code(["optimize", json.dumps(CONFIG), *FLAGS, "--spots", "2",
                      "--max-bet", "20"]) == 0
    out = capsys.readouterr().out
    assert "NOT FEASIBLE: the table maximum (0.8 units) is below the minimum bet" in out
    assert "optimal plan" not in out


@pytest.mark.parametrize("argv,flag", [
    (["--spots", "4"], "argument --spots: must be 1, 2 or 3"),
    (["--spots", "0"], "argument --spots: must be 1, 2 or 3"),
    (["--spots", "2", "--ror", "5%"], "--ror: not with --spots"),
    (["--spots", "2", "--objective", "score"], "--objective: with --spots the objective is "
                                               "growth"),
    (["--spots", "2", "--costs"], "--costs: not with --spots"),
    (["--spots", "2", "--save", "x"], "--save: not with --spots"),
    (["--spots", "2", "--cover", "2"], "--cover: not with --spots")])
def test_bad_flags_exit_2_with_one_line_naming_the_flag(argv, flag, runs, capsys):
    """Each bad or unsupported flag: exit 2, one line ``jost: <flag>: ...``, nothing run."""
    assert exit_code(["optimize", json.dumps(CONFIG), *FLAGS, *argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"jost: {flag}") and len(err.strip().splitlines()) == 1, err
    assert runs == []


def test_a_job_of_one_spot_is_refused_naming_spots(monkeypatch, capsys):
    """A result of one spot (no covariance): exit 2, the line names spots and what to run."""
    import jost_engine.cli.betting as cli_betting

    one = SimulationResult(hydrate(CONFIG), run_simulation_from_config(
        {**hydrate(CONFIG), "run": {"rounds": 20_000, "seed": 1}}).tally, {})
    monkeypatch.setattr(cli_betting, "_job_result", lambda spec: one)
    assert exit_code(["optimize", "abcd12", *FLAGS, "--spots", "2"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("jost: spots: the run kept no spot sums") and "[[-99, N]]" in err


def test_real_command_prints_the_plan_as_json(tmp_path):
    """The installed ``jost`` runs the measuring game itself and prints the advice."""
    config = {**CONFIG, "run": {"rounds": 20_000, "seed": 2, "chunk_rounds": 20_000}}
    proc = subprocess.run([*jost_command(), "optimize", json.dumps(config), *FLAGS,
                           "--spots", "2", "--json"], capture_output=True, text=True,
                          env=python_env(JOST_WORKSPACE=str(tmp_path)), timeout=300)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["objective"]["name"] == "growth" and out["rounds"] == 20_000
