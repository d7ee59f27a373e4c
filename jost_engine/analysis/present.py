"""Results and configs described for people: key figures with their uncertainty, a config
as a short table, what differs between configs, several results side by side.

Pure functions of summaries and hydrated configs (no notebook, no widget):
the reports and the workbench show what they return.
"""

from __future__ import annotations

import json

import pandas as pd

from ..describe import COUNT_NAMES
from . import estimates, labels
from . import format as fmt
from .config_labels import config_label

Z95 = 1.959964

#: The figures of a result worth a colleague's attention, in this order.
KEY_FIGURES = ("advantage", "win_rate_per_100", "win_rate_per_hour", "sd_per_round",
               "sd_per_hour", "avg_bet", "di", "score", "n0", "ror", "bankroll_units", "rounds",
               *estimates.SPOT_ROWS)  # the spot figures only with several spots


def _ramp_flat(config: dict) -> bool:
    ramp = (config.get("betting") or {}).get("ramp") or [[-99, 1]]
    return len({units for _, units in ramp}) == 1


def key_figures(summary: dict, config: dict | None = None) -> dict:
    """The key figures of a result as flat numbers, with their SEs and ± 1 SE ranges.

    Parameters
    ----------
    summary : dict
        A result's summary (``ev_per_round``, ``se_ev_per_round``, ``sd_per_round``...).
    config : dict, optional
        The hydrated config (bankroll, unit, trip settings).

    Returns
    -------
    dict
        The :data:`KEY_FIGURES` present, with the SE keys of
        :data:`~jost_engine.analysis.labels.FIELDS` (``se_win_rate_per_100``,
        ``se_di``, ``se_score``...) and the range keys (``n0_low``/``n0_high``,
        ``ror_low``/``ror_high``: the figure at EV ± 1 SE), all from
        :func:`jost_engine.analysis.estimates.figures`.
    """
    figs = estimates.figures(summary, config)
    out = estimates.plain({k: figs[k] for k in KEY_FIGURES if k in figs})
    for key in KEY_FIGURES:
        if key not in out and key in summary:
            out[key] = summary[key]
    return out


def ramp_text(config: dict) -> str:
    """A bet ramp in words: ``1 unit below TC 2; 2 at 2; ... 12 at 5+ (spread 1-12)``."""
    betting = config.get("betting") or {}
    ramp = sorted(betting.get("ramp") or [[-99, 1]])
    if _ramp_flat(config):
        return f"flat, {labels.number(ramp[0][1])} unit{'s' if ramp[0][1] != 1 else ''}"
    count = "RC" if _unbalanced(config) else "TC"
    parts = [f"{labels.number(ramp[0][1])} below {count} {labels.number(ramp[1][0])}"]
    for i, (tc, units) in enumerate(ramp[1:], start=1):
        last = i == len(ramp) - 1
        parts.append(f"{labels.number(units)} at {labels.number(tc)}{'+' if last else ''}")
    units = [u for _, u in ramp]
    text = "; ".join(parts) + f" (spread {labels.number(min(units))}-{labels.number(max(units))})"
    if betting.get("wong_in") is not None or betting.get("wong_out") is not None:
        text += (f", wong in at {count} {betting.get('wong_in')}"
                 f" / out at {betting.get('wong_out')}")
    return text


def _unbalanced(config: dict) -> bool:
    count = (config.get("strategy") or {}).get("count") or {}
    return count.get("balanced") is False or str(count.get("system", "")).lower() in (
        "ko", "red7", "red-7")


def count_text(config: dict) -> str:
    """The count and index plays: ``Hi-Lo, indices illustrious18+fab4``, or basic strategy."""
    strategy = config.get("strategy") or {}
    count = strategy.get("count")
    if not count:
        return "none (basic strategy)"
    system = count.get("system", "custom") if isinstance(count, dict) else str(count)
    name = COUNT_NAMES.get(system, system)
    deviations = strategy.get("deviations")
    if not deviations:
        return f"{name}, no index plays"
    return f"{name}, index plays {deviations_text(deviations)}"


#: Names of the shipped index sets (count names: :data:`jost_engine.describe.COUNT_NAMES`).
INDEX_SETS = {"illustrious18": "Illustrious 18", "fab4": "Fab 4"}


def deviations_text(deviations) -> str:
    """Index plays by name: ``illustrious18+fab4`` -> ``Illustrious 18 + Fab 4``."""
    if isinstance(deviations, str):
        return " + ".join(INDEX_SETS.get(d, d) for d in deviations.split("+"))
    return "custom" if deviations else "none"


def rules_text(config: dict) -> str:
    """The rules as a short label, e.g. ``6D S17 DAS 3:2 75% pen``."""
    from ..config import Rules, describe_rules

    try:
        return describe_rules(Rules(**config["rules"]))
    except Exception:  # noqa: BLE001 - a rules dict of another simulation type
        return json.dumps(config.get("rules"))


def config_rows(config: dict) -> dict:
    """A config as a few readable rows: rules, count, ramp, penetration, money, rounds, seed."""
    rules, betting, run = config.get("rules", {}), config.get("betting") or {}, config["run"]
    unit = betting.get("unit") or 1
    bankroll = betting.get("bankroll_units")
    rows = {
        "rules": rules_text(config),
        "count and index plays": count_text(config),
        "bet ramp [units]": ramp_text(config),
        "penetration": (f"{100 * rules['penetration']:.0f} %" if rules.get("penetration")
                        and rules.get("reshuffle", "cut_card") == "cut_card"
                        else "shuffled every round"),
        "betting unit": labels.money(unit),
        "bankroll": (f"{labels.number(bankroll)} units ({labels.money(bankroll * unit)})"
                     if bankroll else "not set"),
        "rounds": f"{run['rounds']:,}",
        "rounds per hour": labels.number(run.get("rounds_per_hour", 100)),
        "seed": str(run.get("seed")),
    }
    return rows


def config_table(config: dict) -> pd.DataFrame:
    """:func:`config_rows` as a one-column table indexed by setting."""
    rows = config_rows(config)
    return pd.DataFrame({"value": list(rows.values())}, index=list(rows))


def _flat(data, prefix: str = "") -> dict:
    out = {}
    for key, value in (data or {}).items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flat(value, path + "."))
        else:
            out[path] = value
    return out


#: Settings a comparison does not list (the columns are named by the labels).
NOT_COMPARED = ("label",)


def _setting_text(path: str, value, config: dict) -> str:
    if path == "betting.ramp":
        return ramp_text(config)
    if path == "strategy.deviations":
        return deviations_text(value)
    if path == "strategy.count.system":
        return COUNT_NAMES.get(value, value)
    if path == "rules.penetration":
        return f"{100 * value:.0f} %"
    if path == "betting.unit":
        return labels.money(value)
    if path == "rules.dealer_hits_soft_17":
        return "H17" if value else "S17"
    if path == "rules.blackjack_pays":
        return {1.5: "3:2", 1.2: "6:5", 1.0: "1:1", 2.0: "2:1"}.get(value, str(value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return "none"
    if isinstance(value, int | float):
        return labels.number(value)
    return value if isinstance(value, str) else json.dumps(value)


def config_diff(configs: dict) -> pd.DataFrame:
    """The settings that differ between configs: one row per setting, one column per name.

    Parameters
    ----------
    configs : dict
        Name -> hydrated config.

    Returns
    -------
    pandas.DataFrame
        Readable setting names as index, the settings' values as text; no
        rows when the configs agree on everything.
    """
    flat = {name: _flat(c) for name, c in configs.items()}
    paths = list(dict.fromkeys(p for f in flat.values() for p in f))
    rows = {}
    for path in paths:
        values = [f.get(path) for f in flat.values()]
        if path in NOT_COMPARED or all(v == values[0] for v in values[1:]):
            continue
        name = config_label(path)
        rows[name] = [_setting_text(path, v, c) for v, c in zip(values, configs.values())]
    return pd.DataFrame.from_dict(rows, orient="index", columns=list(configs))


def with_uncertainty(key: str, numbers: dict) -> str:
    """A figure of flat ``numbers`` and its SE or range in one cell: ``+0.64 % ± 0.43 %``
    (:func:`jost_engine.analysis.format.estimate`)."""
    return fmt.estimate(from_numbers(key, numbers))


def from_numbers(key: str, numbers: dict) -> estimates.Estimate:
    """The :class:`~jost_engine.analysis.estimates.Estimate` of a figure in flat numbers
    (its SE and range under the keys :data:`~jost_engine.analysis.labels.FIELDS` names)."""
    field = labels.FIELDS.get(key)
    se = numbers.get(field.se) if field and field.se else None
    low = high = None
    if field and field.interval and numbers.get(field.interval[0]) is not None:
        low, high = (numbers.get(k) for k in field.interval)
    return estimates.Estimate(key, numbers.get(key), se, low, high)


#: The rows of a comparison: figure key and whether its money value follows.
COMPARE_ROWS = ("advantage", "win_rate_per_100", "win_rate_per_hour", "sd_per_hour", "avg_bet",
                "di", "score", "n0", "ror", "rounds")


def compare_table(results: dict) -> pd.DataFrame:
    """Several results side by side, written for people: figures ± 1 SE, money, config.

    Parameters
    ----------
    results : dict
        Display name -> :class:`~jost_engine.result.SimulationResult`.

    Returns
    -------
    pandas.DataFrame
        One column per name; rows: the advantage, win rates in units and
        money, SD per hour, average bet, DI, SCORE, N0, risk of ruin (with
        its bankroll), rounds, then the rules, count and ramp.
    """
    columns = {}
    for name, result in results.items():
        figs = estimates.of_result(result)
        unit = (result.config.get("betting") or {}).get("unit") or 1
        column = {}
        for key in COMPARE_ROWS:
            if key in figs:
                column[labels.label(key)] = fmt.with_money(figs[key], unit)
        if figs["ror"].value is not None:
            column[labels.label("ror")] += f", {figs['ror'].name.split(', ', 1)[1]}"
        rows = config_rows(result.config)
        for row in ("rules", "count and index plays", "bet ramp [units]", "penetration",
                    "betting unit"):
            column[row] = rows[row]
        columns[name] = column
    return pd.DataFrame(columns)
