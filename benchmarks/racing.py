"""Racing studies against a uniform allocation (issue 22).

Usage: python benchmarks/racing.py [--rounds 4000000] [--chunk 20000] [--seed 1] [--top-k 3]

Eleven rule variants of a 6-deck S17 DAS game (basic strategy for each rule
set, flat bets) are run uniformly, every variant its whole plan, and the race
(successive elimination on paired differences, 95 % confidence, top k) is
replayed over the same chunks: its decisions depend on the chunks alone, so
they are the decisions a raced study takes on Dask (tests/test_racing.py
checks that). Prints, as Markdown for docs/benchmarks.md, each variant's
rounds raced and run uniformly, how it left the race, the uniform top k and
the race's, and the rounds saved; exits 1 if the two top k differ.
"""

import argparse
import platform
import sys
import time

from jost_engine.simulation import result_of
from jost_engine.studies.racing import race_in_process

VARIANTS = {
    "late surrender + hit split aces": {"rules": {"surrender": "late", "hit_split_aces": True}},
    "hit split aces": {"rules.hit_split_aces": True},
    "late surrender + resplit aces": {"rules": {"surrender": "late", "resplit_aces": True}},
    "late surrender": {"rules.surrender": "late"},
    "ENHC": {"rules.hole_card": "enhc"},
    "split to 2 hands": {"rules.max_split_hands": 2},
    "no DAS": {"rules.double_after_split": False},
    "double 10-11": {"rules.double": "10-11"},
    "H17": {"rules.dealer_hits_soft_17": True},
    "6:5": {"rules.blackjack_pays": 1.2},
}

def spec(rounds: int, chunk: int, seed: int, top_k: int) -> dict:
    base = {"rules": {"decks": 6, "double_after_split": True}, "strategy": {"chart": "basic"},
            "run": {"rounds": rounds, "seed": seed, "chunk_rounds": chunk}}
    return {"label": "rules race", "base": base, "variants": VARIANTS,
            "race": {"top_k": top_k, "confidence": 0.95}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=4_000_000, help="plan of each variant")
    parser.add_argument("--chunk", type=int, default=20_000, help="rounds per chunk")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--top-k", type=int, default=3)
    args = parser.parse_args()
    start = time.perf_counter()
    race, rows, tallies = race_in_process(spec(args.rounds, args.chunk, args.seed, args.top_k),
                                          uniform=True)
    wall = time.perf_counter() - start
    summaries = {r.name: result_of(r.config, tallies[r.name]).summary for r in rows}
    uniform_order = sorted(summaries, key=lambda n: summaries[n]["advantage"], reverse=True)
    raced_top = {n for n, o in race.outcomes.items() if o.state == "resolved"}
    print(f"machine: {platform.processor() or platform.machine()}, {platform.system()}, "
          f"Python {platform.python_version()}; {len(rows)} variants, plan {args.rounds:,} "
          f"rounds each in chunks of {args.chunk:,}, seed {args.seed}, top {args.top_k}, "
          f"z = {race.z:.3f}; {wall:.0f} s in process\n")
    print("| variant | advantage (uniform) [%] ± 1 SE | race | rounds raced | rounds uniform |")
    print("|---|---|---|---|---|")
    for name in uniform_order:
        s, o = summaries[name], race.outcomes[name]
        raced = (o.last_chunk + 1) * args.chunk
        state = o.state + (f" (below {o.against})" if o.against else "")
        print(f"| {name} | {100 * s['advantage']:+.3f} ± {100 * s['se_advantage']:.3f} | "
              f"{state} | {raced:,} | {s['rounds_dealt']:,} |")
    used = sum((o.last_chunk + 1) * args.chunk for o in race.outcomes.values())
    total = sum(s["rounds_dealt"] for s in summaries.values())
    print(f"\nuniform top {args.top_k}: {', '.join(uniform_order[:args.top_k])}")
    if not raced_top:  # not resolved: the race's best estimates
        raced_top = set(race.ranking()[:args.top_k])
    print(f"race top {args.top_k}: {', '.join(n for n in race.ranking() if n in raced_top)}")
    print(f"rounds: race {used:,}, uniform {total:,}: {1 - used / total:.0%} saved")
    same = raced_top == set(uniform_order[:args.top_k])
    print("same top k" if same else "DIFFERENT top k")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
