"""Spanish 21 (docs/variants.md): its rules in the config, the Spanish shoe, the kernel's
settlement on stacked shoes, the exact analysis against a brute force, and the
simulation against the exact analysis.

Dealing order of a stacked shoe (:mod:`jost_engine.testing`): our first card,
the up card, our second card, the hole card, our draws hand by hand, then the
dealer's. Nets are in hundredths of a unit. The chart is the 4-8 deck S17 chart of
``tests/data`` (11 doubles against 2-T, 13-16 hit against 7 and up).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pytest
from test_exact_values import brute_dealer

from jost_engine.cards import shoe_counts
from jost_engine.config import validate_config
from jost_engine.errors import ConfigError
from jost_engine.exact import exact_ev
from jost_engine.exact.overall import ExactGame
from jost_engine.prepare import prepare
from jost_engine.profiles import ProfileStore
from jost_engine.testing import play_stacked, simulated_vs_exact
from jost_engine.testing import tally_value as read

SPANISH = {"spanish_deck": True, "player_21_wins": True, "double_any_cards": True,
           "bonus_21": True, "double_rescue": True}
PROFILE = "spanish21-6d-h17"


def game(chart: dict, **rules) -> dict:
    """A one-round six-deck Spanish 21 config playing ``chart`` (``rules`` override)."""
    return {"rules": {"decks": 6, **SPANISH, **rules}, "strategy": {"chart": chart},
            "run": {"rounds": 1}}


# --- config and shoe --------------------------------------------------------------------------

@pytest.mark.parametrize(("rules", "message"), [
    ({"spanish_deck": "yes"}, "rules.spanish_deck: input should be a valid boolean, got 'yes'"),
    ({"bonus_21": 1}, "rules.bonus_21: input should be a valid boolean, got 1"),
    ({"player_21_win": True}, "rules.player_21_win"),
])
def test_bad_spanish_rules_are_refused_in_one_line(rules, message):
    """A non-boolean Spanish 21 rule, or a misspelt one, is refused by one line naming it."""
    with pytest.raises(ConfigError) as caught:
        validate_config({"rules": {"decks": 6, **rules}, "run": {"rounds": 1}})
    text = str(caught.value)
    assert message in text and "\n" not in text.strip()


def test_spanish_and_free_bet_rules_together_are_refused_in_one_line():
    """A Spanish 21 rule beside a Free Bet rule is refused in one line naming both (the
    exact analysis values one or the other); the Spanish shoe alone combines."""
    with pytest.raises(ConfigError) as caught:
        validate_config({"rules": {"decks": 6, "bonus_21": True, "free_doubles": True},
                         "run": {"rounds": 1}})
    text = str(caught.value)
    assert "bonus_21: a Spanish 21 rule does not combine with the Free Bet rules, got " \
           "free_doubles too" in text and "\n" not in text.strip()
    validate_config({"rules": {"decks": 6, "spanish_deck": True, "free_doubles": True},
                     "run": {"rounds": 1}})


def test_side_bets_on_a_spanish_shoe_are_refused_in_one_line():
    """Side bets are valued on 52-card decks, so a Spanish shoe with one is refused."""
    with pytest.raises(ConfigError, match=r"^side_bets: not offered with rules.spanish_deck"):
        validate_config({"rules": {"decks": 6, "spanish_deck": True},
                         "side_bets": [{"name": "perfect-pairs"}], "run": {"rounds": 1}})


def test_the_spanish_shoe_has_twelve_tens_a_deck():
    """Six Spanish decks: 288 cards, 72 ten-valued, 24 of every other rank, in the
    kernel's shoe and in the exact analysis' composition."""
    shoe = prepare(validate_config({"rules": {"decks": 6, "spanish_deck": True},
                                    "run": {"rounds": 1}})).shoe
    assert len(shoe) == 288 and (shoe == 10).sum() == 72 and (shoe == 1).sum() == 24
    assert list(shoe_counts(6, spanish=True)) == [24.0] * 9 + [72.0]
    assert list(ExactGame({"decks": 6, "spanish_deck": True}).shoe) == [24.0] * 9 + [72.0]


def test_the_profiles_hold_the_common_rules_and_classic_configs_read_as_before():
    """The shipped profiles are Spanish decks, late surrender, DAS, resplit and hit split
    aces and the five Spanish rules; a classic config leaves them out of its dict."""
    for name, h17 in ((PROFILE, True), ("spanish21-6d-s17", False)):
        rules = ProfileStore().piece("rules", name)
        assert {k: rules[k] for k in (*SPANISH, "dealer_hits_soft_17", "surrender",
                                      "double_after_split", "resplit_aces",
                                      "hit_split_aces")} == {
            **SPANISH, "dealer_hits_soft_17": h17, "surrender": "late",
            "double_after_split": True, "resplit_aces": True, "hit_split_aces": True}
    plain = validate_config({"rules": {"decks": 6}, "run": {"rounds": 1}}).to_dict()
    assert not set(SPANISH) & set(plain["rules"])


# --- settlement on stacked shoes --------------------------------------------------------------

@pytest.mark.parametrize(("on", "net", "wins"), [(True, 100, 1), (False, 0, 0)])
def test_a_player_21_beats_a_dealer_21(chart, on, net, wins):
    """T,3 v 7 hits to 21 (T,3,8); the dealer's 7,4 draws a ten (21): won with
    ``player_21_wins``, pushed without."""
    tally = play_stacked(game(chart, player_21_wins=on), ["T", "7", "3", "4", "8", "T"])
    assert (read(tally, "net"), read(tally, "wins")) == (net, wins)


@pytest.mark.parametrize(("on", "net"), [(True, 150), (False, 0)])
def test_a_player_blackjack_beats_a_dealer_blackjack(chart, on, net):
    """A,T v A with a ten in the hole: paid 3:2 with ``player_21_wins``, pushed without."""
    tally = play_stacked(game(chart, player_21_wins=on), ["A", "A", "T", "T"])
    assert read(tally, "net") == net


@pytest.mark.parametrize(("on", "net", "doubles"), [(True, 200, 1), (False, 100, 0)])
def test_a_three_card_11_doubles(chart, on, net, doubles):
    """2,3 v 6 hits, draws a 6 (11, a D cell): it doubles with ``double_any_cards`` and
    draws a ten; the dealer's 6,T draws a ten and busts. Without the rule it hits."""
    tally = play_stacked(game(chart, double_any_cards=on),
                         ["2", "6", "3", "T", "6", "T", "T"])
    assert (read(tally, "net"), read(tally, "doubles")) == (net, doubles)


@pytest.mark.parametrize(("cards", "on", "net"), [
    (["2", "T", "3", "7", "4", "5", "7"], True, 150),            # 2,3,4,5,7
    (["2", "T", "2", "7", "2", "3", "5", "7"], True, 200),       # 2,2,2,3,5,7
    (["2", "T", "2", "7", "2", "2", "2", "4", "7"], True, 300),  # 2,2,2,2,2,4,7
    (["2", "T", "3", "7", "4", "5", "7"], False, 100),
])
def test_bonus_21s_by_number_of_cards(chart, cards, on, net):
    """A 21 of five, six and seven cards (hitting every total on the way against a ten)
    pays 3:2, 2:1 and 3:1 with ``bonus_21`` against the dealer's T,7; 1:1 without."""
    tally = play_stacked(game(chart, bonus_21=on), cards)
    assert read(tally, "net") == net


@pytest.mark.parametrize(("cards", "net"), [
    (["6", "T", "7", "7", "8"], 150),   # 6,7 + 8
    (["7", "T", "7", "7", "7"], 150),   # 7,7 (not split against a ten) + 7
    (["5", "T", "8", "7", "8"], 100),   # 5,8,8: a three-card 21 without a bonus
])
def test_six_seven_eight_and_seven_seven_seven_pay_3_to_2(chart, cards, net):
    """A three-card 21 of 6-7-8 or 7-7-7 against the dealer's T,7 pays 3:2; 5-8-8 pays 1:1."""
    assert read(play_stacked(game(chart), cards), "net") == net


@pytest.mark.parametrize(("on", "net"), [(True, -100), (False, -200)])
def test_a_rescued_double_loses_the_original_bet(chart, on, net):
    """6,5 v T (hole 7) doubles and draws a 2 (hard 13), which the chart's rescue table
    gives up against a ten: one unit lost of the two wagered with ``double_rescue``; the
    13 stands and loses both without it."""
    chart["rescue"] = {"13": "- - - - - - - - R -"}
    tally = play_stacked(game(chart, double_rescue=on), ["6", "T", "5", "7", "2"])
    assert (read(tally, "net"), read(tally, "doubles"), read(tally, "wagered")) == (
        net, 1, 200)


def test_a_doubled_21_gets_no_bonus(chart):
    """6,7 v T doubled (the chart forced to) draws an 8: a 6-7-8 21, paid 1:1 on two units
    (no bonus after a double)."""
    chart["hard"]["13"] = " ".join(["D"] * 10)
    tally = play_stacked(game(chart), ["6", "T", "7", "7", "8"])
    assert (read(tally, "net"), read(tally, "doubles")) == (200, 1)


# --- exact analysis against a brute force ------------------------------------------------------

def brute_spanish(up: int, shoe: list, cards: tuple, h17: bool, rescue: bool,
                  max_doubles: int = 1, policy=None) -> dict:
    """Stand, hit (best play after, doubling on any number of cards) and double values of
    a hand under the Spanish rules, given no dealer blackjack (a peeking dealer), by
    plain recursion over the draws; the hole card drawn after the player's cards. With
    ``rescue`` a doubled hand that did not bust may be given up for one unit; with
    ``max_doubles`` above 1 a doubled hand below 21 may double again (2, 4, 8 units).
    ``policy(total, soft)``, when given, says what a doubled hand does once its card is
    seen (``"redouble"`` where it still may, ``"rescue"`` or ``"stand"``) instead of the
    best of the three."""
    bj_card = 9 if up == 0 else (0 if up == 9 else None)

    def bonus(counts):
        n = sum(counts)
        if n >= 7:
            return 3.0
        if n in (5, 6):
            return {5: 1.5, 6: 2.0}[n]
        if n == 3 and (counts[6] == 3 or (counts[5] == counts[6] == counts[7] == 1)):
            return 1.5
        return 1.0

    def total_of(counts):
        hard = sum((r + 1) * k for r, k in enumerate(counts))
        return hard + 10 if counts[0] and hard + 10 <= 21 else hard

    @lru_cache(None)
    def stand(counts, bet):
        total = total_of(counts)
        doubled = bet > 1
        if total > 21:
            return -bet
        rest = [shoe[r] - counts[r] + cards_of(cards)[r] for r in range(10)]
        holes = {h: rest[h] for h in range(10) if rest[h] and h != bj_card}
        norm = sum(holes.values())
        ev = 0.0
        for h, k in holes.items():
            left = list(rest)
            left[h] -= 1
            for d, q in brute_dealer(up, tuple(left), h17, hole=h).items():
                if d == "bust" or total > d or total == 21:
                    win = bet * (1.0 if doubled or total != 21 else bonus(counts))
                    ev += k / norm * q * win
                elif total < d:
                    ev -= k / norm * q * bet
        return ev

    def rest_of(counts):
        return [shoe[r] - counts[r] + cards_of(cards)[r] for r in range(10)]

    def after(counts, value):
        rest = rest_of(counts)
        n = sum(rest)
        # the hole card is among the rest but not a blackjack card: draw from the rest
        # as seen by the player, weighting by the hole's chances (exchangeable cards)
        ev = 0.0
        holes = {h: rest[h] for h in range(10) if rest[h] and h != bj_card}
        norm = sum(holes.values())
        for h, k in holes.items():
            for c in range(10):
                left = rest[c] - (c == h)
                if left > 0:
                    more = list(counts)
                    more[c] += 1
                    ev += k / norm * left / (n - 1) * value(tuple(more))
        return ev

    @lru_cache(None)
    def doubled(counts, times=1):
        bet = 2.0 ** times
        value = stand(counts, bet)
        if total_of(counts) > 21:
            return value
        may_redouble = times < max_doubles and total_of(counts) < 21
        if policy is not None:
            hard = sum((r + 1) * k for r, k in enumerate(counts))
            choice = policy(total_of(counts), total_of(counts) != hard)
            if choice == "redouble" and may_redouble:
                return after(counts, lambda more: doubled(more, times + 1))
            return -1.0 if choice == "rescue" else value
        options = [value, -1.0] if rescue else [value]
        if may_redouble:
            options.append(after(counts, lambda more: doubled(more, times + 1)))
        return max(options)

    @lru_cache(None)
    def best(counts):
        if total_of(counts) >= 21:
            return stand(counts, 1.0)
        return max(stand(counts, 1.0), after(counts, best), after(counts, doubled))

    start = tuple(cards_of(cards))
    return {"stand": stand(start, 1.0), "hit": after(start, best),
            "double": after(start, doubled)}


def cards_of(cards) -> list:
    """Counts by rank of a few cards."""
    return [list(cards).count(r) for r in range(10)]


@pytest.mark.parametrize(("h17", "up", "cards", "rescue"), [
    (True, 6, (1, 2), False),   # 2,3 v 7: hits to five-card 21s, doubles on more cards
    (False, 9, (5, 6), False),  # 6,7 v T: a 6-7-8 bonus, a 21 against the dealer's 21
    (True, 0, (3, 4), False),   # 4,5 v A against a peeking ace
    (True, 4, (0, 5), False),   # A,6 v 5: soft hands
    (True, 9, (4, 5), True),    # 5,6 v T doubled, rescued where the card is poor
    (True, 0, (1, 6), True),    # 2,7 v A: rescues against a peeking ace
])
def test_spanish_hand_values_match_brute_force(h17, up, cards, rescue):
    """Player 21 wins, bonus 21s, doubles on any number of cards and (composition-
    dependent) double-down rescue: stand, hit and double of a hand from one 48-card deck
    equal an independent brute force to 1e-12, given no dealer blackjack."""
    check_against_brute_force(h17, up, cards, rescue)


def check_against_brute_force(h17: bool, up: int, cards: tuple, rescue: bool,
                              max_doubles: int = 1) -> None:
    """Assert that the exact stand, hit and double of a hand from one 48-card deck (the
    Spanish rules, given no dealer blackjack) equal :func:`brute_spanish` to 1e-12."""
    rules = {"decks": 1, "dealer_hits_soft_17": h17, **SPANISH, "double_rescue": rescue,
             "max_doubles": max_doubles}
    shoe = [4] * 9 + [12]
    for card in (up, *cards):
        shoe[card] -= 1
    brute = brute_spanish(up, shoe, cards, h17, rescue, max_doubles)
    game_ = ExactGame(rules)
    hand = game_.hand_ev(up, *cards)
    for action in ("stand", "hit", "double"):
        conditional = (game_.round_ev(hand, action) + hand.p_dealer_bj) / (
            1 - hand.p_dealer_bj)
        assert conditional == pytest.approx(brute[action], abs=1e-12), action


def test_each_spanish_rule_moves_the_exact_edge_the_right_way():
    """Off the top, six decks H17: the Spanish shoe costs the player; player 21 wins,
    doubles on any number of cards, the bonus 21s and double-down rescue each give some
    of it back."""
    base = {"decks": 6, "dealer_hits_soft_17": True, "resplit_aces": True,
            "hit_split_aces": True, "surrender": "late"}
    steps = [{}, {"spanish_deck": True}, {"player_21_wins": True},
             {"double_any_cards": True}, {"bonus_21": True}, {"double_rescue": True}]
    evs, rules = [], dict(base)
    for step in steps:
        rules.update(step)
        evs.append(exact_ev(rules)["ev_td"])
    assert evs[1] < evs[0] and evs[1] < evs[2] < evs[3] < evs[4] < evs[5]


# --- simulation against the exact analysis -----------------------------------------------------

def _off_the_top(profile: str = PROFILE, **rules) -> dict:
    """A shipped profile's rules, reshuffled every round (the exact game)."""
    return {**ProfileStore().piece("rules", profile), "reshuffle": "every_round", **rules}


@pytest.mark.parametrize(("profile", "published"), [
    (PROFILE, 0.0078), ("spanish21-6d-s17", 0.0037), ("spanish21-8d-h17", 0.0080)])
def test_exact_house_edge_is_near_the_published_figure(profile, published):
    """The exact house edge (generated total-dependent chart) is within 0.1 % of the
    published table's (docs/variants.md: six decks H17 0.78 %, S17 0.37 %, eight decks
    H17 0.80 %), and above it: that game also has double-down rescue and suited bonuses,
    which this one leaves out, and a strategy by number of cards."""
    edge = -exact_ev(_off_the_top(profile))["ev_td"]
    assert published < edge < published + 1e-3


def test_simulated_house_edge_is_within_4_se_of_exact():
    """2e7 rounds of basic strategy off the top agree with the exact EV within 4 SE."""
    advantage, se, exact = simulated_vs_exact(_off_the_top(), 20_000_000, 21)
    assert abs(advantage - exact) <= 4 * se, (advantage, se, exact)


@pytest.mark.slow  # 1e8 rounds: a few minutes
@pytest.mark.parametrize("profile", [PROFILE, "spanish21-6d-s17"])
def test_simulated_house_edge_at_1e8_rounds_is_within_4_se_of_exact(profile):
    """1e8 rounds of basic strategy off the top agree with the exact EV within 4 SE."""
    advantage, se, exact = simulated_vs_exact(_off_the_top(profile), 100_000_000, 22)
    assert abs(advantage - exact) <= 4 * se, (advantage, se, exact)


def test_the_exact_summary_gives_the_ev_and_refuses_the_variance_in_one_line():
    """``analyse`` of a Spanish 21 game has both EVs and no moments; ``moments`` is
    refused in one line naming the rules."""
    from jost_engine.exact import analyse, moments

    result = analyse({"rules": {"decks": 6, "dealer_hits_soft_17": True, **SPANISH}})
    assert result["moments"] is None and result["ev_td"] < result["ev_cd"] < 0
    with pytest.raises(ConfigError, match=r"^rules: the exact variance is not computed "
                                          r"for Free Bet rules .* or Spanish 21's"):
        moments({"decks": 6, **SPANISH})


def test_the_chart_in_the_docs_is_the_generated_one():
    """docs/charts.md's Spanish 21 blocks are what ``jost strategy spanish21-6d-h17`` and
    ``spanish21-6d-s17`` print (legend aside)."""
    from pathlib import Path

    from jost_engine.cli.exact import format_chart
    from jost_engine.exact import generate_chart

    text = (Path(__file__).resolve().parents[1] / "docs" / "charts.md").read_text("utf-8")
    for profile in (PROFILE, "spanish21-6d-s17"):
        block = text.split(f"`{profile}`:\n", 1)[1].split("```text\n", 1)[1]
        block = block.split("\n```", 1)[0]
        chart = generate_chart(ProfileStore().piece("rules", profile))
        assert format_chart(chart).split("\nlegend")[0].rstrip("\n") == block


def test_the_spanish_shoe_alone_plays_as_exact():
    """Only the Spanish shoe (classic rules otherwise): 2e6 rounds off the top agree with
    the exact EV within 4 SE (the composition of the kernel's shoe and the exact one)."""
    rules = {"decks": 6, "spanish_deck": True, "reshuffle": "every_round"}
    advantage, se, exact = simulated_vs_exact(rules, 2_000_000, 23)
    assert abs(advantage - exact) <= 4 * se and exact < -0.015, (advantage, se, exact)
    assert np.isfinite(se)
