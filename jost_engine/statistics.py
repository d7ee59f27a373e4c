"""From tallies to the numbers a player reads: EV, SD, advantage, DI, SCORE,
N0, risk of ruin, and the tables by true count, outcome and decision.

All functions are pure. Money is in betting units unless a name says
otherwise; the kernel's integer scales are undone here (see
:mod:`jost_engine.kernel.layout`).
"""

from __future__ import annotations

import math

import numpy as np

from .batches import batch_errors
from .kernel import layout as L
from .spot_statistics import spot_figures
from .tally import Tally

BET_SCALE = 10        # initial bets: tenths of a unit
NET_SCALE = 100       # net and wagered: hundredths of a unit
OUTCOME_SCALE = 10    # outcomes: tenths of the initial bet


MOMENTS = ("rounds", "watched", "bet", "bet2", "net", "net2", "netbet", "outcome", "outcome2",
           "spots")


def moments(tally: Tally) -> list[dict]:
    """Exact integer sums for each true count, from the outcome histogram.

    Returns one dict per true count from ``TC_MIN`` with ``rounds`` (bet
    on), ``watched``, and the sums ``bet`` [1/10 unit], ``bet2``, ``net``
    [1/100 unit], ``net2``, ``netbet``, ``outcome`` [1/10 initial bet] and
    ``outcome2``. With cover bets (``tally.cover``) the bet and net sums
    are the exact ones the kernel added, round by round.

    With several spots (``tally.spots``) a round's bet is every spot's
    initial bet (``spots`` x the ramp's bet) and its outcome the sum of the
    spots' outcomes in tenths of ONE spot's initial bet; the outcome sums
    come from the exact spot sums (the histogram clips a round's outcome at
    ``OUTCOME_SPAN``). ``spots`` is the spots played (rounds with one spot).
    """
    rows = []
    for i, (bet, counts) in enumerate(zip(tally.bets, tally.hist)):
        n = o1 = o2 = 0
        for index, c in enumerate(counts[:L.HIST_WATCHED]):
            if c:
                outcome = index - L.OUTCOME_SPAN
                n += c
                o1 += c * outcome
                o2 += c * outcome * outcome
        spots, per_round = n, 1
        if tally.spots and tally.spots[i][L.SP_ROUNDS]:
            row = tally.spots[i]
            spots = row[L.SP_HANDS]
            per_round = spots // row[L.SP_ROUNDS]  # the count's spots: fixed by the config
            o1 = sum(row[L.SP_SUM:L.SP_SUM + L.MAX_SPOTS])
            o2 = row[L.SP_R2]
        stake = bet * per_round
        row = {"rounds": n, "watched": counts[L.HIST_WATCHED], "bet": n * stake,
               "bet2": n * stake * stake, "net": bet * o1, "net2": bet * bet * o2,
               "netbet": stake * bet * o1, "outcome": o1, "outcome2": o2, "spots": spots}
        if tally.cover:  # cover bets: a round's bet is not its true count's (layout.CV_*)
            sums = tally.cover[i]
            row.update(bet=sums[L.CV_BET], bet2=sums[L.CV_BET2], net=sums[L.CV_NET],
                       net2=sums[L.CV_NET2], netbet=sums[L.CV_NETBET])
        rows.append(row)
    return rows


def total_moments(tally: Tally) -> dict:
    """The sums of :func:`moments` over every true count."""
    rows = moments(tally)
    return {key: sum(r[key] for r in rows) for key in MOMENTS}


def _safe_sqrt(x: float) -> float:
    return math.sqrt(x) if x > 0 else 0.0


def risk_of_ruin(ev: float, sd: float, bankroll: float | None,
                 goal: float | None = None) -> float | None:
    """Closed-form risk of ruin of a random walk with drift (diffusion limit).

    Without a goal, ``exp(-2 * ev * B / sd**2)``: the chance of ever losing
    the bankroll B. With a goal G (the trip stops once G is won), the chance
    of losing B before winning G:
    ``(1 - exp(-a G)) / (exp(a B) - exp(-a G))`` with ``a = 2 ev / sd**2``.

    Parameters
    ----------
    ev, sd : float
        Expectation and standard deviation per round [units].
    bankroll : float or None
        Bankroll B [units]; None gives None.
    goal : float, optional
        Win goal G [units].

    Returns
    -------
    float or None
        A probability; without a goal, 1 when the game has no positive
        expectation.

    References
    ----------
    .. [1] D. Schlesinger, *Blackjack Attack*, 3rd ed., RGE Publishing, 2005,
       ch. 10 (``ROR = exp(-2 EV B / SD**2)``).

    This and :func:`risk_of_ruin_schlesinger` are the formulas' one
    definition; :mod:`jost_engine.betting.risk` names them by model
    (``diffusion``, ``schlesinger``) beside Hall's and the trip risk.
    """
    if bankroll is None:
        return None
    if sd <= 0:
        return 1.0 if ev <= 0 else 0.0
    a = 2.0 * ev / sd**2
    if goal is None:
        return 1.0 if ev <= 0 else math.exp(-a * bankroll)
    if abs(a) < 1e-12:
        return goal / (bankroll + goal)
    return (1.0 - math.exp(-a * goal)) / (math.exp(a * bankroll) - math.exp(-a * goal))


def wilson_interval(hits: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    """Wilson score interval of a binomial proportion (95 % by default)."""
    if n == 0:
        return (0.0, 1.0)
    p = hits / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (max(0.0, centre - half), min(1.0, centre + half))


def trips(tally: Tally, rounds_per_hour: float) -> dict:
    """Simulated bankroll trips: how many ended in ruin, with a 95 % interval.

    A trip starts with the bankroll and ends in ruin, at the goal, after
    its length, or open at the end of its chunk (counted as not ruined).
    """
    ruined = tally["trips_ruined"]
    finished = ruined + tally["trips_goal"] + tally["trips_survived"]
    total = finished + tally["trips_open"]
    low, high = wilson_interval(ruined, total)
    return {"trips": total, "trips_ruined": ruined, "trips_goal": tally["trips_goal"],
            "trips_survived": tally["trips_survived"], "trips_open": tally["trips_open"],
            "ror_simulated": ruined / total if total else None,
            "ror_simulated_low": low if total else None,
            "ror_simulated_high": high if total else None,
            "trip_hours_mean": (tally["trip_rounds"] / finished / rounds_per_hour
                                if finished else None)}


def risk_of_ruin_schlesinger(ev: float, sd: float, bankroll: float | None) -> float | None:
    """Schlesinger's lifetime risk of ruin, ``((1 - ev/sd) / (1 + ev/sd)) ** (B / sd)``.

    Parameters
    ----------
    ev, sd : float
        Expectation and standard deviation of one step (round or hour) [units].
    bankroll : float or None
        Bankroll B [units]; None gives None.

    References
    ----------
    .. [1] D. Schlesinger, *Blackjack Attack*, 3rd ed., RGE Publishing, 2005,
       ch. 10: EV 1.05 and SD 13.11 units per hour give 54.2 % for 50 units
       and 2.53 % for 300 (``tests/data/betting_references.json``).
    """
    if bankroll is None:
        return None
    if ev <= 0 or sd <= 0:
        return 1.0
    ratio = ev / sd
    return ((1 - ratio) / (1 + ratio)) ** (bankroll / sd)


def summarize(tally: Tally, rounds_per_hour: float, bankroll_units: float | None,
              unit: float = 1.0, goal_units: float | None = None) -> dict:
    """The summary of design.md from a merged tally.

    Parameters
    ----------
    tally : Tally
        Merged tallies of every chunk.
    rounds_per_hour : float
        Rounds dealt per hour [1/h], watched rounds included.
    bankroll_units : float or None
        Bankroll [units] for the risk of ruin.
    unit : float
        Money per unit, for the ``*_money`` fields.
    goal_units : float, optional
        Win goal of a trip [units], for the closed-form risk of ruin.

    Returns
    -------
    dict
        Plain numbers (JSON-ready); None where a figure is undefined.
        ``se_advantage`` (and ``se_ev_per_round``) treat rounds as
        independent; ``se_<figure>_batches`` are the batch-means SEs over
        the tally's ``batches`` non-empty sub-batches
        (:func:`jost_engine.batches.batch_errors`), None for a tally saved
        before batches were recorded.
    """
    sums = total_moments(tally)
    n = sums["rounds"]
    dealt = max(tally["all_rounds"], 1)
    bets = sums["bet"] / BET_SCALE
    net = sums["net"] / NET_SCALE
    sum_x2 = sums["net2"] / NET_SCALE**2
    sum_xb = sums["netbet"] / (NET_SCALE * BET_SCALE)
    sum_b2 = sums["bet2"] / BET_SCALE**2
    ev = net / n if n else 0.0
    var = (sum_x2 / n - ev**2) * n / (n - 1) if n > 1 else 0.0
    sd = _safe_sqrt(var)
    advantage = net / bets if bets else 0.0
    mean_bet = bets / n if n else 0.0
    resid = (sum_x2 - 2 * advantage * sum_xb + advantage**2 * sum_b2) / n if n else 0.0
    se_advantage = _safe_sqrt(resid / n) / mean_bet if n and mean_bet else 0.0
    ev_dealt = net / dealt
    var_dealt = sum_x2 / dealt - ev_dealt**2
    summary = {
        "rounds": n,
        "rounds_dealt": tally["all_rounds"],
        "rounds_watched": sums["watched"],
        "hands": tally["hands"],
        "initial_bet_units": bets,
        "net_units": net,
        "ev_per_round": ev,
        "sd_per_round": sd,
        "se_ev_per_round": sd / math.sqrt(n) if n else 0.0,
        "advantage": advantage,
        "se_advantage": se_advantage,
        "house_edge": -advantage,
        "total_wagered_units": tally["wagered"] / NET_SCALE,
        "avg_bet": mean_bet,
        "win_rate_per_100": 100 * ev,
        "win_rate_per_hour": ev_dealt * rounds_per_hour,
        "sd_per_hour": _safe_sqrt(var_dealt * rounds_per_hour),
        "win_rate_per_hour_money": ev_dealt * rounds_per_hour * unit,
        "di": 1000 * ev / sd if sd else None,
        "n0": var / ev**2 if ev > 0 else None,
        "score": 1e6 * ev**2 / var if ev > 0 and var > 0 else None,
        "ror": risk_of_ruin(ev, sd, bankroll_units, goal_units),
        "ror_schlesinger": risk_of_ruin_schlesinger(ev, sd, bankroll_units),
        "bankroll_units": bankroll_units,
        "unit": unit,
        "rounds_per_hour": rounds_per_hour,
        "shoes": tally["shoes"],
        "rounds_per_shoe": tally["all_rounds"] / tally["shoes"] if tally["shoes"] else None,
        "cards_per_round": tally["cards"] / dealt,
    }
    summary.update(batch_errors(tally, rounds_per_hour))
    if tally.spots:
        summary.update(spot_figures(tally))
    summary.update(decision_counts(tally))
    if bankroll_units is not None:
        summary.update(trips(tally, rounds_per_hour))
    return summary


def switch_figures(tally: Tally) -> dict:
    """Blackjack Switch: the rounds bet on whose second cards were exchanged.

    Returns
    -------
    dict
        ``switches`` (rounds), ``switch_rate`` (switches / rounds bet on) and
        ``se_switch_rate`` (binomial SE; rounds independent).
    """
    n = total_moments(tally)["rounds"]
    switches = tally["switches"]
    rate = switches / n if n else 0.0
    return {"switches": switches, "switch_rate": rate,
            "se_switch_rate": _safe_sqrt(rate * (1 - rate) / n) if n else 0.0}


DECISIONS = {
    "doubles": "doubles", "splits": "splits", "surrenders": "surrenders",
    "insurance_taken": "insurance", "insurance_won": "insurance_won",
    "player_blackjacks": "player_bj", "dealer_blackjacks": "dealer_bj",
    "hands_won": "wins", "hands_pushed": "pushes", "hands_lost": "losses",
    "player_busts": "busts", "dealer_busts": "dealer_busts",
}


def decision_counts(tally: Tally) -> dict:
    """Counts of doubles, splits, surrenders, insurance, blackjacks, results."""
    return {name: tally[key] for name, key in DECISIONS.items()}


def decision_columns(tally: Tally) -> dict:
    """Decision counts with their frequency per round played, as columns.

    Returns
    -------
    dict
        ``decision`` (names, a list), ``count`` and ``per_round`` (numpy
        arrays) in the order of :data:`DECISIONS`;
        :func:`jost_engine.analysis.tables.decisions` makes it a table.
    """
    n = max(total_moments(tally)["rounds"], 1)
    counts = np.array(list(decision_counts(tally).values()), dtype=np.int64)
    return {"decision": list(DECISIONS), "count": counts, "per_round": counts / n}


TRUE_COUNT_COLUMNS = ("true_count", "rounds", "watched", "frequency", "avg_bet", "ev_per_round",
                      "sd_per_round", "advantage", "advantage_per_hand", "se_advantage")
INT_COLUMNS = ("true_count", "rounds", "watched")


def true_count_columns(tally: Tally) -> dict:
    """Frequency, average bet, EV and advantage for each true count, as columns.

    Returns
    -------
    dict
        Numpy arrays of equal length, one entry per true count with a round
        dealt: ``true_count``, ``rounds`` (bet on), ``watched``, ``frequency``
        (of rounds dealt), ``avg_bet`` [units], ``ev_per_round`` [units],
        ``sd_per_round`` [units], ``advantage`` (net / initial bet),
        ``advantage_per_hand`` [initial bets] and ``se_advantage``; NaN where
        no round was bet. :func:`jost_engine.analysis.tables.by_true_count`
        makes it a table.
    """
    columns: dict = {name: [] for name in TRUE_COUNT_COLUMNS}
    dealt = max(tally["all_rounds"], 1)
    nan = float("nan")
    for i, values in enumerate(moments(tally)):
        n = values["rounds"]
        if n == 0 and values["watched"] == 0:
            continue
        bet = values["bet"] / BET_SCALE
        net = values["net"] / NET_SCALE
        ev = net / n if n else nan
        var = values["net2"] / NET_SCALE**2 / n - ev**2 if n else nan
        mean_outcome = values["outcome"] / OUTCOME_SCALE / n if n else nan
        var_outcome = (values["outcome2"] / OUTCOME_SCALE**2 / n - mean_outcome**2) if n else 0.0
        per_round = values["spots"] / n if n else 1.0  # a round's outcome is over its spots
        row = (L.TC_MIN + i, n, values["watched"], (n + values["watched"]) / dealt,
               bet / n if n else nan, ev, _safe_sqrt(var) if n else nan,
               net / bet if bet else nan, mean_outcome / per_round,
               _safe_sqrt(var_outcome / n) / per_round if n else nan)
        for name, value in zip(TRUE_COUNT_COLUMNS, row):
            columns[name].append(value)
    return {name: np.array(values, dtype=np.int64 if name in INT_COLUMNS else np.float64)
            for name, values in columns.items()}


def outcome_columns(tally: Tally) -> dict:
    """Rounds by net result, in initial bets (e.g. -2.0 for a lost double), as columns.

    Returns
    -------
    dict
        Numpy arrays over the results that occurred: ``net_bets`` [initial
        bets], ``rounds`` and ``probability``;
        :func:`jost_engine.analysis.tables.outcome_distribution` makes it a table.
    """
    counts = np.asarray(tally.hist, dtype=np.int64)[:, :L.N_OUTCOMES].sum(axis=0)
    seen = np.flatnonzero(counts)
    return {"net_bets": (seen - L.OUTCOME_SPAN) / OUTCOME_SCALE, "rounds": counts[seen],
            "probability": counts[seen] / max(int(counts.sum()), 1)}


def path_quantiles(tally: Tally, quantiles) -> dict | None:
    """Quantiles of the bankroll at the end of each hour of the recorded trips.

    Each hour's bankrolls are counted in bins ``tally.path_width`` wide
    (1/50 of the starting bankroll); a quantile is interpolated linearly
    within its bin, so it is exact to one bin. A ruined trip counts at a
    bankroll of 0 (bin 0) and a trip that reached its goal at its final
    bankroll, for every hour after its end.

    Parameters
    ----------
    tally : Tally
        Merged tallies with bankroll paths.
    quantiles : sequence of float
        Fractions in (0, 1).

    Returns
    -------
    dict or None
        ``hours`` (1, 2, ... [h]), ``paths`` (trips recorded) and for each
        quantile q ``"p{100 q:g}"``: the bankroll [units] by hour; None when
        the tally holds no complete path.
    """
    counts = np.asarray(tally.paths, dtype=np.float64)
    if counts.size == 0 or counts[0].sum() == 0:
        return None
    width = tally.path_width / NET_SCALE
    total = counts[0].sum()
    cumulative = np.cumsum(counts, axis=1)
    bands = {"hours": [float(h) for h in range(1, counts.shape[0] + 1)], "paths": int(total)}
    for q in quantiles:
        target = q * total
        column = []
        for row, cum in zip(counts, cumulative):
            b = int(np.searchsorted(cum, target, side="left"))
            below = cum[b] - row[b]
            column.append(float((b + (target - below) / row[b]) * width))
        bands[f"p{100 * q:g}"] = column
    return bands
