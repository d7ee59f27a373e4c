"""Risk of ruin, one function per model, behind :func:`risk_of_ruin`; the bankroll a
target risk needs; bankroll bands after some hours.

Every model takes the expectation of one step (a round, or an hour) and its
spread, in the same unit as the bankroll. The lifetime formulas of the
diffusion and of Schlesinger are defined once, in :mod:`jost_engine.statistics`
(the core's summary reports them; the core may not import this layer), and
dispatched to from here.

Which model gives what on the literature's examples (``tests/data/betting_references.json``):

- Schlesinger's formula reproduces Blackjack Attack's 54.2 % (50 units) and
  2.53 % (300 units) for EV 1.05, SD 13.11 per hour.
- Hall's example (EV 0.0151, E[X^2] 3.887 per round, 300 units to lose or
  double) prints 9.0 %. Hall's biased-coin model computed exactly gives
  8.86 %, as does the diffusion model (8.86 %); the printed 9.0 % follows
  from the coin ratio rounded to 1.0153 in the paper (9.03 %).
"""

from __future__ import annotations

import math
from statistics import NormalDist

from .. import statistics as core
from ..errors import BettingError

#: The risk-of-ruin models :func:`risk_of_ruin` knows.
METHODS = ("diffusion", "schlesinger", "hall", "trip")
#: Quantiles of the bankroll bands [fraction].
BAND_QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
_LOG_HUGE = 700.0  # beyond exp(700) a float overflows


def diffusion(ev: float, sd: float, bankroll: float, goal: float | None = None) -> float:
    """Risk of ruin of a Brownian motion with drift (the diffusion limit of play).

    ``exp(-2 ev B / sd**2)`` for a lifetime; with a goal G, the chance of
    losing B before winning G, ``(1 - exp(-a G)) / (exp(a B) - exp(-a G))``
    with ``a = 2 ev / sd**2``.

    Parameters
    ----------
    ev : float
        Expectation of one step (round or hour) [units].
    sd : float
        Standard deviation of one step [units].
    bankroll : float
        Bankroll B [units].
    goal : float, optional
        Win goal G [units]; None for a lifetime (no goal).

    Returns
    -------
    float
        Probability of ruin; 1 for a lifetime without positive expectation.

    References
    ----------
    .. [1] D. Schlesinger, *Blackjack Attack: Playing the Pros' Way*, 3rd ed.,
       RGE Publishing, 2005, ch. 10 ("Risk of ruin"), the formula
       ``ROR = exp(-2 EV B / SD**2)``.
    .. [2] D. R. Cox and H. D. Miller, *The Theory of Stochastic Processes*,
       Methuen, 1965, ch. 5 (the Wiener process with drift between two
       absorbing barriers).
    """
    return core.risk_of_ruin(ev, sd, bankroll, goal)


def schlesinger(ev: float, sd: float, bankroll: float) -> float:
    """Schlesinger's lifetime risk of ruin, ``((1 - ev/sd) / (1 + ev/sd)) ** (B / sd)``.

    It is Hall's biased coin (:func:`hall`) staked at one SD, without a goal.

    Parameters
    ----------
    ev : float
        Expectation of one step (round or hour) [units].
    sd : float
        Standard deviation of one step [units].
    bankroll : float
        Bankroll B [units].

    Returns
    -------
    float
        Probability of ruin; 1 without positive expectation.

    References
    ----------
    .. [1] D. Schlesinger, *Blackjack Attack: Playing the Pros' Way*, 3rd ed.,
       RGE Publishing, 2005, ch. 10: with EV 1.05 and SD 13.11 units per hour,
       54.2 % for 50 units and 2.53 % for 300 units.
    """
    return core.risk_of_ruin_schlesinger(ev, sd, bankroll)


def coin_ruin(ratio: float, bankroll_steps: float, goal_steps: float | None = None) -> float:
    """Gambler's ruin of a coin whose win/loss odds are ``ratio``, in whole stakes.

    ``(1 - S**b) / (1 - S**(a + b))`` for a bankroll of a stakes and a goal
    of b stakes (``S**-a`` without a goal), computed without overflow.

    Parameters
    ----------
    ratio : float
        S = P / (1 - P), P the chance of winning one stake.
    bankroll_steps, goal_steps : float
        a and b [stakes]; goal None for a lifetime.

    References
    ----------
    .. [1] W. Feller, *An Introduction to Probability Theory and Its
       Applications*, vol. 1, 3rd ed., Wiley, 1968, ch. XIV.2 (classical ruin problem).
    """
    x = math.log(ratio)
    a = bankroll_steps
    if goal_steps is None:
        return 1.0 if x <= 0 else math.exp(-a * x)
    b = goal_steps
    if x == 0:
        return b / (a + b)
    if x > 0:
        return math.exp(-a * x) * -math.expm1(-b * x) / -math.expm1(-(a + b) * x)
    return math.expm1(b * x) / math.expm1((a + b) * x)


def hall(ev: float, second_moment: float, bankroll: float, goal: float | None = None) -> float:
    """Hall's biased coin: the game as a coin staked at ``sqrt(E[X**2])``.

    The coin wins with ``P = 0.5 + ev / (2 sqrt(E[X**2]))``; bankroll and goal
    are counted in stakes and :func:`coin_ruin` gives the risk.

    Parameters
    ----------
    ev : float
        Expectation of one round [units].
    second_moment : float
        E[X**2] of one round, the "average squared win" (variance + ev**2) [units**2].
    bankroll : float
        Bankroll [units].
    goal : float, optional
        Win goal [units]; None for a lifetime.

    References
    ----------
    .. [1] M. Hall, "Risk of Ruin", Blackjack Review, revised 15 January 1992,
       section I: EV 0.0151, E[X^2] 3.887, 300 units to lose or double gives
       9.0 % (with the coin ratio rounded to 1.0153; 8.86 % exactly).
    """
    stake = math.sqrt(second_moment)
    p = 0.5 + ev / (2 * stake)
    if not 0 < p < 1:
        return 0.0 if p >= 1 else 1.0
    return coin_ruin(p / (1 - p), bankroll / stake, None if goal is None else goal / stake)


def _log_norm_cdf(z: float) -> float:
    """log Phi(z), also far in the lower tail."""
    if z > -30:
        return math.log(max(NormalDist().cdf(z), 1e-300))
    return -0.5 * z * z - math.log(-z) - 0.5 * math.log(2 * math.pi)


def trip(ev: float, sd: float, bankroll: float, hours: float) -> float:
    """Risk of losing the bankroll at some time within a trip of ``hours`` hours.

    The first-passage distribution of a Brownian motion with drift ev and
    spread sd per hour to the level -B by time H:
    ``Phi((-B - ev H) / (sd sqrt(H))) + exp(-2 ev B / sd**2) Phi((-B + ev H) / (sd sqrt(H)))``;
    it tends to :func:`diffusion` as H grows.

    Parameters
    ----------
    ev, sd : float
        Win rate and SD per hour [units/h], [units/sqrt(h)].
    bankroll : float
        Bankroll B [units].
    hours : float
        Length of the trip H [h].

    References
    ----------
    .. [1] D. R. Cox and H. D. Miller, *The Theory of Stochastic Processes*,
       Methuen, 1965, ch. 5 (first passage time of the Wiener process with
       drift: the inverse Gaussian law).
    .. [2] D. Schlesinger, *Blackjack Attack*, 3rd ed., 2005, ch. 10 ("trip"
       risk of ruin over a fixed number of hours).
    """
    if hours <= 0:
        return 0.0
    if sd <= 0:
        return 1.0 if ev * hours <= -bankroll else 0.0
    spread = sd * math.sqrt(hours)
    near = NormalDist().cdf((-bankroll - ev * hours) / spread)
    log_far = -2 * ev * bankroll / sd**2 + _log_norm_cdf((-bankroll + ev * hours) / spread)
    return min(1.0, near + (math.exp(log_far) if log_far < _LOG_HUGE else math.inf))


def risk_of_ruin(ev: float, sd: float, bankroll: float, method: str = "diffusion",
                 goal: float | None = None, hours: float | None = None) -> float:
    """Risk of ruin by the named model.

    Parameters
    ----------
    ev, sd : float
        Expectation and SD of one step [units]; per round for ``hall``
        (whose E[X**2] is ``sd**2 + ev**2``), per hour for ``trip``.
    bankroll : float
        Bankroll [units].
    method : str
        One of :data:`METHODS`: ``diffusion``, ``schlesinger``, ``hall``, ``trip``.
    goal : float, optional
        Win goal [units] (``diffusion`` and ``hall``).
    hours : float, optional
        Trip length [h] (``trip``, required).

    Raises
    ------
    BettingError
        For an unknown method, a bankroll that is not positive, or a trip without hours.
    """
    if not bankroll > 0:
        raise BettingError(f"bankroll: must be above 0 units, got {bankroll!r}", "bankroll")
    method = method.lower()
    if method == "diffusion":
        return diffusion(ev, sd, bankroll, goal)
    if method == "schlesinger":
        return schlesinger(ev, sd, bankroll)
    if method == "hall":
        return hall(ev, sd**2 + ev**2, bankroll, goal)
    if method == "trip":
        if hours is None or not hours > 0:
            raise BettingError(f"hours: a trip risk needs its length in hours above 0, "
                               f"got {hours!r}", "hours")
        return trip(ev, sd, bankroll, hours)
    raise BettingError(f"method: must be one of {', '.join(METHODS)}, got {method!r}",
                       "method")


def bankroll_for_risk(ev: float, sd: float, target: float, method: str = "diffusion",
                      goal: float | None = None, hours: float | None = None) -> float:
    """The bankroll [units] whose risk of ruin by ``method`` is ``target``.

    Closed form for the lifetime diffusion, ``-sd**2 ln(target) / (2 ev)``
    (Schlesinger, *Blackjack Attack*, ch. 10); bisection on
    :func:`risk_of_ruin` (which falls as the bankroll grows) otherwise.

    Raises
    ------
    BettingError
        For a target outside (0, 1), or a game without positive expectation
        (no bankroll is enough).
    """
    if not 0 < target < 1:
        raise BettingError(f"ror: the target risk must be between 0 and 1, got {target!r}",
                           "ror")
    if ev <= 0 and method != "trip":
        raise BettingError(f"ror: without positive expectation (EV {ev:+.4g} units) no "
                           f"bankroll keeps the risk at {target:.2%}", "ror")
    if method == "diffusion" and goal is None:
        return -sd**2 * math.log(target) / (2 * ev)
    low, high = 1e-9, max(sd, 1.0)
    while risk_of_ruin(ev, sd, high, method, goal, hours) > target:
        high *= 2
        if high > 1e15:
            raise BettingError(f"ror: no bankroll keeps the risk at {target:.2%}", "ror")
    for _ in range(100):
        mid = 0.5 * (low + high)
        if risk_of_ruin(ev, sd, mid, method, goal, hours) > target:
            low = mid
        else:
            high = mid
    return high


def bankroll_bands(bankroll: float, ev_per_hour: float, sd_per_hour: float, hours,
                   quantiles=BAND_QUANTILES) -> dict:
    """Quantiles of the bankroll after ``hours`` hours, from the normal model.

    ``B + ev h + z_q sd sqrt(h)``: the bankroll as if play went on after a
    ruin (no absorbing barrier), the usual "expected range" of a session.

    Parameters
    ----------
    bankroll : float
        Starting bankroll [units].
    ev_per_hour, sd_per_hour : float
        Win rate [units/h] and SD per hour [units].
    hours : sequence of float
        Times [h].
    quantiles : sequence of float
        Fractions, by default 5, 25, 50, 75 and 95 %.

    Returns
    -------
    dict
        ``hours`` (list) and, for each quantile q, ``"p{100 q:g}"`` (list of
        bankrolls [units]).
    """
    hours = [float(h) for h in hours]
    bands = {"hours": hours}
    for q in quantiles:
        z = NormalDist().inv_cdf(q)
        bands[f"p{100 * q:g}"] = [bankroll + ev_per_hour * h + z * sd_per_hour * math.sqrt(h)
                                  for h in hours]
    return bands


def simulated_bankroll_bands(result, quantiles=BAND_QUANTILES) -> dict | None:
    """Quantiles of the bankroll after each hour, from the kernel's simulated trips.

    The counterpart of :func:`bankroll_bands` drawn from real paths: the
    first trips of every chunk are followed hour by hour (see
    :func:`jost_engine.statistics.path_quantiles`). Unlike the normal model,
    a ruined trip stays at 0 and a trip that reached its goal stays there.

    Parameters
    ----------
    result : SimulationResult
        A run with a bankroll (``betting.bankroll_units``), so trips are followed.
    quantiles : sequence of float
        Fractions, by default 5, 25, 50, 75 and 95 %.

    Returns
    -------
    dict or None
        ``hours`` (list [h]), ``paths`` (trips recorded) and, for each
        quantile q, ``"p{100 q:g}"`` (list of bankrolls [units]); None when
        the run followed no trips (or none was complete).
    """
    return core.path_quantiles(result.tally, quantiles)


def parse_risk(text) -> float:
    """A risk typed by a person, as a fraction: ``"5%"`` or ``"5 %"`` -> 0.05, ``"0.05"`` ->
    0.05. The one parser of the CLI's ``--ror`` and the Betting tab's risk field.

    A number above 1 without ``%`` is ambiguous (5 %, or 5 as a fraction?) and refused,
    as is a risk that is not strictly between 0 and 1 (0 % and 100 %).

    Raises
    ------
    BettingError
        With field ``ror`` and the allowed forms.
    """
    raw = str(text).strip()
    percent = raw.endswith("%")
    number = raw[:-1].strip() if percent else raw
    try:
        value = float(number)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise BettingError(f"ror: must be a risk such as 5% or 0.05, got {raw!r}", "ror")
    if not percent and value > 1:
        raise BettingError(f"ror: {raw!r} is ambiguous; write {value:g}% for a percentage or "
                           f"a fraction below 1 such as {value / 100:g}", "ror")
    fraction = value / 100 if percent else value
    if not 0 < fraction < 1:
        raise BettingError(f"ror: must be between 0% and 100% (a fraction between 0 and 1), "
                           f"got {raw!r}", "ror")
    return fraction
