"""The seats of a round with cover plays or other players who count.

When neither is on, :mod:`.rounds` plays every seat itself, as always; else
it calls :func:`play_table` (and :func:`surrender_others`) once a round, so
the plain loop keeps its size. Here:

- our seats (``me .. me + n_spots - 1``, when betting) play the cover chart
  and index plays (``cover_strategy``, ``cover_dev``) in a cover round, and
  the chart and index plays otherwise;
- another seat plays the chart, with the count's index plays when its
  ``seat_kind`` is 1 (a counter, ``P_OTHERS``) at our true count: every
  player sees the same cards.
"""

from numba import njit

from .errors import WHO_NONE
from .hands import MAX_HANDS, play_seat, play_seat_with_errors, wants_surrender
from .index import ix
from .layout import F_STATE, H_LIVE, H_SURRENDERED, P_OTHERS, P_SPOTS


@njit(_nrt=False, error_model="numpy", inline="always")
def other_counts(params, seat_kind, s, me, n_spots):
    """Whether round seat ``s`` (not ours) plays the count's index plays.

    ``seat_kind`` is by configured seat (1: a counter); with several spots a
    round of ``n_spots`` leaves ``P_SPOTS - n_spots`` of our seats empty, so
    the seats after ours move down by as many.
    """
    if params[P_OTHERS] == 0:
        return False
    if s >= me:
        s += params[P_SPOTS] - n_spots
    return seat_kind[ix(s)] == 1


@njit(_nrt=False, error_model="numpy")
def play_table(seats, me, n_spots, betting, deviating, cover, up, shoe, st, rng, tags2, params,
               strategy, dev, cover_strategy, cover_dev, seat_kind, tcs, hand, nhands, counts,
               no_counts, err_play, who, erng):
    """Play every live seat of the round in seat order (see the module's note).

    Our seats make the play errors of row ``who`` of ``err_play`` (``WHO_NONE``: none,
    see :mod:`~jost_engine.kernel.errors`); the other seats play without error.
    """
    for s in range(seats):
        if hand[ix(s * MAX_HANDS), F_STATE] != H_LIVE:
            continue
        ours = ix(s - me) < ix(n_spots)
        if ours and betting:
            chart = cover_strategy if cover else strategy
            plays = cover_dev if cover else dev
            if who != WHO_NONE:
                play_seat_with_errors(s, up, shoe, st, rng, tags2, params, chart, plays,
                                      deviating, tcs, hand, nhands, counts, err_play, who, erng)
            else:
                play_seat(s, up, shoe, st, rng, tags2, params, chart, plays, deviating, tcs,
                          hand, nhands, counts, err_play, WHO_NONE, erng)
        else:
            play_seat(s, up, shoe, st, rng, tags2, params, strategy, dev,
                      (not ours) and other_counts(params, seat_kind, s, me, n_spots), tcs, hand,
                      nhands, no_counts, err_play, WHO_NONE, erng)


@njit(_nrt=False, error_model="numpy")
def surrender_others(seats, me, n_spots, deviating, up, strategy, dev, st, tcs, hand, params,
                     seat_kind):
    """One surrender phase of every seat, counters with their index plays."""
    for s in range(seats):
        slot = ix(s * MAX_HANDS)
        ours = ix(s - me) < ix(n_spots)
        use_dev = (ours and deviating) or (
            (not ours) and other_counts(params, seat_kind, s, me, n_spots))
        if hand[slot, F_STATE] == H_LIVE and wants_surrender(hand, slot, up, strategy, dev,
                                                             use_dev, st, tcs):
            hand[slot, F_STATE] = H_SURRENDERED
