"""Free Bet Blackjack (docs/variants.md): its rules in the config, the kernel's
settlement on stacked shoes, the exact analysis and the simulation against it.

Dealing order of a stacked shoe (:mod:`jost_engine.testing`): our first card,
the up card, our second card, the hole card, our draws hand by hand, then the
dealer's. Nets are in hundredths of a unit.
"""

from __future__ import annotations

import pytest

from jost_engine.config import validate_config
from jost_engine.errors import ConfigError
from jost_engine.exact import exact_ev
from jost_engine.exact.overall import ExactGame
from jost_engine.profiles import ProfileStore
from jost_engine.testing import play_stacked, simulated_vs_exact
from jost_engine.testing import tally_value as read

FREE_BET = {"dealer_22_pushes": True, "free_doubles": True, "free_splits": True}
PROFILE = "free-bet-6d-h17"


def game(chart: dict, free: bool = True, **rules) -> dict:
    """A one-round six-deck config playing ``chart``, with Free Bet rules when ``free``."""
    return {"rules": {"decks": 6, **(FREE_BET if free else {}), **rules},
            "strategy": {"chart": chart}, "run": {"rounds": 1}}


# --- config ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("rules", "message"), [
    ({"dealer_22_pushes": "yes"},
     "rules.dealer_22_pushes: input should be a valid boolean, got 'yes'"),
    ({"free_doubles": 1}, "rules.free_doubles: input should be a valid boolean, got 1"),
    ({"free_split": True}, "rules.free_split"),
])
def test_bad_free_bet_rules_are_refused_in_one_line(rules, message):
    """A non-boolean Free Bet rule, or a misspelt one, is refused by one line naming
    the field."""
    with pytest.raises(ConfigError) as caught:
        validate_config({"rules": {"decks": 6, **rules}, "run": {"rounds": 1}})
    text = str(caught.value)
    assert message in text and "\n" not in text.strip()


def test_free_doubles_follow_the_double_rule(chart):
    """With ``double: "10-11"`` a hard 9 cannot double at all (the config is valid): 5,4
    v 6 hits, draws a ten and stands on 19 against the dealer's 6,T + 2 (18)."""
    tally = play_stacked(game(chart, double="10-11"), ["5", "6", "4", "T", "T", "2"])
    assert (read(tally, "net"), read(tally, "doubles")) == (100, 0)


def test_the_profile_holds_the_common_rules_and_classic_configs_read_as_before():
    """The shipped profile is 6D H17 3:2, resplits to 4 (aces too), DAS, the three Free
    Bet rules; a config without them leaves them out of its dict."""
    rules = ProfileStore().piece("rules", PROFILE)
    assert {k: rules[k] for k in (*FREE_BET, "decks", "dealer_hits_soft_17",
                                  "blackjack_pays", "max_split_hands", "resplit_aces",
                                  "double_after_split", "surrender")} == {
        **FREE_BET, "decks": 6, "dealer_hits_soft_17": True, "blackjack_pays": 1.5,
        "max_split_hands": 4, "resplit_aces": True, "double_after_split": True,
        "surrender": "none"}
    plain = validate_config({"rules": {"decks": 6}, "run": {"rounds": 1}}).to_dict()
    assert not set(FREE_BET) & set(plain["rules"])


# --- settlement on stacked shoes --------------------------------------------------------------

@pytest.mark.parametrize(("free", "net", "pushes"), [(True, 0, 1), (False, 100, 0)])
def test_a_dealer_22_pushes_a_standing_20(chart, free, net, pushes):
    """T,T v 6 stands; the dealer's 6,6 draws a ten: 22 pushes under Free Bet, pays
    classic."""
    tally = play_stacked(game(chart, free), ["T", "6", "T", "6", "T"])
    assert (read(tally, "net"), read(tally, "pushes")) == (net, pushes)


def test_a_dealer_23_still_busts(chart):
    """T,T v 6 against 6,7 + T (23): paid under Free Bet."""
    tally = play_stacked(game(chart), ["T", "6", "T", "7", "T"])
    assert read(tally, "net") == 100


@pytest.mark.parametrize(("free", "draw", "net", "wagered"), [
    (True, "2", -100, 100), (False, "2", -200, 200), (True, "T", 200, 100),
    (False, "T", 200, 200)])
def test_a_free_double_on_11_loses_only_the_own_unit(chart, free, draw, net, wagered):
    """6,5 v 9 (hole ten) doubles: losing on 13 costs 1 unit with the casino's chip, 2
    without; winning on 21 pays 2 either way. Only the own money is wagered."""
    tally = play_stacked(game(chart, free), ["6", "9", "5", "T", draw])
    assert (read(tally, "net"), read(tally, "doubles"), read(tally, "wagered")) == (
        net, 1, wagered)


@pytest.mark.parametrize(("dealer_draw", "net"), [("6", -200), ("7", 0)])
def test_a_soft_double_is_the_players_own_money(chart, dealer_draw, net):
    """A,7 v 5 (hole ten) doubles soft 18 with own money and draws a 2 (soft 20): the
    dealer's 21 takes both units; the dealer's 22 pushes the doubled hand."""
    tally = play_stacked(game(chart), ["A", "5", "7", "T", "2", dealer_draw])
    assert (read(tally, "net"), read(tally, "doubles"), read(tally, "wagered")) == (
        net, 1, 200)


@pytest.mark.parametrize(("free", "net"), [(True, -100), (False, -200)])
def test_a_free_split_hand_loses_nothing(chart, free, net):
    """8,8 v T (hole 9) splits; both 18s lose to 19: only the first hand's own unit is
    lost under Free Bet."""
    tally = play_stacked(game(chart, free), ["8", "T", "8", "9", "T", "T"])
    assert (read(tally, "net"), read(tally, "splits"), read(tally, "losses")) == (net, 1, 2)


@pytest.mark.parametrize(("free", "net", "wagered"), [(True, -100, 100), (False, -400, 400)])
def test_free_doubles_after_a_free_split(chart, free, net, wagered):
    """8,8 v 6 (hole ace, soft 17 stands): 8,3 and 8,2 double and both lose on 13. Under
    Free Bet the first hand loses its own unit only (its double is free), the second
    hand (the casino's split chip, doubled free) nothing."""
    tally = play_stacked(game(chart, free), ["8", "6", "8", "A", "3", "2", "2", "3"])
    assert (read(tally, "net"), read(tally, "doubles"), read(tally, "wagered")) == (
        net, 2, wagered)


@pytest.mark.parametrize("free", [True, False])
def test_splitting_tens_is_never_free(chart, free):
    """T,T v 9 (hole 9), the chart forced to split: both 17s lose two own units."""
    chart["pairs"]["T"] = " ".join(["P"] * 10)
    tally = play_stacked(game(chart, free), ["T", "9", "T", "9", "7", "7"])
    assert read(tally, "net") == -200


# --- exact analysis ---------------------------------------------------------------------------

def test_free_splits_and_doubles_are_worth_more_than_paid_ones():
    """Against every up card, a free split of aces, 4s, 8s and 9s is worth more than the
    same split paid for and a free double of 4,5 (hard 9) more than a paid one; a split
    of tens is never free, so it is worth the same."""
    free = ExactGame({"decks": 6, "dealer_hits_soft_17": True, **FREE_BET})
    paid = ExactGame({"decks": 6, "dealer_hits_soft_17": True, "dealer_22_pushes": True})
    for up in range(10):
        for pair in (0, 3, 7, 8):
            assert free.split(up, pair) > paid.split(up, pair)
        assert free.split(up, 9) == pytest.approx(paid.split(up, 9), abs=1e-15)
        assert free.hand_ev(up, 3, 4).values["double"] > paid.hand_ev(up, 3, 4).values["double"]


# --- simulation against the exact analysis -----------------------------------------------------

def _profile_off_the_top() -> dict:
    """The shipped 6D H17 profile's rules, reshuffled every round (the exact game)."""
    return {**ProfileStore().piece("rules", PROFILE), "reshuffle": "every_round"}


def test_exact_house_edge_is_near_the_published_figure():
    """The exact 6D H17 Free Bet house edge (generated basic strategy) is within 0.05 % of
    the 1.01 % of the Rendezvous Casino Brighton rule sheet (six or eight decks; a figure
    to two decimals, rules read as in the profile's notes)."""
    assert exact_ev(_profile_off_the_top())["ev_td"] == pytest.approx(-0.0101, abs=5e-4)


def test_simulated_house_edge_is_within_4_se_of_exact():
    """2e7 rounds of basic strategy off the top agree with the exact EV within 4 SE."""
    advantage, se, exact = simulated_vs_exact(_profile_off_the_top(), 20_000_000, 25)
    assert abs(advantage - exact) <= 4 * se, (advantage, se, exact)


@pytest.mark.slow  # 1e8 rounds: several minutes
def test_simulated_house_edge_at_1e8_rounds_is_within_4_se_of_exact():
    """1e8 rounds of basic strategy off the top agree with the exact EV within 4 SE."""
    advantage, se, exact = simulated_vs_exact(_profile_off_the_top(), 100_000_000, 26)
    assert abs(advantage - exact) <= 4 * se, (advantage, se, exact)


def test_the_exact_summary_gives_the_ev_and_refuses_the_variance_in_one_line():
    """``analyse`` of a Free Bet game has both EVs and no moments; ``moments`` is refused
    with one line naming the rules (the variance model knows no casino's chip)."""
    from jost_engine.exact import analyse, moments

    result = analyse({"rules": {"decks": 6, "dealer_hits_soft_17": True, **FREE_BET}})
    assert result["moments"] is None and result["ev_td"] < result["ev_cd"] < 0
    with pytest.raises(ConfigError, match=r"^rules: the exact variance is not computed "
                                          r"for Free Bet rules"):
        moments({"decks": 6, **FREE_BET})


def test_the_chart_in_the_docs_is_the_generated_one():
    """docs/charts.md's Free Bet block is what ``jost strategy free-bet-6d-h17`` prints
    (legend aside), and the eight-deck chart plays every cell alike."""
    from pathlib import Path

    from jost_engine.cli.exact import format_chart
    from jost_engine.exact import generate_chart

    text = (Path(__file__).resolve().parents[1] / "docs" / "charts.md").read_text("utf-8")
    block = text.split("## Variants: Free Bet Blackjack", 1)[1].split("```text\n", 1)[1]
    block = block.split("\n```", 1)[0]
    six = generate_chart(ProfileStore().piece("rules", PROFILE))
    eight = generate_chart(ProfileStore().piece("rules", "free-bet-8d-h17"))
    assert format_chart(six).split("\nlegend")[0].rstrip("\n") == block
    assert all(six[table] == eight[table] for table in ("hard", "soft", "pairs"))
