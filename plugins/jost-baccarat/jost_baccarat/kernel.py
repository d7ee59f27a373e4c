"""The numba kernel: one chunk of coups dealt from shuffled shoes, as additive tallies.

Random numbers come from JOST's own generator (:mod:`jost_engine.kernel.rng`:
xoshiro256**, one 64-bit key per chunk from ``SeedSequence(run.seed,
spawn_key=(chunk,))``, shoe ``k`` of the chunk dealt from the state derived
from ``(key, k)``), so a chunk's tallies depend on ``(run.seed, chunk index,
config)`` only, on any worker and in any order.

Each round every bet is tallied by the coup's outcome class (one unit on
each, as separate wagers), and each counter adds the round to its true-count
row and, when the true count is at or above its entry, to its bets.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from jost_engine.kernel.cache_guard import guard
from jost_engine.kernel.rng import below, reseed

from .rules import BANKER_DRAWS, CARDS_PER_DECK, DRAGON, PANDA, PLAYER, PLAYER_STOOD, TIE

TC_LOW, TC_HIGH = -20, 20
"""True counts tallied one by one; lower or higher ones join the end rows."""
N_TC = TC_HIGH - TC_LOW + 1
BANKER = 2


@njit(cache=True, inline="always")
def _classify(player, player_three, banker, banker_three):
    if player > banker:
        return PANDA if player_three and player == 8 else PLAYER
    if banker > player:
        return DRAGON if banker_three and banker == 7 else BANKER
    return TIE


@njit(cache=True)
def play_chunk(rounds, key, full_shoe, cut, burn, tags, entries, outcomes, bets, by_tc):
    """Deal ``rounds`` coups; add to the tallies; return the shoes started.

    Parameters
    ----------
    rounds : int
        Coups to deal.
    key : numpy.uint64
        The chunk's key (:func:`jost_engine.kernel.rng.chunk_key`).
    full_shoe : numpy.ndarray
        int64 card values (0-9) of an unshuffled shoe, in a fixed order.
    cut : int
        A new shoe starts before a coup once this many cards are dealt (or
        fewer than six are left).
    burn : bool
        Turn the first card of a shoe (seen by the counters) and burn as many
        more unseen cards as its value (ten for a 0).
    tags : numpy.ndarray
        int64[counters, 10] tags by value class.
    entries : numpy.ndarray
        float64[counters]: a counter bets when ``running count * 52 / cards
        left >= entry``.
    outcomes : numpy.ndarray
        int64[5], coups by outcome class (added to).
    bets : numpy.ndarray
        int64[counters, 5], the coups each counter bet, by outcome class.
    by_tc : numpy.ndarray
        int64[counters, N_TC, 5], every coup by the counter's true count
        (floored, clipped to ``TC_LOW..TC_HIGH``) and outcome class.
    """
    n = full_shoe.shape[0]
    k = tags.shape[0]
    shoe = full_shoe.copy()
    state = np.zeros(4, dtype=np.uint64)
    rc = np.zeros(k, dtype=np.int64)
    row = np.zeros(k, dtype=np.int64)
    bet = np.zeros(k, dtype=np.bool_)
    pos = n  # forces a shuffle before the first coup
    shoes = 0
    for _ in range(rounds):
        if pos >= cut or n - pos < 6:
            shoe[:] = full_shoe
            reseed(state, key, shoes)
            s0, s1, s2, s3 = state[0], state[1], state[2], state[3]
            for i in range(n - 1, 0, -1):
                j, s0, s1, s2, s3 = below(s0, s1, s2, s3, i + 1)
                shoe[i], shoe[j] = shoe[j], shoe[i]
            shoes += 1
            rc[:] = 0
            pos = 0
            if burn:
                first = shoe[0]
                for c in range(k):
                    rc[c] += tags[c, first]
                pos = 1 + (10 if first == 0 else first)
        left = n - pos
        for c in range(k):
            bet[c] = rc[c] * CARDS_PER_DECK >= entries[c] * left
            tc = np.int64(np.floor(rc[c] * CARDS_PER_DECK / left))
            row[c] = min(max(tc, TC_LOW), TC_HIGH) - TC_LOW
        p1, b1, p2, b2 = shoe[pos], shoe[pos + 1], shoe[pos + 2], shoe[pos + 3]
        pos += 4
        for c in range(k):
            rc[c] += tags[c, p1] + tags[c, b1] + tags[c, p2] + tags[c, b2]
        pt, bt = (p1 + p2) % 10, (b1 + b2) % 10
        p3, b3 = False, False
        if pt < 8 and bt < 8:
            column = PLAYER_STOOD
            if pt <= 5:
                card = shoe[pos]
                pos += 1
                for c in range(k):
                    rc[c] += tags[c, card]
                pt = (pt + card) % 10
                p3 = True
                column = card
            if BANKER_DRAWS[bt, column]:
                card = shoe[pos]
                pos += 1
                for c in range(k):
                    rc[c] += tags[c, card]
                bt = (bt + card) % 10
                b3 = True
        outcome = _classify(pt, p3, bt, b3)
        outcomes[outcome] += 1
        for c in range(k):
            by_tc[c, row[c], outcome] += 1
            if bet[c]:
                bets[c, outcome] += 1
    return shoes


guard(__name__)
