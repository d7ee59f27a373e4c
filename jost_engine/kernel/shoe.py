"""Dealing from the shoe, shuffled a block ahead of the deal, and the running count.

The shoe is an ``int8`` array of card values (1 = ace, 10 = any ten;
:func:`jost_engine.cards.shoe_cards` builds a full one). It is shuffled by
Fisher-Yates steps taken in order of position: the card at position ``p``
is swapped in from a uniformly chosen position of ``[p, n)``. The steps are
taken a block ahead of the deal (:func:`draw_to`, in a tight loop with the
generator's state in registers), never for the whole shoe up front: a
cut-card shoe is drawn up to the cut card and a little past it, a shoe
reshuffled every round a few cards at a time. Dealing is then reading the
next position. Step ``p`` always uses the ``p``-th number of the shoe's
stream, so the cards dealt are the same whether the steps are taken one per
card or a block ahead; the order of the undrawn cards is uniform at every
moment, and the array always holds the shoe's exact composition.

A shuffle puts the cards back in the order of the chunk's starting shoe
(``template``, a copy of the shoe the chunk began with) and reseeds the
generator from the chunk's key and the shoe's index (:func:`.rng.reseed`):
shoe ``k`` of a chunk is then the same permutation in every variant of a
game, whatever earlier shoes consumed (common shoes, docs/studies.md).

Mutable dealing state lives in a small ``int64`` array ``st`` so that the
inlined numba functions can share it.
"""

import numpy as np
from numba import njit

from .index import ix
from .rng import below, reseed

S_POS = 0          # next card to deal
S_RC = 1           # running count, in half points
S_ROUND_START = 2  # position of the round's first card
S_HIDDEN = 3       # 1 while the dealer's hole card is dealt, unseen, and in the count's shoe
S_IN = 4           # 1 while we bet (wonging), 0 while we only watch
S_ERROR = 5        # 1 when a stacked shoe ran out of cards
S_TRIP_NET = 6     # net of the bankroll trip under way [1/100 unit]
S_TRIP_ROUNDS = 7  # rounds dealt in the trip under way
S_IRC = 8          # initial running count, in half points
S_SHOE = 9         # index in the chunk of the next shoe to shuffle, from 0
S_TRIP_INDEX = 10  # trips started in the chunk before the one under way
S_PATH_HOUR = 11   # hours recorded of the trip under way's bankroll path
S_PATH_ON = 12     # 1 while the trip under way's bankroll path is being recorded
S_DRAWN = 13       # positions [0, S_DRAWN) of the shoe are shuffled into place
S_IN_ORDER = 14    # positions below this are left in place (test hooks): n when stacked
S_AHEAD = 15       # positions drawn at a shuffle
S_TC_ROW0 = 16     # the count table's row for a full shoe, as the player estimates it
                   # this round (truecount.first_row, moved by .errors' deck error)
N_STATE = 17

BLOCK = 8  # positions drawn at a time once the deal passes the drawn ones


@njit(_nrt=False, error_model="numpy", inline="always")
def shuffle(shoe, template, st, rng, key, irc2):
    """Gather every card back, reseed for the next shoe, reset the running count.

    ``shoe`` takes the order of ``template`` again and ``rng`` the state of
    shoe ``st[S_SHOE]`` of the chunk's ``key``, so the shoe dealt next
    depends on its index alone; its first ``st[S_AHEAD]`` positions are
    drawn at once.
    """
    for i in range(shoe.shape[0]):
        shoe[i] = template[i]
    reseed(rng, key, st[S_SHOE])
    st[S_SHOE] += 1
    st[S_POS] = 0
    st[S_DRAWN] = 0
    st[S_ROUND_START] = 0
    st[S_RC] = irc2
    st[S_IRC] = irc2
    draw_to(shoe, st, rng, st[S_AHEAD])


@njit(_nrt=False, error_model="numpy")
def draw_to(shoe, st, rng, upto):
    """Take the Fisher-Yates steps of positions ``st[S_DRAWN]`` to ``upto - 1``.

    Each step consumes one number of the stream (more on a rare rejection)
    even at a position left in place (below ``st[S_IN_ORDER]``), so the
    stream does not depend on the test hooks. The state is loaded into
    locals once and stored back once.
    """
    n = shoe.shape[0]
    if upto > n:
        upto = n
    keep = st[S_IN_ORDER]
    s0 = rng[0]
    s1 = rng[1]
    s2 = rng[2]
    s3 = rng[3]
    for p in range(st[S_DRAWN], upto):
        r, s0, s1, s2, s3 = below(s0, s1, s2, s3, n - p)
        j = p + r * (p >= keep)
        card = shoe[ix(j)]
        shoe[ix(j)] = shoe[ix(p)]
        shoe[ix(p)] = card
    rng[0] = s0
    rng[1] = s1
    rng[2] = s2
    rng[3] = s3
    if upto > st[S_DRAWN]:
        st[S_DRAWN] = upto


@njit(_nrt=False, error_model="numpy", inline="always")
def _reverse(shoe, lo, hi):
    hi -= 1
    while lo < hi:
        card = shoe[lo]
        shoe[lo] = shoe[hi]
        shoe[hi] = card
        lo += 1
        hi -= 1


@njit(_nrt=False, error_model="numpy")
def _recycle_discards(shoe, st):
    """Shuffle the discards back in when the shoe runs out mid-round.

    The cards of the round in play are rotated to the front (three
    reversals, no allocation) and kept out of the draw; the discards behind
    them become the undealt part, and the count starts again without the
    cards on the table: the hole card, dealt face down, is one of them, so
    it is no longer hidden (not unseen, and not counted when turned). If the round
    has used every card there are no discards: the dealer brings in a fresh
    shoe (the whole array is undealt again). A stacked shoe (test hook)
    flags the error instead and wraps around, never reading past the end.

    The discards are drawn from the current random stream, not from a
    reseeded one: they are the cards this variant's play left, so no other
    variant could share them anyway (docs/studies.md, Common shoes).
    """
    n = shoe.shape[0]
    stacked = st[S_IN_ORDER] >= n
    k = n - st[S_ROUND_START]
    if stacked or k >= n:
        st[S_ERROR] |= stacked
        k = 0
    else:
        _reverse(shoe, 0, n)
        _reverse(shoe, 0, k)
        _reverse(shoe, k, n)
    st[S_POS] = k
    st[S_DRAWN] = n if stacked else k
    st[S_IN_ORDER] = n if stacked else 0
    st[S_ROUND_START] = 0
    st[S_RC] = st[S_IRC]
    st[S_HIDDEN] = 0


@njit(_nrt=False, error_model="numpy")
def _draw_more(shoe, st, rng):
    """The deal has reached the undrawn positions: recycle if the shoe is out, draw a block."""
    if st[S_POS] >= shoe.shape[0]:
        _recycle_discards(shoe, st)
    draw_to(shoe, st, rng, st[S_POS] + BLOCK)


@njit(_nrt=False, error_model="numpy", inline="always")
def deal(shoe, st, rng, tags2, seen):
    """Deal the next card; count it unless it is dealt face down.

    Parameters
    ----------
    shoe : numpy.ndarray
        The shoe (int8 card values), permuted in place.
    st : numpy.ndarray
        Dealing state (int64), see ``S_*``.
    rng : numpy.ndarray
        Generator state (uint64[4]).
    tags2 : numpy.ndarray
        Count tag of each card value, in half points (index 0 unused).
    seen : bool
        False for the dealer's hole card, counted when it is turned.

    Returns
    -------
    int
        The card value, 1..10.
    """
    pos = st[S_POS]
    if pos >= st[S_DRAWN]:
        _draw_more(shoe, st, rng)
        pos = st[S_POS]
    card = shoe[ix(pos)]
    st[S_POS] = pos + 1
    if seen:
        st[S_RC] += tags2[ix(card)]
    return np.int64(card)
