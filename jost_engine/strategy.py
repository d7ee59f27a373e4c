"""Strategy charts: check a chart (JSON data) and turn it into the kernel's
``strategy[kind, row, up card]`` table.

The format is in ``docs/charts.md``; the basic chart of a rule set comes
from :func:`jost_engine.exact.generate_chart`. Codes: ``H`` hit, ``S``
stand, ``D`` double else hit, ``Ds`` double else stand; in pairs ``P``
split, ``Ph`` split if doubling after a split is allowed, ``N`` don't
split; in surrender tables ``R`` surrender, ``-`` don't.
"""

from __future__ import annotations

import numpy as np

from .cards import CHART_KEYS, CHART_VALUES, card_value
from .kernel.layout import (
    DOUBLE_OR_HIT,
    DOUBLE_OR_STAND,
    HIT,
    K_HARD,
    K_PAIR,
    K_RESCUE,
    K_SOFT,
    K_SURRENDER,
    K_SURRENDER_PAIR,
    N_KINDS,
    N_ROWS,
    N_UP,
    NO_SPLIT,
    NO_SURRENDER,
    SPLIT,
    STAND,
    SURRENDER,
)

PLAY_CODES = {"H": HIT, "S": STAND, "D": DOUBLE_OR_HIT, "Ds": DOUBLE_OR_STAND}
PAIR_CODES = ("P", "Ph", "N")
SURRENDER_CODES = {"R": SURRENDER, "-": NO_SURRENDER}
#: What each chart code means, in the order a legend lists them (``jost strategy``).
CODE_MEANINGS = {
    "H": "hit",
    "S": "stand",
    "D": "double if allowed, otherwise hit",
    "Ds": "double if allowed, otherwise stand",
    "P": "split",
    "Ph": "split if double after split is allowed, otherwise play the total",
    "N": "don't split: play the hand as its hard or soft total",
    "R": "surrender",
    "-": "don't surrender",
}
#: What the codes of the double rescue table (Spanish 21) mean: the same letters, another play.
RESCUE_MEANINGS = {
    "R": "rescue: give up the doubled hand, losing the original bet only",
    "-": "keep the doubled hand",
}
HARD_ROWS = tuple(str(t) for t in range(4, 22))
SOFT_ROWS = tuple(str(t) for t in range(12, 22))


def _codes(row: str) -> list[str]:
    return row.split()


def check_chart(chart: dict) -> None:
    """Raise ``ValueError`` naming the first row or code a chart gets wrong.

    The message starts with the row's path inside the chart, e.g.
    ``hard.12: ...``, so the caller can prefix the config path.
    """
    for table, rows, codes in (("hard", HARD_ROWS, PLAY_CODES), ("soft", SOFT_ROWS, PLAY_CODES),
                               ("pairs", CHART_KEYS, PAIR_CODES)):
        given = chart.get(table, {})
        for key in given:
            if key not in rows:
                raise ValueError(f"{table}.{key}: not a row of the {table} table; rows are "
                                 f"{', '.join(rows)}")
        for key in rows:
            if key not in given:
                raise ValueError(f"{table}.{key}: row is missing")
            _check_row(f"{table}.{key}", given[key], codes)
    surrender_rows = set(HARD_ROWS) | {f"{k}-{k}" for k in CHART_KEYS}
    for table in ("late_surrender", "early_surrender"):
        for key, row in chart.get(table, {}).items():
            if key not in surrender_rows:
                raise ValueError(f"{table}.{key}: rows are hard totals 4..21 or pairs "
                                 f"such as 8-8")
            _check_row(f"{table}.{key}", row, SURRENDER_CODES)
    for key, row in chart.get("rescue", {}).items():
        if key not in HARD_ROWS:
            raise ValueError(f"rescue.{key}: rows are hard totals 4..21")
        _check_row(f"rescue.{key}", row, SURRENDER_CODES)


def _check_row(path: str, row: str, allowed) -> None:
    codes = _codes(row)
    if len(codes) != len(CHART_KEYS):
        raise ValueError(f"{path}: must have 10 codes (up cards 2..9, T, A), got {len(codes)}")
    bad = [c for c in codes if c not in allowed]
    if bad:
        raise ValueError(f"{path}: codes must be one of {', '.join(allowed)}, got {bad[0]!r}")


def strategy_table(chart: dict, double_after_split: bool, surrender: str,
                   rescue: bool = False) -> np.ndarray:
    """Turn a chart into the kernel's table ``strategy[kind, row, up card]``.

    Parameters
    ----------
    chart : dict
        A chart in the JSON format (checked with :func:`check_chart`).
    double_after_split : bool
        Resolves ``Ph`` to split (True) or don't split (False).
    surrender : {'none', 'late', 'early'}
        Which surrender table applies; ``'none'`` never surrenders.
    rescue : bool
        Whether the ``rescue`` table applies (double-down rescue); else no hand
        is rescued.

    Returns
    -------
    numpy.ndarray
        ``int8`` actions of shape ``(N_KINDS, N_ROWS, N_UP)``.
    """
    check_chart(chart)
    table = np.full((N_KINDS, N_ROWS, N_UP), STAND, dtype=np.int8)
    table[K_HARD, :12] = HIT  # rows below 4 cannot occur; hit them to be safe
    table[K_PAIR] = NO_SPLIT
    table[K_SURRENDER] = NO_SURRENDER
    table[K_SURRENDER_PAIR] = NO_SURRENDER
    table[K_RESCUE] = NO_SURRENDER
    if rescue:
        for key, row in chart.get("rescue", {}).items():
            table[K_RESCUE, int(key), list(CHART_VALUES)] = [SURRENDER_CODES[c]
                                                              for c in _codes(row)]
    ups = list(CHART_VALUES)
    for kind, name in ((K_HARD, "hard"), (K_SOFT, "soft")):
        for key, row in chart[name].items():
            table[kind, int(key), ups] = [PLAY_CODES[c] for c in _codes(row)]
    split_codes = {"P": SPLIT, "N": NO_SPLIT, "Ph": SPLIT if double_after_split else NO_SPLIT}
    for key, row in chart["pairs"].items():
        table[K_PAIR, card_value(key), ups] = [split_codes[c] for c in _codes(row)]
    if surrender != "none":
        for key, row in chart.get(f"{surrender}_surrender", {}).items():
            codes = [SURRENDER_CODES[c] for c in _codes(row)]
            if "-" in key:
                table[K_SURRENDER_PAIR, card_value(key.split("-")[0]), ups] = codes
            else:
                table[K_SURRENDER, int(key), ups] = codes
    return table
