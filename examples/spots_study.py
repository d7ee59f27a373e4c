"""Worked example of docs/betting.md, "Multiple spots": 1, 2 and 3 spots from true count +3.

Six decks S17 DAS, Hi-Lo with the Illustrious 18 and Fab 4, the 1-12 ramp (bet per spot),
400 units of bankroll, heads-up: the table has as many seats as the variant's most spots, so a
seat the player does not take is empty (docs/config.md, "Multiple spots"). In-process runs on
common shoes (same seed and chunk size): one spot, 2 and 3 spots from +3, 3 spots everywhere
(which measures a spot's EV, variance and covariance at every count for the optimiser,
jost_engine.betting.spots), the optimiser's plan, and the plan made again from the plan's own
run (whose count frequencies follow its own cards per round).

Usage: PYTHONPATH=. python examples/spots_study.py [ROUNDS]
"""

import sys

from jost_engine import run_simulation_from_config
from jost_engine.analysis import estimates
from jost_engine.analysis import format as fmt
from jost_engine.betting.spots import as_config, plan_figures, spot_plan
from jost_engine.profiles import hydrate
from jost_engine.spots import most_spots

BANKROLL = 400.0
RAMP = [[-99, 1], [2, 2], [3, 4], [4, 8], [5, 12]]
VARIANTS = {"1 spot": [[-99, 1]], "2 spots from +3": [[-99, 1], [3, 2]],
            "3 spots from +3": [[-99, 1], [3, 3]], "3 spots everywhere": [[-99, 3]]}


def config(spots, rounds, ramp=RAMP, bankroll=BANKROLL):
    return hydrate({"rules": "vegas-strip-6d-s17", "strategy": "hi-lo-i18-fab4",
                    "betting": {"ramp": ramp, "spots": spots, "bankroll_units": bankroll},
                    "table": {"players": most_spots(spots), "seat": 1},
                    "run": {"rounds": rounds, "seed": 24, "chunk_rounds": rounds // 4}})


def show(name, result):
    f = estimates.of_result(result)
    s = result.summary
    per_card = 100 / s["cards_per_round"]
    win_cards = estimates.Estimate("ev_per_round", s["ev_per_round"] * per_card,
                                   f["ev_per_round"].se * per_card)
    print(f"{name:22s} win/100 rounds {fmt.estimate(f['win_rate_per_100'])}  SD/round "
          f"{fmt.estimate(f['sd_per_round'])}  cards/round {s['cards_per_round']:.2f}  "
          f"win/100 cards {fmt.estimate(win_cards)}  spots/round "
          f"{s.get('spots_per_round', 1.0):.3f}  SCORE {fmt.estimate(f['score'])}  "
          f"RoR {fmt.estimate(f['ror'])}")
    if s.get("cov_spots") is not None:
        print(f"{'':22s} var_spot {fmt.estimate(f['var_spot'])}  cov_spots "
              f"{fmt.estimate(f['cov_spots'])}  corr {fmt.estimate(f['corr_spots'])}  "
              f"var_round {fmt.estimate(f['var_round'])}")


def plan_of(result, label, bankroll=BANKROLL):
    plan = spot_plan(result.tally, bankroll, max_spots=3, min_bet=1.0, max_bet=12.0)
    chosen = as_config(plan)
    model = plan_figures(plan, bankroll)
    print(f"{label}: spots {chosen['spots']}, bet per spot {chosen['ramp']}; model: win/100 "
          f"rounds {100 * model['ev_per_round']:+.2f}, SD/round {model['sd_per_round']:.2f}, "
          f"SCORE {model['score'] or 0:.1f}, growth {model['growth_per_round']:+.4f} units "
          f"per round")
    return chosen


def main(rounds: int) -> None:
    print(f"{rounds:,} rounds each; {fmt.SE_NOTE}; {fmt.RANGE_NOTE}")
    results = {}
    for name, spots in VARIANTS.items():
        results[name] = run_simulation_from_config(config(spots, rounds))
        show(name, results[name])
    for bankroll in (BANKROLL, 2000.0):  # at 2,000 units the 12-unit maximum binds
        label = f"optimiser, bankroll {bankroll:,.0f}"
        chosen = plan_of(results["3 spots everywhere"], label, bankroll)
        show(f"{label}, simulated", run_simulation_from_config(
            config(chosen["spots"], rounds, chosen["ramp"], bankroll)))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2_000_000)
