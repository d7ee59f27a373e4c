"""A person's errors: play slips, index errors, wrong bets, miscounts, deck estimates.

Every error is drawn from a stream of its own, apart from the cards': at the
start of each shoe (``st[S_SHOE]`` changes) the error generator is reseeded
from the chunk's key (salted) and the shoe's index with :func:`.rng.reseed`,
so shoe ``k`` deals the same cards with errors or without (common shoes) and
the errors are the same on any worker, in any order. The kinds:

- *play errors* (``err_play[who, X_*]``, thresholds of probability x
  2**32): at a decision of a hand (split or not; hit, stand or double) a
  *slip* plays a uniformly chosen other legal action; where an index play's
  cell is met, a *missed index* plays the chart where the index applies and
  a *wrong index* plays the index where it does not (the count on the wrong
  side of the index). Surrender and insurance are played without error.
  The rates are per seat (row ``who``; row ``WHO_NONE`` is all zero): our
  spots take row ``WHO_PLAYER``, and each other player who errs
  (``table.others``) a row of its own from ``N_WHO`` on (:mod:`~jost_engine.kernel.others`);
- a *bet error* (``P_ERR_BET``, per round bet on): the bet of the ramp step
  one above or one below the count's (``err_steps``), at the ends the one
  step there is; the round is then filed under the nearest true count of that
  step, so every sum of bets stays exact (``layout.HIST_WATCHED``);
- *count errors* (``P_ERR_COUNT``): each card dealt is miscounted with
  chance 1 / N (the gaps between miscounted cards are geometric), off by one
  point, up or down; a miscount enters the running count at the end of its
  round and lasts to the shuffle;
- a *deck-estimation error* (``P_ERR_DECK_SD``, ``P_ERR_DECK_GROW``): at each
  round's start the player's estimate of the unseen cards is off by a normal
  error of SD ``sd + grow x decks dealt`` [decks] (rounded to cards), kept
  for the round (it moves ``shoe.S_TC_ROW0``, within the count table's
  padding); the deck resolution of the count
  (``P_DECK_RES``) then applies to the estimate.

Nothing here runs when every error is off: :mod:`.rounds` and :mod:`.hands`
branch on locals read once per chunk or per seat.
"""

import math

import numpy as np
from numba import njit, uint64

from .index import ix
from .layout import (
    DEV_ACTION,
    DOUBLE,
    HIT,
    NO_SPLIT,
    P_ERR_COUNT,
    P_ERR_DECK_GROW,
    P_ERR_DECK_SD,
    SPLIT,
    STAND,
)
from .rng import next_u64, reseed
from .shoe import S_POS, S_RC, S_ROUND_START, S_SHOE, S_TC_ROW0
from .truecount import index_side

# the salt that keeps the error stream apart from the cards' (any odd 64-bit word)
ERR_SALT = uint64(0xD1B54A32D192ED03)
CHANCE_ONE = 1 << 32  # a threshold for certainty: probability x 2**32

# --- play error rates: int64 array `err_play[who, X_*]` [probability x 2**32] --
X_SLIP = 0             # a random other legal action, per decision
X_MISSED = 1           # the chart where an index play applies
X_WRONG = 2            # the index play where it does not apply
N_X = 3
WHO_NONE = 0           # a seat played without error
WHO_PLAYER = 1         # our spots
N_WHO = 2              # rows always there; other players who err follow, one row each

# --- bet steps: int64 array `err_steps[STEP_*, tc bin]` -------------------------
STEP_DOWN = 0          # the tc bin of the nearest count of the ramp step below
STEP_UP = 1            # ... above (the bin itself where there is none)

# --- error state: int64 array `est[E_*]` ------------------------------------------
E_SHOE = 0             # st[S_SHOE] the stream was seeded for (-1: not yet)
E_GAP = 1              # position in the round's cards (from 1) of the next miscounted card
E_ROW0 = 2             # the count table's row for a full shoe, estimated without error
E_PAD = 3              # the table's padding each side of it [rows] (truecount.count_table)
N_EST = 4


@njit(_nrt=False, error_model="numpy")
def _u64(erng):
    """The next 64-bit word of the error stream (xoshiro256** state ``erng``)."""
    r, s0, s1, s2, s3 = next_u64(erng[0], erng[1], erng[2], erng[3])
    erng[0] = s0
    erng[1] = s1
    erng[2] = s2
    erng[3] = s3
    return r


@njit(_nrt=False, error_model="numpy")
def chance(erng, threshold):
    """True with probability ``threshold / 2**32`` (0: never, ``CHANCE_ONE``: always)."""
    return np.int64(_u64(erng) >> uint64(32)) < threshold


@njit(_nrt=False, error_model="numpy")
def _uniform(erng):
    """A uniform number in (0, 1]."""
    return (np.float64(_u64(erng) >> uint64(11)) + 1.0) * (1.0 / 9007199254740992.0)


@njit(_nrt=False, error_model="numpy")
def _gap(erng, per_mille_cards):
    """Cards up to and including the next miscounted one (geometric, mean N) [cards].

    ``per_mille_cards`` is N, the cards per miscount, in thousandths of a card.
    """
    p = 1000.0 / per_mille_cards
    if p >= 1.0:
        return 1
    return np.int64(math.floor(math.log(_uniform(erng)) / math.log1p(-p))) + 1


@njit(_nrt=False, error_model="numpy")
def round_errors(st, params, key, erng, est):
    """At a round's start: reseed for a new shoe, miscount the last round's cards, estimate.

    Called before the round's first card (``st[S_ROUND_START]`` and
    ``st[S_POS]`` still bound the last round's cards, unless a shuffle just
    reset them).
    """
    count_err = params[P_ERR_COUNT]
    if est[E_SHOE] != st[S_SHOE]:  # a new shoe: the errors' own stream for it
        reseed(erng, uint64(key) ^ ERR_SALT, st[S_SHOE] - 1)
        est[E_SHOE] = st[S_SHOE]
        if count_err > 0:
            est[E_GAP] = _gap(erng, count_err)
    elif count_err > 0:
        cards = st[S_POS] - st[S_ROUND_START]
        gap = est[E_GAP]
        while gap <= cards:
            st[S_RC] += 2 if chance(erng, CHANCE_ONE >> 1) else -2  # one point, in half points
            gap += _gap(erng, count_err)
        est[E_GAP] = gap - cards
    sd = params[P_ERR_DECK_SD] + params[P_ERR_DECK_GROW] * st[S_POS] / 52.0  # [1/1000 deck]
    if sd > 0:
        normal = math.sqrt(-2.0 * math.log(_uniform(erng))) * \
            math.cos(2.0 * math.pi * _uniform(erng))
        off = np.int64(round(normal * sd * 52.0 / 1000.0))
        st[S_TC_ROW0] = est[E_ROW0] + min(max(off, -est[E_PAD]), est[E_PAD])


@njit(_nrt=False, error_model="numpy")
def start_errors(est, row0, n_cards):
    """Set the error state ``est`` for a chunk: no shoe seeded, the count table's rows.

    ``row0`` is the count table's row for all ``n_cards`` cards unseen
    (:func:`.truecount.first_row`); the rows beyond it are its padding.
    """
    est[E_SHOE] = -1
    est[E_ROW0] = row0
    est[E_PAD] = row0 - n_cards


@njit(_nrt=False, error_model="numpy")
def bet_step(tc_bin, err_steps, erng, threshold):
    """The true-count bin the round is bet (and filed) at: its own, or a step off."""
    if not chance(erng, threshold):
        return tc_bin
    down = err_steps[STEP_DOWN, ix(tc_bin)]
    up = err_steps[STEP_UP, ix(tc_bin)]
    if up == tc_bin:
        return down
    if down == tc_bin or chance(erng, CHANCE_ONE >> 1):
        return up
    return down


@njit(_nrt=False, error_model="numpy")
def index_error(act, basic, kind, row, up, dev, use_dev, st, tcs, err_play, who, erng):
    """A chart cell's action after index errors: ``act`` as decided, the chart's ``basic``.

    Only a cell with an index play, for a player who uses index plays
    (``use_dev``), can go wrong: where the index applies the chart is played
    with chance ``X_MISSED``, where it does not the index play with chance
    ``X_WRONG``. Draws from the errors' stream at such cells only.
    """
    if not use_dev:
        return act
    side = index_side(kind, row, up, dev, st, tcs)
    if side > 0:
        return basic if chance(erng, err_play[ix(who), X_MISSED]) else act
    if side < 0 and chance(erng, err_play[ix(who), X_WRONG]):
        return dev[ix(kind), ix(row), ix(up), DEV_ACTION]
    return act


@njit(_nrt=False, error_model="numpy")
def split_slip(act, err_play, who, erng):
    """A pair's split decision (``SPLIT`` or not) after a slip: the other one."""
    if not chance(erng, err_play[ix(who), X_SLIP]):
        return act
    return NO_SPLIT if act == SPLIT else SPLIT


@njit(_nrt=False, error_model="numpy")
def play_slip(act, doubling, err_play, who, erng):
    """A play (``HIT``, ``STAND`` or ``DOUBLE``) after a slip: another legal one at random."""
    if not chance(erng, err_play[ix(who), X_SLIP]):
        return act
    if not doubling:
        return STAND if act == HIT else HIT
    other = _u64(erng) >> uint64(63)  # one of the two others, even odds
    if act == HIT:
        return STAND if other else DOUBLE
    if act == STAND:
        return HIT if other else DOUBLE
    return HIT if other else STAND
