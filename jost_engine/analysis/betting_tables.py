"""The figures of an optimal ramp beside the user's, as a table for people.

Shared by the workbench's Betting view and the counter report: readable
labels with units, money from the unit, risks in %.
"""

from __future__ import annotations

import pandas as pd

#: Figure rows: (label, key of the figures, format, scale: "unit" multiplies by the unit).
ROWS = (
    ("win rate [units/100 rounds]", "win_rate_per_100", "{:+.3f}", None),
    ("win rate [$/100 rounds]", "win_rate_per_100", "{:+,.2f}", "unit"),
    ("win rate [units/hour]", "win_rate_per_hour", "{:+.3f}", None),
    ("win rate [$/hour]", "win_rate_per_hour", "{:+,.2f}", "unit"),
    ("  its SE from the table [$/hour]", "se_win_rate_per_hour", "{:,.2f}", "unit"),
    ("SD [units/hour]", "sd_per_hour", "{:.2f}", None),
    ("SD [$/hour]", "sd_per_hour", "{:,.0f}", "unit"),
    ("average bet [units]", "avg_bet", "{:.2f}", None),
    ("hands played per hour", "hands_per_hour", "{:.0f}", None),
    ("DI", "di", "{:.2f}", None),
    ("SCORE", "score", "{:.2f}", None),
    ("N0 [rounds]", "n0", "{:,.0f}", None),
    ("certainty equivalent [$/hour]", "certainty_equivalent_per_hour", "{:+,.2f}", "unit"),
    ("risk of ruin, lifetime", "ror", "{:.2%}", None),
    ("risk of ruin within {hours:g} hours", "trip_ror", "{:.2%}", None),
)


def ramp_text(pairs, wong_in=None, wong_out=None) -> str:
    """``1 unit, 2 from +2, 4 from +3`` and the wonging points, for people."""
    steps = ", ".join(f"{u:g} unit{'s' if u != 1 else ''}" if i == 0 else f"{u:g} from {tc:+g}"
                      for i, (tc, u) in enumerate(pairs))
    if wong_in is not None or wong_out is not None:
        steps += f" (wong in at {wong_in}, out at {wong_out})"
    return steps


def _cell(figures: dict, key: str, form: str, scale, unit: float) -> str:
    value = figures.get(key)
    if value is None:
        return "–"
    if form.endswith("%}") and 0 < value < 1e-4:
        return "< 0.01%"
    return form.format(value * (unit if scale == "unit" else 1.0))


def figures_frame(optimal: dict, yours: dict, unit: float) -> pd.DataFrame:
    """The figures of both ramps: ``figure``, ``optimal``, ``yours`` (text cells).

    Parameters
    ----------
    optimal, yours : dict
        :func:`jost_engine.betting.optimal_vs_given`'s ``optimal`` and ``given``.
    unit : float
        Money per unit [$].
    """
    hours = optimal.get("trip_hours") or 0
    return pd.DataFrame(
        [(label.strip().format(hours=hours), _cell(optimal, key, form, scale, unit),
          _cell(yours, key, form, scale, unit))
         for label, key, form, scale in ROWS
         if optimal.get(key) is not None or yours.get(key) is not None],
        columns=["figure", "optimal", "yours"])
