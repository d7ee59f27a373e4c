"""The ``jost`` command.

Bad input exits with status 2 and one line on stderr (``jost: <message>``),
never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import cli_exact, cli_jobs, cli_reports
from .config import config_schema
from .errors import JostError

EXIT_BAD_INPUT = 2


def _read_json(path: str) -> dict:
    file = Path(path)
    if not file.is_file():
        raise JostError(f"config: no such file {path!r}")
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise JostError(f"config: {path} is not valid JSON (line {exc.lineno}, "
                        f"column {exc.colno}: {exc.msg})") from None
    except (UnicodeDecodeError, OSError) as exc:
        raise JostError(f"config: {path} cannot be read as UTF-8 text ({exc})") from None
    if not isinstance(data, dict):
        raise JostError(f"config: {path} must hold a JSON object")
    return data


def _load_config(spec: str, args: argparse.Namespace | None = None) -> dict:
    """A config from a file, a ``configs`` profile, or a ``rules`` profile name."""
    from .profiles import ProfileError, ProfileStore

    store = ProfileStore()
    if Path(spec).is_file() or spec.endswith(".json"):
        config = _read_json(spec)
    else:
        try:
            config = store.piece("configs", spec)
        except ProfileError:
            try:
                store.path_of("rules", spec)
            except ProfileError:
                raise JostError(f"config: {spec!r} is neither a file nor a config or rules "
                                f"profile (see 'jost profiles list')") from None
            config = {"rules": spec, "run": {"rounds": 10_000_000}}
    for field in ("rules", "strategy", "betting"):
        name = getattr(args, field, None) if args else None
        if name:
            config = {**config, field: name}
    return config


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

    def __call__(self, done: int, total: int, note: str = "") -> None:
        if not self.active:
            return
        filled = int(self.width * done / total) if total else self.width
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r[{bar}] {done:,}/{total:,} rounds{note}\033[K")
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

    config = _apply_overrides(_load_config(args.config, args), args)
    progress = None if args.json else _Progress()
    if args.in_process:
        result = run_simulation_from_config(config, progress=progress)
    else:
        result = cli_jobs.run_on_cluster(config, args, progress)
    if args.json:
        json.dump(result.to_dict(), sys.stdout, indent=1)
        sys.stdout.write("\n")
    else:
        print(format_summary(result.summary, result.config["label"]))
    return 0


def _cmd_profiles(args: argparse.Namespace) -> int:
    from .profiles import KINDS, ProfileStore

    store = ProfileStore()
    if args.action == "list":
        for p in store.list(args.kind):
            state = f"  ! {p.error}" if p.error else f"  {p.label}"
            print(f"{p.kind:<11} {p.name:<28} {p.source:<8}{state}")
    elif args.action == "show":
        json.dump(store.show(args.kind, args.name), sys.stdout, indent=1)
        sys.stdout.write("\n")
    elif args.action == "save":
        data = _read_json(args.file)
        piece = data.get(KINDS[args.kind], data)
        path = store.save(args.kind, args.name, piece, args.label or data.get("label", ""),
                          args.notes or data.get("notes", ""))
        print(f"saved {path}")
    elif args.action == "delete":
        store.delete(args.kind, args.name)
        print(f"deleted {args.kind}/{args.name}")
    return 0


def _cmd_schema(args: argparse.Namespace) -> int:
    json.dump(config_schema(), sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line: ``jost: <message>``."""

    def error(self, message: str):
        self.exit(EXIT_BAD_INPUT, f"jost: {message} (see '{self.prog} --help')\n")


def _add_config_args(parser: argparse.ArgumentParser) -> None:
    """The config argument and its overrides (``run`` and ``submit``)."""
    parser.add_argument("config", help="a config JSON file, or a config or rules profile name")
    parser.add_argument("--rules", help="a rules profile name (overrides the config's)")
    parser.add_argument("--strategy", help="a strategy profile name")
    parser.add_argument("--betting", help="a betting profile name")
    parser.add_argument("--rounds", type=int, help="override run.rounds")
    parser.add_argument("--seed", type=int, help="override run.seed")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``jost`` command."""
    parser = _Parser(prog="jost", description="JOST blackjack workbench")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    run = sub.add_parser("run", help="run a simulation (on Dask unless --in-process) and print "
                                     "its summary")
    _add_config_args(run)
    cli_jobs.add_cluster_options(run, in_process=True)
    cli_jobs.add_meta_options(run)
    run.add_argument("--json", action="store_true", help="print the result as JSON")
    run.set_defaults(func=_cmd_run)
    profiles = sub.add_parser("profiles", help="list, show, save or delete profiles")
    psub = profiles.add_subparsers(dest="action", required=True, parser_class=_Parser)
    kinds = ["rules", "strategies", "betting", "configs"]
    plist = psub.add_parser("list", help="list the default and user profiles")
    plist.add_argument("--kind", choices=kinds)
    for action in ("show", "save", "delete"):
        p = psub.add_parser(action, help=f"{action} a profile")
        p.add_argument("kind", choices=kinds)
        p.add_argument("name")
        if action == "save":
            p.add_argument("file", help="JSON file: the piece, or a profile file")
            p.add_argument("--label")
            p.add_argument("--notes")
    profiles.set_defaults(func=_cmd_profiles)
    schema = sub.add_parser("schema", help="print the JSON Schema of the config")
    schema.set_defaults(func=_cmd_schema)
    cli_jobs.add_commands(sub, _add_config_args)
    cli_exact.add_commands(sub)
    cli_reports.add_commands(sub)
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
