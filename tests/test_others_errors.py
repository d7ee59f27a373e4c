"""Other players who err (table.others objects with play-error rates).

Each erring seat plays with its own row of the kernel's ``err_play``, drawn
from the errors' stream of the shoe. Exact references on stacked or common
shoes where an error makes a play certain; statistical checks at four
standard errors of the spread of independent chunks (a false alarm about
once in 16,000 runs).
"""

from __future__ import annotations

import functools
import json
import math

import numpy as np
import pytest

from jost_engine.config import config_schema, validate_config
from jost_engine.errors import ConfigError
from jost_engine.kernel import errors as E
from jost_engine.kernel import layout as L
from jost_engine.prepare import prepare
from jost_engine.simulation import plan, run_chunk
from jost_engine.testing import play_stacked, round_net
from tests.test_others import config

Z = 4.0
ROUNDS = 300_000
CHUNK = 10_000


@functools.cache
def _chunks(text: str) -> tuple:
    data = json.loads(text)
    model = validate_config(data)
    inputs = prepare(model)
    return tuple(run_chunk(model, chunk, inputs) for chunk in plan(model.model_dump()))


def chunks(data: dict) -> tuple:
    """Per-chunk tallies of a config (remembered: runs shared by tests are made once)."""
    return _chunks(json.dumps(data, sort_keys=True))


def same(a, b) -> bool:
    return all(x.to_dict() == y.to_dict() for x, y in zip(a, b, strict=True))


def right(*players, rounds=60_000, **run) -> dict:
    """``config`` (6D S17, Hi-Lo I18, flat bets) with ``players`` on our right."""
    return config({"right": list(players)}, rounds=rounds, **run)


def per_chunk(data: dict, figure) -> np.ndarray:
    return np.array([figure(t) for t in chunks(data)])


def difference(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """Mean of ``b`` minus mean of ``a``, with its SE from the chunks' spread."""
    se = math.sqrt(a.var(ddof=1) / len(a) + b.var(ddof=1) / len(b))
    return b.mean() - a.mean(), se


def cards_per_round(tally) -> float:
    return tally["cards"] / tally["all_rounds"]


def ev_per_round(tally) -> float:
    """Our mean net per round [units] (flat one-unit bets)."""
    return round_net(tally) / tally["all_rounds"]


SLIP = {"profile": "basic", "slip": 0.3}
SLIPPING = right(SLIP, rounds=ROUNDS, chunk_rounds=CHUNK)
STEADY = right("basic", rounds=ROUNDS, chunk_rounds=CHUNK, seed=12)


# --- the kernel's inputs ---------------------------------------------------------------------

def test_each_erring_seat_takes_its_own_row_of_err_play():
    """Right: an erring basic player, a counter; left: an erring counter. seat_kind is the
    counter bit plus the err_play row shifted by one: [2 << 1, 1, 0 (us), 3 << 1 | 1]; rows 2
    and 3 hold the rates x 2**32; P_OTHERS and P_ERRORS are on, our own P_ERR_PLAY off."""
    inputs = prepare(validate_config(config({
        "right": [{"profile": "basic", "slip": 0.05}, "counter"],
        "left": [{"profile": "counter", "missed_index": 0.5, "wrong_index": 0.25}]})))
    assert list(inputs.seat_kind) == [2 << 1, 1, 0, 3 << 1 | 1]
    assert inputs.err_play.shape == (E.N_WHO + 2, E.N_X)
    assert not inputs.err_play[:E.N_WHO].any()
    assert list(inputs.err_play[2]) == [round(0.05 * 2**32), 0, 0]
    assert list(inputs.err_play[3]) == [0, 2**31, 2**30]
    assert (inputs.params[L.P_OTHERS], inputs.params[L.P_ERRORS],
            inputs.params[L.P_ERR_PLAY]) == (1, 1, 0)


@pytest.mark.parametrize("player", [{"profile": "basic"}, {"profile": "basic", "slip": 0}])
def test_an_erring_player_at_zero_rates_is_a_basic_player_bit_for_bit(player):
    """An object with every rate 0 sets no kernel flag and gives the tallies of 'basic'."""
    assert not prepare(validate_config(right(player))).params[L.P_OTHERS]
    assert same(chunks(right(player, rounds=20_000)), chunks(right("basic", rounds=20_000)))


# --- exact: a play an error makes certain ------------------------------------------------------

# other T,9; us 5,4; up T; hole 7; then a ten for each hit
NINETEEN_DEAL = ["T", "5", "T", "9", "4", "7", "T", "T"]


@pytest.mark.parametrize(("player", "cards"), [("basic", 7), ({"profile": "basic", "slip": 1.0},
                                                                8)])
def test_a_slip_every_decision_makes_the_seat_on_our_right_draw_to_its_19(player, cards):
    """The player on our right holds 19 v T: a basic player stands (7 cards dealt); at slip 1
    it hits or doubles (a slip picks another legal action) and busts on a ten (8 cards). We
    hit 9 to 19 either way, without error, and beat the dealer's 17: +1."""
    tally = play_stacked(right(player, rounds=2000), NINETEEN_DEAL)
    assert tally["cards"] == cards
    assert round_net(tally) == 1


def test_a_counter_who_misses_every_index_plays_as_a_basic_player_exactly():
    """An erring counter at missed_index 1.0 plays the chart wherever an index applies: on
    common shoes every tally equals the run with a basic player in its seat (the index errors
    draw from their own stream, no card), and differs from the run with a counter."""
    missing = chunks(right({"profile": "counter", "missed_index": 1.0}, rounds=40_000))
    assert same(missing, chunks(right("basic", rounds=40_000)))
    assert not same(missing, chunks(right("counter", rounds=40_000)))


# --- statistics: the seat's play moves the cards, not our expectation ---------------------------

def test_a_player_who_slips_takes_more_cards_a_round():
    """slip 0.3 on our right: the cards dealt per round exceed those with a basic player there
    by more than four SEs (a slip hits or doubles a stood hand far more often than it stands
    a drawing one), by 0.05 to 0.2 cards (measured 0.097 +- 0.003 at 300,000 rounds)."""
    diff, se = difference(per_chunk(STEADY, cards_per_round), per_chunk(SLIPPING,
                                                                        cards_per_round))
    assert diff > Z * se
    assert 0.05 < diff < 0.2


def test_our_ev_does_not_follow_the_play_of_the_seat_on_our_right():
    """The cards the seat on our right takes are unseen random cards to us: our EV per round
    with a player who slips there equals the one with a basic player within four SEs of the
    chunks' spread (independent shoes)."""
    diff, se = difference(per_chunk(STEADY, ev_per_round), per_chunk(SLIPPING, ev_per_round))
    assert abs(diff) < Z * se


def test_erring_players_are_the_same_under_the_same_seed_and_change_with_it():
    """Two runs with an erring seat on each side and one seed agree bit for bit (the errors'
    stream is reseeded per shoe from the chunk's key); another seed differs."""
    data = config({"right": [SLIP], "left": [{"profile": "counter", "slip": 0.1,
                                              "wrong_index": 0.2}]}, rounds=20_000)
    first = _chunks.__wrapped__(json.dumps(data, sort_keys=True))
    assert same(first, chunks(data))
    assert not same(chunks({**data, "run": {**data["run"], "seed": 12}}), first)


# --- input -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("player", "strategy", "message"), [
    ("random-error", "hi-lo-i18", r"table\.others\.right\.0: must be one of 'basic' or "
                                  r"'counter', got 'random-error'"),
    ({"profile": "basic", "slip": 2}, "hi-lo-i18",
     r"table\.others\.right\.0\.slip: must be between 0 and 1, got 2"),
    ({"profile": "basic", "slip": True}, "hi-lo-i18",
     r"table\.others\.right\.0\.slip: must be a number, got True"),
    ({"profile": "erring"}, "hi-lo-i18",
     r"table\.others\.right\.0\.profile: must be one of 'basic' or 'counter', got 'erring'"),
    ({"profile": "basic", "slips": 0.1}, "hi-lo-i18", r"table\.others\.right\.0\.slips: unknown"),
    ({"profile": "basic", "missed_index": 0.1}, "hi-lo-i18",
     r"table\.others\.right\.0\.missed_index: an index error needs profile 'counter'"),
    ({"profile": "counter", "wrong_index": 0.1}, {"count": {"system": "hi-lo"}},
     r"table\.others: an index error \(missed_index, wrong_index\) needs index plays"),
])
def test_bad_erring_players_are_refused_in_one_line(player, strategy, message):
    """Each bad erring seat is refused with one line naming the field and what is allowed."""
    with pytest.raises(ConfigError, match=message) as caught:
        validate_config(config({"right": [player]}, strategy=strategy))
    assert "\n" not in str(caught.value)


def test_the_config_schema_offers_an_erring_player():
    """`jost schema` lists, for each other seat, 'basic', 'counter' or an ErringPlayer object
    with profile and the three play-error rates, each between 0 and 1."""
    schema = config_schema()
    player = schema["$defs"]["ErringPlayer"]
    assert set(player["properties"]) == {"profile", "slip", "missed_index", "wrong_index"}
    assert player["properties"]["slip"]["maximum"] == 1
    right_items = json.dumps(schema["$defs"]["Others"]["properties"]["right"]["items"])
    assert "ErringPlayer" in right_items and "counter" in right_items


def test_a_study_table_names_an_erring_player_with_its_rates():
    """A study varying table.others names a player who errs by profile and non-zero rates."""
    from jost_engine.analysis.study_tables import field_value

    value = {"right": [{"profile": "basic", "slip": 0.05, "missed_index": 0.0}],
             "left": ["counter"]}
    assert field_value("table.others", value) == "1 right (basic slip=0.05), 1 left (counter)"
