"""Strategy charts as arrays for the exact analysis, and back to JSON.

A chart in the JSON format of ``docs/charts.md`` becomes a
:class:`ChartArrays`: the play code of every (up card, soft, total), whether
each pair is split and which two-card hands surrender. Up cards and pair
ranks are rank indices (0 = ace, 9 = ten); the JSON rows run 2..9, T, A.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np

from ..cards import CHART_RANKS, RANK_KEYS, rank_of
from .player import PLAY_CODES


@dataclass(frozen=True)
class ChartArrays:
    """A chart resolved for one rule set.

    Attributes
    ----------
    play : numpy.ndarray
        ``(10, 2, 22)`` play code by up card, soft (1) or hard (0), total.
    split : numpy.ndarray
        ``(10, 10)`` whether a pair of each rank is split, by up card
        (``Ph`` already resolved by the double-after-split rule).
    surrender_hard, surrender_pair : numpy.ndarray
        ``(10, 22)`` and ``(10, 10)``: whether a two-card non-pair hard
        total, or a pair, surrenders (empty when the rules have no surrender).
    key : str
        A digest of ``play`` (and of ``rescue`` and ``redouble`` when they mark
        any hand):
        values after the first decision (hits, post-split hands) depend on
        nothing else.
    rescue : numpy.ndarray
        ``(10, 22)``: whether a doubled hand of each hard total is given up for
        the original bet (double-down rescue; empty without the rule).
    redouble : numpy.ndarray
        ``(10, 2, 22)``: whether a doubled hand of each hard (0) and soft (1)
        total doubles again once its card is seen (``max_doubles`` above 1;
        all False without redoubles).
    """

    play: np.ndarray
    split: np.ndarray
    surrender_hard: np.ndarray
    surrender_pair: np.ndarray
    key: str
    rescue: np.ndarray
    redouble: np.ndarray


def chart_arrays(chart: dict, double_after_split: bool, surrender: str,
                 rescue: bool = False, redouble: bool = False) -> ChartArrays:
    """Resolve a JSON chart for the rules.

    Parameters
    ----------
    chart : dict
        Chart in the format of ``docs/charts.md``.
    double_after_split : bool
        Resolves ``Ph``.
    surrender : {'none', 'late', 'early'}
        Which surrender table is read.
    rescue : bool
        Whether the ``rescue`` table is read (double-down rescue).
    redouble : bool
        Whether the ``redouble`` table is read (``rules.max_doubles`` above 1);
        its rows are hard totals and soft ones written ``s13``.
    """
    play = np.full((10, 2, 22), PLAY_CODES["S"], dtype=np.int64)
    play[:, 0, :12] = PLAY_CODES["H"]
    for soft, table in ((0, "hard"), (1, "soft")):
        for total, row in chart[table].items():
            for column, code in enumerate(row.split()):
                play[CHART_RANKS[column], soft, int(total)] = PLAY_CODES[code]
    split = np.zeros((10, 10), dtype=bool)
    for key, row in chart["pairs"].items():
        for column, code in enumerate(row.split()):
            split[CHART_RANKS[column], rank_of(key)] = code == "P" or (
                code == "Ph" and double_after_split)
    hard = np.zeros((10, 22), dtype=bool)
    pair = np.zeros((10, 10), dtype=bool)
    if surrender != "none":
        for key, row in chart.get(f"{surrender}_surrender", {}).items():
            for column, code in enumerate(row.split()):
                if "-" in key:
                    pair[CHART_RANKS[column], rank_of(key.split("-")[0])] = code == "R"
                else:
                    hard[CHART_RANKS[column], int(key)] = code == "R"
    saved = np.zeros((10, 22), dtype=bool)
    if rescue:
        for key, row in chart.get("rescue", {}).items():
            for column, code in enumerate(row.split()):
                saved[CHART_RANKS[column], int(key)] = code == "R"
    again = np.zeros((10, 2, 22), dtype=bool)
    if redouble:
        for key, row in chart.get("redouble", {}).items():
            for column, code in enumerate(row.split()):
                again[CHART_RANKS[column], int(key[0] == "s"), int(key.lstrip("s"))] = code == "D"
    digest = (play.tobytes() + (saved.tobytes() if saved.any() else b"")
              + (again.tobytes() if again.any() else b""))
    return ChartArrays(play, split, hard, pair, hashlib.sha1(digest).hexdigest(), saved, again)


def row_of(codes_by_rank) -> str:
    """A JSON chart row from ten codes indexed by up-card rank."""
    return " ".join(codes_by_rank[r] for r in CHART_RANKS)


def pair_key(rank: int) -> str:
    """Pairs-table key of a rank (``'A'``, ``'2'``, ..., ``'T'``)."""
    return RANK_KEYS[rank]
