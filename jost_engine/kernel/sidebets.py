"""Side bets on our seat: the cards' ranks and suits, the pay line, a side count.

The kernel's shoe holds card values (1..10), not ranks and suits, and its
order must not change with a side bet (common shoes). The identity of a
card (rank and suit, 52 *types*) is drawn when a side bet looks at it, from
a generator of its own (keyed by the chunk's key and the shoe's index, like
the shoe's): uniformly among the types of its value not yet drawn in this
shoe. Given the shoe's values, the types of the cards of one value are a
uniformly random arrangement of that value's types, so the types of the
cards looked at are a sample without replacement from them, which is what
this draws; the cards not looked at never need one.

Each side bet ``b`` (``sb_spec[b]``: its kind ``SB_KIND`` and its count's
tag of each card value ``SB_TAG + v``) gets a pay line per round we bet:
0 a loss, ``k + 1`` its category ``k`` (the order of
``jost_engine/data/side_bets.json``), tallied in ``sb_tally[b, true count
- TC_MIN, line]`` by the bet's own true count at the start of the round
(running count of the tags of the cards dealt since the shuffle, per deck
left, floored). Payouts are applied outside the kernel.
"""

import numpy as np
from numba import njit, uint64

from .hands import MAX_HANDS
from .index import ix
from .layout import F_C1, F_C2, TC_MAX, TC_MIN
from .rng import below, reseed
from .shoe import S_ROUND_START, S_SHOE

MAX_SIDE = 4  # side bets on one seat
N_SB_LINES = 8  # pay lines: 0 a loss, 1.. the categories
N_TYPES = 52  # card types: 4 * rank + suit, rank 0 (ace) .. 12 (king), suit 0..3 (1, 2 red)
KIND_POKER3, KIND_PAIRS, KIND_TWENTY, KIND_BUST = 0, 1, 2, 3
SB_KIND = 0  # sb_spec[b, SB_KIND]: the bet's kind
SB_TAG = 1  # sb_spec[b, SB_TAG + v - 1]: its count's tag of card value v
N_SB_SPEC = 11
SUIT_SALT = uint64(0x5D1E5B0B5EC0FFEE)  # the types' generator key is the chunk's key ^ this
# sb_st: the side bets' state
Q_SHOE = 0  # the shoe index (S_SHOE) the state belongs to
Q_COUNTED = 1  # positions [0, Q_COUNTED) of the shoe are in the running counts
Q_N_SIDE = 2  # side bets on our seat (params[P_SIDE_BETS])
Q_PLAYOUT = 3  # 1: the dealer plays out its hand every round (params[P_SIDE_PLAYOUT])
Q_RC = 4  # running count of bet b: Q_RC + b
Q_BIN = 8  # true count bin of bet b this round: Q_BIN + b
Q_LINE = 12  # pay line of bet b this round (before the dealer's hand): Q_LINE + b
N_SB_STATE = 16


@njit(_nrt=False, error_model="numpy")
def _type_of(value, types, srng):
    """Draw the type of a card of this value among the types left in the shoe."""
    first = 4 * (value - 1)
    last = first + (16 if value == 10 else 4)
    left = 0
    for t in range(first, last):
        left += types[ix(t)]
    if left <= 0:  # a shoe not made of full decks: any type of the value
        for t in range(first, last):
            types[ix(t)] += 1
            left += 1
    s0, s1, s2, s3 = srng[0], srng[1], srng[2], srng[3]
    u, s0, s1, s2, s3 = below(s0, s1, s2, s3, left)
    srng[0], srng[1], srng[2], srng[3] = s0, s1, s2, s3
    t = first
    while u >= types[ix(t)]:
        u -= types[ix(t)]
        t += 1
    types[ix(t)] -= 1
    return t


@njit(_nrt=False, error_model="numpy")
def _poker3(a, b, c):
    """Pay line of three card types as 21+3 (1 suited trips .. 5 flush, 0 none)."""
    ra, rb, rc = a // 4, b // 4, c // 4
    flush = a % 4 == b % 4 and b % 4 == c % 4
    trips = ra == rb and rb == rc
    lo = min(ra, min(rb, rc))
    hi = max(ra, max(rb, rc))
    mid = ra + rb + rc - lo - hi
    straight = (mid == lo + 1 and hi == mid + 1) or (lo == 0 and mid == 11 and hi == 12)
    if trips:
        return 1 if flush else 3
    if straight:
        return 2 if flush else 4
    return 5 if flush else 0


@njit(_nrt=False, error_model="numpy")
def _pairs(a, b):
    """Pay line of two card types as Perfect Pairs (1 perfect, 2 colored, 3 mixed, 0 none)."""
    if a // 4 != b // 4:
        return 0
    if a == b:
        return 1
    red_a = a % 4 == 1 or a % 4 == 2
    red_b = b % 4 == 1 or b % 4 == 2
    return 2 if red_a == red_b else 3


@njit(_nrt=False, error_model="numpy")
def _twenty(a, b, va, vb):
    """Pay line of two cards as Lucky Ladies before the dealer's hand is known.

    2 a queen-of-hearts pair (1 once the dealer has a blackjack), 3 matched,
    4 suited, 5 any 20, 0 none.
    """
    total = (11 if va == 1 else va) + (11 if vb == 1 else vb)
    if total != 20:
        return 0
    if a == b:
        return 2 if a == 4 * 11 + 1 else 3
    return 4 if a % 4 == b % 4 else 5


@njit(_nrt=False, error_model="numpy")
def side_deal(hand, me, up, shoe, st, key, sb_spec, sb_types0, sb_types, sb_rng, sb_st, betting):
    """After the deal: bring the side counts up to the round, classify our two cards and the up.

    Called every round when side bets are on (the counts follow watched
    rounds too); the cards' types are drawn only in rounds we bet.
    """
    n_side = sb_st[Q_N_SIDE]
    if sb_st[Q_SHOE] != st[S_SHOE]:  # a new shoe: fresh types, counts and generator
        sb_st[Q_SHOE] = st[S_SHOE]
        sb_st[Q_COUNTED] = 0
        for t in range(N_TYPES):
            sb_types[t] = sb_types0[t]
        reseed(sb_rng, uint64(key) ^ SUIT_SALT, st[S_SHOE])
        for b in range(n_side):
            sb_st[Q_RC + b] = 0
    start = st[S_ROUND_START]
    for pos in range(sb_st[Q_COUNTED], start):
        v = shoe[ix(pos)]
        for b in range(n_side):
            sb_st[Q_RC + b] += sb_spec[b, SB_TAG + v - 1]
    sb_st[Q_COUNTED] = start
    left = shoe.shape[0] - start
    for b in range(n_side):
        tc = (sb_st[Q_RC + b] * 52) // left if left > 0 else 0
        sb_st[Q_BIN + b] = min(max(tc, TC_MIN), TC_MAX) - TC_MIN
    if not betting:
        return
    slot = me * MAX_HANDS
    v1 = hand[ix(slot), F_C1]
    v2 = hand[ix(slot), F_C2]
    t1 = _type_of(v1, sb_types, sb_rng)
    t2 = _type_of(v2, sb_types, sb_rng)
    tu = -1
    for b in range(n_side):
        kind = sb_spec[b, SB_KIND]
        line = 0
        if kind == KIND_POKER3:
            if tu < 0:
                tu = _type_of(up, sb_types, sb_rng)
            line = _poker3(t1, t2, tu)
        elif kind == KIND_PAIRS:
            line = _pairs(t1, t2)
        elif kind == KIND_TWENTY:
            line = _twenty(t1, t2, v1, v2)
        sb_st[Q_LINE + b] = line


@njit(_nrt=False, error_model="numpy")
def side_settle(total, cards, dealer_bj, sb_spec, sb_st, sb_tally):
    """Tally our side bets' pay lines once the dealer's hand is known.

    ``total`` is the dealer's final total (0 when it did not draw) and
    ``cards`` the cards in its hand.
    """
    n_side = sb_st[Q_N_SIDE]
    for b in range(n_side):
        kind = sb_spec[b, SB_KIND]
        line = sb_st[Q_LINE + b]
        if kind == KIND_BUST:
            line = 0
            if total > 21:
                line = 1 + 8 - min(cards, 8)  # 8+ cards: 1 .. 3 cards: 6
        elif kind == KIND_TWENTY and line == 2 and dealer_bj:
            line = 1
        sb_tally[b, sb_st[Q_BIN + b], line] += 1


def type_counts(shoe_values: np.ndarray) -> np.ndarray:
    """Cards of each of the 52 types in a shoe of values 1..10 made of full decks.

    Each value's cards are shared equally among its types (4, or 16 for
    tens); a shoe that cannot be gets the nearest shares (the kernel then
    draws any type of a value once its share runs out).
    """
    counts = np.bincount(np.asarray(shoe_values, dtype=np.int64), minlength=11)
    out = np.zeros(N_TYPES, dtype=np.int64)
    for value in range(1, 11):
        first = 4 * (value - 1)
        n_types = 16 if value == 10 else 4
        out[first:first + n_types] = int(round(counts[value] / n_types))
    return out
