"""The seats of a round with cover plays or other players who count.

When neither is on, :mod:`.rounds` plays every seat itself, as always; else
it calls :func:`play_table` (and :func:`surrender_others`) once a round, so
the plain loop keeps its size. Here:

- our seats (``me .. me + n_spots - 1``, when betting) play the cover chart
  and index plays (``cover_strategy``, ``cover_dev``) in a cover round, and
  the chart and index plays otherwise;
- another seat plays the chart, with the count's index plays when its
  ``seat_kind`` has bit ``KIND_COUNTER`` (a counter) at our true count: every
  player sees the same cards; and with the play errors of row
  ``seat_kind >> KIND_ROW_SHIFT`` of ``err_play`` when that row is not
  ``WHO_NONE`` (a player who errs, :mod:`~jost_engine.kernel.errors`), drawn from the errors'
  stream.

``P_OTHERS`` is 1 when some other seat counts or errs; else ``seat_kind``
is not read.
"""

from numba import njit

from .errors import WHO_NONE
from .hands import MAX_HANDS, play_seat, play_seat_with_errors, wants_surrender
from .index import ix
from .layout import F_STATE, H_LIVE, H_SURRENDERED, P_OTHERS, P_SPOTS

KIND_COUNTER = 1    # seat_kind bit: the seat plays the count's index plays
KIND_ROW_SHIFT = 1  # seat_kind >> KIND_ROW_SHIFT: the seat's row of err_play (0: none)


@njit(_nrt=False, error_model="numpy", inline="always")
def other_kind(params, seat_kind, s, me, n_spots):
    """The ``seat_kind`` of round seat ``s`` (not ours); 0 (the chart, no error) when unset.

    ``seat_kind`` is by configured seat; with several spots a round of
    ``n_spots`` leaves ``P_SPOTS - n_spots`` of our seats empty, so the seats
    after ours move down by as many.
    """
    if params[P_OTHERS] == 0:
        return 0
    if s >= me:
        s += params[P_SPOTS] - n_spots
    return seat_kind[ix(s)]


@njit(_nrt=False, error_model="numpy", inline="always")
def other_counts(params, seat_kind, s, me, n_spots):
    """Whether round seat ``s`` (not ours) plays the count's index plays."""
    return other_kind(params, seat_kind, s, me, n_spots) & KIND_COUNTER == KIND_COUNTER


@njit(_nrt=False, error_model="numpy")
def play_table(seats, me, n_spots, betting, deviating, cover, up, shoe, st, rng, tags2, params,
               strategy, dev, cover_strategy, cover_dev, seat_kind, tcs, hand, nhands, counts,
               no_counts, err_play, who, erng):
    """Play every live seat of the round in seat order (see the module's note).

    Our seats make the play errors of row ``who`` of ``err_play`` (``WHO_NONE``: none,
    see :mod:`~jost_engine.kernel.errors`); another seat those of its own row (``seat_kind``).
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
            kind = 0 if ours else other_kind(params, seat_kind, s, me, n_spots)
            counter = kind & KIND_COUNTER == KIND_COUNTER
            row = kind >> KIND_ROW_SHIFT
            if row != WHO_NONE:  # a player who errs, at the rates of its row
                play_seat_with_errors(s, up, shoe, st, rng, tags2, params, strategy, dev,
                                      counter, tcs, hand, nhands, no_counts, err_play, row, erng)
            else:
                play_seat(s, up, shoe, st, rng, tags2, params, strategy, dev, counter, tcs,
                          hand, nhands, no_counts, err_play, WHO_NONE, erng)


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
