"""Worked example of docs/betting.md, "Multiple spots": 1, 2 and 3 spots from true count +3.

Six decks S17 DAS, Hi-Lo with the Illustrious 18 and Fab 4, the 1-12 ramp (bet per spot), a
table of three seats (ours first; the seats we do not take are other players' or empty), 400
units of bankroll. Four in-process runs on common shoes (same seed and chunk size): one spot
everywhere, 2 and 3 spots from +3, and 3 spots everywhere, which measures a spot's EV,
variance and covariance at every count for the optimiser (jost_engine.betting.spots).

Usage: PYTHONPATH=. python examples/spots_study.py [ROUNDS]
"""

import sys

from jost_engine import run_simulation_from_config
from jost_engine.analysis import estimates
from jost_engine.analysis import format as fmt
from jost_engine.betting.spots import as_config, plan_figures, spot_plan
from jost_engine.profiles import hydrate

BANKROLL = 400.0
VARIANTS = {"1 spot": [[-99, 1]], "2 spots from +3": [[-99, 1], [3, 2]],
            "3 spots from +3": [[-99, 1], [3, 3]], "3 spots everywhere": [[-99, 3]]}


def config(spots, rounds):
    return hydrate({"rules": "vegas-strip-6d-s17", "strategy": "hi-lo-i18-fab4",
                    "betting": {"ramp": [[-99, 1], [2, 2], [3, 4], [4, 8], [5, 12]],
                                "spots": spots, "bankroll_units": BANKROLL},
                    "table": {"players": 3, "seat": 1},
                    "run": {"rounds": rounds, "seed": 24, "chunk_rounds": rounds // 4}})


def main(rounds: int) -> None:
    print(f"{rounds:,} rounds each; {fmt.SE_NOTE}; {fmt.RANGE_NOTE}")
    results = {}
    for name, spots in VARIANTS.items():
        result = run_simulation_from_config(config(spots, rounds))
        results[name] = result
        f = estimates.of_result(result)
        s = result.summary
        print(f"{name:20s} win/100 {fmt.estimate(f['win_rate_per_100'])}  "
              f"SD/round {fmt.estimate(f['sd_per_round'])}  spots/round "
              f"{s.get('spots_per_round', 1.0):.3f}  SCORE {fmt.estimate(f['score'])}  "
              f"RoR {fmt.estimate(f['ror'])}")
        if "var_spot" in s:
            print(f"{'':20s} var_spot {fmt.estimate(f['var_spot'])}  cov_spots "
                  f"{fmt.estimate(f['cov_spots'])}  corr {fmt.estimate(f['corr_spots'])}  "
                  f"var_round {fmt.estimate(f['var_round'])}")
    plan = spot_plan(results["3 spots everywhere"].tally, BANKROLL, max_spots=3, min_bet=1.0,
                     max_bet=12.0)
    shown = [p for p in plan if p.frequency > 0.002]
    print("optimiser (full Kelly, bets 1..12 units per spot, bankroll 400):")
    for p in shown:
        print(f"  TC {p.true_count:+d}: freq {100 * p.frequency:5.2f} %  spot EV "
              f"{100 * p.ev:+.2f} %  var {p.var:.3f}  cov {p.cov:.3f}  -> {p.spots} spot(s) "
              f"x {p.bet:.1f} units")
    print("  as config:", as_config(plan))
    print("  model figures:", {k: round(v, 4) if isinstance(v, float) else v
                               for k, v in plan_figures(plan, BANKROLL).items()})


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2_000_000)
