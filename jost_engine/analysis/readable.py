"""The tables of :mod:`.tables` written for people: readable columns, %, money, SEs beside.

Each function takes a table of numbers and returns a DataFrame of text
cells, columns named with their units, ready for a Styler or a widget.
"""

from __future__ import annotations

import pandas as pd

from . import format as fmt
from . import labels
from .estimates import Estimate


def _column(key: str, values, ses, digits_se: float | None) -> list[str]:
    """Cells ``value ± SE`` of one column, every row to the decimals of the column's median
    SE (so the column lines up), through :func:`jost_engine.analysis.format.value`."""
    out = []
    for value, se in zip(values, ses):
        if pd.isna(value):
            out.append(labels.NA)
            continue
        text = fmt.value(key, float(value), digits_se)
        if not pd.isna(se):
            text += f" ± {fmt.value(key, float(se), digits_se, signed=False)}"
        out.append(text)
    return out


def true_count_view(table: pd.DataFrame, unit: float | None = None) -> pd.DataFrame:
    """:func:`jost_engine.analysis.tables.true_count_summary` for people.

    Returns
    -------
    pandas.DataFrame
        ``true count``, ``share of rounds [%]``, ``rounds``, ``average bet
        [units]`` (and in money with ``unit``), ``win per round [units]``
        and ``player's advantage [%]``, each ± 1 SE (``+0.52 ± 0.20``), the
        decimals of a column following its median SE.
    """
    out = pd.DataFrame({
        "true count": table["true_count"],
        "share of rounds [%]": [f"{100 * f:.2f}" for f in table["frequency"]],
        "rounds": [f"{int(n):,}" for n in table["rounds"]],
        "average bet [units]": [f"{b:.2f}" for b in table["avg_bet"]],
    })
    if unit:
        out[f"average bet [{labels.CURRENCY}]"] = [labels.money(b * unit) for b in table["avg_bet"]]
    ev_se, adv_se = ((float(table[c].median()) if len(table) else None)
                     for c in ("se_ev_per_round", "se_advantage"))
    out["win per round ± 1 SE [units]"] = _column(
        "ev_per_round", table["ev_per_round"], table["se_ev_per_round"], ev_se)
    out["player's advantage ± 1 SE [%]"] = [
        c.replace(" %", "") for c in _column("advantage", table["advantage"],
                                             table["se_advantage"], adv_se)]
    return out


def ramp_view(config: dict) -> pd.DataFrame:
    """A config's bet ramp: count at or above, bet in units and in money."""
    betting = config.get("betting") or {}
    unit = betting.get("unit") or 1
    ramp = sorted(betting.get("ramp") or [[-99, 1]])
    first = f"below {labels.number(ramp[1][0])}" if len(ramp) > 1 else "any"
    return pd.DataFrame({
        "count": [first, *[f"{labels.number(tc)} or more" for tc, _ in ramp[1:]]],
        "bet [units]": [labels.number(u) for _, u in ramp],
        f"bet [{labels.CURRENCY}]": [labels.money(u * unit) for _, u in ramp]})


def ror_view(table: pd.DataFrame, unit: float | None = None) -> pd.DataFrame:
    """:func:`jost_engine.analysis.tables.risk_of_ruin` for people (bankroll in money too),
    each risk through :func:`jost_engine.analysis.format.estimate` with its range."""
    out = pd.DataFrame({"bankroll [units]": [labels.number(b) for b in table["bankroll_units"]]})
    if unit:
        out[f"bankroll [{labels.CURRENCY}]"] = [labels.money(b * unit)
                                                for b in table["bankroll_units"]]
    ranged = {"ror_low", "ror_high"} <= set(table.columns)
    out["lifetime risk of ruin"] = [
        fmt.estimate(Estimate("ror", r, low=row.get("ror_low") if ranged else None,
                              high=row.get("ror_high") if ranged else None))
        for r, (_, row) in zip(table["ror"], table.iterrows())]
    return out


def outcome_view(table: pd.DataFrame) -> pd.DataFrame:
    """:func:`jost_engine.analysis.tables.outcome_distribution` for people."""
    return pd.DataFrame({
        "net result [initial bets]": [f"{v:+g}" for v in table["net_bets"]],
        "rounds": [f"{int(n):,}" for n in table["rounds"]],
        "share of rounds [%]": [f"{100 * p:.3f}" for p in table["probability"]]})


def decision_view(table: pd.DataFrame) -> pd.DataFrame:
    """:func:`jost_engine.analysis.tables.decisions` for people: what, how often, per 100 rounds."""
    return pd.DataFrame({
        "event": [labels.label(d) for d in table["decision"]],
        "count": [f"{int(n):,}" for n in table["count"]],
        "per 100 rounds": [f"{100 * p:.2f}" for p in table["per_round"]]})


def display_names(results: dict) -> dict:
    """What to call each compared result: its config's label, ``(job 3ec6b8ca)`` after a job's.

    Parameters
    ----------
    results : dict
        Item (a profile name, a JSON path or ``job:ID``) -> result.

    Returns
    -------
    dict
        Item -> a name, unique among them (the item is added where labels repeat).
    """
    names = {}
    for item, result in results.items():
        name = str(result.config.get("label") or item)
        if str(item).startswith("job:"):
            name += f" (job {item[4:12]})"
        names[item] = name
    counts = pd.Series(list(names.values())).value_counts()
    return {item: (f"{name} [{item}]" if counts[name] > 1 else name)
            for item, name in names.items()}
