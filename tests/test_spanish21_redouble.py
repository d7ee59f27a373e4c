"""Spanish 21's redoubling (docs/variants.md): ``rules.max_doubles`` in the config, the
chart's ``redouble`` table, the kernel's redoubles on stacked shoes, the exact analysis
against a brute force, and the simulation against the exact analysis.

Dealing order of a stacked shoe (:mod:`jost_engine.testing`): our first card, the up
card, our second card, the hole card, our draws, then the dealer's. Nets and wagers are
in hundredths of a unit. The chart is the 4-8 deck S17 chart of ``tests/data`` (9
doubles against 3-6) with a ``redouble`` table added by each test.
"""

from __future__ import annotations

import numpy as np
import pytest
from test_spanish21 import SPANISH, brute_spanish, check_against_brute_force, game

from jost_engine.config import validate_config
from jost_engine.errors import ConfigError
from jost_engine.exact import exact_ev, generate_chart
from jost_engine.exact.charts import chart_arrays
from jost_engine.exact.overall import ExactGame
from jost_engine.profiles import ProfileStore
from jost_engine.testing import play_stacked, simulated_vs_exact
from jost_engine.testing import tally_value as read

PROFILE = "spanish21-6d-h17-rd"
ALL = " ".join(["D"] * 10)


# --- config ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("rules", "message"), [
    ({"max_doubles": 2}, "rules.max_doubles: redoubling (2 or 3) is a Spanish 21 rule and "
                         "needs double_any_cards, got 2 without it"),
    ({**SPANISH, "max_doubles": 4}, "rules.max_doubles: "),
    ({**SPANISH, "max_doubles": 0}, "rules.max_doubles: "),
    ({**SPANISH, "max_doubles": True}, "rules.max_doubles: "),
])
def test_bad_max_doubles_is_refused_in_one_line(rules, message):
    """Redoubles without doubles on any number of cards, or a count outside 1..3, are
    refused by one line naming the field."""
    with pytest.raises(ConfigError) as caught:
        validate_config({"rules": {"decks": 6, **rules}, "run": {"rounds": 1}})
    text = str(caught.value)
    assert text.startswith(message) and "\n" not in text.strip(), text


def test_a_bad_redouble_row_is_refused_in_one_line(chart):
    """A redouble row that is not a hard or soft total, or a code other than D and -, is
    refused naming the row."""
    for table, message in (({"s11": ALL}, "redouble.s11: rows are hard totals"),
                           ({"11": "R " * 10}, "redouble.11: codes must be one of D, -")):
        with pytest.raises(ConfigError, match=message):
            validate_config(game({**chart, "redouble": table}, max_doubles=3))


def test_configs_without_redoubles_read_as_before():
    """``max_doubles`` 1 and an empty redouble table are left out of a config's dict, so
    the shipped Spanish profiles' configs (and their labels) do not change; 3 is written."""
    plain = validate_config({"rules": {"decks": 6, **SPANISH}, "run": {"rounds": 1}})
    assert "max_doubles" not in plain.to_dict()["rules"] and "doubles up to" not in plain.label
    rd = validate_config({"rules": ProfileStore().piece("rules", PROFILE),
                          "run": {"rounds": 1}})
    assert rd.to_dict()["rules"]["max_doubles"] == 3 and "doubles up to 3 times" in rd.label


# --- the kernel on stacked shoes ---------------------------------------------------------------

@pytest.mark.parametrize(("max_doubles", "net", "doubles", "wagered"), [
    (3, 800, 3, 800),   # 9 -> 11 -> 12 -> 21 on eight units; the dealer's 6,T busts on a ten
    (2, 400, 2, 400),   # stops at 12 on four units; the dealer draws the 9: 25, busts
    (1, -200, 1, 200),  # stands on 11 on two units; the dealer draws the ace: 17 wins
])
def test_redoubles_up_to_max_doubles(chart, max_doubles, net, doubles, wagered):
    """5,4 v 6 (hole T) doubles; its cards 2 (11), A (hard 12) and 9 (21): the redouble
    table marks 11 and 12, so the hand doubles as often as ``max_doubles`` lets it; each
    double is counted and wagered. (With one double the dealer's draws are A, 9: 6,T,A is
    17 against 11.)"""
    chart["redouble"] = {"11": ALL, "12": ALL}
    tally = play_stacked(game(chart, max_doubles=max_doubles),
                         ["5", "6", "4", "T", "2", "A", "9", "T"])
    assert (read(tally, "net"), read(tally, "doubles"), read(tally, "wagered")) == (
        net, doubles, wagered)


def test_a_redoubled_hand_is_rescued_for_the_original_bet(chart):
    """5,4 v T (hole 7) doubles (the chart forced to), draws a 2 (11), redoubles, draws a
    2 (13), which the rescue table gives up against a ten: one unit lost of the four
    wagered."""
    chart["hard"]["9"] = ALL
    chart["redouble"] = {"11": ALL}
    chart["rescue"] = {"13": "- - - - - - - - R -"}
    tally = play_stacked(game(chart, max_doubles=2), ["5", "T", "4", "7", "2", "2"])
    assert (read(tally, "net"), read(tally, "doubles"), read(tally, "wagered")) == (
        -100, 2, 400)


def test_a_redoubled_21_is_paid_on_four_units(chart):
    """6,7 v T (hole 7) doubled (the chart forced to) draws a 2 (15, which the redouble
    table marks), then a 6: a 21 of four cards on four units beats the dealer's 17, paid
    1:1 (a 6-7-8 or a five-card 21 would get no bonus either: the hand is doubled)."""
    chart["hard"]["13"] = ALL
    chart["redouble"] = {"15": ALL}
    tally = play_stacked(game(chart, max_doubles=2), ["6", "T", "7", "7", "2", "6"])
    assert (read(tally, "net"), read(tally, "doubles")) == (400, 2)


def test_a_soft_total_redoubles_by_its_s_row(chart):
    """A,2 v 5 (hole T) doubles (soft 13), draws a 4 (soft 17): the ``s17`` row redoubles
    it, a 3 makes soft 20 on four units; the dealer's 5,T draws a ten and busts."""
    chart["redouble"] = {"s17": ALL}
    tally = play_stacked(game(chart, max_doubles=3), ["A", "5", "2", "T", "4", "3", "T"])
    assert (read(tally, "net"), read(tally, "doubles")) == (400, 2)


# --- exact analysis against a brute force ------------------------------------------------------

@pytest.mark.parametrize(("h17", "up", "cards", "rescue", "max_doubles"), [
    (True, 4, (3, 4), True, 3),    # 4,5 v 6: redoubles to eight units, rescues
    (True, 9, (4, 5), True, 2),    # 5,6 v T: one redouble, rescues against a ten
    (False, 5, (0, 1), False, 3),  # A,2 v 6: soft doubles redoubled, no rescue
    (True, 0, (2, 5), True, 3),    # 3,6 v A: against a peeking ace
])
def test_redouble_hand_values_match_brute_force(h17, up, cards, rescue, max_doubles):
    """With redoubles (and the other Spanish rules), the composition-dependent stand, hit
    (doubling and redoubling on any number of cards) and double of a hand from one 48-card
    deck equal an independent brute force to 1e-12, given no dealer blackjack."""
    check_against_brute_force(h17, up, cards, rescue, max_doubles)


def test_the_chart_s_redoubles_match_brute_force(chart):
    """A chart's double (5,4 v 6: 9 doubles) with its redouble table (hard 10-12, soft
    13-18) and rescue table (hard 13-16) equals a brute force that plays those tables
    after every double's card, to 1e-12, given no dealer blackjack."""
    chart["redouble"] = {**{str(t): ALL for t in (10, 11, 12)},
                         **{f"s{t}": ALL for t in range(13, 19)}}
    chart["rescue"] = {str(t): ALL.replace("D", "R") for t in range(13, 17)}
    rules = {"decks": 1, "dealer_hits_soft_17": True, **SPANISH, "max_doubles": 3}
    up, cards = 4, (3, 4)

    def policy(total, soft):
        if soft:
            return "redouble" if 13 <= total <= 18 else "stand"
        return "redouble" if 10 <= total <= 12 else "rescue" if 13 <= total <= 16 else "stand"

    shoe = [4] * 9 + [12]
    for card in (up, *cards):
        shoe[card] -= 1
    brute = brute_spanish(up, shoe, cards, True, True, 3, policy=policy)
    game_ = ExactGame(rules)
    arrays = chart_arrays(chart, True, "none", rescue=True, redouble=True)
    play, ev = game_.hand_td(up, *cards, arrays)
    p_bj = game_.hand_ev(up, *cards).p_dealer_bj
    assert play == "double"
    assert (ev + p_bj) / (1 - p_bj) == pytest.approx(brute["double"], abs=1e-12)


def test_redoubling_is_worth_a_third_of_a_percent_off_the_top():
    """Six decks H17 with rescue: redoubles up to two and three doubles each lower the
    exact house edge (basic strategy of each rule set), and the profile's edge lies
    within 0.05 % of the published 0.42 % (docs/variants.md)."""
    rules = ProfileStore().piece("rules", PROFILE)
    edges = [-exact_ev({**rules, "max_doubles": m})["ev_td"] for m in (1, 2, 3)]
    assert edges[0] > edges[1] > edges[2]
    assert abs(edges[2] - 0.0042) < 5e-4, edges


def test_the_generated_chart_has_a_redouble_table_read_only_with_the_rule():
    """The generated chart of the profile redoubles hard 11 against every up card; the
    same chart on rules without redoubles plays as the chart without the table."""
    rules = ProfileStore().piece("rules", PROFILE)
    chart = generate_chart(rules)
    assert chart["redouble"]["11"] == ALL
    without = dict(chart)
    del without["redouble"]
    plain = {**rules, "max_doubles": 1}
    assert exact_ev(plain, chart)["ev_td"] == exact_ev(plain, without)["ev_td"]


# --- simulation against the exact analysis -----------------------------------------------------

def test_simulated_house_edge_with_redoubles_is_within_4_se_of_exact():
    """2e7 rounds of basic strategy (redoubles and rescues by the generated chart) off the
    top agree with the exact EV within 4 SE."""
    rules = {**ProfileStore().piece("rules", PROFILE), "reshuffle": "every_round"}
    advantage, se, exact = simulated_vs_exact(rules, 20_000_000, 31)
    assert abs(advantage - exact) <= 4 * se, (advantage, se, exact)
    assert np.isfinite(se)


def test_the_chart_in_the_docs_is_the_generated_one():
    """docs/charts.md's ``spanish21-6d-h17-rd`` block, redouble table included, is what
    ``jost strategy spanish21-6d-h17-rd`` prints (legend aside)."""
    from pathlib import Path

    from jost_engine.cli.exact import format_chart

    text = (Path(__file__).resolve().parents[1] / "docs" / "charts.md").read_text("utf-8")
    block = text.split(f"`{PROFILE}`:\n", 1)[1].split("```text\n", 1)[1].split("\n```", 1)[0]
    chart = generate_chart(ProfileStore().piece("rules", PROFILE))
    assert "redouble" in block
    assert format_chart(chart).split("\nlegend")[0].rstrip("\n") == block


def test_the_build_tab_drops_redoubles_with_the_spanish_doubles():
    """The Build tab's game: picking classic or Free Bet on a redouble profile sets
    ``max_doubles`` back to 1 (else the config would be refused); Spanish 21 keeps 3."""
    from jost_widgets.controls import game_of, game_rules

    rules = ProfileStore().piece("rules", PROFILE)
    assert game_of(rules) == "spanish-21"
    assert game_rules("spanish-21", rules).get("max_doubles", 3) == 3
    for game_ in ("classic", "free-bet"):
        picked = {**rules, **game_rules(game_, rules)}
        assert picked["max_doubles"] == 1
        validate_config({"rules": picked, "run": {"rounds": 1}})


def test_the_chart_file_names_max_doubles_only_above_1(tmp_path):
    """A workspace's chart file of a redouble game differs from the game's without
    redoubles; a classic game's keeps the name it had before (no max_doubles in it)."""
    from jost_engine.chart_cache import ChartCache
    from jost_engine.config import VARIANT_RULES
    from jost_engine.exact.generate import CHART_FIELDS, VERSION
    from jost_engine.exact.rules import ExactRules

    cache = ChartCache(tmp_path)
    rules = ProfileStore().piece("rules", PROFILE)
    three, one = cache.path(rules), cache.path({**rules, "max_doubles": 1})
    assert three != one and three.name == one.name.replace(".json", "-3.json")
    classic = ExactRules.from_rules({"decks": 6})
    fields = [f for f in CHART_FIELDS if f not in (*VARIANT_RULES, "max_doubles")]
    before = f"chart-v{VERSION}-" + "-".join(str(getattr(classic, f)) for f in fields)
    assert cache.path({"decks": 6}).name == before.replace(" ", "") + ".json"


@pytest.mark.slow  # 1e8 rounds: about a minute a profile
@pytest.mark.parametrize("profile", [PROFILE, "spanish21-8d-h17-rd"])
def test_simulated_house_edge_at_1e8_rounds_is_within_4_se_of_exact(profile):
    """1e8 rounds of basic strategy off the top agree with the exact EV within 4 SE (the
    figures of docs/variants.md)."""
    rules = {**ProfileStore().piece("rules", profile), "reshuffle": "every_round"}
    advantage, se, exact = simulated_vs_exact(rules, 100_000_000, 22)
    assert abs(advantage - exact) <= 4 * se, (advantage, se, exact)
