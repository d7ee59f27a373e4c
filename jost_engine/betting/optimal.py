"""Optimal ramps: Kelly bets under table limits, the ramp for a target risk, the best SCORE.

Optimal betting as Blackjack Attack defines it: at each count bet the
fraction of the bankroll that maximizes the growth of its logarithm, to
second order ``b E[X|t] - b**2 E[X**2|t] / (2 B)`` per round, whose maximum
is ``b* = B E[X|t] / E[X**2|t]`` (advantage over the second moment of a
1-unit bet, not its variance). A Kelly fraction k bets ``k b*``.

Under the constraints (table minimum and maximum, or a spread; bets in chip
steps; bets that do not fall as the count rises) the growth per round dealt
is a weighted squared distance to the Kelly bets, so the constrained optimum
is their isotonic fit clipped to the limits (see :func:`kelly_ramp`), rounded
to the chip step. A back-counter may also sit out: watching is worth 0, so
the best rule "bet at counts >= k" is found by comparing the cumulative
growth from the top count down (exact for wonging by the count alone, see
:mod:`.ramp`).
"""

from __future__ import annotations

import math

import numpy as np

from ..errors import BettingError
from .evaluate import evaluate
from .ramp import BET_STEP, Ramp
from .table import CountTable

AUTO = "auto"


def _limits(min_bet: float, max_bet: float | None, spread: float | None) -> tuple[float, float]:
    if not min_bet > 0:
        raise BettingError(f"min_bet: must be above 0 units, got {min_bet!r}", "min_bet")
    if spread is not None and not spread >= 1:
        raise BettingError(f"spread: must be at least 1, got {spread!r}", "spread")
    highs = [h for h in (max_bet, None if spread is None else min_bet * spread) if h is not None]
    if not highs:
        raise BettingError("spread: give a maximum bet or a spread", "spread")
    # the kernel bets in tenths of a unit: the limits, inward to the nearest tenth
    low = math.ceil(min_bet / BET_STEP - 1e-9) * BET_STEP
    high = math.floor(min(highs) / BET_STEP + 1e-9) * BET_STEP
    if high < low - 1e-9:
        raise BettingError(f"max_bet: must be at least the minimum bet {min_bet}, got "
                           f"{min(highs):g}", "max_bet")
    return round(low, 1), round(high, 1)


def isotonic(target: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """The non-decreasing sequence nearest to ``target`` in weighted least squares.

    Pool-adjacent-violators; entries of weight 0 take the fitted value of
    the nearest weighted entry below them (above, for the lowest ones).

    References
    ----------
    .. [1] R. E. Barlow, D. J. Bartholomew, J. M. Bremner and H. D. Brunk,
       *Statistical Inference under Order Restrictions*, Wiley, 1972, ch. 1
       (the pool-adjacent-violators algorithm).
    """
    used = np.flatnonzero(weight > 0)
    if used.size == 0:
        return np.zeros_like(target, dtype=float)
    blocks: list[list[float]] = []  # [mean, weight, length]
    for y, w in zip(target[used].tolist(), weight[used].tolist()):
        blocks.append([y, w, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            y2, w2, n2 = blocks.pop()
            y1, w1, n1 = blocks.pop()
            blocks.append([(y1 * w1 + y2 * w2) / (w1 + w2), w1 + w2, n1 + n2])
    fitted = np.repeat([b[0] for b in blocks], [int(b[2]) for b in blocks])
    below = np.searchsorted(used, np.arange(target.size), side="right") - 1
    return fitted[np.maximum(below, 0)]


def kelly_bets(table: CountTable, bankroll: float, kelly_fraction: float = 1.0) -> np.ndarray:
    """Unconstrained Kelly bets at each count [units]: ``k B E[X|t] / E[X**2|t]`` (0 where unknown).

    References
    ----------
    .. [1] D. Schlesinger, *Blackjack Attack*, 3rd ed., 2005, ch. 10 (optimal
       bets proportional to advantage over variance, Kelly betting).
    .. [2] E. O. Thorp, "The Kelly criterion in blackjack, sports betting and
       the stock market", 10th Int. Conf. on Gambling and Risk Taking, 1997,
       section 3 (f* = m / s**2 to second order).
    """
    with np.errstate(invalid="ignore", divide="ignore"):
        bets = kelly_fraction * bankroll * table.ev / table.second_moment
    return np.nan_to_num(bets, nan=0.0)


def kelly_ramp(table: CountTable, bankroll: float, min_bet: float = 1.0,
               max_bet: float | None = None, spread: float | None = None,
               kelly_fraction: float = 1.0, round_to: float = 1.0, wong_out=None,
               max_changes: int | None = None, cover: float | None = None) -> Ramp:
    """The non-decreasing ramp of greatest (fractional-Kelly) growth under table limits.

    The growth per round dealt, ``sum f_t q_t (b_t E[X|t] - b_t**2 E[X**2|t] / (2 k B))``,
    is a weighted least-squares distance of the bets to the Kelly bets
    (weights ``f_t q_t E[X**2|t]``), so the best non-decreasing ramp is their
    isotonic fit (:func:`isotonic`), clipped to the limits, which also pools
    the noisy estimates of rare counts with their neighbours. Bets are then
    rounded to the nearest chip step.

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
    max_changes : int, optional
        At most this many changes of bet over the ramp (a ramp of at most
        ``max_changes + 1`` levels, easier to remember): the best such ramp is the
        optimal segmentation of the isotonic fit (:func:`segments`).
    cover : float, optional
        Cover: no bet more than ``cover`` times the bet of the count below (2: bets
        that at most double from one count to the next); bets are capped from the
        lowest count up (a heuristic, not the exact optimum under this constraint).

    Returns
    -------
    Ramp

    Raises
    ------
    BettingError
        For a bad limit, step, fraction, bankroll or wonging point (its ``field`` names it).
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
    if wong_out is not None and wong_out != AUTO and not isinstance(wong_out, (int, np.integer)):
        raise BettingError(f"wong_out: must be a whole true count, 'auto' or None, "
                           f"got {wong_out!r}", "wong_out")
    scale = kelly_fraction * bankroll
    known = (table.played > 0) & (table.second_moment > 0)
    rule = (table.wong_in, table.wong_out)  # the table's own wonging
    if wong_out is None:
        share = Ramp(((-99.0, 1.0),), *rule).play_fraction(table)
    else:
        share = known.astype(float)
        if wong_out != AUTO:
            share = share * (table.true_count > wong_out)
            if not share.any():
                raise BettingError(f"wong_out: the table has no round played above true "
                                   f"count {wong_out}; choose a lower count", "wong_out")
    mean = np.where(known, table.ev, 0.0)
    second = np.where(known, table.second_moment, 1.0)
    weight = table.frequency * share * second
    bets = np.clip(isotonic(scale * mean / second, weight), low, high)
    if max_changes is not None:
        bets = segments(bets, weight, int(max_changes) + 1)
    bets = np.clip(np.round(bets / round_to) * round_to, low, high)
    if cover is not None:
        bets = _capped(bets, float(cover), low, round_to)
    if wong_out is None:
        return Ramp.from_units(table.true_count, bets, *rule)
    if wong_out == AUTO:
        growth = bets * mean - bets * bets * second / (2 * scale)
        wong_out = _best_threshold(table, growth)
        if wong_out is None:
            return Ramp.from_units(table.true_count, bets)
    return Ramp.from_units(table.true_count, bets, int(wong_out) + 1, int(wong_out))


def segments(target: np.ndarray, weight: np.ndarray, levels: int) -> np.ndarray:
    """The best piecewise-constant fit of at most ``levels`` levels to a non-decreasing
    ``target`` in weighted least squares (dynamic programming over contiguous segments;
    each level the weighted mean of its segment, so the fit stays non-decreasing).
    Entries of weight 0 take the level of the segment they fall in.

    References
    ----------
    .. [1] R. Bellman, "On the approximation of curves by line segments using dynamic
       programming", *Communications of the ACM* 4(6), 1961, p. 284.
    """
    used = np.flatnonzero(weight > 0)
    n = used.size
    if n == 0 or levels >= n:
        return target.copy()
    y, w = target[used], weight[used]
    cw, cy, cyy = (np.concatenate([[0.0], np.cumsum(v)]) for v in (w, w * y, w * y * y))

    best = np.full((levels + 1, n + 1), np.inf)
    cut = np.zeros((levels + 1, n + 1), dtype=int)
    best[0, 0] = 0.0
    for m in range(1, levels + 1):
        for j in range(m, n + 1):
            i = np.arange(m - 1, j)
            sw = cw[j] - cw[i]
            with np.errstate(invalid="ignore", divide="ignore"):
                err = np.where(sw > 0, (cyy[j] - cyy[i]) - (cy[j] - cy[i]) ** 2 / sw, 0.0)
            total = best[m - 1, i] + err
            k = int(np.argmin(total))
            best[m, j], cut[m, j] = total[k], i[k]
    m = int(np.argmin(best[1:, n])) + 1
    fitted = np.empty(n)
    j = n
    while m > 0:
        i = cut[m, j]
        fitted[i:j] = (cy[j] - cy[i]) / (cw[j] - cw[i])
        j, m = i, m - 1
    below = np.searchsorted(used, np.arange(target.size), side="right") - 1
    return fitted[np.maximum(below, 0)]


def _capped(bets: np.ndarray, cover: float, low: float, step: float) -> np.ndarray:
    """Each run of equal bets capped at ``cover`` times the run below, in chip steps, from
    the lowest count up (runs stay whole, so the number of changes does not grow)."""
    if not cover >= 1:
        raise BettingError(f"cover: must be at least 1 (the most a bet may grow from one "
                           f"count to the next), got {cover!r}", "cover")
    out = bets.copy()
    start = 0
    for i in range(1, out.size + 1):
        if i < out.size and bets[i] == bets[start]:
            continue
        if start > 0:
            below = out[start - 1]
            cap = max(math.floor(cover * below / step + 1e-9) * step, below, low)
            out[start:i] = min(bets[start], cap)
        start = i
    return out


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
    dealt_from_top = np.cumsum(table.dealt[::-1])[::-1]
    for i in range(1, len(gain)):
        if ok_from_top[i] and dealt_from_top[i] > 0:  # a rule that plays some round
            candidates.append((from_top[i], int(table.true_count[i]) - 1))
    if not candidates:
        raise BettingError("wong_out: the table has no results at the high counts",
                           "wong_out")
    return max(candidates, key=lambda c: c[0])[1]


def optimize_for_ror(table: CountTable, bankroll: float, target_ror: float,
                     min_bet: float = 1.0, max_bet: float | None = None,
                     spread: float | None = None, round_to: float = 1.0,
                     wong_out=None, **shape) -> tuple[Ramp, float]:
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
        ramp = kelly_ramp(table, bankroll, min_bet, max_bet, spread, fraction, round_to,
                          wong_out, **shape)
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
              **shape) -> Ramp:
    """The ramp of highest SCORE under the limits (SCORE does not depend on the bankroll).

    The maximum of EV / SD over bets in a box is a clipped Kelly ramp for
    some multiple of the bankroll (its first-order conditions give bets
    proportional to ``E[X|t] / E[X**2|t]`` where they are inside the limits),
    so the multiple is searched: a log grid, then golden-section refinement.
    """
    def score(c):
        ramp = kelly_ramp(table, c, min_bet, max_bet, spread, 1.0, round_to, wong_out, **shape)
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


def frontier(table: CountTable, bankroll: float, min_bet: float = 1.0,
             max_bet: float | None = None, spread: float | None = None,
             round_to: float = 1.0, wong_out=None, fractions=None, **shape) -> list[dict]:
    """Win rate against risk along the optimal ramps of a range of Kelly fractions.

    Parameters
    ----------
    table, bankroll, min_bet, max_bet, spread, round_to, wong_out, **shape
        As for :func:`kelly_ramp` (``shape``: ``max_changes``, ``cover``).
    fractions : sequence of float, optional
        Kelly fractions; 0.05 to 4 on a log scale by default.

    Returns
    -------
    list of dict
        One row per fraction: ``kelly_fraction``, ``win_rate_per_hour``
        [units/h], ``sd_per_hour`` [units], ``ror`` (lifetime), ``score``,
        ``certainty_equivalent_per_hour`` [units/h] and ``ramp`` (pairs):
        the curve a view or report draws (win rate against risk).
    """
    fractions = np.logspace(math.log10(0.05), math.log10(4), 25) if fractions is None \
        else fractions
    rows = []
    for k in fractions:
        ramp = kelly_ramp(table, bankroll, min_bet, max_bet, spread, float(k), round_to,
                          wong_out, **shape)
        figures = evaluate(table, ramp, bankroll)
        rows.append({"kelly_fraction": float(k), "ramp": ramp.pairs(),
                     **{key: figures[key] for key in (
                         "win_rate_per_hour", "sd_per_hour", "ror", "score",
                         "certainty_equivalent_per_hour")}})
    return rows
