"""Dealer final-total probabilities for an up card and any shoe.

The dealer's draw depends only on the cards drawn so far, so every way the
dealer can finish is a *multiset* of drawn cards (the hole card first among
them) with an outcome. For a multiset ``m`` of ``k`` cards drawn from a shoe
of counts ``n`` (``N`` cards), every ordering has the probability
``prod_r n_r (n_r - 1) ... (n_r - m_r + 1) / (N (N - 1) ... (N - k + 1))``,
so the dealer's distribution is a weighted sum over a fixed table of
multisets, the weight being the number of orderings the dealer can draw.
The table is built once per up card and soft-17 rule
(:func:`dealer_table`); evaluating it for many shoes is one compiled loop
(:func:`dealer_probs`).

Outcomes are indexed ``0..4`` for final totals 17..21, ``5`` for a bust and
``6`` for a dealer blackjack (the hole card makes 21 with an ace or ten up).
The probabilities are unconditional: a peeking dealer's blackjack is a
separate outcome, not removed (see :mod:`.player` for how the peek is
handled).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache

import numpy as np
from numba import njit

from ..kernel.cache_guard import guard
from .rules import ACE, N_RANKS

BUST = 5
BLACKJACK = 6
N_OUTCOMES = 7
TWENTY_TWO = 7  # a dealer's 22, an outcome of its own when it pushes (Free Bet)


@dataclass(frozen=True)
class DealerTable:
    """The ways a dealer can finish from one up card, as flat arrays.

    The multisets are stored as a tree of their prefixes (ranks in
    increasing order), so a shoe's probabilities take one multiplication
    per tree node.

    Attributes
    ----------
    parents, ranks, counts, sizes : numpy.ndarray
        For every tree node but the root (node 0, no card): its parent node,
        the rank it adds, how many of that rank it then holds and its cards.
    finals : numpy.ndarray
        Tree node of every multiset the dealer can finish on.
    outcomes : numpy.ndarray
        Outcome index of each final multiset (``0..6``).
    weights : numpy.ndarray
        Number of orderings of each final multiset the dealer can draw.
    """

    parents: np.ndarray
    ranks: np.ndarray
    counts: np.ndarray
    sizes: np.ndarray
    finals: np.ndarray
    outcomes: np.ndarray
    weights: np.ndarray


def _outcome(up: int, drawn: tuple, h17: bool, push22: bool = False) -> int | None:
    """Outcome of a dealer hand, or None while the dealer still draws."""
    hard = up + 1 + sum(r + 1 for r in drawn)
    ace = up == ACE or ACE in drawn
    if len(drawn) == 1 and ace and hard == 11:
        return BLACKJACK
    soft = ace and hard + 10 <= 21
    total = hard + 10 if soft else hard
    if total > 21:
        return TWENTY_TWO if push22 and total == 22 else BUST
    if total > 17 or (total == 17 and not (soft and h17)):
        return total - 17
    return None


def n_outcomes(push22: bool) -> int:
    """Number of dealer outcomes: 7, or 8 when a dealer's 22 is an outcome of its own."""
    return N_OUTCOMES + int(push22)


@cache
def dealer_table(up: int, h17: bool, push22: bool = False) -> DealerTable:
    """Enumerate how the dealer finishes from an up card.

    Parameters
    ----------
    up : int
        Rank index of the up card (0 = ace, 9 = ten).
    h17 : bool
        Whether the dealer hits soft 17.
    push22 : bool
        Whether a dealer's 22 is an outcome of its own (:data:`TWENTY_TWO`).

    Returns
    -------
    DealerTable
    """
    drawing = {(): 1}
    final: dict[tuple, int] = defaultdict(int)
    while drawing:
        after: dict[tuple, int] = defaultdict(int)
        for drawn, ways in drawing.items():
            for rank in range(N_RANKS):
                more = tuple(sorted((*drawn, rank)))
                outcome = _outcome(up, more, h17, push22)
                if outcome is None:
                    after[more] += ways
                else:
                    final[more, outcome] += ways
        drawing = after
    nodes = {(): 0}
    parents, ranks, counts, sizes = [0], [0], [0], [0]
    finals, outcomes, weights = [], [], []
    for (drawn, outcome), ways in sorted(final.items(), key=lambda item: (len(item[0][0]),
                                                                           item[0])):
        for size in range(1, len(drawn) + 1):
            prefix = drawn[:size]
            if prefix not in nodes:
                nodes[prefix] = len(parents)
                parents.append(nodes[prefix[:-1]])
                ranks.append(prefix[-1])
                counts.append(prefix.count(prefix[-1]))
                sizes.append(size)
        finals.append(nodes[drawn])
        outcomes.append(outcome)
        weights.append(float(ways))
    ints = [np.array(a, np.int64) for a in (parents, ranks, counts, sizes, finals, outcomes)]
    return DealerTable(*ints[:5], ints[5], np.array(weights))


@njit(cache=True)
def _probs(shoes, parents, slots, finals, sizes, outcomes, weights, out):
    p = np.empty(parents.shape[0])
    p[0] = 1.0
    depth = sizes.max()
    factors = np.empty(N_RANKS * (depth + 1))
    inverse = np.empty(depth + 1)
    for s in range(shoes.shape[0]):
        total = 0.0
        for r in range(N_RANKS):
            total += shoes[s, r]
            for c in range(depth + 1):
                left = shoes[s, r] - c
                factors[r * (depth + 1) + c] = left if left > 0.0 else 0.0
        inverse[0] = 1.0
        for k in range(1, depth + 1):
            inverse[k] = inverse[k - 1] / (total - (k - 1))
        for node in range(1, parents.shape[0]):
            p[node] = p[parents[node]] * factors[slots[node]]
        for o in range(out.shape[1]):
            out[s, o] = 0.0
        for m in range(finals.shape[0]):
            out[s, outcomes[m]] += weights[m] * p[finals[m]] * inverse[sizes[m]]


def dealer_probs(up: int, h17: bool, shoes: np.ndarray, push22: bool = False) -> np.ndarray:
    """Probabilities of the dealer's outcomes for many shoes.

    Parameters
    ----------
    up : int
        Rank index of the up card (already removed from the shoes).
    h17 : bool
        Whether the dealer hits soft 17.
    shoes : numpy.ndarray
        Card counts [cards], shape ``(n, 10)``; the cards the dealer draws from.
    push22 : bool
        Whether a dealer's 22 is an outcome of its own (a Free Bet push).

    Returns
    -------
    numpy.ndarray
        Shape ``(n, 7)``: probabilities of 17, 18, 19, 20, 21, bust, blackjack;
        ``(n, 8)`` with ``push22``, the last column a dealer's 22 (then not a bust).
    """
    table = dealer_table(up, h17, push22)
    shoes = np.ascontiguousarray(np.atleast_2d(shoes), dtype=np.float64)
    out = np.empty((shoes.shape[0], n_outcomes(push22)))
    depth = int(table.sizes.max())
    slots = table.ranks * (depth + 1) + table.counts - 1
    _probs(shoes, table.parents, slots, table.finals, table.sizes[table.finals],
           table.outcomes, table.weights, out)
    return out


class DealerCache:
    """Dealer probabilities for one up card, remembered by the cards removed.

    Many hands leave the same cards behind (a split hand and an unsplit one
    holding the same cards in all), so the probabilities are kept by the
    multiset of removed cards and computed once.

    Parameters
    ----------
    up : int
        Rank index of the up card.
    h17 : bool
        Whether the dealer hits soft 17.
    shoe : numpy.ndarray
        Card counts [cards] with the up card already removed.
    push22 : bool
        Whether a dealer's 22 is an outcome of its own (:func:`dealer_probs`).
    """

    _RADIX = 32 ** np.arange(N_RANKS, dtype=np.int64)

    def __init__(self, up: int, h17: bool, shoe: np.ndarray, push22: bool = False):
        self.up, self.h17, self.shoe = up, h17, np.asarray(shoe, dtype=np.float64)
        self.push22 = push22
        self.rows: dict[int, int] = {}
        self.probs = np.empty((1024, n_outcomes(push22)))

    @property
    def computed(self) -> int:
        """Number of shoes evaluated so far."""
        return len(self.rows)

    def get(self, removed: np.ndarray) -> np.ndarray:
        """Probabilities ``(n, 7)`` (or 8, :func:`dealer_probs`) for shoes without these
        cards (``(n, 10)`` counts < 32)."""
        keys = (removed.astype(np.int64) @ self._RADIX).tolist()
        rows = self.rows
        fresh: dict[int, int] = {}
        todo = []
        start = len(rows)
        for i, key in enumerate(keys):
            if key not in rows and key not in fresh:
                fresh[key] = start + len(todo)
                todo.append(i)
        if todo:
            new = dealer_probs(self.up, self.h17, self.shoe[None, :] - removed[todo],
                               self.push22)
            start = len(rows)
            if start + len(todo) > len(self.probs):
                grown = np.empty((2 * (start + len(todo)), self.probs.shape[1]))
                grown[:start] = self.probs[:start]
                self.probs = grown
            self.probs[start:start + len(todo)] = new
            rows.update(fresh)
        return self.probs[[rows[key] for key in keys]]


guard(__name__)
