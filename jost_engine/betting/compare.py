"""The optimal ramp beside the user's: one call for the CLI, the views and the reports."""

from __future__ import annotations

from . import risk
from .evaluate import evaluate
from .optimal import optimize, optimize_for_ror
from .ramp import Ramp
from .table import CountTable


def with_money(figures: dict, unit: float, trip_hours: float | None = None) -> dict:
    """``figures`` plus the win rate and SD per hour in money (``*_money`` [currency]),
    and with ``trip_hours`` the risk of ruin within a trip that long (``trip_ror``,
    :func:`~jost_engine.betting.risk.trip`)."""
    out = {**figures, "unit": unit,
           "win_rate_per_hour_money": figures["win_rate_per_hour"] * unit,
           "sd_per_hour_money": figures["sd_per_hour"] * unit}
    if trip_hours is not None:
        out["trip_hours"] = trip_hours
        out["trip_ror"] = risk.trip(figures["win_rate_per_hour"], figures["sd_per_hour"],
                                    figures["bankroll_units"], trip_hours)
    return out


def optimal_vs_given(table: CountTable, given: Ramp, bankroll: float, spread: float | None = None,
                     min_bet: float = 1.0, kelly_fraction: float = 1.0,
                     target_ror: float | None = None, round_to: float = 1.0, wong_out=None,
                     unit: float = 1.0, trip_hours: float | None = None) -> dict:
    """The optimal ramp and the given one, with their figures, from one true-count table.

    Parameters
    ----------
    table : CountTable
    given : Ramp
        The user's ramp (a config's ``betting``).
    bankroll : float
        Bankroll [units].
    spread : float, optional
        Largest over smallest bet; the given ramp's by default.
    min_bet : float
        Table minimum [units].
    kelly_fraction : float
        Fraction of the Kelly bets, unless ``target_ror`` is given.
    target_ror : float, optional
        Lifetime risk of ruin to meet: the ramp of greatest win rate at that
        risk (:func:`~jost_engine.betting.optimal.optimize_for_ror`).
    round_to : float
        Chip step [units].
    wong_out : None, int or "auto"
        See :func:`~jost_engine.betting.optimal.optimize`.
    unit : float
        Money per unit [currency].
    trip_hours : float, optional
        Also the risk of ruin within a trip of this many hours [h].

    Returns
    -------
    dict
        ``optimal`` and ``given``: the figures of :func:`evaluate` (units per
        round unless named otherwise) with ``*_money`` fields; ``optimal``
        also has ``kelly_fraction``; ``table``: ``rounds`` (dealt) and ``seed``.
    """
    spread = given.spread if spread is None else spread
    if target_ror is None:
        ramp = optimize(table, bankroll, min_bet, spread=spread, kelly_fraction=kelly_fraction,
                        round_to=round_to, wong_out=wong_out)
    else:
        ramp, kelly_fraction = optimize_for_ror(table, bankroll, target_ror, min_bet,
                                                spread=spread, round_to=round_to,
                                                wong_out=wong_out)
    optimal = with_money(evaluate(table, ramp, bankroll), unit, trip_hours)
    optimal.update({"kelly_fraction": kelly_fraction, "spread": spread,
                    "target_ror": target_ror})
    return {"optimal": optimal,
            "given": with_money(evaluate(table, given, bankroll), unit, trip_hours),
            "table": {"rounds": table.rounds, "seed": table.seed}}
