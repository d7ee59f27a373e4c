"""The hot loop: deal, play and settle one chunk of rounds into tallies.

Everything the loop needs arrives as plain arrays prepared by
:mod:`jost_engine.prepare`; everything it learns leaves as additive integer
tallies laid out in :mod:`jost_engine.kernel.layout`. Nothing is allocated
per round.
"""

import numpy as np
from numba import njit

from .cache_guard import guard
from .cover import add_cover, cover_bet, cover_round, start_cover
from .errors import N_EST, WHO_NONE, WHO_PLAYER, bet_step, round_errors, start_errors
from .freebet import free_result, own_stake
from .hands import (
    MAX_HANDS,
    add_card,
    open_hand,
    play_seat,
    play_seat_any_cards,
    play_seat_with_errors,
    total_of,
    wants_surrender,
)
from .index import ix
from .layout import (
    ACE,
    B_BET,
    B_DEALT,
    B_NET,
    B_NET2,
    B_ROUNDS,
    BATCH_MASK,
    F_ACE,
    F_MULT,
    F_STATE,
    F_SUM,
    H_BLACKJACK,
    H_BUST,
    H_LIVE,
    H_RESCUED,
    H_STOOD,
    H_SURRENDERED,
    HIST_WATCHED,
    MAX_SPOTS,
    N_FIELDS,
    N_PATH_BINS,
    OUTCOME_SPAN,
    P_BJ_PAY,
    P_BONUS21,
    P_COUNT,
    P_COVER_BET,
    P_COVER_PLAY,
    P_CUT,
    P_DOUBLE_ANY,
    P_ENHC,
    P_ERR_BET,
    P_ERR_PLAY,
    P_ERRORS,
    P_EVERY_ROUND,
    P_FIRST_IN_ORDER,
    P_FREE_DOUBLES,
    P_FREE_SPLITS,
    P_H17,
    P_HAS_DEV,
    P_INS_AT,
    P_INSURANCE,
    P_IRC,
    P_OTHERS,
    P_PATH_HOURS,
    P_PATH_WIDTH,
    P_PLAYER21,
    P_PLAYERS,
    P_PUSH22,
    P_RESCUE,
    P_ROUNDS_PER_HOUR,
    P_SEAT,
    P_SIDE_BETS,
    P_SIDE_PLAYOUT,
    P_SPOTS,
    P_STACKED,
    P_SURRENDER,
    P_SWITCH,
    P_TRIP_BANK,
    P_TRIP_GOAL,
    P_TRIP_ROUNDS,
    P_WONG,
    P_WONG_IN,
    P_WONG_OUT,
    PATH_HOURS_MAX,
    PATH_TRIPS,
    SURRENDER_EARLY,
    SURRENDER_LATE,
    T_ALL_ROUNDS,
    T_BUSTS,
    T_CARDS,
    T_DEALER_BJ,
    T_DEALER_BUSTS,
    T_DOUBLES,
    T_HANDS,
    T_INSURANCE,
    T_INSURANCE_WON,
    T_LOSSES,
    T_PATHS_CUT,
    T_PLAYER_BJ,
    T_PUSHES,
    T_SHOES,
    T_SPLITS,
    T_SURRENDERS,
    T_TRIP_ROUNDS,
    T_TRIPS_GOAL,
    T_TRIPS_OPEN,
    T_TRIPS_RUINED,
    T_TRIPS_SURVIVED,
    T_WAGERED,
    T_WINS,
    TC_MIN,
    TEN,
)
from .others import play_table, surrender_others
from .shoe import (
    N_STATE,
    S_AHEAD,
    S_ERROR,
    S_HIDDEN,
    S_IN,
    S_IN_ORDER,
    S_PATH_HOUR,
    S_PATH_ON,
    S_POS,
    S_RC,
    S_ROUND_START,
    S_SHOE,
    S_TC_ROW0,
    S_TRIP_INDEX,
    S_TRIP_NET,
    S_TRIP_ROUNDS,
    deal,
    shuffle,
)
from .sidebets import (
    N_SB_STATE,
    N_TYPES,
    Q_N_SIDE,
    Q_PLAYOUT,
    Q_SHOE,
    side_deal,
    side_settle,
)
from .spanish import spanish_result
from .spots import add_spots, round_seats, spots_now
from .switch import switch_hands
from .truecount import first_row, true_count

WONG_NONE = 1000  # |index| of a wong_in / wong_out that is not set


@njit(_nrt=False, error_model="numpy")
def _start_shoe(shoe, template, st, rng, key, irc2, start_in):
    """Shuffle (see :func:`.shoe.shuffle`) and start in or out of the game (wonging).

    Takes scalars, not ``params``: a tuple of ``N_PARAMS`` is copied at each call.
    """
    shuffle(shoe, template, st, rng, key, irc2)
    st[S_IN] = start_in


@njit(_nrt=False, error_model="numpy")
def _plan_draws(st, params, n_cards):
    """How far each shoe is shuffled at once, and which positions stay in place.

    A cut-card shoe is drawn to the cut card and the cards of a round
    past it; a shoe reshuffled every round, a round's first cards (later
    ones a block at a time, see :func:`.shoe.deal`). A stacked shoe stays in
    its order; with ``P_FIRST_IN_ORDER`` a shoe's first cards (the seats'
    two and the up card) do.
    """
    players = params[P_PLAYERS]
    round_cards = 2 * players + 4
    if params[P_STACKED]:
        st[S_IN_ORDER] = n_cards
        st[S_AHEAD] = n_cards
        return
    st[S_IN_ORDER] = (2 * players + 1) if params[P_FIRST_IN_ORDER] else 0
    st[S_AHEAD] = round_cards if params[P_EVERY_ROUND] else params[P_CUT] + round_cards


@njit(_nrt=False, error_model="numpy")
def _wong(st, params, tc):
    """Step in or out of the game at the start of a round (back-counting)."""
    if params[P_WONG] == 0:
        return
    if st[S_IN] == 1:
        if tc <= params[P_WONG_OUT]:
            st[S_IN] = 0
    elif tc >= params[P_WONG_IN]:
        st[S_IN] = 1


@njit(_nrt=False, error_model="numpy")
def _path_bin(st, params):
    """Bin of the trip's bankroll (starting bankroll + net) in the paths."""
    b = (params[P_TRIP_BANK] + st[S_TRIP_NET]) // params[P_PATH_WIDTH]
    if b < 0:
        return 0
    if b >= N_PATH_BINS:
        return N_PATH_BINS - 1
    return b


@njit(_nrt=False, error_model="numpy")
def _path_hour(st, params, paths, path_buf, ended):
    """Record the trip's bankroll at an hour's end, or for all its hours left once it ended.

    Once all ``P_PATH_HOURS`` hours are known the path is added to ``paths``
    and recording stops for this trip (``S_PATH_ON``).
    """
    hours = params[P_PATH_HOURS]
    if ended:  # absorbed: ruin, goal or the trip's length
        last = _path_bin(st, params)
        for h in range(st[S_PATH_HOUR], hours):
            path_buf[h] = last
        st[S_PATH_HOUR] = hours
    else:
        path_buf[st[S_PATH_HOUR]] = _path_bin(st, params)
        st[S_PATH_HOUR] += 1
    if st[S_PATH_HOUR] == hours:
        for h in range(hours):
            paths[h, path_buf[h]] += 1
        st[S_PATH_ON] = 0


@njit(_nrt=False, error_model="numpy", inline="always")
def _trip(st, params, tally, net, paths, path_buf):
    """Follow a simulated bankroll trip: ruin, goal, or its full length.

    The first ``PATH_TRIPS`` trips of the chunk are followed hour by hour
    too (one comparison a round otherwise).
    """
    st[S_TRIP_NET] += net
    st[S_TRIP_ROUNDS] += 1
    if st[S_PATH_ON] == 1 and \
            st[S_TRIP_ROUNDS] == (st[S_PATH_HOUR] + 1) * params[P_ROUNDS_PER_HOUR]:
        _path_hour(st, params, paths, path_buf, False)
    if st[S_TRIP_NET] <= -params[P_TRIP_BANK]:
        tally[T_TRIPS_RUINED] += 1
    elif params[P_TRIP_GOAL] > 0 and st[S_TRIP_NET] >= params[P_TRIP_GOAL]:
        tally[T_TRIPS_GOAL] += 1
    elif params[P_TRIP_ROUNDS] > 0 and st[S_TRIP_ROUNDS] >= params[P_TRIP_ROUNDS]:
        tally[T_TRIPS_SURVIVED] += 1
    else:
        return
    if st[S_PATH_ON] == 1:
        _path_hour(st, params, paths, path_buf, True)
    tally[T_TRIP_ROUNDS] += st[S_TRIP_ROUNDS]
    st[S_TRIP_NET] = 0
    st[S_TRIP_ROUNDS] = 0
    st[S_TRIP_INDEX] += 1
    _start_path(st, params)


@njit(_nrt=False, error_model="numpy")
def _start_path(st, params):
    """Follow the next trip's path if it is among the chunk's first ``PATH_TRIPS``."""
    st[S_PATH_HOUR] = 0
    st[S_PATH_ON] = 1 if (st[S_TRIP_INDEX] < PATH_TRIPS and params[P_PATH_HOURS] > 0) else 0


@njit(_nrt=False, error_model="numpy")
def _dealer_draws(dsum, dace, h17, shoe, st, rng, tags2):
    """Draw to 17 (hitting soft 17 when ``h17``); return the final total."""
    while True:
        soft = dace and dsum + 10 <= 21
        total = dsum + 10 if soft else dsum
        if total > 17 or (total == 17 and not (soft and h17)):
            return total
        card = deal(shoe, st, rng, tags2, True)
        dsum += card
        if card == ACE:
            dace = True


@njit(_nrt=False, error_model="numpy")
def _dealer_with_side_bets(live, dealer_bj, hole, dsum, dace, h17, shoe, st, rng, tags2,
                           betting, sb_spec, sb_st, sb_tally):
    """The dealer's hand when side bets are on (played out for a dealer-bust bet), and our
    side bets settled (:mod:`~jost_engine.kernel.sidebets`); returns the dealer's total (0:
    no draw)."""
    total = 0
    cards = 0
    if (live or sb_st[Q_PLAYOUT] == 1) and not dealer_bj:
        pos = st[S_POS]
        total = _dealer_draws(dsum, dace, h17, shoe, st, rng, tags2)
        cards = (2 if hole > 0 else 1) + max(st[S_POS] - pos, 0)
    if betting:
        side_settle(total, cards, dealer_bj, sb_spec, sb_st, sb_tally)
    return total


@njit(_nrt=False, error_model="numpy")
def _settle(state, mult, total, dealer_total, dealer_bj, bj_pay, late_enhc):
    """Outcome of one hand in tenths of the initial bet."""
    if state == H_BLACKJACK:
        return 0 if dealer_bj else bj_pay
    if state == H_SURRENDERED:
        return -10 if (dealer_bj and late_enhc) else -5
    if state == H_BUST or dealer_bj:
        return -10 * mult
    if dealer_total > 21 or total > dealer_total:
        return 10 * mult
    if total == dealer_total:
        return 0
    return -10 * mult


@njit(_nrt=False, error_model="numpy", inline="always")
def _settle_seat(seat, hand, nhands, tally, dealer_total, dealer_bj, bj_pay, late_enhc,
                 insured):
    """Settle one of our seats: its outcome [1/10 initial bet] and action [1/10 bet].

    Adds the seat's hands, results, blackjack, surrender and insurance to ``tally``.
    """
    outcome = 0
    action = 0
    base = seat * MAX_HANDS
    for k in range(nhands[seat]):
        slot = ix(base + k)
        result = _settle(hand[slot, F_STATE], hand[slot, F_MULT], total_of(hand, slot),
                         dealer_total, dealer_bj, bj_pay, late_enhc)
        outcome += result
        action += 10 * hand[slot, F_MULT]
        _count_result(tally, result)
    return _seat_extras(seat, hand, nhands, tally, dealer_bj, insured, outcome, action)


@njit(_nrt=False, error_model="numpy", inline="always")
def _count_result(tally, result):
    """Count one hand as won, pushed or lost by the sign of ``result``."""
    if result > 0:
        tally[T_WINS] += 1
    elif result == 0:
        tally[T_PUSHES] += 1
    else:
        tally[T_LOSSES] += 1


@njit(_nrt=False, error_model="numpy", inline="always")
def _seat_extras(seat, hand, nhands, tally, dealer_bj, insured, outcome, action):
    """A seat's blackjack, surrender, insurance and hands tallied, insurance settled:
    the seat's outcome and action [1/10 bet] with the insurance's."""
    base = seat * MAX_HANDS
    state = hand[ix(base), F_STATE]
    if state == H_BLACKJACK:
        tally[T_PLAYER_BJ] += 1
    elif state == H_SURRENDERED:
        tally[T_SURRENDERS] += 1
    if insured:
        action += 5
        tally[T_INSURANCE] += 1
        if dealer_bj:
            outcome += 10
            tally[T_INSURANCE_WON] += 1
        else:
            outcome -= 5
    tally[T_HANDS] += nhands[seat]
    return outcome, action


@njit(_nrt=False, error_model="numpy")
def _settle_variants(me, n_spots, outcomes, hand, nhands, tally, dealer_total, dealer_bj,
                     bj_pay, late_enhc, insured, params):
    """Settle our ``n_spots`` spots under Free Bet rules (:mod:`.freebet`) or Spanish 21's
    (:mod:`.spanish`): the round's outcome and action (the player's own money only),
    each spot's in ``outcomes``.

    A call of its own, made from the features loop only.
    """
    outcome = 0
    action = 0
    for s in range(me, me + n_spots):
        o = 0
        a = 0
        for k in range(nhands[s]):
            slot = ix(s * MAX_HANDS + k)
            own = own_stake(hand, slot, k, params)
            state = hand[slot, F_STATE]
            if state == H_RESCUED:  # Spanish 21: the original bet lost, the double back
                result = -10
                sign = -1
            elif state == H_BLACKJACK or state == H_SURRENDERED:
                result = _settle(state, 1, 0, dealer_total, dealer_bj, bj_pay, late_enhc)
                if state == H_BLACKJACK and params[P_PLAYER21] == 1:
                    result = bj_pay  # Spanish 21: it beats a dealer's blackjack too
                sign = result
            else:
                result, sign = free_result(hand, slot, own, dealer_total, dealer_bj, params)
                result, sign = spanish_result(hand, slot, result, sign, dealer_total,
                                              dealer_bj, params)
            o += result
            a += 10 * own
            _count_result(tally, sign)
        o, a = _seat_extras(s, hand, nhands, tally, dealer_bj, insured, o, a)
        outcomes[ix(s - me)] = o
        outcome += o
        action += a
    return outcome, action


@njit(_nrt=False, error_model="numpy")
def _settle_spots(me, n_spots, outcomes, hand, nhands, tally, dealer_total, dealer_bj, bj_pay,
                  late_enhc, insured):
    """Settle our ``n_spots`` spots from seat ``me``: the round's outcome and action.

    Each spot's outcome goes to ``outcomes[k]``. A call of its own (not
    inlined), so the one-spot loop keeps its size.
    """
    outcome = 0
    action = 0
    for k in range(n_spots):
        o, a = _settle_seat(me + k, hand, nhands, tally, dealer_total, dealer_bj, bj_pay,
                            late_enhc, insured)
        outcomes[k] = o
        outcome += o
        action += a
    return outcome, action


@njit(cache=True)
def play_chunk(n_rounds, params, key, shoe, strategy, dev, tags2, bet_by_tc, tcs, tally,
               hist, paths, batches, spots_by_tc, spot_sums, err_play, err_steps, cover_par,
               cover_sums, cover_strategy, cover_dev, seat_kind, sb_spec, sb_types0, sb_tally,
               switch):
    """Play ``n_rounds`` rounds from a freshly shuffled shoe, adding to tallies.

    Every shoe starts from the order ``shoe`` has on entry, and shoe ``k``
    (from 0) is dealt from the generator state derived from ``(key, k)``; in
    a game reshuffled every round, round ``k`` is shoe ``k`` (see
    :mod:`.rng`).

    Parameters
    ----------
    n_rounds : int
        Rounds to deal (watched rounds included).
    params : numpy.ndarray
        Rules, table and count (int64), see ``layout.P_*``.
    key : numpy.uint64
        The chunk's key (:func:`.rng.chunk_key`).
    shoe : numpy.ndarray
        The cards (int8), permuted in place (on return, the last shoe's
        dealt cards lead in dealing order); dealt in order when stacked, and
        each shoe's first-round cards dealt in order with ``P_FIRST_IN_ORDER``
        (they stay at the front: dealing only permutes the undealt part).
    strategy : numpy.ndarray
        The chart (int8 actions) [kind, row, up card], see ``layout.K_*``.
    dev : numpy.ndarray
        Index plays (int64) [kind, row, up card, DEV_*]: direction (+1 at or
        above, -1 below, 0 none), index (true count) and action.
    tags2 : numpy.ndarray
        Count tags in half points by card value.
    bet_by_tc : numpy.ndarray
        Initial bet [1/10 unit] for each true count from ``TC_MIN``.
    tcs : numpy.ndarray
        The true count by unseen cards and running count
        (:func:`.truecount.count_table` of ``params``, ``tags2`` and the shoe).
    tally, hist : numpy.ndarray
        Integer tallies (int64), added to in place.
    paths : numpy.ndarray
        Bankroll paths (int64) [hour - 1, bankroll bin], added to in place
        when trips are followed (see ``layout.PATH_TRIPS``); its shape is
        at least ``(params[P_PATH_HOURS], N_PATH_BINS)``.
    batches : numpy.ndarray
        Sums of each sub-batch of rounds (int64) [batch, B_*], added to in
        place; a round's batch is its shoe's index in the chunk modulo
        ``N_BATCHES`` (see ``layout.N_BATCHES``).
    spots_by_tc : numpy.ndarray
        Spots taken (int64, 1..``MAX_SPOTS``) at each true count from
        ``TC_MIN``; read only when ``params[P_SPOTS] > 1`` (see :mod:`jost_engine.kernel.spots`).
    spot_sums : numpy.ndarray
        Sums of the spots' outcomes (int64) [true count, SP_*], added to in
        place when ``params[P_SPOTS] > 1`` (see ``layout.SP_ROUNDS``).
    err_play : numpy.ndarray
        Play error rates (int64) [who, X_*] of :mod:`~jost_engine.kernel.errors`; row
        ``WHO_PLAYER`` is read when ``params[P_ERR_PLAY]`` is set.
    err_steps : numpy.ndarray
        The true-count bins of the ramp steps below and above each count
        (int64) [STEP_*, tc bin], read when ``params[P_ERR_BET] > 0``.
    cover_par : numpy.ndarray
        Figures of the cover bets and plays (int64, ``layout.CP_*``), read
        only when ``P_COVER_BET`` or ``P_COVER_PLAY`` is on (see
        :mod:`jost_engine.kernel.cover`).
    cover_sums : numpy.ndarray
        Exact bet and net sums by true count (int64) [true count, CV_*], added
        to in place when ``params[P_COVER_BET]`` is on.
    cover_strategy, cover_dev : numpy.ndarray
        The chart and index plays of a cover round (shaped as ``strategy``
        and ``dev``), read only when ``params[P_COVER_PLAY]`` is on.
    seat_kind : numpy.ndarray
        By seat (int64): bit ``others.KIND_COUNTER`` for another player
        who plays the count's index plays, and above it
        (``>> others.KIND_ROW_SHIFT``) the seat's row of ``err_play`` for
        one who errs (0: none); read only when ``params[P_OTHERS]`` is on.
    sb_spec, sb_types0 : numpy.ndarray
        Our side bets (int64) [bet, SB_*] and the shoe's cards of each of
        the 52 card types; read only when ``params[P_SIDE_BETS] > 0``
        (see :mod:`jost_engine.kernel.sidebets`).
    sb_tally : numpy.ndarray
        Side bet pay lines (int64) [bet, true count, line], added to in place.
    switch : numpy.ndarray
        Blackjack Switch: 1 where our two hands exchange their second cards
        (int8) [a1, a2, b1, b2, up card] by rank index (card value - 1); read
        only when ``params[P_SWITCH]`` is on (see :mod:`jost_engine.kernel.switch`).

    Returns
    -------
    int
        1 if a stacked shoe ran out of cards (test hook), else 0.

    Notes
    -----
    This kernel plays without a person's errors, cover bets or plays, other
    counting or erring seats, side bets and the variants' rules (``P_ERRORS``,
    ``P_COVER_BET``, ``P_COVER_PLAY``, ``P_OTHERS``, ``P_SIDE_BETS``,
    ``P_PUSH22``, ``P_FREE_DOUBLES``, ``P_FREE_SPLITS``, Spanish 21's and
    ``P_SWITCH`` all 0): its loop holds none of their code.
    :func:`play_chunk_features` plays with them; :func:`kernel_for` picks.
    Each is compiled on its first use.
    """
    return _plain_run(n_rounds, params, key, shoe, strategy, dev, tags2, bet_by_tc, tcs, tally,
                      hist, paths, batches, spots_by_tc, spot_sums, err_play, err_steps,
                      cover_par, cover_sums, cover_strategy, cover_dev, seat_kind, sb_spec,
                      sb_types0, sb_tally, switch)


@njit(cache=True)
def play_chunk_features(n_rounds, params, key, shoe, strategy, dev, tags2, bet_by_tc, tcs,
                        tally, hist, paths, batches, spots_by_tc, spot_sums, err_play,
                        err_steps, cover_par, cover_sums, cover_strategy, cover_dev, seat_kind,
                        sb_spec, sb_types0, sb_tally, switch):
    """:func:`play_chunk` with any of the table's features (see its notes)."""
    return _feature_run(n_rounds, params, key, shoe, strategy, dev, tags2, bet_by_tc, tcs, tally,
                        hist, paths, batches, spots_by_tc, spot_sums, err_play, err_steps,
                        cover_par, cover_sums, cover_strategy, cover_dev, seat_kind, sb_spec,
                        sb_types0, sb_tally, switch)


def kernel_for(params):
    """The kernel that plays ``params``: :func:`play_chunk` or :func:`play_chunk_features`."""
    if params[P_ERRORS] or params[P_COVER_BET] or params[P_COVER_PLAY] or params[P_OTHERS] \
            or params[P_SIDE_BETS] or params[P_PUSH22] or params[P_FREE_DOUBLES] \
            or params[P_FREE_SPLITS] or params[P_PLAYER21] or params[P_DOUBLE_ANY] \
            or params[P_BONUS21] or params[P_RESCUE] or params[P_SWITCH]:
        return play_chunk_features
    return play_chunk


@njit
def _work_arrays(params, shoe, tcs):
    """The round loop's working arrays, made once per chunk (the loop allocates nothing).

    Returns
    -------
    tuple of numpy.ndarray
        ``(st, rng, template, hand, nhands, counts, no_counts, path_buf,
        outcomes, erng, est, crng, sb_types, sb_rng, sb_st)``, the last
        arguments of :func:`_round_loop`'s loop: ``st`` the dealing state
        (:mod:`.shoe`), its row of the count table set
        (:func:`.truecount.first_row`).
    """
    players = params[P_PLAYERS]
    hand = np.zeros((players * MAX_HANDS, N_FIELDS), np.int64)
    nhands = np.zeros(players, np.int64)
    counts = np.zeros(3, np.int64)
    no_counts = np.zeros(3, np.int64)
    st = np.zeros(N_STATE, np.int64)
    rng = np.zeros(4, np.uint64)
    path_buf = np.zeros(PATH_HOURS_MAX, np.int64)
    outcomes = np.zeros(MAX_SPOTS, np.int64)
    erng = np.zeros(4, np.uint64)
    est = np.zeros(N_EST, np.int64)
    crng = np.zeros(4, np.uint64)
    st[S_TC_ROW0] = first_row(tcs, shoe.shape[0])
    start_errors(est, st[S_TC_ROW0], shoe.shape[0])
    template = shoe.copy()
    sb_types = np.zeros(N_TYPES, np.int64)
    sb_rng = np.zeros(4, np.uint64)
    sb_st = np.zeros(N_SB_STATE, np.int64)
    sb_st[Q_SHOE] = -1
    return (st, rng, template, hand, nhands, counts, no_counts, path_buf, outcomes, erng, est,
            crng, sb_types, sb_rng, sb_st)


def _round_loop(features):
    """The round loop compiled with (``features`` True) or without the table's features,
    and a chunk's run of it (its working arrays made, the loop called).

    The features are a person's errors (:mod:`~jost_engine.kernel.errors`), cover bets and
    plays (:mod:`.cover`), other seats that count (:mod:`~jost_engine.kernel.others`), side
    bets (:mod:`~jost_engine.kernel.sidebets`) and the variants (Free Bet, Spanish 21,
    Blackjack Switch: :mod:`.switch`). ``features`` is a constant of the compiled
    function: False leaves none of their code in the loop, so a run without
    them pays nothing for their branches (``benchmarks/kernel_ab.py``); True
    reads their switches from ``params`` as usual.
    """

    @njit(_nrt=False, error_model="numpy")
    def play_rounds(n_rounds, params, key, shoe, strategy, dev, tags2, bet_by_tc, tcs, tally,
                    hist, paths, batches, spots_by_tc, spot_sums, err_play, err_steps,
                    cover_par, cover_sums, cover_strategy, cover_dev, seat_kind, sb_spec,
                    sb_types0, sb_tally, switch, st, rng, template, hand, nhands, counts,
                    no_counts, path_buf, outcomes, erng, est, crng, sb_types, sb_rng, sb_st):
        """The loop itself, compiled without reference counting (no allocation)."""
        players = params[P_PLAYERS]
        me = params[P_SEAT]
        multi = params[P_SPOTS] > 1  # several spots (.spots); else one spot, every seat dealt
        n_spots = 1  # our seats this round: me .. me + n_spots - 1 (mine: ix(s - me) < ix(n_spots))
        seats = players
        stacked = params[P_STACKED]
        counting = params[P_COUNT]
        enhc = params[P_ENHC] == 1
        h17 = params[P_H17] == 1
        bj_pay = params[P_BJ_PAY]
        surrender = params[P_SURRENDER]
        n_cards = shoe.shape[0]
        trips = params[P_TRIP_BANK] > 0
        has_dev = params[P_HAS_DEV] == 1
        late_enhc = enhc and surrender == SURRENDER_LATE
        cover_bets = features and params[P_COVER_BET] == 1  # .cover: bets from the last bet
        cover_plays = features and params[P_COVER_PLAY] == 1  # .cover: rounds from its chart
        others = features and params[P_OTHERS] == 1  # .others: other seats play indices
        plain = not (cover_plays or others)  # every seat plays strategy and dev as always
        last_bet = 0  # the shoe's last bet [1/10 unit] (0: none) and its net [1/100 unit]
        last_net = 0
        cover = False  # this round is a cover round
        errors = features and params[P_ERRORS] == 1  # a person's errors (.errors)
        bet_err = params[P_ERR_BET] if features else 0
        who = WHO_PLAYER if features and params[P_ERR_PLAY] == 1 else WHO_NONE
        side = features and params[P_SIDE_BETS] > 0
        variant = features and (params[P_PUSH22] == 1 or params[P_FREE_DOUBLES] == 1
                                or params[P_FREE_SPLITS] == 1  # Free Bet Blackjack
                                or params[P_PLAYER21] == 1 or params[P_BONUS21] == 1
                                or params[P_RESCUE] == 1)  # Spanish 21
        any_cards = features and (params[P_DOUBLE_ANY] == 1
                                  or params[P_RESCUE] == 1)  # Spanish 21's doubles
        switching = features and params[P_SWITCH] == 1  # Blackjack Switch (.switch)
        if side:
            sb_st[Q_N_SIDE] = params[P_SIDE_BETS]
            sb_st[Q_PLAYOUT] = params[P_SIDE_PLAYOUT]
        if trips:
            _start_path(st, params)
        _plan_draws(st, params, n_cards)
        irc2 = params[P_IRC]
        start_in = 1 if (params[P_WONG] == 0 or params[P_WONG_IN] >= WONG_NONE) else 0
        _start_shoe(shoe, template, st, rng, key, irc2, start_in)
        tally[T_SHOES] += 1
        if cover_plays:
            start_cover(crng, key, st[S_SHOE] - 1)
        for _ in range(n_rounds):
            if not stacked and (params[P_EVERY_ROUND] or st[S_POS] >= params[P_CUT]):
                if st[S_POS] > 0:
                    _start_shoe(shoe, template, st, rng, key, irc2, start_in)
                    tally[T_SHOES] += 1
                    last_bet = 0
                    if cover_plays:
                        start_cover(crng, key, st[S_SHOE] - 1)
            if errors:
                round_errors(st, params, key, erng, est)
            st[S_ROUND_START] = st[S_POS]
            batch = ix((st[S_SHOE] - 1) & BATCH_MASK)  # the shoe last shuffled (layout.N_BATCHES)
            tc = true_count(st, tcs) if counting else 0
            _wong(st, params, tc)
            betting = st[S_IN] == 1
            deviating = betting and has_dev
            tc_bin = tc - TC_MIN
            if bet_err > 0 and betting:  # errors: bet (and filed) at a ramp step off
                tc_bin = bet_step(tc_bin, err_steps, erng, bet_err)
            if multi:
                n_spots = spots_now(spots_by_tc, tc_bin, betting)
                seats = round_seats(params, n_spots)
            if cover_plays:
                cover = cover_round(crng, cover_par)

            # the deal: a card to each seat, the up card, a second card each, the hole card
            for s in range(seats):
                nhands[s] = 1
                slot = ix(s * MAX_HANDS)
                open_hand(hand, slot, deal(shoe, st, rng, tags2, True), 0)
            up = deal(shoe, st, rng, tags2, True)
            for s in range(seats):
                slot = ix(s * MAX_HANDS)
                add_card(hand, slot, deal(shoe, st, rng, tags2, True))
                if hand[slot, F_ACE] and hand[slot, F_SUM] == 11:
                    hand[slot, F_STATE] = H_BLACKJACK
            dsum = up
            dace = up == ACE
            hole = 0
            if not enhc:
                hole = deal(shoe, st, rng, tags2, False)
                st[S_HIDDEN] = 1
                dsum += hole
                dace = dace or hole == ACE
            if side:
                side_deal(hand, me, up, shoe, st, key, sb_spec, sb_types0, sb_types, sb_rng, sb_st,
                          betting)
            insured = betting and up == ACE and params[P_INSURANCE] == 1 \
                and true_count(st, tcs) >= params[P_INS_AT]

            # surrender before the peek (early), then the peek, the switch, late surrender
            peeked_bj = (not enhc) and dsum == 11 and dace
            if switching and betting and not peeked_bj:  # our two hands: seats me, me + 1
                switch_hands(hand, me, up, switch, params, tally)
            for phase in range(2):
                if (phase == 0 and surrender == SURRENDER_EARLY) or \
                        (phase == 1 and surrender == SURRENDER_LATE and not peeked_bj):
                    if others:
                        surrender_others(seats, me, n_spots, deviating, up, strategy, dev, st, tcs,
                                         hand, params, seat_kind)
                        continue
                    for s in range(seats):
                        slot = ix(s * MAX_HANDS)
                        if hand[slot, F_STATE] == H_LIVE and wants_surrender(
                                hand, slot, up, strategy, dev,
                                ix(s - me) < ix(n_spots) and deviating, st, tcs):
                            hand[slot, F_STATE] = H_SURRENDERED

            if not peeked_bj and not plain:
                play_table(seats, me, n_spots, betting, deviating, cover, up, shoe, st, rng, tags2,
                           params, strategy, dev, cover_strategy, cover_dev, seat_kind, tcs, hand,
                           nhands, counts, no_counts, err_play, who, erng)
            elif not peeked_bj:
                for s in range(seats):
                    if hand[ix(s * MAX_HANDS), F_STATE] == H_LIVE:
                        mine = ix(s - me) < ix(n_spots) and betting
                        if mine and who != WHO_NONE:  # errors: our play errors
                            play_seat_with_errors(s, up, shoe, st, rng, tags2, params, strategy,
                                                  dev, deviating, tcs, hand, nhands, counts,
                                                  err_play, who, erng)
                        elif any_cards:  # Spanish 21
                            play_seat_any_cards(s, up, shoe, st, rng, tags2, params, strategy,
                                                dev, mine and deviating, tcs, hand, nhands,
                                                counts if mine else no_counts, err_play,
                                                WHO_NONE, erng)
                        else:
                            play_seat(s, up, shoe, st, rng, tags2, params, strategy, dev,
                                      mine and deviating, tcs, hand, nhands,
                                      counts if mine else no_counts, err_play, WHO_NONE, erng)

            # the dealer's hand
            live = False
            waiting_bj = False
            for s in range(seats):
                for k in range(nhands[s]):
                    state = hand[ix(s * MAX_HANDS + k), F_STATE]
                    if state == H_STOOD:
                        live = True
                    elif (up == ACE or up == TEN) and (state == H_BLACKJACK or (
                            state == H_SURRENDERED and late_enhc)):
                        waiting_bj = True  # settled only once the dealer's second card is seen
            if enhc:
                if live or waiting_bj or insured:
                    hole = deal(shoe, st, rng, tags2, True)
                    dsum += hole
                    dace = dace or hole == ACE
            else:  # counted unless a mid-round reshuffle left it out of the new count
                st[S_RC] += tags2[ix(hole)] * st[S_HIDDEN]
                st[S_HIDDEN] = 0
            dealer_bj = hole > 0 and dsum == 11 and dace
            dealer_total = 0
            if side:
                dealer_total = _dealer_with_side_bets(live, dealer_bj, hole, dsum, dace, h17, shoe,
                                                      st, rng, tags2, betting, sb_spec, sb_st,
                                                      sb_tally)
            elif live and not dealer_bj:
                dealer_total = _dealer_draws(dsum, dace, h17, shoe, st, rng, tags2)

            tally[T_ALL_ROUNDS] += 1
            tally[T_CARDS] += st[S_POS] - st[S_ROUND_START]
            batches[batch, B_DEALT] += 1
            if not betting:
                hist[ix(tc_bin), HIST_WATCHED] += 1
                last_bet = 0
                if trips:
                    _trip(st, params, tally, 0, paths, path_buf)
                continue

            # settle our seat (or spots)
            bet = bet_by_tc[ix(tc_bin)]
            if cover_bets:
                bet = cover_bet(bet, last_bet, last_net, tc, cover_par)
            if variant:  # Free Bet's chips and dealer's 22, Spanish 21's 21s
                outcome, action = _settle_variants(me, n_spots, outcomes, hand, nhands, tally,
                                                   dealer_total, dealer_bj, bj_pay, late_enhc,
                                                   insured, params)
                if multi:
                    add_spots(spot_sums, tc_bin, outcomes, n_spots)
                    batches[batch, B_BET] += bet * (n_spots - 1)
            elif multi:
                outcome, action = _settle_spots(me, n_spots, outcomes, hand, nhands, tally,
                                                dealer_total, dealer_bj, bj_pay, late_enhc, insured)
                add_spots(spot_sums, tc_bin, outcomes, n_spots)
                batches[batch, B_BET] += bet * (n_spots - 1)  # the further spots' initial bets
            else:
                outcome, action = _settle_seat(me, hand, nhands, tally, dealer_total, dealer_bj,
                                               bj_pay, late_enhc, insured)
            if dealer_bj:
                tally[T_DEALER_BJ] += 1
            elif live and dealer_total > 21:
                tally[T_DEALER_BUSTS] += 1
            tally[T_DOUBLES] += counts[0]
            tally[T_SPLITS] += counts[1]
            tally[T_BUSTS] += counts[2]
            counts[:] = 0
            tally[T_WAGERED] += bet * action
            index = outcome + OUTCOME_SPAN
            if index < 0:
                index = 0
            elif index >= HIST_WATCHED:
                index = HIST_WATCHED - 1
            hist[ix(tc_bin), ix(index)] += 1
            net = bet * outcome
            if cover_bets:
                add_cover(cover_sums, tc_bin, bet, outcome)
                last_bet = bet
                last_net = net
            batches[batch, B_ROUNDS] += 1
            batches[batch, B_BET] += bet
            batches[batch, B_NET] += net
            batches[batch, B_NET2] += net * net
            if trips:
                _trip(st, params, tally, net, paths, path_buf)
        if trips and st[S_TRIP_ROUNDS] > 0:
            tally[T_TRIPS_OPEN] += 1
            if st[S_PATH_ON] == 1:
                tally[T_PATHS_CUT] += 1

    @njit
    def run(n_rounds, params, key, shoe, strategy, dev, tags2, bet_by_tc, tcs, tally, hist,
            paths, batches, spots_by_tc, spot_sums, err_play, err_steps, cover_par, cover_sums,
            cover_strategy, cover_dev, seat_kind, sb_spec, sb_types0, sb_tally, switch):
        """The loop's working arrays made (:func:`_work_arrays`), the loop run, its error."""
        work = _work_arrays(params, shoe, tcs)
        play_rounds(n_rounds, params, key, shoe, strategy, dev, tags2, bet_by_tc, tcs, tally,
                    hist, paths, batches, spots_by_tc, spot_sums, err_play, err_steps,
                    cover_par, cover_sums, cover_strategy, cover_dev, seat_kind, sb_spec,
                    sb_types0, sb_tally, switch, *work)
        return work[0][S_ERROR]  # work[0]: the dealing state

    return play_rounds, run


_plain_rounds, _plain_run = _round_loop(False)
"""The round loop (and a chunk's run of it) without the table's features."""
_feature_rounds, _feature_run = _round_loop(True)
"""The round loop (and a chunk's run of it) with them."""


guard(__name__)
