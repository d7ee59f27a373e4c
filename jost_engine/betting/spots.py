"""How many spots to play, and what to bet on each, at every true count: growth-optimal.

At a true count where one spot's result per unit bet has mean ``e``, second
moment ``m = v + e**2`` (``v`` its variance) and two spots of one round
have ``E[o_i o_j] = c + e**2`` (``c`` their covariance), a round of ``n``
spots of ``b`` units each wins ``W = b (o_1 + ... + o_n)`` with

    E[W] = n b e,   E[W**2] = b**2 n (m + (n - 1) (c + e**2)).

The growth of the log of a bankroll ``B`` per round, to second order
(Thorp 1997, section 3 [1]_), is ``g = E[W] / B - E[W**2] / (2 B**2)``; it is
largest at

    b* = B e / (m + (n - 1) (c + e**2))         (the Kelly bet per spot)
    g* = n e**2 / (2 (m + (n - 1) (c + e**2)))  (growth of log B per round)

A fraction ``k`` of Kelly bets
``k b*`` and grows by ``(2k - k**2) g*``. As ``c < v`` (two spots are not
perfectly correlated) ``g*`` grows with ``n``: without limits more spots are
always better where the edge is positive (about 1.46 times the growth at two
spots, 1.73 at three, for ``v = 1.34``, ``c = 0.49``; see also [2]_). Table limits change
that: each spot's bet is clipped to ``[min_bet, max_bet]``, and the growth of
each ``n`` at its clipped bet decides; at counts without an edge one spot
at the table minimum is played (or the player wongs out, when the run did).

Counts are independent in this model (the choice at one count does not
change the rounds at another), so the best plan picks ``n`` and ``b`` per
count. Left out: the extra cards a further spot takes (fewer rounds per
hour and per shoe); a study of the plan measures it (docs/betting.md,
"Multiple spots").

References
----------
.. [1] E. O. Thorp, "The Kelly criterion in blackjack, sports betting and the
   stock market", 1997, section 3: ``g(f) = m f - s**2 f**2 / 2`` to second
   order, ``f* = m / s**2``.
.. [2] D. Schlesinger, *Blackjack Attack*, 3rd ed., RGE Publishing, 2005: optimal
   bets for two and three hands, from the covariance of hands played together
   (the Kelly bet per hand falls as the covariance rises).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..spot_statistics import spot_columns
from ..tally import Tally


@dataclass(frozen=True)
class SpotCount:
    """One true count of a spot plan.

    Attributes
    ----------
    true_count : int
    frequency : float
        Share of the rounds bet on at this count.
    ev, var, cov : float
        A spot's EV [its bets], variance and the covariance of two spots [bets**2].
    spots : int
        Spots chosen.
    bet : float
        Bet per spot [units].
    growth : float
        Growth of the log bankroll per round at this count, times the bankroll
        [units per round]: ``E[W] - E[W**2] / (2 B)``.
    """

    true_count: int
    frequency: float
    ev: float
    var: float
    cov: float
    spots: int
    bet: float
    growth: float


def round_second_moment(e: float, v: float, c: float, n: int) -> float:
    """``E[(o_1 + ... + o_n)**2]`` of ``n`` spots per unit bet [bets**2]."""
    return n * (v + e * e) + n * (n - 1) * (c + e * e)


def kelly_bet(e: float, v: float, c: float, n: int, bankroll: float,
              kelly_fraction: float = 1.0) -> float:
    """The Kelly bet per spot of ``n`` spots [units]: ``k B n e / E[R**2]`` (0 without edge)."""
    if e <= 0:
        return 0.0
    return kelly_fraction * bankroll * n * e / round_second_moment(e, v, c, n)


#: The step of a ramp's bets [units] (config.py: multiples of 0.1): plans bet on it.
BET_STEP = 0.1


def growth_of(e: float, v: float, c: float, n: int, bet: float, bankroll: float) -> float:
    """Growth per round times the bankroll [units]: ``n b e - b**2 E[R**2] / (2 B)``."""
    return n * bet * e - bet * bet * round_second_moment(e, v, c, n) / (2 * bankroll)


def choose(e: float, v: float, c: float, bankroll: float, max_spots: int = 3,
           kelly_fraction: float = 1.0, min_bet: float = 1.0,
           max_bet: float | None = None, cards=None,
           step: float = BET_STEP) -> tuple[int, float, float]:
    """The spots, bet per spot [units] and growth [units per round] of one count.

    Every ``n`` of 1..``max_spots`` bets its Kelly bet clipped to the limits and
    rounded to ``step`` [units] (the ramp's step ``BET_STEP``, 0.1 unit, so the plan
    bets what its config plays; 0: not rounded; the growth is a parabola in the bet,
    so the nearest step is the best one);
    the ``n`` of greatest growth per round wins, or with ``cards`` (a function
    of ``n``: cards a round of ``n`` spots takes) of greatest growth per card
    dealt, ``g / cards(n)`` (the fewest spots on a tie). Without an edge: one
    spot at ``min_bet``.
    """
    def per(n, g):
        return g if cards is None else g / cards(n)

    best = (1, min_bet, growth_of(e, v, 0.0, 1, min_bet, bankroll))
    if not e > 0:
        return best
    most = max_spots if math.isfinite(c) else 1  # no covariance measured: one spot
    for n in range(1, most + 1):
        cov = c if n > 1 else 0.0
        bet = kelly_bet(e, v, cov, n, bankroll, kelly_fraction)
        bet = max(min_bet, round(bet / step) * step if step else bet)
        if max_bet is not None:
            bet = min(bet, max_bet)
        g = growth_of(e, v, cov, n, bet, bankroll)
        if per(n, g) > per(best[0], best[2]) + 1e-15:
            best = (n, bet, g)
    return best


#: Cards a round takes: the dealer's and each seat's hand, 6 decks S17 heads-up [cards]:
#: 5.47 cards a round with one seat, 11.02 with three (examples/spots_study.py).
DEALER_CARDS = 2.70
HAND_CARDS = 2.78


def round_cards(n: int, others: int = 0, dealer: float = DEALER_CARDS,
                hand: float = HAND_CARDS) -> float:
    """Cards a round takes with ``n`` spots and ``others`` other seats [cards]."""
    return dealer + (others + n) * hand


def spot_plan(tally: Tally, bankroll: float, max_spots: int = 3, kelly_fraction: float = 1.0,
              min_bet: float = 1.0, max_bet: float | None = None,
              min_rounds: int = 10_000, per_card: bool = True,
              others: int = 0) -> list[SpotCount]:
    """The growth-optimal spots and bet per spot at every true count of a run with spots.

    Parameters
    ----------
    tally : Tally
        A run with at least two spots at the counts to decide (``betting.spots``):
        it gives each count's spot EV, variance and covariance. A count played
        with one spot only has no covariance and is planned with one spot.
    bankroll : float
        B [units].
    max_spots : int
        The most spots allowed (1..3, and the free seats).
    kelly_fraction, min_bet, max_bet
        k; the table limits per spot [units].
    min_rounds : int
        A count with fewer rounds is planned with the figures of the nearest count
        towards 0 that has this many (its own are mostly noise); its frequency stays
        its own.
    per_card : bool
        Maximise the growth per card dealt (default) rather than per round. The
        count moves with the cards, so the share of the shoe's cards dealt at each
        count does not depend on the plan, but a round of more spots takes more
        cards, so fewer rounds are dealt at that count (:func:`round_cards`).
        Per round, the measuring run's round frequencies are taken as they are.
    others : int
        Other players' seats, dealt every round (empty seats are not).

    The plan's ``frequency`` is its own share of rounds: from each count's share
    of cards in the measuring run (its rounds times their cards) over the plan's
    cards per round there.
    """
    cols = spot_columns(tally)
    cards = (lambda n: round_cards(n, others)) if per_card else (lambda n: 1.0)
    weights = [r * cards(n) for r, n in zip(cols["rounds"], cols["spots"])]
    total = sum(weights) or 1.0
    known = {tc: (e, v, c) for tc, r, e, v, c in zip(cols["true_count"], cols["rounds"],
                                                      cols["ev"], cols["var"], cols["cov"])
             if r >= min_rounds}
    plan = []
    for tc, weight, e, v, c in zip(cols["true_count"], weights, cols["ev"], cols["var"],
                                   cols["cov"]):
        if tc not in known and known:
            near = min(known, key=lambda k: (abs(k - tc) if k * tc >= 0 else abs(tc) + abs(k),
                                             abs(k)))
            e, v, c = known[near]
        n, bet, g = choose(e, v, c, bankroll, max_spots, kelly_fraction, min_bet, max_bet,
                           cards if per_card else None)
        plan.append(SpotCount(tc, weight / total / cards(n), e, v, c, n, bet, g))
    rounds = sum(p.frequency for p in plan) or 1.0  # rounds per card, to shares of rounds
    return [SpotCount(p.true_count, p.frequency / rounds, p.ev, p.var, p.cov, p.spots, p.bet,
                      p.growth) for p in plan]


def plan_figures(plan: list[SpotCount], bankroll: float) -> dict:
    """A plan's figures per round bet on: ``ev_per_round``, ``sd_per_round`` [units],
    ``spots_per_round``, ``growth_per_round`` [units], ``score``, ``ror`` (lifetime,
    ``exp(-2 EV B / SD**2)``)."""
    mean = sum(p.frequency * p.spots * p.bet * p.ev for p in plan)
    second = sum(p.frequency * p.bet ** 2 * round_second_moment(
        p.ev, p.var, p.cov if p.spots > 1 else 0.0, p.spots) for p in plan)
    var = max(second - mean * mean, 0.0)
    sd = math.sqrt(var)
    return {"ev_per_round": mean, "sd_per_round": sd,
            "spots_per_round": sum(p.frequency * p.spots for p in plan),
            "growth_per_round": sum(p.frequency * p.growth for p in plan),
            "score": 1e6 * mean * mean / var if mean > 0 and var > 0 else None,
            "ror": math.exp(-2 * mean * bankroll / var) if mean > 0 and var > 0 else 1.0}


def as_config(plan: list[SpotCount]) -> dict:
    """The plan as ``betting.ramp`` and ``betting.spots`` pairs (a step where either changes)."""
    ramp, spots = [], []
    for i, p in enumerate(plan):
        at = -99 if i == 0 else p.true_count
        bet = round(p.bet, 1)
        if not ramp or ramp[-1][1] != bet:
            ramp.append([at, bet])
        if not spots or spots[-1][1] != p.spots:
            spots.append([at, p.spots])
    return {"ramp": ramp, "spots": spots}
