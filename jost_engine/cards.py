"""Cards: their keys, the orders they are listed in, and a full shoe.

The one place that defines them. A card is named by a key: ``'A'``,
``'2'``..``'9'``, ``'T'`` (any ten-valued card; ``'10'``, ``'J'``, ``'Q'``,
``'K'`` are read as ``'T'``). Two index conventions are in use, both fixed
by the card's value (the ace counted as one):

- the kernel and the count tags index a card by its **value** 1..10
  (:func:`card_value`: ace 1, ten 10);
- the exact analysis indexes it by its **rank** 0..9, the value minus one
  (:func:`rank_of`, :data:`RANK_KEYS`: ace 0, ten 9).

Charts (``docs/charts.md``) list the dealer's up cards, and the pairs, in
:data:`CHART_KEYS` order: 2..9, T, A.
"""

from __future__ import annotations

import numpy as np

RANK_KEYS = ("A", "2", "3", "4", "5", "6", "7", "8", "9", "T")  # by rank (value - 1)
CHART_KEYS = ("2", "3", "4", "5", "6", "7", "8", "9", "T", "A")  # chart columns and pair rows
CARDS_PER_DECK = (4, 4, 4, 4, 4, 4, 4, 4, 4, 16)  # by rank
SPANISH_TENS = 12  # ten-valued cards of a 48-card Spanish deck (jacks, queens, kings)
TEN_NAMES = ("10", "J", "Q", "K")


def card_value(key) -> int:
    """Value of a card key: ``'A'`` (or ``'1'``) is 1, ``'T'`` 10, ``'2'``..``'9'`` their number.

    Raises
    ------
    ValueError
        For a key that names no card.
    """
    text = str(key).strip().upper()
    if text in ("A", "1"):
        return 1
    if text == "T" or text in TEN_NAMES:
        return 10
    if text in RANK_KEYS:
        return int(text)
    raise ValueError(f"not a card: {key!r} (cards are A, 2..9, T)")


def rank_of(key) -> int:
    """Rank index 0..9 of a card key (ace 0, ten-valued 9): its value minus one."""
    return card_value(key) - 1


CHART_RANKS = tuple(rank_of(k) for k in CHART_KEYS)  # rank of each chart column
CHART_VALUES = tuple(card_value(k) for k in CHART_KEYS)  # value of each chart column


def shoe_cards(decks: int, spanish: bool = False) -> np.ndarray:
    """The cards of a full shoe, one entry per card (the kernel's shoe).

    Parameters
    ----------
    decks : int
        Number of decks.
    spanish : bool
        48-card Spanish decks (the four ten-spots removed: twelve ten-valued
        cards a deck) instead of 52-card decks.

    Returns
    -------
    numpy.ndarray
        ``52 * decks`` ``int8`` card values [1..10]; each deck is 1..9 four
        times over, then its sixteen tens. Simulations start each shoe from
        it sorted by rank (:mod:`jost_engine.prepare`); the cell tests of
        :func:`jost_engine.testing.play_cell` start from this order, so it is
        part of their seeded results: do not change it.
    """
    tens = SPANISH_TENS if spanish else CARDS_PER_DECK[-1]
    one_deck = np.array(list(range(1, 10)) * 4 + [10] * tens, dtype=np.int8)
    return np.tile(one_deck, decks)


def shoe_counts(decks: float, spanish: bool = False) -> np.ndarray:
    """The composition of a full shoe: how many cards of each rank (the exact analysis's shoe).

    Parameters
    ----------
    decks : float
        Number of decks (fractions allowed).
    spanish : bool
        48-card Spanish decks (:func:`shoe_cards`).

    Returns
    -------
    numpy.ndarray
        Ten float counts [cards] by rank: aces, 2..9, ten-valued cards.
    """
    per_deck = np.array(CARDS_PER_DECK, dtype=float)
    if spanish:
        per_deck[-1] = SPANISH_TENS
    return per_deck * float(decks)


def suited_shoe_counts(decks: float) -> np.ndarray:
    """The composition of a full shoe by rank and suit (the side bets' exact analysis's shoe).

    Parameters
    ----------
    decks : float
        Number of 52-card decks (> 0, fractions allowed).

    Returns
    -------
    numpy.ndarray
        Float counts [cards], shape ``(13, 4)``: ranks A, 2..10, J, Q, K by suit
        (spades, hearts, diamonds, clubs).

    Raises
    ------
    ValueError
        When ``decks`` is not positive.
    """
    if not decks > 0:
        raise ValueError(f"decks: must be positive, got {decks!r}")
    return np.full((13, 4), float(decks))
