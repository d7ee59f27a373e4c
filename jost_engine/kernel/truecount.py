"""True count as the player estimates it, from the dealing state.

The running count is kept in half points (Wong Halves has half tags). The
player divides it by the decks remaining, estimated to ``deck_resolution``
(a quarter, half or whole deck, or exactly), and floors, truncates or
rounds the quotient. An unbalanced count (KO) uses its running count.

The true count depends on two integers only, the unseen cards and the
running count, so the kernel reads it from a table made once per run
(:func:`count_table`, by :func:`true_count_of`): one load instead of two
floating-point divisions and two roundings in the loop.
"""

import math

import numpy as np
from numba import njit

from .cache_guard import guard
from .index import ix
from .layout import (
    DEV_DIRECTION,
    DEV_INDEX,
    P_BALANCED,
    P_COUNT,
    P_DECK_RES,
    P_ERR_DECK_GROW,
    P_ERR_DECK_SD,
    P_IRC,
    P_TC_MODE,
    TC_MAX,
    TC_MIN,
)
from .shoe import S_HIDDEN, S_POS, S_RC, S_TC_ROW0


@njit(_nrt=False, error_model="numpy", inline="always")
def true_count(st, tcs):
    """Return the integer true count of the dealing state, from the run's table.

    Parameters
    ----------
    st : numpy.ndarray
        Dealing state; cards not yet seen are the undealt ones plus an
        unturned hole card, as the player estimates them: ``S_TC_ROW0`` is
        the table's row for a full shoe (:func:`first_row`, moved by a
        deck-estimation error, see :mod:`~jost_engine.kernel.errors`).
    tcs : numpy.ndarray
        :func:`count_table` of the run (int8).

    Returns
    -------
    int
        As :func:`true_count_of`.
    """
    return np.int64(tcs[ix(st[S_TC_ROW0] - st[S_POS] + st[S_HIDDEN]),
                        ix(st[S_RC] + (tcs.shape[1] >> 1))])


@njit(_nrt=False, error_model="numpy", inline="always")
def first_row(tcs, n_cards):
    """The row of :func:`count_table` ``tcs`` for all ``n_cards`` cards unseen.

    It is ``n_cards`` plus the table's padding, the rows above and below
    its ``n_cards + 2`` that a deck-estimation error may reach.
    """
    return (tcs.shape[0] + n_cards - 2) >> 1


@njit(_nrt=False, error_model="numpy", inline="always")
def index_side(kind, row, up, dev, st, tcs):
    """Where the count stands against a chart cell's index play.

    Returns
    -------
    int
        0 when the cell has no index play, 1 when its index applies (the
        count at or above it, or below it, as the play says), -1 when not.
    """
    direction = dev[ix(kind), ix(row), ix(up), DEV_DIRECTION]
    if direction == 0:
        return 0
    tc = true_count(st, tcs)
    index = dev[ix(kind), ix(row), ix(up), DEV_INDEX]
    if (direction > 0 and tc >= index) or (direction < 0 and tc < index):
        return 1
    return -1


@njit(cache=True)
def count_table(params, tags2, shoe):
    """The true count for every number of unseen cards and running count.

    Parameters
    ----------
    params : tuple of int
        Rule and count parameters, see ``layout.P_*``.
    tags2 : numpy.ndarray
        Count tags in half points by card value.
    shoe : numpy.ndarray
        The full shoe (int8 card values).

    Returns
    -------
    numpy.ndarray
        ``table[pad + unseen, rc2 + r]`` (int8) for ``unseen`` in ``0 .. n + 1``
        (an unturned hole card counts as unseen) and running counts ``rc2``
        in half points within ``r`` = the initial count plus every card's
        tag, the most any count can reach; a 1 x 1 table without a count.
        With deck-estimation errors (``P_ERR_DECK_SD`` or ``P_ERR_DECK_GROW``)
        ``pad`` = n + 1 rows repeat the first and the last row above and
        below, so an estimate off by up to n + 1 cards reads the table's
        edge without a bound check in :func:`true_count`; else ``pad`` = 0.
    """
    n = shoe.shape[0]
    if params[P_COUNT] == 0:
        return np.zeros((1, 1), np.int8)
    r = abs(params[P_IRC])
    for card in shoe:
        r += abs(tags2[card])
    pad = n + 1 if params[P_ERR_DECK_SD] > 0 or params[P_ERR_DECK_GROW] > 0 else 0
    table = np.empty((n + 2 + 2 * pad, 2 * r + 1), np.int8)
    for row in range(n + 2 + 2 * pad):
        unseen = min(max(row - pad, 0), n + 1)
        for rc2 in range(-r, r + 1):
            table[row, rc2 + r] = true_count_of(params, rc2, unseen)
    return table


@njit(_nrt=False, error_model="numpy")
def true_count_of(params, rc2, unseen):
    """Return the integer true count, clamped to ``[TC_MIN, TC_MAX]``.

    Parameters
    ----------
    params : tuple of int
        Rule and count parameters, see ``layout.P_*``.
    rc2 : int
        The running count in half points.
    unseen : int
        Cards not seen yet (the undealt ones plus an unturned hole card).

    Returns
    -------
    int
        The true count [points per deck], or the running count [points] of
        an unbalanced system.
    """
    rc = rc2 / 2.0
    if params[P_BALANCED]:
        res = params[P_DECK_RES]
        if res == 0:
            decks = unseen / 52.0
        else:
            quarters = math.floor(unseen / 13.0 / res + 0.5) * res
            if quarters < res:
                quarters = res
            decks = quarters / 4.0
        if decks <= 0.0:
            decks = 1.0 / 52.0
        value = rc / decks
    else:
        value = rc
    mode = params[P_TC_MODE]
    if mode == 0:
        tc = math.floor(value)
    elif mode == 1:
        tc = math.trunc(value)
    else:
        tc = math.floor(value + 0.5)
    if tc < TC_MIN:
        return TC_MIN
    if tc > TC_MAX:
        return TC_MAX
    return int(tc)


guard(__name__)
