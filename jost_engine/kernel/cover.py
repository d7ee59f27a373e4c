"""Cover bets and cover plays, outside the hot loop.

Everything here runs only when its feature is on (a branch on a local in
:mod:`.rounds`); the figures come in ``cover_par`` (``layout.CP_*``), not in
``params``, so a call copies no tuple.

- **Cover bets** (``P_COVER_BET``): :func:`cover_bet` turns the ramp's bet
  into the round's bet from the last bet of the shoe: a parlay after a win at
  a neutral true count, then the largest jump between two consecutive bets.
  A shoe starts with no last bet, and a round watched without a bet clears it.
- **Cover plays** (``P_COVER_PLAY``): a round is a *cover round* with chance
  ``CP_RATE / 2**53``; our hands are then played from the cover chart (the
  chart with the chosen cells changed and their index plays removed). The
  draws come from a stream of their own, reseeded at each shuffle from the
  chunk's key and the shoe's index (:func:`start_cover`), one draw per round
  dealt: the cards dealt never depend on them (common shoes).

The seats of a round with cover plays or counting others are played by
:func:`.others.play_table`.
"""

from numba import njit, uint64

from .index import ix
from .layout import (
    CP_HI,
    CP_JUMP,
    CP_LO,
    CP_MAX,
    CP_MIN,
    CP_PARLAY,
    CP_RATE,
    CV_BET,
    CV_BET2,
    CV_NET,
    CV_NET2,
    CV_NETBET,
    CV_ROUNDS,
)
from .rng import next_u64, reseed

COVER_SALT = uint64(0xC0E5_1D5A_7F4B_2E91)  # the cover stream's key: chunk key ^ salt


@njit(_nrt=False, error_model="numpy")
def cover_bet(bet, last_bet, last_net, tc, cover_par):
    """The round's bet [1/10 unit] from the ramp's ``bet`` and the shoe's last bet.

    Parameters
    ----------
    bet : int
        The ramp's bet at this true count [1/10 unit].
    last_bet : int
        The last round's bet in this shoe [1/10 unit]; 0 when there is none
        (the shoe's first round, or the last round was watched).
    last_net : int
        The last round's net [1/100 unit].
    tc : int
        The round's true count.
    cover_par : numpy.ndarray
        ``layout.CP_*``.

    Returns
    -------
    int
        With a parlay, after a win (``last_net > 0``) at a true count in
        ``CP_LO .. CP_HI``: the last bet plus its winnings (to 1/10 unit,
        rounded down), at most ``CP_MAX``. Then, with ``CP_JUMP``: clipped to
        ``ceil(last / jump) .. floor(last x jump)``. Always within
        ``CP_MIN .. CP_MAX``.
    """
    if last_bet == 0:
        return bet
    if cover_par[CP_PARLAY] == 1 and last_net > 0 and cover_par[CP_LO] <= tc <= cover_par[CP_HI]:
        bet = min(last_bet + last_net // 10, cover_par[CP_MAX])
    jump = cover_par[CP_JUMP]
    if jump > 0:
        low = max((last_bet * 100 + jump - 1) // jump, cover_par[CP_MIN])
        high = min(last_bet * jump // 100, cover_par[CP_MAX])
        if bet < low:
            bet = low
        elif bet > high:
            bet = high
    return bet


@njit(_nrt=False, error_model="numpy")
def add_cover(cover_sums, tc_bin, bet, outcome):
    """Add a round's bet [1/10 unit] and net to its true count's sums (``layout.CV_*``)."""
    row = ix(tc_bin)
    net = bet * outcome
    cover_sums[row, CV_ROUNDS] += 1
    cover_sums[row, CV_BET] += bet
    cover_sums[row, CV_BET2] += bet * bet
    cover_sums[row, CV_NET] += net
    cover_sums[row, CV_NET2] += net * net
    cover_sums[row, CV_NETBET] += net * bet


@njit(_nrt=False, error_model="numpy")
def start_cover(crng, key, shoe_index):
    """Reseed the cover stream for shoe ``shoe_index`` of the chunk (see :mod:`.rng`)."""
    reseed(crng, uint64(key) ^ COVER_SALT, shoe_index)


@njit(_nrt=False, error_model="numpy")
def cover_round(crng, cover_par):
    """Draw whether this round is a cover round: chance ``CP_RATE / 2**53``."""
    out, s0, s1, s2, s3 = next_u64(crng[0], crng[1], crng[2], crng[3])
    crng[0] = s0
    crng[1] = s1
    crng[2] = s2
    crng[3] = s3
    return (out >> uint64(11)) < uint64(cover_par[CP_RATE])
