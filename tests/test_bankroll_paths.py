"""Bankroll paths: the kernel follows the first trips of each chunk hour by hour, and their
quantiles by hour agree with the normal model where ruin is rare, stay at 0 after a ruin and
at the goal once reached, merge the same in any chunk order, and cost nothing without trips."""

from __future__ import annotations

import math
import random
from statistics import NormalDist

import pytest

from jost_engine import SimulationResult, run_simulation_from_config
from jost_engine.analysis.betting_figures import bankroll_bands as bands_figure
from jost_engine.betting.risk import (
    BAND_QUANTILES,
    bankroll_bands,
    simulated_bankroll_bands,
)
from jost_engine.kernel import layout as L
from jost_engine.simulation import Chunk, result_of, run_chunk, validate
from jost_engine.tally import merge
from jost_engine.testing import play_stacked

TRIP_KEYS = {L.T_TRIPS_RUINED, L.T_TRIPS_GOAL, L.T_TRIPS_SURVIVED, L.T_TRIPS_OPEN,
             L.T_TRIP_ROUNDS, L.T_PATHS_CUT}


def _stacked(make_config, bankroll, goal=None):
    """A one-chunk stacked config: 10 rounds an hour, trips of 5 hours."""
    betting = {"bankroll_units": bankroll, "trip_hours": 5}
    if goal is not None:
        betting["trip_goal_units"] = goal
    return make_config(betting=betting, run={"rounds_per_hour": 10})


def test_ruined_path_stays_at_ruin(make_config):
    """Losing 1 unit a round from 25 units: 15 after hour 1, 5 after hour 2, then 0 for good
    (to one bin, 1/50 of the bankroll); the next trip, cut by the chunk's end, is left out."""
    # each round: our ten, the dealer's ten up, our ten, the dealer's ace: a dealer blackjack
    tally = play_stacked(_stacked(make_config, 25), ["T", "T", "T", "A"] * 30, rounds=30)
    assert tally["trips_ruined"] == 1 and tally["paths_cut"] == 1
    bands = simulated_bankroll_bands(SimulationResult({}, tally))
    width = 25 / L.PATH_BINS_PER_BANK
    assert bands["paths"] == 1 and bands["hours"] == [1.0, 2.0, 3.0, 4.0, 5.0]
    for key in ("p5", "p50", "p95"):
        for value, exact in zip(bands[key], [15, 5, 0, 0, 0]):
            assert exact <= value < exact + width


def test_path_at_goal_stays_at_goal(make_config):
    """Winning 1.5 units a round from 25 units with a goal of 10: the trip ends at +10.5 in
    its first hour and its bankroll stays at 35.5 for all five hours."""
    # each round: our ace, the dealer's ten up, our ten (a blackjack), the dealer's seven
    tally = play_stacked(_stacked(make_config, 25, goal=10), ["A", "T", "T", "7"] * 8,
                         rounds=8)
    assert tally["trips_goal"] == 1
    bands = simulated_bankroll_bands(SimulationResult({}, tally))
    width = 25 / L.PATH_BINS_PER_BANK
    assert all(35.5 - width < v <= 35.5 + width for v in bands["p50"])


@pytest.fixture(scope="module")
def flat_trips():
    """2,000 trips of 10 hours with 200 units, flat bets: ruin is a 5-SD event."""
    config = {"rules": {"decks": 6}, "strategy": {"chart": "basic"},
              "betting": {"bankroll_units": 200, "trip_hours": 10},
              "run": {"rounds": 2_000_000, "seed": 3, "chunk_rounds": 16_000,
                      "rounds_per_hour": 100}}
    return run_simulation_from_config(config)


@pytest.mark.statistical
def test_simulated_quantiles_match_normal_model(flat_trips):
    """Where ruin is rare, each simulated quantile at hours 1, 5 and 10 is within 4 standard
    errors of the sample quantile (plus one bin) of the normal model's value."""
    summary = flat_trips.summary
    simulated = simulated_bankroll_bands(flat_trips)
    assert simulated["paths"] == 125 * L.PATH_TRIPS
    normal = bankroll_bands(200, summary["win_rate_per_hour"], summary["sd_per_hour"],
                            simulated["hours"])
    width = 200 / L.PATH_BINS_PER_BANK
    for q in BAND_QUANTILES:
        key = f"p{100 * q:g}"
        density = NormalDist().pdf(NormalDist().inv_cdf(q))
        for hour in (1, 5, 10):
            se = math.sqrt(q * (1 - q) / simulated["paths"]) / density \
                * summary["sd_per_hour"] * math.sqrt(hour)
            gap = abs(simulated[key][hour - 1] - normal[key][hour - 1])
            assert gap < 4 * se + width, (key, hour, gap, se)


def test_paths_merge_the_same_in_any_order(make_config):
    """Chunk tallies merged in any order, and after a JSON round trip, give the same paths
    and bit-identical bands."""
    config = make_config(betting={"bankroll_units": 50, "trip_hours": 2},
                         run={"rounds": 20_000, "chunk_rounds": 5_000})
    tallies = [run_chunk(config, Chunk(i, 5_000)) for i in range(4)]
    forward = result_of(validate(config), tallies)
    shuffled = tallies[:]
    random.Random(1).shuffle(shuffled)
    pairwise = merge([merge(shuffled[:2]), merge(shuffled[2:])])
    assert forward.tally.paths and pairwise.paths == forward.tally.paths
    again = SimulationResult.from_dict(forward.to_dict())
    assert again.tally == forward.tally
    assert simulated_bankroll_bands(again) == simulated_bankroll_bands(forward)
    reordered = run_simulation_from_config(config, chunks=[3, 1, 0, 2])
    assert reordered.tally.paths == forward.tally.paths


def test_trips_off_no_paths_and_paths_change_nothing_else(make_config):
    """Without a bankroll no path is recorded or written; with one, every count that is not
    about trips is the same as without."""
    plain = make_config()
    off = run_simulation_from_config(plain)
    assert off.tally.paths == [] and "paths" not in off.tally.to_dict()
    assert simulated_bankroll_bands(off) is None
    on = run_simulation_from_config(make_config(betting={"bankroll_units": 40}))
    assert on.tally.paths and len(on.tally.paths) == L.PATH_HOURS_MAX
    assert on.tally.hist == off.tally.hist
    assert [v for i, v in enumerate(on.tally.scalars) if i not in TRIP_KEYS] == \
        [v for i, v in enumerate(off.tally.scalars) if i not in TRIP_KEYS]


def test_bankroll_figure_draws_both(flat_trips):
    """The figure shades the normal-model bands, draws five simulated lines and labels its
    axes with units."""
    simulated = simulated_bankroll_bands(flat_trips)
    summary = flat_trips.summary
    normal = bankroll_bands(200, summary["win_rate_per_hour"], summary["sd_per_hour"],
                            simulated["hours"])
    ax = bands_figure(normal, simulated=simulated).axes[0]
    assert len(ax.collections) == 2 and len(ax.lines) == 1 + 5 + 1
    assert ax.get_xlabel() == "hours played [h]" and ax.get_ylabel() == "bankroll [units]"
    assert ax.get_title()
