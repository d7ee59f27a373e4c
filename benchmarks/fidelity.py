"""Simulated house edges against exact analysis (issue 2's fidelity table).

Usage: python benchmarks/fidelity.py [--rounds 200000000] [--processes 2]

Each reference row of tests/data/house_edges.json is simulated with
reshuffle "every_round" and compared: agreement means within 4 standard
errors + 0.01 percentage points. Prints a Markdown table for
docs/benchmarks.md.
"""

import argparse
import json
import platform
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from jost_engine import run_simulation_from_config
from jost_engine.fidelity import compare, reference_config

ROOT = Path(__file__).resolve().parent.parent


def run_row(args):
    row, rounds, seed = args
    result = run_simulation_from_config(reference_config(row, rounds, seed))
    return compare(row, result.summary), result.summary["rounds_per_s"]


def describe(row):
    return (f"{row['decks']}D {'H17' if row['dealer_hits_soft_17'] else 'S17'}"
            f"{' DAS' if row['double_after_split'] else ''}"
            f"{' LS' if row['surrender'] == 'late' else ''}"
            f"{' RSA' if row['resplit_aces'] else ''}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args()
    rows = json.loads((ROOT / "tests/data/house_edges.json").read_text())["rows"]
    start = time.time()
    with ProcessPoolExecutor(args.processes) as pool:
        lines = list(pool.map(run_row, [(r, args.rounds, args.seed) for r in rows]))
    print(f"machine: {platform.machine()}, {platform.processor() or 'cpu'}, "
          f"python {platform.python_version()}; {args.rounds:,} rounds per row, "
          f"seed {args.seed}, {time.time() - start:.0f} s")
    print("| rules | exact EV % | simulated EV % | SE % | diff % | diff / SE "
          "| within 4 SE + 0.01 |")
    print("|---|---|---|---|---|---|---|")
    for row, (line, _) in zip(rows, lines):
        print(f"| {describe(row)} | {line['exact_pct']:+.5f} | {line['simulated_pct']:+.5f} | "
              f"{line['se_pct']:.5f} | {line['diff_pct']:+.5f} | {line['diff_se']:+.2f} | "
              f"{'yes' if line['ok'] else 'NO'} |")
    if not all(line["ok"] for line, _ in lines):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
