"""The cost of cover in win rate, each cover against the plain run on common shoes.

Usage: python examples/cover_cost.py [--rounds 20000000]

6 decks S17 (vegas-strip-6d-s17), Hi-Lo I18+Fab4, the 1-12 ramp (spread-1-12),
100 rounds an hour. Every variant has the plain run's seed and chunk rounds,
so batch k of each deals the same shoes (docs/studies.md, Common shoes); the
difference of the win rate per hour is paired batch by batch
(:func:`jost_engine.analysis.paired.paired_tallies`), written by the
project's formatter with its SE and verdict. The figures of docs/cover.md come
from this script.
"""

from __future__ import annotations

import argparse
import copy

from jost_engine import run_simulation_from_config
from jost_engine.analysis import format as fmt
from jost_engine.analysis.estimates import Estimate, verdict
from jost_engine.analysis.paired import paired_tallies
from jost_engine.profiles import hydrate

PLAYS = {"rate": 0.25, "hands": [{"hand": "12", "dealer": "4", "action": "hit"},
                                 {"hand": "12", "dealer": "5", "action": "hit"},
                                 {"hand": "15", "dealer": "T", "action": "stand"}]}
COVERS = {
    "parlay after a win at 0..+1": {"parlay": [0, 1]},
    "parlay after a win at -1..+1": {"parlay": [-1, 1]},
    "jumps of at most x2": {"max_jump": 2.0},
    "jumps of at most x3": {"max_jump": 3.0},
    "cover plays 25 % (hit 12 v 4, 12 v 5; stand 15 v T)": {"plays": PLAYS},
    "all of parlay -1..+1, x2, plays": {"parlay": [-1, 1], "max_jump": 2.0, "plays": PLAYS},
}


def base(rounds: int) -> dict:
    """The plain run: 6D S17, Hi-Lo I18+Fab4, 1-12, 100 rounds an hour."""
    return hydrate({"rules": "vegas-strip-6d-s17", "strategy": "hi-lo-i18-fab4",
                    "betting": "spread-1-12",
                    "run": {"rounds": rounds, "seed": 24, "chunk_rounds": min(rounds, 5_000_000),
                            "rounds_per_hour": 100}})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20_000_000)
    rounds = parser.parse_args().rounds
    plain = run_simulation_from_config(base(rounds))
    rate = Estimate("win_rate_per_hour", plain.summary["win_rate_per_hour"],
                    plain.summary.get("se_win_rate_per_hour_batches"))
    print(f"plain run: {fmt.estimate(rate)} units an hour, {rounds:,} rounds")
    print("| cover | win rate [units/h] | cost against plain [units/h] | verdict |")
    print("|---|---|---|---|")
    for name, cover in COVERS.items():
        config = copy.deepcopy(base(rounds))
        config["betting"]["cover"] = cover
        result = run_simulation_from_config(config)
        paired = paired_tallies(plain.tally, result.tally, "win_rate_per_hour", 100)
        own = Estimate("win_rate_per_hour", result.summary["win_rate_per_hour"],
                       result.summary.get("se_win_rate_per_hour_batches"))
        cost = Estimate("win_rate_per_hour", paired.diff, paired.se_paired)
        words = verdict(cost, rounds, names=("the plain run", "the cover run"))
        print(f"| {name} | {fmt.estimate(own)} | {fmt.estimate(cost, signed=True)} | {words} |")


if __name__ == "__main__":
    main()
