"""Test hook: deal given cards in order instead of a shuffled shoe.

Used by the hand-logic tests to set up exact situations (a dealer
blackjack under the peek, a resplit to four hands, ...). Cards are dealt in
table order: a first card to each seat, the dealer's up card, a second card
to each seat, the hole card (peek games only), then every card drawn in
play, seat by seat and hand by hand, and the dealer's draws last.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from .cards import card_value
from .config import Config, validate_config
from .kernel import layout as L
from .kernel.rng import chunk_state
from .prepare import prepare
from .simulation import play
from .statistics import total_moments
from .tally import Tally


def stacked_shoe(cards) -> np.ndarray:
    """Card keys (``'A'``, ``'T'``, ``'2'``..``'9'``, or values 1..10) as a shoe."""
    return np.array([card_value(c) for c in cards], dtype=np.int8)


def play_stacked(config: dict | Config, cards, rounds: int = 1) -> Tally:
    """Play ``rounds`` rounds dealing exactly ``cards``, in order.

    Parameters
    ----------
    config : dict or Config
        A hydrated config; its rules, strategy and betting apply.
    cards : sequence
        The cards in dealing order, e.g. ``["T", "6", "A", "T"]``.
    rounds : int
        Rounds to play from these cards.

    Returns
    -------
    Tally
        What the rounds counted; ``tally["net"] / 100`` is the net in units.

    Raises
    ------
    JostError
        If the cards run out before the rounds are over.
    """
    model = validate_config(config)
    inputs = prepare(model)
    params = inputs.params.copy()
    params[L.P_STACKED] = 1
    params[L.P_EVERY_ROUND] = 0
    params[L.P_CUT] = len(cards) + 1
    return play(replace(inputs, params=params), rounds, chunk_state(0, 0),
                shoe=stacked_shoe(cards))


def tally_value(tally: Tally, name: str) -> int:
    """A count of a tally by name (``layout.T_*`` without the prefix, lower case).

    ``"net"`` [1/100 unit] and ``"rounds"`` (rounds bet on) are summed from
    the table of rounds by true count and outcome.
    """
    if name in ("net", "rounds"):
        return total_moments(tally)[name]
    return tally[name]


def round_net(tally: Tally) -> float:
    """Net result of the rounds played [units]."""
    return total_moments(tally)["net"] / 100
