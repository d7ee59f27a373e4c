"""True count as the player estimates it, from the dealing state.

The running count is kept in half points (Wong Halves has half tags). The
player divides it by the decks remaining, estimated to ``deck_resolution``
(a quarter, half or whole deck, or exactly), and floors, truncates or
rounds the quotient. An unbalanced count (KO) uses its running count.
"""

import math

from numba import njit

from .layout import P_BALANCED, P_DECK_RES, P_TC_MODE, TC_MAX, TC_MIN
from .shoe import S_HIDDEN, S_POS, S_RC


@njit(_nrt=False, error_model="numpy")
def true_count(params, st, n_cards):
    """Return the integer true count, clamped to ``[TC_MIN, TC_MAX]``.

    Parameters
    ----------
    params : numpy.ndarray
        Rule and count parameters (int64), see ``layout.P_*``.
    st : numpy.ndarray
        Dealing state; cards not yet seen are the undealt ones plus an
        unturned hole card.
    n_cards : int
        Cards in the full shoe.

    Returns
    -------
    int
        The true count [points per deck], or the running count [points] of
        an unbalanced system.
    """
    rc = st[S_RC] / 2.0
    if params[P_BALANCED]:
        unseen = n_cards - st[S_POS] + st[S_HIDDEN]
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
