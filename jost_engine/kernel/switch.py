"""Blackjack Switch in the kernel: our two hands' second cards exchanged by a table.

With ``P_SWITCH`` our spot bets two hands of the ramp's bet, dealt as two
adjacent seats (``P_SEAT`` and ``P_SEAT + 1``; :mod:`jost_engine.prepare`
makes ``P_SPOTS`` 2 and counts the second seat in ``P_PLAYERS``): the first
card of hand A, of hand B, the up card, the second cards likewise. After the
dealer's peek (a dealer blackjack ends the round before any switch: a dealt
ace and ten pushes, every other hand loses), :func:`switch_hands` looks the
deal up in the ``switch`` table and, when it says so, exchanges the second
cards. An ace and a ten made by switching is a 21 (it is played: it stands),
or a blackjack with ``P_SWITCHED_BJ`` (paid ``P_BJ_PAY`` at once: the dealer
has none). Play and settlement are then the classic game's, with a dealer's
22 pushing under ``P_PUSH22``. Only the features loop calls this (the plain
loop holds none of it).

The table is int8 ``[a1, a2, b1, b2, up]`` by rank index (ace 0, 2..9 as
1..8, ten 9: the kernel's card value minus one), 1 to switch.
"""

from numba import njit

from .hands import MAX_HANDS, add_card, open_hand
from .index import ix
from .layout import F_ACE, F_C1, F_C2, F_STATE, F_SUM, H_BLACKJACK, P_SWITCHED_BJ, T_SWITCHES


@njit(_nrt=False, error_model="numpy", inline="always")
def _two_cards(hand, slot, c1, c2, switched_bj):
    """Make the hand in ``slot`` the two cards ``c1``, ``c2`` after a switch (live, or a
    blackjack when ``switched_bj`` and they are an ace and a ten)."""
    open_hand(hand, slot, c1, 0)
    add_card(hand, slot, c2)
    if switched_bj and hand[slot, F_ACE] == 1 and hand[slot, F_SUM] == 11:
        hand[slot, F_STATE] = H_BLACKJACK


@njit(_nrt=False, error_model="numpy")
def switch_hands(hand, me, up, table, params, tally):
    """Exchange the second cards of our hands (seats ``me``, ``me + 1``) if ``table`` says so.

    Parameters
    ----------
    hand : numpy.ndarray
        The hands (``layout.F_*``); our two hold their dealt cards.
    me : int
        Our first seat (hand A; hand B is the next seat).
    up : int
        The dealer's up card (1 ace .. 10).
    table : numpy.ndarray
        int8 ``[a1, a2, b1, b2, up]`` by rank index, 1: switch.
    params : tuple
        The kernel's parameters (``P_SWITCHED_BJ`` read).
    tally : numpy.ndarray
        ``T_SWITCHES`` counts the switch.
    """
    a = ix(me * MAX_HANDS)
    b = ix((me + 1) * MAX_HANDS)
    a1 = hand[a, F_C1]
    a2 = hand[a, F_C2]
    b1 = hand[b, F_C1]
    b2 = hand[b, F_C2]
    if table[ix(a1 - 1), ix(a2 - 1), ix(b1 - 1), ix(b2 - 1), ix(up - 1)] == 0:
        return
    switched_bj = params[P_SWITCHED_BJ] == 1
    _two_cards(hand, a, a1, b2, switched_bj)
    _two_cards(hand, b, b1, a2, switched_bj)
    tally[T_SWITCHES] += 1
