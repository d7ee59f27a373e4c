"""Whole rounds against the exact analysis: house edges and the effects of three rules.

The engine's fidelity is checked cell by cell in ``test_cell_fidelity.py``
(every pair, soft doubles, surrender and soft-17 cells to 0.3 % of a bet);
whole-game runs resolve far less. Here:

- each reference rule set (``tests/data/house_edges.json``), dealt from a
  fresh shoe every round and played by its generated chart, has the exact EV
  of that chart within 4 SE. At 4 M rounds the SE is about 0.06 points, so
  this only catches errors above about a quarter of a point;
- the effect of H17 (two runs on common shoes) equals the exact effect within
  4 paired SE + 0.005 points, and is negative by more than 3 SE;
- the effect of late surrender, measured where it acts (the cells the chart
  surrenders, each simulated with and without the rule), equals the exact
  effect within 4 SE and is positive by more than 3 SE;
- 6:5 blackjacks, on the same cards as 3:2 (the payout changes no card),
  cost exactly what the exact analysis says, within 4 SE of the paired
  difference.
"""

import json
import math
from pathlib import Path

import pytest

from jost_engine import run_simulation_from_config
from jost_engine.analysis.paired import paired_difference
from jost_engine.cards import RANK_KEYS
from jost_engine.config import validate_config
from jost_engine.exact import ExactGame, ExactRules, exact_ev, generate_chart
from jost_engine.exact.charts import chart_arrays
from jost_engine.fidelity import reference_config
from jost_engine.prepare import prepare
from jost_engine.simulation import plan, run_chunk, validate
from jost_engine.testing import play_cell

pytestmark = pytest.mark.statistical

ROWS = json.loads((Path(__file__).parent / "data" / "house_edges.json").read_text())["rows"]
BASE = {"decks": 6, "dealer_hits_soft_17": False, "double_after_split": True,
        "max_split_hands": 4, "reshuffle": "every_round"}


def chunk_tallies(rules: dict, rounds: int, seed: int) -> list:
    """The per-chunk tallies of the generated chart's play, in 40 chunks."""
    config = validate({"rules": rules, "strategy": {"chart": "basic"},
                       "run": {"rounds": rounds, "seed": seed, "chunk_rounds": rounds // 40}})
    inputs = prepare(validate_config(config))
    return [run_chunk(config, chunk, inputs) for chunk in plan(config)]


def simulate(rules: dict, rounds: int, seed: int, chart="basic") -> dict:
    return run_simulation_from_config({"rules": rules, "strategy": {"chart": chart},
                                       "run": {"rounds": rounds, "seed": seed,
                                               "chunk_rounds": 4_000_000}}).summary


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r['decks']}D-{r['ev_percent']}")
def test_simulated_edge_is_within_4_se_of_the_exact_ev(row):
    """4 M rounds of the generated chart against the exact EV of that chart."""
    config = reference_config(row, 4_000_000, seed=11)
    exact = exact_ev(config["rules"])["ev_td"]
    summary = run_simulation_from_config(config).summary
    assert summary["rounds"] == 4_000_000
    z = (summary["advantage"] - exact) / summary["se_advantage"]
    assert abs(z) <= 4, (exact, summary["advantage"], z)


def test_h17_costs_what_the_exact_analysis_says():
    """H17 minus S17 on common shoes (4 M rounds each, same seed, 40 chunks, paired by the
    kernel's 64 sub-batches): within 4 paired SE + 0.005 points of the exact effect (-0.21
    points), and below zero by more than 3 SE."""
    h17 = {**BASE, "dealer_hits_soft_17": True}
    exact = exact_ev(h17)["ev_td"] - exact_ev(BASE)["ev_td"]
    diff, se, _, batches = paired_difference(chunk_tallies(h17, 4_000_000, seed=5),
                                             chunk_tallies(BASE, 4_000_000, seed=5))
    assert batches == 64
    assert abs(diff - exact) <= 4 * se + 0.00005, (diff, exact, se)
    assert diff < -3 * se


def test_late_surrender_gains_what_the_exact_analysis_says():
    """Late surrender's effect, summed over every cell the chart surrenders (6D H17 DAS):
    each cell simulated with and without the rule, weighted by its chance, against the
    exact effect of the same chart (+0.09 points); and above zero by more than 3 SE."""
    late = {**BASE, "dealer_hits_soft_17": True, "surrender": "late"}
    none = {**late, "surrender": "none"}
    chart = generate_chart(late)
    exact = exact_ev(late, chart)["ev_td"] - exact_ev(none, chart)["ev_td"]
    rules = ExactRules.from_rules(late)
    game, arrays = ExactGame(rules), chart_arrays(chart, True, "late")
    effect = var = 0.0
    cells = 0
    for up in range(10):
        for c1, c2, p in game.deals(up):
            if game.hand_td(up, c1, c2, arrays)[0] != "surrender":
                continue
            cells += 1
            cards, key = (RANK_KEYS[c1], RANK_KEYS[c2]), RANK_KEYS[up]
            w = game.up_probability(up) * p
            surrendered = play_cell({"rules": late, "strategy": {"chart": chart},
                                     "run": {"rounds": 1}}, cards, key, 100_000, seed=up)
            played = play_cell({"rules": none, "strategy": {"chart": chart},
                                "run": {"rounds": 1}}, cards, key, 200_000, seed=50 + up)
            effect += w * (surrendered.mean - played.mean)
            var += w * w * (surrendered.se ** 2 + played.se ** 2)
    se = math.sqrt(var)
    assert cells >= 10  # 15, 16 and 17 against 9, T, A as the chart says, and 8-8 v A
    assert abs(effect - exact) <= 4 * se, (effect, exact, se)
    assert effect > 3 * se


def test_six_to_five_costs_what_the_exact_analysis_says_on_the_same_cards():
    """Paid 6:5, the same cards (same seed, same chart) lose 0.3 bets per blackjack the
    dealer does not match: within 4 SE of the exact effect (-1.36 points)."""
    six_five = {**BASE, "blackjack_pays": 1.2}
    chart = generate_chart(BASE)
    exact = exact_ev(six_five, chart)["ev_td"] - exact_ev(BASE, chart)["ev_td"]
    rounds = 2_000_000
    a = simulate(BASE, rounds, seed=3, chart=chart)
    b = simulate(six_five, rounds, seed=3, chart=chart)
    assert a["cards_per_round"] == b["cards_per_round"]  # the same cards, round by round
    diff = b["advantage"] - a["advantage"]
    paid = -diff / 0.3  # share of rounds with a blackjack the dealer does not match
    se = 0.3 * math.sqrt(paid * (1 - paid) / rounds)
    assert abs(diff - exact) <= 4 * se, (diff, exact, se)
