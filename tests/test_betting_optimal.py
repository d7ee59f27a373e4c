"""The ramp, its evaluation and the optimizer on hand-made true-count tables
(no simulation): hand-computed figures, wonging rules, and the optimizer's
constraints under hypothesis."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jost_engine.betting import (
    CountTable,
    Ramp,
    best_wong_out,
    evaluate,
    kelly_ramp,
    max_score,
    optimize_for_ror,
)
from jost_engine.betting.optimal import isotonic, kelly_bets
from jost_engine.config import validate_config
from jost_engine.errors import BettingError
from jost_engine.kernel import layout as L

COUNTS = np.arange(L.TC_MIN, L.TC_MAX + 1)


def table(ev, second=None, dealt=None, played=None, wong_in=None, wong_out=None):
    """A CountTable over the kernel's counts from per-count arrays (None: defaults)."""
    n = COUNTS.size
    ev = np.asarray(ev, float)
    second = np.full(n, 1.3) if second is None else np.asarray(second, float)
    dealt = np.full(n, 100_000) if dealt is None else np.asarray(dealt)
    played = dealt.copy() if played is None else np.asarray(played)
    moments = np.stack([ev, second, np.zeros(n), second * 3])
    moments[:, played == 0] = np.nan
    return CountTable(COUNTS, dealt.astype(np.int64), played.astype(np.int64), moments,
                      100.0, wong_in, wong_out, 1)


def linear_table(**kw):
    """EV -0.75 % at count 0, +0.5 % per count (negative up to +1, positive from +2)."""
    return table(-0.0075 + 0.005 * COUNTS, **kw)


def test_evaluate_matches_hand_computed_figures():
    """Two counts dealt equally, EV -0.01 and +0.03, E[X^2] 1.3; bets 1 and 4 units:
    EV per round 0.055, E2 = 10.85, SD = sqrt(E2 - EV^2)."""
    dealt = np.where(np.isin(COUNTS, [0, 3]), 50_000, 0)
    ev = np.where(COUNTS == 3, 0.03, -0.01)
    t = table(ev, dealt=dealt)
    ramp = Ramp(((-99.0, 1.0), (3.0, 4.0)))
    got = evaluate(t, ramp, bankroll=200)
    ev_round = 0.5 * (-0.01) + 0.5 * 4 * 0.03
    e2 = 0.5 * 1.3 + 0.5 * 16 * 1.3
    assert got["ev_per_round"] == pytest.approx(ev_round)
    assert got["sd_per_round"] == pytest.approx(math.sqrt(e2 - ev_round**2))
    assert got["avg_bet"] == pytest.approx(2.5)
    assert got["win_rate_per_hour"] == pytest.approx(100 * ev_round)
    assert got["score"] == pytest.approx(1e6 * ev_round**2 / (e2 - ev_round**2))
    assert got["ror"] == pytest.approx(math.exp(-2 * ev_round * 200 / (e2 - ev_round**2)))
    assert got["played_share"] == 1.0 and got["hands_per_hour"] == 100


def test_wonging_by_the_count_alone_plays_only_counts_at_or_above_wong_in():
    """wong_in = wong_out + 1 bets at counts >= wong_in on any table; hands per hour fall."""
    t = linear_table()
    got = evaluate(t, Ramp(((-99.0, 1.0),), wong_in=2, wong_out=1))
    assert got["played_share"] == pytest.approx((COUNTS >= 2).mean())
    assert got["ev_per_round"] == pytest.approx((-0.0075 + 0.005 * COUNTS[COUNTS >= 2]).mean())


def test_wonging_with_memory_needs_a_table_of_the_same_rule():
    """wong-out alone depends on the shoe's past: refused on a table without wonging (field
    wong_out), evaluated from the played share of a table with that rule."""
    with pytest.raises(BettingError) as err:
        evaluate(linear_table(), Ramp(((-99.0, 1.0),), wong_out=-1))
    assert err.value.field == "wong_out"
    dealt = np.full(COUNTS.size, 1000)
    played = np.where(COUNTS <= -1, 0, 400)
    t = linear_table(dealt=dealt, played=played, wong_out=-1)
    got = evaluate(t, Ramp(((-99.0, 1.0), (2.0, 3.0)), wong_out=-0.5))  # the kernel floors it to -1
    assert got["played_share"] == pytest.approx(0.4 * (COUNTS > -1).mean())
    with pytest.raises(BettingError):  # plays counts the table never played
        evaluate(t, Ramp(((-99.0, 1.0),)))


def test_from_betting_applies_min_and_max_units_as_the_kernel_does():
    """A profile's ramp is floored at min_units and capped at max_units."""
    ramp = Ramp.from_betting({"ramp": [[-99, 0.5], [2, 4], [4, 20]], "min_units": 1,
                              "max_units": 10})
    assert ramp.units([-5, 2, 3, 4, 9]).tolist() == [1, 4, 4, 10, 10]
    assert ramp.pairs() == [[-99.0, 1.0], [2.0, 4.0], [4.0, 10.0]]


def test_isotonic_pools_adjacent_violators():
    """[1, 3, 2, 4] with equal weights becomes [1, 2.5, 2.5, 4]; weight-0 entries follow
    the fitted value below them."""
    got = isotonic(np.array([1.0, 3.0, 2.0, 0.0, 4.0]), np.array([1, 1, 1, 0, 1.0]))
    assert got.tolist() == [1.0, 2.5, 2.5, 2.5, 4.0]


def test_unconstrained_optimum_is_kelly():
    """With wide limits and a fine chip step the optimal bets are k B EV / E[X^2]."""
    t = linear_table()
    ramp = kelly_ramp(t, bankroll=1000, min_bet=0.1, max_bet=1000, kelly_fraction=0.5,
                    round_to=0.1)
    expected = np.clip(kelly_bets(t, 1000, 0.5), 0.1, 1000)
    assert ramp.units(COUNTS) == pytest.approx(np.round(expected, 1), abs=0.051)


def test_kelly_uses_the_second_moment_not_the_variance():
    """At EV 0.2, E[X^2] 1.0 the Kelly bet of a 100-unit bankroll is 20 units (not
    100 * 0.2 / 0.96 = 20.8)."""
    t = table(np.full(COUNTS.size, 0.2), second=np.full(COUNTS.size, 1.0))
    assert kelly_bets(t, 100)[0] == pytest.approx(20.0)


def test_auto_wong_out_sits_out_the_negative_counts():
    """A back-counter chosen by the optimizer bets only where the edge is positive."""
    ramp = kelly_ramp(linear_table(), bankroll=1000, min_bet=1, spread=8, wong_out="auto")
    assert (ramp.wong_in, ramp.wong_out) == (2, 1)


def test_best_wong_out_maximizes_the_win_rate():
    """For a flat ramp the win rate is largest when only positive-EV counts are played."""
    best = best_wong_out(linear_table(), Ramp(((-99.0, 1.0),)))
    assert best["wong_in"] == 2 and best["figures"]["win_rate_per_hour"] > 0


def test_ror_target_is_met_and_larger_targets_win_more():
    """The ramp for a 5 % risk has at most 5 % risk; a 20 % target wins at least as much."""
    t = linear_table()
    safe, _ = optimize_for_ror(t, 2000, 0.05, spread=16)
    bold, _ = optimize_for_ror(t, 2000, 0.20, spread=16)
    fig_safe, fig_bold = evaluate(t, safe, 2000), evaluate(t, bold, 2000)
    assert fig_safe["ror"] <= 0.05 and fig_bold["ror"] <= 0.20
    assert fig_bold["win_rate_per_hour"] >= fig_safe["win_rate_per_hour"]
    with pytest.raises(BettingError) as err:
        optimize_for_ror(t, 5, 0.01, spread=2)
    assert err.value.field == "ror"


def test_max_score_is_at_least_any_ramp_in_a_grid():
    """No two-step ramp 1/x (x up to the spread, step at any count) beats max_score."""
    t = linear_table()
    best = evaluate(t, max_score(t, min_bet=1, spread=8))["score"]
    for at in range(-2, 6):
        for top in (2, 4, 8):
            assert best >= evaluate(t, Ramp(((-99.0, 1.0), (float(at), float(top)))))["score"]


@pytest.mark.parametrize("kwargs, field", [
    ({"min_bet": 0}, "min_bet"), ({"spread": 0.5}, "spread"), ({"spread": None}, "spread"),
    ({"round_to": 0.25}, "round_to"), ({"kelly_fraction": 0}, "kelly_fraction"),
    ({"bankroll": -1}, "bankroll"), ({"wong_out": "sometimes"}, "wong_out")])
def test_bad_optimizer_input_names_its_field(kwargs, field):
    """Each bad argument raises BettingError whose field names it."""
    args = {"bankroll": 100, "min_bet": 1, "spread": 8, **kwargs}
    with pytest.raises(BettingError) as err:
        kelly_ramp(linear_table(), **args)
    assert err.value.field == field


@st.composite
def tables(draw):
    n = COUNTS.size
    ev = np.array(draw(st.lists(st.floats(-0.2, 0.2), min_size=n, max_size=n)))
    extra = np.array(draw(st.lists(st.floats(0.5, 3.0), min_size=n, max_size=n)))
    dealt = np.array(draw(st.lists(st.integers(0, 10_000), min_size=n, max_size=n)))
    return table(ev, second=extra + ev**2, dealt=dealt)


@settings(max_examples=200, deadline=None)
@given(t=tables(), bankroll=st.floats(1, 1e5), min_tenths=st.integers(1, 50),
       spread=st.floats(1, 40), step_tenths=st.integers(1, 50), kelly=st.floats(0.01, 4),
       wong=st.one_of(st.none(), st.just("auto"), st.integers(-5, 5)))
def test_optimizer_constraints_always_hold(t, bankroll, min_tenths, spread, step_tenths,
                                           kelly, wong):
    """Whatever the table and limits: every bet lies between the minimum and minimum x
    spread, is the minimum, the maximum or a multiple of the chip step, never falls as
    the count rises; the wonging is the one asked for; and the ramp is a valid config."""
    if t.dealt.sum() == 0 or (t.played > 0).sum() == 0:
        return
    min_bet, step = min_tenths / 10, step_tenths / 10
    ramp = kelly_ramp(t, bankroll, min_bet, spread=spread, kelly_fraction=kelly,
                    round_to=step, wong_out=wong)
    units = ramp.units(COUNTS)
    high = math.floor(min_bet * spread * 10 + 1e-9) / 10  # the kernel bets in tenths
    assert (units >= min_bet - 1e-9).all() and (units <= high + 1e-9).all()
    on_grid = np.isclose(units / step, np.round(units / step))
    at_limit = np.isclose(units, min_bet) | np.isclose(units, high)
    assert (on_grid | at_limit).all()
    assert (np.diff(units) >= -1e-9).all()
    if isinstance(wong, int):
        assert (ramp.wong_in, ramp.wong_out) == (wong + 1, wong)
    elif wong is None:
        assert (ramp.wong_in, ramp.wong_out) == (None, None)
    validate_config({"rules": {"decks": 6}, "strategy": {"count": {"system": "hi-lo"}},
                     "betting": ramp.to_betting(), "run": {"rounds": 1000}})


def test_optimal_vs_given_adds_money_and_the_trip_risk():
    """Both sides get win rate and SD per hour in money and, with trip_hours, the trip
    risk of :func:`risk.trip` from their per-hour figures; the table's rounds and seed."""
    from jost_engine.betting import optimal_vs_given, risk

    t = linear_table()
    out = optimal_vs_given(t, Ramp(((-99.0, 1.0), (2.0, 4.0))), 300, spread=8, unit=25,
                           trip_hours=50)
    for side in ("optimal", "given"):
        f = out[side]
        assert f["win_rate_per_hour_money"] == pytest.approx(25 * f["win_rate_per_hour"])
        assert f["trip_ror"] == pytest.approx(risk.trip(f["win_rate_per_hour"],
                                                        f["sd_per_hour"], 300, 50))
    assert out["table"] == {"rounds": t.rounds, "seed": 1}
    assert out["optimal"]["spread"] == 8


def test_frontier_win_rate_grows_with_the_kelly_fraction_and_ror_rises_past_kelly():
    """Along the frontier the win rate never falls as the fraction grows, and past full
    Kelly the lifetime risk rises (over-betting buys win rate with risk)."""
    from jost_engine.betting import frontier

    rows = frontier(linear_table(), 1000, spread=16, round_to=0.1,
                    fractions=[0.25, 0.5, 1, 2, 4])
    wins = [r["win_rate_per_hour"] for r in rows]
    assert all(b >= a - 1e-12 for a, b in zip(wins, wins[1:]))
    risks = [r["ror"] for r in rows]
    assert risks[2] < risks[3] < risks[4]
    assert {"kelly_fraction", "ramp", "score", "certainty_equivalent_per_hour"} <= set(rows[0])
