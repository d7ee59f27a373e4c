"""Figures of multiple spots: per spot and per round, with their standard errors.

From the exact spot sums of a tally (``Tally.spots``, ``layout.SP_*``). A
spot's outcome ``o`` is in initial bets of that spot; a round's outcome
``R`` is the sum of its spots' ``o``. Pooled over every spot and true count
bet on:

- ``var_spot`` = E[o**2] - E[o]**2, the variance of one spot [bet**2];
- ``cov_spots`` = E[o_i o_j] - E[o]**2 over the pairs of spots of one
  round [bet**2] (two spots share the dealer's hand and the shoe);
- ``var_round`` = E[R**2] - E[R]**2 over rounds [bet**2]; with n spots
  every round it is n var_spot + n (n - 1) cov_spots.

SEs treat rounds as independent (each estimate is a ratio of sums over
rounds: delta method) and neglect the uncertainty of the mean, whose
square is below 1e-4 of the figures. The money figures (EV per spot,
per round) are in :func:`jost_engine.statistics.summarize`.
"""

from __future__ import annotations

import math

from .kernel import layout as L
from .tally import Tally

OUT = 10  # a spot's outcome in the kernel: tenths of its initial bet
NET_SCALE = 100
BET_SCALE = 10


def _columns(tally: Tally) -> list[dict]:
    """Per true count bet on with spots: its spots n and the sums over its rounds."""
    rows = []
    for bet, row in zip(tally.bets, tally.spots):
        rounds = row[L.SP_ROUNDS]
        if not rounds:
            continue
        n = row[L.SP_HANDS] // rounds
        rows.append({"bet": bet, "rounds": rounds, "n": n, "hands": row[L.SP_HANDS],
                     "pairs": rounds * n * (n - 1) // 2,
                     "o": sum(row[L.SP_SUM:L.SP_SUM + L.MAX_SPOTS]),
                     "o2": sum(row[L.SP_SQ:L.SP_SQ + L.MAX_SPOTS]),
                     "x": sum(row[L.SP_CROSS:L.SP_CROSS + L.MAX_SPOTS]),
                     "a2": row[L.SP_A2], "c2": row[L.SP_C2], "r2": row[L.SP_R2],
                     "r4": row[L.SP_R4]})
    return rows


def _ratio_se(rows: list[dict], num: str, num2: str, per_round: str, est: float,
              scale: float) -> float:
    """SE of ``sum(num) / sum(per_round)`` over rounds (delta method).

    ``num2`` is the sum over rounds of the per-round numerator squared;
    ``per_round`` is the denominator's per-round value's total (constant
    within a true count). All sums are in the kernel's integer scale;
    ``scale`` turns them into the estimate's units.
    """
    total = sum(r[per_round] for r in rows)
    if not total:
        return float("nan")
    resid = 0.0
    for r in rows:
        each = r[per_round] / r["rounds"]  # the denominator's value in each round
        resid += (r[num2] / scale**2 - 2 * est * each * r[num] / scale
                  + est * est * each * each * r["rounds"])
    return math.sqrt(max(resid, 0.0)) / total


def spot_figures(tally: Tally) -> dict:
    """The multiple-spot figures of a tally; empty when it has no spot sums.

    Returns
    -------
    dict
        ``spots_per_round`` (mean spots of a round bet on), ``spot_hands``,
        ``ev_per_spot`` [units] and ``se_ev_per_spot``, ``advantage_per_spot``
        (EV of a spot in its initial bets), ``var_spot``, ``cov_spots``,
        ``var_round`` [initial bet**2 of one spot] with ``se_var_spot``,
        ``se_cov_spots``, ``se_var_round``, and ``corr_spots`` (cov / var)
        with ``se_corr_spots``. ``cov_spots`` and its SE are None when no
        round had two spots.
    """
    rows = _columns(tally)
    if not rows:
        return {}
    rounds = sum(r["rounds"] for r in rows)
    hands = sum(r["hands"] for r in rows)
    pairs = sum(r["pairs"] for r in rows)
    mean = sum(r["o"] for r in rows) / OUT / hands  # a spot's EV [its bets]
    square = sum(r["o2"] for r in rows) / OUT**2 / hands
    var_spot = square - mean * mean
    se_square = _ratio_se(rows, "o2", "a2", "hands", square, OUT**2)
    mean_r = sum(r["o"] for r in rows) / OUT / rounds
    square_r = sum(r["r2"] for r in rows) / OUT**2 / rounds
    var_round = square_r - mean_r * mean_r
    fourth_r = sum(r["r4"] for r in rows) / OUT**4 / rounds
    se_var_round = math.sqrt(max(fourth_r - square_r**2, 0.0) / rounds)
    net = sum(r["bet"] * r["o"] for r in rows) / NET_SCALE
    net2 = sum(r["bet"] ** 2 * r["o2"] for r in rows) / NET_SCALE**2
    ev_spot = net / hands
    sd_spot_units = math.sqrt(max(net2 / hands - ev_spot**2, 0.0))
    figures = {
        "spots_per_round": hands / rounds,
        "spot_hands": hands,
        "ev_per_spot": ev_spot,
        # spots of a round are correlated: the round's SE, shared out over its spots
        "se_ev_per_spot": _round_se_per_spot(rows, ev_spot, hands) if pairs else
        sd_spot_units / math.sqrt(hands),
        "advantage_per_spot": mean,
        "var_spot": var_spot,
        "se_var_spot": se_square,
        "var_round": var_round,
        "se_var_round": se_var_round,
        "cov_spots": None, "se_cov_spots": None, "corr_spots": None, "se_corr_spots": None,
    }
    if pairs:
        cross = sum(r["x"] for r in rows) / OUT**2 / pairs
        cov = cross - mean * mean
        se_cov = _ratio_se(rows, "x", "c2", "pairs", cross, OUT**2)
        figures.update({"cov_spots": cov, "se_cov_spots": se_cov,
                        "corr_spots": cov / var_spot if var_spot > 0 else None,
                        "se_corr_spots": (math.hypot(se_cov, cov / var_spot * se_square)
                                          / var_spot if var_spot > 0 else None)})
    return figures


def _round_se_per_spot(rows: list[dict], ev_spot: float, hands: int) -> float:
    """SE of the EV per spot [units]: a ratio of the rounds' nets to their spots."""
    resid = 0.0
    for r in rows:
        bet = r["bet"] / BET_SCALE  # the count's bet of one spot [units]
        resid += (bet * bet * r["r2"] / OUT**2 - 2 * ev_spot * r["n"] * bet * r["o"] / OUT
                  + ev_spot**2 * r["n"] ** 2 * r["rounds"])
    return math.sqrt(max(resid, 0.0)) / hands


def spot_columns(tally: Tally) -> dict:
    """Per true count with spots: ``true_count``, ``spots``, ``rounds``, and a spot's
    ``ev`` [its bets], ``var``, ``cov`` [its bets**2] (NaN without two spots)."""
    out: dict = {"true_count": [], "spots": [], "rounds": [], "ev": [], "var": [], "cov": []}
    for i, row in enumerate(tally.spots):
        rounds = row[L.SP_ROUNDS]
        if not rounds:
            continue
        hands = row[L.SP_HANDS]
        n = hands // rounds
        mean = sum(row[L.SP_SUM:L.SP_SUM + L.MAX_SPOTS]) / OUT / hands
        var = sum(row[L.SP_SQ:L.SP_SQ + L.MAX_SPOTS]) / OUT**2 / hands - mean * mean
        pairs = rounds * n * (n - 1) // 2
        cov = (sum(row[L.SP_CROSS:L.SP_CROSS + L.MAX_SPOTS]) / OUT**2 / pairs - mean * mean
               if pairs else float("nan"))
        for key, value in zip(out, (L.TC_MIN + i, n, rounds, mean, var, cov)):
            out[key].append(value)
    return out
