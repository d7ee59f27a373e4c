"""Exact analysis: time to compute a 6-deck and a 1-deck game.

Usage: python benchmarks/exact.py [--repeat 3]

For each game, in this process, from nothing remembered (numba already
compiled by a warm-up on another game):
- ``ev_cd``: the dealer's probabilities for every composition met, every
  hand and split valued, the overall composition-dependent EV;
- ``chart``: generating the basic chart (the dealer's probabilities shared);
- ``ev_td``: valuing that chart;
- ``all``: the three from nothing, as ``jost exact`` does;
- ``basic``: the chart from nothing, as a simulation of ``strategy.chart:
  "basic"`` generates it when neither cache has it;
- ``disk``: the same chart read back from the disk cache (memory cache
  emptied), what another process pays once the chart is on disk.
Prints the best of ``--repeat`` runs (wall and CPU seconds), with the EVs and
the machine it ran on.
"""

import argparse
import os
import platform
import tempfile
import time

import numba
import numpy as np

from jost_engine.chart_cache import ChartCache
from jost_engine.exact import ExactRules, clear_caches, generate
from jost_engine.exact.charts import chart_arrays
from jost_engine.exact.overall import ExactGame, game_for

GAMES = {
    "6D S17 DAS, split to 4, late surrender": {"decks": 6, "surrender": "late"},
    "1D H17 DAS, split to 4, no surrender": {"decks": 1, "dealer_hits_soft_17": True},
}


def timed(fn):
    wall, cpu = time.perf_counter(), time.process_time()
    value = fn()
    return value, time.perf_counter() - wall, time.process_time() - cpu


def one_run(rules: dict) -> dict:
    clear_caches()
    exact = ExactRules.from_rules(rules)
    ev_cd, t_cd, c_cd = timed(lambda: game_for(exact).ev_cd())
    (chart, _), t_chart, c_chart = timed(lambda: generate(exact))
    arrays = chart_arrays(chart, exact.double_after_split, exact.surrender)
    ev_td, t_td, c_td = timed(lambda: game_for(exact).ev_td(arrays))
    clear_caches()

    def everything():
        chart = generate(exact)[0]
        game = game_for(exact)
        return game.ev_td(chart_arrays(chart, exact.double_after_split, exact.surrender)), \
            game.ev_cd()

    _, t_all, c_all = timed(everything)
    with tempfile.TemporaryDirectory() as folder:
        cache = ChartCache(folder)  # an empty disk cache
        clear_caches()
        _, t_basic, c_basic = timed(lambda: cache.chart(exact))
        clear_caches()
        _, t_disk, c_disk = timed(lambda: cache.chart(exact))
    return {"ev_cd": ev_cd, "ev_td": ev_td, "ev_cd s": (t_cd, c_cd),
            "chart s": (t_chart, c_chart), "ev_td s": (t_td, c_td), "all s": (t_all, c_all),
            "basic s": (t_basic, c_basic), "disk s": (t_disk, c_disk)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, python "
          f"{platform.python_version()}, numpy {np.__version__}, numba {numba.__version__}, "
          f"{platform.platform()}, load average {os.getloadavg()[0]:.2f}")
    ExactGame({"decks": 2}).hand_ev(9, 5, 9)  # compile (or load) the numba dealer loop
    for label, rules in GAMES.items():
        runs = [one_run(rules) for _ in range(args.repeat)]
        best = {k: min(r[k] for r in runs) for k in runs[0] if k.endswith(" s")}
        print(f"{label}: EV composition-dependent {100 * runs[0]['ev_cd']:+.5f} %, "
              f"basic chart {100 * runs[0]['ev_td']:+.5f} %")
        for key, (wall, cpu) in best.items():
            print(f"  {key[:-2]:<6} {wall:6.3f} s wall  {cpu:6.3f} s CPU")


if __name__ == "__main__":
    main()
