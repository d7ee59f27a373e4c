"""Playing the hands of one seat: strategy look-ups, doubles and splits.

Hands are rows of a small per-chunk array ``hand[slot, F_*]``, four slots
per seat; nothing is allocated per round. A hand's sum counts aces as one
and ``F_ACE`` says whether it holds an ace, so its soft total is ``sum + 10``
when that is at most 21.
"""

from numba import njit

from .errors import index_error, play_slip, split_slip
from .index import ix
from .layout import (
    ACE,
    DEV_ACTION,
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
    H_RESCUED,
    H_STOOD,
    HIT,
    K_HARD,
    K_PAIR,
    K_REDOUBLE,
    K_REDOUBLE_SOFT,
    K_RESCUE,
    K_SOFT,
    K_SURRENDER,
    K_SURRENDER_PAIR,
    P_DAS,
    P_DOUBLE_ANY,
    P_DOUBLE_MAX,
    P_DOUBLE_MIN,
    P_DOUBLE_SOFT,
    P_HSA,
    P_MAX_DOUBLES,
    P_MAX_HANDS,
    P_RESCUE,
    P_RSA,
    SPLIT,
    STAND,
    SURRENDER,
)
from .shoe import deal
from .truecount import index_side

MAX_HANDS = 4


@njit(_nrt=False, error_model="numpy", inline="always")
def best_total(total, ace):
    """Best total of a hand: soft (an ace as 11) when that does not bust.

    ``total`` counts aces as one; ``ace`` is 1 when the hand holds one.
    """
    if ace and total + 10 <= 21:
        return total + 10
    return total


@njit(_nrt=False, error_model="numpy", inline="always")
def total_of(hand, slot):
    """Best total of the hand in ``slot``."""
    return best_total(hand[slot, F_SUM], hand[slot, F_ACE])


@njit(_nrt=False, error_model="numpy", inline="always")
def decision(kind, row, up, strategy, dev, use_dev, st, tcs):
    """The chart's action for a cell, or its index play if the count says so."""
    act = strategy[ix(kind), ix(row), ix(up)]
    if not use_dev:
        return act
    if index_side(kind, row, up, dev, st, tcs) > 0:
        return dev[ix(kind), ix(row), ix(up), DEV_ACTION]
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
def can_double(total, ace, cards, split, split_aces, params):
    """Whether a hand (sum ``total`` with aces as one, ``cards`` cards) may be doubled."""
    if cards != 2 or split_aces:
        return False
    if split and params[P_DAS] == 0:
        return False
    if ace and total + 10 <= 21:
        return params[P_DOUBLE_SOFT] == 1
    return params[P_DOUBLE_MIN] <= total <= params[P_DOUBLE_MAX]


@njit(_nrt=False, error_model="numpy", inline="always")
def play_action(total, ace, cards, split, split_aces, up, strategy, dev, use_dev, params, st,
                tcs, err, err_play, who, erng):
    """Return HIT, STAND or DOUBLE for a hand that is not split.

    With ``err`` the seat's index errors (row ``who`` of ``err_play``) apply
    (:mod:`~jost_engine.kernel.errors`); its slips are drawn by the caller.
    """
    soft = ace and total + 10 <= 21
    kind = K_SOFT if soft else K_HARD
    row = total + 10 if soft else total
    basic = strategy[ix(kind), ix(row), ix(up)]
    act = decision(kind, row, up, strategy, dev, use_dev, st, tcs)
    if err:  # errors: the index misplayed
        act = index_error(act, basic, kind, row, up, dev, use_dev, st, tcs, err_play, who, erng)
    doubling = can_double(total, ace, cards, split, split_aces, params)
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
def wants_rescue(total, ace, up, strategy):
    """Whether a doubled hand that did not bust is given up for the original bet
    (double-down rescue): a hard total the strategy's ``K_RESCUE`` row marks."""
    if ace and total + 10 <= 21:
        return False
    return strategy[K_RESCUE, ix(total), ix(up)] == SURRENDER


@njit(_nrt=False, error_model="numpy", inline="always")
def wants_redouble(total, ace, up, strategy, params):
    """Whether a doubled hand (sum ``total``, aces as one) doubles again once its card is
    seen (Spanish 21's redouble): a total the rules let double, below 21, that the
    strategy's ``K_REDOUBLE`` (hard) or ``K_REDOUBLE_SOFT`` row marks."""
    if ace and total + 10 <= 21:
        return params[P_DOUBLE_SOFT] == 1 and total + 10 < 21 \
            and strategy[K_REDOUBLE_SOFT, ix(total + 10), ix(up)] == DOUBLE
    if total < params[P_DOUBLE_MIN] or total > params[P_DOUBLE_MAX] or total >= 21:
        return False
    return strategy[K_REDOUBLE, ix(total), ix(up)] == DOUBLE


@njit(_nrt=False, error_model="numpy", inline="always")
def wants_split(c1, up, strategy, dev, use_dev, st, tcs, err, err_play, who, erng):
    """Whether a pair of ``c1`` is split; with ``err``, after the seat's play errors."""
    act = decision(K_PAIR, c1, up, strategy, dev, use_dev, st, tcs)
    if err:
        act = index_error(act, strategy[K_PAIR, ix(c1), ix(up)], K_PAIR, c1, up, dev, use_dev,
                          st, tcs, err_play, who, erng)
        act = split_slip(act, err_play, who, erng)
    return act == SPLIT


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


def _seat_player(errors, any_cards=False):
    """``play_seat`` compiled with (``errors`` True) or without the play-error hooks,
    and with (``any_cards`` True, Spanish 21) or without Spanish 21's doubles: on any
    number of cards (``P_DOUBLE_ANY``), redoubled (``P_MAX_DOUBLES``) and rescued
    (``P_RESCUE``).

    ``errors`` and ``any_cards`` are constants of the compiled function, so
    the plain one (inlined into the round loop) holds no code of either, and
    the others (calls of their own) none of the hot loop's size.
    """

    @njit(_nrt=False, error_model="numpy",
          inline="never" if errors or any_cards else "always")
    def play_seat(seat, up, shoe, st, rng, tags2, params, strategy, dev, use_dev, tcs, hand,
                  nhands, counts, err_play, who, erng):
        """Play out every hand of one seat, splitting and doubling as it goes.

        The seat's first hand holds its two dealt cards on entry. ``counts``
        receives [doubles (a redouble one more), splits, busts] for the seat.
        :data:`play_seat_with_errors`
        plays with the error rates of row ``who`` of ``err_play``, drawn from
        ``erng`` (:mod:`~jost_engine.kernel.errors`); :data:`play_seat` ignores them. The
        hand in play is held in local variables and written back to ``hand`` once it is over:
        between two cards nothing is stored but the dealing state, so the
        compiled loop keeps the hand and the shoe position in registers.
        """
        base = seat * MAX_HANDS
        err = errors  # a constant of the compiled function: False leaves no error code in it
        more = any_cards  # a constant too: Spanish 21's doubles (any size, rescue)
        i = 0
        while i < nhands[seat]:
            slot = ix(base + i)
            total = hand[slot, F_SUM]  # aces as one
            ace = hand[slot, F_ACE]
            cards = hand[slot, F_CARDS]
            c1 = hand[slot, F_C1]
            c2 = hand[slot, F_C2]
            mult = hand[slot, F_MULT]
            state = hand[slot, F_STATE]
            split = hand[slot, F_SPLIT]
            split_aces = hand[slot, F_SPLIT_ACES]
            if cards == 1:  # a split hand takes its second card
                c2 = deal(shoe, st, rng, tags2, True)
                total += c2
                ace |= c2 == ACE
                cards = 2
            while state == H_LIVE:
                best = best_total(total, ace)
                if best >= 21:
                    state = H_STOOD if best == 21 else H_BUST
                    break
                if cards == 2 and c1 == c2 and nhands[seat] < params[P_MAX_HANDS] \
                        and (c1 != ACE or not split or params[P_RSA] == 1) \
                        and wants_split(c1, up, strategy, dev, use_dev, st, tcs, err, err_play,
                                        who, erng):
                    open_hand(hand, ix(base + nhands[seat]), c1, 1)
                    nhands[seat] += 1
                    counts[1] += 1
                    # this hand starts again from its first card, and takes a second
                    split = 1
                    split_aces = 1 if c1 == ACE else 0
                    c2 = deal(shoe, st, rng, tags2, True)
                    total = c1 + c2
                    ace = 1 if (c1 == ACE or c2 == ACE) else 0
                    continue
                if split_aces and params[P_HSA] == 0:
                    state = H_STOOD
                    break
                act = play_action(total, ace,
                                  2 if more and params[P_DOUBLE_ANY] == 1 else cards, split,
                                  split_aces, up, strategy, dev, use_dev, params, st, tcs, err,
                                  err_play, who, erng)
                if err:  # errors: a slip
                    act = play_slip(act, can_double(total, ace, cards, split, split_aces, params),
                                    err_play, who, erng)
                if act == STAND:
                    state = H_STOOD
                    break
                card = deal(shoe, st, rng, tags2, True)
                total += card
                ace |= card == ACE
                cards += 1
                if act != HIT:  # DOUBLE: one card, then stand
                    counts[0] += 1
                    mult = 2
                    if more:  # Spanish 21: redoubles, each one more card for twice the bet
                        while mult < 1 << params[P_MAX_DOUBLES] and total <= 21 \
                                and wants_redouble(total, ace, up, strategy, params):
                            card = deal(shoe, st, rng, tags2, True)
                            total += card
                            ace |= card == ACE
                            cards += 1
                            mult *= 2
                            counts[0] += 1
                    state = H_BUST if total > 21 else H_STOOD
                    if more and state == H_STOOD and params[P_RESCUE] == 1 \
                            and wants_rescue(total, ace, up, strategy):
                        state = H_RESCUED
            if state == H_BUST:
                counts[2] += 1
            hand[slot, F_SUM] = total
            hand[slot, F_ACE] = ace
            hand[slot, F_CARDS] = cards
            hand[slot, F_C2] = c2
            hand[slot, F_MULT] = mult
            hand[slot, F_STATE] = state
            hand[slot, F_SPLIT] = split
            hand[slot, F_SPLIT_ACES] = split_aces
            i += 1

    return play_seat


#: Every hand of a seat played without error (inlined into the round loop).
play_seat = _seat_player(False)
#: Every hand of a seat played with the error rates of its row ``who``
#: (:mod:`~jost_engine.kernel.errors`).
play_seat_with_errors = _seat_player(True)
#: Every hand of a seat played without error with Spanish 21's doubles (on any number
#: of cards, ``P_DOUBLE_ANY``; redoubled, ``P_MAX_DOUBLES``; rescued, ``P_RESCUE``); a
#: call of its own from the features loop.
play_seat_any_cards = _seat_player(False, True)
