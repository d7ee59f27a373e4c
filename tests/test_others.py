"""Other players at the table (table.others): seats, profiles, cards and pace.

Statistical tolerances are four standard errors, taken from the spread of
independent chunks.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from jost_engine import run_simulation_from_config
from jost_engine.config import validate_config
from jost_engine.errors import ConfigError
from jost_engine.kernel import layout as L
from jost_engine.others import PACE
from jost_engine.prepare import prepare
from jost_engine.profiles import hydrate
from jost_engine.simulation import plan, run_chunk
from jost_engine.testing import play_stacked, round_net

Z = 4.0


def config(others=None, table=None, strategy="hi-lo-i18", rounds=60_000, seed=11, **run):
    """6 decks S17 (no surrender), ``strategy``, flat bets, with ``others`` at the table."""
    data = hydrate({"rules": "vegas-strip-6d-s17", "strategy": strategy,
                    "run": {"rounds": rounds, "seed": seed, "chunk_rounds": rounds // 2, **run}})
    if others is not None:
        data["table"] = {"others": others}
    if table is not None:
        data["table"] = table
    return data


def test_others_take_their_seats_around_ours():
    """2 right, 1 left: 4 players, our seat 3; the counter on the right is seat 2 (index 1)."""
    model = validate_config(config({"right": ["basic", "counter"], "left": ["basic"]}))
    assert (model.table.players, model.table.seat) == (4, 3)
    assert list(prepare(model).seat_kind) == [0, 1, 0, 0]
    assert prepare(model).params[L.P_OTHERS] == 1


def test_basic_others_play_as_the_seats_of_table_players():
    """1 right and 2 left 'basic' players give, bit for bit, the run of table.players 4, seat 2
    (today's other seats: the chart, no index plays)."""
    one = run_simulation_from_config(config({"right": ["basic"], "left": ["basic", "basic"]},
                                            rounds_per_hour=100))
    two = run_simulation_from_config(config(table={"players": 4, "seat": 2}))
    for key in ("net_units", "cards_per_round", "hands", "shoes", "sd_per_round"):
        assert one.summary[key] == two.summary[key]


COUNTER_DEAL = ["T", "5", "T", "6", "4", "7", "T", "T"]  # other T,6; us 5,4; up T, hole 7


@pytest.mark.parametrize(("profile", "cards"), [("counter", 7), ("basic", 8)])
def test_a_counter_plays_the_index_and_a_basic_player_the_chart(profile, cards):
    """The player on our right holds 16 v T at running count +1 (T, 5, T, 6, 4 seen): a counter
    stands by the I18 index (stand at 0 and above), a basic player hits and takes a ten; we hit
    9 to 19 and beat the dealer's 17 either way. Cards dealt: 7 and 8."""
    tally = play_stacked(config({"right": [profile]}, rounds=2000), COUNTER_DEAL)
    assert tally["cards"] == cards
    assert round_net(tally) == 1


def chunk_means(data, figure):
    """A figure of each chunk of a run (independent chunks)."""
    model = validate_config(data)
    inputs = prepare(model)
    chunks = plan(model.model_dump())
    return np.array([figure(run_chunk(model, chunks.chunk(i), inputs))
                     for i in range(len(chunks))])


def cards_per_round(tally):
    return tally["cards"] / tally["all_rounds"]


STAND = {"hard": {str(t): " ".join(["S"] * 10) for t in range(4, 22)},
         "soft": {str(t): " ".join(["S"] * 10) for t in range(12, 22)},
         "pairs": {str(c): " ".join(["N"] * 10) for c in "23456789TA"}}


@pytest.mark.parametrize("others", [
    {"right": ["basic", "basic"], "left": ["basic", "basic"]},
    {"right": ["counter"] * 3, "left": ["counter"]},
])
def test_cards_per_round_grow_by_two_cards_a_standing_seat(others):
    """Every seat standing on its first two cards, reshuffled every round: a table of 7 seats
    (us and 6 others) deals 4 x 2 cards a round more than one of 3 (us and 2 others), exactly
    in expectation but for the rounds where all 3 seats of the small table hold a blackjack
    (the dealer then does not draw: at most 0.048**3 x 2 cards = 2.2e-4), within four SEs of
    the chunks' spread. Counters without index plays (none listed) stand like the rest."""
    strategy = {"chart": STAND, "count": {"system": "hi-lo"}, "deviations": None}

    def table(data):
        data = {**data, "strategy": strategy}
        data["rules"] = {**data["rules"], "reshuffle": "every_round"}
        return data

    small = table(config({"right": ["basic"], "left": ["basic"]}, strategy="basic",
                         rounds=200_000, chunk_rounds=10_000))
    large = table(config({"right": others["right"] + ["basic"],
                          "left": others["left"] + ["basic"]}, strategy="basic",
                         rounds=200_000, chunk_rounds=10_000, seed=12))
    a, b = chunk_means(small, cards_per_round), chunk_means(large, cards_per_round)
    se = math.sqrt(a.var(ddof=1) / len(a) + b.var(ddof=1) / len(b))
    assert abs(b.mean() - a.mean() - 8) < Z * se + 2.2e-4


def test_others_set_the_pace_unless_given():
    """Without run.rounds_per_hour the pace is Kilby's for the seats dealt (others + our spots);
    a given pace is kept; without table.others the default stays 100."""
    assert validate_config(config({"right": ["basic"] * 2, "left": ["basic"]})
                           ).run.rounds_per_hour == PACE[4] == 84
    assert validate_config(config({"left": ["basic"]})).run.rounds_per_hour == PACE[2]
    assert validate_config(config({"left": ["basic"]}, rounds_per_hour=120)
                           ).run.rounds_per_hour == 120
    assert validate_config(config()).run.rounds_per_hour == 100
    spots = config({"left": ["basic"]})
    spots["betting"] = {"spots": [[-99, 1], [3, 2]]}
    model = validate_config(spots)
    assert (model.table.players, model.run.rounds_per_hour) == (3, PACE[3])


def test_others_hydrated_config_validates_again():
    """The hydrated config (players, seat and pace filled in) validates to itself."""
    model = validate_config(config({"right": ["counter"], "left": ["basic"]}))
    again = validate_config(model.model_dump())
    assert again.model_dump() == model.model_dump()


@pytest.mark.parametrize(("table", "strategy", "message"), [
    ({"others": {"right": ["random-error"]}}, "hi-lo-i18",
     r"table\.others\.right\.0: .*'basic' or 'counter'"),
    ({"others": {"right": ["basic"] * 4, "left": ["basic"] * 3}}, "hi-lo-i18",
     r"table\.others: 4 right \+ 1 of ours \+ 3 left = 8 seats; allowed: at most 7"),
    ({"others": {"right": ["basic"]}, "players": 3}, "hi-lo-i18",
     r"table\.players: follows from table\.others \(2 here"),
    ({"others": {"right": ["basic"]}, "seat": 1}, "hi-lo-i18",
     r"table\.seat: follows from table\.others \(2 here"),
    ({"others": {"left": ["counter"]}}, "basic",
     r"table\.others: a 'counter' plays the count's index plays, so it needs strategy\.count"),
    ({"others": {"middle": ["basic"]}}, "hi-lo-i18", r"table\.others\.middle"),
])
def test_bad_others_are_refused_in_one_line(table, strategy, message):
    """Each bad table.others is refused with one line naming the field and what is allowed."""
    data = config(strategy=strategy)
    data["table"] = table
    with pytest.raises(ConfigError, match=message) as caught:
        validate_config(data)
    assert "\n" not in str(caught.value)
