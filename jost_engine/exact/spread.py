"""How a hand ends, not just what it is worth: outcome probabilities of hands.

:class:`HandSpread` follows the chart's play of every hand of a
:class:`~.player.HandValues` set, as :meth:`~.player.HandValues.td` does, but
carries vectors instead of values:

* ``wpl``: the exact chances that the hand wins, pushes or loses its bet
  (unnormalised like the values, see :mod:`.player`: times the event that a
  peeking dealer has no blackjack), with every card removal followed;
* ``fs``: the chances of the player's final total, class ``0`` for 16 or
  less, ``1..5`` for 17..21 and ``6`` for a bust (:data:`N_CLASSES`), which
  depend only on the player's own draws.

``wpl`` gives the exact distribution of a hand played alone; ``fs`` joined
with the dealer's outcome (:data:`PAYOFF`) gives the hand's mean given the
dealer's outcome, which :mod:`.variance` uses for what two hands facing the
same dealer share.
"""

from __future__ import annotations

import numpy as np

from .dealer import BLACKJACK, BUST, N_OUTCOMES
from .player import DOUBLE_STAND, STAND, HandValues

N_CLASSES = 7  # the player's final total: <= 16, 17, 18, 19, 20, 21, bust
BUSTED = 6
WIN, PUSH, LOSE = 0, 1, 2


def _payoff() -> np.ndarray:
    """``(7, 7)`` result of a unit bet by player class and dealer outcome (+1, 0, -1)."""
    out = np.zeros((N_CLASSES, N_OUTCOMES))
    for c in range(N_CLASSES):
        for d in range(N_OUTCOMES):
            if c == BUSTED or d == BLACKJACK:
                out[c, d] = -1.0
            elif d == BUST:
                out[c, d] = 1.0
            else:
                out[c, d] = np.sign((16 + c) - (17 + d))
    return out


PAYOFF = _payoff()


def final_class(total: np.ndarray) -> np.ndarray:
    """The class of a standing total (at most 21): 0 for 16 or less, else total - 16."""
    return np.where(total < 17, 0, total - 16)


class HandSpread:
    """Outcome probabilities of a set of hands played by one chart row.

    Parameters
    ----------
    values : HandValues
        The hands, their shoe and the dealer's probabilities.
    play : numpy.ndarray
        ``(2, 22)`` chart codes for this up card (hard row 0, soft row 1), as
        for :meth:`.player.HandValues.td`.
    """

    def __init__(self, values: HandValues, play: np.ndarray):
        self.values = values
        code = play[values.soft.astype(int), values.total]
        self.stands = (code == STAND) | (code == DOUBLE_STAND) | (values.total >= 21)
        n = len(values.hands)
        self.stand_fs = np.zeros((n, N_CLASSES))
        self.stand_fs[np.arange(n), final_class(values.total)] = 1.0
        self.stand_wpl = self._stand_wpl()
        self._hit: dict[str, np.ndarray] = {}
        self._double: dict[str, np.ndarray] = {}

    def _stand_wpl(self) -> np.ndarray:
        """Chances of win, push and loss when standing [probability, unnormalised]."""
        v = self.values
        probs = v.probs
        j = v.total - 17  # dealer outcome index of an equal total (< 0: 16 or less)
        below = (np.arange(5)[None, :] < j[:, None]) * probs[:, :5]
        above = (np.arange(5)[None, :] > j[:, None]) * probs[:, :5]
        win = probs[:, BUST] + below.sum(axis=1)
        push = np.where((j >= 0) & (j <= 4), probs[np.arange(len(j)), np.clip(j, 0, 4)], 0.0)
        lose = above.sum(axis=1) + (probs[:, BLACKJACK] if v.rules.enhc else 0.0)
        return np.stack([win, push, lose], axis=1)

    def _bust(self, kind: str, members) -> np.ndarray:
        """``(m, 10, k)`` vector of a hand that busts by drawing each rank."""
        m = len(members)
        if kind == "fs":
            out = np.zeros((m, 10, N_CLASSES))
            out[..., BUSTED] = 1.0
            return out
        out = np.zeros((m, 10, 3))
        bust = self.values.bust
        out[..., LOSE] = 1.0 if np.isscalar(bust) else -bust[members]
        return out

    def _stand_of(self, kind: str) -> np.ndarray:
        return self.stand_fs if kind == "fs" else self.stand_wpl

    def hit(self, kind: str) -> np.ndarray:
        """``(n, k)`` vector when hitting, then playing on by the chart.

        Parameters
        ----------
        kind : {'wpl', 'fs'}
            Win/push/loss chances or the final-class chances.
        """
        if kind not in self._hit:
            v = self.values
            stand = self._stand_of(kind)
            final = np.zeros_like(stand)
            hit = np.zeros_like(stand)
            for members in v.layers:
                if len(members) == 0:
                    continue
                children = v.child[members]
                nxt = np.where(children[..., None] >= 0, final[np.maximum(children, 0)],
                               self._bust(kind, members))
                hit[members] = np.einsum("mc,mck->mk", v.draw[members], nxt)
                final[members] = np.where(self.stands[members][:, None], stand[members],
                                          hit[members])
            self._hit[kind] = hit
        return self._hit[kind]

    def double(self, kind: str) -> np.ndarray:
        """``(n, k)`` vector after doubling: one card, then standing (the bet is doubled)."""
        if kind not in self._double:
            v = self.values
            members = np.arange(len(v.hands))
            children = v.child
            nxt = np.where(children[..., None] >= 0, self._stand_of(kind)[np.maximum(children, 0)],
                           self._bust(kind, members))
            self._double[kind] = np.einsum("mc,mck->mk", v.draw, nxt)
        return self._double[kind]

    def of(self, kind: str, play: str, hand: int) -> np.ndarray:
        """The vector of one hand played ``stand``, ``hit`` or ``double``."""
        if play == "stand":
            return self._stand_of(kind)[hand]
        if play == "hit":
            return self.hit(kind)[hand]
        return self.double(kind)[hand]


def given_dealer(fs: np.ndarray, bet: float) -> np.ndarray:
    """Distribution of a hand's result given the dealer's outcome.

    Parameters
    ----------
    fs : numpy.ndarray
        ``(7,)`` chances of the player's final classes.
    bet : float
        The hand's bet [initial bets]: 1, or 2 when doubled.

    Returns
    -------
    numpy.ndarray
        ``(7, 5)``: by dealer outcome, the chances of the results -2, -1, 0,
        +1, +2 [initial bets].
    """
    out = np.zeros((N_OUTCOMES, 5))
    m = int(bet)
    for sign in (-1, 0, 1):
        out[:, 2 + sign * m] += fs @ (PAYOFF == sign)
    return out


__all__ = ["BUSTED", "HandSpread", "N_CLASSES", "PAYOFF", "final_class", "given_dealer"]
