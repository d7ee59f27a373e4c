"""``jost optimize``: flags become one library call; bad flags exit 2 naming the flag.

Most tests run :func:`jost_engine.cli.main` in this process with the simulation
replaced by a recorder that returns one real flat-bet result (as
tests/test_cli_commands.py does); one runs the real ``jost`` command.
"""

from __future__ import annotations

import json
import subprocess

import pytest
from jobs_helpers import jost_command, python_env

import jost_engine.betting
import jost_engine.jobs
import jost_engine.simulation
from jost_engine import run_simulation_from_config
from jost_engine.betting import Ramp, flat_config
from jost_engine.cli import main
from jost_engine.config import validate_config
from jost_engine.jobs.ledger import LEDGER_NAME
from jost_engine.profiles import ProfileStore, hydrate
from jost_engine.result import SimulationResult

CONFIG = {"rules": "vegas-strip-6d-s17", "strategy": "hi-lo-i18-fab4",
          "betting": "spread-1-12",
          "run": {"rounds": 400_000, "seed": 3, "chunk_rounds": 200_000}}
FLAGS = ["--bankroll", "10000", "--unit", "25", "--spread", "12"]


@pytest.fixture(autouse=True)
def workspace(tmp_path, monkeypatch):
    monkeypatch.setenv("JOST_WORKSPACE", str(tmp_path))
    monkeypatch.delenv("JOST_SCHEDULER", raising=False)
    return tmp_path


@pytest.fixture(scope="module")
def flat_result():
    """One real flat-bet Hi-Lo run of the strip game (400,000 rounds)."""
    return run_simulation_from_config(flat_config(hydrate(CONFIG)))


def record_runs(monkeypatch, result) -> list:
    """Replace the simulation by a recorder whose every run returns ``result``'s tally; the
    list of the configs it was given."""
    calls = []

    def fake_run(config, progress=None, charts=None):
        calls.append(config)
        return SimulationResult(config, result.tally, {})

    monkeypatch.setattr(jost_engine.simulation, "run_simulation_from_config", fake_run)
    return calls


@pytest.fixture
def runs(monkeypatch, flat_result):
    """Record the configs ``jost optimize`` runs; each returns the real flat tally."""
    return record_runs(monkeypatch, flat_result)


def exit_code(argv: list[str]) -> int:
    try:
        return main(argv)
    except SystemExit as exc:
        return exc.code


def one_line(capsys) -> str:
    err = capsys.readouterr().err
    assert err.startswith("jost: ") and len(err.strip().splitlines()) == 1, err
    return err


def test_optimize_runs_the_config_flat_with_its_count_wonging_and_rounds(runs, capsys):
    """A config is run once in process: one unit at every count, the config's count and
    wonging kept, ``--rounds`` and ``--seed`` applied; then both ramps are printed."""
    config = {**CONFIG, "betting": "spread-1-16-wong-out"}
    assert exit_code(["optimize", json.dumps(config), *FLAGS, "--rounds", "1000",
                      "--seed", "9"]) == 0
    [ran] = runs
    assert ran["betting"]["ramp"] == [[-99, 1]] and ran["betting"]["wong_out"] == -1
    assert ran["strategy"]["count"] and ran["run"]["rounds"] == 1000 and ran["run"]["seed"] == 9
    out = capsys.readouterr().out
    assert "optimal ramp" in out and "your ramp" in out and "SCORE" in out
    assert "within" not in out  # the trip risk only with --hours


def test_json_has_the_documented_shape(runs, capsys):
    """``--json`` prints {optimal, given, table, objective, feasibility, why}; each ramp has
    its ramp pairs, the figures of issue #14 and the tools of #23, the table its rounds and
    seed; no NaN anywhere."""
    assert exit_code(["optimize", json.dumps(CONFIG), *FLAGS, "--json"]) == 0
    out = json.loads(capsys.readouterr().out,
                     parse_constant=lambda c: pytest.fail(f"non-JSON number {c}"))
    assert set(out) == {"optimal", "given", "table", "objective", "feasibility", "why",
                        "limits"}
    assert out["objective"]["name"] == "growth" and "feasible" in out["feasibility"]
    for side in ("optimal", "given"):
        for key in ("ramp", "ev_per_round", "sd_per_round", "win_rate_per_hour", "score",
                    "di", "n0", "ror", "avg_bet", "hands_per_hour",
                    "certainty_equivalent_per_hour", "win_rate_per_hour_money",
                    "objective_value", "tools"):
            assert key in out[side], (side, key)
        assert all(len(pair) == 2 for pair in out[side]["ramp"])
    assert out["given"]["ramp"] == [[-99.0, 1.0], [2.0, 2.0], [3.0, 4.0], [4.0, 8.0],
                                    [5.0, 12.0]]
    assert out["table"] == {"rounds": 400_000, "seed": 3}
    assert out["optimal"]["bankroll_units"] == 400 and out["optimal"]["unit"] == 25


def test_flags_become_one_library_call(runs, monkeypatch, capsys):
    """Bankroll in money over the unit, spread, Kelly fraction, chip step and wong-out
    reach ``optimal_vs_given`` as they were given."""
    calls = []

    def fake(table, given, bankroll, **kwargs):
        calls.append((table, given, bankroll, kwargs))
        return {"optimal": {}, "given": {}, "table": {"rounds": 1, "seed": 1}}

    monkeypatch.setattr(jost_engine.betting, "optimal_vs_given", fake)
    assert exit_code(["optimize", json.dumps(CONFIG), *FLAGS, "--kelly", "0.5",
                      "--round", "0.5", "--wong-out", "auto", "--hours", "40", "--json"]) == 0
    [(table, given, bankroll, kwargs)] = calls
    assert bankroll == 400 and table.rounds == 400_000
    assert given == Ramp.from_betting(hydrate(CONFIG)["betting"])
    assert kwargs == {"spread": 12.0, "kelly_fraction": 0.5, "target_ror": None,
                      "round_to": 0.5, "wong_out": "auto", "unit": 25.0, "trip_hours": 40.0}


def test_a_job_id_reads_the_jobs_result_without_running_anything(runs, monkeypatch,
                                                                  workspace, flat_result,
                                                                  capsys):
    """A job id of the ledger: its finished result gives the table and its config the
    user's ramp; no simulation runs."""
    (workspace / LEDGER_NAME).write_bytes(b"")
    job_config = {**flat_result.config, "betting": {**hydrate(CONFIG)["betting"]}}

    class FakeJob:
        id, status, progress = "0123abcd45", "COMPLETE", "done"

        def result(self):
            return SimulationResult(job_config, flat_result.tally, {})

    class FakeManager:
        def job(self, job_id):
            assert job_id == "0123abcd"
            return FakeJob()

    monkeypatch.setattr(jost_engine.jobs, "JobManager", FakeManager)
    assert exit_code(["optimize", "0123abcd", *FLAGS, "--json"]) == 0
    assert runs == []
    out = json.loads(capsys.readouterr().out)
    assert out["given"]["ramp"][-1] == [5.0, 12.0]


def test_save_stores_a_betting_profile_usable_by_name(runs, workspace, capsys):
    """``--save NAME`` writes the optimal ramp as a user betting profile that a config
    can name and that validates."""
    assert exit_code(["optimize", json.dumps(CONFIG), *FLAGS, "--save", "my-optimal",
                      "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    piece = ProfileStore(workspace).piece("betting", "my-optimal")
    assert piece["ramp"] == out["optimal"]["ramp"] and piece["unit"] == 25
    validate_config(hydrate({**CONFIG, "betting": "my-optimal"}, ProfileStore(workspace)))


@pytest.mark.parametrize("argv, flag", [
    (["--bankroll", "-5"], "--bankroll"), (["--round", "0.25"], "--round"),
    (["--wong-out", "sometimes"], "--wong-out"), (["--ror", "1.5"], "--ror"),
    (["--spread", "0.5"], "--spread"), (["--kelly", "0"], "--kelly"),
    (["--kelly", "0.5", "--ror", "0.05"], "--ror"), (["--hours", "0"], "--hours")])
def test_bad_flags_exit_2_with_one_line_naming_the_flag(argv, flag, runs, capsys):
    """Each bad flag: exit 2, one line on stderr naming it, nothing run."""
    assert exit_code(["optimize", json.dumps(CONFIG), *argv]) == 2
    assert flag in one_line(capsys)
    assert runs == []


def test_a_config_without_a_count_names_strategy_count(runs, capsys):
    """Optimal betting needs a count: exit 2 naming strategy.count, nothing run."""
    config = {**CONFIG, "strategy": "basic"}
    assert exit_code(["optimize", json.dumps(config), *FLAGS]) == 2
    assert "strategy.count" in one_line(capsys) and runs == []


def test_an_unmeetable_risk_target_says_so_first_with_the_bankroll_that_meets_it(runs,
                                                                                capsys):
    """A 0.1 % lifetime risk with 40 units cannot be met: the line after the objective says
    NOT FEASIBLE and gives the bankroll that would meet it; the table follows."""
    assert exit_code(["optimize", json.dumps(CONFIG), "--bankroll", "1000", "--unit", "25",
                      "--spread", "12", "--ror", "0.1%"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "objective winrate" in lines[0] and "at most 0.1%" in lines[0]
    assert lines[1].startswith("  NOT FEASIBLE: No ramp at 1-12 keeps the lifetime risk")
    assert "a bankroll of at least" in lines[1]


@pytest.mark.parametrize("objective, row", [
    ("growth", "certainty equivalent"), ("score", "SCORE"), ("winrate", "win rate [units/hour]")])
def test_the_first_line_names_the_objective_and_its_row_is_marked(objective, row, runs,
                                                                   capsys):
    """``--objective`` is named in the first line; exactly its row carries the mark."""
    argv = ["optimize", json.dumps(CONFIG), *FLAGS, "--objective", objective]
    if objective == "winrate":
        argv += ["--ror", "30%"]
    assert exit_code(argv) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split(": ", 1)[1].startswith(f"objective {objective}, maximum")
    [marked] = [line for line in lines if line.endswith("<- optimised")]
    assert marked.strip().startswith(row)


@pytest.mark.parametrize("text, fraction", [("5%", 0.05), ("5 %", 0.05), ("0.05", 0.05),
                                            ("0.5%", 0.005)])
def test_ror_takes_a_percentage_with_a_sign_or_a_fraction(text, fraction, runs, monkeypatch):
    calls = []
    monkeypatch.setattr(jost_engine.betting, "optimal_vs_given",
                        lambda *a, **k: calls.append(k) or {"optimal": {}, "given": {},
                                                              "table": {}})
    assert exit_code(["optimize", json.dumps(CONFIG), *FLAGS, "--ror", text, "--json"]) == 0
    assert calls[0]["target_ror"] == pytest.approx(fraction)


@pytest.mark.parametrize("text", ["5", "0", "100%", "abc", "-1%"])
def test_ror_refuses_ambiguous_or_impossible_risks(text, runs, capsys):
    """A number above 1 without % is ambiguous; 0, 100 % and words are refused: exit 2."""
    assert exit_code(["optimize", json.dumps(CONFIG), *FLAGS, "--ror", text]) == 2
    assert "--ror" in one_line(capsys) and runs == []


def test_bankroll_gives_the_risk_of_the_ramp_i_play(runs, capsys):
    """``jost bankroll``: the config's own ramp at the bankroll given (no optimization):
    lifetime risk, the bankroll for the --ror risk, goal and trip figures."""
    assert exit_code(["bankroll", json.dumps(CONFIG), "--bankroll", "1000", "--unit", "25",
                      "--ror", "5%", "--goal", "1000", "--hours", "50", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ramp"][-1] == [5.0, 12.0] and out["bankroll_units"] == 40
    tools = out["tools"]
    for key in ("bankroll_for_risk", "ruin_with_goal", "goal_first", "trip_ror",
                "ahead_after", "hours_to_n0", "hours_ahead"):
        assert key in tools
    assert tools["goal_first"] == pytest.approx(1 - tools["ruin_with_goal"])
    assert exit_code(["bankroll", json.dumps(CONFIG), "--bankroll", "1000", "--unit",
                      "25"]) == 0
    assert "bankroll and risk of your ramp" in capsys.readouterr().out.splitlines()[0]


@pytest.mark.slow  # a jost subprocess simulating
def test_real_command_prints_the_comparison_as_json(tmp_path):
    """The installed ``jost optimize`` runs a small flat-bet game and prints the JSON."""
    config = {**CONFIG, "run": {"rounds": 200_000, "seed": 5, "chunk_rounds": 200_000}}
    proc = subprocess.run([*jost_command(), "optimize", json.dumps(config), *FLAGS,
                           "--kelly", "0.5", "--wong-out", "auto", "--json"],
                          capture_output=True, text=True, timeout=300,
                          env=python_env(JOST_WORKSPACE=str(tmp_path)))
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["table"] == {"rounds": 200_000, "seed": 5}
    assert out["optimal"]["wong_in"] is not None and out["optimal"]["ror"] is not None


def test_a_wong_out_above_every_played_count_names_the_flag(runs, capsys):
    """Watching at every count the table has: exit 2 naming --wong-out."""
    assert exit_code(["optimize", json.dumps(CONFIG), *FLAGS, "--wong-out", "30"]) == 2
    assert one_line(capsys).startswith("jost: --wong-out: the table has no round")


def test_a_small_table_adds_a_note_on_stderr(capsys):
    """When the optimal win rate's SE exceeds a quarter of it, a note asks for more rounds;
    a precise one prints nothing."""
    from jost_engine.cli.betting import _warn_if_imprecise

    _warn_if_imprecise({"se_win_rate_per_hour": 0.5, "win_rate_per_hour": 1.0}, 1000)
    assert "give more --rounds" in capsys.readouterr().err
    _warn_if_imprecise({"se_win_rate_per_hour": 0.1, "win_rate_per_hour": 1.0}, 10**8)
    assert capsys.readouterr().err == ""


def test_shape_limits_reach_the_optimizer_and_costs_are_printed(runs, capsys):
    """--max-changes and --cover hold for the optimal ramp; --costs adds one line per limit
    with the win rate and objective it costs."""
    assert exit_code(["optimize", json.dumps(CONFIG), *FLAGS, "--max-changes", "2",
                      "--cover", "2", "--costs"]) == 0
    out = capsys.readouterr().out
    ramp_line = next(line for line in out.splitlines() if line.startswith("  optimal ramp"))
    assert ramp_line.count(" at ") <= 2
    for words in ("at most 2 changes of bet", "cover: no bet above x2", "a spread of 1-12"):
        assert any(line.strip().startswith(words) and "units/hour of win rate" in line
                   for line in out.splitlines()), words
