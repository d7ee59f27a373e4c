"""Counts compared fairly: each count's SCORE, win rate and certainty equivalent at its
own optimal ramps under common limits, from its own true-count table.

One true-count ramp for every count is unfair to level-2 counts (whose true counts
run about twice as far) and to unbalanced ones (whose index is a running count); each
count's own optimum under the same spread, bankroll, chip step and wonging rule is
the like-for-like comparison.
"""

from __future__ import annotations

from .evaluate import evaluate
from .objectives import growth, score
from .table import CountTable
from .uncertainty import figure_estimates


def at_own_optimum(table: CountTable, bankroll: float = 400.0, spread: float = 12.0,
                   wong_out=None, round_to: float = 1.0) -> dict:
    """A count's figures at its own optimal ramps under common limits.

    Parameters
    ----------
    table : CountTable
        The count's table (a flat-bet run of the game with that count).
    bankroll : float
        Bankroll [units] of the growth optimum.
    spread : float
        Largest over smallest bet, common to every count.
    wong_out : None or "auto"
        None: play every round; ``"auto"``: back-counting allowed, each count choosing
        its own point.
    round_to : float
        Chip step [units].

    Returns
    -------
    dict
        ``score`` (the greatest SCORE, at the SCORE-optimal ramp) and ``score_ramp``;
        ``win_rate_per_hour`` [units/h], ``ce_per_hour`` [units/h] (certainty
        equivalent) and ``growth_ramp`` at the full-Kelly growth optimum; each figure
        also as an ``Estimate`` under ``estimates`` (SE from the table).
    """
    limits = {"spread": spread, "wong_out": wong_out, "round_to": round_to}
    best_score = score(table, **limits)
    best_growth = growth(table, bankroll, 1.0, **limits)
    fs = evaluate(table, best_score.ramp, bankroll)
    fg = evaluate(table, best_growth.ramp, bankroll)
    es, eg = figure_estimates(fs), figure_estimates(fg)
    return {"score": fs["score"], "score_ramp": best_score.ramp.pairs(),
            "win_rate_per_hour": fg["win_rate_per_hour"],
            "ce_per_hour": fg["certainty_equivalent_per_hour"],
            "growth_ramp": best_growth.ramp.pairs(),
            "wong_out": best_growth.ramp.wong_out,
            "estimates": {"score": es["score"], "win_rate_per_hour": eg["win_rate_per_hour"],
                          "ce": eg["ce"]}}
