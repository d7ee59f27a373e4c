"""Variance of a round off the top, and covariance of two hands against one dealer.

:func:`round_moments` goes over every up card and two-card hand as the EV does
(:meth:`.overall.ExactGame.ev_td`), playing the chart, and adds up:

* the distribution of the round's result [initial bets] when one spot is
  played: exact for every round without a split (each hand's chances of
  winning, pushing and losing follow every card, :mod:`.spread`); for a split,
  the split hands are taken as independent given the dealer's outcome (below);
* the first moment (the exact EV: the same values as ``ev_td``, splits
  included), the second moment and the variance;
* the covariance of two hands (two spots of one player, the same round and
  dealer), from what they share: the up card and the dealer's outcome.

**Splits.** The split recursion of :mod:`.splits` is run on distributions:
given the dealer's outcome ``d`` (17..21, bust, and with no hole card a
blackjack), each split hand's result has the distribution of its final
total (its own draws, from the shoe the EV code gives it) against ``d``, and
the hands' results are added by convolution. The second moment of a split is
``sum_i E[Y_i^2]`` exactly (each hand's own exact chances) plus the cross
terms ``sum_{i != j} E[Y_i Y_j]`` from that model. The distribution's split
rounds come from the model too, so its mean differs from the exact EV by the
model's error in the split hands' means (a few 1e-5 of a bet at 6 decks);
without splits the two agree to rounding.

**Two hands.** Given the up card ``u`` and the dealer's outcome ``d`` the two
hands are taken as independent, each with the conditional mean ``J_u(d) /
pi_u(d)``, where ``J_u(d) = E[X 1{D = d} | u]`` and ``pi_u(d)`` is the dealer's
distribution. ``J`` follows the hand's first two cards into the dealer's
distribution, but not the player's later draws (a hit hand's final total is
taken as independent of the dealer's outcome given those two cards), nor the
cards the other hand takes. The covariance is ``sum_u P(u) sum_d J_u(d)^2 /
pi_u(d) - m^2`` with ``m`` the model's mean. Against two simulated spots it
is high by about 0.007 / decks [initial bets squared] (0.0012 at 6 decks, 0.006
at one deck; ``docs/exact.md``).
"""

from __future__ import annotations

import math
from collections import defaultdict

import numpy as np

from .charts import ChartArrays
from .dealer import BLACKJACK, N_OUTCOMES
from .overall import ExactGame
from .splits import post_split_play, split_recursion, split_terms
from .spread import LOSE, PAYOFF, WIN, HandSpread, given_dealer

_DIGITS = 9  # outcomes are multiples of a half or a tenth of a bet: keys rounded
_SQUARES = np.array([4.0, 1.0, 0.0, 1.0, 4.0])  # results -2..+2 squared


class _Spreads:
    """:class:`HandSpread` of the main and split hands of a game, remembered."""

    def __init__(self, game: ExactGame, chart: ChartArrays):
        self.game, self.chart = game, chart
        self._main: dict[int, HandSpread] = {}
        self._split: dict[tuple, HandSpread] = {}

    def main(self, up: int) -> HandSpread:
        if up not in self._main:
            self._main[up] = HandSpread(self.game.main(up), self.chart.play[up])
        return self._main[up]

    def split(self, up: int, pair: int, k: int) -> HandSpread:
        k = min(k, self.game.kcap)
        if (up, pair, k) not in self._split:
            values = self.game.split_variant(up, pair, k)
            self._split[up, pair, k] = HandSpread(values, self.chart.play[up])
        return self._split[up, pair, k]


def _convolve(x: np.ndarray, rest: np.ndarray) -> np.ndarray:
    """A hand's results ``(7, 5)`` (-2..+2) added to the rest's ``(7, G)``, by outcome."""
    out = np.zeros_like(rest)
    width = rest.shape[1]
    for s in range(5):
        shift = s - 2
        lo, hi = max(0, shift), min(width, width + shift)
        out[:, lo:hi] += x[:, s:s + 1] * rest[:, lo - shift:hi - shift]
    return out


def _then_convolve(x, weight, rest):
    return _convolve(x, rest)


def _add_after(x, weight, rest):
    return x + weight * rest


def split_moments(spreads: _Spreads, up: int, pair: int) -> dict:
    """The distribution and moments of the split hands' total result.

    Returns
    -------
    dict
        ``given``: ``(7, G)`` distribution of the total given each dealer
        outcome, results ``-R..R`` with ``R = (G - 1) / 2`` [initial bets];
        ``diag``: exact ``sum_i E[Y_i^2]`` (unnormalised, see
        :mod:`.player`); ``diag_given``: ``(7,)`` the same in the model,
        given each outcome.
    """
    game = spreads.game
    rules = game.rules
    das = rules.double_after_split
    half = 2 * rules.max_split_hands
    zero = np.zeros((N_OUTCOMES, 2 * half + 1))
    zero[:, half] = 1.0

    def hand_of(k, values, hand):
        play = post_split_play(values, hand, pair, das, spreads.chart)
        return spreads.split(up, pair, k), play

    def given(k, values, hand):
        spread, play = hand_of(k, values, hand)
        return given_dealer(spread.of("fs", play, hand), 2.0 if play == "double" else 1.0)

    def square(k, values, hand):
        spread, play = hand_of(k, values, hand)
        wpl = spread.of("wpl", play, hand)
        return (4.0 if play == "double" else 1.0) * float(wpl[WIN] + wpl[LOSE])

    def square_given(k, values, hand):
        return given(k, values, hand) @ _SQUARES

    def runner(per_hand, then, start):
        terms: dict[int, tuple] = {}

        def term(k):
            k = min(k, game.kcap)
            if k not in terms:
                terms[k] = split_terms(game.split_variant(up, pair, k), pair,
                                       lambda values, hand: per_hand(k, values, hand))
            return terms[k]

        return split_recursion(rules, pair, term, then, start)

    return {"given": runner(given, _then_convolve, zero),
            "diag": runner(square, _add_after, 0.0),
            "diag_given": runner(square_given, _add_after, np.zeros(N_OUTCOMES))}


def _hand_pieces(game: ExactGame, spreads: _Spreads, up: int, c1: int, c2: int):
    """One two-card hand played by the chart: ``(dist, mean, second, J)``.

    ``dist`` maps results [initial bets] to chances; ``mean`` and ``second``
    are the exact first moment and the second moment; ``J`` is
    ``E[X 1{D = d}]`` by dealer outcome in the two-hand model. All given the
    up card and the hand.
    """
    rules = game.rules
    values = game.main(up)
    i = values.hand([c1, c2])
    probs = values.probs[i]
    p_bj = float(probs[BLACKJACK])
    play = game.td_play(up, c1, c2, spreads.chart)
    peek = not rules.enhc
    playing = slice(0, BLACKJACK) if peek else slice(0, N_OUTCOMES)
    J = np.zeros(N_OUTCOMES)
    dist: dict[float, float] = defaultdict(float)
    if play == "blackjack":
        pays = rules.blackjack_pays
        dist[pays] += 1.0 - p_bj
        dist[0.0] += p_bj
        J[:BLACKJACK] = pays * probs[:BLACKJACK]
    elif play == "surrender" and rules.surrender == "early":
        dist[-0.5] += 1.0
        J[:] = -0.5 * probs
    elif play == "surrender":
        dist[-0.5] += 1.0 - p_bj
        dist[-1.0] += p_bj
        J[:BLACKJACK] = -0.5 * probs[:BLACKJACK]
        J[BLACKJACK] = -p_bj
    elif play == "split":
        parts = split_moments(spreads, up, c1)
        given = parts["given"]
        half = (given.shape[1] - 1) // 2
        results = np.arange(-half, half + 1, dtype=float)
        weights = probs[playing]
        for r, p in zip(results, weights @ given[playing], strict=True):
            if p > 0:
                dist[float(r)] += p
        means = given @ results
        seconds = given @ results**2
        J[playing] = weights * means[playing]
        cross = weights @ (seconds[playing] - parts["diag_given"][playing])
        second_split = parts["diag"] + cross
        mean = game.round_from_value(p_bj, game.split(up, c1, spreads.chart), False)
        if peek:
            dist[-1.0] += p_bj
            J[BLACKJACK] = -p_bj
            second_split += p_bj
        return dist, mean, second_split, J
    else:
        spread = spreads.main(up)
        bet = 2.0 if play == "double" else 1.0
        wpl = spread.of("wpl", play, i)
        dist[bet] += wpl[WIN]
        dist[0.0] += wpl[1]
        dist[-bet] += wpl[LOSE]
        fs = spread.of("fs", play, i)
        J[playing] = probs[playing] * bet * (fs @ PAYOFF[:, playing])
        if peek:
            dist[-1.0] += p_bj
            J[BLACKJACK] = -p_bj
    mean = sum(r * p for r, p in dist.items())
    second = sum(r * r * p for r, p in dist.items())
    return dist, mean, second, J


def round_moments(game: ExactGame, chart: ChartArrays) -> dict:
    """Moments of one round off the top, one hand, and of two hands against one dealer.

    Parameters
    ----------
    game : ExactGame
        The rules and shoe.
    chart : ChartArrays
        The chart played (the splits' play too).

    Returns
    -------
    dict
        ``ev`` [initial bets] (the exact EV, ``ev_td``), ``second_moment``
        [initial bets^2], ``variance`` [initial bets^2], ``sd`` [initial
        bets], ``covariance_two_spots`` [initial bets^2] and ``correlation``
        of two hands in one round, ``variance_two_spots`` [initial bets^2]
        (the round's total of two hands), ``ev_model`` (the two-hand
        model's mean, a check on it), ``distribution``: ``{result: chance}``
        with results in initial bets, ``distribution_mean`` and
        ``fourth_central_moment`` [initial bets^4] (of the distribution;
        gives the standard error of a simulated variance).
    """
    spreads = _Spreads(game, chart)
    dist: dict[float, float] = defaultdict(float)
    ev = second = model_mean = cross = 0.0
    for up in range(10):
        p_up = game.up_probability(up)
        J_up = np.zeros(N_OUTCOMES)
        pi_up = np.zeros(N_OUTCOMES)
        for c1, c2, p in game.deals(up):
            d, mean, sq, J = _hand_pieces(game, spreads, up, c1, c2)
            w = p_up * p
            for r, q in d.items():
                dist[round(r, _DIGITS)] += w * q
            ev += w * mean
            second += w * sq
            J_up += p * J
            pi_up += p * game.main(up).probs[game.main(up).hand([c1, c2])]
        model_mean += p_up * J_up.sum()
        seen = pi_up > 0
        cross += p_up * float((J_up[seen] ** 2 / pi_up[seen]).sum())
    variance = second - ev**2
    covariance = cross - model_mean**2
    dist = dict(sorted((float(r), float(q)) for r, q in dist.items() if q > 0))
    dmean = sum(r * q for r, q in dist.items())
    dvar = sum((r - dmean) ** 2 * q for r, q in dist.items())
    fourth = sum((r - dmean) ** 4 * q for r, q in dist.items())
    figures = {"ev": ev, "second_moment": second, "variance": variance,
               "sd": math.sqrt(variance), "covariance_two_spots": covariance,
               "correlation": covariance / variance,
               "variance_two_spots": 2 * variance + 2 * covariance,
               "ev_model": model_mean, "distribution_mean": dmean,
               "distribution_variance": dvar, "fourth_central_moment": fourth}
    return {**{k: float(v) for k, v in figures.items()}, "distribution": dist}


__all__ = ["round_moments", "split_moments"]
