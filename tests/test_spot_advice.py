"""The spot optimiser's advice (jost_engine.betting.spot_advice): the measuring run, the words
for nothing feasible, and the figures with their uncertainty, on tallies built by hand."""

from __future__ import annotations

import pytest

from jost_engine.betting.spot_advice import advise, measuring_config, others_of
from jost_engine.errors import BettingError
from jost_engine.kernel import layout as L
from jost_engine.profiles import hydrate
from jost_engine.tally import Tally


def spot_tally(rows: dict, n: int = 2) -> Tally:
    """A tally whose spot sums give, at each true count, ``(rounds, e, v, c)`` of ``n`` spots."""
    spots = [[0] * L.N_SP for _ in range(L.N_TC)]
    for tc, (rounds, e, v, c) in rows.items():
        row = spots[tc - L.TC_MIN]
        row[L.SP_ROUNDS], row[L.SP_HANDS] = rounds, n * rounds
        for i in range(n):
            row[L.SP_SUM + i] = round(e * 10 * rounds)
            row[L.SP_SQ + i] = round((v + e * e) * 100 * rounds)
        row[L.SP_CROSS] = round((c + e * e) * 100 * rounds * n * (n - 1) // 2)
    return Tally(spots=spots, chunks=[0])


EDGE = {0: (90_000, -0.005, 1.33, 0.49), 4: (10_000, 0.02, 1.36, 0.50)}


def test_measuring_config_plays_n_spots_everywhere_flat_and_seats_them():
    """One unit a spot, N spots at every count, table.players widened from the seat; a
    seat with no room for N spots names ``spots``."""
    config = hydrate("strip-hilo-1-12")
    measured = measuring_config(config, 3)
    assert measured["betting"]["spots"] == [[-99, 3]]
    assert measured["betting"]["ramp"] == [[-99, 1]]
    assert measured["table"]["players"] >= measured["table"].get("seat", 1) + 2
    assert others_of(measured, 3) == measured["table"]["players"] - 3
    crowded = {**config, "table": {"players": 7, "seat": 6}}
    with pytest.raises(BettingError, match="^spots: 3 spots from table.seat 6"):
        measuring_config(crowded, 3)


def test_advice_names_its_objective_and_plays_more_spots_only_where_the_edge_is():
    """Objective growth with its formula and reference; one spot at +0 (no edge), two at
    +4 when the table maximum binds; the plan as betting.spots pairs."""
    out = advise(spot_tally(EDGE), 1000.0, 2, max_bet=5.0)
    assert out["objective"]["name"] == "growth"
    assert "Kelly" in out["objective"]["words"] and "b* =" in out["objective"]["formula"]
    assert "docs/betting.md" in out["objective"]["reference"]
    assert out["feasibility"] == {"feasible": True, "words": None}
    assert [(r["true_count"], r["spots"]) for r in out["rows"]] == [(0, 1), (4, 2)]
    assert out["config"]["spots"] == [[-99, 1], [4, 2]]


def test_a_half_kelly_plan_bets_half_as_much_where_no_limit_binds():
    """Kelly x0.5 halves the bet per spot at +4 (no maximum, bets above the minimum), to
    the ramp's step of 0.1 unit either way."""
    full = advise(spot_tally(EDGE), 1000.0, 2, 1.0)["rows"][1]["bet"]
    half = advise(spot_tally(EDGE), 1000.0, 2, 0.5)["rows"][1]["bet"]
    assert full > 2.0 and abs(half - full / 2) <= 0.1 + 1e-9


def test_the_ev_of_a_spot_and_the_plans_win_carry_their_standard_errors():
    """A spot's EV at +4 has the SE sqrt((v + c) / (2 rounds)); the plan's win per round the
    SE of f n b SE(e) summed in quadrature."""
    out = advise(spot_tally(EDGE), 1000.0, 2, max_bet=5.0)
    ev = out["rows"][1]["ev"]
    assert ev.se == pytest.approx(((1.36 + 0.50) / (2 * 10_000)) ** 0.5, rel=1e-3)
    win = out["figures"]["ev_per_round"]
    rows = out["rows"]
    expected = sum((r["share"] * r["spots"] * r["bet"] * r["ev"].se) ** 2 for r in rows) ** 0.5
    assert win.se == pytest.approx(expected, rel=1e-6)
    assert out["figures"]["ror"].low is not None and out["figures"]["score"].se > 0


def test_no_count_with_an_edge_is_reported_as_nothing_feasible():
    """Every count at a loss: the words say no count has an edge; one spot at the minimum."""
    loss = {0: (90_000, -0.005, 1.33, 0.49), 4: (10_000, -0.001, 1.36, 0.50)}
    out = advise(spot_tally(loss), 1000.0, 3)
    assert out["feasibility"]["feasible"] is False
    assert out["feasibility"]["words"].startswith("no true count has an edge")
    assert {(r["spots"], r["bet"]) for r in out["rows"]} == {(1, 1.0)}


def test_a_maximum_below_the_minimum_is_not_feasible_and_gives_no_plan():
    """A table maximum under one unit: the words say so and no plan is given."""
    out = advise(spot_tally(EDGE), 1000.0, 2, max_bet=0.5)
    assert out["feasibility"]["feasible"] is False and out["config"] is None
    assert "below the minimum bet" in out["feasibility"]["words"]


def test_a_run_without_two_spots_is_refused_naming_spots():
    """No covariance to plan with: a BettingError on the field ``spots``."""
    with pytest.raises(BettingError, match="^spots: the run has no round of two spots"):
        advise(spot_tally(EDGE, n=1), 1000.0, 2)
    with pytest.raises(BettingError, match="^spots: the run kept no spot sums"):
        advise(Tally(chunks=[0]), 1000.0, 2)


def test_the_plans_bets_are_the_bets_its_config_plays():
    """Every row's bet per spot is on the ramp's 0.1-unit step and is the bet ``config.ramp``
    plays at that true count (the table and the config never differ by a rounding)."""
    out = advise(spot_tally(EDGE), 1000.0, 2, 1.0)
    ramp = out["config"]["ramp"]
    for row in out["rows"]:
        assert row["bet"] == pytest.approx(round(row["bet"], 1), abs=1e-9)
        played = [units for at, units in ramp if at <= row["true_count"] or at == -99][-1]
        assert played == pytest.approx(row["bet"], abs=1e-9)
