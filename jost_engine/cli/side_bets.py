"""``jost exact --side-bet NAME [--paytable TABLE] [CONFIG]``: a side bet's exact figures.

The shoe is the config's (``rules.decks``, ``rules.dealer_hits_soft_17``)
or ``--decks`` full decks (6 by default), off the top. ``--paytable`` is a
pay table name of the bet or a ``{category: payout}`` JSON object
(docs/side-bets.md); an unknown bet or table exits 2 with one line.
"""

from __future__ import annotations

import argparse

from .output import write_json


def paytable_arg(text: str | None):
    """The ``--paytable`` value: None, a table name, or a user-defined table (inline JSON)."""
    from ..jsonio import load_json_text

    if text is not None and text.lstrip().startswith("{"):
        return load_json_text(text, "--paytable (inline JSON)")
    return text


def shoe_of(args: argparse.Namespace) -> tuple[float, bool]:
    """Decks and the soft-17 rule: from the config when one is named, else ``--decks``, S17."""
    if args.config is None:
        return float(args.decks or 6), bool(args.h17)
    from .exact import load_config

    rules = load_config(args.config)["rules"]
    return float(args.decks or rules["decks"]), bool(rules["dealer_hits_soft_17"] or args.h17)


def side_bet_lines(result: dict) -> list[str]:
    """What ``jost exact --side-bet`` prints for :func:`jost_engine.exact.sidebets.analyse`."""
    from ..analysis.format import significant
    from .exact import aligned

    rules = f"{result['decks']:g} decks, dealer {'hits' if result['h17'] else 'stands on'} soft 17"
    head = [f"{result['bet']} (pay table {result['paytable']}), {rules}, off the top"]
    rows = [["house edge", significant("side_bet_house_edge", result["house_edge"], 5)],
            ["element of risk", significant("side_bet_house_edge", result["element_of_risk"],
                                            5)],
            ["standard deviation [side bets]", significant("side_bet_sd", result["sd"], 5)],
            ["hit frequency", significant("side_bet_hit_frequency", result["hit_frequency"],
                                          5)]]
    lines = [["  " + line["line"], f"{line['pays']:g}",
              significant("side_bet_hit_frequency", line["probability"], 5)]
             for line in result["lines"]]
    return head + ["  " + r for r in aligned(["exact", "value"], rows)] + [""] + \
        ["  " + r for r in aligned(["pay line", "pays", "probability"], lines)]


def cmd_side_bet(args: argparse.Namespace) -> int:
    """Print (or write as JSON) a side bet's exact figures."""
    from ..exact.sidebets import analyse

    decks, h17 = shoe_of(args)
    result = analyse(args.side_bet, paytable_arg(args.paytable), decks, h17)
    if args.json:
        write_json(result)
    else:
        print("\n".join(side_bet_lines(result)))
    return 0


def add_options(exact: argparse.ArgumentParser) -> None:
    """Add ``--side-bet``, ``--paytable``, ``--decks`` and ``--h17`` to ``jost exact``."""
    exact.add_argument("--side-bet", metavar="NAME",
                       help="a side bet's exact figures instead: 21+3, perfect-pairs, "
                            "lucky-ladies or buster")
    exact.add_argument("--paytable", metavar="TABLE",
                       help="with --side-bet: a pay table name of the bet or a "
                            "{category: payout} JSON object (default: the bet's first table)")
    exact.add_argument("--decks", type=float, metavar="N",
                       help="with --side-bet: full decks in the shoe (default: the config's, "
                            "or 6)")
    exact.add_argument("--h17", action="store_true",
                       help="with --side-bet: the dealer hits soft 17 (buster)")
