"""Exact analysis, small pieces: dealer probabilities and hand values against
an independent brute force.

The brute force here deals the way the table does (the hole card before the
player acts, the peek conditioning it, the player not knowing it), so it
checks the exact module's shortcut of valuing hands "times no dealer
blackjack" as well as its arrays.
"""

from functools import lru_cache
from math import comb

import numpy as np
import pytest

from jost_engine.cards import shoe_counts
from jost_engine.exact.dealer import dealer_probs
from jost_engine.exact.overall import ExactGame


def brute_dealer(up, shoe, h17, hole=None, push22=False):
    """Dealer outcome distribution by plain recursion over the draws (a hard 22 as
    outcome 22 with ``push22``)."""
    out: dict = {}

    def draw(hard, ace, cards, shoe, p):
        soft = ace and hard + 10 <= 21
        total = hard + 10 if soft else hard
        if cards == 2 and ace and hard == 11:
            out["bj"] = out.get("bj", 0.0) + p
        elif total > 21:
            key = 22 if push22 and total == 22 else "bust"
            out[key] = out.get(key, 0.0) + p
        elif total > 17 or (total == 17 and not (soft and h17)):
            out[total] = out.get(total, 0.0) + p
        else:
            n = sum(shoe)
            for r in range(10):
                if shoe[r]:
                    rest = list(shoe)
                    rest[r] -= 1
                    draw(hard + r + 1, ace or r == 0, cards + 1, tuple(rest), p * shoe[r] / n)

    if hole is None:
        draw(up + 1, up == 0, 1, shoe, 1.0)
    else:
        draw(up + 2 + hole, up == 0 or hole == 0, 2, shoe, 1.0)
    return out


def brute_hand(up, shoe, cards, h17, peek, enhc, free=False, lose=1.0):
    """Stand, hit (best play after) and double values of a hand, dealt as at the table.

    Returns EVs given no dealer blackjack when ``peek`` (the usual table of
    hand EVs), else everything included. ``free``: Free Bet rules (a dealer's
    22 pushes, a two-card hard 9-11 doubles with the casino's chip); ``lose``:
    share of the first unit lost on a loss (0: the casino's chip of a free split).
    """
    blackjack_card = 9 if up == 0 else (0 if up == 9 else None)
    n = sum(shoe)
    holes = {h: shoe[h] / n for h in range(10)
             if shoe[h] and not (peek and h == blackjack_card)}
    norm = sum(holes.values())

    def posterior(s):
        """Chance of each hole card given the cards the player drew since (shoe - s)."""
        drawn = [shoe[r] - s[r] for r in range(10)]
        post = {}
        for h, p in holes.items():
            rest = list(shoe)
            rest[h] -= 1
            like = 1.0
            for r in range(10):
                like *= comb(rest[r], drawn[r]) if drawn[r] <= rest[r] else 0
            post[h] = p / norm * like
        total = sum(post.values())
        return {h: p / total for h, p in post.items() if p}

    def result(total, d, win=1.0, loss=1.0):
        if d == "bj":
            return -loss
        if d == "bust" or (d != 22 and total > d):
            return win
        return 0.0 if total == d or d == 22 else -loss

    @lru_cache(None)
    def stand(hard, ace, s, win=1.0, loss=lose):
        total = hard + 10 if ace and hard + 10 <= 21 else hard
        if total > 21:
            return -loss
        ev = 0.0
        for h, p in posterior(s).items():
            rest = list(s)
            rest[h] -= 1
            dist = brute_dealer(up, tuple(rest), h17, hole=h, push22=free)
            ev += p * sum(q * result(total, d, win, loss) for d, q in dist.items())
        return ev

    @lru_cache(None)
    def draws(s):
        probs = [0.0] * 10
        for h, p in posterior(s).items():
            rest = list(s)
            rest[h] -= 1
            for c in range(10):
                probs[c] += p * rest[c] / sum(rest)
        return probs

    def after(hard, ace, s, value):
        ev = 0.0
        for c, p in enumerate(draws(s)):
            if p:
                rest = list(s)
                rest[c] -= 1
                ev += p * value(hard + c + 1, ace or c == 0, tuple(rest))
        return ev

    @lru_cache(None)
    def best(hard, ace, s):
        total = hard + 10 if ace and hard + 10 <= 21 else hard
        if total > 21:
            return -lose
        if total == 21:
            return stand(hard, ace, s)
        return max(stand(hard, ace, s), after(hard, ace, s, best))

    hard, ace, s = sum(c + 1 for c in cards), 0 in cards, tuple(shoe)
    free_double = free and not ace and 9 <= hard <= 11
    loss = lose + (0.0 if free_double else 1.0)
    return {"stand": stand(hard, ace, s), "hit": after(hard, ace, s, best),
            "double": after(hard, ace, s, lambda *a: stand(*a, win=2.0, loss=loss))}


@pytest.mark.parametrize("up", range(10))
@pytest.mark.parametrize("h17", [False, True])
def test_dealer_matches_brute_force(up, h17):
    shoe = shoe_counts(1).astype(int)
    shoe[up] -= 1
    shoe[3] -= 2  # some cards gone: the table must follow any composition
    shoe[9] -= 3
    exact = dealer_probs(up, h17, shoe.astype(float))[0]
    brute = brute_dealer(up, tuple(shoe), h17)
    keys = [17, 18, 19, 20, 21, "bust", "bj"]
    assert exact == pytest.approx([brute.get(k, 0.0) for k in keys], abs=1e-13)


def test_dealer_known_six_deck_figures():
    shoe = shoe_counts(6)
    shoe[5] -= 1
    bust_vs_6 = dealer_probs(5, False, shoe)[0, 5]
    assert bust_vs_6 == pytest.approx(0.4228, abs=5e-4)  # the well-known 42.3 %
    shoe = shoe_counts(6)
    shoe[0] -= 1
    assert dealer_probs(0, False, shoe)[0, 6] == pytest.approx(96 / 311, abs=1e-14)


@pytest.mark.parametrize("decks,h17,up,cards,hole", [
    (1, False, 9, (5, 9), "peek"),   # T,6 v T
    (1, True, 0, (4, 5), "peek"),    # 5,6 v A, H17
    (1, False, 0, (0, 6), "peek"),   # A,7 v A
    (1, False, 9, (1, 8), "enhc"),   # 2,9 v T, no hole card
    (1, True, 0, (2, 9), "enhc"),    # 3,T v A, no hole card
    (1, False, 5, (2, 8), "peek"),   # 3,9 v 6
])
def test_hand_values_match_brute_force(decks, h17, up, cards, hole):
    rules = {"decks": decks, "dealer_hits_soft_17": h17, "hole_card": hole}
    shoe = [4 * decks] * 9 + [16 * decks]
    for card in (up, *cards):
        shoe[card] -= 1
    peek = hole == "peek"
    brute = brute_hand(up, shoe, cards, h17, peek, not peek)
    game = ExactGame(rules)
    hand = game.hand_ev(up, *cards)
    scale = 1 - hand.p_dealer_bj if peek else 1.0
    for action in ("stand", "hit", "double"):
        ev = game.round_ev(hand, action)
        conditional = (ev + hand.p_dealer_bj) / scale if peek else ev
        assert conditional == pytest.approx(brute[action], abs=1e-12), action


FREE_BET = {"dealer_22_pushes": True, "free_doubles": True, "free_splits": True}


@pytest.mark.parametrize("h17,up,cards", [
    (True, 9, (5, 9)),    # T,6 v T: a dealer's 22 pushes
    (True, 3, (2, 8)),    # 3,9 v 4
    (True, 5, (4, 5)),    # 5,6 v 6: a free double
    (False, 0, (2, 5)),   # 3,6 v A: a free double against a peeking ace
    (True, 4, (0, 6)),    # A,7 v 5: a soft double, the player's own unit
])
def test_free_bet_hand_values_match_brute_force(h17, up, cards):
    """Free Bet (a dealer's 22 pushes, free doubles on hard 9-11): stand, hit and
    double of a one-deck hand equal the brute force to 1e-12, given no dealer
    blackjack."""
    rules = {"decks": 1, "dealer_hits_soft_17": h17, **FREE_BET}
    shoe = [4] * 9 + [16]
    for card in (up, *cards):
        shoe[card] -= 1
    brute = brute_hand(up, shoe, cards, h17, True, False, free=True)
    game = ExactGame(rules)
    hand = game.hand_ev(up, *cards)
    for action in ("stand", "hit", "double"):
        conditional = (game.round_ev(hand, action) + hand.p_dealer_bj) / (1 - hand.p_dealer_bj)
        assert conditional == pytest.approx(brute[action], abs=1e-12), action


@pytest.mark.parametrize("up,cards", [(9, (5, 9)), (5, (4, 5)), (4, (6, 0))])
def test_a_casino_chip_hand_matches_brute_force(up, cards):
    """A hand whose bet is the casino's chip (made by a free split; ``lose=0``): its
    stand, hit and double equal the brute force that never takes that chip, to 1e-12."""
    rules = {"decks": 1, "dealer_hits_soft_17": True, **FREE_BET}
    shoe = [4] * 9 + [16]
    for card in (up, *cards):
        shoe[card] -= 1
    brute = brute_hand(up, shoe, cards, True, True, False, free=True, lose=0.0)
    game = ExactGame(rules)
    values = game.split_variant(up, cards[0], 1, lose=0.0)
    i = values.hand(list(cards))
    _, hit = values.cd()
    scale = 1 - values.p_blackjack[i]
    for action, value in (("stand", values.stand[i]), ("hit", hit[i]),
                          ("double", values.double[i])):
        assert value / scale == pytest.approx(brute[action], abs=1e-12), action


@pytest.mark.slow  # a full exact analysis of two decks
def test_two_decks_soft_14_v_4_hits_rather_than_doubles():
    """A published cell the generator disagrees with (tests/test_exact_charts.py KNOWN)."""
    shoe = [8] * 9 + [32]
    for card in (3, 0, 2):
        shoe[card] -= 1
    brute = brute_hand(3, shoe, (0, 2), False, True, False)
    assert brute["hit"] - brute["double"] == pytest.approx(0.00135, abs=5e-5)


def test_a_restricted_hand_set_gives_the_same_values():
    full = ExactGame({"decks": 2})
    few = ExactGame({"decks": 2}, hands=[(5, 9)])
    a, b = full.hand_ev(9, 5, 9), few.hand_ev(9, 5, 9)
    assert a.values == pytest.approx(b.values, abs=1e-15)


def test_real_valued_shoes_are_accepted():
    shoe = shoe_counts(2) * np.array([0.9] * 6 + [1.0] * 3 + [1.05])
    game = ExactGame({"decks": 2}, shoe=shoe, hands=[(9, 9)])
    hand = game.hand_ev(4, 9, 9)
    assert set(hand.values) == {"stand", "hit", "double", "split"}
    assert hand.values["stand"] > 0.5
