"""The optimal ramp beside the user's: one call for the CLI, the views and the reports."""

from __future__ import annotations

from ..errors import BettingError
from . import feasibility, goals, risk
from .evaluate import evaluate
from .objectives import OBJECTIVES, fits, growth_value, optimize
from .ramp import Ramp
from .table import CountTable

DEFAULT_RISK = 0.05  # the lifetime risk whose bankroll the tools give by default


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
                     unit: float = 1.0, trip_hours: float | None = None,
                     objective: str | None = None, max_bet: float | None = None,
                     goal: float | None = None, confidence: float = 0.95,
                     bankroll_risk: float | None = None, max_changes: int | None = None,
                     cover: float | None = None) -> dict:
    """The optimal ramp for an objective and the given one, with their figures, from one
    true-count table.

    Parameters
    ----------
    table : CountTable
    given : Ramp
        The user's ramp (a config's ``betting``); a candidate of the optimizer when it
        fits the limits.
    bankroll : float
        Bankroll [units].
    spread : float, optional
        Largest over smallest bet; the given ramp's by default.
    min_bet, max_bet : float
        Table minimum and maximum [units].
    kelly_fraction : float
        ``growth``: the Kelly fraction k.
    target_ror : float, optional
        ``winrate``: the lifetime risk of ruin to meet [fraction].
    round_to : float
        Chip step [units].
    wong_out : None, int or "auto"
        See :func:`~jost_engine.betting.optimal.kelly_ramp`.
    unit : float
        Money per unit [currency].
    trip_hours : float, optional
        Also the risk of ruin within a trip of this many hours [h].
    objective : str, optional
        ``growth``, ``score`` or ``winrate``
        (:func:`~jost_engine.betting.objectives.optimize`); by default ``winrate``
        with a ``target_ror``, else ``growth``.
    goal : float, optional
        Win goal [units] for the bankroll and risk tools (:func:`risk_tools`).
    confidence : float
        Confidence of the tools' hours to a goal or to be ahead.
    bankroll_risk : float, optional
        Lifetime risk whose bankroll the tools give; ``target_ror`` or 5 % by default.
    max_changes, cover : optional
        Ramps people can bet: at most this many changes of bet; no bet above ``cover``
        times the one below (:func:`~jost_engine.betting.optimal.kelly_ramp`).

    Returns
    -------
    dict
        ``optimal`` and ``given``: the figures of :func:`evaluate` (units per
        round unless named otherwise) with ``*_money`` fields and ``objective_value``;
        ``tools`` (:func:`risk_tools`); ``optimal`` also has ``kelly_fraction``,
        ``source`` ("optimizer" or "yours");
        ``objective``: ``name``, ``label``, ``unit``; ``feasibility``: from
        :func:`~jost_engine.betting.feasibility.feasibility` plus ``words`` (None when
        feasible); ``why``: a sentence on the figures where the optimum is worse;
        ``table``: ``rounds`` (dealt) and ``seed``.
    """
    spread = given.spread if spread is None else spread
    objective = objective or ("winrate" if target_ror is not None else "growth")
    limits = {"min_bet": min_bet, "max_bet": max_bet, "spread": spread,
              "round_to": round_to, "wong_out": wong_out}
    limits.update({k: v for k, v in (("max_changes", max_changes), ("cover", cover))
                   if v is not None})
    feas = feasibility.feasibility(table, objective, bankroll, target_ror, **limits)
    feas["words"] = feasibility.words(feas, unit, spread)
    try:
        best = optimize(table, objective, bankroll, kelly_fraction, target_ror, given,
                        **limits)
    except BettingError as exc:
        if exc.field != "ror" or objective != "winrate":
            raise
        # the target cannot be met: show the least risk the limits allow instead
        best = _least_risk(table, bankroll, given, limits)
    optimal = with_money(evaluate(table, best.ramp, bankroll), unit, trip_hours)
    own = with_money(evaluate(table, given, bankroll), unit, trip_hours)
    for figures in (optimal, own):
        figures["objective_value"] = objective_value(objective, figures, bankroll,
                                                     kelly_fraction, target_ror)
    optimal.update({"kelly_fraction": best.kelly_fraction, "spread": spread,
                    "target_ror": target_ror, "source": best.source,
                    "objective": objective})
    risk_for = bankroll_risk or target_ror or DEFAULT_RISK
    for figures in (optimal, own):
        figures["tools"] = risk_tools(figures, goal, trip_hours, confidence, risk_for)
    label, unit_text = OBJECTIVES[objective]
    return {"optimal": optimal, "given": own,
            "objective": {"name": objective, "label": label, "unit": unit_text,
                          "kelly_fraction": kelly_fraction, "target_ror": target_ror},
            "feasibility": feas, "limits": limits,
            "why": why(objective, optimal, own, fits(given, table, **limits)),
            "table": {"rounds": table.rounds, "seed": table.seed}}


def risk_tools(figures: dict, goal: float | None = None, hours: float | None = None,
               confidence: float = 0.95, bankroll_risk: float = 0.05) -> dict:
    """The bankroll and risk tools (:func:`~jost_engine.betting.goals.tools`) of a ramp's
    figures (from :func:`evaluate` with a bankroll): per hour, and the bankroll for a
    lifetime risk per round played as the lifetime risk of :func:`evaluate` is."""
    return goals.tools(figures["win_rate_per_hour"], figures["sd_per_hour"],
                       figures["bankroll_units"], goal, hours, confidence, bankroll_risk,
                       figures["ev_per_round"], figures["sd_per_round"])


def tool_ranges(figures: dict, goal: float | None = None, hours: float | None = None,
                confidence: float = 0.95, bankroll_risk: float = 0.05) -> dict:
    """Each tool of :func:`risk_tools` as ``(value, low, high)``: the figure, and its ends at
    the win rate ± 1 SE (``se_win_rate_per_hour``; the EV per round moves by SE / hands
    per hour), as the presentation convention gives asymmetric figures. ``low`` and
    ``high`` are sorted; None where undefined."""
    se = figures.get("se_win_rate_per_hour") or 0.0
    hands = figures.get("hands_per_hour") or 1.0
    sides = []
    for sign in (-1, 0, 1):
        moved = {**figures, "win_rate_per_hour": figures["win_rate_per_hour"] + sign * se,
                 "ev_per_round": figures["ev_per_round"] + sign * se / hands}
        sides.append(risk_tools(moved, goal, hours, confidence, bankroll_risk))
    out = {}
    for key, value in sides[1].items():
        ends = [side.get(key) for side in (sides[0], sides[2])]
        if not isinstance(value, float) or any(e is None for e in ends):
            out[key] = (value, None, None)
        else:
            out[key] = (value, min(ends), max(ends))
    return out


def objective_value(objective: str, figures: dict, bankroll: float,
                    kelly_fraction: float = 1.0, target_ror: float | None = None):
    """The figure ``objective`` maximizes, for a ramp's figures (None: not defined, or
    the risk target is not met)."""
    if objective == "growth":
        return growth_value(figures, bankroll, kelly_fraction)
    if objective == "score":
        return figures["score"]
    if figures["ror"] is None or figures["ror"] > target_ror:
        return None
    return figures["win_rate_per_hour"]


def _least_risk(table, bankroll, given, limits):
    """The ramp of least lifetime risk over the Kelly family (when no ramp meets a target)."""
    from .objectives import Optimum
    from .optimal import kelly_ramp

    best = None
    for k in (0.001 * 1.25 ** i for i in range(60)):  # 0.001 to about 500 x Kelly
        ramp = kelly_ramp(table, bankroll, kelly_fraction=k, **limits)
        ror = evaluate(table, ramp, bankroll)["ror"]
        if ror is not None and (best is None or ror < best[0]):
            best = (ror, Optimum("winrate", ramp, None, k))
    return best[1]


def why(objective: str, optimal: dict, given: dict, given_fits: bool) -> str:
    """One sentence on how the optimum trades the other figures against "yours"."""
    if optimal.get("source") == "yours":
        return "Your ramp is already the best within these limits on this objective."
    parts = []
    if not given_fits:
        parts.append("your ramp is outside these limits (spread, chip step, table "
                     "maximum, wonging, changes of bet or cover), so it is not a candidate")
    win = optimal["win_rate_per_hour"] - given["win_rate_per_hour"]
    ror_o, ror_g = optimal["ror"], given["ror"]
    if ror_o is not None and ror_g is not None:
        if win < 0 and ror_o < ror_g:
            parts.append("a lower win rate for less risk")
        elif win > 0 and ror_o > ror_g:
            parts.append("a higher win rate for more risk")
        elif win >= 0 and ror_o <= ror_g:
            parts.append("a higher win rate with less risk")
    if objective == "winrate" and given["objective_value"] is None and given["ror"] is not None:
        parts.append("your ramp's lifetime risk is above the target")
    if not parts:
        return ""
    text = "; ".join(parts)
    return "The optimum: " + text + "."
