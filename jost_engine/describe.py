"""What a blackjack config plays, in a few words: the play half of its default label.

The default label of a config (:func:`jost_engine.config.default_label`) is
its rules (:func:`jost_engine.config.describe_rules`), then what the player
does (:func:`describe_play`): ``6D S17 DAS 3:2 75% pen, Hi-Lo I18+Fab4 1-12``.
One function decides it, so a game reads the same in ``jost jobs``, the Jobs
tab, the reports index and the report titles, whether it was built from
profile names, from the Build tab or in Python.
"""

from __future__ import annotations

from .cover import describe_cover
from .spots import ONE_SPOT, describe_spots

#: Display names of the shipped count systems (ids of ``data/counts.json``).
COUNT_NAMES = {"hi-lo": "Hi-Lo", "ko": "KO", "hi-opt-1": "Hi-Opt I", "hi-opt-2": "Hi-Opt II",
               "omega-2": "Omega II", "zen": "Zen", "wong-halves": "Wong Halves",
               "custom": "custom count"}
#: Short names of the shipped index-play sets (ids of ``data/deviations/``).
DEVIATION_NAMES = {"illustrious18": "I18", "fab4": "Fab4"}


def spread(ramp) -> str:
    """The bet spread of a ramp, e.g. ``1-12``; ``flat`` for a single bet."""
    units = [float(u) for _, u in ramp]
    low, high = min(units), max(units)
    return "flat" if low == high else f"{low:g}-{high:g}"


def describe_play(config: dict) -> str:
    """Count, index plays and spread of a config, e.g. ``Hi-Lo I18+Fab4 1-12``.

    Parameters
    ----------
    config : dict
        A config with its ``strategy`` and ``betting`` sections as data (not
        profile names); missing sections mean basic strategy and flat bets.
    """
    strategy, betting = config.get("strategy") or {}, config.get("betting") or {}
    count = strategy.get("count")
    bets = spread(betting.get("ramp") or [[-99, 1]])
    spots = describe_spots(betting.get("spots") or ONE_SPOT)
    if spots:
        bets = f"{bets}, {spots}"
    cover = describe_cover(betting.get("cover"))
    if cover:
        bets = f"{bets}, {cover}"
    if not count:
        return f"basic strategy, {bets}" if bets.startswith("flat") else f"basic strategy {bets}"
    system = count.get("system", "custom") if isinstance(count, dict) else str(count)
    words = [COUNT_NAMES.get(system, system)]
    deviations = strategy.get("deviations")
    if isinstance(deviations, str) and deviations not in ("", "none"):
        words.append("+".join(DEVIATION_NAMES.get(d, d) for d in deviations.split("+")))
    elif isinstance(deviations, list) and deviations:
        words.append(f"{len(deviations)} index plays")
    words.append(bets)
    if betting.get("wong_in") is not None:
        words.append(f"wong in {betting['wong_in']:+g}")
    if betting.get("wong_out") is not None:
        words.append(f"out {betting['wong_out']:+g}")
    if any((strategy.get("errors") or {}).values()):
        words.append("with errors")
    return " ".join(words)
