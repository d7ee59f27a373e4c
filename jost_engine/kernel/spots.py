"""Multiple spots: how many seats we take in a round, and the sums of their outcomes.

With ``params[P_SPOTS] > 1`` the player takes ``spots_by_tc[tc - TC_MIN]``
spots (1..``MAX_SPOTS``) at the start of each round bet on, decided by the
true count before the deal, in the consecutive seats ``P_SEAT``,
``P_SEAT + 1``, ... Seats the player could take but does not this round stay
empty: no cards, and the other players keep their order, so the round is
dealt as a table of ``P_PLAYERS - (P_SPOTS - n)`` seats whose seats
``P_SEAT .. P_SEAT + n - 1`` are ours (:func:`round_seats`). A round watched
without a bet (wonged out) takes one seat, as with one spot.

Every spot bets the ramp's ``bet_by_tc`` and plays from the same shoe in
seat order against the same dealer hand; :func:`add_spots` adds the round's
outcomes to ``spot_sums`` (``layout.SP_*``). With one spot nothing here
runs (one predictable branch in :mod:`.rounds`).
"""

from numba import njit

from .index import ix
from .layout import (
    P_PLAYERS,
    P_SPOTS,
    SP_A2,
    SP_C2,
    SP_CROSS,
    SP_HANDS,
    SP_R2,
    SP_R4,
    SP_ROUNDS,
    SP_SQ,
    SP_SUM,
)


@njit(_nrt=False, error_model="numpy", inline="always")
def spots_now(spots_by_tc, tc_bin, betting):
    """Spots taken this round: the count's number when betting, else one."""
    return spots_by_tc[ix(tc_bin)] if betting else 1


@njit(_nrt=False, error_model="numpy", inline="always")
def round_seats(params, n_spots):
    """Seats dealt this round: every seat but our spots left empty [seats]."""
    return params[P_PLAYERS] - (params[P_SPOTS] - n_spots)


@njit(_nrt=False, error_model="numpy", inline="always")
def add_spots(spot_sums, tc_bin, outcomes, n_spots):
    """Add one round's spot outcomes [1/10 of a spot's bet] to the sums of its true count.

    ``outcomes[k]`` is spot ``k``'s net (insurance included), ``k`` in seat
    order; pairs are numbered (0, 1), (0, 2), (1, 2) as ``layout.SP_CROSS``.
    """
    row = ix(tc_bin)
    spot_sums[row, SP_ROUNDS] += 1
    spot_sums[row, SP_HANDS] += n_spots
    r = 0
    a = 0
    c = 0
    for i in range(n_spots):
        o = outcomes[i]
        r += o
        a += o * o
        spot_sums[row, ix(SP_SUM + i)] += o
        spot_sums[row, ix(SP_SQ + i)] += o * o
        for j in range(i + 1, n_spots):
            x = o * outcomes[j]
            c += x
            spot_sums[row, ix(SP_CROSS + i + j - 1)] += x  # pair (i, j) is i + j - 1
    r2 = r * r
    spot_sums[row, SP_A2] += a * a
    spot_sums[row, SP_C2] += c * c
    spot_sums[row, SP_R2] += r2
    spot_sums[row, SP_R4] += r2 * r2
