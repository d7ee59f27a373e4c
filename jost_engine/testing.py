"""Test hooks: deal given cards in order instead of a shuffled shoe.

:func:`play_stacked` deals every card as given, for the hand-logic tests
that set up exact situations (a dealer blackjack under the peek, a resplit
to four hands, ...). Cards are dealt in table order: a first card to each
seat, the dealer's up card, a second card to each seat, the hole card (peek
games only), then every card drawn in play, seat by seat and hand by hand,
and the dealer's draws last.

:func:`play_cell` deals chosen first cards (the player's two and the up
card) from a fresh full shoe every round and the rest at random, for the
cell-level fidelity tests against :mod:`jost_engine.exact`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from .cards import card_value, shoe_cards
from .config import Config, validate_config
from .kernel import layout as L
from .kernel.rng import chunk_key
from .prepare import prepare
from .simulation import play
from .statistics import total_moments
from .tally import Tally


def stacked_shoe(cards) -> np.ndarray:
    """Card keys (``'A'``, ``'T'``, ``'2'`` to ``'9'``, or values 1 to 10) as a shoe."""
    return np.array([card_value(c) for c in cards], dtype=np.int8)


def play_stacked(config: dict | Config, cards, rounds: int = 1,
                 switch: np.ndarray | None = None) -> Tally:
    """Play ``rounds`` rounds dealing exactly ``cards``, in order.

    Parameters
    ----------
    config : dict or Config
        A hydrated config; its rules, strategy and betting apply.
    cards : sequence
        The cards in dealing order, e.g. ``["T", "6", "A", "T"]``. With
        ``rules.switch`` our spot is two seats: hand A's first card, hand B's,
        the up card, A's second, B's second, the hole card.
    rounds : int
        Rounds to play from these cards.
    switch : numpy.ndarray, optional
        With ``rules.switch``, the switch table to play (see
        :func:`jost_engine.prepare.prepare`); by default the exact one.

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
    inputs = prepare(model, switch=switch)
    params = inputs.params.copy()
    params[L.P_STACKED] = 1
    params[L.P_EVERY_ROUND] = 0
    params[L.P_CUT] = len(cards) + 1
    return play(replace(inputs, params=params), rounds, chunk_key(0, 0),
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


@dataclass(frozen=True)
class CellResult:
    """The mean result of the rounds of one cell (first cards and up card).

    Attributes
    ----------
    rounds : int
        Rounds played.
    mean : float
        Mean net of a round [initial bets].
    se : float
        Its standard error [initial bets].
    """

    rounds: int
    mean: float
    se: float


def play_cell(config: dict | Config, cards, up, rounds: int, seed: int = 0) -> CellResult:
    """Play ``rounds`` rounds that all start with the same cards, the rest at random.

    Every round is dealt from a full fresh shoe of ``rules.decks`` decks: the
    player's two cards and the up card are taken out of it and dealt first,
    then the hole card and every later card are drawn at random from the
    cards left, so the mean is the EV of the round given those three cards
    (the exact analysis's cell, :meth:`jost_engine.exact.ExactGame.hand_td`).
    The kernel deals the shoe's leading cards in order
    (``layout.P_FIRST_IN_ORDER``), a per-round choice that costs the hot loop
    nothing.

    Parameters
    ----------
    config : dict or Config
        A hydrated config for one player; its rules and chart apply, its
        reshuffle and count do not matter.
    cards : sequence of two
        The player's first two cards (keys such as ``'8'``, ``'A'``, ``'T'``).
    up : str or int
        The dealer's up card.
    rounds : int
        Rounds to play.
    seed : int
        Seed of the random stream (chunk 0).

    Returns
    -------
    CellResult
    """
    model = validate_config(config)
    if model.table.players != 1:
        raise ValueError("play_cell deals for one player")
    inputs = prepare(model)
    params = inputs.params.copy()
    params[L.P_STACKED] = 0
    params[L.P_EVERY_ROUND] = 1
    params[L.P_FIRST_IN_ORDER] = 1
    first = stacked_shoe([cards[0], up, cards[1]])
    rest = shoe_cards(model.rules.decks, model.rules.spanish_deck)
    for value in first:
        rest = np.delete(rest, np.flatnonzero(rest == value)[0])
    tally = play(replace(inputs, params=params), rounds, chunk_key(seed, 0),
                 shoe=np.concatenate([first, rest]))
    sums = total_moments(tally)
    n = sums["rounds"]
    mean = sums["outcome"] / 10 / n
    var = max(sums["outcome2"] / 100 / n - mean * mean, 0.0)
    return CellResult(n, mean, math.sqrt(var / (n - 1)))


def simulated_vs_exact(rules: dict, rounds: int, seed: int) -> tuple[float, float, float]:
    """Simulate basic strategy on ``rules`` and value the same game exactly.

    Parameters
    ----------
    rules : dict
        A ``rules`` section; reshuffled every round it is the game the exact
        analysis values (off the top).
    rounds, seed : int
        The simulation's rounds and seed (chunks of at most 5e6 rounds).

    Returns
    -------
    tuple of float
        ``(advantage, se_advantage, exact)`` [initial bets]: the simulated
        advantage and its SE, and the generated chart's exact EV (which basic plays).
    """
    from .exact import exact_ev
    from .simulation import run_simulation_from_config

    exact = exact_ev(rules)["ev_td"]
    summary = run_simulation_from_config(
        {"rules": rules, "run": {"rounds": rounds, "seed": seed,
                                 "chunk_rounds": min(rounds, 5_000_000)}}).summary
    return summary["advantage"], summary["se_advantage"], exact
