"""Optimal ramps: Kelly bets under table limits, the ramp for a target risk, the best SCORE.

Optimal betting as Blackjack Attack defines it: at each count bet the
fraction of the bankroll that maximizes the growth of its logarithm, to
second order ``b E[X|t] - b**2 E[X**2|t] / (2 B)`` per round, whose maximum
is ``b* = B E[X|t] / E[X**2|t]`` (advantage over the second moment of a
1-unit bet, not its variance). A Kelly fraction k bets ``k b*``.

Under the constraints (table minimum and maximum, or a spread; bets in chip
steps) the growth per round dealt is a sum over counts of concave functions
of each bet, so the constrained optimum is found count by count: ``b*``
clipped to the limits and rounded to the better neighbouring chip step. A
back-counter may also sit out: watching is worth 0, so the best rule "bet
at counts >= k" is found by comparing the cumulative growth from the top
count down (exact for wonging by the count alone, see :mod:`.ramp`).
"""

from __future__ import annotations

import math

import numpy as np

from ..errors import BettingError
from .evaluate import evaluate
from .ramp import BET_STEP, Ramp
from .table import CountTable

AUTO = "auto"
MIN_ROUNDS = 10_000  # rounds played a count needs before its own estimate sets its bet


def _limits(min_bet: float, max_bet: float | None, spread: float | None) -> tuple[float, float]:
    if not min_bet > 0:
        raise BettingError(f"min_bet: must be above 0 units, got {min_bet!r}", "min_bet")
    highs = [h for h in (max_bet, None if spread is None else min_bet * spread) if h is not None]
    if not highs:
        raise BettingError("spread: give a maximum bet or a spread", "spread")
    if spread is not None and not spread >= 1:
        raise BettingError(f"spread: must be at least 1, got {spread!r}", "spread")
    high = min(highs)
    if high < min_bet:
        raise BettingError(f"max_bet: must be at least the minimum bet {min_bet}, got {high}",
                           "max_bet")
    return float(min_bet), float(high)


def _chip_bets(target: np.ndarray, low: float, high: float, step: float,
               value) -> np.ndarray:
    """The allowed bet nearest in growth to each target: the limits or a multiple of the step."""
    below = np.clip(np.floor(target / step + 1e-9) * step, low, high)
    above = np.clip(np.ceil(target / step - 1e-9) * step, low, high)
    return np.where(value(below) >= value(above), below, above)


def reliable_moments(table: CountTable, min_rounds: int = MIN_ROUNDS
                     ) -> tuple[np.ndarray, np.ndarray]:
    """E[X|t] and E[X**2|t], each from the nearest count with ``min_rounds`` rounds played.

    The rare counts at the ends of a table carry estimates too noisy to bet
    on (a few hundred rounds give an EV with an SE of several percent), so
    the ramp is extended flat from the last well-measured count, as ramps
    written by hand are.

    Raises
    ------
    BettingError
        When no count has ``min_rounds`` rounds played (field ``rounds``).
    """
    good = np.flatnonzero(table.played >= min_rounds)
    if good.size == 0:
        raise BettingError(f"rounds: no true count has {min_rounds:,} rounds played; run more "
                           f"rounds (the table has {table.rounds:,})", "rounds")
    positions = np.arange(table.true_count.size)
    nearest = good[np.abs(positions[:, None] - good[None, :]).argmin(axis=1)]
    return table.ev[nearest], table.second_moment[nearest]


def kelly_bets(table: CountTable, bankroll: float, kelly_fraction: float = 1.0,
               min_rounds: int = MIN_ROUNDS) -> np.ndarray:
    """Unconstrained Kelly bets at each count [units]: ``k B E[X|t] / E[X**2|t]``.

    Counts with fewer than ``min_rounds`` rounds played take the moments of
    the nearest count with enough (:func:`reliable_moments`).

    References
    ----------
    .. [1] D. Schlesinger, *Blackjack Attack*, 3rd ed., 2005, ch. 10 (optimal
       bets proportional to advantage over variance, Kelly betting).
    .. [2] E. O. Thorp, "The Kelly criterion in blackjack, sports betting and
       the stock market", 10th Int. Conf. on Gambling and Risk Taking, 1997,
       section 3 (f* = m / s**2 to second order).
    """
    mean, second = reliable_moments(table, min_rounds)
    return kelly_fraction * bankroll * mean / second


def optimize(table: CountTable, bankroll: float, min_bet: float = 1.0,
             max_bet: float | None = None, spread: float | None = None,
             kelly_fraction: float = 1.0, round_to: float = 1.0, wong_out=None,
             min_rounds: int = MIN_ROUNDS) -> Ramp:
    """The ramp of greatest (fractional-Kelly) growth under table limits.

    Parameters
    ----------
    table : CountTable
        Rounds and 1-unit moments by true count.
    bankroll : float
        Bankroll B [units].
    min_bet : float
        Table minimum [units].
    max_bet : float, optional
        Table maximum [units].
    spread : float, optional
        Largest bet over smallest; with ``max_bet`` the tighter one holds.
    kelly_fraction : float
        k: bets are k times the Kelly bets (0.5: half Kelly).
    round_to : float
        Chip step [units], a multiple of 0.1.
    wong_out : None, int or "auto"
        None: play the rounds the table's run played (its own wonging);
        an int w: watch at counts <= w and bet above (wonging by the count
        alone); ``"auto"``: the optimizer chooses w for a back-counter.
    min_rounds : int
        Rounds played a count needs for its own bet (see :func:`reliable_moments`).

    Returns
    -------
    Ramp

    Raises
    ------
    BettingError
        For a bad limit, step, fraction or bankroll (its ``field`` names it).
    """
    low, high = _limits(min_bet, max_bet, spread)
    if not bankroll > 0:
        raise BettingError(f"bankroll: must be above 0 units, got {bankroll!r}", "bankroll")
    if not kelly_fraction > 0:
        raise BettingError(f"kelly_fraction: must be above 0, got {kelly_fraction!r}",
                           "kelly_fraction")
    steps = round_to / BET_STEP
    if not round_to > 0 or abs(steps - round(steps)) > 1e-9:
        raise BettingError(f"round_to: must be a multiple of 0.1 units, got {round_to!r}",
                           "round_to")
    scale = kelly_fraction * bankroll
    mean, second = reliable_moments(table, min_rounds)

    def growth(b):
        return b * mean - b * b * second / (2 * scale)

    bets = _chip_bets(scale * mean / second, low, high, round_to, growth)
    if wong_out is None:
        return Ramp.from_units(table.true_count, bets, *_table_rule(table))
    if wong_out == AUTO:
        wong_out = _best_threshold(table, growth(bets))
    elif not isinstance(wong_out, (int, np.integer)):
        raise BettingError(f"wong_out: must be a whole true count, 'auto' or None, "
                           f"got {wong_out!r}", "wong_out")
    if wong_out is None:
        return Ramp.from_units(table.true_count, bets)
    return Ramp.from_units(table.true_count, bets, int(wong_out) + 1, int(wong_out))


def _table_rule(table: CountTable) -> tuple[int | None, int | None]:
    return table.wong_in, table.wong_out


def _best_threshold(table: CountTable, value: np.ndarray) -> int | None:
    """The w of the best "watch at <= w" rule (None: play all), from per-count growth."""
    known = (table.played > 0) | (table.dealt == 0)
    gain = np.where(table.dealt > 0, table.frequency * value, 0.0)
    from_top = np.cumsum(gain[::-1])[::-1]  # growth of betting at every count >= t
    ok_from_top = np.cumsum((~known)[::-1])[::-1] == 0  # every count >= t has a result
    if ok_from_top[0] and not table.wonging:
        candidates = [(from_top[0], None)]
    else:
        candidates = []
    for i in range(1, len(gain)):
        if ok_from_top[i]:
            candidates.append((from_top[i], int(table.true_count[i]) - 1))
    if not candidates:
        raise BettingError("wong_out: the table has no results at the high counts",
                           "wong_out")
    return max(candidates, key=lambda c: c[0])[1]


def optimize_for_ror(table: CountTable, bankroll: float, target_ror: float,
                     min_bet: float = 1.0, max_bet: float | None = None,
                     spread: float | None = None, round_to: float = 1.0,
                     wong_out=None, min_rounds: int = MIN_ROUNDS) -> tuple[Ramp, float]:
    """The ramp of greatest win rate whose lifetime risk of ruin is at most ``target_ror``.

    Maximizing the win rate at a fixed diffusion risk ``exp(-2 EV B / var)``
    is maximizing ``EV - theta var`` for some theta, i.e. a fractional Kelly
    ramp. The risk is not monotone in the fraction (tiny fractions flat-bet
    the minimum at a loss; large ones over-bet), while the win rate grows
    with it: the largest fraction whose ramp meets the target is searched on
    a log grid and refined by bisection.

    Returns
    -------
    (Ramp, float)
        The ramp and its Kelly fraction.

    Raises
    ------
    BettingError
        When no ramp within the limits meets the target (field ``ror``).

    References
    ----------
    .. [1] D. Schlesinger, *Blackjack Attack*, 3rd ed., 2005, ch. 10: for a
       fixed risk of ruin r the optimal bets are the Kelly bets times
       ``-2 / ln r`` (13.5 % risk: full Kelly).
    """
    if not 0 < target_ror < 1:
        raise BettingError(f"ror: must be between 0 and 1, got {target_ror!r}", "ror")

    def trial(fraction):
        ramp = optimize(table, bankroll, min_bet, max_bet, spread, fraction, round_to,
                        wong_out, min_rounds)
        ror = evaluate(table, ramp, bankroll)["ror"]
        return ramp, (1.0 if ror is None else ror)

    grid = np.logspace(-3, 2, 51)
    tried = [trial(k) for k in grid]
    meets = [i for i, (_, ror) in enumerate(tried) if ror <= target_ror]
    if not meets:
        least = min(ror for _, ror in tried)
        raise BettingError(f"ror: no ramp within the limits keeps the risk of a "
                           f"{bankroll:g}-unit bankroll at {target_ror:.2%} (the least is "
                           f"{least:.2%}); raise the bankroll or the spread", "ror")
    i = meets[-1]
    if i == len(grid) - 1:
        return tried[i][0], float(grid[i])
    low, high, best = grid[i], grid[i + 1], (tried[i][0], float(grid[i]))
    for _ in range(30):
        mid = math.sqrt(low * high)
        ramp, ror = trial(mid)
        if ror <= target_ror:
            low, best = mid, (ramp, float(mid))
        else:
            high = mid
    return best


def max_score(table: CountTable, min_bet: float = 1.0, max_bet: float | None = None,
              spread: float | None = None, round_to: float = 0.1, wong_out=None,
              min_rounds: int = MIN_ROUNDS) -> Ramp:
    """The ramp of highest SCORE under the limits (SCORE does not depend on the bankroll).

    The maximum of EV / SD over bets in a box is a clipped Kelly ramp for
    some multiple of the bankroll (its first-order conditions give bets
    proportional to ``E[X|t] / E[X**2|t]`` where they are inside the limits),
    so the multiple is searched: a log grid, then golden-section refinement.
    """
    def score(c):
        ramp = optimize(table, c, min_bet, max_bet, spread, 1.0, round_to, wong_out,
                        min_rounds)
        return evaluate(table, ramp)["score"] or 0.0, ramp

    grid = np.logspace(-1, 6, 57)
    values = [score(c) for c in grid]
    i = int(np.argmax([v for v, _ in values]))
    a, b = grid[max(i - 1, 0)], grid[min(i + 1, len(grid) - 1)]
    best = values[i]
    ratio = (math.sqrt(5) - 1) / 2
    for _ in range(40):
        c1, c2 = b - ratio * (b - a), a + ratio * (b - a)
        s1, s2 = score(c1), score(c2)
        best = max(best, s1, s2, key=lambda v: v[0])
        if s1[0] >= s2[0]:
            b = c2
        else:
            a = c1
    return best[1]
