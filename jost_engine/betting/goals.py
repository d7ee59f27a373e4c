"""Goals and hours: the questions of the published risk calculators, from a ramp's win rate
and SD per hour (the diffusion, or normal, model of play).

====================== ========================================================= ==========
function               formula                                                   source
====================== ========================================================= ==========
:func:`goal_first`     ``1 - (1 - e^{-aG}) / (e^{aB} - e^{-aG})``, a = 2 W / S^2 [1]_, [2]_
:func:`ruin_with_goal` ``(1 - e^{-aG}) / (e^{aB} - e^{-aG})``                    [1]_, [2]_
:func:`ahead_after`    ``Phi(W sqrt(H) / S)``                                    [1]_
:func:`hours_to_goal`  least H with ``W H - z_c S sqrt(H) >= G``                 [1]_
:func:`hours_to_n0`    ``S^2 / W^2``                                             [1]_
====================== ========================================================= ==========

W and S are the win rate and SD per hour [units/h, units/sqrt(h)], B the bankroll
and G the win goal [units], z_c the standard normal quantile of the confidence c.
Risk within a trip is :func:`.risk.trip`, the bankroll for a lifetime risk
:func:`.risk.bankroll_for_risk`.

References
----------
.. [1] D. Schlesinger, *Blackjack Attack*, 3rd ed., RGE Publishing, 2005, ch. 10
   (risk of ruin with a win goal, N0, the long run in hours) and ch. 6 (the normal
   approximation of results after a number of hours).
.. [2] D. R. Cox and H. D. Miller, *The Theory of Stochastic Processes*, Methuen,
   1965, ch. 5 (the Wiener process with drift between two absorbing barriers).
"""

from __future__ import annotations

import math
from statistics import NormalDist

from ..errors import BettingError
from .risk import diffusion


def ruin_with_goal(ev: float, sd: float, bankroll: float, goal: float) -> float:
    """Probability of losing the bankroll B before winning the goal G (double barrier).

    Parameters
    ----------
    ev, sd : float
        Expectation and SD of one step (round or hour) [units].
    bankroll, goal : float
        B and G [units].

    References
    ----------
    .. [1] Cox and Miller (1965), ch. 5, the Wiener process with drift between two
       absorbing barriers; Schlesinger (2005), ch. 10, risk of ruin with a win goal.
    """
    return diffusion(ev, sd, bankroll, goal)


def goal_first(ev: float, sd: float, bankroll: float, goal: float) -> float:
    """Probability of winning the goal G before losing the bankroll B: ``1 - ruin_with_goal``
    (a diffusion between two barriers reaches one of them with probability 1).

    Parameters
    ----------
    ev, sd : float
        Expectation and SD of one step [units].
    bankroll, goal : float
        B and G [units].
    """
    return 1.0 - ruin_with_goal(ev, sd, bankroll, goal)


def ahead_after(ev: float, sd: float, hours: float) -> float:
    """Probability of being ahead after H hours, ``Phi(W sqrt(H) / S)`` (normal model:
    the result after H hours is normal with mean W H and SD S sqrt(H); a ruin is not
    an end, as in :func:`.risk.bankroll_bands`).

    Parameters
    ----------
    ev, sd : float
        Win rate W [units/h] and SD S per hour [units].
    hours : float
        H [h].
    """
    if not hours > 0:
        raise BettingError(f"hours: must be above 0, got {hours!r}", "hours")
    if sd <= 0:
        return 1.0 if ev > 0 else 0.0
    return NormalDist().cdf(ev * math.sqrt(hours) / sd)


def hours_to_goal(ev: float, sd: float, goal: float = 0.0, confidence: float = 0.5) -> float:
    """Hours until the result is at least G with probability c (normal model).

    The least H with ``W H - z_c S sqrt(H) >= G``:
    ``sqrt(H) = (z_c S + sqrt(z_c**2 S**2 + 4 W G)) / (2 W)``. With G = 0 and
    c = Phi(1) = 84.1 % this is N0 in hours (:func:`hours_to_n0`).

    Parameters
    ----------
    ev, sd : float
        Win rate W [units/h] and SD S per hour [units].
    goal : float
        G [units], at least 0.
    confidence : float
        c, a probability in (0, 1).

    Returns
    -------
    float
        Hours [h].

    Raises
    ------
    BettingError
        Without a positive win rate (field ``ev``), or for a confidence outside
        (0, 1) or a negative goal.
    """
    if not 0 < confidence < 1:
        raise BettingError(f"confidence: must be between 0 and 1, got {confidence!r}",
                           "confidence")
    if goal < 0:
        raise BettingError(f"goal: must be at least 0 units, got {goal!r}", "goal")
    if not ev > 0:
        raise BettingError(f"ev: a goal is reached with confidence only with a positive win "
                           f"rate, got {ev:+.4g} units/h", "ev")
    z = NormalDist().inv_cdf(confidence)
    root = (z * sd + math.sqrt(max((z * sd) ** 2 + 4 * ev * goal, 0.0))) / (2 * ev)
    return max(root, 0.0) ** 2


def hours_to_n0(ev: float, sd: float) -> float:
    """N0 in hours, ``S**2 / W**2``: the hours after which the expected win equals one SD.

    References
    ----------
    .. [1] Schlesinger (2005), ch. 10: N0, "the long run".
    """
    if not ev > 0:
        raise BettingError(f"ev: N0 needs a positive win rate, got {ev:+.4g} units/h", "ev")
    return (sd / ev) ** 2


def tools(ev: float, sd: float, bankroll: float, goal: float | None = None,
          hours: float | None = None, confidence: float = 0.95,
          target_ror: float | None = None, ev_round: float | None = None,
          sd_round: float | None = None) -> dict:
    """Every bankroll and risk figure at once, for the CLI, the Betting tab and the report.

    Parameters
    ----------
    ev, sd : float
        Win rate [units/h] and SD per hour [units].
    bankroll : float
        Bankroll [units].
    goal : float, optional
        Win goal [units].
    hours : float, optional
        Trip length [h].
    confidence : float
        For :func:`hours_to_goal`.
    target_ror : float, optional
        Lifetime risk for the bankroll it needs (with ``ev_round``, ``sd_round``:
        per round played, as the lifetime risk of :func:`.evaluate.evaluate`).

    Returns
    -------
    dict
        With a goal ``ruin_with_goal``, ``goal_first`` and
        ``hours_to_goal``; with hours ``trip_ror`` and ``ahead_after``;
        ``hours_to_n0``, ``hours_ahead`` (hours to be ahead with ``confidence``);
        with a target ``bankroll_for_risk`` [units]. None where undefined (no
        positive win rate).
    """
    from .risk import bankroll_for_risk, trip

    out = {"bankroll_units": bankroll, "goal_units": goal, "hours": hours,
           "confidence": confidence, "target_ror": target_ror}
    positive = ev > 0
    if goal is not None:
        out["ruin_with_goal"] = ruin_with_goal(ev, sd, bankroll, goal)
        out["goal_first"] = 1.0 - out["ruin_with_goal"]
        out["hours_to_goal"] = hours_to_goal(ev, sd, goal, confidence) if positive else None
    if hours is not None:
        out["trip_ror"] = trip(ev, sd, bankroll, hours)
        out["ahead_after"] = ahead_after(ev, sd, hours)
    out["hours_to_n0"] = hours_to_n0(ev, sd) if positive else None
    out["hours_ahead"] = hours_to_goal(ev, sd, 0.0, confidence) if positive else None
    if target_ror is not None:
        ok = ev_round is not None and ev_round > 0
        out["bankroll_for_risk"] = (bankroll_for_risk(ev_round, sd_round, target_ror)
                                    if ok else None)
    return out
