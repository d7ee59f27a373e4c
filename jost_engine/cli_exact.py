"""The ``jost exact`` and ``jost strategy`` commands (exact analysis).

``jost exact CONFIG [--json]`` prints the exact EV of a round off the top of
the shoe for the config's rules: playing its chart (``"basic"``: the
generated basic strategy) and with composition-dependent play; ``--json``
prints :func:`jost_engine.exact.analyse` (``ev_td``, ``ev_cd`` and every
hand's EVs). ``jost strategy RULES [--json]`` prints the generated basic
strategy chart of a rule set.

:func:`add_commands` adds both to the ``jost`` parser.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .errors import JostError


def _read(spec: str) -> dict:
    """JSON from a file or an inline ``{...}`` string."""
    if spec.lstrip().startswith("{"):
        text, where = spec, "the argument"
    else:
        path = Path(spec)
        if not path.is_file():
            raise FileNotFoundError(spec)
        try:
            text, where = path.read_text(encoding="utf-8"), spec
        except (UnicodeDecodeError, OSError) as exc:
            raise JostError(f"{spec} cannot be read as UTF-8 text ({exc})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise JostError(f"{where} is not valid JSON (line {exc.lineno}, column {exc.colno}: "
                        f"{exc.msg})") from None
    if not isinstance(data, dict):
        raise JostError(f"{where} must hold a JSON object")
    return data


def load_config(spec: str) -> dict:
    """A hydrated config from a file, inline JSON, or a config or rules profile name."""
    from .profiles import ProfileError, ProfileStore, hydrate

    store = ProfileStore()
    try:
        config = _read(spec)
    except FileNotFoundError:
        if spec.endswith(".json"):
            raise JostError(f"config: no such file {spec!r}") from None
        try:
            config = store.piece("configs", spec)
        except ProfileError:
            try:
                config = {"rules": store.piece("rules", spec)}
            except ProfileError:
                raise JostError(f"config: {spec!r} is neither a file nor a config or rules "
                                f"profile (see 'jost profiles list')") from None
    if "rules" not in config:
        raise JostError("config: needs a 'rules' section")
    return hydrate({"run": {"rounds": 1}, **config}, store)


def load_rules(spec: str) -> dict:
    """A rules dict from a rules profile name, a file or inline JSON.

    The JSON may be the rules themselves, a config or a profile file (both
    with a ``rules`` key).
    """
    from .profiles import ProfileError, ProfileStore

    try:
        data = _read(spec)
    except FileNotFoundError:
        try:
            return ProfileStore().piece("rules", spec)
        except ProfileError as exc:
            raise JostError(f"rules: {spec!r} is neither a file nor a rules profile "
                            f"({exc})") from None
    rules = data.get("rules", data)
    if isinstance(rules, str):
        return ProfileStore().piece("rules", rules)
    return rules


def format_chart(chart: dict) -> str:
    """A chart as an aligned text table (rows by hand, columns by up card)."""
    ups = chart.get("dealer") or ["2", "3", "4", "5", "6", "7", "8", "9", "T", "A"]
    lines = [chart.get("name", "chart"), ""]
    tables = [("hard", "hard"), ("soft", "soft"), ("pairs", "pair"),
              ("late_surrender", "late surrender"), ("early_surrender", "early surrender")]
    for table, title in tables:
        rows = chart.get(table)
        if not rows:
            continue
        lines.append(f"{title:<15}" + "".join(f"{u:>4}" for u in ups))
        for key, row in rows.items():
            label = key
            if table == "soft":
                label = f"{key} (A,{'A' if key == '12' else int(key) - 11})"
            elif table == "pairs":
                label = f"{key},{key}"
            lines.append(f"  {label:<13}" + "".join(f"{c:>4}" for c in row.split()))
        lines.append("")
    return "\n".join(lines).rstrip()


def _cmd_exact(args: argparse.Namespace) -> int:
    from .exact import analyse

    config = load_config(args.config)
    result = analyse(config)
    if args.json:
        json.dump(result, sys.stdout, indent=1)
        sys.stdout.write("\n")
        return 0
    from .config import validate_config

    label = validate_config(config).label
    source = "generated basic chart" if result["chart_source"] == "generated" else "its chart"
    print(label)
    print(f"  exact EV off the top, playing {source}:   {result['ev_td_percent']:+.5f} %")
    print(f"  exact EV, composition-dependent play:     {result['ev_cd_percent']:+.5f} %")
    print(f"  ({result['seconds']:.1f} s; percent of the initial bet, negative = house edge)")
    return 0


def _cmd_strategy(args: argparse.Namespace) -> int:
    from .exact import generate_chart

    chart = generate_chart(load_rules(args.rules))
    if args.json:
        json.dump(chart, sys.stdout, indent=1)
        sys.stdout.write("\n")
    else:
        print(format_chart(chart))
    return 0


def add_commands(subparsers) -> None:
    """Add ``exact`` and ``strategy`` to the ``jost`` sub-command parsers.

    Parameters
    ----------
    subparsers : argparse._SubParsersAction
        What ``ArgumentParser.add_subparsers`` returned.
    """
    exact = subparsers.add_parser(
        "exact", help="exact EV off the top of the shoe (combinatorial analysis)")
    exact.add_argument("config", help="a config JSON file, or a config or rules profile name")
    exact.add_argument("--json", action="store_true",
                       help="print ev_td, ev_cd and every hand's EVs as JSON")
    exact.set_defaults(func=_cmd_exact)
    strategy = subparsers.add_parser(
        "strategy", help="print the basic strategy chart of a rule set, from exact analysis")
    strategy.add_argument("rules", help="a rules profile name, or a JSON file or string with "
                                        "the rules (or a config holding them)")
    strategy.add_argument("--json", action="store_true", help="print the chart as JSON")
    strategy.set_defaults(func=_cmd_strategy)
