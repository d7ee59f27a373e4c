"""Results side by side: the key figures with their standard errors, and what differs
between their configs.

Pure functions over summaries and configs (plain dicts), for the workbench's
compare view and any report that sets jobs side by side.
"""

from __future__ import annotations

import json
import math

import pandas as pd

#: The figures compared, in order: (summary key, readable label, how shown).
#: "%" marks a fraction shown in per cent.
FIGURES = (
    ("advantage", "advantage [% of initial bet]", "%"),
    ("win_rate_per_hour", "win rate [units/hour]", "units"),
    ("win_rate_per_hour_money", "win rate [$/hour]", "money"),
    ("sd_per_round", "SD per round [units]", "units"),
    ("score", "SCORE", "units"),
    ("di", "DI", "units"),
    ("n0", "N0 [rounds]", "rounds"),
    ("ror", "risk of ruin, lifetime [%]", "%"),
    ("rounds", "rounds played", "rounds"),
)


def standard_errors(summary: dict) -> dict:
    """Standard errors of a summary's figures, by summary key (None where undefined).

    The advantage's is the summary's own. The others follow from the SE of
    the EV per round by the delta method, the SD per round taken as known:
    win rate per hour ``sd_per_hour / sqrt(hours dealt)``; DI ``1000 se_ev / sd``;
    SCORE and N0 ``2 x value x se_ev / ev``; lifetime risk of ruin
    ``ror x 2 B se_ev / sd**2``. The SD's own sampling error is left out (it
    is small beside the EV's at these sample sizes).
    """
    se_ev = summary.get("se_ev_per_round")
    ev, sd = summary.get("ev_per_round"), summary.get("sd_per_round")
    out = dict.fromkeys(key for key, _, _ in FIGURES)
    out["advantage"] = summary.get("se_advantage")
    if se_ev is None or not sd:
        return out
    dealt = summary.get("rounds_dealt") or summary.get("rounds") or 0
    per_hour = summary.get("rounds_per_hour") or 100.0
    if dealt and summary.get("sd_per_hour") is not None:
        out["win_rate_per_hour"] = summary["sd_per_hour"] / math.sqrt(dealt / per_hour)
        if summary.get("unit"):
            out["win_rate_per_hour_money"] = out["win_rate_per_hour"] * summary["unit"]
    out["di"] = 1000 * se_ev / sd
    if ev and ev > 0:
        for key in ("score", "n0"):
            if summary.get(key) is not None:
                out[key] = 2 * summary[key] * se_ev / ev
    bankroll = summary.get("bankroll_units")
    if summary.get("ror") is not None and bankroll:
        out["ror"] = summary["ror"] * 2 * bankroll * se_ev / sd**2
    return out


def figures_table(summaries: dict) -> pd.DataFrame:
    """The key figures of several results with their SEs, one column pair per result.

    Parameters
    ----------
    summaries : dict
        ``{name: summary}`` (a result's ``summary``), in the order to show.

    Returns
    -------
    pandas.DataFrame
        Index: the readable figure labels of :data:`FIGURES`; columns: a
        MultiIndex ``(name, "value" | "SE")`` with plain numbers (per cent
        for the fractions marked "%"), NaN where undefined (SCORE and N0
        without a positive EV, the risk of ruin without a bankroll).
    """
    columns = {}
    for name, summary in summaries.items():
        errors = standard_errors(summary)
        scale = {key: 100.0 if how == "%" else 1.0 for key, _, how in FIGURES}
        columns[(name, "value")] = [_number(summary.get(key), scale[key]) for key, _, _ in FIGURES]
        columns[(name, "SE")] = [_number(errors.get(key), scale[key]) for key, _, _ in FIGURES]
    table = pd.DataFrame(columns, index=[label for _, label, _ in FIGURES])
    table.columns = pd.MultiIndex.from_tuples(table.columns)
    return table


def _number(value, scale: float) -> float:
    return math.nan if value is None else float(value) * scale


def flatten(config: dict, prefix: str = "") -> dict:
    """A nested config as ``{dotted path: value}``; lists (a ramp) stay one value."""
    out = {}
    for key, value in config.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            out.update(flatten(value, path + "."))
        else:
            out[path] = value
    return out


def config_diff(configs: dict, ignore=("label",)) -> pd.DataFrame:
    """The config fields that differ between several configs, by dotted path.

    Parameters
    ----------
    configs : dict
        ``{name: hydrated config}`` in the order to show.
    ignore : sequence of str
        Dotted paths left out (the label names the column already).

    Returns
    -------
    pandas.DataFrame
        One row per differing field (``rules.decks``, ``betting.ramp``, ...),
        sorted by path; one column per config, each cell the value as short
        text (JSON for lists; whole numbers from 10,000 with thousands
        separators; "(none)" for null, "(absent)" for a field the config
        lacks). Empty (no rows) when the configs agree.
    """
    flat = {name: flatten(config) for name, config in configs.items()}
    paths = sorted({path for fields in flat.values() for path in fields} - set(ignore))
    missing = object()
    rows = {}
    for path in paths:
        values = [fields.get(path, missing) for fields in flat.values()]
        if any(_differs(values[0], v) for v in values[1:]):
            rows[path] = [_shown(v, missing) for v in values]
    return pd.DataFrame.from_dict(rows, orient="index", columns=list(configs))


def _differs(a, b) -> bool:
    return json.dumps(a, sort_keys=True, default=str) != json.dumps(b, sort_keys=True,
                                                                     default=str)


def _shown(value, missing) -> str:
    if value is missing:
        return "(absent)"
    if value is None:
        return "(none)"
    if isinstance(value, (list, dict)):
        return json.dumps(value, separators=(", ", ": "))
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10_000:
        return f"{value:,}"  # rounds and the like: 40,000,000
    return str(value)
