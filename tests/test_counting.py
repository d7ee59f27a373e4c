"""Counting, index plays, ramps, wonging, other players and risk of ruin.

Statistical checks use fixed seeds and tolerances from the standard error.
"""

import math

import numpy as np
import pytest

from jost_engine import ConfigError, run_simulation_from_config, validate_config
from jost_engine.analysis import tables
from jost_engine.kernel.layout import HIST_WATCHED, TC_MIN
from jost_engine.kernel.rng import chunk_key
from jost_engine.prepare import prepare
from jost_engine.simulation import play

RULES = {"decks": 6, "dealer_hits_soft_17": False, "double_after_split": True,
         "surrender": "late", "penetration": 0.75}
HILO = {"count": {"system": "hi-lo"}, "insurance_at": 3}
RAMP = [[-99, 1], [2, 2], [3, 4], [4, 8], [5, 12]]


def run(rounds, seed=1, **parts):
    config = {"rules": RULES, "run": {"rounds": rounds, "seed": seed,
                                      "chunk_rounds": 2_000_000}, **parts}
    return run_simulation_from_config(config)


@pytest.fixture(scope="module")
def counter():
    return run(8_000_000, strategy={**HILO, "deviations": "illustrious18+fab4"},
               betting={"ramp": RAMP, "bankroll_units": 400})


def test_ev_rises_with_the_true_count(counter):
    table = tables.by_true_count(counter)
    table = table[(table.rounds > 100_000) & (table.true_count.between(-3, 5))]
    assert len(table) >= 7
    adv = list(table.advantage_per_hand)
    se = list(table.se_advantage)
    for (a, sa), (b, sb) in zip(zip(adv, se), zip(adv[1:], se[1:])):
        # each step up the count adds about half a point; allow 3 SE of noise
        assert b > a - 3 * math.hypot(sa, sb)
    assert adv[-1] - adv[0] > 0.03


def test_hi_lo_with_the_ramp_wins_in_the_strip_shoe(counter):
    s = counter.summary
    assert s["advantage"] > 3 * s["se_advantage"]
    assert s["avg_bet"] > 1.2
    for field in ("win_rate_per_hour", "sd_per_hour", "di", "score", "n0", "ror"):
        assert s[field] is not None and s[field] > 0
    assert s["n0"] == pytest.approx((s["sd_per_round"] / s["ev_per_round"]) ** 2)


@pytest.mark.statistical
def test_index_plays_are_played_and_cost_nothing_measurable():
    """I18 + Fab 4 change decisions on the same seed, and the advantage with them is not
    below the plain one by more than 3 SE of the difference.

    Their gain (roughly 0.1 % of the money bet here) is about one SE of the difference
    of two 6 M-round runs, whose streams part at the first deviation (not common random
    numbers), so a gain cannot be shown at this size; a wrong index play costing 0.3 %
    would be.
    """
    plain = run(6_000_000, seed=9, strategy=HILO, betting={"ramp": RAMP})
    indexed = run(6_000_000, seed=9, strategy={**HILO, "deviations": "illustrious18+fab4"},
                  betting={"ramp": RAMP})
    decisions = ("doubles", "splits", "surrenders", "insurance")
    assert [plain.tally[k] for k in decisions] != [indexed.tally[k] for k in decisions]
    diff = indexed.summary["advantage"] - plain.summary["advantage"]
    se = math.hypot(indexed.summary["se_advantage"], plain.summary["se_advantage"])
    assert diff > -3 * se


@pytest.mark.statistical
def test_wonging_out_raises_the_advantage_per_unit():
    stay = run(6_000_000, seed=4, strategy=HILO, betting={"ramp": RAMP})
    leave = run(6_000_000, seed=4, strategy=HILO, betting={"ramp": RAMP, "wong_out": -1})
    assert leave.summary["rounds_watched"] > 0
    assert leave.summary["rounds"] + leave.summary["rounds_watched"] == 6_000_000
    diff = leave.summary["advantage"] - stay.summary["advantage"]
    se = math.hypot(leave.summary["se_advantage"], stay.summary["se_advantage"])
    assert diff > 2 * se


def test_back_counting_enters_only_at_the_index():
    s = tables.by_true_count(run(3_000_000, seed=5, strategy=HILO, betting={
        "ramp": [[-99, 2], [3, 4]], "wong_in": 2, "wong_out": 0}))
    played = s[s.rounds > 0]
    assert played.true_count.min() >= 1  # entered at +2, may stay down to +1
    assert s[s.true_count <= 0].rounds.sum() == 0


def test_simulated_and_closed_form_risk_of_ruin_agree():
    """A 2:1 blackjack game has a player edge of about 2.3 %: trips of 100 units to a
    goal of 100 units, flat bets."""
    result = run_simulation_from_config({
        "rules": {"decks": 6, "blackjack_pays": 2.0, "reshuffle": "every_round"},
        "betting": {"bankroll_units": 100, "trip_goal_units": 100},
        "run": {"rounds": 8_000_000, "seed": 2}})
    s = result.summary
    assert s["trips"] > 500
    assert s["ror_simulated_low"] <= s["ror"] <= s["ror_simulated_high"]


def test_other_players_use_up_the_shoe():
    alone = run(400_000, seed=1).summary
    crowded = run_simulation_from_config({
        "rules": RULES, "table": {"players": 5, "seat": 3},
        "run": {"rounds": 400_000, "seed": 1}}).summary
    # 234 cards per shoe; one player and the dealer use about 5.4 cards a round
    assert alone["rounds_per_shoe"] == pytest.approx(234 / alone["cards_per_round"], rel=0.02)
    assert crowded["cards_per_round"] > 2.5 * alone["cards_per_round"]
    assert crowded["rounds_per_shoe"] < alone["rounds_per_shoe"] / 2.5


@pytest.mark.parametrize("system", ["hi-lo", "ko", "hi-opt-1", "hi-opt-2", "omega-2", "zen",
                                    "wong-halves"])
def test_every_count_gives_a_positive_edge_with_a_spread(system):
    """A 1-8 spread on each count beats the 6D S17 DAS LS shoe (75 %) by more than 3 SE
    (edges of 0.4 to 0.7 % of the money bet, SE about 0.09 % at 3 M rounds)."""
    ramp = [[-99, 1], [2, 4], [4, 8]] if system != "ko" else [[-99, 1], [1, 4], [3, 8]]
    result = run(3_000_000, seed=3, strategy={"count": {"system": system}},
                 betting={"ramp": ramp})
    s = result.summary
    assert tables.by_true_count(result).rounds.sum() == 3_000_000
    assert s["avg_bet"] > 1.0
    assert s["advantage"] > 3 * s["se_advantage"], (s["advantage"], s["se_advantage"])


def test_custom_tags_equal_to_hi_lo_give_identical_results():
    tags = {"2": 1, "3": 1, "4": 1, "5": 1, "6": 1, "7": 0, "8": 0, "9": 0, "T": -1, "A": -1}
    named = run(300_000, seed=8, strategy={"count": {"system": "hi-lo"}},
                betting={"ramp": RAMP})
    custom = run(300_000, seed=8, strategy={"count": {"system": "custom", "tags": tags}},
                 betting={"ramp": RAMP})
    assert named.figures() == custom.figures()


@pytest.mark.parametrize("deviation, message", [
    ({"hand": "23", "dealer": "T", "action": "stand", "at_or_above": 0}, "hand"),
    ({"hand": "16", "dealer": "T", "action": "split", "at_or_above": 0}, "split"),
    ({"hand": "A7", "dealer": "6", "action": "surrender", "at_or_above": 0}, "surrender"),
])
def test_impossible_index_plays_are_refused(deviation, message):
    with pytest.raises(ConfigError, match=message):
        run(1000, strategy={**HILO, "deviations": [deviation]})


def test_an_index_play_the_rules_forbid_is_refused():
    with pytest.raises(ConfigError, match="strategy.deviations.0.action"):
        run_simulation_from_config({
            "rules": {**RULES, "double": "10-11"},
            "strategy": {**HILO, "deviations": [
                {"hand": "9", "dealer": "2", "action": "double", "at_or_above": 1}]},
            "run": {"rounds": 1000}})


def test_reshuffle_mid_round_leaves_the_cards_on_the_table_out_of_the_new_count():
    """Cards in play when the discards are shuffled back, the hole card included, are not
    in the new running count (docs/config.md, "The count across a reshuffle").

    A shoe of 66 twos (Hi-Lo +1 each) is dealt without a cut card: each round the player
    draws from 4 to 12 and the dealer from 4 to 18, 15 cards. The fifth round runs out
    after the player's second hit: its six cards on the table (hole card among them) stay
    out, and the new count is the player's two further hits and the dealer's seven draws,
    +9 with 51 cards unseen, so the sixth round is played at true count 9 (a hole card
    counted again would make it 10). Every card is a two, so the shuffle cannot change it.
    """
    hit, stand = " ".join(["H"] * 10), " ".join(["S"] * 10)
    chart = {"hard": {str(t): hit if t < 12 else stand for t in range(4, 22)},
             "soft": {str(t): stand for t in range(12, 22)},
             "pairs": {k: " ".join(["N"] * 10) for k in "23456789TA"}}
    config = {"rules": {"decks": 2, "penetration": 0.95},
              "strategy": {"chart": chart,
                           "count": {"system": "hi-lo", "deck_resolution": 0}},
              "run": {"rounds": 6}}
    inputs = prepare(validate_config(config))

    def rounds_by_true_count(rounds):
        tally = play(inputs, rounds, chunk_key(0, 0), shoe=np.full(66, 2, np.int8))
        assert tally["cards"] == 15 * rounds and tally["shoes"] == 1
        return np.asarray(tally.hist)[:, :HIST_WATCHED].sum(axis=1)

    sixth = rounds_by_true_count(6) - rounds_by_true_count(5)
    assert list(np.flatnonzero(sixth) + TC_MIN) == [9]
