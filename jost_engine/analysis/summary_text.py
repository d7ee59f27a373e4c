"""The first sentences of a report: the answer in plain words, with its uncertainty.

Pure functions of summaries and configs. Every figure comes from
:mod:`jost_engine.analysis.estimates` and is written by
:mod:`jost_engine.analysis.format`, ± 1 SE, and each sentence says once what
the ± is. A sentence names a winner only when the difference is resolved at
95 % confidence (``|difference| > 1.96 SE``); otherwise it says "not resolved
at N rounds (need about M)".
"""

from __future__ import annotations

from dataclasses import replace

from . import estimates, labels
from . import format as fmt
from .estimates import Estimate

#: Closes a sentence that shows a ±.
SE_CLOSE = f". {fmt.SE_NOTE.capitalize()}."


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
    """The house edge of a game under basic strategy ± 1 SE, and the biggest rule effects.

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
        se = (edge["ci_high"] - edge["house_edge"]) / 1.959964
    shown = fmt.estimate(Estimate("house_edge", edge["house_edge"], se), signed=False)
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


def _money_per_100(result) -> Estimate:
    """A result's win per 100 rounds in money, with its SE."""
    unit = _unit(result.config)
    ev, se = result.summary["ev_per_round"], result.summary.get("se_ev_per_round")
    return Estimate("win_rate_per_100", 100 * ev * unit, None if se is None else 100 * se * unit)


def lead_words(first: str, a: Estimate, second: str, b: Estimate, rounds: int,
               what: str, unit_money: float | None = None) -> str:
    """Whether ``first`` beats ``second`` by a figure, in words that follow the data.

    ``a - b`` with the SEs taken as independent; "X is ahead of Y by d ± s,
    beyond the noise at 95 %" when ``|d| > 1.96 s``, else "X measured higher
    than Y by d ± s, not resolved at N rounds (need about M)".
    """
    lead = estimates.difference(a, b)
    gap = fmt.estimate(lead, unit_money=unit_money, signed=True)
    if estimates.resolved(lead):
        return (f"{first} is ahead of {second} by {gap} {what} (errors taken as independent), "
                "beyond the noise at 95 %")
    return (f"{first} measured higher than {second} by {gap} {what} (errors taken as "
            f"independent), {estimates.verdict(lead, rounds)}")


def compare_sentence(results: dict) -> str:
    """The results ranked by money per 100 rounds; a winner named only when resolved.

    Parameters
    ----------
    results : dict
        Display name -> :class:`~jost_engine.result.SimulationResult`.
    """
    money = {name: _money_per_100(r) for name, r in results.items()}
    order = sorted(money, key=lambda k: money[k].value, reverse=True)
    top = order[0]
    text = (f"Of {len(results)} configurations, {top} measured the highest win rate: "
            f"{fmt.estimate(money[top], unit_money=1.0)} per 100 rounds")
    if len(order) > 1:
        rounds = min(int(results[k].summary["rounds"]) for k in order[:2])
        text += "; " + lead_words(top, money[top], order[1], money[order[1]], rounds,
                                  "per 100 rounds", unit_money=1.0)
    scored = {k: estimates.figures(r.summary, r.config)["score"] for k, r in results.items()}
    scored = {k: e for k, e in scored.items() if e.value is not None}
    if len(scored) > 1:
        best = sorted(scored, key=lambda k: scored[k].value, reverse=True)
        rounds = min(int(results[k].summary["rounds"]) for k in best[:2])
        text += (". By SCORE, " + lead_words(best[0], scored[best[0]], best[1],
                                              scored[best[1]], rounds, "SCORE points"))
    return text + SE_CLOSE


def headline(summary: dict, config: dict, figs: dict | None = None) -> str:
    """The figures of a result an index lists, as the report shows them: the advantage and
    the win rate in money per 100 rounds, each ± 1 SE."""
    f = figs or estimates.figures(summary, config)
    if f["advantage"].value is None:
        return ""
    return (f"advantage {fmt.estimate(f['advantage'])}, win rate "
            f"{fmt.estimate(f['win_rate_per_100'], _unit(config))} per 100 rounds")
