"""The merged result of a baccarat run: its tallies, a summary of plain numbers, to_dict().

Every figure is computed here once, with its standard error from independent
rounds (the coups of a shoe are dealt without replacement, so they are not
quite independent; the effect on the SE is of the order of one coup in a
shoe's worth and is left out).
"""

from __future__ import annotations

import json
import math
from functools import lru_cache

import numpy as np

from .exact import exact_figures
from .kernel import TC_LOW
from .rules import BETS, OUTCOMES, payouts


@lru_cache(maxsize=32)
def _exact(rules_json: str) -> dict:
    return exact_figures(json.loads(rules_json))


def exact_of(rules: dict) -> dict:
    """:func:`jost_baccarat.exact.exact_figures` of a full shoe, remembered per rule set."""
    return _exact(json.dumps(rules, sort_keys=True))


def mean_figures(counts, net) -> dict:
    """Mean, SD and SE of the net win per round [units] over coups counted by outcome class."""
    counts = np.asarray(counts, dtype=np.float64)
    n = counts.sum()
    if n == 0:
        return {"rounds": 0, "ev": None, "sd": None, "se": None}
    ev = float(counts @ net) / n
    var = max(float(counts @ (net * net)) / n - ev * ev, 0.0)
    sd = math.sqrt(var * n / (n - 1)) if n > 1 else None
    return {"rounds": int(n), "ev": ev, "sd": sd,
            "se": None if sd is None else sd / math.sqrt(n)}


def _bet_summary(outcomes, net, exact: dict) -> dict:
    m = mean_figures(outcomes, net)
    n = max(sum(outcomes), 1)
    share = {name: outcomes[i] / n for i, name in enumerate(OUTCOMES)}
    wins = sum(c for c, x in zip(outcomes, net) if x > 0)
    pushes = sum(c for c, x in zip(outcomes, net) if x == 0)
    return {"ev": m["ev"], "house_edge": None if m["ev"] is None else -m["ev"],
            "se": m["se"], "sd": m["sd"], "win": wins / n, "push": pushes / n,
            "lose": 1 - (wins + pushes) / n, "by_outcome": share,
            "exact_house_edge": exact["house_edge"], "exact_sd": exact["sd"],
            "exact_win": exact["win"]}


def _counter_summary(counter: dict, tally: dict, net, rounds: int, shoes: int) -> dict:
    """A counter's figures: its advantage when betting, its win per 100 rounds and per shoe."""
    bets = tally["bets"]
    when = mean_figures(bets, net)
    n_bet = when["rounds"]
    # the win per round observed: the net when betting, 0 otherwise
    total = float(np.asarray(bets) @ net)
    square = float(np.asarray(bets) @ (net * net))
    mean = total / rounds
    sd = math.sqrt(max(square / rounds - mean * mean, 0.0))
    se = sd / math.sqrt(rounds)
    rows = []
    for i, row in enumerate(tally["by_tc"]):
        if sum(row):
            m = mean_figures(row, net)
            rows.append({"true_count": TC_LOW + i, "rounds": m["rounds"],
                         "advantage": m["ev"], "se": m["se"]})
    return {"bet": counter["bet"], "tags": counter["tags"], "entry": counter["entry"],
            "rounds_bet": n_bet, "share_bet": n_bet / rounds,
            "advantage_when_betting": when["ev"], "se_advantage_when_betting": when["se"],
            "win_per_100_rounds": 100 * mean, "se_win_per_100_rounds": 100 * se,
            "win_per_shoe": total / shoes if shoes else None,
            "se_win_per_shoe": se * rounds / shoes if shoes else None,
            "by_true_count": rows}


def summarise(config: dict, tally: dict, elapsed_s: float | None = None) -> dict:
    """The summary of merged tallies: every bet, the headline bet, the counters."""
    rules = config["rules"]
    table = payouts(rules)
    exact = exact_of(rules)
    rounds, shoes = tally["rounds"], tally["shoes"]
    bets = {bet: _bet_summary(tally["outcomes"], table[i], exact[bet])
            for i, bet in enumerate(BETS)}
    head = bets[config["bet"]]
    per_hour = config["run"]["rounds_per_hour"]
    summary = {
        "rounds": rounds, "shoes": shoes, "rounds_per_shoe": rounds / shoes if shoes else None,
        "bet": config["bet"], "bets": bets,
        # the headline bet under the names every simulation type's tables know
        "advantage": head["ev"], "se_advantage": head["se"], "house_edge": head["house_edge"],
        "ev_per_round": head["ev"], "se_ev_per_round": head["se"], "sd_per_round": head["sd"],
        "avg_bet": 1.0, "initial_bet_units": rounds, "total_wagered_units": rounds,
        "win_rate_per_hour": head["ev"] * per_hour,
        "sd_per_hour": head["sd"] * math.sqrt(per_hour) if head["sd"] is not None else None,
        "exact_house_edge": head["exact_house_edge"],
        "counters": [_counter_summary(c, t, table[BETS.index(c["bet"])], rounds, shoes)
                     for c, t in zip(config["counters"], tally["counters"], strict=True)],
    }
    if elapsed_s:
        summary["elapsed_s"] = elapsed_s
        summary["rounds_per_s"] = rounds / elapsed_s
    return summary


class BaccaratResult:
    """A baccarat run's result: ``config``, ``tally`` (JSON data) and ``summary``."""

    simulation_type = "baccarat"

    def __init__(self, config: dict, tally: dict, summary: dict | None = None,
                 elapsed_s: float | None = None):
        self.config = config
        self.tally = tally
        self.summary = summary if summary is not None else summarise(config, tally, elapsed_s)

    def to_dict(self) -> dict:
        """Plain JSON: ``simulation_type``, ``config``, ``tally``, ``summary``."""
        return {"simulation_type": self.simulation_type, "config": self.config,
                "tally": self.tally, "summary": self.summary}

    @classmethod
    def from_dict(cls, data: dict) -> BaccaratResult:
        """Read back :meth:`to_dict`."""
        return cls(data["config"], data["tally"], data["summary"])

    def figures(self) -> dict:
        """The headline figures (plain numbers), for comparisons."""
        return {k: self.summary[k] for k in ("rounds", "advantage", "se_advantage",
                                             "sd_per_round")}
