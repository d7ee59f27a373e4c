"""Kernel cost per round of this tree against another checkout, interleaved in one process.

Usage: python benchmarks/kernel_ab.py --before CHECKOUT [--rounds 500000] [--pairs 40]

``CHECKOUT`` is the root of another JOST checkout (e.g. ``git worktree add
/tmp/before main``); its ``jost_engine`` is copied to a temporary folder as
the package ``jost_before`` and loaded beside this tree's. For each case of
``engine.py`` (and the game reshuffled every round) the two kernels play runs
of ``--rounds`` rounds in turn, A B B A A B ..., so a machine shared with
other work slows both alike; each run's CPU time per round is taken, and the
script prints the median of the pair ratios after / before (the figure to
quote) with both sides' medians and minima [ns a round].
"""

import argparse
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from engine import CASES, RULES

import jost_engine.config as after_config
import jost_engine.prepare as after_prepare
import jost_engine.simulation as after_simulation
from jost_engine.kernel.rng import chunk_key

NAMES = ("flat", "hilo")


def load_before(checkout: Path, folder: Path):
    """The other checkout's config, prepare and simulation modules (package ``jost_before``)."""
    shutil.copytree(checkout / "jost_engine", folder / "jost_before",
                    ignore=shutil.ignore_patterns("__pycache__"))
    sys.path.insert(0, str(folder))
    import jost_before.config as config
    import jost_before.prepare as prepare
    import jost_before.simulation as simulation

    return config, prepare, simulation


def cost(simulation, inputs, rounds: int, run: int) -> float:
    """CPU time of one kernel run [ns a round]."""
    start = time.process_time()
    simulation.play(inputs, rounds, chunk_key(1, run))
    return 1e9 * (time.process_time() - start) / rounds


def compare(sides: dict, rounds: int, pairs: int) -> dict:
    """Interleaved runs of the two sides: their costs [ns a round] by side."""
    for simulation, inputs in sides.values():
        simulation.play(inputs, 20_000, chunk_key(0, 0))  # compile or load the kernel
    costs = {side: [] for side in sides}
    for i in range(pairs):
        for side in (("before", "after") if i % 2 == 0 else ("after", "before")):
            costs[side].append(cost(*sides[side], rounds, i))
    return costs


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="root of the other checkout")
    parser.add_argument("--rounds", type=int, default=500_000, help="rounds per run")
    parser.add_argument("--pairs", type=int, default=40, help="runs of each side per case")
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, python {platform.python_version()}, "
          f"{platform.platform()}")
    cases = dict(zip(NAMES, CASES.values()))
    cases["every_round"] = {"rules": {**RULES, "reshuffle": "every_round"}}
    with tempfile.TemporaryDirectory() as folder:
        before = load_before(args.before, Path(folder))
        after = (after_config, after_prepare, after_simulation)
        for name, config in cases.items():
            full = {**config, "run": {"rounds": args.rounds}}
            sides = {side: (sim, prep.prepare(conf.validate_config(full)))
                     for side, (conf, prep, sim) in (("before", before), ("after", after))}
            costs = compare(sides, args.rounds, args.pairs)
            ratios = [a / b for a, b in zip(costs["after"], costs["before"])]
            print(f"{name:12s} {args.pairs} pairs x {args.rounds:,} rounds: before median "
                  f"{statistics.median(costs['before']):.1f} min {min(costs['before']):.1f} ns | "
                  f"after median {statistics.median(costs['after']):.1f} "
                  f"min {min(costs['after']):.1f} ns | after / before: median of pair ratios "
                  f"{statistics.median(ratios):.3f}", flush=True)


if __name__ == "__main__":
    main()
