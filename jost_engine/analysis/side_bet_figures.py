"""A result's side bets as estimates and as the lines of ``jost run`` (one formatter).

Every figure comes from the summary's ``side_bets`` (:func:`jost_engine.side_bets.summary`)
as an :class:`~jost_engine.analysis.estimates.Estimate` and is written by
:mod:`jost_engine.analysis.format`. The SEs take the rounds as independent
(exact when the shoe is reshuffled every round).
"""

from __future__ import annotations

from . import format as fmt
from .estimates import EXACT_ANALYSIS, IID, NORMAL_SD, Estimate

PER_BET = "% of the side bet"


def estimates_of(bet: dict) -> dict:
    """Key figures of one side bet: ``house_edge``, ``exact``, ``sd``, ``hit_frequency``."""
    n = bet["rounds"]
    sd = bet["sd"]
    return {
        "house_edge": Estimate("side_bet_house_edge", bet["house_edge"], bet["se_house_edge"],
                               unit=PER_BET, method=IID, why=None if n else "no rounds bet"),
        "exact": Estimate("side_bet_house_edge", bet["exact_house_edge"], 0.0, unit=PER_BET,
                          method=EXACT_ANALYSIS),
        "sd": Estimate("side_bet_sd", sd, None if sd is None or n < 2 else sd / (2 * n) ** 0.5,
                       unit="side bets", method=NORMAL_SD),
        "hit_frequency": Estimate("side_bet_hit_frequency", bet["hit_frequency"],
                                  _binomial_se(bet["hit_frequency"], n), unit="% of side bets",
                                  method=IID),
    }


def _binomial_se(p: float | None, n: int) -> float | None:
    return None if p is None or n < 1 else (p * (1 - p) / n) ** 0.5


def entry_estimates(entry: dict) -> dict:
    """The entry player's advantage and win per 100 rounds as estimates."""
    return {"advantage": Estimate("side_bet_advantage", entry["advantage"],
                                  entry["se_advantage"], unit=PER_BET, method=IID,
                                  why=None if entry["rounds_bet"] else "no round at the entry"),
            "win": Estimate("side_bet_win_rate", entry["win_per_100"], entry["se_win_per_100"],
                            unit="units per 100 rounds", method=IID)}


def text_lines(summary: dict) -> list[str]:
    """The side bet section of ``jost run``'s summary (empty without side bets)."""
    out = []
    for bet in summary.get("side_bets") or ():
        e = estimates_of(bet)
        out.append(f"  side bet {bet['name']} (pay table {bet['paytable']}, "
                   f"{bet['bet_units']:g} unit{'' if bet['bet_units'] == 1 else 's'} a round)")
        out.append(f"    {'house edge':<20}{fmt.estimate(e['house_edge'])}"
                   f" (exact off the top {fmt.estimate(e['exact'])})")
        out.append(f"    {'SD [side bets]':<20}{fmt.estimate(e['sd'])}")
        out.append(f"    {'hit frequency':<20}{fmt.estimate(e['hit_frequency'])}")
        for line in bet["lines"]:
            freq = Estimate("side_bet_hit_frequency", line["frequency"], line["se_frequency"])
            exact = fmt.significant("side_bet_hit_frequency", line["exact_probability"], 4)
            out.append(f"      {line['line']:<28}pays {line['pays']:>6g}  "
                       f"{fmt.estimate(freq)} (exact {exact})")
        if "entry" in bet:
            entry = bet["entry"]
            x = entry_estimates(entry)
            out.append(f"    betting only at side true count >= {entry['entry']:g}: "
                       f"{entry['share_bet']:.1%} of rounds, advantage "
                       f"{fmt.estimate(x['advantage'])}, win {fmt.estimate(x['win'])} "
                       f"units per 100 rounds")
    return out


def study_cells(row: dict) -> dict:
    """A study row's side bet columns (``side_bet.NAME.*``) as table cells, one formatter.

    Returns ``{"NAME house edge": "6.13 % ± 0.04 %", "NAME entry win/100": ...}``, the
    second only for a bet with an entry; empty for a row without side bets.
    """
    cells = {}
    names = dict.fromkeys(k.split(".")[1] for k in row if k.startswith("side_bet."))
    for name in names:
        head = f"side_bet.{name}."
        cells[f"{name} house edge"] = fmt.estimate(Estimate(
            "side_bet_house_edge", row.get(head + "house_edge"), row.get(head + "se_house_edge"),
            unit=PER_BET, method=IID, why=None if row.get(head + "house_edge") is not None
            else "not finished"))
        if head + "entry_win_per_100" in row:
            cells[f"{name} entry win/100"] = fmt.estimate(Estimate(
                "side_bet_win_rate", row[head + "entry_win_per_100"],
                row.get(head + "entry_se_win_per_100"), unit="units per 100 rounds",
                method=IID, why=None if row[head + "entry_win_per_100"] is not None
                else "not finished"))
    return cells
