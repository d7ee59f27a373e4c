"""The ``jost`` command.

Bad input exits with status 2 and one line on stderr (``jost: <message>``),
never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .config import config_schema
from .errors import JostError

EXIT_BAD_INPUT = 2


def _load_config(path: str) -> dict:
    file = Path(path)
    if not file.is_file():
        raise JostError(f"config: no such file {path!r}")
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise JostError(f"config: {path} is not valid JSON (line {exc.lineno}, "
                        f"column {exc.colno}: {exc.msg})") from None
    if not isinstance(data, dict):
        raise JostError(f"config: {path} must hold a JSON object")
    return data


def _apply_overrides(config: dict, args: argparse.Namespace) -> dict:
    run = dict(config.get("run") or {})
    if args.rounds is not None:
        run["rounds"] = args.rounds
    if args.seed is not None:
        run["seed"] = args.seed
    return {**config, "run": run}


class _Progress:
    """A one-line progress bar on stderr (only when stderr is a terminal)."""

    def __init__(self, stream=sys.stderr, width: int = 30):
        self.stream = stream
        self.width = width
        self.active = stream.isatty()

    def __call__(self, done: int, total: int) -> None:
        if not self.active:
            return
        filled = int(self.width * done / total) if total else self.width
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r[{bar}] {done:,}/{total:,} rounds")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


def format_summary(summary: dict, label: str) -> str:
    """A readable summary of a result for the terminal."""
    pct = 100.0
    lines = [
        label,
        f"  rounds            {summary['rounds']:,}",
        f"  advantage         {pct * summary['advantage']:+.4f} % "
        f"± {pct * summary['se_advantage']:.4f} % (1 SE)",
        f"  house edge        {pct * summary['house_edge']:+.4f} %",
        f"  EV per round      {summary['ev_per_round']:+.5f} units",
        f"  SD per round      {summary['sd_per_round']:.4f} units",
        f"  average bet       {summary['avg_bet']:.3f} units",
        f"  win rate          {summary['win_rate_per_hour']:+.3f} units/hour, "
        f"SD {summary['sd_per_hour']:.2f} units/hour",
    ]
    optional = [("DI", "di", "{:.2f}"), ("SCORE", "score", "{:.2f}"), ("N0", "n0", "{:,.0f}"),
                ("risk of ruin", "ror", "{:.2%}")]
    for name, key, fmt in optional:
        if summary.get(key) is not None:
            lines.append(f"  {name:<17} {fmt.format(summary[key])}")
    if summary.get("rounds_per_s"):
        lines.append(f"  speed             {summary['rounds_per_s'] / 1e6:.2f} M rounds/s "
                     f"({summary['elapsed_s']:.1f} s)")
    return "\n".join(lines)


def _cmd_run(args: argparse.Namespace) -> int:
    from .simulation import run_simulation_from_config

    config = _apply_overrides(_load_config(args.config), args)
    progress = None if args.json else _Progress()
    result = run_simulation_from_config(config, progress=progress)
    if args.json:
        json.dump(result.to_dict(), sys.stdout, indent=1)
        sys.stdout.write("\n")
    else:
        print(format_summary(result.summary, result.config["label"]))
    return 0


def _cmd_schema(args: argparse.Namespace) -> int:
    json.dump(config_schema(), sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``jost`` command."""
    parser = argparse.ArgumentParser(prog="jost", description="JOST blackjack workbench")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run a simulation and print its summary")
    run.add_argument("config", help="path of a config JSON file")
    run.add_argument("--rounds", type=int, help="override run.rounds")
    run.add_argument("--seed", type=int, help="override run.seed")
    run.add_argument("--in-process", action="store_true",
                     help="run on one core in this process")
    run.add_argument("--json", action="store_true", help="print the result as JSON")
    run.set_defaults(func=_cmd_run)
    schema = sub.add_parser("schema", help="print the JSON Schema of the config")
    schema.set_defaults(func=_cmd_schema)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``jost`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except JostError as exc:
        print(f"jost: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("jost: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
