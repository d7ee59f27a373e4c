"""Variance reduction by common shoes: unpaired SE / paired SE of single changes.

Usage: python benchmarks/variance_reduction.py [--rounds 4000000] [--chunks 100] [--seed 1]

Each change is run against its base with the same seed and chunk size, so the
two runs deal the same shoes (docs/studies.md, Common shoes); the difference
of the advantage and its paired and unpaired standard errors come from
:func:`jost_engine.analysis.paired.paired_difference` (batch means over the
chunks). Rule changes play the basic strategy of their own rules with a flat
bet, off the top (every round from a full shoe) and in a 6-deck cut-card game
at 75 % penetration; the ramp change plays Hi-Lo (no index plays) in that
cut-card game. Runs in this process, on one core.
"""

import argparse
import os
import platform
import time

from jost_engine.analysis.paired import paired_difference
from jost_engine.config import validate_config
from jost_engine.prepare import prepare
from jost_engine.simulation import plan, run_chunk, validate

BASE_RULES = {"decks": 6, "dealer_hits_soft_17": False, "double_after_split": True,
              "surrender": "none", "resplit_aces": False, "blackjack_pays": 1.5,
              "max_split_hands": 4}
CHANGES = {
    "H17": {"dealer_hits_soft_17": True},
    "no DAS": {"double_after_split": False},
    "late surrender": {"surrender": "late"},
    "RSA": {"resplit_aces": True},
    "6:5": {"blackjack_pays": 1.2},
    "8 decks": {"decks": 8},
    "2-hand split limit": {"max_split_hands": 2},
}
MODES = {
    "off the top": {"reshuffle": "every_round"},
    "6D cut card 75 %": {"reshuffle": "cut_card", "penetration": 0.75},
}
HILO = {"chart": "basic", "count": {"system": "hi-lo"}}
RAMPS = {"1-8": [[-99, 1], [1, 2], [2, 4], [3, 6], [4, 8]],
         "1-12": [[-99, 1], [1, 2], [2, 4], [3, 8], [4, 12]]}


def chunk_tallies(config: dict) -> list:
    """The per-chunk tallies of a config, run here one chunk after another."""
    data = validate(config)
    inputs = prepare(validate_config(data))
    return [run_chunk(data, chunk, inputs) for chunk in plan(data)]


def row(game: str, name: str, base: dict, other: dict) -> str:
    """One table row: the change's effect on the advantage and the two SEs [pp]."""
    result = paired_difference(chunk_tallies(other), chunk_tallies(base))
    return (f"| {game} | {name} | {100 * result.diff:+.4f} | {100 * result.se_paired:.4f} | "
            f"{100 * result.se_unpaired:.4f} | {result.se_unpaired / result.se_paired:.1f} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=4_000_000, help="rounds per run")
    parser.add_argument("--chunks", type=int, default=100, help="chunks (batches) per run")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    run = {"rounds": args.rounds, "chunk_rounds": -(-args.rounds // args.chunks),
           "seed": args.seed}
    start = time.perf_counter()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, "
          f"python {platform.python_version()}; {args.rounds:,} rounds per run in "
          f"{args.chunks} chunks, seed {args.seed}")
    print("| game | change | effect on the advantage [pp] | paired SE [pp] | "
          "unpaired SE [pp] | unpaired / paired |")
    print("|---|---|---|---|---|---|")
    for mode, dealing in MODES.items():
        base = {"rules": {**BASE_RULES, **dealing}, "strategy": {"chart": "basic"}, "run": run}
        for name, change in CHANGES.items():
            other = {**base, "rules": {**base["rules"], **change}}
            print(row(mode, name, base, other), flush=True)
    cut = {**BASE_RULES, **MODES["6D cut card 75 %"]}
    low, high = ({"rules": cut, "strategy": HILO, "betting": {"ramp": ramp}, "run": run}
                 for ramp in RAMPS.values())
    print(row("6D cut card 75 %, Hi-Lo", "ramp 1-8 -> 1-12", low, high))
    print(f"wall time: {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
