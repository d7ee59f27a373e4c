"""Betting analysis: the time to evaluate one ramp and to optimize one, and the
agreement of predicted and simulated ramps (issue 14).

Usage: python benchmarks/betting.py [--rounds 20000000] [--reps 2000]

For two games (Vegas Strip 6D S17 and Downtown 2D H17, Hi-Lo with I18 + Fab 4)
a flat-bet run's true-count table (with the ramp's wonging when it has memory)
predicts each shipped ramp and the optimizer's half-Kelly back-counting ramp;
each is then simulated on other shoes. Prints Markdown tables for
docs/benchmarks.md; exits 1 if a prediction is more than 3 SE off.
"""

import argparse
import math
import platform
import statistics
import time

from jost_engine import run_simulation_from_config
from jost_engine.betting import (
    Ramp,
    evaluate,
    flat_config,
    from_result,
    kelly_ramp,
    max_score,
    optimize_for_ror,
)
from jost_engine.profiles import ProfileStore, hydrate

GAMES = {"Strip 6D S17": "vegas-strip-6d-s17", "Downtown 2D H17": "downtown-2d-h17"}
SHIPPED = ("spread-1-8", "spread-1-12", "spread-1-16-wong-out", "back-count-plus2")


def config(rules: str, betting: dict, rounds: int, seed: int) -> dict:
    return hydrate({"rules": rules, "strategy": "hi-lo-i18-fab4", "betting": betting,
                    "run": {"rounds": rounds, "seed": seed, "chunk_rounds": 5_000_000,
                            "rounds_per_hour": 100}})


def timed(func, reps: int) -> float:
    """Median wall time of one call [s] over ``reps`` calls."""
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def agreement(pred: dict, summary: dict, table_played: float) -> tuple[float, float]:
    """(win-rate difference / SE, SD difference / SE), SEs of prediction and simulation."""
    rate = summary["rounds_per_hour"]
    se_win_sim = summary["sd_per_hour"] * math.sqrt(rate / summary["rounds_dealt"])
    se_sd_sim = pred["se_sd_per_round"] * math.sqrt(table_played / summary["rounds"])
    z_win = ((pred["win_rate_per_hour"] - summary["win_rate_per_hour"])
             / math.hypot(pred["se_win_rate_per_hour"], se_win_sim))
    z_sd = ((pred["sd_per_round"] - summary["sd_per_round"])
            / math.hypot(pred["se_sd_per_round"], se_sd_sim))
    return z_win, z_sd


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20_000_000)
    parser.add_argument("--reps", type=int, default=2000)
    args = parser.parse_args()
    store = ProfileStore()
    start = time.time()
    print(f"machine: {platform.machine()}, {platform.processor() or 'cpu'}, "
          f"python {platform.python_version()}; {args.rounds:,} rounds per run")

    rules = GAMES["Strip 6D S17"]
    given = store.piece("betting", "spread-1-12")
    table = from_result(run_simulation_from_config(flat_config(config(rules, given,
                                                                      args.rounds, 1))))
    ramp = Ramp.from_betting(given)
    print("\n| step (Strip 6D S17 table) | median time |\n|---|---|")
    for name, func, reps in (
            ("evaluate one ramp", lambda: evaluate(table, ramp, 400), args.reps),
            ("optimize (Kelly, spread 12, whole units)",
             lambda: kelly_ramp(table, 400, 1, spread=12, kelly_fraction=0.5), args.reps // 4),
            ("optimize with wong-out auto",
             lambda: kelly_ramp(table, 400, 1, spread=12, wong_out="auto"), args.reps // 4),
            ("optimize for a 5 % risk (2,000 units)",
             lambda: optimize_for_ror(table, 2000, 0.05, 1, spread=12), 10),
            ("max SCORE ramp", lambda: max_score(table, 1, spread=12), 10)):
        print(f"| {name} | {1e3 * timed(func, reps):.3f} ms |")

    print("\n| game | ramp | predicted win/h | simulated win/h | z | predicted SD/round "
          "| simulated SD/round | z |\n|---|---|---|---|---|---|---|---|")
    worst = 0.0
    for game, rules in GAMES.items():
        tables = {}

        def table_for(betting, rules=rules, tables=tables):
            """The flat run's table with the wonging of ``betting``, run once per game."""
            key = (betting.get("wong_in"), betting.get("wong_out"))
            if key not in tables:
                flat = {"ramp": [[-99, 1]], "wong_in": key[0], "wong_out": key[1]}
                tables[key] = from_result(run_simulation_from_config(
                    flat_config(config(rules, flat, args.rounds, 1))))
            return tables[key]

        ramps = [(name, store.piece("betting", name)) for name in SHIPPED]
        best = kelly_ramp(table_for({}), 1000, 1, spread=12, kelly_fraction=0.5, round_to=1,
                        wong_out="auto")
        ramps.append((f"optimal, half Kelly: {best.pairs()}, in at {best.wong_in}",
                      best.to_betting(bankroll_units=1000)))
        for name, betting in ramps:
            table = table_for(betting)
            pred = evaluate(table, Ramp.from_betting(betting), 1000)
            sim = run_simulation_from_config(config(rules, betting, args.rounds, 2)).summary
            z_win, z_sd = agreement(pred, sim, pred["played_share"] * table.rounds)
            worst = max(worst, abs(z_win), abs(z_sd))
            print(f"| {game} | {name} | {pred['win_rate_per_hour']:+.3f} "
                  f"| {sim['win_rate_per_hour']:+.3f} | {z_win:+.2f} "
                  f"| {pred['sd_per_round']:.3f} | {sim['sd_per_round']:.3f} | {z_sd:+.2f} |")
    print(f"\nlargest |z| {worst:.2f}; {time.time() - start:.0f} s")
    if worst > 3:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
