"""Free Bet Blackjack in the kernel: the casino's chips and a dealer's 22.

Free Bet rules change only how a hand is settled, so they are read from the
hand once play is over (:func:`.rounds._settle_free` calls these from the
features loop; the plain loop holds none of this code):

- a hand after the seat's first was made by a split, which is free unless of
  tens (``P_FREE_SPLITS``): that hand's bet is the casino's chip;
- a double of a two-card hard 9, 10 or 11 is free (``P_FREE_DOUBLES``): the
  doubled unit is the casino's chip; any other double is the player's own;
- a chip is paid when its hand wins and never lost; a dealer's 22 pushes
  every hand still standing (``P_PUSH22``).

Outcomes are in tenths of the initial bet, as everywhere in the kernel.
"""

from numba import njit

from .hands import total_of
from .layout import (
    ACE,
    F_C1,
    F_C2,
    F_MULT,
    F_STATE,
    H_BUST,
    P_FREE_DOUBLES,
    P_FREE_SPLITS,
    P_PUSH22,
    TEN,
)

FREE_DOUBLE_LOW = 9  # two-card hard totals doubled with the casino's chip
FREE_DOUBLE_HIGH = 11


@njit(_nrt=False, error_model="numpy", inline="always")
def own_stake(hand, slot, k, params):
    """The player's own units on the hand in ``slot``, the seat's ``k``-th (0: its first).

    1 for the hand's bet unless a free split made it (0), plus what a double
    that was not free put up: 1, or 3 and 7 after Spanish 21's redoubles
    (``F_MULT`` 4 and 8; a free double is never redoubled: the two variants
    do not combine).
    """
    c1 = hand[slot, F_C1]
    c2 = hand[slot, F_C2]
    mult = hand[slot, F_MULT]
    own = 1
    if k > 0 and params[P_FREE_SPLITS] == 1 and c1 != TEN:
        own = 0
    if mult >= 2 and not (
            params[P_FREE_DOUBLES] == 1 and c1 != ACE and c2 != ACE
            and FREE_DOUBLE_LOW <= c1 + c2 <= FREE_DOUBLE_HIGH):
        own += mult - 1
    return own


@njit(_nrt=False, error_model="numpy", inline="always")
def free_result(hand, slot, own, dealer_total, dealer_bj, params):
    """Outcome [1/10 initial bet] of a hand that stood or busted, and its sign.

    The sign says whether the hand won (1), pushed (0) or lost (-1): a lost
    hand that bets only the casino's chip has outcome 0 and sign -1.
    ``dealer_total`` is the dealer's final total (0: the dealer did not draw).
    """
    if hand[slot, F_STATE] == H_BUST or dealer_bj:
        return -10 * own, -1
    if params[P_PUSH22] == 1 and dealer_total == 22:
        return 0, 0
    total = total_of(hand, slot)
    if dealer_total > 21 or total > dealer_total:
        return 10 * hand[slot, F_MULT], 1
    if total == dealer_total:
        return 0, 0
    return -10 * own, -1
