"""Every player hand that can occur, as a composition of cards.

A hand is a multiset of ranks whose values (aces as one) add up to at most
21. The set of such multisets is fixed (3083 of them, the empty hand
included), so it is built once and the player's values are computed over it
as arrays: ``child[i, r]`` is the hand ``i`` plus a card of rank ``r`` (or
``-1`` when that busts), and the hands are grouped in *layers* of equal
hard sum, so that a hand's children always lie in later layers of
:attr:`HandSpace.layers` (which run from hard sum 21 down to 0).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from .rules import ACE, N_RANKS


@dataclass(frozen=True)
class HandSpace:
    """All hand compositions and how they connect.

    Attributes
    ----------
    counts : numpy.ndarray
        ``(n, 10)`` cards of each rank in each hand.
    hard : numpy.ndarray
        Hard sum of each hand (aces as one).
    soft : numpy.ndarray
        Whether the hand counts an ace as eleven.
    total : numpy.ndarray
        Best total (soft when that does not bust).
    cards : numpy.ndarray
        Number of cards.
    child : numpy.ndarray
        ``(n, 10)`` index of the hand with one more card of each rank, -1 on a bust.
    layers : tuple of numpy.ndarray
        Hand indices by hard sum, from 21 down to 0.
    index : dict
        Hand index of a counts tuple.
    """

    counts: np.ndarray
    hard: np.ndarray
    soft: np.ndarray
    total: np.ndarray
    cards: np.ndarray
    child: np.ndarray
    layers: tuple
    index: dict

    def of(self, ranks) -> int:
        """Index of the hand holding these ranks (any order)."""
        counts = [0] * N_RANKS
        for rank in ranks:
            counts[rank] += 1
        return self.index[tuple(counts)]


@cache
def hand_space() -> HandSpace:
    """Build the hand space (cached: it never changes)."""
    hands = []

    def grow(start: int, hard: int, counts: list) -> None:
        hands.append(tuple(counts))
        for rank in range(start, N_RANKS):
            if hard + rank + 1 <= 21:
                counts[rank] += 1
                grow(rank, hard + rank + 1, counts)
                counts[rank] -= 1

    grow(0, 0, [0] * N_RANKS)
    counts = np.array(hands, dtype=np.int64)
    values = np.arange(1, N_RANKS + 1)
    hard = counts @ values
    soft = (counts[:, ACE] > 0) & (hard + 10 <= 21)
    total = np.where(soft, hard + 10, hard)
    index = {hand: i for i, hand in enumerate(hands)}
    child = np.full((len(hands), N_RANKS), -1, dtype=np.int64)
    for i, hand in enumerate(hands):
        for rank in range(N_RANKS):
            if hard[i] + rank + 1 <= 21:
                more = list(hand)
                more[rank] += 1
                child[i, rank] = index[tuple(more)]
    layers = tuple(np.flatnonzero(hard == s) for s in range(21, -1, -1))
    return HandSpace(counts, hard, soft, total, counts.sum(axis=1), child, layers, index)


def descendants(hands) -> np.ndarray:
    """The hands reachable from these by drawing cards (themselves included).

    Parameters
    ----------
    hands : sequence of int
        Hand indices.

    Returns
    -------
    numpy.ndarray
        Sorted hand indices.
    """
    space = hand_space()
    mask = np.zeros(len(space.hard), dtype=bool)
    for hand in hands:
        mask |= (space.counts >= space.counts[hand]).all(axis=1)
    return np.flatnonzero(mask)
