"""Spanish 21 in the kernel: a player's 21 always wins, and the bonus 21s.

Read from the hand once play is over (:func:`.rounds._settle_variants` calls
:func:`spanish_result` from the features loop; the plain loop holds none of
this code). Doubling on any number of cards is played by
:data:`.hands.play_seat_any_cards`.

- a player's 21 beats a dealer's 21 (``P_PLAYER21``; a player blackjack
  beating a dealer's is settled with the blackjacks);
- a winning 21 not doubled pays a bonus (``P_BONUS21``): five cards 3:2, six
  2:1, seven or more 3:1, three cards 6-7-8 or 7-7-7 (any suits) 3:2.

Outcomes are in tenths of the initial bet, as everywhere in the kernel.
"""

from numba import njit

from .hands import total_of
from .layout import F_ACE, F_C1, F_C2, F_CARDS, F_MULT, F_STATE, H_BUST, P_BONUS21, P_PLAYER21

SIX, EIGHT = 6, 8  # the lowest and highest card of a 6-7-8 or 7-7-7


@njit(_nrt=False, error_model="numpy", inline="always")
def bonus_pay(hand, slot):
    """What a winning 21 in ``slot`` pays [1/10 bet] under the bonus 21s (10: no bonus).

    A three-card 21 without an ace whose first two cards are 6, 7 or 8 adding
    up to 13..15 is a 6-7-8 or a 7-7-7 (its third card is 21 minus those two).
    """
    cards = hand[slot, F_CARDS]
    if cards >= 7:
        return 30
    if cards == 6:
        return 20
    if cards == 5:
        return 15
    c1 = hand[slot, F_C1]
    c2 = hand[slot, F_C2]
    if cards == 3 and hand[slot, F_ACE] == 0 and SIX <= c1 <= EIGHT and SIX <= c2 <= EIGHT \
            and 13 <= c1 + c2 <= 15:
        return 15
    return 10


@njit(_nrt=False, error_model="numpy", inline="always")
def spanish_result(hand, slot, result, sign, dealer_total, dealer_bj, params):
    """A hand's settled ``(result, sign)`` under Spanish 21's rules for a 21.

    ``result`` [1/10 initial bet] and ``sign`` (1 won, 0 pushed, -1 lost)
    are the hand's settlement without them; ``dealer_total`` is the dealer's
    final total (0: the dealer did not draw).
    """
    if hand[slot, F_STATE] == H_BUST or dealer_bj or total_of(hand, slot) != 21:
        return result, sign
    mult = hand[slot, F_MULT]
    if sign == 0 and dealer_total == 21 and params[P_PLAYER21] == 1:
        result = 10 * mult
        sign = 1
    if sign == 1 and mult == 1 and params[P_BONUS21] == 1:
        result = bonus_pay(hand, slot)
    return result, sign
