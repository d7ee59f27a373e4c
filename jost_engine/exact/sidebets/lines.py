"""Probabilities of each pay line of a category set, for any composition.

The cards a bet looks at are the first cards of a shuffled shoe: the
player's two and the dealer's up card (and hole card) are a uniformly
random ordered draw without replacement. So the probability of an ordered
draw of card types ``(t1, t2, ...)`` is the falling product
``n_t1 (n_t2 - [t2 = t1]) ... / (N (N - 1) ...)``, and a pay line's
probability is the sum over the ordered draws in it. The draws of 2 or 3
of the 52 types are enumerated once as arrays (:func:`_draws`), each
classified into its category; a composition is then a few vector products.
Dealer bust bets use the dealer's finishing multisets of
:func:`jost_engine.exact.dealer.dealer_table` instead (see :func:`dealer_bust`).
"""

from __future__ import annotations

from functools import cache

import numpy as np

from ..dealer import BUST, dealer_table
from .composition import HEARTS, N_TYPES, QUEEN, RED, TYPE_RANK, TYPE_SUIT, by_value


@cache
def _draws(k: int) -> np.ndarray:
    """Every ordered draw of ``k`` card types, shape ``(52**k, k)``."""
    grids = np.meshgrid(*[np.arange(N_TYPES)] * k, indexing="ij")
    return np.stack([g.ravel() for g in grids], axis=1)


def _draw_probs(composition: np.ndarray, k: int) -> np.ndarray:
    """Probability of each ordered draw of :func:`_draws` ``(k)`` from the composition."""
    counts = np.asarray(composition, dtype=np.float64).ravel()
    total = counts.sum()
    draws = _draws(k)
    p = np.ones(len(draws))
    for j in range(k):
        same = sum((draws[:, i] == draws[:, j]).astype(np.float64) for i in range(j))
        p *= np.clip(counts[draws[:, j]] - same, 0.0, None) / (total - j)
    return p


@cache
def _poker3_lines() -> np.ndarray:
    """Pay line (0 lose, 1..5 categories of ``three_card_poker``) of each 3-card draw."""
    d = _draws(3)
    r, s = TYPE_RANK[d], TYPE_SUIT[d]
    trips = (r[:, 0] == r[:, 1]) & (r[:, 1] == r[:, 2])
    flush = (s[:, 0] == s[:, 1]) & (s[:, 1] == s[:, 2])
    low = np.sort(r, axis=1)
    run = (low[:, 1] == low[:, 0] + 1) & (low[:, 2] == low[:, 1] + 1)
    ace_high = (low[:, 0] == 0) & (low[:, 1] == 11) & (low[:, 2] == 12)
    straight = run | ace_high
    lines = np.zeros(len(d), np.int64)
    for line, hit in ((5, flush), (4, straight), (3, trips), (2, straight & flush),
                      (1, trips & flush)):
        lines[hit] = line
    return lines


@cache
def _pairs_lines() -> np.ndarray:
    """Pay line (0 lose, 1 perfect, 2 colored, 3 mixed pair) of each 2-card draw."""
    d = _draws(2)
    r, s = TYPE_RANK[d], TYPE_SUIT[d]
    pair = r[:, 0] == r[:, 1]
    same_colour = RED[s[:, 0]] == RED[s[:, 1]]
    lines = np.zeros(len(d), np.int64)
    lines[pair] = 3
    lines[pair & same_colour] = 2
    lines[pair & (s[:, 0] == s[:, 1])] = 1
    return lines


@cache
def _twenty_lines() -> np.ndarray:
    """Pay line (0 lose, 1..4: Q-hearts pair, matched, suited, any 20) of each 2-card draw.

    :func:`twenty` splits the queen-of-hearts pairs with a dealer blackjack
    off line 1 into a line of their own.
    """
    d = _draws(2)
    r, s = TYPE_RANK[d], TYPE_SUIT[d]
    value = np.where(r == 0, 11, np.minimum(r + 1, 10))
    twenty = value.sum(axis=1) == 20
    suited = s[:, 0] == s[:, 1]
    matched = suited & (r[:, 0] == r[:, 1])
    queens = matched & (r[:, 0] == QUEEN) & (s[:, 0] == HEARTS)
    lines = np.zeros(len(d), np.int64)
    for line, hit in ((4, twenty), (3, twenty & suited), (2, twenty & matched), (1, queens)):
        lines[hit] = line
    return lines


def _sum_lines(p: np.ndarray, lines: np.ndarray, n_lines: int) -> np.ndarray:
    out = np.bincount(lines, weights=p, minlength=n_lines)
    out[0] = 1.0 - out[1:].sum()
    return out


def poker3(composition: np.ndarray) -> np.ndarray:
    """Pay line probabilities of 21+3's category set (lose first)."""
    return _sum_lines(_draw_probs(composition, 3), _poker3_lines(), 6)


def pairs(composition: np.ndarray) -> np.ndarray:
    """Pay line probabilities of the pairs category set (lose first)."""
    return _sum_lines(_draw_probs(composition, 2), _pairs_lines(), 4)


def twenty(composition: np.ndarray) -> np.ndarray:
    """Pay line probabilities of the twenty category set (lose first).

    After a queen-of-hearts pair the dealer's up and hole cards are the
    next two of the ``N - 2`` cards left: a blackjack with probability
    ``2 n_A n_T / ((N - 2) (N - 3))``.
    """
    out = _sum_lines(_draw_probs(composition, 2), _twenty_lines(), 5)
    comp = np.asarray(composition, dtype=np.float64)
    left = by_value(comp)
    left[9] -= 2.0  # the two queens of hearts
    rest = left.sum()
    bj = 2.0 * left[0] * left[9] / (rest * (rest - 1.0)) if rest > 1 else 0.0
    queens = out[1]
    out = np.insert(out, 1, queens * bj)
    out[2] = queens * (1.0 - bj)
    return out


def dealer_bust(composition: np.ndarray, h17: bool) -> np.ndarray:
    """Pay line probabilities of the dealer_bust set: lose, bust with 8+, 7, 6, 5, 4, 3 cards.

    The dealer's cards are the up card and the cards after it, drawn from
    the whole composition (the player's cards are not removed: off the top,
    they are unknown). For each up card, every multiset the dealer can
    finish on (:func:`~jost_engine.exact.dealer.dealer_table`) has the
    probability ``weight * prod_r falling(n_r, m_r) / falling(N, k)``.
    """
    shoe = by_value(composition)
    total = shoe.sum()
    out = np.zeros(7)
    for up in range(10):
        if shoe[up] <= 0:
            continue
        rest = shoe.copy()
        rest[up] -= 1.0
        table = dealer_table(up, h17)
        p = np.empty(len(table.parents))
        p[0] = 1.0
        for node in range(1, len(p)):  # parents come before their children
            p[node] = p[table.parents[node]] * max(rest[table.ranks[node]]
                                                   - (table.counts[node] - 1), 0.0)
        sizes = table.sizes[table.finals]
        falling = np.cumprod(np.concatenate([[1.0], total - 1.0 - np.arange(sizes.max())]))
        ways = table.weights * p[table.finals]  # 0 where the shoe has too few cards
        probs = np.divide(ways, falling[sizes], out=np.zeros(len(ways)),
                          where=falling[sizes] > 0)
        bust = table.outcomes == BUST
        cards = np.minimum(sizes[bust] + 1, 8)  # the up card and the cards drawn after it
        line = 1 + 8 - cards  # 8+ cards: line 1 .. 3 cards: line 6
        out += shoe[up] / total * np.bincount(line, weights=probs[bust], minlength=7)
    out[0] = 1.0 - out[1:].sum()
    return out
