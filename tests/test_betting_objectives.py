"""Named objectives and feasibility (issue #23): every objective's optimum is at least as
good as the player's ramp on that objective, and an objective that cannot be met says so
with the bankroll or wong-out point that would meet it."""

from __future__ import annotations

import copy

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jost_engine import run_simulation_from_config
from jost_engine.betting import Ramp, evaluate, from_result, optimal_vs_given, optimize
from jost_engine.betting.compare import objective_value
from jost_engine.betting.feasibility import feasibility, words
from jost_engine.betting.objectives import fits
from jost_engine.errors import BettingError
from jost_engine.profiles import hydrate
from tests.test_betting_optimal import COUNTS, linear_table

BANKROLL = 300.0


def objective_of(name: str, table, ramp: Ramp, bankroll: float, target=None):
    return objective_value(name, evaluate(table, ramp, bankroll), bankroll, 1.0, target)


ramps = st.lists(st.integers(1, 12), min_size=3, max_size=3).map(
    lambda sizes: Ramp(((-99.0, float(sizes[0])), (1.0, float(sizes[1])),
                        (4.0, float(sizes[2])))))


@settings(max_examples=40, deadline=None)
@given(ramp=ramps, objective=st.sampled_from(["growth", "score", "winrate"]))
def test_every_objectives_optimum_is_at_least_the_players_ramp(ramp, objective):
    """For any ramp within the limits (even non-monotone), the optimum's objective figure is
    at least the ramp's: the player's ramp is a candidate of every objective."""
    t = linear_table()
    limits = {"spread": 12, "round_to": 1.0}
    target = 0.3
    best = optimize(t, objective, 2000.0, target_ror=target, given=ramp, **limits)
    own = objective_of(objective, t, ramp, 2000.0, target)
    assert fits(ramp, t, **limits)
    if own is not None:
        assert best.value >= own - 1e-12
        assert objective_of(objective, t, best.ramp, 2000.0, target) == pytest.approx(best.value)


def test_a_better_player_ramp_is_returned_as_yours(monkeypatch):
    """When the optimizer's search returns a ramp worse than the player's (here it is made
    to return flat 1-unit bets), every objective returns the player's ramp, source 'yours'."""
    from jost_engine.betting import objectives

    flat = Ramp(((-99.0, 1.0),))
    monkeypatch.setattr(objectives, "kelly_ramp", lambda *a, **k: flat)
    monkeypatch.setattr(objectives, "max_score", lambda *a, **k: flat)
    monkeypatch.setattr(objectives, "optimize_for_ror", lambda *a, **k: (flat, 0.5))
    t = linear_table()
    own = Ramp(((-99.0, 1.0), (1.0, 4.0), (3.0, 8.0)))
    for objective in ("growth", "score", "winrate"):
        best = optimize(t, objective, 2000.0, target_ror=0.5, given=own, spread=8)
        assert (best.source, best.ramp) == ("yours", own), objective
        assert best.value == pytest.approx(objective_of(objective, t, own, 2000.0, 0.5))
    outside = Ramp(((-99.0, 1.0), (1.0, 16.0)))  # spread 16 > 8: not a candidate
    assert optimize(t, "score", given=outside, spread=8).source == "optimizer"


def test_unknown_objective_and_missing_inputs_name_their_field():
    t = linear_table()
    for kwargs, field in (({"objective": "money"}, "objective"),
                          ({"objective": "growth"}, "bankroll"),
                          ({"objective": "winrate", "bankroll": 100.0}, "ror")):
        with pytest.raises(BettingError) as err:
            optimize(t, spread=8, **kwargs)
        assert err.value.field == field


def test_growth_is_infeasible_on_a_losing_ramp_and_a_bankroll_or_wong_out_fixes_it():
    """A table losing at low counts, a small bankroll: no ramp grows; the least bankroll
    found does, and so does wonging out at the point found."""
    t = linear_table()
    feas = feasibility(t, "growth", 20.0, spread=12, round_to=1.0)
    assert not feas["feasible"]
    assert feas["bankroll"] > 20.0
    assert optimize(t, "growth", feas["bankroll"] * 1.001, spread=12).value > 0
    assert optimize(t, "growth", feas["bankroll"] * 0.99, spread=12).value <= 0
    assert feas["wong_out"] is not None
    wonged = optimize(t, "growth", 20.0, spread=12, wong_out=feas["wong_out"])
    assert wonged.value > 0
    text = words(feas, unit=25, spread=12)
    assert text.startswith("No ramp at 1-12 grows a bankroll of 20 units ($500)")
    assert "bankroll of at least" in text and "leaving the table at true count" in text


def test_an_unreachable_risk_target_gives_the_bankroll_that_reaches_it():
    t = linear_table()
    feas = feasibility(t, "winrate", 30.0, 0.02, spread=8)
    assert not feas["feasible"] and feas["bankroll"] > 30
    best = optimize(t, "winrate", feas["bankroll"] * 1.001, target_ror=0.02, spread=8)
    assert evaluate(t, best.ramp, feas["bankroll"] * 1.001)["ror"] <= 0.02


@pytest.fixture(scope="module")
def issue_case():
    """8D H17 LS, Hi-Lo I18 + Fab 4, the spread-1-12 ramp: a flat-bet table of 2 M rounds."""
    rules = copy.deepcopy(hydrate({"rules": "vegas-strip-8d-h17", "run": {"rounds": 1}})["rules"])
    rules["surrender"] = "late"
    config = hydrate({"rules": rules, "strategy": "hi-lo-i18-fab4", "betting": "spread-1-12",
                      "run": {"rounds": 2_000_000, "seed": 3, "chunk_rounds": 1_000_000}})
    flat = {**config, "betting": {**config["betting"], "ramp": [[-99, 1]],
                                  "min_units": 1, "max_units": None}}
    return from_result(run_simulation_from_config(flat)), Ramp.from_betting(config["betting"])


def test_issue_case_says_300_units_cannot_grow_at_1_12_and_what_can(issue_case):
    """The issue's case: 300 units, spread 12, Kelly 1. The comparison says first that the
    bankroll cannot grow and gives a bankroll and a wong-out that can; every objective's
    optimum is at least as good as the player's 1-12 ramp on that objective."""
    table, mine = issue_case
    out = optimal_vs_given(table, mine, BANKROLL, spread=12, unit=25)
    feas = out["feasibility"]
    assert not feas["feasible"] and out["optimal"]["objective_value"] < 0
    assert feas["words"].startswith("No ramp at 1-12 grows a bankroll of 300 units ($7,500)")
    assert feas["bankroll"] is not None or feas["wong_out"] is not None
    if feas["bankroll"] is not None:
        assert optimize(table, "growth", feas["bankroll"] * 1.001, spread=12).value > 0
    for objective, target in (("growth", None), ("score", None), ("winrate", 0.7)):
        cmp = optimal_vs_given(table, mine, BANKROLL, spread=12, objective=objective,
                               target_ror=target)
        own = cmp["given"]["objective_value"]
        if own is not None:
            assert cmp["optimal"]["objective_value"] >= own - 1e-12, objective
        assert cmp["objective"]["name"] == objective


def test_min_bankroll_is_the_bankroll_of_the_target_risk():
    from jost_engine.betting import min_bankroll

    t = linear_table()
    ramp = Ramp(((-99.0, 1.0), (2.0, 4.0), (4.0, 8.0)), wong_in=1, wong_out=0)
    bank = min_bankroll(t, ramp, 0.05)
    assert evaluate(t, ramp, bank)["ror"] == pytest.approx(0.05, abs=1e-9)
    assert np.all(COUNTS == t.true_count)
