"""``jost optimize``: the optimal bet ramp for a game and count, beside the config's own.

The true-count table comes from a finished job of the ledger (its result, any
ramp) or from a flat-bet run of a config in this process
(:func:`jost_engine.betting.flat_config`); :func:`jost_engine.betting.optimal_vs_given`
does the rest. The betting layer is imported inside the command.
"""

from __future__ import annotations

import argparse
import math
import re
import sys

from ..errors import JobNotCompleteError, JostError
from .options import count, load_config, rounds
from .output import Progress, cell, write_json

JOB_ID = re.compile(r"^[0-9a-f]{4,10}$")


def _positive(name: str):
    """An argparse ``type`` for a number above 0 (argparse names the flag)."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not (value > 0 and math.isfinite(value)):
            raise argparse.ArgumentTypeError(f"must be a number above 0, got {text!r}")
        return value

    parse.__name__ = name
    return parse


def _ror(text: str) -> float:
    value = _positive("risk")(text)
    if not value < 1:
        raise argparse.ArgumentTypeError(f"must be a risk between 0 and 1 (0.05 for 5 %), "
                                         f"got {text!r}")
    return value


def _chip(text: str) -> float:
    value = _positive("units")(text)
    if abs(value * 10 - round(value * 10)) > 1e-9:
        raise argparse.ArgumentTypeError(f"must be a multiple of 0.1 units, got {text!r}")
    return value


def _spread(text: str) -> float:
    value = _positive("spread")(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {text!r}")
    return value


def _wong(text: str):
    if text in ("auto", "none"):
        return text
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be 'auto', 'none' or a whole true count, "
                                         f"got {text!r}") from None


def _job_result(spec: str):
    """The result of the finished job ``spec`` names, or None when it names no job."""
    if not JOB_ID.match(spec):
        return None
    from ..jobs.ledger import LEDGER_NAME
    from ..profiles import workspace_dir

    if not (workspace_dir() / LEDGER_NAME).exists():
        return None
    from ..errors import JobError
    from ..jobs import JobManager
    from ..jobs.ledger import COMPLETE

    try:
        job = JobManager().job(spec)
    except JobError:
        return None
    if job.status != COMPLETE:
        raise JobNotCompleteError(f"job {job.id} has no result: {job.progress}")
    return job.result()


def table_source(args: argparse.Namespace):
    """``(config, result)``: the user's config and a result whose table evaluates it."""
    result = _job_result(args.source)
    if result is not None:
        return result.config, result
    from ..betting import flat_config
    from ..chart_cache import workspace_charts
    from ..profiles import hydrate
    from ..simulation import run_simulation_from_config

    args.config = args.source
    config = hydrate(load_config(args))
    flat = flat_config(config)
    bar = None if args.json else Progress()
    return config, run_simulation_from_config(flat, progress=bar, charts=workspace_charts())


def _bankroll_units(args: argparse.Namespace, betting: dict) -> tuple[float, float]:
    """``(bankroll [units], unit [money])`` from the flags, else from the config."""
    unit = args.unit if args.unit is not None else float(betting.get("unit") or 1.0)
    if args.bankroll is not None:
        return args.bankroll / unit, unit
    if betting.get("bankroll_units"):
        return float(betting["bankroll_units"]), unit
    raise JostError("--bankroll: give the bankroll in money (with --unit, the money per "
                    "unit); the config has no betting.bankroll_units")


def cmd_optimize(args: argparse.Namespace) -> int:
    """Print the optimal ramp and its figures beside the config's own ramp."""
    config, result = table_source(args)
    from ..betting import Ramp, from_result, optimal_vs_given
    from ..errors import BettingError

    betting = config.get("betting") or {}
    bankroll, unit = _bankroll_units(args, betting)
    wong = {"none": None, None: None}.get(args.wong_out, args.wong_out)
    try:
        out = optimal_vs_given(from_result(result), Ramp.from_betting(betting), bankroll,
                               spread=args.spread, kelly_fraction=args.kelly or 1.0,
                               target_ror=args.ror, round_to=args.round, wong_out=wong,
                               unit=unit, trip_hours=args.hours)
    except BettingError as exc:  # name the flag, not the library's argument
        flag, text = FLAGS.get(exc.field), str(exc)
        if flag and text.startswith(f"{exc.field}:"):
            text = flag + text[len(exc.field):]
        raise BettingError(text, exc.field) from None
    if args.save:
        _save(args.save, out["optimal"], unit, bankroll, config)
    if args.json:
        write_json(out)
    else:
        _warn_if_imprecise(out["optimal"], out["table"]["rounds"])
        print(format_comparison(out, config.get("label", "")))
        if args.save:
            print(f"saved as betting profile {args.save!r}")
    return 0


def _warn_if_imprecise(figures: dict, rounds: int) -> None:
    """A note on stderr when the table is too small for the optimal ramp's win rate."""
    se, win = figures["se_win_rate_per_hour"], figures["win_rate_per_hour"]
    if se > 0.25 * abs(win):
        print(f"jost: note: the optimal ramp's win rate has an SE of {se:.3f} units/hour "
              f"from {rounds:,} rounds, over a quarter of its value; give more --rounds",
              file=sys.stderr)


#: The flag of each BettingError field the command can cause.
FLAGS = {"ror": "--ror", "spread": "--spread", "round_to": "--round", "wong_out": "--wong-out",
         "kelly_fraction": "--kelly", "bankroll": "--bankroll"}


def _save(name: str, figures: dict, unit: float, bankroll: float, config: dict) -> None:
    from ..betting import Ramp
    from ..limits import LABEL_MAX
    from ..profiles import ProfileStore

    ramp = Ramp(tuple(tuple(p) for p in figures["ramp"]), figures["wong_in"],
                figures["wong_out"])
    label = (f"Optimal 1-{figures['spread']:g} ramp, Kelly x{figures['kelly_fraction']:.2f}, "
             f"{bankroll:g} units of {unit:g}")
    notes = (f"Made by 'jost optimize' from {config.get('label', 'a config')}: "
             f"{figures['win_rate_per_hour']:+.3f} units/hour, SCORE "
             f"{cell(figures['score'], '{:.1f}')}, lifetime risk of ruin "
             f"{cell(figures['ror'], '{:.1%}')}.")
    ProfileStore().save("betting", name, ramp.to_betting(unit, bankroll),
                        label=label[:LABEL_MAX], notes=notes)


ROWS = (("EV per round [units]", "ev_per_round", "{:+.5f}"),
        ("SD per round [units]", "sd_per_round", "{:.3f}"),
        ("average bet [units]", "avg_bet", "{:.3f}"),
        ("win rate [units/100 rounds]", "win_rate_per_100", "{:+.3f}"),
        ("win rate [units/hour]", "win_rate_per_hour", "{:+.3f}"),
        ("  its SE (from the table)", "se_win_rate_per_hour", "{:.3f}"),
        ("win rate [money/hour]", "win_rate_per_hour_money", "{:+,.2f}"),
        ("SD [units/hour]", "sd_per_hour", "{:.2f}"),
        ("hands played per hour", "hands_per_hour", "{:.1f}"),
        ("DI", "di", "{:.2f}"), ("SCORE", "score", "{:.2f}"), ("N0 [rounds]", "n0", "{:,.0f}"),
        ("certainty equivalent [units/hour]", "certainty_equivalent_per_hour", "{:+.3f}"),
        ("lifetime risk of ruin", "ror", "{:.2%}"))


def _ramp_text(figures: dict) -> str:
    """``1, 2 at +2, 4 at +3`` (units from a true count on) and the wonging points."""
    steps = ", ".join(f"{u:g}" if i == 0 else f"{u:g} at {tc:+g}"
                      for i, (tc, u) in enumerate(figures["ramp"]))
    wong = ""
    if figures["wong_in"] is not None or figures["wong_out"] is not None:
        wong = f" (in at {cell(figures['wong_in'])}, out at {cell(figures['wong_out'])})"
    return steps + wong


def format_comparison(out: dict, label: str) -> str:
    """The two ramps and their figures, side by side, for the terminal."""
    opt, given = out["optimal"], out["given"]
    how = (f"risk target {opt['target_ror']:.1%}: " if opt["target_ror"] is not None
           else "")
    lines = [f"{label}: optimal ramp ({how}x{opt['kelly_fraction']:.3g} Kelly, spread "
             f"1-{opt['spread']:g}, {opt['bankroll_units']:g} units of {opt['unit']:g}) "
             f"from {out['table']['rounds']:,} rounds",
             f"  optimal ramp  {_ramp_text(opt)}", f"  your ramp     {_ramp_text(given)}",
             f"  {'':<36}{'optimal':>14}{'yours':>14}"]
    rows = ROWS
    if "trip_ror" in opt:
        rows += ((f"risk of ruin within {opt['trip_hours']:g} hours", "trip_ror", "{:.2%}"),)
    for name, key, fmt in rows:
        lines.append(f"  {name:<36}{cell(opt[key], fmt):>14}{cell(given[key], fmt):>14}")
    return "\n".join(lines)


def add_commands(sub) -> None:
    """Add ``optimize`` to the ``jost`` sub-command parsers."""
    p = sub.add_parser("optimize", help="the optimal bet ramp for a game and count, beside the "
                                        "config's own")
    p.add_argument("source", help="a finished job id, or a config (file, inline JSON, '-', "
                                  "config profile) run flat bet in this process first")
    p.add_argument("--bankroll", type=_positive("money"), help="bankroll in money "
                   "(default: the config's bankroll_units)")
    p.add_argument("--unit", type=_positive("money"),
                   help="money per unit, the table minimum (default: the config's unit)")
    p.add_argument("--spread", type=_spread, help="largest bet over the minimum (default: "
                   "the config ramp's)")
    how = p.add_mutually_exclusive_group()
    how.add_argument("--kelly", type=_positive("fraction"), help="fraction of the Kelly bets "
                     "(default 1)")
    how.add_argument("--ror", type=_ror, help="instead: the lifetime risk of ruin to meet "
                     "(0.05 for 5 %%), at the greatest win rate")
    p.add_argument("--round", type=_chip, default=1.0, metavar="UNITS",
                   help="chip step in units, a multiple of 0.1 (default 1)")
    p.add_argument("--wong-out", type=_wong, metavar="auto|none|TC",
                   help="'auto': the optimizer chooses where a back-counter watches; TC: "
                        "watch at or below TC; default or 'none': the config's wonging")
    p.add_argument("--hours", type=_positive("hours"), help="also the risk of ruin within a "
                   "trip of this many hours")
    p.add_argument("--rounds", type=rounds, help="rounds of the flat-bet run, e.g. 3M "
                   "or 2e6 (default: the config's)")
    p.add_argument("--seed", type=count(0), help="seed of the flat-bet run")
    p.add_argument("--save", metavar="NAME", help="save the optimal ramp as a betting profile")
    p.add_argument("--json", action="store_true", help="print the comparison as JSON")
    p.set_defaults(func=cmd_optimize)
