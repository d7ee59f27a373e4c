"""Kernel speed on one core, and numba start-up costs.

Usage: python benchmarks/engine.py [--rounds 20000000]

Prints, with the machine it ran on:
- rounds per second per core for each case (best of 3 runs of a chunk after
  a warm-up; one core, in this process);
- the first run's time in a fresh process with an empty numba cache
  (compile included), and the start time with the cache warm.
"""

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time

from jost_engine.config import validate_config
from jost_engine.kernel.rng import chunk_key
from jost_engine.prepare import prepare
from jost_engine.simulation import play

RULES = {"decks": 6, "dealer_hits_soft_17": False, "double_after_split": True,
         "penetration": 0.75}
CASES = {
    "6D S17 DAS, basic strategy, flat bet, cut card at 75%": {"rules": RULES},
    "6D S17 DAS, Hi-Lo, I18 + Fab 4, 1-12 ramp, wong-out at -1": {
        "rules": {**RULES, "surrender": "late"},
        "strategy": {"count": {"system": "hi-lo"}, "deviations": "illustrious18+fab4",
                     "insurance_at": 3},
        "betting": {"ramp": [[-99, 1], [2, 2], [3, 4], [4, 8], [5, 12]], "wong_out": -1,
                    "bankroll_units": 400},
    },
}

START = ("import time; t = time.perf_counter(); "
         "from jost_engine import run_simulation_from_config as r; "
         "r({'rules': {'decks': 6}, 'run': {'rounds': 1000}}); "
         "print(time.perf_counter() - t)")


def rate(config: dict, rounds: int) -> float:
    """Best rounds per second of three runs [1/s]."""
    inputs = prepare(validate_config({**config, "run": {"rounds": rounds}}))
    play(inputs, 10_000, chunk_key(0, 0))
    best = 0.0
    for i in range(3):
        start = time.perf_counter()
        tally = play(inputs, rounds, chunk_key(1, i))
        best = max(best, tally["all_rounds"] / (time.perf_counter() - start))
    return best


def start_time(cache_dir: str) -> float:
    """Seconds for a fresh process to import, compile or load, and run 1000 rounds."""
    env = {**os.environ, "NUMBA_CACHE_DIR": cache_dir}
    out = subprocess.run([sys.executable, "-c", START], env=env, check=True,
                         capture_output=True, text=True)
    return float(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20_000_000)
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, "
          f"python {platform.python_version()}, {platform.platform()}")
    for name, config in CASES.items():
        print(f"{name}: {rate(config, args.rounds) / 1e6:.2f} M rounds/s per core")
    with tempfile.TemporaryDirectory() as cache:
        first = start_time(cache)
        cached = start_time(cache)
    print(f"first run with an empty numba cache (compile included): {first:.1f} s")
    print(f"start with the cache warm: {cached:.2f} s")


if __name__ == "__main__":
    main()
