"""Exact off-the-top figures of every bet, by combinatorics, for any shoe composition.

A coup deals player, banker, player, banker, then the player's third card
(if any), then the banker's. :func:`outcome_probabilities` walks every
sequence of card *values* in that order, each weighted by the product of
``count / cards left`` at each draw (drawing without replacement), so the
sum is exact for the composition given (up to floating-point rounding,
about 1e-15). Every bet's result is a function of the outcome class
(:data:`jost_baccarat.rules.OUTCOMES`), so the five class probabilities give
each bet's expectation, standard deviation and hit frequencies.

:func:`brute_force_probabilities` checks it on a tiny shoe by dealing every
ordered arrangement of six distinct cards, with the third-card rule written
out as the published tableau's sentences rather than read from the table.
"""

from __future__ import annotations

import itertools
import math

import numpy as np

from .rules import (
    BANKER,
    BANKER_DRAWS,
    BETS,
    DRAGON,
    OUTCOMES,
    PANDA,
    PLAYER,
    PLAYER_STOOD,
    TIE,
    VALUES,
    payouts,
    shoe_counts,
)


def classify(player: int, player_three: bool, banker: int, banker_three: bool) -> int:
    """The outcome class of final totals and whether each hand has three cards."""
    if player > banker:
        return PANDA if player_three and player == 8 else PLAYER
    if banker > player:
        return DRAGON if banker_three and banker == 7 else BANKER
    return TIE


def _resolve(n: list, left: int, pt: int, bt: int, w: float, out: list) -> None:
    """Add a coup from its two-card totals on, the shoe ``n`` holding ``left`` cards."""
    if pt >= 8 or bt >= 8:  # a natural: both stand
        out[classify(pt, False, bt, False)] += w
        return
    if pt >= 6:  # the player stands on 6 or 7
        if BANKER_DRAWS[bt, PLAYER_STOOD]:
            for b3 in range(VALUES):
                if n[b3]:
                    out[classify(pt, False, (bt + b3) % 10, True)] += w * n[b3] / left
        else:
            out[classify(pt, False, bt, False)] += w
        return
    for p3 in range(VALUES):
        if not n[p3]:
            continue
        wp = w * n[p3] / left
        total = (pt + p3) % 10
        if BANKER_DRAWS[bt, p3]:
            n[p3] -= 1
            for b3 in range(VALUES):
                if n[b3]:
                    out[classify(total, True, (bt + b3) % 10, True)] += wp * n[b3] / (left - 1)
            n[p3] += 1
        else:
            out[classify(total, True, bt, False)] += wp


def outcome_probabilities(counts) -> np.ndarray:
    """Probability of each outcome class of one coup off the top of a shoe.

    Parameters
    ----------
    counts : sequence of int
        Cards of each value class 0-9 (value 0: tens and faces); at least six
        cards in all.

    Returns
    -------
    numpy.ndarray
        float64[5] in the order of :data:`OUTCOMES`, summing to 1.
    """
    n = [int(c) for c in counts]
    total = sum(n)
    if len(n) != VALUES or min(n) < 0 or total < 6:
        raise ValueError(f"a shoe needs ten non-negative value counts and at least six cards, "
                         f"got {n}")
    out = [0.0] * len(OUTCOMES)
    for p1 in range(VALUES):
        if not n[p1]:
            continue
        w1 = n[p1] / total
        n[p1] -= 1
        for b1 in range(VALUES):
            if not n[b1]:
                continue
            w2 = w1 * n[b1] / (total - 1)
            n[b1] -= 1
            for p2 in range(VALUES):
                if not n[p2]:
                    continue
                w3 = w2 * n[p2] / (total - 2)
                n[p2] -= 1
                for b2 in range(VALUES):
                    if not n[b2]:
                        continue
                    w4 = w3 * n[b2] / (total - 3)
                    n[b2] -= 1
                    _resolve(n, total - 4, (p1 + p2) % 10, (b1 + b2) % 10, w4, out)
                    n[b2] += 1
                n[p2] += 1
            n[b1] += 1
        n[p1] += 1
    return np.array(out)


def bet_figures(probabilities: np.ndarray, rules: dict) -> dict:
    """Each bet's exact figures from the outcome probabilities.

    Returns
    -------
    dict
        bet -> ``{"ev", "house_edge", "sd", "win", "push", "lose"}``: EV and
        house edge [fraction of the bet], SD [units per unit bet], and the
        probabilities of a win, a push and a loss.
    """
    table = payouts(rules)
    out = {}
    for i, bet in enumerate(BETS):
        net = table[i]
        ev = float(probabilities @ net)
        second = float(probabilities @ (net * net))
        out[bet] = {"ev": ev, "house_edge": -ev, "sd": math.sqrt(max(second - ev * ev, 0.0)),
                    "win": float(probabilities[net > 0].sum()),
                    "push": float(probabilities[net == 0].sum()),
                    "lose": float(probabilities[net < 0].sum())}
    return out


def exact_figures(rules: dict, counts=None) -> dict:
    """:func:`bet_figures` of a full shoe of ``rules["decks"]`` decks (or of ``counts``)."""
    counts = shoe_counts(rules["decks"]) if counts is None else counts
    return bet_figures(outcome_probabilities(counts), rules)


def _banker_draws_by_rule(banker: int, player_third: int | None) -> bool:
    """The banker's third-card rule in the tableau's words (independent of the table)."""
    if player_third is None:
        return banker <= 5
    if banker <= 2:
        return True
    if banker == 3:
        return player_third != 8
    if banker == 4:
        return 2 <= player_third <= 7
    if banker == 5:
        return 4 <= player_third <= 7
    if banker == 6:
        return player_third in (6, 7)
    return False


def play_coup(cards) -> int:
    """The outcome class of a coup dealt from ``cards`` (values, in order; six or more)."""
    p, b = [cards[0], cards[2]], [cards[1], cards[3]]
    nxt = 4
    pt, bt = sum(p) % 10, sum(b) % 10
    if pt < 8 and bt < 8:
        third = None
        if pt <= 5:
            third = cards[nxt]
            nxt += 1
            p.append(third)
        if _banker_draws_by_rule(bt, third):
            b.append(cards[nxt])
    return classify(sum(p) % 10, len(p) == 3, sum(b) % 10, len(b) == 3)


def brute_force_probabilities(counts) -> np.ndarray:
    """:func:`outcome_probabilities` by dealing every ordered choice of six distinct cards.

    Only for tiny shoes: ``n! / (n - 6)!`` deals (151,200 for ten cards).
    """
    cards = [v for v, c in enumerate(counts) for _ in range(int(c))]
    tally = np.zeros(len(OUTCOMES))
    deals = 0
    for order in itertools.permutations(range(len(cards)), 6):
        tally[play_coup([cards[i] for i in order])] += 1
        deals += 1
    return tally / deals
