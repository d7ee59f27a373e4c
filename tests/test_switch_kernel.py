"""Blackjack Switch in the simulation kernel (docs/variants.md): the switch on stacked shoes,
the peek before it, what switch does not combine with, and the simulation against the
exact analysis.

Dealing order of a stacked shoe with switch (:mod:`jost_engine.testing`): hand A's first
card, hand B's, the up card, A's second, B's second, the hole card, then the draws of hand
A (its split hands in turn), of hand B, and the dealer's. A switch table is int8
``[a1, a2, b1, b2, up]`` by rank index (ace 0, 2..9 as 1..8, ten 9), 1 to switch. Nets are
in hundredths of a unit, the bet one unit a hand.
"""

from __future__ import annotations

import numpy as np
import pytest

from jost_engine.config import validate_config
from jost_engine.errors import ConfigError
from jost_engine.exact import exact_ev, generate_chart
from jost_engine.kernel import layout as L
from jost_engine.kernel.rng import chunk_key
from jost_engine.prepare import prepare
from jost_engine.simulation import Chunk, play, result_of, run_chunk, validate
from jost_engine.statistics import summarize
from jost_engine.tally import merge
from jost_engine.testing import play_stacked
from jost_engine.testing import tally_value as read

SWITCH = {"decks": 6, "switch": True, "dealer_22_pushes": True}
SHAPE = (10, 10, 10, 10, 10)
NEVER = np.zeros(SHAPE, dtype=np.int8)
ALWAYS = np.ones(SHAPE, dtype=np.int8)
ACE, FOUR, FIVE, SIX, EIGHT, NINE, TEN = 0, 3, 4, 5, 7, 8, 9  # rank indices


def game(chart: dict, **rules) -> dict:
    """A one-round switch config playing ``chart`` (blackjack 3:2 unless told)."""
    return {"rules": {**SWITCH, **rules}, "strategy": {"chart": chart}, "run": {"rounds": 1}}


def only(*cell) -> np.ndarray:
    """A switch table that switches in one cell ``(a1, a2, b1, b2, up)`` only."""
    table = NEVER.copy()
    table[cell] = 1
    return table


# --- what switch does not combine with ---------------------------------------------------------

@pytest.mark.parametrize(("sections", "field"), [
    ({"rules": {**SWITCH, "hole_card": "enhc"}}, "rules.hole_card"),
    ({"rules": {**SWITCH, "surrender": "early"}}, "rules.surrender"),
    ({"rules": SWITCH, "table": {"players": 2}, "betting": {"spots": [[-99, 1], [2, 2]]}},
     "betting.spots"),
    ({"rules": SWITCH, "table": {"others": {"right": ["basic"]}}}, "table.others"),
    ({"rules": SWITCH, "betting": {"cover": {"parlay": [0, 1]}}}, "betting.cover"),
    ({"rules": SWITCH, "strategy": {"errors": {"slip": 0.01}}}, "strategy.errors"),
    ({"rules": SWITCH, "side_bets": [{"name": "perfect-pairs"}]}, "side_bets"),
])
def test_what_switch_does_not_play_is_refused_in_one_line(sections, field):
    """A config of switch with a dealer who does not peek, early surrender, several spots,
    other players' profiles, cover, a person's errors or side bets is refused by one line
    that starts with the field."""
    with pytest.raises(ConfigError) as caught:
        validate({**sections, "run": {"rounds": 1}})
    text = str(caught.value)
    assert text.startswith(f"{field}: with rules.switch") and "\n" not in text.strip()


def test_a_switch_table_of_the_wrong_shape_is_refused(chart):
    """A switch table must be 0/1 shaped (10, 10, 10, 10, 10)."""
    with pytest.raises(ValueError, match=r"^switch: a table of 0/1 shaped"):
        prepare(validate_config(game(chart)), switch=np.zeros((10, 10, 10, 10), np.int8))


def test_a_classic_game_plays_the_plain_loop_and_switch_the_features_loop(chart):
    """Switch is played by the features loop only: a classic config keeps the plain kernel
    (one seat, one spot); a switch config is two seats, two spots."""
    from jost_engine.kernel.rounds import kernel_for, play_chunk, play_chunk_features

    plain = prepare(validate_config({**game(chart), "rules": {"decks": 6}}))
    switch = prepare(validate_config(game(chart)), switch=NEVER)
    assert kernel_for(plain.params) is play_chunk and plain.params[L.P_SWITCH] == 0
    assert kernel_for(switch.params) is play_chunk_features
    assert (switch.params[L.P_PLAYERS], switch.params[L.P_SPOTS]) == (2, 2)


# --- the switch on stacked shoes ------------------------------------------------------------------

@pytest.mark.parametrize(("switched_blackjack", "net", "blackjacks"), [(False, 300, 0),
                                                                       (True, 350, 1)])
def test_an_ace_and_ten_made_by_switching_is_21_or_a_blackjack(chart, switched_blackjack, net,
                                                               blackjacks):
    """A,5 and 6,T v 9 switch to A,T and 6,5: the A,T is a 21 that stands (paid 1:1) under
    the Las Vegas rule, a blackjack paid 3:2 with ``switched_blackjack``; 6,5 doubles, draws
    a 9 (20) and beats the dealer's 9,8."""
    tally = play_stacked(game(chart, blackjack_pays=1.5, switched_blackjack=switched_blackjack),
                         ["A", "6", "9", "5", "T", "8", "9"],
                         switch=only(ACE, FIVE, SIX, TEN, NINE))
    assert (read(tally, "net"), read(tally, "player_bj"), read(tally, "switches"),
            read(tally, "hands"), read(tally, "doubles"), read(tally, "wagered")) == (
        net, blackjacks, 1, 2, 1, 300)


def test_without_a_switch_the_hands_play_as_dealt(chart):
    """The same deal with a never-switch table: A,5 (soft 16) v 9 hits a 9 (hard 15), then
    a ten (bust); 6,T (16) v 9 hits an 8 (bust): both lose, the dealer does not draw."""
    tally = play_stacked(game(chart), ["A", "6", "9", "5", "T", "8", "9", "T", "8"],
                         switch=NEVER)
    assert (read(tally, "net"), read(tally, "switches"), read(tally, "busts")) == (-200, 0, 2)


def test_a_switch_that_makes_a_pair_splits_it(chart):
    """8,5 and 9,8 v 6 switch to 8,8 (split: 8,T and 8,9) and 9,5 (stands); the dealer's
    6,T draws a ten: three hands win."""
    tally = play_stacked(game(chart), ["8", "9", "6", "5", "8", "T", "T", "9", "T"],
                         switch=only(EIGHT, FIVE, NINE, EIGHT, SIX))
    assert (read(tally, "net"), read(tally, "splits"), read(tally, "hands"),
            read(tally, "switches")) == (300, 1, 3, 1)


@pytest.mark.parametrize(("seat", "cards"), [
    (1, ["T", "T", "T", "2", "T", "8", "2", "6", "T", "T"]),  # A, B, the other player
    (2, ["T", "T", "T", "2", "2", "T", "8", "6", "T", "T"]),  # the other player, A, B
])
def test_a_switch_spot_is_two_seats_beside_another_player(chart, seat, cards):
    """Two players, our switch spot in seat 1 or 2: A (T,T) and B (T,8) are dealt as two
    seats beside the other player's T,2, in seat order, against a 2 up; the other hits 12
    (busts with a ten), ours stand, the dealer's 2,6 draws a ten (18): A wins, B pushes."""
    config = {**game(chart), "table": {"players": 2, "seat": seat}}
    tally = play_stacked(config, cards, switch=NEVER)
    assert (read(tally, "net"), read(tally, "hands"), read(tally, "wins"),
            read(tally, "pushes")) == (100, 2, 1, 1)


def test_late_surrender_comes_after_the_switch(chart):
    """T,4 and 8,6 v T (two 14s, neither surrendered) switch to T,6 and 8,4: the 16 is
    surrendered (late), the 12 hits a 5 and its 17 pushes the dealer's T,7."""
    tally = play_stacked(game(chart, surrender="late"), ["T", "8", "T", "4", "6", "7", "5"],
                         switch=only(TEN, FOUR, EIGHT, SIX, TEN))
    assert (read(tally, "net"), read(tally, "surrenders"), read(tally, "pushes"),
            read(tally, "switches")) == (-50, 1, 1, 1)


def test_the_peek_comes_before_the_switch_a_dealt_blackjack_pushes(chart):
    """A,T and 9,7 v A with a ten in the hole: the dealer's blackjack is seen before any
    switch (an always-switch table is not read), so the dealt A,T pushes and 9,7 loses."""
    tally = play_stacked(game(chart), ["A", "9", "A", "T", "7", "T"], switch=ALWAYS)
    assert (read(tally, "net"), read(tally, "pushes"), read(tally, "losses"),
            read(tally, "switches"), read(tally, "dealer_bj")) == (-100, 1, 1, 0, 1)


def test_an_ace_and_ten_one_switch_away_loses_to_a_dealer_blackjack(chart):
    """A,5 and 6,T v T with an ace in the hole: the switch to A,T would come after the peek,
    so even with ``switched_blackjack`` both hands lose their bet."""
    tally = play_stacked(game(chart, switched_blackjack=True), ["A", "6", "T", "5", "T", "A"],
                         switch=ALWAYS)
    assert (read(tally, "net"), read(tally, "losses"), read(tally, "switches")) == (-200, 2, 0)


# --- the simulation: results, and against the exact analysis ------------------------------------

def simulate(config: dict, table: np.ndarray, rounds: int, seed: int) -> dict:
    """The summary of ``rounds`` rounds of a config playing ``table``, in chunks of 1e6."""
    model = validate_config(config)
    inputs = prepare(model, switch=table)
    size = 1_000_000
    tallies = [play(inputs, min(size, rounds - start), chunk_key(seed, i), i)
               for i, start in enumerate(range(0, rounds, size))]
    return summarize(merge(tallies), model.run.rounds_per_hour, None)


OFF_THE_TOP = {"decks": 6, "dealer_hits_soft_17": True, "blackjack_pays": 1.0,
               "dealer_22_pushes": True, "double_after_split": True, "max_split_hands": 4,
               "reshuffle": "every_round"}


def test_the_figures_of_a_switch_round_count_two_hands():
    """200,000 rounds of an always-switch table: two initial units a round, at least two
    hands, a spot's figures per hand; a switch in every round but the dealer's blackjacks."""
    rules = {**OFF_THE_TOP, "switch": True}
    config = {"rules": rules, "strategy": {"chart": generate_chart(OFF_THE_TOP)},
              "run": {"rounds": 200_000}}
    summary = simulate(config, ALWAYS, 200_000, 3)
    n = summary["rounds"]
    assert n == 200_000 and summary["initial_bet_units"] == 2 * n
    assert summary["spots_per_round"] == 2 and summary["hands"] >= 2 * n
    assert summary["total_wagered_units"] >= 2 * n
    assert summary["advantage"] == pytest.approx(summary["ev_per_round"] / 2, rel=1e-12)
    assert summary["advantage_per_spot"] == pytest.approx(summary["advantage"], rel=1e-12)


def test_switches_are_counted_in_the_result():
    """``switches`` and ``switch_rate`` in a switch game's result: always switching, every
    round bet on but those the dealer's blackjack ended; a classic game has no such field."""
    rules = {**OFF_THE_TOP, "switch": True}
    config = validate({"rules": rules, "strategy": {"chart": generate_chart(OFF_THE_TOP)},
                       "run": {"rounds": 50_000, "seed": 4}})
    inputs = prepare(validate_config(config), switch=ALWAYS)
    result = result_of(config, [run_chunk(config, Chunk(0, 50_000), inputs)])
    summary = result.summary
    assert summary["switches"] == 50_000 - summary["dealer_blackjacks"]
    assert summary["switch_rate"] == summary["switches"] / 50_000
    classic = validate({"rules": OFF_THE_TOP, "run": {"rounds": 10}})
    assert "switch_rate" not in result_of(classic, [run_chunk(classic, Chunk(0, 10))]).summary
    from jost_engine.cli.output import format_result

    line = [t for t in format_result(result, "switch").splitlines() if "rounds switched" in t]
    shown = float(line[0].split()[2])  # "rounds switched  95.182 % ± 0.096 %"
    assert shown == pytest.approx(100 * summary["switch_rate"], abs=0.001), line


@pytest.mark.statistical
def test_never_switching_is_two_classic_hands_within_4_se_of_exact():
    """4e6 rounds of a never-switch table (6D H17, blackjack 1:1, dealer 22 pushes) off the
    top: the advantage per initial unit agrees with the exact EV of one classic hand of
    those rules (switch off: each of the two hands is such a hand) within 4 SE."""
    exact = exact_ev(OFF_THE_TOP)["ev_td"]
    config = {"rules": {**OFF_THE_TOP, "switch": True},
              "strategy": {"chart": generate_chart(OFF_THE_TOP)}, "run": {"rounds": 1}}
    summary = simulate(config, NEVER, 4_000_000, 11)
    assert abs(summary["advantage"] - exact) <= 4 * summary["se_advantage"], (
        summary["advantage"], summary["se_advantage"], exact)


def _profile_off_the_top() -> dict:
    """The shipped switch-6d-h17 rules, reshuffled every round (the game exact analysis
    values)."""
    from jost_engine.profiles import ProfileStore

    return {**ProfileStore().piece("rules", "switch-6d-h17"), "reshuffle": "every_round"}


def _against_exact(rounds: int, seed: int, **changes) -> None:
    """Basic strategy and the exact switch table, ``rounds`` rounds off the top (the profile's
    rules with ``changes``): the advantage per initial unit, and the share of rounds
    switched, within 4 SE of the exact switch EV per hand and switch rate
    (:func:`jost_engine.exact.switch.switch_ev`)."""
    from jost_engine import run_simulation_from_config
    from jost_engine.exact.switch import switch_ev

    rules = {**_profile_off_the_top(), **changes}
    exact = switch_ev(rules)
    summary = run_simulation_from_config(
        {"rules": rules, "run": {"rounds": rounds, "seed": seed,
                                 "chunk_rounds": min(rounds, 5_000_000)}}).summary
    assert abs(summary["advantage"] - exact["ev"]) <= 4 * summary["se_advantage"], (
        summary["advantage"], summary["se_advantage"], exact["ev"])
    assert abs(summary["switch_rate"] - exact["switch_rate"]) <= 4 * summary["se_switch_rate"], (
        summary["switch_rate"], summary["se_switch_rate"], exact["switch_rate"])


@pytest.mark.statistical
@pytest.mark.parametrize(("switched_blackjack", "seed"), [(False, 31), (True, 33)])
def test_the_exact_switch_table_played_is_within_4_se_of_the_exact_switch_ev(
        switched_blackjack, seed):
    """4e6 rounds of switch-6d-h17 off the top, a switched ace and ten a 21 or a blackjack
    (about half a minute for the exact analysis, shared by the two)."""
    _against_exact(4_000_000, seed, switched_blackjack=switched_blackjack)


@pytest.mark.slow  # 1e8 rounds: several minutes
def test_switch_at_1e8_rounds_is_within_4_se_of_the_exact_switch_ev():
    """1e8 rounds of switch-6d-h17 off the top against the exact switch EV and rate."""
    _against_exact(100_000_000, 32)
