"""The first sentences of a report: the answer in plain words, with its uncertainty.

Pure functions of summaries and configs. A result's sentence gives every
figure ± 1 SE through :mod:`jost_engine.analysis.format` and says so; the
sentences about games and comparisons say which interval they use.
"""

from __future__ import annotations

from dataclasses import replace

from . import estimates, labels
from . import format as fmt
from .present import Z95


def _unit(config: dict) -> float:
    return float((config.get("betting") or {}).get("unit") or 1)


def result_sentence(name: str, summary: dict, config: dict, figs: dict | None = None) -> str:
    """What a player of a config wins or loses, per 100 rounds and per hour, and how sure.

    Parameters
    ----------
    name : str
        What the reader calls the config (its label).
    summary : dict
        The result's summary.
    config : dict
        The hydrated config (``betting.unit``, ``run.rounds_per_hour``, ``run.seed``).
    figs : dict, optional
        Its :func:`jost_engine.analysis.estimates.figures` (computed when not given).

    Returns
    -------
    str
        Every figure through :func:`jost_engine.analysis.format.estimate`, e.g.
        "Hi-Lo 1-12 wins 1.06 ± 0.71 units (+$27 ± $18) per 100 rounds, +$27 ±
        $18 per hour with a standard deviation of $791 per hour; the player's
        advantage is +0.64 % ± 0.43 % of the initial bet; SCORE 11 ± 15; risk of
        ruin, lifetime, bankroll 400 units ($10,000): 43 % (from 24 % to 75 % at
        ± 1 SE). ± is one standard error. From 200,000 simulated rounds, seed 1."
    """
    f = figs or estimates.figures(summary, config)
    unit = _unit(config)
    rate = f["win_rate_per_100"]
    verb = "wins" if (rate.value or 0) >= 0 else "loses"
    size = replace(rate, value=abs(rate.value or 0))
    parts = [f"{name} {verb} {fmt.estimate(size, signed=False)} units "
             f"({fmt.estimate(size, unit, signed=False)}) per 100 rounds"]
    hour, sd_hour = f["win_rate_per_hour"], f["sd_per_hour"]
    if hour.value is not None and sd_hour.value is not None:
        parts[0] += (f", {fmt.estimate(hour, unit)} per hour with a standard deviation of "
                     f"{fmt.money(sd_hour.value * unit)} per hour")
    parts.append(f"the player's advantage is {fmt.estimate(f['advantage'])} of the initial bet")
    if f["score"].value is not None:
        parts.append(f"SCORE {fmt.estimate(f['score'])}")
    if f["ror"].value is not None:
        parts.append(fmt.line(f["ror"]))
    seed = (config.get("run") or {}).get("seed")
    return ("; ".join(parts) + f". {fmt.SE_NOTE.capitalize()}. "
            f"From {summary['rounds']:,} simulated rounds, seed {seed}.")


def game_sentence(name: str, edge: dict, exact_edge: float | None = None,
                  effects=None) -> str:
    """The house edge of a game under basic strategy, its interval, and the biggest rule effects.

    Parameters
    ----------
    name : str
        The game's label.
    edge : dict
        :func:`jost_engine.analysis.tables.house_edge` (fractions of the initial bet;
        ``se``, else the 95 % interval's ``ci_high``).
    exact_edge : float, optional
        The exact house edge off the top [fraction].
    effects : pandas.DataFrame, optional
        :func:`jost_engine.analysis.effects.rule_effects` (``change``, ``exact_effect``).
    """
    se = edge.get("se")
    if se is None:  # an edge dict of a 95 % interval only
        se = (edge["ci_high"] - edge["house_edge"]) / Z95
    shown = fmt.estimate(estimates.Estimate("house_edge", edge["house_edge"], se), signed=False)
    text = (f"Under {name}, a basic-strategy player with flat bets gives the house "
            f"{shown} of each initial bet ({fmt.SE_NOTE}), from {edge['rounds']:,} "
            "simulated rounds")
    if exact_edge is not None:
        text += f"; the exact house edge off the top is {labels.percent(exact_edge, 3)}"
    text += "."
    if effects is not None and len(effects):
        worst = effects.loc[effects["exact_effect"].idxmin()]
        best = effects.loc[effects["exact_effect"].idxmax()]
        text += (f" Of the single rule changes, {worst['change']} costs the player most "
                 f"({labels.percent(worst['exact_effect'], 2, signed=True)}) and "
                 f"{best['change']} helps most "
                 f"({labels.percent(best['exact_effect'], 2, signed=True)}).")
    return text


def compare_sentence(results: dict) -> str:
    """Which of several results wins most, by how much, and whether the gap is beyond noise.

    Parameters
    ----------
    results : dict
        Display name -> :class:`~jost_engine.result.SimulationResult`.
    """
    rates = {name: (r.summary["ev_per_round"], r.summary["se_ev_per_round"], _unit(r.config))
             for name, r in results.items()}
    order = sorted(rates, key=lambda k: rates[k][0] * rates[k][2], reverse=True)
    best, worst = order[0], order[-1]
    (ev_b, se_b, unit_b), (ev_w, se_w, unit_w) = rates[best], rates[worst]
    half_b = 100 * Z95 * se_b * unit_b
    digits = labels.decimals(half_b)
    text = (f"Of {len(results)} configurations, {best} wins most: "
            f"{labels.money(100 * ev_b * unit_b, digits=digits)} per 100 rounds "
            f"± {labels.money(half_b, digits=digits)} (95 %)")
    if len(order) > 1:
        gap = 100 * (ev_b * unit_b - ev_w * unit_w)
        half = 100 * Z95 * ((se_b * unit_b) ** 2 + (se_w * unit_w) ** 2) ** 0.5
        verdict = ("beyond the noise" if gap > half else "within the noise, so more rounds "
                   "are needed to tell them apart")
        worst_digits = labels.decimals(100 * Z95 * se_w * unit_w)
        digits = labels.decimals(half)
        text += (f"; {worst} wins least "
                 f"({labels.money(100 * ev_w * unit_w, digits=worst_digits)} per 100 rounds). "
                 f"The gap, {labels.money(gap, digits=digits)} ± "
                 f"{labels.money(half, digits=digits)} per 100 rounds "
                 f"(95 %, errors taken as independent), is {verdict}")
    scored = {k: r.summary.get("score") for k, r in results.items()
              if r.summary.get("score") is not None}
    if scored:
        top = max(scored, key=scored.get)
        text += f". The best SCORE is {top}'s, {scored[top]:.1f}"
    return text + "."


def headline(summary: dict, config: dict, figs: dict | None = None) -> str:
    """The figures of a result an index lists, as the report shows them: the advantage and
    the win rate in money per 100 rounds, each ± 1 SE."""
    f = figs or estimates.figures(summary, config)
    if f["advantage"].value is None:
        return ""
    return (f"advantage {fmt.estimate(f['advantage'])}, win rate "
            f"{fmt.estimate(f['win_rate_per_100'], _unit(config))} per 100 rounds")
