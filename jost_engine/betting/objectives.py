"""Named objectives of optimal betting: one function per objective behind :func:`optimize`.

=========== ======================================== =================================
objective   what is maximized                        figure and unit
=========== ======================================== =================================
``growth``  growth of the log of the bankroll at a   certainty equivalent at Kelly
            Kelly fraction k (full Kelly: k = 1)     fraction k [units/h]
``score``   SCORE, the win rate normalised to the    SCORE [units per 100 rounds]
            risk it assumes (13.5 % with 10,000 u)
``winrate`` win rate with a lifetime risk of ruin    win rate [units/h]
            at most r
=========== ======================================== =================================

and :func:`min_bankroll`, the least bankroll a given ramp needs for a lifetime
risk r. Each optimum is searched by the model functions of :mod:`.optimal`;
the player's own ramp is a candidate too whenever it fits the limits, so
the optimum is never worse than "yours" on its own objective.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import BettingError
from . import risk
from .evaluate import evaluate
from .optimal import _limits, kelly_ramp, max_score, optimize_for_ror
from .ramp import Ramp
from .table import CountTable

#: The objectives :func:`optimize` knows, with the figure each maximizes and its unit.
OBJECTIVES = {"growth": ("certainty equivalent at the Kelly fraction", "units/h"),
              "score": ("SCORE", "units per 100 rounds"),
              "winrate": ("win rate at a lifetime risk of ruin at most r", "units/h")}
_TOLERANCE = 1e-12  # a candidate must beat the optimizer's ramp by more than this


@dataclass(frozen=True)
class Optimum:
    """The ramp an objective chose.

    Attributes
    ----------
    objective : str
        ``growth``, ``score`` or ``winrate``.
    ramp : Ramp
    value : float or None
        The objective's figure for the ramp (see :data:`OBJECTIVES` for its unit);
        None when undefined (SCORE without positive expectation).
    kelly_fraction : float or None
        The Kelly fraction of the optimizer's family the ramp comes from.
    source : str
        ``"optimizer"``, or ``"yours"`` when the player's own ramp was at least as
        good on the objective and within the limits.
    """

    objective: str
    ramp: Ramp
    value: float | None
    kelly_fraction: float | None
    source: str = "optimizer"


def growth_value(figures: dict, bankroll: float, kelly_fraction: float = 1.0) -> float:
    """The growth objective of a ramp's figures: ``W - S**2 / (2 k B)`` [units/h].

    W and S are the win rate and SD per hour; at k = 1 this is the certainty
    equivalent, the rate of growth of the log of the bankroll to second order
    (a positive value means the bankroll grows).

    References
    ----------
    .. [1] D. Schlesinger, *Blackjack Attack*, 3rd ed., 2005, ch. 10 (certainty
       equivalent ``CE = W - S**2 / (2 B)`` of a Kelly bettor).
    .. [2] E. O. Thorp, "The Kelly criterion in blackjack, sports betting and the
       stock market", 1997, section 3 (``g = m f - s**2 f**2 / 2`` to second order).
    """
    return figures["win_rate_per_hour"] - figures["sd_per_hour"] ** 2 / (
        2 * kelly_fraction * bankroll)


def fits(ramp: Ramp, table: CountTable, min_bet: float = 1.0, max_bet: float | None = None,
         spread: float | None = None, round_to: float = 1.0, wong_out=None,
         max_changes: int | None = None, cover: float | None = None) -> bool:
    """Whether ``ramp`` keeps the limits :func:`~.optimal.kelly_ramp` obeys (the table can
    evaluate it, bets within the limits and in chip steps, its wonging allowed, at most
    ``max_changes`` changes of bet, no step up by more than ``cover`` times)."""
    low, high = _limits(min_bet, max_bet, spread)
    sizes = [size for _, size in ramp.steps]
    if max_changes is not None and len(sizes) - 1 > max_changes:
        return False
    if cover is not None and any(b > cover * a + 1e-9 for a, b in zip(sizes, sizes[1:])):
        return False
    if min(sizes) < low - 1e-9 or max(sizes) > high + 1e-9:
        return False
    if any(abs(s / round_to - round(s / round_to)) > 1e-6 for s in sizes):
        return False
    if isinstance(wong_out, int) and ramp.points() != (wong_out + 1, wong_out):
        return False
    if wong_out is None and ramp.points() != (table.wong_in, table.wong_out):
        return False
    try:
        evaluate(table, ramp)
    except BettingError:
        return False
    return True


def _better(table, best: Optimum, given: Ramp | None, limits: dict, value,
            bankroll: float | None = None) -> Optimum:
    """``best``, or the player's ramp when it fits the limits and beats it on ``value``."""
    if given is None or not fits(given, table, **limits):
        return best
    own = value(evaluate(table, given, bankroll))
    if own is not None and (best.value is None or own > best.value + _TOLERANCE):
        return Optimum(best.objective, given, own, None, "yours")
    return best


def growth(table: CountTable, bankroll: float, kelly_fraction: float = 1.0,
           given: Ramp | None = None, **limits) -> Optimum:
    """Maximum growth: the ramp of greatest certainty equivalent at Kelly fraction k.

    Parameters
    ----------
    table : CountTable
    bankroll : float
        Bankroll B [units].
    kelly_fraction : float
        k: the objective is ``W - S**2 / (2 k B)`` [units/h] (k = 1: the certainty
        equivalent of a Kelly bettor; k = 0.5: as risk-averse as half Kelly).
    given : Ramp, optional
        The player's ramp, a candidate when it fits the limits.
    **limits
        ``min_bet``, ``max_bet``, ``spread``, ``round_to``, ``wong_out`` as for
        :func:`~.optimal.kelly_ramp`.

    References
    ----------
    .. [1] D. Schlesinger, *Blackjack Attack*, 3rd ed., 2005, ch. 10 (optimal
       bets: advantage over the second moment times the bankroll; certainty equivalent).
    .. [2] E. O. Thorp, "The Kelly criterion in blackjack, sports betting and the
       stock market", 1997, section 3 (f* = m / s**2).
    """
    ramp = kelly_ramp(table, bankroll, kelly_fraction=kelly_fraction, **limits)

    def value(figures):
        return growth_value(figures, bankroll, kelly_fraction)
    best = Optimum("growth", ramp, value(evaluate(table, ramp, bankroll)), kelly_fraction)
    return _better(table, best, given, limits, value, bankroll)


def score(table: CountTable, given: Ramp | None = None, **limits) -> Optimum:
    """Maximum SCORE: ``10**6 EV**2 / SD**2`` per round played [units per 100 rounds].

    SCORE is the win rate per 100 rounds of the ramp scaled to a 13.5 % lifetime
    risk with 10,000 units, so it does not depend on the bankroll. Searched over the
    Kelly family by :func:`~.optimal.max_score`.

    References
    ----------
    .. [1] D. Schlesinger, *Blackjack Attack*, 3rd ed., 2005, ch. 10 ("SCORE:
       Standardized Comparison Of Risk and Expectation", ``SCORE = (EV / SD)**2 * 10**6``).
    """
    limits = {"round_to": 1.0, **limits}
    ramp = max_score(table, **limits)
    best = Optimum("score", ramp, evaluate(table, ramp)["score"], None)
    return _better(table, best, given, limits, lambda f: f["score"])


def winrate(table: CountTable, bankroll: float, target_ror: float,
            given: Ramp | None = None, **limits) -> Optimum:
    """Maximum win rate [units/h] with a lifetime risk of ruin ``exp(-2 EV B / SD**2)`` <= r.

    The commercial simulators' "risk" setting. The maximum over a fixed risk is a
    fractional Kelly ramp, searched by :func:`~.optimal.optimize_for_ror`.

    Raises
    ------
    BettingError
        When no ramp within the limits meets the target (field ``ror``).

    References
    ----------
    .. [1] D. Schlesinger, *Blackjack Attack*, 3rd ed., 2005, ch. 10 (for a risk of
       ruin r the optimal bets are the Kelly bets times ``-2 / ln r``).
    """
    ramp, fraction = optimize_for_ror(table, bankroll, target_ror, **limits)
    figures = evaluate(table, ramp, bankroll)
    best = Optimum("winrate", ramp, figures["win_rate_per_hour"], fraction)

    def value(f):
        return f["win_rate_per_hour"] if f["ror"] is not None and f["ror"] <= target_ror \
            else None
    return _better(table, best, given, limits, value, bankroll)


def min_bankroll(table: CountTable, ramp: Ramp, target_ror: float,
                 method: str = "diffusion") -> float:
    """The least bankroll [units] whose lifetime risk of ruin with ``ramp`` is ``target_ror``.

    From the ramp's EV and SD per round played and :func:`~.risk.bankroll_for_risk`
    (lifetime diffusion: ``-SD**2 ln r / (2 EV)``).

    Raises
    ------
    BettingError
        When the ramp has no positive expectation (field ``ror``).

    References
    ----------
    .. [1] D. Schlesinger, *Blackjack Attack*, 3rd ed., 2005, ch. 10 (the bankroll
       for a given risk of ruin, the inverse of ``ROR = exp(-2 EV B / SD**2)``).
    """
    figures = evaluate(table, ramp)
    return risk.bankroll_for_risk(figures["ev_per_round"], figures["sd_per_round"],
                                  target_ror, method)


def optimize(table: CountTable, objective: str = "growth", bankroll: float | None = None,
             kelly_fraction: float = 1.0, target_ror: float | None = None,
             given: Ramp | None = None, **limits) -> Optimum:
    """The optimal ramp for the named objective.

    Parameters
    ----------
    table : CountTable
        Rounds and 1-unit moments by true count.
    objective : str
        ``growth`` (:func:`growth`), ``score`` (:func:`score`) or ``winrate``
        (:func:`winrate`).
    bankroll : float, optional
        Bankroll [units]; needed by ``growth`` and ``winrate``.
    kelly_fraction : float
        ``growth``: the Kelly fraction k.
    target_ror : float, optional
        ``winrate``: the lifetime risk of ruin r, a fraction in (0, 1).
    given : Ramp, optional
        The player's ramp, a candidate when it fits the limits.
    **limits
        ``min_bet`` [units], ``max_bet`` [units], ``spread``, ``round_to`` (chip step
        [units]) and ``wong_out`` as for :func:`~.optimal.kelly_ramp`.

    Returns
    -------
    Optimum

    Raises
    ------
    BettingError
        For an unknown objective (field ``objective``), a missing bankroll or risk
        target, or a target no ramp within the limits meets.
    """
    objective = str(objective).lower()
    if objective not in OBJECTIVES:
        raise BettingError(f"objective: must be one of {', '.join(OBJECTIVES)}, got "
                           f"{objective!r}", "objective")
    if objective == "score":
        return score(table, given, **limits)
    if bankroll is None or not bankroll > 0:
        raise BettingError(f"bankroll: the {objective} objective needs a bankroll above 0 "
                           f"units, got {bankroll!r}", "bankroll")
    if objective == "growth":
        return growth(table, bankroll, kelly_fraction, given, **limits)
    if target_ror is None:
        raise BettingError("ror: the winrate objective needs a lifetime risk of ruin",
                           "ror")
    return winrate(table, bankroll, target_ror, given, **limits)
