"""Playing the hands of one seat: strategy look-ups, doubles and splits.

Hands are rows of a small per-chunk array ``hand[slot, F_*]``, four slots
per seat; nothing is allocated per round. A hand's sum counts aces as one
and ``F_ACE`` says whether it holds an ace, so its soft total is ``sum + 10``
when that is at most 21.
"""

from numba import njit

from .layout import (
    ACE,
    DEV_ACTION,
    DEV_DIRECTION,
    DEV_INDEX,
    DOUBLE,
    DOUBLE_OR_HIT,
    DOUBLE_OR_STAND,
    F_ACE,
    F_C1,
    F_C2,
    F_CARDS,
    F_MULT,
    F_SPLIT,
    F_SPLIT_ACES,
    F_STATE,
    F_SUM,
    H_BUST,
    H_LIVE,
    H_STOOD,
    HIT,
    K_HARD,
    K_PAIR,
    K_SOFT,
    K_SURRENDER,
    K_SURRENDER_PAIR,
    P_DAS,
    P_DOUBLE_MAX,
    P_DOUBLE_MIN,
    P_DOUBLE_SOFT,
    P_HSA,
    P_MAX_HANDS,
    P_RSA,
    SPLIT,
    STAND,
    SURRENDER,
)
from .shoe import deal
from .truecount import true_count

MAX_HANDS = 4


@njit(_nrt=False, error_model="numpy", inline="always")
def total_of(hand, slot):
    """Best total of a hand: soft (ace as 11) when that does not bust."""
    s = hand[slot, F_SUM]
    if hand[slot, F_ACE] and s + 10 <= 21:
        return s + 10
    return s


@njit(_nrt=False, error_model="numpy", inline="always")
def is_soft(hand, slot):
    """Whether the hand counts an ace as 11."""
    return hand[slot, F_ACE] == 1 and hand[slot, F_SUM] + 10 <= 21


@njit(_nrt=False, error_model="numpy", inline="always")
def decision(kind, row, up, strategy, dev, use_dev, st, tcs):
    """The chart's action for a cell, or its index play if the count says so."""
    act = strategy[kind, row, up]
    if not use_dev:
        return act
    direction = dev[kind, row, up, DEV_DIRECTION]
    if direction == 0:
        return act
    tc = true_count(st, tcs)
    index = dev[kind, row, up, DEV_INDEX]
    if (direction > 0 and tc >= index) or (direction < 0 and tc < index):
        return dev[kind, row, up, DEV_ACTION]
    return act


@njit(_nrt=False, error_model="numpy", inline="always")
def wants_surrender(hand, slot, up, strategy, dev, use_dev, st, tcs):
    """Decide surrender on a first two-card hand (pairs use their own row)."""
    c1 = hand[slot, F_C1]
    c2 = hand[slot, F_C2]
    if c1 == c2:
        act = decision(K_SURRENDER_PAIR, c1, up, strategy, dev, use_dev, st, tcs)
    elif hand[slot, F_ACE]:
        return False
    else:
        act = decision(K_SURRENDER, c1 + c2, up, strategy, dev, use_dev, st, tcs)
    return act == SURRENDER


@njit(_nrt=False, error_model="numpy", inline="always")
def can_double(hand, slot, params):
    """Whether the hand may be doubled under the rules."""
    if hand[slot, F_CARDS] != 2 or hand[slot, F_SPLIT_ACES]:
        return False
    if hand[slot, F_SPLIT] and params[P_DAS] == 0:
        return False
    if is_soft(hand, slot):
        return params[P_DOUBLE_SOFT] == 1
    return params[P_DOUBLE_MIN] <= hand[slot, F_SUM] <= params[P_DOUBLE_MAX]


@njit(_nrt=False, error_model="numpy", inline="always")
def play_action(hand, slot, up, strategy, dev, use_dev, params, st, tcs):
    """Return HIT, STAND or DOUBLE for a hand that is not split."""
    kind = K_SOFT if is_soft(hand, slot) else K_HARD
    total = total_of(hand, slot)
    basic = strategy[kind, total, up]
    act = decision(kind, total, up, strategy, dev, use_dev, st, tcs)
    doubling = can_double(hand, slot, params)
    if act == DOUBLE:
        if doubling:
            return DOUBLE
        act = basic
    if act == DOUBLE_OR_HIT or act == DOUBLE:
        return DOUBLE if doubling else HIT
    if act == DOUBLE_OR_STAND:
        return DOUBLE if doubling else STAND
    return act


@njit(_nrt=False, error_model="numpy", inline="always")
def add_card(hand, slot, card):
    """Add a card to a hand."""
    hand[slot, F_SUM] += card
    if card == ACE:
        hand[slot, F_ACE] = 1
    hand[slot, F_CARDS] += 1
    if hand[slot, F_CARDS] == 2:
        hand[slot, F_C2] = card


@njit(_nrt=False, error_model="numpy", inline="always")
def open_hand(hand, slot, card, split):
    """Start a hand with one card (dealt, or left over from a split)."""
    hand[slot, F_SUM] = card
    hand[slot, F_ACE] = 1 if card == ACE else 0
    hand[slot, F_CARDS] = 1
    hand[slot, F_C1] = card
    hand[slot, F_C2] = 0
    hand[slot, F_MULT] = 1
    hand[slot, F_STATE] = H_LIVE
    hand[slot, F_SPLIT] = split
    hand[slot, F_SPLIT_ACES] = 1 if (split and card == ACE) else 0


@njit(_nrt=False, error_model="numpy", inline="always")
def _may_split(hand, slot, hands_now, params):
    if hand[slot, F_CARDS] != 2 or hand[slot, F_C1] != hand[slot, F_C2]:
        return False
    if hands_now >= params[P_MAX_HANDS]:
        return False
    return hand[slot, F_C1] != ACE or not hand[slot, F_SPLIT] or params[P_RSA] == 1


@njit(_nrt=False, error_model="numpy", inline="always")
def play_seat(seat, up, shoe, st, rng, tags2, params, strategy, dev, use_dev, tcs, hand,
              nhands, counts):
    """Play out every hand of one seat, splitting and doubling as it goes.

    The seat's first hand holds its two dealt cards on entry. ``counts``
    receives [doubles, splits, busts] for the seat.
    """
    base = seat * MAX_HANDS
    i = 0
    while i < nhands[seat]:
        slot = base + i
        if hand[slot, F_CARDS] == 1:  # a split hand takes its second card
            add_card(hand, slot, deal(shoe, st, rng, tags2, True))
        while hand[slot, F_STATE] == H_LIVE:
            total = total_of(hand, slot)
            if total >= 21:
                hand[slot, F_STATE] = H_STOOD if total == 21 else H_BUST
                break
            if _may_split(hand, slot, nhands[seat], params) and decision(
                    K_PAIR, hand[slot, F_C1], up, strategy, dev, use_dev, st, tcs) == SPLIT:
                card = hand[slot, F_C1]
                new = base + nhands[seat]
                nhands[seat] += 1
                counts[1] += 1
                open_hand(hand, new, card, 1)
                open_hand(hand, slot, card, 1)
                add_card(hand, slot, deal(shoe, st, rng, tags2, True))
                continue
            if hand[slot, F_SPLIT_ACES] and params[P_HSA] == 0:
                hand[slot, F_STATE] = H_STOOD
                break
            act = play_action(hand, slot, up, strategy, dev, use_dev, params, st, tcs)
            if act == STAND:
                hand[slot, F_STATE] = H_STOOD
            elif act == HIT:
                add_card(hand, slot, deal(shoe, st, rng, tags2, True))
            else:  # DOUBLE: one card, then stand
                counts[0] += 1
                hand[slot, F_MULT] = 2
                add_card(hand, slot, deal(shoe, st, rng, tags2, True))
                hand[slot, F_STATE] = H_BUST if hand[slot, F_SUM] > 21 else H_STOOD
        if hand[slot, F_STATE] == H_BUST:
            counts[2] += 1
        i += 1
