"""Simulation against exact analysis for random rule sets.

For 20 rule sets drawn at random (fixed seed), the simulator deals every
round from a fresh shoe (``reshuffle: "every_round"``) playing
``strategy.chart: "basic"``, the chart generated for the rules, and must
agree with the exact EV of that chart within 4 standard errors.
"""

import numpy as np
import pytest

from jost_engine import run_simulation_from_config
from jost_engine.exact import exact_ev

pytestmark = pytest.mark.statistical

ROUNDS = 2_500_000
N_RULE_SETS = 20


def random_rules(rng: np.random.Generator) -> dict:
    """One rule set with every exact-relevant field drawn at random."""
    return {
        "decks": int(rng.choice([1, 2, 4, 6, 8])),
        "dealer_hits_soft_17": bool(rng.integers(2)),
        "blackjack_pays": float(rng.choice([1.5, 1.2, 1.0, 2.0])),
        "double": str(rng.choice(["any", "9-11", "10-11"])),
        "double_after_split": bool(rng.integers(2)),
        "max_split_hands": int(rng.integers(1, 5)),
        "resplit_aces": bool(rng.integers(2)),
        "hit_split_aces": bool(rng.integers(2)),
        "surrender": str(rng.choice(["none", "late", "early"])),
        "hole_card": str(rng.choice(["peek", "enhc"], p=[0.7, 0.3])),
        "reshuffle": "every_round",
    }


RULE_SETS = [random_rules(np.random.default_rng([2026, i])) for i in range(N_RULE_SETS)]


@pytest.mark.slow
@pytest.mark.parametrize("index", range(N_RULE_SETS))
def test_simulation_agrees_with_exact_ev(index):
    rules = RULE_SETS[index]
    exact = exact_ev(rules)["ev_td"]  # valuing the generated chart
    config = {"rules": rules, "strategy": {"chart": "basic"},
              "run": {"rounds": ROUNDS, "seed": 100 + index, "chunk_rounds": ROUNDS}}
    summary = run_simulation_from_config(config).summary
    diff = summary["advantage"] - exact
    assert abs(diff) <= 4 * summary["se_advantage"], (rules, exact, summary["advantage"],
                                                       diff / summary["se_advantage"])


def test_the_rule_draw_covers_the_rules():
    seen = {key: {str(r[key]) for r in RULE_SETS} for key in RULE_SETS[0]}
    for key in ("dealer_hits_soft_17", "double_after_split", "resplit_aces",
                "hit_split_aces", "hole_card"):
        assert len(seen[key]) == 2, key
    assert seen["surrender"] == {"none", "late", "early"}
    assert any(r["hole_card"] == "enhc" and r["surrender"] == "late" for r in RULE_SETS)
    assert len(seen["double"]) == 3 and len(seen["blackjack_pays"]) >= 3
    assert len(seen["max_split_hands"]) >= 3 and len(seen["decks"]) >= 4
