"""A shoe by rank and suit, as the side bets see it.

A composition is a float array of shape ``(13, 4)``: cards of each rank
(index 0 = ace, 1..8 = 2..9, 9 = 10, 10 = jack, 11 = queen, 12 = king) and
suit (0 spades, 1 hearts, 2 diamonds, 3 clubs; hearts and diamonds are red).
A card *type* is ``4 * rank + suit`` (52 types). The blackjack value of rank
``r`` is ``min(r + 1, 10)``, so the value-indexed shoe of the exact analysis
(:mod:`jost_engine.exact.rules`, ranks 0..9) sums the four ten-valued ranks.
"""

from __future__ import annotations

import numpy as np

N_RANKS13 = 13
N_SUITS = 4
N_TYPES = N_RANKS13 * N_SUITS
HEARTS = 1
QUEEN = 11
RED = np.array([False, True, True, False])
RANK_NAMES = ("A", "2", "3", "4", "5", "6", "7", "8", "9", "10", "J", "Q", "K")
TYPE_RANK = np.repeat(np.arange(N_RANKS13), N_SUITS)  # rank of each card type
TYPE_SUIT = np.tile(np.arange(N_SUITS), N_RANKS13)  # suit of each card type
TYPE_VALUE_INDEX = np.minimum(TYPE_RANK, 9)  # value rank 0..9 (ten-valued cards 9)


def full_shoe(decks: int | float) -> np.ndarray:
    """The composition of ``decks`` full 52-card decks, shape ``(13, 4)``."""
    if not decks > 0:
        raise ValueError(f"decks: must be positive, got {decks!r}")
    return np.full((N_RANKS13, N_SUITS), float(decks))


def by_value(composition: np.ndarray) -> np.ndarray:
    """Cards of each value rank 0..9 (ace .. ten-valued), the exact analysis' shoe."""
    ranks = np.asarray(composition, dtype=np.float64).sum(axis=1)
    return np.concatenate([ranks[:9], [ranks[9:].sum()]])


def without(composition: np.ndarray, card_type: int, cards: float = 1.0) -> np.ndarray:
    """A copy of the composition with ``cards`` cards of one type removed."""
    out = np.array(composition, dtype=np.float64)
    out[divmod(card_type, N_SUITS)] -= cards
    return out
