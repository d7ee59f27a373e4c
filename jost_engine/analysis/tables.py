"""Tables of results: by true count, outcomes, decisions, summaries, rule effects, risk of
ruin, bet ramps, comparisons."""

from __future__ import annotations

import pandas as pd

from .. import statistics

Z95 = 1.959964

#: Summary fields shown when results are compared, in this order.
COMPARE_FIELDS = ("rounds", "advantage", "se_advantage", "ev_per_round", "sd_per_round",
                  "avg_bet", "win_rate_per_hour", "sd_per_hour", "di", "score", "n0")


def house_edge(result, z: float = Z95) -> dict:
    """The house edge of a result with its confidence interval.

    Parameters
    ----------
    result : SimulationResult
    z : float
        Normal quantile of the interval (1.96 for 95 %).

    Returns
    -------
    dict
        ``house_edge``, ``se``, ``ci_low``, ``ci_high`` [fraction of the
        initial bet] and ``rounds``.
    """
    edge = -result.summary["advantage"]
    se = result.summary["se_advantage"]
    return {"house_edge": edge, "se": se, "ci_low": edge - z * se, "ci_high": edge + z * se,
            "rounds": result.summary["rounds"]}


def _tally(result):
    """The tally of a SimulationResult (a Tally is taken as it is)."""
    return getattr(result, "tally", result)


def by_true_count(result) -> pd.DataFrame:
    """Frequency, average bet, EV and advantage for each true count.

    Parameters
    ----------
    result : SimulationResult or Tally

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`jost_engine.statistics.true_count_columns`,
        one row per true count with a round dealt.
    """
    return pd.DataFrame(statistics.true_count_columns(_tally(result)))


def outcome_distribution(result) -> pd.DataFrame:
    """Rounds by net result per round, in initial bets (e.g. -2.0 for a lost double).

    Parameters
    ----------
    result : SimulationResult or Tally

    Returns
    -------
    pandas.DataFrame
        ``net_bets`` [initial bets], ``rounds`` and ``probability``.
    """
    return pd.DataFrame(statistics.outcome_columns(_tally(result)))


def decisions(result) -> pd.DataFrame:
    """Counts of doubles, splits, surrenders, insurance, blackjacks and hand results.

    Parameters
    ----------
    result : SimulationResult or Tally

    Returns
    -------
    pandas.DataFrame
        ``decision``, ``count`` and ``per_round`` (per round played).
    """
    return pd.DataFrame(statistics.decision_columns(_tally(result)))


def rule_effects(base, variants: dict, z: float = Z95) -> pd.DataFrame:
    """Each rule change's effect on the player's advantage against a base game.

    Parameters
    ----------
    base : SimulationResult
        The base game.
    variants : dict
        Change description -> result of the base game with that one change,
        run with the same seed (common random numbers).
    z : float
        Normal quantile of the interval.

    Returns
    -------
    pandas.DataFrame
        One row per change: ``change``, ``advantage``, ``effect`` (advantage
        minus the base's [fraction of the initial bet]) and ``se_effect``,
        an upper bound that ignores the positive correlation of common
        random numbers.
    """
    rows = []
    for change, result in variants.items():
        se = (result.summary["se_advantage"] ** 2 + base.summary["se_advantage"] ** 2) ** 0.5
        effect = result.summary["advantage"] - base.summary["advantage"]
        rows.append({"change": change, "advantage": result.summary["advantage"],
                     "effect": effect, "se_effect": se, "ci_half_width": z * se})
    return pd.DataFrame(rows, columns=["change", "advantage", "effect", "se_effect",
                                       "ci_half_width"])


def risk_of_ruin(ev: float, sd: float, bankrolls, se: float | None = None,
                 z: float = Z95) -> pd.DataFrame:
    """Risk of ruin for several bankrolls (diffusion limit, no win goal).

    Parameters
    ----------
    ev, sd : float
        Expectation and standard deviation per round [units].
    bankrolls : iterable of float
        Bankrolls [units].
    se : float, optional
        Standard error of ``ev`` [units]: adds the risk of ruin at the ends
        of its interval.
    z : float
        Normal quantile of that interval.

    Returns
    -------
    pandas.DataFrame
        ``bankroll_units`` and ``ror`` (a probability); with ``se``, also
        ``ror_low`` and ``ror_high``.
    """
    values = [float(b) for b in bankrolls]
    frame = pd.DataFrame({"bankroll_units": values,
                          "ror": [statistics.risk_of_ruin(ev, sd, b) for b in values]})
    if se is not None:
        frame["ror_low"] = [statistics.risk_of_ruin(ev + z * se, sd, b) for b in values]
        frame["ror_high"] = [statistics.risk_of_ruin(ev - z * se, sd, b) for b in values]
    return frame


TRIP_OUTCOMES = (("ruined", "trips_ruined"), ("reached goal", "trips_goal"),
                 ("survived", "trips_survived"), ("open at end", "trips_open"))


def trips(summary: dict) -> pd.DataFrame:
    """How the simulated bankroll trips of a result ended.

    Parameters
    ----------
    summary : dict
        A result's summary; it has trip figures when the config set
        ``betting.bankroll_units``.

    Returns
    -------
    pandas.DataFrame
        ``outcome``, ``trips`` (a count) and ``fraction`` (of all trips), one row
        per way a trip ends; empty when the result has no trips.
    """
    total = summary.get("trips") or 0
    rows = [{"outcome": name, "trips": summary[key], "fraction": summary[key] / total}
            for name, key in TRIP_OUTCOMES if total]
    return pd.DataFrame(rows, columns=["outcome", "trips", "fraction"])


def bet_ramp(config: dict) -> pd.DataFrame:
    """The bet ramp of a hydrated config: ``true_count`` at or above, ``units``."""
    ramp = (config.get("betting") or {}).get("ramp") or [[-99, 1]]
    return pd.DataFrame([{"true_count": tc, "units": units} for tc, units in ramp])


def counter_figures(result) -> dict:
    """The counter's numbers: win rate, SD, DI, SCORE, N0 and the advantage."""
    s = result.summary
    keys = ("advantage", "ev_per_round", "sd_per_round", "win_rate_per_100",
            "win_rate_per_hour", "sd_per_hour", "di", "score", "n0", "avg_bet", "ror")
    return {k: s.get(k) for k in keys}


def compare(results: dict, fields=COMPARE_FIELDS) -> pd.DataFrame:
    """Several results side by side: one row per name, one column per summary field.

    The standard errors of :func:`jost_engine.analysis.present.key_figures`
    (``se_score``, ``se_di``, ``se_win_rate_per_100``...) are added as columns.
    """
    from .present import key_figures

    rows = []
    for name, r in results.items():
        extra = {k: v for k, v in key_figures(r.summary, r.config).items() if k.startswith("se_")}
        rows.append({"name": name, **{f: r.summary.get(f) for f in fields}, **extra})
    frame = pd.DataFrame(rows).set_index("name")
    return frame[[*fields, *[c for c in frame.columns if c not in fields]]]


def convergence(config: dict, tallies: list, z: float = 1.0,
                max_points: int = 200) -> pd.DataFrame:
    """The advantage as rounds accumulate, with a band of ``z`` standard errors.

    The steps are the kernel's sub-batches (:mod:`jost_engine.batches`) of
    the tallies, in the tallies' order, then batch order: a job of one chunk
    has 64 steps, so a convergence. The SE after each step is the
    batch-means SE over the batches so far
    (:func:`jost_engine.batches.running_advantage`); the chart starts once
    there are ``batches.MIN_BATCHES`` batches. Tallies saved without batches
    (an older JOST) are one step each, with the iid SE of the summary.

    Parameters
    ----------
    config : dict
        The hydrated config the chunks ran.
    tallies : list of Tally
        Per-chunk tallies, in the order to accumulate them (chunk order, or
        the order they arrived in).
    z : float
        Half-width of the band in SEs (1: ± 1 SE, the presentation
        convention; 1.96 for a 95 % interval).
    max_points : int
        At most this many rows, at evenly spaced steps (the last one always
        included), so a job of thousands of chunks costs milliseconds.

    Returns
    -------
    pandas.DataFrame
        One row per point: ``chunks`` (tallies taken in), ``batches`` (steps
        taken), ``rounds`` (bet on, cumulative), ``advantage``,
        ``se_advantage``, ``low`` and ``high``, and ``method`` (``"batch
        means"`` or ``"iid"``); ``attrs["z"]`` is ``z``.
    """
    from ..batches import MIN_BATCHES, ROUNDS, running_advantage, step_sums

    columns = ["chunks", "batches", "rounds", "advantage", "se_advantage", "low", "high",
               "method"]
    steps = step_sums(tallies)
    if steps is None:
        return _convergence_iid(config, tallies, z, max_points, columns)
    sums, chunk = steps
    advantage, se = running_advantage(sums)
    rounds = sums[:, ROUNDS].cumsum()
    rows = [{"chunks": int(chunk[i]), "batches": i + 1, "rounds": int(rounds[i]),
             "advantage": float(advantage[i]), "se_advantage": float(se[i]),
             "low": float(advantage[i] - z * se[i]), "high": float(advantage[i] + z * se[i]),
             "method": "batch means"}
            for i in _points(len(sums), max_points, first=MIN_BATCHES - 1)]
    return _with_z(pd.DataFrame(rows, columns=columns), z)


def _with_z(table: pd.DataFrame, z: float) -> pd.DataFrame:
    """The table with the band's half-width in SEs in ``table.attrs["z"]``."""
    table.attrs["z"] = z
    return table


def _points(n: int, max_points: int, first: int = 0) -> list[int]:
    """At most ``max_points`` evenly spaced indices from ``first`` to ``n - 1``, both kept."""
    if n <= first:
        return []
    if max_points <= 1:
        return [n - 1]
    step = max(1, -(-(n - 1 - first) // (max_points - 1)))  # ceil(gaps / (max_points - 1))
    return [*range(first, n - 1, step), n - 1]


def _convergence_iid(config: dict, tallies: list, z: float, max_points: int,
                     columns: list[str]) -> pd.DataFrame:
    """:func:`convergence` of tallies without batches: a step per tally, the iid SE."""
    from ..result import SimulationResult

    points = set(_points(len(tallies), max_points))
    rows, total = [], None
    for i, tally in enumerate(tallies):
        total = tally if total is None else total.merged(tally)
        if i not in points:
            continue
        s = SimulationResult.from_tally(config, total).summary
        rows.append({"chunks": i + 1, "batches": i + 1, "rounds": s["rounds"],
                     "advantage": s["advantage"], "se_advantage": s["se_advantage"],
                     "low": s["advantage"] - z * s["se_advantage"],
                     "high": s["advantage"] + z * s["se_advantage"], "method": "iid"})
    return _with_z(pd.DataFrame(rows, columns=columns), z)


def _pooled(rows: pd.DataFrame, name: str) -> dict:
    """One row standing for several true counts: sums and moments pooled by rounds."""
    n = rows["rounds"].sum()
    if not n:
        return {"true_count": name, "rounds": 0, "frequency": rows["frequency"].sum(),
                "avg_bet": float("nan"), "ev_per_round": float("nan"),
                "se_ev_per_round": float("nan"), "advantage": float("nan"),
                "se_advantage": float("nan")}
    bet = (rows["avg_bet"] * rows["rounds"]).sum()
    net = (rows["ev_per_round"] * rows["rounds"]).sum()
    second = (rows["rounds"] * (rows["sd_per_round"] ** 2 + rows["ev_per_round"] ** 2)).sum()
    ev = net / n
    se_ev = max(second / n - ev**2, 0.0) ** 0.5 / n**0.5
    return {"true_count": name, "rounds": int(n), "frequency": rows["frequency"].sum(),
            "avg_bet": bet / n, "ev_per_round": ev, "se_ev_per_round": se_ev,
            "advantage": net / bet if bet else float("nan"),
            "se_advantage": se_ev / (bet / n) if bet else float("nan")}


def true_count_summary(table: pd.DataFrame, min_frequency: float = 0.001) -> pd.DataFrame:
    """The true-count table trimmed for reading: rare counts pooled into two tail rows.

    The counts from the lowest to the highest one dealt in at least
    ``min_frequency`` of rounds keep a row each; the lowest and highest of
    them take in every rarer count beyond (``<= -6``, ``>= +8``).

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`by_true_count` (the full table, to attach as CSV).
    min_frequency : float
        Share of rounds a count needs to get its own row.

    Returns
    -------
    pandas.DataFrame
        ``true_count`` (text: ``-1``, ``+3``, ``<= -6``, ``>= +8``), ``rounds``,
        ``frequency``, ``avg_bet`` [units], ``ev_per_round`` and
        ``se_ev_per_round`` [units], ``advantage`` and ``se_advantage``
        [fraction of the initial bet; the SE is the EV's over the average
        bet, exact where the bet is the same at every count of a row].
    """
    table = table.reset_index(drop=True)
    if table.empty:
        return pd.DataFrame(columns=["true_count", "rounds", "frequency", "avg_bet",
                                     "ev_per_round", "se_ev_per_round", "advantage",
                                     "se_advantage"])
    common = table.index[table["frequency"] >= min_frequency]
    first, last = (common[0], common[-1]) if len(common) else (0, len(table) - 1)
    if first == last:
        return pd.DataFrame([_pooled(table, "all")])
    rows = []
    for i in range(first, last + 1):
        tc = int(table.loc[i, "true_count"])
        if i == first and first > 0:
            rows.append(_pooled(table.loc[:i], f"<= {tc:+d}" if tc else "<= 0"))
        elif i == last and last < len(table) - 1:
            rows.append(_pooled(table.loc[i:], f">= {tc:+d}" if tc else ">= 0"))
        else:
            rows.append(_pooled(table.loc[i:i], f"{tc:+d}" if tc else "0"))
    return pd.DataFrame(rows)
