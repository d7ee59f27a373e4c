"""A side bet's exact figures: house edge, hit frequency by pay line, SD, element of risk.

Off the top of a shoe of any composition (:mod:`.composition`), from the
pay line probabilities of :mod:`.lines`. A side bet is one wager of one
unit settled at once, so its element of risk (expected loss per unit put at
risk) equals its house edge.
"""

from __future__ import annotations

import numpy as np

from .catalog import SideBet, side_bet
from .composition import N_TYPES, TYPE_VALUE_INDEX, full_shoe, without
from .lines import dealer_bust, pairs, poker3, twenty

_LINES = {"three_card_poker": poker3, "pairs": pairs, "twenty": twenty}


def line_probabilities(bet: SideBet, composition: np.ndarray, h17: bool = False) -> np.ndarray:
    """Probability of each of the bet's pay lines (:attr:`SideBet.lines`: lose first).

    Parameters
    ----------
    bet : SideBet
        The bet (its category set decides what is computed).
    composition : numpy.ndarray
        Cards by rank and suit, shape ``(13, 4)`` [cards].
    h17 : bool
        Whether the dealer hits soft 17 (dealer bust bets only).
    """
    if bet.category_set == "dealer_bust":
        return dealer_bust(composition, h17)
    return _LINES[bet.category_set](composition)


def figures_of(bet: SideBet, probs: np.ndarray) -> dict:
    """House edge, SD and hit frequencies of a bet from its pay line probabilities.

    Returns
    -------
    dict
        ``ev`` (units per unit bet, player's view), ``house_edge`` (-ev),
        ``element_of_risk`` (the same for a one-wager bet), ``sd`` [units],
        ``hit_frequency`` (probability of any win) and ``lines``: per pay
        line its name, payout to one and probability.
    """
    pays = np.array(bet.line_pays)
    ev = float(probs @ pays)
    variance = float(probs @ pays ** 2) - ev * ev
    return {"bet": bet.name, "paytable": bet.paytable, "ev": ev, "house_edge": -ev,
            "element_of_risk": -ev, "sd": variance ** 0.5,
            "hit_frequency": float(probs[pays > 0].sum()),
            "lines": [{"line": name, "pays": float(pay), "probability": float(p)}
                      for name, pay, p in zip(bet.lines, pays, probs, strict=True)]}


def analyse(name: str, paytable: str | dict | None = None, decks: float = 6,
            h17: bool = False, composition: np.ndarray | None = None) -> dict:
    """Exact figures of a side bet off the top of a shoe.

    Parameters
    ----------
    name : str
        The bet (``"21+3"``, ``"perfect-pairs"``, ``"lucky-ladies"``, ``"buster"``).
    paytable : str, dict or None
        A pay table of the bet, a user-defined one, or None for its default.
    decks : float
        Full decks in the shoe (ignored when ``composition`` is given).
    h17 : bool
        Whether the dealer hits soft 17.
    composition : numpy.ndarray or None
        Cards by rank and suit ``(13, 4)``; None for ``decks`` full decks.

    Returns
    -------
    dict
        :func:`figures_of` plus ``decks`` (cards / 52) and ``h17``.
    """
    bet = side_bet(name, paytable)
    comp = full_shoe(decks) if composition is None else np.asarray(composition, float)
    out = figures_of(bet, line_probabilities(bet, comp, h17))
    return {**out, "decks": float(comp.sum() / 52.0), "h17": bool(h17)}


def effects_of_removal(bet: SideBet, composition: np.ndarray, h17: bool = False) -> np.ndarray:
    """Change of the bet's EV [units] when one card of each value leaves the shoe.

    Entry ``v`` (0 = ace .. 9 = ten-valued) is the mean over the card types
    of that value (weighted by how many the shoe holds) of
    ``EV(shoe without one card of the type) - EV(shoe)``: what a counter who
    sees values, not suits, learns from one card.
    """
    comp = np.asarray(composition, dtype=np.float64)
    pays = np.array(bet.line_pays)
    base = float(line_probabilities(bet, comp, h17) @ pays)
    out = np.zeros(10)
    weights = np.zeros(10)
    by_value: dict[int, float] = {}  # a dealer bust bet sees values only: one removal each
    for card_type in range(N_TYPES):
        n = comp.ravel()[card_type]
        if n < 1:
            continue
        value = int(TYPE_VALUE_INDEX[card_type])
        ev = by_value.get(value)
        if ev is None:
            ev = float(line_probabilities(bet, without(comp, card_type), h17) @ pays)
            if bet.category_set == "dealer_bust":
                by_value[value] = ev
        out[value] += n * (ev - base)
        weights[value] += n
    return np.divide(out, weights, out=np.zeros(10), where=weights > 0)
