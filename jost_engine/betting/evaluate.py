"""Any ramp evaluated from a true-count table, analytically.

With f_t the share of rounds dealt at count t, q_t the share of those the
ramp plays (:meth:`~jost_engine.betting.ramp.Ramp.play_fraction`), b_t its
bet and E[X^k | t] the moments of a 1-unit bet there, a round dealt wins on
average ``E1 = sum f q b E[X|t]`` with second moment ``E2 = sum f q b**2 E[X**2|t]``.
Per round played (the rounds a summary counts) the EV is ``E1 / P`` and the
variance ``E2 / P - (E1 / P)**2``, with ``P = sum f q``; per hour the win
rate is ``E1 R`` and the variance ``(E2 - E1**2) R``, R rounds dealt per hour.
These are the definitions of :func:`jost_engine.statistics.summarize`, so a
prediction and a simulation of the ramp are compared figure by figure.

What holds: the figures are exact (up to the table's sampling error) when
the play does not depend on the bet, which is the kernel's case (index
plays and insurance depend on the count only), and for the wonging rules
:class:`~jost_engine.betting.ramp.Ramp` accepts. Rounds are treated as
independent for the standard errors, as the summary does.
"""

from __future__ import annotations

import math

import numpy as np

from ..errors import BettingError
from . import risk
from .ramp import Ramp
from .table import CountTable

EV_ZERO = 1e-12  # |EV| per round below this is 0 [units]


def _moments(table: CountTable, ramp: Ramp) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Weights of the rounds dealt, bets, and E[(bX)**k | t] for k = 1..4 where played."""
    share = ramp.play_fraction(table)
    weight = table.frequency * share
    bets = ramp.units(table.true_count)
    used = weight > 0
    powers = np.zeros_like(table.moments)
    powers[:, used] = table.moments[:, used] * bets[used] ** np.arange(1, 5)[:, None]
    return weight, bets, powers


def evaluate(table: CountTable, ramp: Ramp, bankroll: float | None = None,
             rounds_per_hour: float | None = None) -> dict:
    """The figures of a ramp from a true-count table.

    Parameters
    ----------
    table : CountTable
        Rounds and 1-unit moments by true count.
    ramp : Ramp
        Bets by count and wonging rule.
    bankroll : float, optional
        Bankroll [units], for the lifetime risk of ruin and the certainty
        equivalent.
    rounds_per_hour : float, optional
        Rounds dealt per hour [1/h], watched ones included; the table's by default.

    Returns
    -------
    dict
        Plain numbers, None where undefined: ``ev_per_round``,
        ``sd_per_round``, ``avg_bet`` [units per round played],
        ``win_rate_per_100`` [units per 100 rounds played],
        ``win_rate_per_hour`` [units/h], ``sd_per_hour`` [units],
        ``di``, ``score``, ``n0`` [rounds played], ``played_share``,
        ``hands_per_hour`` [rounds played per hour], ``ror`` (lifetime,
        diffusion), ``certainty_equivalent_per_hour`` [units/h],
        ``se_win_rate_per_hour`` [units/h], ``se_sd_per_round`` [units],
        ``ramp``, ``wong_in``, ``wong_out``.

    Raises
    ------
    BettingError
        When the table cannot evaluate the ramp's wonging, or it plays no round.
    """
    rate = float(rounds_per_hour or table.rounds_per_hour)
    weight, bets, powers = _moments(table, ramp)
    played = float(weight.sum())
    if played <= 0:
        raise BettingError("ramp: it plays no round of the table", "ramp")
    e1, e2, e3, e4 = (float(weight @ powers[k]) for k in range(4))
    ev, m2 = e1 / played, e2 / played
    if abs(ev) < EV_ZERO:  # a sum of exact zeros that rounding left a hair off
        ev = 0.0
    var = max(m2 - ev * ev, 0.0)
    sd = math.sqrt(var)
    var_dealt = max(e2 - e1 * e1, 0.0)
    win_hour = e1 * rate
    sd_hour = math.sqrt(var_dealt * rate)
    out = {
        "ramp": ramp.pairs(), "wong_in": ramp.wong_in, "wong_out": ramp.wong_out,
        "ev_per_round": ev, "sd_per_round": sd,
        "avg_bet": float(weight @ bets) / played,
        "win_rate_per_100": 100 * ev,
        "win_rate_per_hour": win_hour, "sd_per_hour": sd_hour,
        "di": 1000 * ev / sd if sd else None,
        "score": 1e6 * ev * ev / var if ev > 0 and var > 0 else None,
        "n0": var / (ev * ev) if ev > 0 else None,
        "played_share": played, "hands_per_hour": played * rate,
        "ror": risk.diffusion(ev, sd, bankroll) if bankroll else None,
        "certainty_equivalent_per_hour": (win_hour - sd_hour**2 / (2 * bankroll)
                                          if bankroll else None),
        "bankroll_units": bankroll,
    }
    out.update(_standard_errors(table, weight, powers, e1, e2, e3, e4, played, rate))
    return out


def _standard_errors(table, weight, powers, e1, e2, e3, e4, played, rate) -> dict:
    """SE of the predicted win rate and SD from the table's sampling error.

    The win rate is a stratified mean with estimated weights: its variance is
    ``(sum f (g - E1)**2 + sum f**2 var_t / n_t) / D`` with ``g_t = q_t b_t E[X|t]``
    (the second term uses the rounds played per count). The SD's uses the
    fourth central moment, ``sqrt(mu4 - var**2) / (2 sd sqrt(n))``.
    """
    rounds = max(table.rounds, 1)
    share = np.where(table.frequency > 0, weight / np.maximum(table.frequency, 1e-300), 0.0)
    mean_t = np.where(weight > 0, powers[0], 0.0)
    var_t = np.where(weight > 0, powers[1] - powers[0] ** 2, 0.0)
    g = share * mean_t
    between = float(table.frequency @ (g - e1) ** 2) / rounds
    with np.errstate(invalid="ignore", divide="ignore"):
        within_t = np.where(table.played > 0, weight**2 * var_t / table.played, 0.0)
    se_e1 = math.sqrt(between + float(within_t.sum()))
    n_played = max(float((table.frequency * share).sum()) * rounds, 1.0)
    mu = e1 / played
    m2, m3, m4 = e2 / played, e3 / played, e4 / played
    var = m2 - mu * mu
    central4 = m4 - 4 * m3 * mu + 6 * m2 * mu * mu - 3 * mu**4
    se_sd = (math.sqrt(max(central4 - var * var, 0.0) / n_played) / (2 * math.sqrt(var))
             if var > 0 else 0.0)
    return {"se_win_rate_per_hour": se_e1 * rate, "se_sd_per_round": se_sd}


def best_wong_out(table: CountTable, ramp: Ramp, bankroll: float | None = None,
                  objective: str = "win_rate_per_hour") -> dict:
    """The count below which a back-counter should watch instead of betting this ramp.

    Every rule "bet at counts >= k, watch below" (``wong_in = k``,
    ``wong_out = k - 1``; and no wonging) is evaluated exactly from the table.

    Parameters
    ----------
    table : CountTable
    ramp : Ramp
        The bets; its own wonging is replaced.
    bankroll : float, optional
        Bankroll [units] (needed for ``certainty_equivalent_per_hour``).
    objective : str
        The figure to maximize: ``win_rate_per_hour``, ``score``, ``di`` or
        ``certainty_equivalent_per_hour``.

    Returns
    -------
    dict
        ``wong_in`` and ``wong_out`` of the best rule (None: play every
        round), its ``figures``, and ``scan``: the objective for every k tried.
    """
    if objective not in ("win_rate_per_hour", "score", "di", "certainty_equivalent_per_hour"):
        raise BettingError(f"objective: must be win_rate_per_hour, score, di or "
                           f"certainty_equivalent_per_hour, got {objective!r}", "objective")
    if objective == "certainty_equivalent_per_hour" and not bankroll:
        raise BettingError("bankroll: the certainty equivalent needs a bankroll", "bankroll")
    candidates = [(None, None)] + [(int(k), int(k) - 1) for k in table.true_count[1:]
                                   if table.dealt[table.true_count >= k].sum() > 0]
    best, scan = None, []
    for wong_in, wong_out in candidates:
        trial = Ramp(ramp.steps, wong_in, wong_out)
        try:
            figures = evaluate(table, trial, bankroll)
        except BettingError:
            continue
        value = figures[objective]
        scan.append({"wong_in": wong_in, objective: value})
        if value is not None and (best is None or value > best[2][objective]):
            best = (wong_in, wong_out, figures)
    if best is None:
        raise BettingError(f"objective: no wonging point gives a {objective}", "objective")
    return {"wong_in": best[0], "wong_out": best[1], "figures": best[2], "scan": scan}
