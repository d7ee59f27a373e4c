"""Hand logic on stacked shoes: payouts, peek/ENHC, surrender, splits, doubles, insurance.

Dealing order (see :mod:`jost_engine.testing`): a first card to each seat, the up card, a
second card to each seat, the hole card (peek games only), the cards drawn in play seat by
seat and hand by hand, then the dealer's draws. Nets are in hundredths of a unit.
"""

from __future__ import annotations

import pytest

from jost_engine.errors import JostError
from jost_engine.testing import play_stacked, round_net
from jost_engine.testing import tally_value as read


def row(code: str) -> str:
    """A chart row with the same code against every up card."""
    return " ".join([code] * 10)


def game(chart: dict, players: int = 1, seat: int = 1, strategy: dict | None = None,
         **rules) -> dict:
    """A one-round config playing ``chart`` (6 decks unless ``rules`` say otherwise)."""
    return {"rules": {"decks": 6, **rules},
            "table": {"players": players, "seat": seat},
            "strategy": {"chart": chart, **(strategy or {})},
            "run": {"rounds": 1}}


def check(tally, **expected) -> None:
    """Assert tally fields, e.g. ``net=-100, doubles=1``."""
    got = {name: read(tally, name) for name in expected}
    assert got == expected


INSURE = {"count": {"system": "hi-lo"}, "insurance_at": -99}


# --- blackjacks ---------------------------------------------------------------------------

@pytest.mark.parametrize(("pays", "net"), [(1.5, 150), (1.2, 120), (1.0, 100), (2.0, 200),
                                           (1, 100), (2, 200)])
def test_blackjack_payout(chart, pays, net):
    """A, T against 9 + 8 is paid at the table's payout; the dealer does not draw."""
    tally = play_stacked(game(chart, blackjack_pays=pays), ["A", "9", "T", "8", "T"])
    check(tally, net=net, player_bj=1, wins=1, hands=1, dealer_bj=0, cards=4, wagered=100)


@pytest.mark.parametrize("cards", [["A", "A", "T", "T"], ["T", "T", "A", "A"]])
def test_blackjack_against_dealer_blackjack_pushes(chart, cards):
    """Player and dealer blackjack push, whichever card the dealer shows."""
    tally = play_stacked(game(chart), cards)
    check(tally, net=0, pushes=1, player_bj=1, dealer_bj=1, cards=4)


@pytest.mark.parametrize(("cards", "up", "hole"), [
    (["6", "5"], "T", "A"),   # 11: the chart doubles
    (["8", "8"], "A", "T"),   # 8,8: the chart splits
    (["A", "A"], "T", "A"),   # A,A: the chart splits
    (["T", "6"], "T", "A"),   # 16 v T: late surrender in the chart, but no surrender here
])
def test_dealer_blackjack_under_peek_takes_one_unit(chart, cards, up, hole):
    """Under the peek a dealer blackjack ends the round before any double or split."""
    deal = [cards[0], up, cards[1], hole, "T", "T", "T"]
    tally = play_stacked(game(chart, surrender="late"), deal)
    check(tally, net=-100, dealer_bj=1, doubles=0, splits=0, surrenders=0, hands=1,
          losses=1, cards=4, wagered=100)


# --- ENHC ---------------------------------------------------------------------------------

def test_enhc_dealer_blackjack_takes_double(chart):
    """ENHC: 11 doubles to 20, then the dealer's second card makes blackjack: -2."""
    tally = play_stacked(game(chart, hole_card="enhc"), ["6", "T", "5", "9", "A"])
    check(tally, net=-200, doubles=1, dealer_bj=1, losses=1, cards=5, wagered=200)


def test_enhc_dealer_blackjack_takes_split(chart):
    """ENHC: 8,8 split against an ace, 18 and 17, then the dealer's ten: -2."""
    tally = play_stacked(game(chart, hole_card="enhc"), ["8", "A", "8", "T", "9", "T"])
    check(tally, net=-200, splits=1, hands=2, losses=2, dealer_bj=1, cards=6, wagered=200)


def test_enhc_dealer_blackjack_takes_split_and_double(chart):
    """ENHC: 8,8 v T split, 8+3 doubled to 16, 8+T; the dealer's ace takes 3 units."""
    cards = ["8", "T", "8", "3", "5", "T", "A"]
    tally = play_stacked(game(chart, hole_card="enhc"), cards)
    check(tally, net=-300, splits=1, doubles=1, hands=2, dealer_bj=1, cards=7, wagered=300)


@pytest.mark.parametrize(("up", "second", "net", "dealer_bj"), [
    ("A", "T", 0, 1), ("A", "9", 150, 0), ("T", "A", 0, 1), ("T", "T", 150, 0)])
def test_enhc_blackjack_against_ace_or_ten(chart, up, second, net, dealer_bj):
    """ENHC: a player blackjack waits for the dealer's second card against an A or T."""
    tally = play_stacked(game(chart, hole_card="enhc"), ["A", up, "T", second, "T"])
    check(tally, net=net, player_bj=1, dealer_bj=dealer_bj, cards=4)


def test_enhc_blackjack_against_small_card_is_paid_at_once(chart):
    """ENHC: against a 9 the dealer takes no second card for a lone blackjack."""
    tally = play_stacked(game(chart, hole_card="enhc"), ["A", "9", "T", "T"])
    check(tally, net=150, player_bj=1, cards=3)


# --- surrender ----------------------------------------------------------------------------

@pytest.mark.parametrize("up", ["T", "A"])
def test_late_surrender_loses_half(chart, up):
    """16 against T or A surrenders (chart) for half a unit; the dealer does not draw."""
    tally = play_stacked(game(chart, surrender="late"), ["T", up, "6", "7", "5"])
    check(tally, net=-50, surrenders=1, losses=1, hands=1, cards=4, wagered=100)


def test_no_surrender_rule_ignores_the_chart(chart):
    """With surrender 'none' the same 16 v T hits (to 21) and wins."""
    tally = play_stacked(game(chart, surrender="none"), ["T", "T", "6", "7", "5"])
    check(tally, net=100, surrenders=0, wins=1, cards=5)


def test_early_surrender_against_dealer_blackjack(chart):
    """Early surrender comes before the peek: -0.5 even against a blackjack."""
    chart["early_surrender"] = {"16": row("R")}
    tally = play_stacked(game(chart, surrender="early"), ["T", "T", "6", "A"])
    check(tally, net=-50, surrenders=1, dealer_bj=1, cards=4)


def test_early_surrender_enhc(chart):
    """ENHC early surrender: -0.5 and the dealer takes no second card."""
    chart["early_surrender"] = {"16": row("R")}
    tally = play_stacked(game(chart, surrender="early", hole_card="enhc"), ["T", "T", "6", "A"])
    check(tally, net=-50, surrenders=1, cards=3)


def test_early_surrender_table_is_not_late(chart):
    """Late surrender reads the late table only: an early-only row does not surrender."""
    chart["early_surrender"] = {"13": row("R")}
    tally = play_stacked(game(chart, surrender="late"), ["T", "T", "3", "7", "T"])
    check(tally, net=-100, surrenders=0, busts=1, cards=5)


def test_pair_surrender_uses_pair_row(chart):
    """8,8 v T surrenders through the 8-8 row, not the hard 16 row."""
    chart["late_surrender"] = {"8-8": row("R")}
    tally = play_stacked(game(chart, surrender="late"), ["8", "T", "8", "7"])
    check(tally, net=-50, surrenders=1, splits=0, cards=4)


def test_enhc_late_surrender_does_not_depend_on_other_seats(chart):
    """ENHC LS 16 v T, dealer's second card an ace: the same net alone or with a neighbour."""
    alone = play_stacked(game(chart, surrender="late", hole_card="enhc"), ["T", "T", "6", "A"])
    beside = play_stacked(game(chart, players=2, surrender="late", hole_card="enhc"),
                          ["T", "T", "T", "6", "T", "A"])
    assert read(beside, "net") == -100
    assert read(alone, "net") == read(beside, "net")


# --- splits -------------------------------------------------------------------------------

def test_split_aces_get_one_card(chart):
    """A,A v 6 splits; each ace takes one card and stands (soft 16, soft 17)."""
    tally = play_stacked(game(chart), ["A", "6", "A", "T", "5", "6", "T", "T"])
    check(tally, net=200, splits=1, hands=2, doubles=0, wins=2, cards=7, wagered=200,
          dealer_busts=1)


def test_hit_split_aces(chart):
    """With hit_split_aces the split aces play on (soft 16 hits, never doubles)."""
    cards = ["A", "6", "A", "T", "5", "2", "6", "3", "T"]
    tally = play_stacked(game(chart, hit_split_aces=True), cards)
    check(tally, net=200, splits=1, hands=2, doubles=0, cards=9)


def test_split_aces_with_ten_is_not_blackjack(chart):
    """A ten on a split ace is 21, paid 1:1."""
    tally = play_stacked(game(chart), ["A", "9", "A", "8", "T", "T"])
    check(tally, net=200, player_bj=0, splits=1, wins=2, cards=6)


def test_two_card_21_after_split_is_not_blackjack(chart):
    """T,T split (forced), each ten takes an ace: two 21s paid 1:1."""
    chart["pairs"]["T"] = row("P")
    tally = play_stacked(game(chart, blackjack_pays=2.0), ["T", "9", "T", "8", "A", "A"])
    check(tally, net=200, player_bj=0, splits=1, hands=2, wins=2, cards=6)


@pytest.mark.parametrize(("max_hands", "net", "splits", "cards"), [
    (1, 100, 0, 5), (2, 200, 1, 7), (3, 300, 2, 9), (4, 400, 3, 11)])
def test_resplit_up_to_max_split_hands(chart, max_hands, net, splits, cards):
    """8,8 v 6 keeps drawing eights; the dealer (16) busts on a ten."""
    deal = ["8", "6", "8", "T", "8", "8", "T", "T", "T", "T", "T", "T"]
    tally = play_stacked(game(chart, max_split_hands=max_hands), deal)
    check(tally, net=net, splits=splits, hands=splits + 1, wins=splits + 1, cards=cards)


@pytest.mark.parametrize(("rsa", "net", "splits", "cards"), [(False, 200, 1, 7),
                                                             (True, 300, 2, 9)])
def test_resplit_aces_only_with_rsa(chart, rsa, net, splits, cards):
    """A third ace is resplit only when resplit_aces is true."""
    deal = ["A", "6", "A", "T", "A", "9", "T", "T", "T", "T"]
    tally = play_stacked(game(chart, resplit_aces=rsa), deal)
    check(tally, net=net, splits=splits, hands=splits + 1, cards=cards)


@pytest.mark.parametrize(("das", "net", "doubles"), [(True, 400, 2), (False, 200, 0)])
def test_double_after_split(chart, das, net, doubles):
    """8,8 v 6: 8+3 and 8+2 double only with DAS (else hit); the dealer busts."""
    deal = ["8", "6", "8", "T", "3", "T", "2", "9", "T"]
    tally = play_stacked(game(chart, double_after_split=das), deal)
    check(tally, net=net, doubles=doubles, splits=1, hands=2, cards=9)


def test_ph_splits_only_with_das(chart):
    """2,2 v 2 is 'Ph': split with DAS, else played as hard 4 (hit)."""
    deal = ["2", "2", "2", "T", "T", "T", "T", "T"]
    with_das = play_stacked(game(chart, double_after_split=True), deal)
    without = play_stacked(game(chart, double_after_split=False), deal)
    # DAS: each 2 takes a ten and hits a 12 v 2 into a bust; the dealer does not draw
    check(with_das, net=-200, splits=1, hands=2, busts=2, cards=8)
    # no DAS: 4 hits to 14 and stands; the dealer's 12 busts on a ten
    check(without, net=100, splits=0, hands=1, cards=6)


# --- doubles ------------------------------------------------------------------------------

@pytest.mark.parametrize(("mode", "cards", "net", "doubles"), [
    ("any", ["A", "4", "7", "T", "3", "T"], 200, 1),     # soft 18 v 4 doubles to 21
    ("9-11", ["A", "4", "7", "T", "T"], 100, 0),         # Ds falls back to stand
    ("10-11", ["A", "4", "7", "T", "T"], 100, 0),
    ("any", ["5", "6", "3", "T", "T", "T"], 200, 1),     # hard 8 'D' doubles
    ("9-11", ["5", "6", "3", "T", "T", "T"], 100, 0),    # D falls back to hit: 18
    ("9-11", ["5", "6", "4", "T", "T", "T"], 200, 1),    # hard 9 doubles
    ("10-11", ["5", "6", "4", "T", "T", "T"], 100, 0),   # hard 9 hits to 19
    ("10-11", ["5", "6", "5", "T", "T", "T"], 200, 1),   # hard 10 doubles
    ("10-11", ["5", "6", "6", "T", "T", "T"], 200, 1),   # hard 11 doubles
])
def test_double_restrictions(chart, mode, cards, net, doubles):
    """Doubles follow rules.double; the dealer's 14 or 16 busts on a ten."""
    chart["hard"]["8"] = row("D")
    tally = play_stacked(game(chart, double=mode), cards)
    check(tally, net=net, doubles=doubles, hands=1, cards=len(cards))


@pytest.mark.parametrize(("cards", "net", "losses"), [
    (["A", "5", "6", "T", "3", "T"], 200, 0),   # A,6 doubles to soft 20, dealer busts
    (["A", "5", "6", "T", "9", "2"], -200, 1),  # A,6 doubles to hard 16, dealer makes 17
])
def test_soft_double(chart, cards, net, losses):
    """Soft 17 v 5 doubles (one card only), win or lose two units."""
    tally = play_stacked(game(chart), cards)
    check(tally, net=net, doubles=1, losses=losses, busts=0, cards=6, wagered=200)


def test_double_busts(chart):
    """A chart that doubles 12: 7,5 v T doubles, draws a ten, busts and loses 2."""
    chart["hard"]["12"] = row("D")
    tally = play_stacked(game(chart), ["7", "T", "5", "7", "T", "T"])
    check(tally, net=-200, doubles=1, busts=1, cards=5)


# --- insurance ----------------------------------------------------------------------------

@pytest.mark.parametrize(("player", "hole", "net", "won", "result"), [
    (["T", "8"], "T", 0, 1, "losses"),      # hand -1, insurance +1
    (["T", "8"], "7", -50, 0, "pushes"),    # 18 pushes soft 18, insurance -0.5
    (["A", "T"], "T", 100, 1, "pushes"),    # even money against a blackjack
    (["A", "T"], "9", 100, 0, "wins"),      # even money: 1.5 - 0.5
])
def test_insurance(chart, player, hole, net, won, result):
    """Insurance at -99 is always taken against an ace and pays 2:1."""
    cards = [player[0], "A", player[1], hole, "T"]
    tally = play_stacked(game(chart, strategy=INSURE), cards)
    check(tally, net=net, insurance=1, insurance_won=won, cards=4, wagered=150)
    assert tally[result] == 1


@pytest.mark.parametrize(("cards", "busts"), [(["T", "A", "8", "T"], 0),
                                              (["T", "A", "6", "T", "T"], 1)])
def test_enhc_insurance(chart, cards, busts):
    """ENHC: insurance is settled on the dealer's second card, drawn even after a bust."""
    tally = play_stacked(game(chart, hole_card="enhc", strategy=INSURE), cards)
    check(tally, net=0, insurance=1, insurance_won=1, dealer_bj=1, busts=busts,
          cards=len(cards))


def test_no_insurance_without_count(chart):
    """Without a count the same hand loses the whole unit to a blackjack."""
    tally = play_stacked(game(chart), ["T", "A", "8", "T"])
    check(tally, net=-100, insurance=0, dealer_bj=1, wagered=100)


def test_insurance_below_index_not_taken(chart):
    """insurance_at 5 with a negative Hi-Lo count: not insured."""
    strategy = {"count": {"system": "hi-lo"}, "insurance_at": 5}
    tally = play_stacked(game(chart, strategy=strategy), ["T", "A", "8", "T"])
    check(tally, net=-100, insurance=0)


def test_insurance_not_offered_against_ten(chart):
    """Insurance is only against an ace up card."""
    tally = play_stacked(game(chart, strategy=INSURE), ["T", "T", "8", "A"])
    check(tally, net=-100, insurance=0, dealer_bj=1)


# --- the dealer ---------------------------------------------------------------------------

@pytest.mark.parametrize(("h17", "net", "cards"), [(False, 100, 4), (True, -100, 5)])
def test_dealer_soft_17(chart, h17, net, cards):
    """18 against 6 + A: S17 stands on soft 17, H17 hits it (to 20)."""
    tally = play_stacked(game(chart, dealer_hits_soft_17=h17), ["T", "6", "8", "A", "3"])
    check(tally, net=net, cards=cards)


def test_dealer_soft_17_of_three_cards(chart):
    """H17 also hits a soft 17 made of three cards (A,2 + 4)."""
    deal = ["T", "A", "8", "2", "4", "3"]
    check(play_stacked(game(chart, dealer_hits_soft_17=False), deal), net=100, cards=5)
    check(play_stacked(game(chart, dealer_hits_soft_17=True), deal), net=-100, cards=6)


@pytest.mark.parametrize("h17", [False, True])
def test_dealer_stands_on_hard_17(chart, h17):
    """Hard 17 stands under both rules."""
    tally = play_stacked(game(chart, dealer_hits_soft_17=h17), ["T", "T", "8", "7", "3"])
    check(tally, net=100, cards=4)


def test_dealer_does_not_draw_when_player_busts(chart):
    """16 v T hits and busts; the dealer's 16 takes no card."""
    tally = play_stacked(game(chart), ["T", "T", "6", "6", "T", "5"])
    check(tally, net=-100, busts=1, losses=1, cards=5)


def test_dealer_does_not_draw_when_every_split_hand_busts(chart):
    """8,8 v T split, 14 and 15 hit and bust; the dealer does not draw."""
    tally = play_stacked(game(chart), ["8", "T", "8", "6", "6", "T", "7", "T", "5"])
    check(tally, net=-200, busts=2, splits=1, hands=2, cards=8)


def test_dealer_draws_for_other_seats(chart):
    """Our bust still leaves the dealer to draw for a neighbour who stood."""
    deal = ["T", "T", "T", "6", "9", "6", "T", "5"]
    tally = play_stacked(game(chart, players=2, seat=1), deal)
    check(tally, net=-100, busts=1, cards=8)


# --- rounds, seats, the stack -------------------------------------------------------------

def test_several_rounds_from_one_stack(chart):
    """Three rounds in a row: 20 v 17, a blackjack v T,9, 16 v T hitting to 21."""
    deal = ["T", "9", "T", "8", "A", "T", "T", "9", "T", "T", "6", "7", "5"]
    tally = play_stacked(game(chart), deal, rounds=3)
    check(tally, net=350, rounds=3, hands=3, wins=3, player_bj=1, cards=13, shoes=1)


@pytest.mark.parametrize(("seat", "net", "doubles"), [(1, -200, 1), (2, 200, 1), (3, -100, 0)])
def test_other_players_take_cards_in_order(chart, seat, net, doubles):
    """Three seats: 5,4 and 5,6 double, T,2 stands; the dealer makes 20 with a 4."""
    deal = ["5", "5", "T", "6", "4", "6", "2", "T", "2", "T", "4"]
    tally = play_stacked(game(chart, players=3, seat=seat), deal)
    check(tally, net=net, doubles=doubles, hands=1, rounds=1, cards=11)


def test_round_net_helper(chart):
    """testing.round_net gives the net of the stacked rounds in units."""
    assert round_net(play_stacked(game(chart), ["A", "9", "T", "8"])) == 1.5


def test_stacked_shoe_running_out_raises(chart):
    """Too few cards for the rounds is an error, not a silent reshuffle."""
    with pytest.raises(JostError):
        play_stacked(game(chart), ["T", "9", "T", "8"], rounds=2)
    with pytest.raises(JostError):
        play_stacked(game(chart), ["T", "9", "T", "8", "T", "T", "6", "7"], rounds=2)
    # a first round that runs out (["T", "9", "T"]) raises too, but only after reading
    # past the shoe array: see test_properties.test_round_longer_than_the_shoe_ends
