"""The figures of an optimal ramp beside the user's, as a table for people.

Shared by the workbench's Betting view and the counter report: readable
labels with units, money from the unit, every figure ± 1 SE through the one formatter.
"""

from __future__ import annotations

import pandas as pd

from . import format as fmt
from .estimates import Estimate

#: Figure rows: (label, key of the figures, figure key of its estimate (format kind),
#: scale: "unit" writes it in money).
ROWS = (
    ("win rate [units/100 rounds]", "win_rate_per_100", "win_rate_per_100", None),
    ("win rate [$/100 rounds]", "win_rate_per_100", "win_rate_per_100", "unit"),
    ("win rate [units/hour]", "win_rate_per_hour", "win_rate_per_hour", None),
    ("win rate [$/hour]", "win_rate_per_hour", "win_rate_per_hour", "unit"),
    ("SD [units/hour]", "sd_per_hour", "sd_per_hour", None),
    ("SD [$/hour]", "sd_per_hour", "sd_per_hour", "unit"),
    ("average bet [units]", "avg_bet", "avg_bet", None),
    ("hands played per hour", "hands_per_hour", "rounds_per_hour", None),
    ("DI", "di", "di", None),
    ("SCORE", "score", "score", None),
    ("N0 [rounds]", "n0", "n0", None),
    ("certainty equivalent [$/hour]", "certainty_equivalent_per_hour", "ce", "unit"),
    ("bankroll [units]", "bankroll_units", "bankroll_units", None),
    ("risk of ruin, lifetime", "ror", "ror", None),
    ("risk of ruin within {hours:g} hours", "trip_ror", "ror", None),
)
#: The last row: what the ± and the ranges are (the risks: closed form, at the bankroll above).
NOTE = ("± is one standard error (from the true-count table, rounds taken as independent); "
        "N0 and the risks of ruin (closed form, at the bankroll above): the figure at the win "
        "rate ± 1 SE")


def ramp_text(pairs, wong_in=None, wong_out=None) -> str:
    """``1 unit, 2 from +2, 4 from +3`` and the wonging points, for people."""
    steps = ", ".join(f"{u:g} unit{'s' if u != 1 else ''}" if i == 0 else f"{u:g} from {tc:+g}"
                      for i, (tc, u) in enumerate(pairs))
    if wong_in is not None or wong_out is not None:
        steps += f" (wong in at {wong_in}, out at {wong_out})"
    return steps


def estimates_of(figures: dict) -> dict:
    """A ramp's figures (:func:`jost_engine.betting.evaluate` with :func:`with_money`) as
    :class:`~jost_engine.analysis.estimates.Estimate` objects, keyed as the figures are.

    The figures with an uncertainty are :func:`jost_engine.betting.uncertainty.figure_estimates`'
    (the SE of the win per round from ``se_win_rate_per_hour`` over the hands per hour;
    DI, SCORE and the certainty equivalent by the delta method; N0 and the risk of
    ruin as ranges, the figure at the win rate ± 1 SE); this adds the SD per hour (from
    ``se_sd_per_round``), the average bet, hands per hour, bankroll and the trip risk.
    """
    from ..betting import risk
    from ..betting.uncertainty import figure_estimates, ranged

    f = figures
    base = figure_estimates(f)
    sd, bankroll = f.get("sd_per_round"), f.get("bankroll_units")
    se_sd = f.get("se_sd_per_round")
    out = {key: base[key] for key in ("win_rate_per_100", "win_rate_per_hour") if key in base}
    out["sd_per_hour"] = Estimate("sd_per_hour", f.get("sd_per_hour"),
                                  None if se_sd is None or not sd
                                  else f["sd_per_hour"] * se_sd / sd)
    out["avg_bet"] = Estimate("avg_bet", f.get("avg_bet"))
    out["hands_per_hour"] = Estimate("rounds_per_hour", f.get("hands_per_hour"))
    out.update({key: base[key] for key in ("di", "score", "n0")})
    out["certainty_equivalent_per_hour"] = base.get("ce") or Estimate(
        "ce", f.get("certainty_equivalent_per_hour"), f.get("se_win_rate_per_hour"))
    out["bankroll_units"] = Estimate("bankroll_units", bankroll, 0.0)
    hands = f.get("hands_per_hour")
    if bankroll and sd and "ror" in base:
        out["ror"] = base["ror"]
        if f.get("trip_ror") is not None and hands:
            se_ev = (f.get("se_win_rate_per_hour") or 0.0) / hands
            ends = [risk.trip((f["ev_per_round"] + k * se_ev) * hands, f["sd_per_hour"],
                              bankroll, f["trip_hours"]) for k in (-1.0, 1.0)]
            out["trip_ror"] = ranged("ror", f["trip_ror"], ends, None)
    return out


#: Risks below this are written "< 0.01 %" [probability].
TINY = 1e-4


def _cell(estimate: Estimate | None, scale, unit: float) -> str:
    if estimate is None or estimate.value is None:
        return fmt.NA if estimate is None or not estimate.why else fmt.estimate(estimate)
    if estimate.key == "ror" and estimate.value < TINY:  # no digits to show
        high = estimate.high
        if high is not None and high < TINY:
            return "< 0.01 % (also at ± 1 SE)"
        end = "no upper end" if high is None else f"{100 * high:.2g} %"
        return f"< 0.01 % (up to {end} at ± 1 SE)"
    return fmt.estimate(estimate, unit_money=unit if scale == "unit" else None)


def figures_frame(optimal: dict, yours: dict, unit: float) -> pd.DataFrame:
    """The figures of both ramps: ``figure``, ``optimal``, ``yours`` (text cells).

    Every figure is written by :mod:`jost_engine.analysis.format`, ``value ± 1
    SE`` or its range at the win rate ± 1 SE; the last row says so (:data:`NOTE`).

    Parameters
    ----------
    optimal, yours : dict
        :func:`jost_engine.betting.optimal_vs_given`'s ``optimal`` and ``given``.
    unit : float
        Money per unit [$].
    """
    hours = optimal.get("trip_hours") or 0
    both = estimates_of(optimal), estimates_of(yours)
    rows = [(label.strip().format(hours=hours), *(_cell(e.get(key), scale, unit) for e in both))
            for label, key, _, scale in ROWS
            if optimal.get(key) is not None or yours.get(key) is not None]
    return pd.DataFrame([*rows, (NOTE, "", "")], columns=["figure", "optimal", "yours"])
