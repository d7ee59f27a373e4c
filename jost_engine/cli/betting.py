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
    """``--ror``: a percentage with % (``5%``) or a fraction (``0.05``), as the Betting tab's
    risk field takes it (:func:`jost_engine.betting.risk.parse_risk`)."""
    from ..betting.risk import parse_risk
    from ..errors import BettingError

    try:
        return parse_risk(text)
    except BettingError as exc:
        raise argparse.ArgumentTypeError(str(exc).removeprefix("ror: ")) from None


def _confidence(text: str) -> float:
    return _ror(text)


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


def table_source(args: argparse.Namespace, measure=None):
    """``(config, result)``: the user's config and a result whose table evaluates it: a
    finished job's, else a run of ``measure(config)`` (default: the flat-bet config)."""
    result = _job_result(args.source)
    if result is not None:
        return result.config, result
    from ..betting import flat_config
    from ..chart_cache import workspace_charts
    from ..profiles import hydrate
    from ..simulation import run_simulation_from_config

    args.config = args.source
    config = hydrate(load_config(args))
    flat = (measure or flat_config)(config)
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
    """Print the optimal ramp and its figures beside the config's own ramp (with
    ``--spots``: the optimal spots and bet per spot, :mod:`.optimize_spots`)."""
    if args.spots is not None:
        from .optimize_spots import cmd_optimize_spots

        return cmd_optimize_spots(args)
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
                               unit=unit, trip_hours=args.hours, **_extra(args, unit))
    except BettingError as exc:  # name the flag, not the library's argument
        flag, text = FLAGS.get(exc.field), str(exc)
        if flag and text.startswith(f"{exc.field}:"):
            text = flag + text[len(exc.field):]
        raise BettingError(text, exc.field) from None
    if args.costs:
        from ..betting.constraints import costs

        limits = {k: v for k, v in out["limits"].items() if k != "min_bet"}
        out["costs"] = costs(from_result(result), out["objective"]["name"], bankroll,
                             args.kelly or 1.0, args.ror, **limits)
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


def _extra(args: argparse.Namespace, unit: float) -> dict:
    """The objective, table maximum and tools' flags that were given, as keywords."""
    extra = {"objective": args.objective, "max_changes": args.max_changes,
             "cover": args.cover,
             "max_bet": None if args.max_bet is None else args.max_bet / unit,
             "goal": None if args.goal is None else args.goal / unit,
             "confidence": args.confidence}
    return {k: v for k, v in extra.items() if v is not None}


def _warn_if_imprecise(figures: dict, rounds: int) -> None:
    """A note on stderr when the table is too small for the optimal ramp's win rate."""
    se, win = figures["se_win_rate_per_hour"], figures["win_rate_per_hour"]
    if se > 0.25 * abs(win):
        print(f"jost: note: the optimal ramp's win rate has an SE of {se:.3f} units/hour "
              f"from {rounds:,} rounds, over a quarter of its value; give more --rounds",
              file=sys.stderr)


#: The flag of each BettingError field the command can cause.
FLAGS = {"ror": "--ror", "spread": "--spread", "round_to": "--round", "wong_out": "--wong-out",
         "kelly_fraction": "--kelly", "bankroll": "--bankroll", "objective": "--objective",
         "max_bet": "--max-bet", "goal": "--goal", "confidence": "--confidence",
         "max_changes": "--max-changes", "cover": "--cover"}


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


#: Figure rows: (label, key, format of a plain number; None: an estimate with its SE or
#: range, written by jost_engine.analysis.format).
ROWS = (("EV per round [units]", "ev_per_round", None),
        ("SD per round [units]", "sd_per_round", None),
        ("average bet [units]", "avg_bet", "{:.3f}"),
        ("win rate [units/100 rounds]", "win_rate_per_100", None),
        ("win rate [units/hour]", "win_rate_per_hour", None),
        ("win rate [money/hour]", "win_rate_per_hour_money", None),
        ("SD [units/hour]", "sd_per_hour", "{:.2f}"),
        ("hands played per hour", "hands_per_hour", "{:.1f}"),
        ("DI", "di", None), ("SCORE", "score", None), ("N0 [rounds]", "n0", None),
        ("certainty equivalent [units/hour]", "certainty_equivalent_per_hour", None),
        ("lifetime risk of ruin", "ror", None))
_ESTIMATE_KEY = {"certainty_equivalent_per_hour": "ce", "win_rate_per_hour_money":
                 "win_rate_per_hour"}
COLUMN = 42  # width of a figure column [characters]


def figure_cells(figures: dict) -> dict:
    """Each row's text for one ramp: estimates through the one formatter."""
    from ..analysis import format as fmt
    from ..betting.uncertainty import figure_estimates

    est = figure_estimates(figures)
    out = {}
    for _, key, form in ROWS:
        if form is not None:
            out[key] = cell(figures.get(key), form)
        elif key == "win_rate_per_hour_money":
            out[key] = fmt.estimate(est["win_rate_per_hour"], unit_money=figures["unit"])
        else:
            e = est.get(_ESTIMATE_KEY.get(key, key))
            out[key] = fmt.estimate(e) if e is not None else "-"
    return out


def _ramp_text(figures: dict) -> str:
    """``1, 2 at +2, 4 at +3`` (units from a true count on) and the wonging points."""
    steps = ", ".join(f"{u:g}" if i == 0 else f"{u:g} at {tc:+g}"
                      for i, (tc, u) in enumerate(figures["ramp"]))
    wong = ""
    if figures.get("wong_in") is not None or figures.get("wong_out") is not None:
        wong = f" (in at {cell(figures['wong_in'])}, out at {cell(figures['wong_out'])})"
    return steps + wong


#: The row each objective maximizes (marked in the table).
OPTIMISED = {"growth": "certainty_equivalent_per_hour", "score": "score",
             "winrate": "win_rate_per_hour"}
TOOL_ROWS = (("bankroll for a {risk} lifetime risk [units]", "bankroll_for_risk", "{:,.0f}"),
             ("risk of ruin before the goal of {goal} units", "ruin_with_goal", "{:.2%}"),
             ("chance of the goal first", "goal_first", "{:.2%}"),
             ("hours to the goal with {conf} confidence", "hours_to_goal", "{:,.0f}"),
             ("risk of ruin within {hours} hours", "trip_ror", "{:.2%}"),
             ("chance of being ahead after {hours} hours", "ahead_after", "{:.1%}"),
             ("hours to N0", "hours_to_n0", "{:,.0f}"),
             ("hours to be ahead with {conf} confidence", "hours_ahead", "{:,.0f}"))


def objective_line(out: dict, label: str) -> str:
    """The first line: the objective, its limits and the table it comes from."""
    opt, objective = out["optimal"], out["objective"]
    name = objective["name"]
    what = {"growth": f"maximum growth (certainty equivalent at x{objective['kelly_fraction']:g}"
                      f" Kelly)",
            "score": "maximum SCORE",
            "winrate": f"maximum win rate with a lifetime risk of ruin at most "
                       f"{_percent(objective['target_ror'])}"}[name]
    return (f"{label}: objective {name}, {what}; spread 1-{opt['spread']:g}, "
            f"{opt['bankroll_units']:g} units of {opt['unit']:g}, from "
            f"{out['table']['rounds']:,} rounds")


def _percent(fraction) -> str:
    return "n/a" if fraction is None else f"{100 * fraction:.3g}%"


def format_comparison(out: dict, label: str) -> str:
    """The objective first, then the feasibility in words, both ramps and their figures
    side by side (the optimised row marked), and the bankroll and risk tools."""
    opt, given = out["optimal"], out["given"]
    lines = [objective_line(out, label)]
    feas = out.get("feasibility") or {}
    if feas.get("words"):
        lines.append(f"  NOT FEASIBLE: {feas['words']}")
    source = " (your own ramp: nothing within the limits beats it)" \
        if opt.get("source") == "yours" else ""
    lines += [f"  optimal ramp  {_ramp_text(opt)}{source}",
              f"  your ramp     {_ramp_text(given)}"]
    if out.get("why"):
        lines.append(f"  {out['why']}")
    lines.append(f"  {'':<44}{'optimal':>{COLUMN}} {'yours':>{COLUMN}}")
    marked = OPTIMISED.get(out["objective"]["name"])
    cells = figure_cells(opt), figure_cells(given)
    for name, key, _ in ROWS:
        mark = "  <- optimised" if key == marked else ""
        lines.append(f"  {name:<44}{cells[0][key]:>{COLUMN}} {cells[1][key]:>{COLUMN}}{mark}")
    lines += _tool_lines(opt.get("tools"), given.get("tools"), opt, given)
    lines += cost_lines(out.get("costs"))
    from ..analysis.format import SE_NOTE

    lines.append(f"  {SE_NOTE}; risks, N0 and hours: the range at the win rate ± 1 SE "
                 f"(from the table, rounds taken as independent: a lower bound)")
    return "\n".join(lines)


def _tool_lines(opt: dict | None, given: dict | None, opt_figures: dict,
                given_figures: dict) -> list[str]:
    """The bankroll and risk rows present in both tools dicts, each figure with its range
    at the win rate ± 1 SE (:func:`jost_engine.betting.compare.tool_ranges`)."""
    if not opt:
        return []
    from ..analysis import format as fmt
    from ..betting.compare import tool_ranges
    from ..betting.uncertainty import tool_estimates

    def texts(tools, figures):
        ranges = tool_ranges(figures, tools.get("goal_units"), tools.get("hours"),
                             tools.get("confidence"), tools.get("target_ror"))
        return {k: fmt.estimate(e) for k, e in tool_estimates(ranges).items()}

    names = {"risk": _percent(opt.get("target_ror")), "goal": f"{opt.get('goal_units') or 0:g}",
             "hours": f"{opt.get('hours') or 0:g}", "conf": _percent(opt.get("confidence"))}
    cells = texts(opt, opt_figures), texts(given, given_figures) if given else {}
    lines = ["  bankroll and risk (diffusion model; docs/betting.md)"]
    for name, key, _ in TOOL_ROWS:
        if key in cells[0]:
            other = f" {cells[1][key]:>{COLUMN}}" if given else ""
            lines.append(f"  {name.format(**names):<44}{cells[0][key]:>{COLUMN}}{other}")
    return lines


def cost_lines(costs: list | None) -> list[str]:
    """What each limit costs: win rate [units/hour] and objective given up by it."""
    if not costs:
        return []
    lines = ["  cost of each limit (the optimum without it minus the optimum with all limits)"]
    for row in costs:
        win, value = row["win_rate_per_hour"], row["objective_value"]
        lines.append(f"  {row['words']:<44}{cell(win, '{:+.3f}'):>10} units/hour of win rate, "
                     f"{cell(value, '{:+.3f}')} of the objective")
    return lines


def cmd_bankroll(args: argparse.Namespace) -> int:
    """Bankroll and risk of the config's own ramp (no optimization)."""
    config, result = table_source(args)
    from ..betting import Ramp, evaluate, from_result
    from ..betting.compare import risk_tools, with_money

    betting = config.get("betting") or {}
    bankroll, unit = _bankroll_units(args, betting)
    table = from_result(result)
    figures = with_money(evaluate(table, Ramp.from_betting(betting), bankroll), unit, args.hours)
    figures["tools"] = risk_tools(figures, None if args.goal is None else args.goal / unit,
                                  args.hours, args.confidence or 0.95, args.ror or 0.05)
    if args.json:
        write_json(figures)
        return 0
    print(f"{config.get('label', '')}: bankroll and risk of your ramp ({_ramp_text(figures)}) "
          f"with {bankroll:g} units of {unit:g}, from {table.rounds:,} rounds")
    from ..analysis.format import SE_NOTE

    print(f"  {'lifetime risk of ruin':<44}{figure_cells(figures)['ror']:>{COLUMN}}")
    for line in _tool_lines(figures["tools"], None, figures, None)[1:]:
        print(line)
    print(f"  {SE_NOTE}; ranges are the figure at the win rate ± 1 SE")
    return 0


def _common_flags(p) -> None:
    """The flags ``optimize`` and ``bankroll`` share."""
    p.add_argument("source", help="a finished job id, or a config (file, inline JSON, '-', "
                                  "config profile) run flat bet in this process first")
    p.add_argument("--bankroll", type=_positive("money"), help="bankroll in money "
                   "(default: the config's bankroll_units)")
    p.add_argument("--unit", type=_positive("money"),
                   help="money per unit, the table minimum (default: the config's unit)")
    p.add_argument("--hours", type=_positive("hours"), help="also the risk of ruin within a "
                   "trip of this many hours, and the chance of being ahead after them")
    p.add_argument("--goal", type=_positive("money"), help="win goal in money: risk of ruin "
                   "before it, chance of reaching it first, hours to reach it")
    p.add_argument("--confidence", type=_confidence, help="confidence of the hours to a goal "
                   "or to be ahead, as 90%% or 0.9 (default 95%%)")
    p.add_argument("--rounds", type=rounds, help="rounds of the flat-bet run, e.g. 3M "
                   "or 2e6 (default: the config's)")
    p.add_argument("--seed", type=count(0), help="seed of the flat-bet run")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")


def add_commands(sub) -> None:
    """Add ``optimize`` and ``bankroll`` to the ``jost`` sub-command parsers."""
    p = sub.add_parser("optimize", help="the optimal bet ramp for an objective, beside the "
                                        "config's own")
    _common_flags(p)
    p.add_argument("--objective", choices=("growth", "score", "winrate"),
                   help="growth: maximum certainty equivalent at the Kelly fraction; score: "
                        "maximum SCORE; winrate: maximum win rate at the --ror risk "
                        "(default: winrate with --ror, else growth)")
    p.add_argument("--spread", type=_spread, help="largest bet over the minimum (default: "
                   "the config ramp's)")
    p.add_argument("--max-bet", type=_positive("money"), help="table maximum in money")
    p.add_argument("--max-changes", type=count(0), metavar="K",
                   help="at most K changes of bet over the ramp (a ramp easy to remember)")
    p.add_argument("--cover", type=_spread, metavar="X",
                   help="cover: no bet above X times the bet of the count below (2: bets "
                        "at most double from one count to the next)")
    p.add_argument("--costs", action="store_true",
                   help="also the win rate each limit costs (seconds for score/winrate)")
    how = p.add_mutually_exclusive_group()
    how.add_argument("--kelly", type=_positive("fraction"), help="fraction of the Kelly bets "
                     "(default 1)")
    how.add_argument("--ror", type=_ror, help="the lifetime risk of ruin to meet, as 5%% or "
                     "0.05 (a number above 1 needs %%), at the greatest win rate")
    p.add_argument("--round", type=_chip, default=1.0, metavar="UNITS",
                   help="chip step in units, a multiple of 0.1 (default 1)")
    p.add_argument("--wong-out", type=_wong, metavar="auto|none|TC",
                   help="'auto': the optimizer chooses where a back-counter watches; TC: "
                        "watch at or below TC; default or 'none': the config's wonging")
    p.add_argument("--save", metavar="NAME", help="save the optimal ramp as a betting profile")
    from .optimize_spots import add_spots_flag

    add_spots_flag(p)
    p.set_defaults(func=cmd_optimize)
    b = sub.add_parser("bankroll", help="bankroll and risk of the config's own ramp: lifetime, "
                                        "with a goal, within hours, hours to N0 or a goal")
    _common_flags(b)
    b.add_argument("--ror", type=_ror, help="the lifetime risk whose bankroll to give, as 5%% "
                   "or 0.05 (default 5%%)")
    b.set_defaults(func=cmd_bankroll)
