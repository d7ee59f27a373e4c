"""Cover: bets that follow the last result, the largest jump between bets, cover plays.

``betting.cover`` (docs/cover.md) holds three independent parts, each off
when null:

- ``parlay``: ``[low, high]`` true counts (the neutral band). After a round
  won, at a true count in the band, the next bet is the last bet plus its
  winnings, within the ramp's smallest and largest bets.
- ``max_jump``: the largest ratio between two consecutive bets of a shoe
  (2 = at most double or halve); the ramp's bet is clipped to it.
- ``plays``: ``{"rate": r, "hands": [{"hand", "dealer", "action"}, ...]}``:
  each round is a cover round with chance ``r``, and in a cover round our
  hands in the listed cells take the listed action (hit or stand) instead of
  the chart's or an index play's.

"Last bet" is the last round's bet in the same shoe: a shuffle, or a round
watched without a bet (wonging), clears it, so the first bet after them is
the ramp's. The kernel side is :mod:`jost_engine.kernel.cover`.
"""

from __future__ import annotations

import numpy as np

from .kernel import layout as L

RATE_BITS = 53  # a cover round's chance is CP_RATE / 2**53


def cover_par(cover, bet_by_tc: np.ndarray) -> np.ndarray:
    """The kernel's ``cover_par`` (int64, ``layout.CP_*``) of a config's cover."""
    par = np.zeros(L.N_CP, dtype=np.int64)
    par[L.CP_MIN] = int(bet_by_tc.min())
    par[L.CP_MAX] = int(bet_by_tc.max())
    if cover is None:
        return par
    if cover.parlay is not None:
        par[L.CP_PARLAY] = 1
        par[L.CP_LO], par[L.CP_HI] = cover.parlay
    if cover.max_jump is not None:
        par[L.CP_JUMP] = round(cover.max_jump * 100)
    if cover.plays is not None:
        par[L.CP_RATE] = round(cover.plays.rate * 2**RATE_BITS)
    return par


def cover_flags(cover) -> tuple[int, int]:
    """``(P_COVER_BET, P_COVER_PLAY)`` of a config's cover."""
    if cover is None:
        return 0, 0
    bets = cover.parlay is not None or cover.max_jump is not None
    return int(bets), int(cover.plays is not None)


def cover_tables(strategy: np.ndarray, dev: np.ndarray, cells) -> tuple[np.ndarray, np.ndarray]:
    """The chart and index plays of a cover round.

    Parameters
    ----------
    strategy, dev : numpy.ndarray
        The player's chart and index plays (kernel layout).
    cells : iterable of (kind, row, up, action)
        The cover cells: ``layout.K_*`` kind, row, up card value (1..10) and
        the action (``layout.HIT`` or ``layout.STAND``).

    Returns
    -------
    tuple of numpy.ndarray
        Copies of ``strategy`` and ``dev`` with each cell's action set and its
        index play removed.
    """
    cover_strategy = strategy.copy()
    cover_dev = dev.copy()
    for kind, row, up, action in cells:
        cover_strategy[kind, row, up] = action
        cover_dev[kind, row, up, L.DEV_DIRECTION] = 0
    return cover_strategy, cover_dev


def describe_cover(cover: dict | None) -> str | None:
    """A short label, e.g. ``parlay 0..+1, jumps x2, cover plays 10 %``; None when off."""
    if not cover:
        return None
    parts = []
    if cover.get("parlay") is not None:
        low, high = cover["parlay"]
        parts.append(f"parlay {low:+d}..{high:+d}")
    if cover.get("max_jump") is not None:
        parts.append(f"jumps x{cover['max_jump']:g}")
    if cover.get("plays") is not None:
        parts.append(f"cover plays {100 * cover['plays']['rate']:g} %")
    return ", ".join(parts) or None
