"""Property tests: every rule combination runs, rounds stay within the rules' bounds,
cards are conserved, and any invalid config raises ConfigError."""

from __future__ import annotations

import copy
import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from jost_engine import ConfigError, run_simulation_from_config, validate_config
from jost_engine.cards import shoe_cards
from jost_engine.errors import JostError
from jost_engine.kernel.rng import chunk_key
from jost_engine.prepare import prepare
from jost_engine.simulation import play, validate
from jost_engine.statistics import outcome_columns
from jost_engine.testing import play_stacked
from jost_engine.testing import tally_value as read

CHART = json.loads((Path(__file__).parent / "data" / "chart_4d_s17.json").read_text("utf-8"))
CHART["early_surrender"] = {"14": "- - - - - - - - R R", "15": "- - - - - - - R R R",
                            "16": "- - - - - - - R R R", "8-8": "- - - - - - - - - R"}


def _aggressive_chart() -> dict:
    """Split every pair, double every hard 4..11 and soft 13..18: the widest outcomes."""
    chart = copy.deepcopy(CHART)
    every = " ".join(["D"] * 10)
    chart["hard"].update({str(t): every for t in range(4, 12)})
    chart["soft"].update({str(t): every for t in range(13, 19)})
    chart["pairs"] = {k: " ".join(["P"] * 10) for k in chart["pairs"]}
    return chart


AGGRESSIVE = _aggressive_chart()
FAST = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])

rules_strategy = st.fixed_dictionaries({
    "decks": st.integers(1, 8),
    "dealer_hits_soft_17": st.booleans(),
    "blackjack_pays": st.sampled_from([1.5, 1.2, 1.0, 2.0]),
    "double": st.sampled_from(["any", "9-11", "10-11"]),
    "double_after_split": st.booleans(),
    "max_split_hands": st.integers(1, 4),
    "resplit_aces": st.booleans(),
    "hit_split_aces": st.booleans(),
    "surrender": st.sampled_from(["none", "late", "early"]),
    "hole_card": st.sampled_from(["peek", "enhc"]),
    "penetration": st.floats(0.25, 0.95),
    "reshuffle": st.sampled_from(["cut_card", "every_round"]),
})
table_strategy = st.integers(1, 7).flatmap(
    lambda players: st.fixed_dictionaries({"players": st.just(players),
                                           "seat": st.integers(1, players)}))
strategy_strategy = st.fixed_dictionaries({
    "chart": st.sampled_from([CHART, AGGRESSIVE]),
    "count": st.sampled_from([None, {"system": "hi-lo"}]),
}).map(lambda s: {**s, "insurance_at": None if s["count"] is None else -99})


ROUNDS = st.integers(1_000, 4_000)


@st.composite
def configs(draw, rounds=ROUNDS):
    """A valid config with random rules, table and chart, no wonging (every round bet)."""
    return {"rules": draw(rules_strategy), "table": draw(table_strategy),
            "strategy": draw(strategy_strategy),
            "run": {"rounds": draw(rounds), "seed": draw(st.integers(0, 2**32)),
                    "chunk_rounds": 1_000}}


def round_bounds(config: dict) -> tuple[float, float]:
    """Least and most a round can net [initial bets] under the config's rules."""
    rules = config["rules"]
    hands = rules["max_split_hands"]
    per_split_hand = 2 if rules["double_after_split"] else 1
    most = max(2.0, hands * per_split_hand)
    insurance = 0.5 if config["strategy"].get("count") else 0.0
    return -(most + insurance), max(most, rules["blackjack_pays"])


# --- (a) every rule combination runs -----------------------------------------------------

@FAST
@given(configs())
def test_every_rule_combination_runs(config):
    """Sane tallies for any valid rules, table and chart."""
    result = run_simulation_from_config(config)
    tally, summary = result.tally, result.summary
    rounds = config["run"]["rounds"]
    rules = config["rules"]
    assert summary["rounds"] == rounds == tally["all_rounds"]
    assert tally["hands"] >= rounds
    assert tally["hands"] <= rounds * rules["max_split_hands"]
    assert tally["wins"] + tally["pushes"] + tally["losses"] == tally["hands"]
    assert tally["hands"] - rounds == tally["splits"]
    assert outcome_columns(tally)["rounds"].sum() == rounds
    assert tally["busts"] <= tally["losses"]
    assert tally["doubles"] <= tally["hands"]
    assert tally["player_bj"] + tally["surrenders"] <= rounds
    assert tally["insurance_won"] <= tally["insurance"] <= rounds
    assert summary["total_wagered_units"] >= summary["initial_bet_units"] == rounds
    assert tally["cards"] >= rounds * (2 * config["table"]["players"] + 1)
    if rules["surrender"] == "none":
        assert tally["surrenders"] == 0
    if rules["max_split_hands"] == 1:
        assert tally["splits"] == 0
    if config["strategy"]["count"] is None:
        assert tally["insurance"] == 0
    if rules["reshuffle"] == "every_round":
        assert tally["shoes"] == rounds
    low, high = round_bounds(config)
    assert low <= summary["ev_per_round"] <= high
    assert all(math.isfinite(summary[k]) for k in ("advantage", "sd_per_round"))


# --- (b) one round nets what the rules allow ----------------------------------------------

@FAST
@given(configs())
def test_round_net_within_rule_bounds(config):
    """Every round's net lies between the rules' worst loss and best win."""
    result = run_simulation_from_config(config)
    nets = outcome_columns(result.tally)["net_bets"]
    low, high = round_bounds(config)
    assert low <= nets.min() and nets.max() <= high
    tenths = (nets * 10).round()
    assert np.allclose(tenths, nets * 10)
    if config["rules"]["blackjack_pays"] != 1.2:
        assert (tenths % 5 == 0).all()  # everything else is a multiple of half a bet


def test_four_doubled_split_hands_lose_or_win_eight_bets():
    """8-8 split to four hands, each 8-3 doubled: -8 bets against a dealer 19, +8 when the
    dealer busts."""
    config = {"rules": {"decks": 1, "max_split_hands": 4}, "table": {"players": 1},
              "strategy": {"chart": AGGRESSIVE}, "run": {"rounds": 1}}
    hands = ["8", "8", "3", "5", "3", "5", "3", "5", "3", "5"]
    lost = play_stacked(config, ["8", "T", "8", "9", *hands])
    won = play_stacked(config, ["8", "T", "8", "6", *hands, "T"])
    for tally, net in ((lost, -800), (won, 800)):
        assert (read(tally, "net"), tally["splits"], tally["doubles"]) == (net, 3, 4)


def test_random_rounds_stay_within_eight_bets():
    """Every split and double (one deck, four hands): no round nets beyond 8 bets, and
    rounds beyond 4 bets either way do occur."""
    config = {"rules": {"decks": 1, "max_split_hands": 4}, "table": {"players": 1},
              "strategy": {"chart": AGGRESSIVE},
              "run": {"rounds": 200_000, "seed": 3, "chunk_rounds": 100_000}}
    nets = outcome_columns(run_simulation_from_config(config).tally)["net_bets"]
    assert -8.0 <= nets.min() <= -4.5 and 4.5 <= nets.max() <= 8.0


# --- (c) cards are conserved --------------------------------------------------------------

@FAST
@given(configs(), st.randoms(use_true_random=False), st.integers(1, 6))
def test_stacked_full_deck(config, rnd, rounds):
    """A shuffled full shoe dealt in order: never more cards than the shoe, nets in bounds."""
    cards = shoe_cards(config["rules"]["decks"]).tolist()
    rnd.shuffle(cards)
    try:
        tally = play_stacked(config, cards, rounds=rounds)
    except JostError:  # the rounds need more cards than the shoe: not an example
        assume(False)
    assert tally["cards"] <= len(cards)
    assert tally["all_rounds"] == read(tally, "rounds") == rounds
    low, high = round_bounds(config)
    assert low * rounds <= read(tally, "net") / 100 <= high * rounds


@FAST
@given(configs(), st.randoms(use_true_random=False))
def test_stacked_rounds_follow_each_other(config, rnd):
    """Two rounds from one stack = the first round, then a round from the cards left."""
    config = {**config, "strategy": {"chart": config["strategy"]["chart"]}}  # no count
    cards = shoe_cards(config["rules"]["decks"]).tolist()
    rnd.shuffle(cards)
    try:
        both = play_stacked(config, cards, rounds=2)
    except JostError:  # two rounds need more cards than the shoe: not an example
        assume(False)
    first = play_stacked(config, cards, rounds=1)
    second = play_stacked(config, cards[first["cards"]:], rounds=1)
    for name in ("net", "cards", "hands", "doubles", "splits", "wins", "losses", "wagered"):
        assert read(both, name) == read(first, name) + read(second, name)


@FAST
@given(configs(rounds=st.integers(200, 3_000)))
def test_random_play_permutes_the_shoe(config):
    """The kernel's shoe array stays a permutation of the full shoe, whatever happens."""
    model = validate_config(config)
    inputs = prepare(model)
    decks = config["rules"]["decks"]
    shoe = shoe_cards(decks).copy()
    tally = play(inputs, config["run"]["rounds"], chunk_key(model.run.seed, 0), shoe=shoe)
    assert np.array_equal(np.sort(shoe), np.sort(shoe_cards(decks)))
    assert tally["all_rounds"] == config["run"]["rounds"]


def test_shoe_recycles_discards_mid_round():
    """Seven players at one deck dealt to 95 %: rounds run out of cards mid-round."""
    config = {"rules": {"decks": 1, "penetration": 0.95}, "table": {"players": 7, "seat": 4},
              "strategy": {"chart": AGGRESSIVE}, "run": {"rounds": 20_000, "seed": 5}}
    inputs = prepare(validate_config(config))
    shoe = shoe_cards(1).copy()
    tally = play(inputs, 20_000, chunk_key(5, 0), shoe=shoe)
    assert np.array_equal(np.sort(shoe), np.sort(shoe_cards(1)))
    assert tally["wins"] + tally["pushes"] + tally["losses"] == tally["hands"]
    assert tally["cards"] > 52 * tally["shoes"]  # so some shoe recycled its discards


RUNAWAY_ROUND = """
import sys
from jost_engine import run_simulation_from_config
hit = " ".join(["H"] * 10)
chart = {"hard": {str(t): hit if t < 21 else hit.replace("H", "S") for t in range(4, 22)},
         "soft": {str(t): hit if t < 21 else hit.replace("H", "S") for t in range(12, 22)},
         "pairs": {k: hit.replace("H", "P") for k in "23456789TA"}}
config = {"rules": {"decks": 1, "resplit_aces": True, "hit_split_aces": True},
          "table": {"players": 7}, "strategy": {"chart": chart},
          "run": {"rounds": 20000, "seed": 1, "chunk_rounds": 20000}}
run_simulation_from_config(config)
"""


def test_round_longer_than_the_shoe_ends():
    """A round that needs more cards than the shoe holds ends (or raises a JostError)."""
    try:
        done = subprocess.run([sys.executable, "-c", RUNAWAY_ROUND], capture_output=True,
                              text=True, timeout=120)  # start-up alone: up to 20 s loaded
    except subprocess.TimeoutExpired:
        pytest.fail("the simulation did not end within 120 s")
    assert done.returncode == 0 or "JostError" in done.stderr, done.stderr[-500:]

# --- the kernel against a plain-Python referee --------------------------------------------

UP_INDEX = {1: 9, 10: 8, **{v: v - 2 for v in range(2, 10)}}
KEYS = {1: "A", 10: "T", **{v: str(v) for v in range(2, 10)}}
DOUBLE_LIMITS = {"any": (0, 21, True), "9-11": (9, 11, False), "10-11": (10, 11, False)}


def random_chart(rnd) -> dict:
    """A chart with a random code in every cell (and random surrender tables)."""
    def rows(keys, codes, weights=None):
        return {k: " ".join(rnd.choices(codes, weights, k=10)) for k in keys}

    surrender = [str(t) for t in range(4, 21)] + [f"{k}-{k}" for k in "23456789TA"]
    return {"hard": rows([str(t) for t in range(4, 22)], ["H", "S", "D", "Ds"]),
            "soft": rows([str(t) for t in range(12, 22)], ["H", "S", "D", "Ds"]),
            "pairs": rows(list("23456789TA"), ["P", "Ph", "N"]),
            "late_surrender": rows(surrender, ["R", "-"], [1, 4]),
            "early_surrender": rows(surrender, ["R", "-"], [1, 4])}


def _total(cards: list[int]) -> tuple[int, bool]:
    s = sum(cards)
    return (s + 10, True) if 1 in cards and s + 10 <= 21 else (s, False)


def referee(config: dict, cards: list[int]) -> tuple[int, int]:
    """Our seat's net [1/10 bet] and the cards dealt in one round, by the book."""
    rules, chart = config["rules"], config["strategy"]["chart"]
    players, me = config["table"]["players"], config["table"]["seat"] - 1
    peek = rules["hole_card"] == "peek"
    deck = iter(cards)
    used = 0

    def draw() -> int:
        nonlocal used
        used += 1
        return next(deck)

    def code(table: str, key: str) -> str:
        return chart[table][key].split()[UP_INDEX[up]]

    seats = [[{"cards": [draw()], "mult": 1, "split": False}] for _ in range(players)]
    up = draw()
    for hands in seats:
        hands[0]["cards"].append(draw())
        hands[0]["state"] = "bj" if _total(hands[0]["cards"])[0] == 21 else "live"
    hole = draw() if peek else None
    peeked_bj = peek and up + hole == 11 and 1 in (up, hole)

    def surrenders(hand) -> bool:
        table = chart.get(f"{rules['surrender']}_surrender", {})
        c1, c2 = hand["cards"]
        key = f"{KEYS[c1]}-{KEYS[c1]}" if c1 == c2 else None if 1 in (c1, c2) else str(c1 + c2)
        return key in table and table[key].split()[UP_INDEX[up]] == "R"

    if rules["surrender"] == "early" or (rules["surrender"] == "late" and not peeked_bj):
        for hands in seats:
            if hands[0]["state"] == "live" and surrenders(hands[0]):
                hands[0]["state"] = "surrendered"
    low, high, soft_ok = DOUBLE_LIMITS[rules["double"]]
    for hands in seats if not peeked_bj else []:
        i = 0
        while i < len(hands) and hands[0]["state"] != "bj" and hands[0]["state"] != "surrendered":
            hand = hands[i]
            if len(hand["cards"]) == 1:
                hand["cards"].append(draw())
            while True:
                total, soft = _total(hand["cards"])
                if total >= 21:
                    hand["state"] = "stood" if total == 21 else "bust"
                    break
                c1, c2 = hand["cards"][0], hand["cards"][-1]
                pair_code = code("pairs", KEYS[c1]) if len(hand["cards"]) == 2 else "N"
                if (len(hand["cards"]) == 2 and c1 == c2 and len(hands) < rules["max_split_hands"]
                        and (c1 != 1 or not hand["split"] or rules["resplit_aces"])
                        and (pair_code == "P" or (pair_code == "Ph"
                                                  and rules["double_after_split"]))):
                    hands.append({"cards": [c1], "mult": 1, "split": True, "state": "live"})
                    hand.update(cards=[c1, draw()], split=True)
                    continue
                if hand["split"] and hand["cards"][0] == 1 and not rules["hit_split_aces"]:
                    hand["state"] = "stood"
                    break
                act = code("soft" if soft else "hard", str(total))
                may_double = (len(hand["cards"]) == 2 and not (hand["split"] and c1 == 1)
                              and (not hand["split"] or rules["double_after_split"])
                              and (soft_ok if soft else low <= total <= high))
                if act in ("D", "Ds") and may_double:
                    hand["mult"] = 2
                    hand["cards"].append(draw())
                    hand["state"] = "bust" if _total(hand["cards"])[0] > 21 else "stood"
                    break
                if act == "S" or act == "Ds":
                    hand["state"] = "stood"
                    break
                hand["cards"].append(draw())
            i += 1
    everyone = [hand for hands in seats for hand in hands]
    live = any(h["state"] == "stood" for h in everyone)
    late_enhc = not peek and rules["surrender"] == "late"
    waiting = up in (1, 10) and any(
        h["state"] == "bj" or (late_enhc and h["state"] == "surrendered") for h in everyone)
    if not peek and (live or waiting):
        hole = draw()
    dealer = [up, hole] if hole else [up]
    dealer_bj = hole is not None and _total(dealer)[0] == 21
    while live and not dealer_bj:
        total, soft = _total(dealer)
        if total > 17 or (total == 17 and not (soft and rules["dealer_hits_soft_17"])):
            break
        dealer.append(draw())
    dealer_total = _total(dealer)[0]
    net = 0
    for hand in seats[me]:
        total, state, mult = _total(hand["cards"])[0], hand["state"], hand["mult"]
        if state == "bj":
            net += 0 if dealer_bj else round(10 * rules["blackjack_pays"])
        elif state == "surrendered":
            net -= 10 if (dealer_bj and late_enhc) else 5
        elif state == "bust" or dealer_bj or (dealer_total <= 21 and total < dealer_total):
            net -= 10 * mult
        elif dealer_total > 21 or total > dealer_total:
            net += 10 * mult
    return net, used


@pytest.mark.slow  # hundreds of hypothesis examples
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(configs(), st.randoms(use_true_random=False), st.booleans(), st.booleans())
def test_kernel_agrees_with_referee(config, rnd, random_codes, few_ranks):
    """Rounds on a shuffled shoe: the kernel's net and cards equal the referee's.

    ``few_ranks`` deals from one to three ranks only, so pairs, resplits, split aces and
    soft totals come up often.
    """
    rules = config["rules"]
    chart = random_chart(rnd) if random_codes else config["strategy"]["chart"]
    config = {**config, "strategy": {"chart": chart}}
    cards = shoe_cards(rules["decks"]).tolist()
    if few_ranks:
        ranks = rnd.sample(range(1, 11), rnd.randint(1, 3))
        cards = [rnd.choice(ranks) for _ in cards]
    rnd.shuffle(cards)
    rounds, net, used = 0, 0, 0
    while rounds < 30:
        try:
            round_net, round_cards = referee(config, cards[used:])
        except StopIteration:
            break
        rounds, net, used = rounds + 1, net + round_net, used + round_cards
    assume(rounds > 0)
    tally = play_stacked(config, cards, rounds=rounds)
    assert (read(tally, "net"), tally["cards"], tally["hands"] >= rounds) == (10 * net, used, True)

# --- (d) any invalid config raises ConfigError --------------------------------------------

VALID = {
    "schema_version": 1,
    "simulation_type": "blackjack",
    "label": "junk target",
    "rules": {"decks": 2, "dealer_hits_soft_17": True, "blackjack_pays": 1.5,
              "double": "any", "double_after_split": True, "max_split_hands": 4,
              "resplit_aces": False, "hit_split_aces": False, "surrender": "late",
              "hole_card": "peek", "penetration": 0.75, "reshuffle": "cut_card"},
    "table": {"players": 2, "seat": 1},
    "strategy": {"chart": CHART,
                 "count": {"system": "hi-lo", "deck_resolution": 0.5, "true_count": "floor"},
                 "deviations": [{"hand": "16", "dealer": "T", "action": "stand",
                                 "at_or_above": 0}],
                 "insurance_at": 3},
    "betting": {"ramp": [[-99, 1], [2, 4]], "wong_in": None, "wong_out": None, "unit": 25,
                "bankroll_units": 400},
    "run": {"rounds": 1_000, "seed": 1, "chunk_rounds": 1_000, "rounds_per_hour": 100},
}


def _paths(node, prefix=()):
    """Every key path of a nested dict (lists by index), the chart's rows excluded."""
    if isinstance(node, dict) and prefix[-1:] != ("chart",):
        for key, value in node.items():
            yield (*prefix, key)
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield (*prefix, i)
            yield from _paths(value, (*prefix, i))


PATHS = sorted(_paths(VALID), key=str)
HAND_TEXT = st.text(alphabet="0123456789ATat,- x", max_size=4)
junk = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6)
    | st.floats(-1e6, 1e6, allow_nan=False) | st.text(max_size=6) | HAND_TEXT
    | st.sampled_from(["hi-lo", "custom", "late", "9-11", "enhc", "A7", "T,T"]),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=4), children, max_size=3),
    max_leaves=6)


def _mutate(config: dict, path: tuple, value, how: str) -> dict:
    config = copy.deepcopy(config)
    *parents, last = path
    node = config
    for part in parents:
        node = node[part]
    if how == "set":
        node[last] = value
    elif how == "delete":
        del node[last]
    elif isinstance(node, dict):  # "add": an unknown field next to this one
        node[f"x_{last}"] = value
    return config


def _assert_config_error_or_valid(config) -> str:
    """Either a ConfigError, or a config that validates again to itself and runs.

    Returns what happened (``"refused"`` or ``"accepted"``), for hypothesis' statistics.
    """
    try:
        validate_config(config)
        valid = validate(config)
    except ConfigError:
        return "refused"
    assert validate(valid) == valid
    small = {**config, "run": {**config["run"], "rounds": 1_000, "chunk_rounds": 1_000}}
    try:
        run_simulation_from_config(small)
    except ConfigError:
        return "refused"
    return "accepted"


@pytest.mark.slow  # hundreds of hypothesis examples
@settings(max_examples=400, deadline=None)
@given(st.sampled_from(PATHS), junk, st.sampled_from(["set", "set", "delete"]))
def test_junk_values_are_refused_or_valid(path, value, how):
    """Junk anywhere (a value, a missing field) is a ConfigError, or the config is valid:
    it validates again to the same config and runs (junk may be a valid value)."""
    event(_assert_config_error_or_valid(_mutate(VALID, path, value, how)))


DICT_PATHS = [p for p in PATHS if not isinstance(p[-1], int)]


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(DICT_PATHS), junk)
def test_unknown_fields_raise_config_error(path, value):
    """A field the schema does not know, next to any known one, raises ConfigError."""
    with pytest.raises(ConfigError):
        validate(_mutate(VALID, path, value, "add"))


@settings(max_examples=100, deadline=None)
@given(junk)
def test_junk_documents_raise_config_error(document):
    """A document that is not a config at all raises ConfigError."""
    with pytest.raises(ConfigError):
        validate_config(document)


@settings(max_examples=150, deadline=None)
@given(st.fixed_dictionaries({
    "hand": HAND_TEXT, "dealer": st.sampled_from(list("23456789TA")),
    "action": st.sampled_from(["hit", "stand", "double", "split", "surrender"]),
    "at_or_above": st.integers(-20, 20)}),
    st.sampled_from(["any", "9-11", "10-11"]), st.sampled_from(["none", "late"]),
    st.integers(1, 4))
def test_random_index_plays(deviation, double, surrender, max_hands):
    """Any index play validates or is a ConfigError; a valid one runs."""
    config = copy.deepcopy(VALID)
    config["rules"].update(double=double, surrender=surrender, max_split_hands=max_hands)
    config["strategy"]["deviations"] = [deviation]
    event(_assert_config_error_or_valid(config))


def _at(path: tuple, value) -> dict:
    return _mutate(VALID, path, value, "set")


CUSTOM_TAGS = {"system": "custom", "tags": {k: 0 for k in "23456789TA"}}
INF = float("inf")
NAN = float("nan")


@pytest.mark.parametrize("config", [
    pytest.param(_at(("rules", "penetration"), NAN), id="penetration-nan"),
    pytest.param(_at(("run", "rounds_per_hour"), INF), id="rounds_per_hour-inf"),
    pytest.param(_at(("rules", "decks"), 10**400), id="decks-huge"),
    pytest.param(_at(("run", "seed"), 2**64), id="seed-huge"),
    pytest.param(_at(("strategy", "count"), {**CUSTOM_TAGS, "tags": {
        **CUSTOM_TAGS["tags"], "2": INF}}), id="tag-inf"),
    pytest.param(_at(("betting", "ramp"), [[10**400, 1]]), id="ramp-huge-int"),
    pytest.param(_at(("strategy", "insurance_at"), 1e300), id="insurance_at-1e300"),
    pytest.param(_at(("strategy", "insurance_at"), NAN), id="insurance_at-nan"),
    pytest.param(_at(("strategy", "insurance_at"), INF), id="insurance_at-inf"),
    pytest.param(_at(("strategy", "deviations", 0, "at_or_above"), 1e300), id="index-1e300"),
    pytest.param(_at(("strategy", "deviations", 0, "at_or_above"), 10**20), id="index-1e20"),
    pytest.param(_at(("strategy", "deviations", 0, "hand"), "1\u00b2"), id="hand-superscript"),
    pytest.param(_at(("betting", "wong_in"), 1e300), id="wong_in-1e300"),
    pytest.param(_at(("strategy", "count"), {"system": "hi-lo",
                                             "initial_running_count": 1e300}), id="irc-1e300"),
    pytest.param(_at(("betting", "min_units"), 1e300), id="min_units-1e300"),
    pytest.param(_at(("strategy", "deviations"), ""), id="deviations-empty"),
    pytest.param(_at(("strategy", "deviations"), "fab4+"), id="deviations-trailing-plus"),
])
def test_extreme_numbers_raise_config_error(config):
    """Infinities, NaN and numbers too big for the kernel are ConfigErrors too."""
    with pytest.raises(ConfigError):
        validate(config)
        small = {**config, "run": {**config["run"], "rounds": 1_000}}
        run_simulation_from_config(small)
