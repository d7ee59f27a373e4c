"""A ramp's figures as :class:`~jost_engine.analysis.estimates.Estimate` objects, for the
one formatter (:mod:`jost_engine.analysis.format`): symmetric figures with their SE from
the table, asymmetric ones (risks, N0, hours, bankrolls) with their range at the win rate
± 1 SE, as the presentation convention asks.

The SEs come from :func:`.evaluate.evaluate` (``se_win_rate_per_hour``, ``se_sd_per_round``;
rounds taken as independent, so they are lower bounds for a ramp, see docs/betting.md).
"""

from __future__ import annotations

from ..analysis.estimates import Estimate

_TABLE = "from the true-count table (delta method, rounds independent)"
_RANGE = "at the win rate ± 1 SE"
#: The key whose format kind each tool takes (probability, hours, units).
TOOL_KINDS = {"ruin_with_goal": "ror", "goal_first": "ror", "trip_ror": "ror",
              "ahead_after": "ror", "ror": "ror", "hours_to_goal": "n0", "hours_to_n0": "n0",
              "hours_ahead": "n0", "bankroll_for_risk": "avg_bet"}


def figure_estimates(figures: dict) -> dict[str, Estimate]:
    """The figures of :func:`.evaluate.evaluate` (with a bankroll) as estimates.

    Keys: ``ev_per_round``, ``win_rate_per_100``, ``win_rate_per_hour``, ``sd_per_round``,
    ``di``, ``score``, ``n0`` (range), ``ce`` (the certainty equivalent, with the SE of
    the win rate), ``ror`` (lifetime, range).
    """
    se_hour = figures.get("se_win_rate_per_hour") or 0.0
    hands = figures.get("hands_per_hour") or 1.0
    se_ev = se_hour / hands
    ev, sd = figures["ev_per_round"], figures["sd_per_round"]
    out = {"ev_per_round": Estimate("ev_per_round", ev, se_ev, method=_TABLE),
           "win_rate_per_100": Estimate("win_rate_per_100", figures["win_rate_per_100"],
                                        100 * se_ev, method=_TABLE),
           "win_rate_per_hour": Estimate("win_rate_per_hour", figures["win_rate_per_hour"],
                                         se_hour, method=_TABLE),
           "sd_per_round": Estimate("sd_per_round", sd, figures.get("se_sd_per_round"),
                                    method=_TABLE),
           "di": Estimate("di", figures["di"], 1000 * se_ev / sd if sd else None,
                          method=_TABLE),
           "score": Estimate("score", figures["score"],
                             2 * figures["score"] * se_ev / ev if figures["score"] else None,
                             method=_TABLE, why=None if figures["score"] else
                             "needs a positive EV")}
    if figures.get("certainty_equivalent_per_hour") is not None:
        out["ce"] = Estimate("ce", figures["certainty_equivalent_per_hour"], se_hour,
                             method=_TABLE)
    out["n0"] = ranged("n0", figures["n0"], [var_over(ev + s * se_ev, sd) for s in (-1, 1)],
                        "needs a positive EV")
    if figures.get("ror") is not None:
        from .risk import diffusion

        ends = [diffusion(ev + s * se_ev, sd, figures["bankroll_units"]) for s in (-1, 1)]
        out["ror"] = ranged("ror", figures["ror"], ends, None)
    return out


def var_over(ev: float, sd: float) -> float | None:
    """N0 = SD^2 / EV^2 [rounds], None without a positive EV."""
    return sd * sd / (ev * ev) if ev > 0 else None


def ranged(key: str, value, ends: list, why: str | None) -> Estimate:
    """``value`` with the range of ``ends`` (the figure at the win rate ± 1 SE; an end
    that is None, such as N0 without a positive EV, leaves the range open above)."""
    if value is None:
        return Estimate(key, None, why=why)
    known = [e for e in ends if e is not None]
    if len(known) < 2:
        return Estimate(key, value, low=min(known + [value]), high=None, method=_RANGE)
    return Estimate(key, value, low=min(known), high=max(known), method=_RANGE)


def tool_estimates(ranges: dict, labels: dict | None = None) -> dict[str, Estimate]:
    """:func:`.compare.tool_ranges` (``(value, low, high)`` per tool) as estimates, each
    with the format kind of :data:`TOOL_KINDS` and the row name ``labels[key]``."""
    labels = labels or {}
    out = {}
    for key, kind in TOOL_KINDS.items():
        if key not in ranges:
            continue
        value, low, high = ranges[key]
        if value is None:
            out[key] = Estimate(kind, None, why="needs a positive win rate",
                                label=labels.get(key, ""))
        elif low is None or high is None or low == high:
            out[key] = Estimate(kind, value, se=0.0, label=labels.get(key, ""))
        else:
            out[key] = Estimate(kind, value, low=low, high=high, method=_RANGE,
                                label=labels.get(key, ""))
    return out
