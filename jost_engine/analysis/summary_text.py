"""The first sentences of a report: the answer in plain words, with its uncertainty.

Pure functions of summaries and configs; every interval is 95 % (1.96
standard errors) and says so.
"""

from __future__ import annotations

from . import labels
from .present import Z95, key_figures


def _unit(config: dict) -> float:
    return float((config.get("betting") or {}).get("unit") or 1)


def _bankroll_clause(numbers: dict, unit: float) -> str:
    bankroll, ror = numbers.get("bankroll_units"), numbers.get("ror")
    if not bankroll or ror is None:
        return ""
    text = f"risk of ruin {labels.percent(ror, 0)}"
    if numbers.get("ror_low") is not None and numbers.get("ror_high") is not None:
        text += (f" (95 %: {labels.percent(numbers['ror_low'], 0)} to "
                 f"{labels.percent(numbers['ror_high'], 0)})")
    return (f"{text} with a {labels.number(bankroll)}-unit "
            f"({labels.money(bankroll * unit)}) bankroll")


def result_sentence(name: str, summary: dict, config: dict) -> str:
    """What a player of a config wins or loses, per 100 rounds and per hour, and how sure.

    Parameters
    ----------
    name : str
        What the reader calls the config (its label).
    summary : dict
        The result's summary.
    config : dict
        The hydrated config (``betting.unit``, ``run.rounds_per_hour``, ``run.seed``).

    Returns
    -------
    str
        E.g. "Hi-Lo 1-12 wins 1.06 units ($26.58) per 100 rounds ± 1.39 units
        (95 %), $26.58 per hour with an SD of $791 per hour; advantage +0.64 %
        ± 0.84 %; SCORE 11.3 ± 14; risk of ruin 43 % (95 %: 9 % to 100 %) with a
        400-unit ($10,000) bankroll. From 200,000 rounds, seed 1."
    """
    n = key_figures(summary, config)
    unit = _unit(config)
    rate, se = n.get("win_rate_per_100"), n.get("se_win_rate_per_100") or 0.0
    verb = "wins" if rate >= 0 else "loses"
    half = Z95 * se
    places, cents = labels.decimals(half), labels.decimals(half * unit)
    parts = [f"{name} {verb} {abs(rate):.{places}f} units "
             f"({labels.money(abs(rate) * unit, digits=cents)}) per 100 rounds "
             f"± {half:.{places}f} units ({labels.money(half * unit, digits=cents)}, 95 %)"]
    hour, sd_hour = summary.get("win_rate_per_hour"), summary.get("sd_per_hour")
    if hour is not None and sd_hour is not None:
        hourly = labels.decimals(Z95 * (n.get("se_win_rate_per_hour") or 0.0) * unit)
        parts[0] += (f", {labels.money(hour * unit, digits=hourly)} per hour with a standard "
                     f"deviation of {labels.money(sd_hour * unit)} per hour")
    adv, se_adv = n.get("advantage"), n.get("se_advantage") or 0.0
    places = labels.decimals(100 * Z95 * se_adv)
    parts.append(f"the player's advantage is {labels.percent(adv, places, signed=True)} "
                 f"± {labels.percent(Z95 * se_adv, places)} of the initial bet")
    if n.get("score") is not None:
        se_score = n.get("se_score") or 0.0
        places = labels.decimals(Z95 * se_score, 1)
        parts.append(f"SCORE {n['score']:.{places}f} ± {Z95 * se_score:.{places}f}")
    ruin = _bankroll_clause(n, unit)
    if ruin:
        parts.append(ruin)
    seed = (config.get("run") or {}).get("seed")
    return "; ".join(parts) + f". From {summary['rounds']:,} simulated rounds, seed {seed}."


def game_sentence(name: str, edge: dict, exact_edge: float | None = None,
                  effects=None) -> str:
    """The house edge of a game under basic strategy, its interval, and the biggest rule effects.

    Parameters
    ----------
    name : str
        The game's label.
    edge : dict
        :func:`jost_engine.analysis.tables.house_edge` (fractions of the initial bet).
    exact_edge : float, optional
        The exact house edge off the top [fraction].
    effects : pandas.DataFrame, optional
        :func:`jost_engine.analysis.effects.rule_effects` (``change``, ``exact_effect``).
    """
    half = edge["ci_high"] - edge["house_edge"]
    places = labels.decimals(100 * half)
    text = (f"Under {name}, a basic-strategy player with flat bets gives the house "
            f"{labels.percent(edge['house_edge'], places)} ± {labels.percent(half, places)} "
            f"(95 %) of each initial bet, from {edge['rounds']:,} simulated rounds")
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


def headline(summary: dict, config: dict) -> str:
    """The one figure of a result an index lists: win rate in money per 100 rounds ± SE."""
    unit = _unit(config)
    rate = summary.get("win_rate_per_100")
    if rate is None:
        return ""
    se = 100 * (summary.get("se_ev_per_round") or 0.0) * unit
    digits = labels.decimals(se)
    return (f"{labels.money(rate * unit, digits=digits)} ± {labels.money(se, digits=digits)} "
            "per 100 rounds")
