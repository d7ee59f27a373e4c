"""The ``jost exact`` and ``jost strategy`` commands (exact analysis).

``jost exact CONFIG [--json]`` prints the exact EV of a round off the top of
the shoe for the config's rules: playing its chart (``"basic"``: the
generated basic strategy) and with composition-dependent play, then the
variance of one hand and the covariance of two hands playing the chart
(:func:`jost_engine.exact.moments`); ``--json`` prints
:func:`jost_engine.exact.analyse` (``ev_td``, ``ev_cd``, ``moments`` and every
hand's EVs). ``jost strategy RULES [--json]`` prints the generated basic
strategy chart of a rule set, with a legend of its codes.

``jost exact --side-bet NAME [--paytable TABLE] [CONFIG]`` prints a side
bet's exact figures instead. The shoe is the config's (``rules.decks``,
``rules.dealer_hits_soft_17``) or ``--decks`` full decks (6 by default), off
the top. ``--paytable`` is a pay table name of the bet or a ``{category:
payout}`` JSON object (docs/side-bets.md); an unknown bet or table exits 2
with one line.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..cards import CHART_KEYS, CHART_RANKS
from ..errors import JostError
from .output import write_json


def load_config(spec: str) -> dict:
    """A hydrated config from a file, inline JSON, or a config or rules profile name.

    See :func:`jost_engine.profiles.config_from_spec`; ``run`` defaults to
    one round, which exact analysis does not use.
    """
    import sys

    from ..profiles import config_from_spec, hydrate

    config = config_from_spec(spec, stdin=sys.stdin)
    if "rules" not in config:
        raise JostError("config: needs a 'rules' section")
    return hydrate({"run": {"rounds": 1}, **config})


def load_rules(spec: str) -> dict:
    """A rules dict from a rules profile name, a file or inline JSON.

    The JSON may be the rules themselves, a config or a profile file (both
    with a ``rules`` key).
    """
    from ..jsonio import load_json_text, read_json_file
    from ..profiles import ProfileStore

    store = ProfileStore()
    if spec.lstrip().startswith("{"):
        data = load_json_text(spec, "rules (inline JSON)")
    elif Path(spec).exists() or spec.endswith(".json") or "/" in spec:
        data = read_json_file(spec, "rules")
    else:
        return store.piece("rules", spec)
    rules = data.get("rules", data)
    return store.piece("rules", rules) if isinstance(rules, str) else rules


def format_chart(chart: dict) -> str:
    """A chart as an aligned text table (rows by hand, columns by up card)."""
    ups = chart.get("dealer") or list(CHART_KEYS)
    lines = [chart.get("name", "chart"), ""]
    tables = [("hard", "hard"), ("soft", "soft"), ("pairs", "pair"),
              ("late_surrender", "late surrender"), ("early_surrender", "early surrender"),
              ("rescue", "double rescue"), ("redouble", "redouble")]
    for table, title in tables:
        rows = chart.get(table)
        if not rows:
            continue
        lines.append(f"{title:<15}" + "".join(f"{u:>4}" for u in ups))
        for key, row in rows.items():
            label = key
            if table == "soft":
                label = f"{key} (A,{'A' if key == '12' else int(key) - 11})"
            elif table == "redouble" and key.startswith("s"):
                label = f"soft {key[1:]}"
            elif table == "pairs":
                label = f"{key},{key}"
            lines.append(f"  {label:<13}" + "".join(f"{c:>4}" for c in row.split()))
        lines.append("")
    lines += legend(chart, tables)
    return "\n".join(lines).rstrip()


def legend(chart: dict, tables) -> list[str]:
    """Lines saying what each code a chart uses means (``H  hit``, ``Ds  double ...``).

    The tables of :data:`~jost_engine.strategy.TABLE_MEANINGS` (double rescue,
    redouble) have a block of their own: their letters name other plays (a
    rescue's ``R`` does not surrender).
    """
    from ..strategy import CODE_MEANINGS, TABLE_MEANINGS

    def used(names) -> set[str]:
        return {code for table in names for row in (chart.get(table) or {}).values()
                for code in row.split()}

    blocks = [("legend", used(t for t, _ in tables if t not in TABLE_MEANINGS), CODE_MEANINGS)]
    blocks += [(f"legend of the {title} table", used([table]), TABLE_MEANINGS[table])
               for table, title in tables if table in TABLE_MEANINGS]
    lines = []
    for title, codes, meanings in blocks:
        shown = [code for code in meanings if code in codes]
        shown += sorted(codes - set(meanings))
        width = max((len(code) for code in shown), default=0)
        lines += [title] * bool(shown) + [
            f"  {code:<{width}}  {meanings.get(code, '(not a chart code)')}" for code in shown]
    return lines


def aligned(header: list[str], rows: list[list[str]]) -> list[str]:
    """A text table: the first column left-aligned, the others right-aligned under headers.

    Parameters
    ----------
    header : list of str
        Column titles.
    rows : list of list of str
        Cells already formatted as text, one list per row.
    """
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells):
        first = f"{cells[0]:<{widths[0]}}"
        return "  ".join([first, *(f"{c:>{w}}" for c, w in zip(cells[1:], widths[1:],
                                                               strict=True))]).rstrip()

    return [line(header), *(line(r) for r in rows)]


def cmd_exact(args: argparse.Namespace) -> int:
    """Print the exact EVs of the config's game (or all of them as JSON)."""
    from ..config import validate_config
    from ..exact import analyse
    from ..exact.summary import NO_FREE_BET_MOMENTS

    if args.side_bet is not None:
        return cmd_side_bet(args)
    if args.config is None:
        raise JostError("jost exact: needs a CONFIG (or --side-bet NAME)")
    config = load_config(args.config)
    result = analyse(config)
    if args.json:
        write_json(result)
        return 0
    label = validate_config(config).label
    source = "the generated basic chart" if result["chart_source"] == "generated" else "its chart"
    if result.get("switch") is not None:  # Blackjack Switch
        print(label)
        print("\n".join(switch_lines(result["switch"], source)))
        print(f"  ({result['seconds']:.1f} s)")
        return 0
    rows = [[f"off the top, playing {source}", f"{result['ev_td_percent']:+.5f}"],
            ["composition-dependent play", f"{result['ev_cd_percent']:+.5f}"]]
    print(label)
    print("\n".join("  " + line for line in aligned(["exact EV", "% of initial bet"], rows)))
    print(f"  (negative = house edge; {result['seconds']:.1f} s)")
    if result["moments"] is None:
        print(f"  ({NO_FREE_BET_MOMENTS.removeprefix('rules: ')})")
        return 0
    print("\n".join("  " + line for line in aligned(["one round, flat bets, no insurance",
                                                      "initial bets"],
                                                     moment_rows(result["moments"]))))
    print("  (two hands: two spots of one player, one dealer; split hands and the two "
          "spots' covariance")
    print("   follow the model of docs/exact.md, 'Variance and covariance')")
    return 0


def switch_lines(figures: dict, source: str) -> list[str]:
    """What ``jost exact`` prints for Blackjack Switch.

    Parameters
    ----------
    figures : dict
        :func:`jost_engine.exact.summary.switch_figures`.
    source : str
        The chart played after the switch, in words.
    """
    from ..exact.summary import NO_SWITCH_MOMENTS

    rows = [[f"Blackjack Switch, best switch, then {source}", f"{100 * figures['ev']:+.5f}"],
            ["the same two hands, never switching", f"{100 * figures['ev_keep']:+.5f}"],
            ["one hand alone, playing the same chart", f"{100 * figures['ev_one_hand']:+.5f}"]]
    return ["  " + line for line in aligned(["exact EV off the top", "% of a hand's bet"],
                                            rows)] + [
        f"  rounds switched: {100 * figures['switch_rate']:.2f} % "
        f"({100 * figures['switch_rate_played']:.2f} % of those the dealer has no blackjack)",
        "  (per hand: a round bets two hands, its EV is twice this; negative = house edge)",
        f"  ({figures['method']})",
        f"  ({NO_SWITCH_MOMENTS.removeprefix('rules.switch: ')})"]


def switch_strategy_lines(rules: dict, chart: dict) -> list[str]:
    """What ``jost strategy`` adds for Blackjack Switch: how the switch is chosen.

    Parameters
    ----------
    rules : dict
        The rules, with ``switch``.
    chart : dict
        The chart played after the switch.
    """
    from ..exact.switch import analyse_switch

    analysis = analyse_switch(rules, chart)
    table = analysis.table
    played = analysis.probability * (1.0 - analysis.p_blackjack)
    rates = [played[..., u][table[..., u] == 1].sum() / played[..., u].sum()
             for u in CHART_RANKS]
    return ["", "switch (Blackjack Switch)",
            "  After the peek, exchange the two hands' second cards when the two hands it "
            "makes are worth",
            "  more than the two dealt ones, each hand valued exactly (the five dealt cards "
            "gone) and",
            "  played by the chart above. The whole decision is a table of every deal:",
            "  jost_engine.exact.switch.switch_table(rules)[a1, a2, b1, b2, up] (rank 0 = ace, "
            "9 = ten),",
            "  1 = switch to (a1, b2) and (b1, a2).",
            f"  rounds switched: {100 * analysis.switch_rate():.2f} % "
            f"({100 * analysis.switch_rate(given_no_blackjack=True):.2f} % of those the dealer "
            "has no blackjack)",
            "  switched, by up card [% of rounds reaching the switch]:",
            "  " + "".join(f"{u:>6}" for u in CHART_KEYS),
            "  " + "".join(f"{100 * rate:>6.1f}" for rate in rates)]


def moment_rows(figures: dict) -> list[list[str]]:
    """The variance, SD, covariance and correlation lines of ``jost exact``.

    Parameters
    ----------
    figures : dict
        :func:`jost_engine.exact.moments` of the game.
    """
    from ..analysis.format import significant

    shown = [("variance of one hand [squared]", "exact_variance", "variance"),
             ("standard deviation of one hand", "exact_sd", "sd"),
             ("covariance of two hands [squared]", "exact_covariance_two_spots",
              "covariance_two_spots"),
             ("correlation of two hands", "exact_correlation_two_spots", "correlation"),
             ("variance of two hands' total [squared]", "exact_variance_two_spots",
              "variance_two_spots")]
    return [[name, significant(key, figures[field])] for name, key, field in shown]


def cmd_strategy(args: argparse.Namespace) -> int:
    """Print the generated basic strategy chart of a rule set."""
    from ..exact import generate_chart

    rules = load_rules(args.rules)
    chart = generate_chart(rules)
    if args.json:
        write_json(chart)
    else:
        print(format_chart(chart))
        if rules.get("switch"):
            print("\n".join(switch_strategy_lines(rules, chart)))
    return 0


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
    rules = load_config(args.config)["rules"]
    return float(args.decks or rules["decks"]), bool(rules["dealer_hits_soft_17"] or args.h17)


def side_bet_lines(result: dict) -> list[str]:
    """What ``jost exact --side-bet`` prints for :func:`jost_engine.exact.sidebets.analyse`."""
    from ..analysis.format import significant

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


def add_side_bet_options(exact: argparse.ArgumentParser) -> None:
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


def add_commands(sub) -> None:
    """Add ``exact`` and ``strategy`` to the ``jost`` sub-command parsers."""
    exact = sub.add_parser(
        "exact", help="exact EV off the top of the shoe (combinatorial analysis)")
    exact.add_argument("config", nargs="?",
                       help="a config JSON file, inline JSON, '-' for standard input, "
                            "or a config or rules profile name")
    exact.add_argument("--json", action="store_true",
                       help="print ev_td, ev_cd, the moments and every hand's EVs as JSON")
    add_side_bet_options(exact)
    exact.set_defaults(func=cmd_exact)
    strategy = sub.add_parser(
        "strategy", help="print the basic strategy chart of a rule set, from exact analysis")
    strategy.add_argument("rules", help="a rules profile name, or a JSON file or string with "
                                        "the rules (or a config holding them)")
    strategy.add_argument("--json", action="store_true", help="print the chart as JSON")
    strategy.set_defaults(func=cmd_strategy)
