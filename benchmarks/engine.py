"""Kernel speed on one core beside a bare loop's, and numba start-up costs.

Usage: python benchmarks/engine.py [--rounds 20000000] [--runs 3]
                                   [--ceiling ../shared/bench/ceiling_numba.py] [--features]

Prints, with the machine it ran on:
- rounds per second per core for each case, every run (one chunk after a
  warm-up; one core, in this process) and their median;
- with ``--ceiling`` (the yardstick of the team's shared bench, not part of
  the project; skipped when the file is absent): the bare numba loop's
  variant A (flat bet) and B (Hi-Lo ramp) rates, run as a subprocess between
  the kernel's runs, so both are measured in the same minutes, and the
  ratios JOST / bare loop of the medians;
- with ``--features``: the Hi-Lo case with each table feature on in turn (a
  person's errors, cover, other players, side bets; the kernel
  ``play_chunk_features``), as a rate and a ratio to the Hi-Lo case's;
- the first run's time in a fresh process with an empty numba cache
  (compile included), and the start time with the cache warm.
"""

import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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
HILO = list(CASES.values())[1]
FEATURES = {
    "+ errors (slip 1%, missed index 25%, bet step 10%, a miscount per 100 cards, deck SD 0.5)": {
        **HILO, "strategy": {**HILO["strategy"], "errors": {
            "slip": 0.01, "missed_index": 0.25, "bet": 0.1, "cards_per_miscount": 100,
            "deck_sd": 0.5}}},
    "+ cover (parlay -1..+1, jump at most x2, cover plays 25%)": {
        **HILO, "betting": {**HILO["betting"], "cover": {
            "parlay": [-1, 1], "max_jump": 2, "plays": {"rate": 0.25, "hands": [
                {"hand": "12", "dealer": "4", "action": "hit"}]}}}},
    "+ other players (two basic to the right, a counter to the left)": {
        **HILO, "table": {"others": {"right": ["basic", "basic"], "left": ["counter"]}}},
    "+ side bets (21+3, Buster from a side count of +6)": {
        **HILO, "side_bets": [{"name": "21+3"}, {"name": "buster", "entry": 6}]},
}

START = ("import time; t = time.perf_counter(); "
         "from jost_engine import run_simulation_from_config as r; "
         "r({'rules': {'decks': 6}, 'run': {'rounds': 1000}}); "
         "print(time.perf_counter() - t)")


DEFAULT_CEILING = Path(__file__).resolve().parents[2] / "shared" / "bench" / "ceiling_numba.py"
CEILING_LINE = re.compile(r"^(A flat|B hi-lo ramp) .*median ([0-9.]+) M rounds/s", re.M)


def compiled(config: dict, rounds: int):
    """The kernel inputs of a case, after one short warm-up run (compile or cache load)."""
    inputs = prepare(validate_config({**config, "run": {"rounds": rounds}}))
    play(inputs, 10_000, chunk_key(0, 0))
    return inputs


def rate(inputs, rounds: int, run: int) -> float:
    """Rounds per second of one run of ``rounds`` [1/s]."""
    start = time.perf_counter()
    tally = play(inputs, rounds, chunk_key(1, run))
    return tally["all_rounds"] / (time.perf_counter() - start)


def ceiling_rates(path: Path, rounds: int) -> dict:
    """One run of the bare loop's variants A and B [M rounds/s], from its output."""
    out = subprocess.run([sys.executable, str(path), "--rounds", str(rounds), "--reps", "1",
                          "--rng", "2", "--skip-par"], check=True, capture_output=True,
                         text=True).stdout
    found = {name[0]: float(value) for name, value in CEILING_LINE.findall(out)}
    if set(found) != {"A", "B"}:
        raise SystemExit(f"could not read the bare loop's rates from:\n{out}")
    return found


def start_time(cache_dir: str) -> float:
    """Seconds for a fresh process to import, compile or load, and run 1000 rounds."""
    env = {**os.environ, "NUMBA_CACHE_DIR": cache_dir}
    out = subprocess.run([sys.executable, "-c", START], env=env, check=True,
                         capture_output=True, text=True)
    return float(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20_000_000, help="rounds per run")
    parser.add_argument("--runs", type=int, default=3, help="runs of each case")
    parser.add_argument("--ceiling", type=Path, default=DEFAULT_CEILING,
                        help="the bare loop script (skipped when absent)")
    parser.add_argument("--no-start-up", action="store_true",
                        help="skip the compile and start-up timings")
    parser.add_argument("--features", action="store_true",
                        help="the Hi-Lo case with each table feature on, too")
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, "
          f"python {platform.python_version()}, {platform.platform()}")
    ceiling = args.ceiling if args.ceiling.is_file() else None
    if ceiling is None:
        print(f"bare loop: {args.ceiling} not found, skipped")
    chosen = {**CASES, **(FEATURES if args.features else {})}
    cases = [(name, compiled(config, args.rounds)) for name, config in chosen.items()]
    jost = {name: [] for name, _ in cases}
    bare = {"A": [], "B": []}
    for run in range(args.runs):
        for name, inputs in cases:
            jost[name].append(rate(inputs, args.rounds, run) / 1e6)
        if ceiling is not None:
            for variant, value in ceiling_rates(ceiling, args.rounds).items():
                bare[variant].append(value)
    for (name, runs), variant in zip(jost.items(), "AB"):
        median = statistics.median(runs)
        line = (f"{name}: {median:.2f} M rounds/s per core "
                f"(runs: {', '.join(f'{r:.2f}' for r in runs)})")
        if ceiling is not None:
            yard = statistics.median(bare[variant])
            line += (f"\n  bare loop variant {variant}: {yard:.2f} M "
                     f"(runs: {', '.join(f'{r:.2f}' for r in bare[variant])}); "
                     f"ratio {median / yard:.2f}")
        print(line)
    hilo = jost[list(CASES)[1]]
    for name in FEATURES if args.features else ():
        # each run's rate over the Hi-Lo case's in the same run (minutes apart, not hours)
        ratio = statistics.median(f / h for f, h in zip(jost[name], hilo, strict=True))
        print(f"{name}: {statistics.median(jost[name]):.2f} M rounds/s per core "
              f"(runs: {', '.join(f'{r:.2f}' for r in jost[name])}); "
              f"{ratio:.2f} of the Hi-Lo case's (median of the runs' ratios)")
    if args.no_start_up:
        return
    with tempfile.TemporaryDirectory() as cache:
        first = start_time(cache)
        cached = start_time(cache)
    print(f"first run with an empty numba cache (compile included): {first:.1f} s")
    print(f"start with the cache warm: {cached:.2f} s")


if __name__ == "__main__":
    main()
