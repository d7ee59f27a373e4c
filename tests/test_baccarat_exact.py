"""Baccarat's exact figures: combinatorics against brute force, and the published values."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins" / "jost-baccarat"))

from jost_baccarat import exact  # noqa: E402
from jost_baccarat.config import validate  # noqa: E402

TINY_SHOES = ([2, 1, 1, 1, 1, 1, 1, 1, 0, 1],  # ten cards, no 8
              [1, 0, 2, 1, 0, 1, 1, 2, 1, 1])  # ten cards, no ace or 4


def rules(**changes) -> dict:
    return validate({"rules": changes, "run": {"rounds": 1000}})["rules"]


@pytest.mark.parametrize("counts", TINY_SHOES)
def test_exact_outcome_probabilities_equal_brute_force_on_a_tiny_shoe_to_1e_12(counts):
    """Every ordered deal of six of the ten cards (151,200), played by the tableau's rules
    written out as sentences, gives the same outcome probabilities as the combinatorics."""
    combinatorics = exact.outcome_probabilities(counts)
    brute = exact.brute_force_probabilities(counts)
    assert np.abs(combinatorics - brute).max() < 1e-12
    assert combinatorics.sum() == pytest.approx(1.0, abs=1e-12)


# Wizard of Odds, "Baccarat" and "EZ Baccarat" (8 decks); Eliot Jacobson, "Card counting the
# Dragon/Fortune 7 baccarat side bet" (house edge 7.6113 %, SD 6.0849, hit 2.2534 %) and
# "Co-card counting the Dragon and Panda side bets in EZ Baccarat" (Panda 8: 10.1876 %).
PUBLISHED_8_DECKS = {"banker": 0.010579, "player": 0.012351, "tie": 0.143596,
                     "dragon7": 0.076113, "panda8": 0.101876}


def test_exact_house_edges_at_8_decks_equal_the_published_values_to_four_decimals():
    figures = exact.exact_figures(rules(decks=8))
    for bet, published in PUBLISHED_8_DECKS.items():
        assert figures[bet]["house_edge"] == pytest.approx(published, abs=5e-7), bet
    assert figures["dragon7"]["sd"] == pytest.approx(6.0849, abs=5e-5)
    assert figures["dragon7"]["win"] == pytest.approx(0.022534, abs=5e-7)
    ez = exact.exact_figures(rules(decks=8, variant="ez"))
    assert ez["banker"]["house_edge"] == pytest.approx(0.010183, abs=5e-7)  # EZ Baccarat


def test_six_decks_differ_from_eight_only_in_the_fourth_decimal_of_a_percent_for_banker():
    six, eight = (exact.exact_figures(rules(decks=d)) for d in (6, 8))
    assert six["banker"]["house_edge"] == pytest.approx(0.010558, abs=5e-7)
    assert abs(six["banker"]["house_edge"] - eight["banker"]["house_edge"]) < 5e-5
