"""Cover (betting.cover): parlay at neutral counts, the largest jump, cover plays.

The rules are checked on the kernel's own function (:func:`cover_bet`) with
chosen figures, on stacked shoes with exact outcomes, and on shuffled runs
through the exact bet sums by true count the tally keeps with cover bets.
Statistical tolerances are four standard errors.
"""

from __future__ import annotations

import copy
import functools
import json
import math

import numpy as np
import pytest

from jost_engine import run_simulation_from_config
from jost_engine.config import validate_config
from jost_engine.cover import RATE_BITS, cover_par
from jost_engine.errors import ConfigError
from jost_engine.kernel import layout as L
from jost_engine.kernel.cover import cover_bet, cover_round, start_cover
from jost_engine.kernel.rng import chunk_key
from jost_engine.prepare import prepare
from jost_engine.profiles import hydrate
from jost_engine.tally import Tally
from jost_engine.testing import play_stacked, round_net

ROUNDS = 200_000
Z = 4.0
NEVER = {"hand": "21", "dealer": "T", "action": "hit"}  # a hard 21 is never decided


def config(cover=None, rounds=ROUNDS, seed=5, **run):
    """6 decks S17, Hi-Lo I18+Fab4, the shipped 1-12 ramp, with ``cover``."""
    data = hydrate({"rules": "vegas-strip-6d-s17", "strategy": "hi-lo-i18-fab4",
                    "betting": "spread-1-12",
                    "run": {"rounds": rounds, "seed": seed, "chunk_rounds": rounds // 2, **run}})
    if cover is not None:
        data["betting"]["cover"] = cover
    return data


@functools.cache
def run(cover_json: str | None):
    return run_simulation_from_config(config(None if cover_json is None else
                                             json.loads(cover_json)))


def run_of(cover=None):
    return run(None if cover is None else json.dumps(cover, sort_keys=True))


def par(parlay=None, jump=None, low=10, high=120):
    """A ``cover_par`` with the ramp's bets from ``low`` to ``high`` [1/10 unit]."""
    values = np.zeros(L.N_CP, dtype=np.int64)
    values[L.CP_MIN], values[L.CP_MAX] = low, high
    if parlay is not None:
        values[L.CP_PARLAY] = 1
        values[L.CP_LO], values[L.CP_HI] = parlay
    if jump is not None:
        values[L.CP_JUMP] = round(jump * 100)
    return values


def cover_rows(result):
    """The exact cover sums by true count (dict tc -> row)."""
    return {L.TC_MIN + i: row for i, row in enumerate(result.tally.cover) if row[L.CV_ROUNDS]}


# --- the rules, on the kernel's function ----------------------------------------------------

def test_parlay_adds_the_winnings_at_a_neutral_count_only():
    """After a 1-unit win (+100) at tc 0 in band [-1, 1] the bet is 2 units; a 3:2 blackjack
    on 2 units (+300) makes 5; outside the band, after a loss, or with no last bet: the ramp's."""
    p = par(parlay=(-1, 1))
    assert cover_bet(10, 10, 100, 0, p) == 20
    assert cover_bet(10, 20, 300, 1, p) == 50
    assert cover_bet(10, 10, 100, 2, p) == 10     # out of the band
    assert cover_bet(10, 10, -100, 0, p) == 10    # after a loss
    assert cover_bet(10, 10, 0, 0, p) == 10       # after a push
    assert cover_bet(10, 0, 0, 0, p) == 10        # the shoe's first round
    assert cover_bet(10, 100, 2000, 0, p) == 120  # at most the ramp's top bet


def test_largest_jump_clips_the_ramp_between_consecutive_bets():
    """x2: from 1 unit the ramp's 12 becomes 2; from 12 units the ramp's 1 becomes 6; from 1.5
    units down to ceil(1.5 / 2) = 0.8, never below the ramp's smallest bet (1)."""
    p = par(jump=2)
    assert cover_bet(120, 10, 0, 5, p) == 20
    assert cover_bet(10, 120, 0, -3, p) == 60
    assert cover_bet(10, 15, 0, -3, p) == 10
    assert cover_bet(40, 30, 0, 3, p) == 40       # within x2: the ramp's
    assert cover_bet(120, 0, 0, 5, p) == 120      # the shoe's first round: the ramp's


def test_parlay_then_jump():
    """A parlay from 1 unit after a 2-unit win (3 units) is cut to x1.5 = 1.5 units."""
    assert cover_bet(10, 10, 200, 0, par(parlay=(0, 0), jump=1.5)) == 15


def test_cover_round_draws_at_the_rate():
    """100,000 draws at rate 0.3 give 0.3 within four binomial SEs; reseeding repeats them."""
    values = np.zeros(L.N_CP, dtype=np.int64)
    values[L.CP_RATE] = round(0.3 * 2**RATE_BITS)
    crng = np.zeros(4, dtype=np.uint64)
    start_cover(crng, np.uint64(chunk_key(1, 0)), 7)
    draws = [bool(cover_round(crng, values)) for _ in range(100_000)]
    se = math.sqrt(0.3 * 0.7 / len(draws))
    assert abs(np.mean(draws) - 0.3) < Z * se
    start_cover(crng, np.uint64(chunk_key(1, 0)), 7)
    assert [bool(cover_round(crng, values)) for _ in range(1000)] == draws[:1000]


# --- the rules in the kernel ----------------------------------------------------------------

def test_parlay_raises_neutral_bets_and_leaves_other_counts_alone():
    """With a parlay in [-1, +1] the mean bet at tc 0 is above the ramp's 1 unit by more than
    four SEs, and at tc -3 and +6 (out of the band) every bet is exactly the ramp's."""
    rows = cover_rows(run_of({"parlay": [-1, 1]}))
    n, bets, bets2 = rows[0][L.CV_ROUNDS], rows[0][L.CV_BET], rows[0][L.CV_BET2]
    mean = bets / n
    se = math.sqrt((bets2 / n - mean**2) / n)
    assert mean - 10 > Z * se
    for tc, ramp in ((-3, 10), (6, 120)):
        assert rows[tc][L.CV_BET] == ramp * rows[tc][L.CV_ROUNDS]
        assert rows[tc][L.CV_BET2] == ramp * ramp * rows[tc][L.CV_ROUNDS]


def test_largest_jump_holds_top_bets_down():
    """With jumps of at most x2 the mean bet at tc +6 is below the ramp's 12 units (the first
    high count after small bets can reach 2 or 4), and no bet exceeds 12 units."""
    rows = cover_rows(run_of({"max_jump": 2.0}))
    assert rows[6][L.CV_BET] < 120 * rows[6][L.CV_ROUNDS]
    assert all(r[L.CV_BET2] <= 120 * r[L.CV_BET] for r in rows.values())


def test_cover_sums_agree_with_the_batches():
    """The exact bet and net sums by true count add up to the batches' totals (both round by
    round), and the summary's figures come from them."""
    result = run_of({"parlay": [-1, 1], "max_jump": 3.0})
    batches = np.array(result.tally.batches).sum(axis=0)
    cover = np.array(result.tally.cover).sum(axis=0)
    assert cover[L.CV_ROUNDS] == batches[L.B_ROUNDS]
    assert cover[L.CV_BET] == batches[L.B_BET]
    assert cover[L.CV_NET] == batches[L.B_NET]
    assert cover[L.CV_NET2] == batches[L.B_NET2]
    assert result.summary["avg_bet"] == pytest.approx(cover[L.CV_BET] / 10 / cover[0])


def test_cover_play_in_a_cover_round_overrides_chart_and_index():
    """Rate 1, 16 v T 'hit': a three-card 16 (2, 4, T) against a ten at running count 0 stands
    by the I18 index (stand at 0 and above) and wins when the dealer's 15 draws a ten; in a
    cover round it hits the ten and busts."""
    cards = ["2", "T", "4", "5", "T", "T", "T"]  # us 2,4; dealer T,5; then tens
    plain = config(None, rounds=2000)
    covered = config({"plays": {"rate": 1.0, "hands": [{"hand": "16", "dealer": "T",
                                                        "action": "hit"}]}}, rounds=2000)
    assert round_net(play_stacked(plain, cards)) == 1      # stands, dealer 15 + T busts
    tally = play_stacked(covered, cards)
    assert round_net(tally) == -1 and tally["busts"] == 1  # hits the ten: busts


def test_cover_play_at_rate_one_equals_the_same_index_play_always_on():
    """Rate 1 'hit 12 v 4' plays exactly as an index play 'hit 12 v 4 at or above -99' (with
    no other index plays): the same summary, bit for bit."""
    base = config(None, rounds=50_000)
    base["strategy"]["deviations"] = [{"hand": "12", "dealer": "4", "action": "hit",
                                       "at_or_above": -99}]
    base["strategy"]["insurance_at"] = None
    covered = copy.deepcopy(base)
    covered["strategy"]["deviations"] = None
    covered["betting"]["cover"] = {"plays": {"rate": 1.0, "hands": [
        {"hand": "12", "dealer": "4", "action": "hit"}]}}
    one, two = run_simulation_from_config(base), run_simulation_from_config(covered)
    for key in ("net_units", "hands", "cards_per_round", "sd_per_round"):
        assert one.summary[key] == two.summary[key]


def test_cover_draws_do_not_change_the_cards():
    """Cover plays on a cell never decided (hard 21) at rate 0.5 give the plain run's summary
    bit for bit: the cover stream is separate from the shoe's (common shoes)."""
    plain = run_of()
    never = run_of({"plays": {"rate": 0.5, "hands": [NEVER]}})
    for key in ("net_units", "rounds_dealt", "shoes", "cards_per_round", "hands"):
        assert plain.summary[key] == never.summary[key]


def test_cover_plays_cost_the_expected_way():
    """Hitting hard 20 against every up card at rate 1 loses money against the plain run on
    common shoes: the paired difference of the net is below zero by more than four SEs of the
    batches (batch k of both runs deals the same shoes)."""
    bad = {"plays": {"rate": 1.0, "hands": [{"hand": "20", "dealer": up, "action": "hit"}
                                            for up in "23456789TA"]}}
    plain, worse = run_of(), run_of(bad)
    diff = (np.array(worse.tally.batches)[:, L.B_NET]
            - np.array(plain.tally.batches)[:, L.B_NET]) / 100
    se = diff.std(ddof=1) * math.sqrt(len(diff))
    assert diff.sum() < -Z * se


def test_cover_runs_are_deterministic():
    """The same config with every cover rule gives the same tally twice."""
    cover = {"parlay": [0, 1], "max_jump": 2.5,
             "plays": {"rate": 0.2, "hands": [{"hand": "16", "dealer": "T", "action": "hit"}]}}
    one = run_simulation_from_config(config(cover, rounds=20_000))
    two = run_simulation_from_config(config(cover, rounds=20_000))
    assert one.tally.to_dict() == two.tally.to_dict()


def test_cover_sums_round_trip_and_merge():
    """The cover sums survive to_dict/from_dict and add on merge."""
    tally = run_of({"max_jump": 2.0}).tally
    again = Tally.from_dict(tally.to_dict())
    assert again.cover == tally.cover
    assert tally.merged(again).cover == [[2 * v for v in row] for row in tally.cover]


def test_no_cover_leaves_the_tally_without_cover_sums():
    """Without betting.cover the tally has no cover sums and the cover tables are the chart's."""
    assert run_of().tally.cover == []
    inputs = prepare(validate_config(config(None, rounds=2000)))
    assert (inputs.cover_strategy == inputs.strategy).all()
    assert inputs.params[L.P_COVER_BET] == 0 and inputs.params[L.P_COVER_PLAY] == 0


def test_cover_par_keeps_the_ramps_limits():
    """cover_par carries the ramp's smallest and largest bets [1/10 unit] and the rate."""
    model = validate_config(config({"max_jump": 2.0, "plays": {"rate": 0.25, "hands": [NEVER]}}))
    values = cover_par(model.betting.cover, prepare(model).bet_by_tc)
    assert (values[L.CP_MIN], values[L.CP_MAX], values[L.CP_JUMP]) == (10, 120, 200)
    assert values[L.CP_RATE] == 2**RATE_BITS // 4


# --- refusals -------------------------------------------------------------------------------

@pytest.mark.parametrize(("cover", "message"), [
    ({"parlay": [2, 1]}, r"betting\.cover\.parlay: must be \[low, high\] true counts"),
    ({"parlay": [0]}, r"betting\.cover\.parlay: must be \[low, high\]"),
    ({"max_jump": 1.0}, r"betting\.cover\.max_jump"),
    ({"max_jump": 2.005}, r"max_jump: must be a multiple of 0\.01"),
    ({}, r"cover: give at least one of parlay, max_jump, plays"),
    ({"plays": {"rate": 0, "hands": [NEVER]}}, r"betting\.cover\.plays\.rate"),
    ({"plays": {"rate": 1.5, "hands": [NEVER]}}, r"betting\.cover\.plays\.rate"),
    ({"plays": {"rate": 0.1, "hands": []}}, r"betting\.cover\.plays\.hands"),
    ({"plays": {"rate": 0.1, "hands": [{"hand": "8,8", "dealer": "T", "action": "hit"}]}},
     r"hand: a hard total \('16'\) or a soft hand \('A7'\); pairs are not cover cells"),
    ({"plays": {"rate": 0.1, "hands": [{"hand": "16", "dealer": "T", "action": "double"}]}},
     r"betting\.cover\.plays\.hands\.0\.action"),
    ({"plays": {"rate": 0.1, "hands": [{"hand": "16", "dealer": "X", "action": "hit"}]}},
     r"betting\.cover\.plays\.hands\.0\.dealer: must be 2\.\.9, T or A"),
    ({"plays": {"rate": 0.1, "hands": [{"hand": "25", "dealer": "T", "action": "hit"}]}},
     r"betting\.cover\.plays\.hands\.0\.hand: a hard total must be between 4 and 21"),
])
def test_bad_cover_is_refused_in_one_line(cover, message):
    """Each bad cover field is refused with one line naming it and what is allowed."""
    with pytest.raises(ConfigError, match=message) as caught:
        run_simulation_from_config(config(cover, rounds=2000))
    assert "\n" not in str(caught.value)


def test_parlay_with_several_spots_is_refused():
    """Parlay and jumps follow one spot's bets: refused with betting.spots above one spot."""
    data = config({"parlay": [-1, 1]}, rounds=2000)
    data["betting"]["spots"] = [[-99, 1], [3, 2]]
    data["table"] = {"players": 2, "seat": 1}
    with pytest.raises(ConfigError, match=r"betting\.cover: parlay and max_jump follow one "
                                          r"spot's bets"):
        validate_config(data)


def test_cover_in_the_label():
    """The default label names the cover rules."""
    model = validate_config(config({"parlay": [-1, 1], "max_jump": 2.0}, rounds=2000))
    assert "parlay -1..+1, jumps x2" in model.label


# --- the Build tab and studies --------------------------------------------------------------

def test_cover_and_others_boxes_read_and_show_back():
    """The Build tab's boxes read the compact spellings and JSON, and show a config back."""
    from jost_widgets.fields import parse_cover, parse_others, show_cover, show_others

    cover = parse_cover("parlay -1..1; jump 2; plays 0.25 16vT:hit A7v2:stand")
    assert cover == {"parlay": [-1, 1], "max_jump": 2,
                     "plays": {"rate": 0.25, "hands": [
                         {"hand": "16", "dealer": "T", "action": "hit"},
                         {"hand": "A7", "dealer": "2", "action": "stand"}]}}
    assert parse_cover(show_cover(cover)) == cover
    assert parse_cover(" ") is None and parse_cover('{"max_jump": 3}') == {"max_jump": 3}
    others = parse_others("right basic, counter; left basic")
    assert others == {"right": ["basic", "counter"], "left": ["basic"]}
    assert parse_others(show_others(others)) == others and parse_others("") is None
    erring = parse_others("right basic(slip=0.05), counter(missed_index=0.2 slip=0.01); "
                          "left basic")
    assert erring == {"right": [{"profile": "basic", "slip": 0.05},
                                {"profile": "counter", "missed_index": 0.2, "slip": 0.01}],
                      "left": ["basic"]}
    assert parse_others(show_others(erring)) == erring
    for bad, read in (("parlay 1", parse_cover), ("plays 0.1 16-T", parse_cover),
                      ("middle basic", parse_others), ("right basic(slip=0.1", parse_others),
                      ("right basic(slip=often)", parse_others)):
        with pytest.raises(Exception, match=r"^(betting\.cover|table\.others): cannot read"):
            read(bad)


def test_builder_sends_cover_and_others():
    """Typing a cover and other players (one who slips) in the Build tab gives a valid config
    with both; the pace then follows the seats."""
    from jost_widgets.builder import ConfigBuilder

    builder = ConfigBuilder()
    builder.betting_profile.value = "spread-1-12"
    builder.strategy_profile.value = "hi-lo-i18-fab4"
    builder.cover.value = "parlay 0..1; jump 2"
    builder.others.value = "right basic(slip=0.05); left counter"
    assert builder.error is None
    model = validate_config(builder.config())
    assert model.betting.cover.parlay == [0, 1] and model.betting.cover.max_jump == 2
    assert model.table.others.right[0].slip == 0.05 and model.table.others.left == ["counter"]
    assert (model.table.players, model.table.seat, model.run.rounds_per_hour) == (3, 2, 105)


def test_cover_and_others_as_study_variants():
    """A study varies betting.cover and table.others like any field; the table names them in
    words."""
    from jost_engine.analysis.study_tables import field_value
    from jost_engine.studies.expand import expand

    rows = expand({"base": {"rules": "vegas-strip-6d-s17", "strategy": "hi-lo-i18-fab4",
                            "betting": "spread-1-12", "run": {"rounds": 10_000}},
                   "variants": {"parlay": {"betting": {"cover": {"parlay": [0, 1]}}},
                                "crowded": {"table": {"others": {"left": ["basic"] * 3}}}}})
    configs = {row.name: row.config for row in rows}
    assert configs["parlay"]["betting"]["cover"]["parlay"] == [0, 1]
    assert configs["crowded"]["table"]["players"] == 4
    assert field_value("betting.cover", {"parlay": [0, 1]}) == "parlay +0..+1"
    assert field_value("table.others", {"left": ["basic"] * 3}) == "3 left (basic, basic, basic)"
