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


#: The study-table columns :func:`own_optimum_columns` adds (each with ``se_`` + name).
COLUMNS = {"own_optimum_score": ("score", "score"),
           "own_optimum_win_rate_per_hour": ("win_rate_per_hour", "win_rate_per_hour"),
           "own_optimum_ce_per_hour": ("ce_per_hour", "ce")}


def own_optimum_columns(result, bankroll: float = 400.0, spread: float = 12.0,
                        wong_out=None) -> dict:
    """A study row's figures at its own optimal ramps (:func:`at_own_optimum`), as columns.

    Parameters
    ----------
    result : SimulationResult or None
        The row's merged result; None (not finished), or a game without a count,
        gives None in every column.
    bankroll, spread, wong_out
        The limits common to every row, as for :func:`at_own_optimum`.

    Returns
    -------
    dict
        ``own_optimum_score``, ``own_optimum_win_rate_per_hour`` [units/h],
        ``own_optimum_ce_per_hour`` [units/h] and their ``se_`` columns.
    """
    from ..errors import JostError
    from .table import from_result

    out = {name: None for name in COLUMNS} | {f"se_{name}": None for name in COLUMNS}
    strategy = (getattr(result, "config", None) or {}).get("strategy") or {}
    if result is None or not isinstance(strategy, dict) or not strategy.get("count"):
        return out
    try:
        figures = at_own_optimum(from_result(result), bankroll, spread, wong_out)
    except (JostError, AttributeError):
        return out
    for name, (key, est) in COLUMNS.items():
        out[name] = figures[key]
        out[f"se_{name}"] = figures["estimates"][est].se
    return out
