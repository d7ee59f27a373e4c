"""The result for a person: rows and tables of "value ± 1 SE" through JOST's one formatter."""

from __future__ import annotations

import pandas as pd

from jost_engine.analysis import format as fmt
from jost_engine.analysis.estimates import EXACT_ANALYSIS, IID, Estimate

from .rules import BET_NAMES, BETS


def _edge(value, se, label="") -> str:
    return fmt.estimate(Estimate("house_edge", value, se, method=IID, label=label))


def _exact(value) -> str:
    return fmt.estimate(Estimate("house_edge", value, 0.0, method=EXACT_ANALYSIS))


def _freq(value, rounds) -> str:
    se = (value * (1 - value) / rounds) ** 0.5 if rounds else None
    return fmt.estimate(Estimate("frequency", value, se, method=IID))


def _units(key, value, se) -> str:
    return fmt.estimate(Estimate(key, value, se, method=IID))


def bet_table(result) -> pd.DataFrame:
    """One row per bet: simulated and exact house edge, hit frequency, SD (± is one SE)."""
    s = result.summary
    rows = []
    for bet in BETS:
        b = s["bets"][bet]
        sd_se = b["sd"] / (2 * s["rounds"]) ** 0.5 if b["sd"] is not None else None
        rows.append({"bet": BET_NAMES[bet],
                     "house edge, simulated": _edge(b["house_edge"], b["se"]),
                     "house edge, exact": _exact(b["exact_house_edge"]),
                     "hit frequency, simulated": _freq(b["win"], s["rounds"]),
                     "hit frequency, exact": fmt.value("frequency", b["exact_win"], 0.0),
                     "SD per round [units]": _units("sd_per_round", b["sd"], sd_se),
                     "SD, exact": f"{b['exact_sd']:.4f}"})
    return pd.DataFrame(rows)


def counter_table(result) -> pd.DataFrame:
    """One row per side-bet counter: entry, share of rounds bet, advantage, win rates."""
    rows = []
    for c in result.summary["counters"]:
        tags = c["tags"] if isinstance(c["tags"], str) else ",".join(map(str, c["tags"]))
        rows.append({"bet": BET_NAMES[c["bet"]], "tags": tags, "entry true count":
                     f"{c['entry']:+g}",
                     "rounds bet": _freq(c["share_bet"], result.summary["rounds"]),
                     "advantage when betting": fmt.estimate(Estimate(
                         "advantage", c["advantage_when_betting"],
                         c["se_advantage_when_betting"], method=IID)),
                     "win per 100 rounds [units]": _units(
                         "win_rate_per_100", c["win_per_100_rounds"],
                         c["se_win_per_100_rounds"]),
                     "win per shoe [units]": _units("ev_per_round", c["win_per_shoe"],
                                                    c["se_win_per_shoe"])})
    return pd.DataFrame(rows)


def true_count_table(result, counter: int = 0, min_rounds: int = 1) -> pd.DataFrame:
    """A counter's advantage by true count (rows of at least ``min_rounds`` rounds)."""
    c = result.summary["counters"][counter]
    rows = [{"true count": r["true_count"], "rounds": r["rounds"],
             "advantage": fmt.estimate(Estimate("advantage", r["advantage"], r["se"],
                                                method=IID))}
            for r in c["by_true_count"] if r["rounds"] >= min_rounds]
    return pd.DataFrame(rows)


def summary_rows(result) -> list[tuple[str, str]]:
    """The result as (name, text) rows: what ``jost run``/``result`` and the Result tab show."""
    s = result.summary
    rows = [("rounds", f"{s['rounds']:,} in {s['shoes']:,} shoes")]
    for bet in BETS:
        b = s["bets"][bet]
        rows.append((f"{BET_NAMES[bet]} house edge",
                     f"{_edge(b['house_edge'], b['se'])} (exact {_exact(b['exact_house_edge'])}"
                     f"; hits {_freq(b['win'], s['rounds'])}; SD {b['sd']:.3f} units)"))
    for c in s["counters"]:
        edge = _units("advantage", c["advantage_when_betting"], c["se_advantage_when_betting"])
        win = _units("win_rate_per_100", c["win_per_100_rounds"], c["se_win_per_100_rounds"])
        rows.append((f"{BET_NAMES[c['bet']]} counter (bets at true count {c['entry']:+g})",
                     f"bets {_freq(c['share_bet'], s['rounds'])} of rounds, advantage {edge}; "
                     f"wins {win} units per 100 rounds"))
    if s.get("rounds_per_s"):
        rows.append(("speed", f"{s['rounds_per_s']:,.0f} rounds/s"))
    return rows


def format_summary(result, title: str) -> str:
    """:func:`summary_rows` as text for the terminal, headed by ``title``."""
    rows = summary_rows(result)
    width = max(len(name) for name, _ in rows) + 2
    return "\n".join([title, f"  ({fmt.SE_NOTE})"]
                     + [f"  {name:<{width}}{text}" for name, text in rows])


def true_count_figure(result, counter: int = 0, min_rounds: int = 1000):
    """A counter's simulated advantage by true count, error bars ± 1 SE, its entry marked.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from matplotlib.figure import Figure

    c = result.summary["counters"][counter]
    rows = [r for r in c["by_true_count"] if r["rounds"] >= min_rounds]
    fig = Figure(figsize=(6.4, 3.6))
    ax = fig.add_subplot()
    ax.errorbar([r["true_count"] for r in rows], [100 * r["advantage"] for r in rows],
                yerr=[100 * r["se"] for r in rows], fmt="o", capsize=3)
    ax.axhline(0, color="grey", lw=0.8)
    ax.axvline(c["entry"], color="tab:red", ls="--", lw=1, label=f"entry {c['entry']:+g}")
    ax.set_xlabel("true count (running count per deck left)")
    ax.set_ylabel("advantage [% of the bet]")
    ax.set_title(f"{BET_NAMES[c['bet']]}: advantage by true count (± 1 SE; {fmt.SE_NOTE})",
                 fontsize=9)
    ax.legend()
    return fig


def difference_table(a, b, names: tuple[str, str]) -> pd.DataFrame:
    """Each bet's house edge in run ``a`` minus run ``b``: simulated (unpaired SE) with its
    verdict at 95 % (|difference| > 1.96 SE), beside the exact difference."""
    from jost_engine.analysis import estimates

    rows = []
    for bet in BETS:
        x, y = a.summary["bets"][bet], b.summary["bets"][bet]
        diff = estimates.difference(Estimate("house_edge", x["house_edge"], x["se"]),
                                    Estimate("house_edge", y["house_edge"], y["se"]))
        rows.append({"bet": BET_NAMES[bet],
                     f"house edge, {names[0]} - {names[1]}": fmt.estimate(diff),
                     "verdict": estimates.verdict(diff, min(a.summary["rounds"],
                                                            b.summary["rounds"]), names=names),
                     "exact difference": _exact(x["exact_house_edge"] - y["exact_house_edge"])})
    return pd.DataFrame(rows)
