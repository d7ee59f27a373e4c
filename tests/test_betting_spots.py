"""The growth-optimal number of spots and bet per spot (jost_engine.betting.spots)."""

from __future__ import annotations

import pytest

from jost_engine.betting.spots import (
    as_config,
    choose,
    growth_of,
    kelly_bet,
    plan_figures,
    round_cards,
    round_second_moment,
    spot_plan,
)
from jost_engine.kernel import layout as L
from jost_engine.tally import Tally

E, V, C, B = 0.02, 1.34, 0.49, 1000.0


def test_round_second_moment_is_n_m_plus_n_n_minus_1_pair_moments():
    """E[R**2] of 3 spots = 3 (v + e**2) + 6 (c + e**2)."""
    assert round_second_moment(E, V, C, 3) == pytest.approx(3 * (V + E * E) + 6 * (C + E * E))


@pytest.mark.parametrize("n", [1, 2, 3])
def test_the_kelly_bet_per_spot_maximises_the_growth_of_n_spots(n):
    """growth_of is largest at kelly_bet: a bet 1 % above or below grows less."""
    bet = kelly_bet(E, V, C, n, B)
    assert bet == pytest.approx(B * E / (V + E * E + (n - 1) * (C + E * E)))
    best = growth_of(E, V, C, n, bet, B)
    assert best > growth_of(E, V, C, n, 1.01 * bet, B)
    assert best > growth_of(E, V, C, n, 0.99 * bet, B)
    assert best == pytest.approx(B * n * E * E / (2 * (V + E * E + (n - 1) * (C + E * E))))


def test_without_limits_more_spots_grow_faster_by_the_published_ratio():
    """With c < v three spots win; two spots grow 2 m / (m + c') times one spot's growth
    (bets not rounded to the ramp's step)."""
    n, bet, g = choose(E, V, C, B, max_spots=3, min_bet=0.1, step=0)
    assert n == 3
    one = choose(E, V, C, B, max_spots=1, min_bet=0.1, step=0)[2]
    two = choose(E, V, C, B, max_spots=2, min_bet=0.1, step=0)[2]
    m, c2 = V + E * E, C + E * E
    assert two / one == pytest.approx(2 * m / (m + c2))


def test_perfectly_correlated_spots_add_nothing_so_one_spot_is_played():
    """c = v: every n grows alike; the fewest spots are chosen."""
    assert choose(E, V, V, B, max_spots=3, min_bet=0.1)[0] == 1


def test_a_table_minimum_above_the_kelly_bet_keeps_one_spot():
    """A small bankroll: the minimum bet is already too much, a second spot only adds risk."""
    n, bet, _ = choose(0.01, V, C, 100.0, max_spots=3, min_bet=1.0)
    assert (n, bet) == (1, 1.0)


def test_a_table_maximum_makes_a_second_spot_worth_it_even_at_half_kelly():
    """Kelly bet above the table maximum: the spots multiply what the maximum allows."""
    n, bet, _ = choose(E, V, C, 100_000.0, max_spots=2, kelly_fraction=0.5, max_bet=50.0)
    assert (n, bet) == (2, 50.0)


def test_no_edge_plays_one_spot_at_the_minimum():
    """At a count without an edge: one spot, the table minimum."""
    assert choose(-0.01, V, C, B, max_spots=3, min_bet=1.0)[:2] == (1, 1.0)


def test_spot_plan_reads_a_tally_and_writes_ramp_and_spots():
    """A tally with 2 spots at +0 (no edge) and +4 (edge): one spot at +0, more at +4."""
    spots = [[0] * L.N_SP for _ in range(L.N_TC)]

    def fill(tc, rounds, e, v, c):
        row = spots[tc - L.TC_MIN]
        row[L.SP_ROUNDS], row[L.SP_HANDS] = rounds, 2 * rounds
        row[L.SP_SUM] = row[L.SP_SUM + 1] = round(e * 10 * rounds)
        row[L.SP_SQ] = row[L.SP_SQ + 1] = round((v + e * e) * 100 * rounds)
        row[L.SP_CROSS] = round((c + e * e) * 100 * rounds)
    fill(0, 90_000, -0.005, 1.33, 0.49)
    fill(4, 10_000, 0.02, 1.36, 0.50)
    tally = Tally(spots=spots, chunks=[0])
    plan = spot_plan(tally, bankroll=1000.0, max_spots=2, per_card=False)
    assert [(p.true_count, p.spots) for p in plan] == [(0, 1), (4, 2)]
    assert plan[0].frequency == pytest.approx(0.9)
    assert plan[1].ev == pytest.approx(0.02) and plan[1].cov == pytest.approx(0.5)
    config = as_config(plan)
    assert config["spots"] == [[-99, 1], [4, 2]] and config["ramp"][0] == [-99, 1.0]
    figures = plan_figures(plan, 1000.0)
    assert figures["spots_per_round"] == pytest.approx(1.1)
    # per card dealt, heads-up: a second spot takes 2.78 more cards for 1.46 times the growth
    # of 5.48 cards' worth: one spot; a table maximum of 5 units makes the second spot pay
    per_card = spot_plan(tally, bankroll=1000.0, max_spots=2)
    assert [p.spots for p in per_card] == [1, 1]
    capped = spot_plan(tally, bankroll=1000.0, max_spots=2, max_bet=5.0)
    assert [p.spots for p in capped] == [1, 2]
    # rounds at +4 are fewer once a round there takes two spots' cards
    assert capped[1].frequency == pytest.approx((0.1 / round_cards(2)) / (
        0.9 / round_cards(1) + 0.1 / round_cards(2)))
