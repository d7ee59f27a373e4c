"""``jost optimize --spots N``: the growth-optimal spots (1..N) and bet per spot by count.

The measuring run plays N spots at every count, one unit each
(:func:`jost_engine.betting.spot_advice.measuring_config`), or a finished job's result
with spots is read; :func:`jost_engine.betting.spot_advice.advise` chooses the spots and
bets (formula and references: :mod:`jost_engine.betting.spots`). The betting layer is
imported inside the command.
"""

from __future__ import annotations

import argparse

#: Flags of ``jost optimize`` the spot optimiser does not take, and what to give instead.
NOT_WITH_SPOTS = {"ror": "--ror", "max_changes": "--max-changes", "cover": "--cover",
                  "save": "--save", "wong_out": "--wong-out"}
COLUMN = 42  # width of a figure column [characters]


def _spots(text: str) -> int:
    if text not in ("1", "2", "3"):
        raise argparse.ArgumentTypeError(f"must be 1, 2 or 3 (the most spots a round), "
                                         f"got {text!r}")
    return int(text)


def add_spots_flag(p) -> None:
    """Add ``--spots N`` to the ``optimize`` parser."""
    p.add_argument("--spots", type=_spots, metavar="N",
                   help="choose 1..N spots and the bet per spot at each true count for "
                        "maximum growth (Kelly) from a run of N spots everywhere; takes "
                        "--kelly, --spread and --max-bet (docs/betting.md, 'Multiple spots')")


def _refuse_other_objectives(args: argparse.Namespace) -> None:
    from ..errors import BettingError

    if args.objective not in (None, "growth"):
        raise BettingError(f"--objective: with --spots the objective is growth (Kelly), "
                           f"got {args.objective!r}", "objective")
    if args.costs:
        raise BettingError("--costs: not with --spots (the spot optimiser has no limit "
                           "costs yet)", "costs")
    for dest, flag in NOT_WITH_SPOTS.items():
        if getattr(args, dest, None) is not None:
            raise BettingError(f"{flag}: not with --spots; the spot optimiser takes "
                               f"--kelly, --spread and --max-bet", dest)


def cmd_optimize_spots(args: argparse.Namespace) -> int:
    """Print (or write as JSON) the spots and bet per spot per count and the plan's figures."""
    _refuse_other_objectives(args)
    from functools import partial

    from ..betting.spot_advice import advise, measuring_config, others_of
    from .betting import _bankroll_units, table_source
    from .output import write_json

    config, result = table_source(args, partial(measuring_config, max_spots=args.spots))
    bankroll, unit = _bankroll_units(args, config.get("betting") or {})
    limits = [v for v in (args.spread, None if args.max_bet is None else args.max_bet / unit)
              if v is not None]
    out = advise(result.tally, bankroll, args.spots, args.kelly or 1.0, 1.0,
                 min(limits) if limits else None, others_of(result.config, args.spots))
    if args.json:
        write_json(as_json(out, bankroll, unit))
    else:
        print(format_advice(out, config.get("label", ""), bankroll, unit))
    return 0


def as_json(out: dict, bankroll: float, unit: float) -> dict:
    """The advice as plain JSON: estimates as their dict and formatted ``text``."""
    from ..analysis import format as fmt

    rows = [{**r, "ev": {**r["ev"].to_dict(), "text": fmt.estimate(r["ev"])}}
            for r in out["rows"]]
    return {**out, "rows": rows, "figures": fmt.to_json(out["figures"]),
            "bankroll_units": bankroll, "unit": unit}


def format_advice(out: dict, label: str, bankroll: float, unit: float) -> str:
    """The objective first, feasibility in words, the plan by count, then its figures."""
    from ..analysis import format as fmt
    from ..betting.spot_advice import borrowed

    obj = out["objective"]
    most = "no maximum" if obj["max_bet"] is None else f"at most {obj['max_bet']:g}"
    least = f"{obj['min_bet']:g} unit{'' if obj['min_bet'] == 1 else 's'}"
    lines = [f"{label + ': ' if label else ''}objective growth, maximum {obj['words']} at "
             f"x{obj['kelly_fraction']:g} Kelly; 1 to {obj['max_spots']} spots, {least} a "
             f"spot or more ({most}); {bankroll:g} units of {unit:g}, from "
             f"{out['rounds']:,} rounds",
             f"  {obj['formula']} ({obj['reference']})"]
    feas = out["feasibility"]
    if not feas["feasible"]:
        lines.append(f"  NOT FEASIBLE: {feas['words']}")
    if out["config"] is None:
        return "\n".join(lines)
    cfg = out["config"]
    lines.append(f"  optimal plan  betting.spots {cfg['spots']}, betting.ramp (per spot) "
                 f"{cfg['ramp']}")
    lines.append(f"  {'true count':>10} {'rounds':>8} {'spots':>5} {'bet per spot':>12} "
                 f"{'spot advantage':>24}")
    for r in out["rows"]:
        lines.append(f"  {r['true_count']:>+10d} {100 * r['share']:>7.2f}% {r['spots']:>5d} "
                     f"{r['bet']:>12.2f} {fmt.estimate(r['ev']):>24}  {borrowed(r)}".rstrip())
    for e in out["figures"].values():
        lines.append(f"  {e.name:<58}{fmt.estimate(e):>{COLUMN}}")
    lines.append(f"  {fmt.SE_NOTE}; the plan's figures are its model from the measuring run "
                 f"(simulate the plan to check them)")
    return "\n".join(lines)
