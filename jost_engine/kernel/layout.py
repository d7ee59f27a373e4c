"""Index layout of the plain arrays passed between Python and the numba kernel.

The kernel takes its inputs as a handful of flat numpy arrays, and writes its
results into flat integer tallies. This module names every slot, so the
preparation code (:mod:`jost_engine.prepare`), the kernel and the statistics
(:mod:`jost_engine.statistics`) agree on one layout. Module-level integers are
compile-time constants for numba.

Money inside the kernel is integer:

- a round's *outcome* is in tenths of that round's initial bet (a 3:2
  blackjack is +15, a surrender -5, a doubled loss -20);
- a round's *initial bet* is in tenths of a betting unit;
- *money* tallies are bet x outcome, so in hundredths of a unit.
"""

# --- card ranks -------------------------------------------------------------
# Cards are stored by value: 1 is an ace, 2..9 pips, 10 every ten-valued card.
ACE = 1
TEN = 10

# --- actions (strategy tables after preparation) ---------------------------
HIT = 0
STAND = 1
DOUBLE_OR_HIT = 2
DOUBLE_OR_STAND = 3
SPLIT = 4
NO_SPLIT = 5
SURRENDER = 6
NO_SURRENDER = 7
# what a deviation may force (decide() resolves these against the rules)
DOUBLE = 8

# --- rule / run parameters: int64 array `params` ---------------------------
# 0: unused (was the deck count, which the kernel reads from the shoe)
P_H17 = 1
P_BJ_PAY = 2           # blackjack payout in tenths of the bet (15 for 3:2)
P_DOUBLE_MIN = 3       # lowest hard total that may be doubled (0: any hand)
P_DOUBLE_MAX = 4       # highest hard total that may be doubled (21: any)
P_DOUBLE_SOFT = 5      # 1 when soft hands may be doubled
P_DAS = 6
P_MAX_HANDS = 7
P_RSA = 8
P_HSA = 9
P_SURRENDER = 10       # 0 none, 1 late, 2 early
P_ENHC = 11
P_CUT = 12             # cards dealt before the shuffle (cut card position)
P_EVERY_ROUND = 13
P_PLAYERS = 14
P_SEAT = 15            # our seat, 0-based
P_COUNT = 16           # 1 when a count is kept
P_BALANCED = 17        # 1: true count from running count; 0: running count
P_IRC = 18             # initial running count, in half points
P_DECK_RES = 19        # deck resolution in 1/4 decks (0: exact)
P_TC_MODE = 20         # 0 floor, 1 truncate, 2 round
P_INSURANCE = 21       # 1 when insurance is taken at or above P_INS_AT
P_INS_AT = 22          # insurance index (true count)
P_WONG = 23            # 1 when wonging in/out is in force
P_WONG_IN = 24
P_WONG_OUT = 25
P_STACKED = 26         # 1: deal the shoe in order, never shuffle (test hook)
P_TRIP_BANK = 27       # bankroll of a simulated trip [1/100 unit]; 0: no trips
P_TRIP_GOAL = 28       # a trip ends won at this gain [1/100 unit]; 0: no goal
P_TRIP_ROUNDS = 29     # a trip ends survived after this many rounds dealt; 0: none
P_HAS_DEV = 30         # 1 when there is any index play
P_FIRST_IN_ORDER = 31  # 1: each shoe's first cards (seats' two, the up card) are dealt
                       # in order from the front, the rest at random (cell tests)
P_ROUNDS_PER_HOUR = 32  # rounds dealt in an hour, for the bankroll paths (>= 1)
P_PATH_HOURS = 33      # hours recorded of each bankroll path (<= PATH_HOURS_MAX); 0: none
P_PATH_WIDTH = 34      # width of a bankroll bin of the paths [1/100 unit] (>= 1)
# 35: multiple spots (kernel/spots.py); 36-39: side bets (kernel/sidebets.py);
# 40-49: errors; 50-59: cover, other players
P_SPOTS = 35           # most spots we take at any count (1: one spot, the feature off)
P_SIDE_BETS = 36       # side bets on our seat (0: none, the feature off; <= sidebets.MAX_SIDE)
P_SIDE_PLAYOUT = 37    # 1: the dealer plays out its hand every round (a dealer-bust side bet)
# 40-49: a person's errors (kernel/errors.py); every slot 0 when they are off
P_ERRORS = 40          # 1 when any error is made (the errors' stream is kept)
P_ERR_PLAY = 41        # 1 when our spots make play errors (rates in err_play)
P_ERR_BET = 42         # chance of a wrong ramp step per round bet on [probability x 2**32]
P_ERR_COUNT = 43       # cards per miscounted card [1/1000 card]; 0: none
P_ERR_DECK_SD = 44     # SD of the estimate of the decks unseen [1/1000 deck]
P_ERR_DECK_GROW = 45   # SD added per deck dealt [1/1000 deck]
# 50-59: cover and other players (kernel/cover.py); their figures are in `cover_par`
P_COVER_BET = 50       # 1 when bets follow cover rules (parlay, largest jump): cover_bet
P_COVER_PLAY = 51      # 1 when some rounds are played from the cover chart
P_OTHERS = 52          # 1 when some other seat plays the count's index plays or errs
# 53-55: Free Bet Blackjack (kernel/rounds.py settles it in the features loop); 0 when off
P_PUSH22 = 53          # 1: a dealer's 22 pushes every standing hand (blackjacks still win)
P_FREE_DOUBLES = 54    # 1: a two-card hard 9, 10 or 11 doubles with the casino's chip
P_FREE_SPLITS = 55     # 1: every pair but tens splits with the casino's chip
# 56-58: Spanish 21 (kernel/spanish.py; the features loop plays them); 0 when off
P_PLAYER21 = 56        # 1: a player 21 beats a dealer 21, a player blackjack a dealer's
P_DOUBLE_ANY = 57      # 1: a hand doubles on any number of cards
P_BONUS21 = 58         # 1: bonus 21s (five or more cards, 6-7-8, 7-7-7) on hands not doubled
P_RESCUE = 59          # 1: double-down rescue by the strategy's K_RESCUE rows
P_MAX_DOUBLES = 60     # doubles a hand may make (1: no redouble; 2, 3 by K_REDOUBLE rows)
# 61-62: Blackjack Switch (kernel/switch.py; the features loop plays it); 0 when off. Our
# spot is then two seats (P_SEAT, P_SEAT + 1: P_SPOTS 2, P_PLAYERS counts both)
P_SWITCH = 61          # 1: the second cards of our two hands may be exchanged (a table)
P_SWITCHED_BJ = 62     # 1: an ace and a ten made by switching is a blackjack (else a 21)
N_PARAMS = 63

# --- bankroll paths: int64 array `paths[hour - 1, bankroll bin]` ------------
# The first PATH_TRIPS trips of a chunk are followed hour by hour: at the end
# of each hour (every P_ROUNDS_PER_HOUR rounds dealt) their bankroll (starting
# bankroll + net, [1/100 unit]) is counted in bin bankroll // P_PATH_WIDTH,
# clipped to 0 .. N_PATH_BINS - 1. A trip that ends (ruin, goal, length)
# stays at its final bankroll for its remaining hours; a path is counted once
# it is complete, so a trip cut by the chunk's end is left out (T_PATHS_CUT).
PATH_TRIPS = 16
PATH_HOURS_MAX = 200
PATH_BINS_PER_BANK = 50  # bins per starting bankroll: P_PATH_WIDTH = bankroll / 50
N_PATH_BINS = 4 * PATH_BINS_PER_BANK + 1  # bankrolls up to 4 starting bankrolls

SURRENDER_NONE = 0
SURRENDER_LATE = 1
SURRENDER_EARLY = 2

# --- true count bins --------------------------------------------------------
TC_MIN = -20
TC_MAX = 20
N_TC = TC_MAX - TC_MIN + 1

# --- outcome distribution ---------------------------------------------------
# outcome in tenths of the initial bet, from -OUTCOME_SPAN to +OUTCOME_SPAN
OUTCOME_SPAN = 100
N_OUTCOMES = 2 * OUTCOME_SPAN + 1

# --- rounds by true count and outcome: int64 array `hist[N_TC, N_HIST]` -----
# hist[tc - TC_MIN, outcome + OUTCOME_SPAN] counts the rounds we bet on; the
# initial bet is a function of the true count (bet_by_tc), so every sum of
# bets and results (EV, SD, advantage and their errors) follows exactly from
# this table. The last column counts the rounds watched without a bet.
HIST_WATCHED = N_OUTCOMES
N_HIST = N_OUTCOMES + 1

# --- scalar tallies: int64 array `tally` -----------------------------------
T_HANDS = 0            # our hands, splits included
T_WAGERED = 1          # initial, double and split bets, insurance [1/100 unit]
T_DOUBLES = 2
T_SPLITS = 3
T_SURRENDERS = 4
T_INSURANCE = 5        # insurance bets taken
T_INSURANCE_WON = 6
T_PLAYER_BJ = 7
T_DEALER_BJ = 8
T_WINS = 9             # hands won (blackjacks included)
T_PUSHES = 10
T_LOSSES = 11          # hands lost (surrenders included)
T_BUSTS = 12
T_DEALER_BUSTS = 13    # rounds where the dealer drew and busted
T_SHOES = 14           # shuffles
T_CARDS = 15           # cards dealt
T_ALL_ROUNDS = 16      # rounds dealt, watched ones included
T_TRIPS_RUINED = 17    # bankroll trips that lost the bankroll
T_TRIPS_GOAL = 18      # trips that reached the goal
T_TRIPS_SURVIVED = 19  # trips that reached their length without ruin
T_TRIPS_OPEN = 20      # trips still going when the chunk ended
T_TRIP_ROUNDS = 21     # rounds dealt in finished trips
T_PATHS_CUT = 22       # recorded bankroll paths left out, cut by the chunk's end
T_SWITCHES = 23        # rounds bet on in which our two hands' second cards were exchanged
N_TALLY = 24

# --- sub-batches: int64 array `batches[N_BATCHES, N_BSUMS]` ---------------
# Batch means need batches; chunks make poor ones (a job may be one chunk), so
# each chunk deals its rounds into N_BATCHES batches and sums each batch. A
# round belongs to batch (index in the chunk of its shoe) % N_BATCHES, the
# shoe being the one last shuffled (reseeded, see .shoe.shuffle) when the round
# began. So:
# - shoe k of a chunk is the same permutation in every variant of a game with
#   the same run.seed and run.chunk_rounds (common shoes), and it falls in the
#   same batch whatever the variants' rounds per shoe: batch k of one variant
#   pairs with batch k of another;
# - reshuffle "every_round": every round is its own shoe, round k of the chunk
#   is in batch k % N_BATCHES;
# - a mid-round reshuffle (the shoe ran out: .shoe._recycle_discards) brings in
#   no new shoe (no reseed), so that round and those after it up to the next
#   shuffle stay in the batch of the shoe they began in;
# - a stacked shoe (test hook) is never shuffled: every round is in batch 0.
# Shoes are dealt from independent streams and each starts afresh (count,
# wonging), so the batches of a chunk are independent; batch k of every chunk
# adds into batch k of a merged tally.
# Overflow: the largest sum is B_NET2, (bet x outcome)**2 per round, at most
# (10_000 x 85)**2 = 7.2e11 (a 1000-unit bet is 10_000 tenths; |outcome| <=
# 85 tenths: four doubled hands and the insurance), so an int64 batch holds at
# least 9.2e18 / 7.2e11 = 1.2e7 rounds. A chunk holds at most 1e8 rounds
# (run.chunk_rounds), a batch about 1/64 of them plus one shoe's rounds,
# 1.6e6: 8 times below the bound at the largest bet every round. (Merged
# tallies add in Python integers: no bound.) With three spots a round's outcome
# reaches 255 tenths and the bound falls ninefold, to 1.4e6 rounds at the
# largest outcome and bet every round: still above any real batch (a round's
# mean squared outcome is below 10 bets squared).
N_BATCHES = 64         # a power of two: the batch is the shoe index & BATCH_MASK
BATCH_MASK = N_BATCHES - 1
B_ROUNDS = 0           # rounds bet on
B_DEALT = 1            # rounds dealt, watched ones included
B_BET = 2              # initial bets [1/10 unit]
B_NET = 3              # net [1/100 unit]
B_NET2 = 4             # squared nets of the rounds [1/10_000 unit**2]
N_BSUMS = 5
assert N_BATCHES & BATCH_MASK == 0, "N_BATCHES must be a power of two"

# --- multiple spots: int64 array `spot_sums[N_TC, N_SP]` -------------------
# With P_SPOTS > 1 we take spots_by_tc[tc - TC_MIN] spots (1..MAX_SPOTS) at
# the round's start, in seats P_SEAT, P_SEAT + 1, ...; each spot bets
# bet_by_tc. Per true count the kernel adds the exact sums of the spots'
# outcomes o_k [1/10 of one spot's initial bet] (k: 0 for the first spot in
# seat order) and of the round's outcome R = sum_k o_k, so every per-spot and
# per-round moment (EV, variance, covariance of two spots) follows without
# the clipping of `hist`. Left at zero with one spot (P_SPOTS == 1).
# Overflow: |o| <= 85, |R| <= 255: A, |C| <= 3 * 85**2, A**2 and C**2 <= 4.7e8,
# R**4 <= 4.3e9, so a true count's sums hold at least 2e9 rounds at the
# largest outcome every round (a chunk is at most 1e8 rounds).
MAX_SPOTS = 3
SP_ROUNDS = 0          # rounds bet on
SP_HANDS = 1           # spots played (sum of the rounds' spots)
SP_SUM = 2             # sum of o_k for spot k: SP_SUM + k, k < MAX_SPOTS
SP_SQ = 5              # sum of o_k**2: SP_SQ + k
SP_CROSS = 8           # sum of o_i * o_j: SP_CROSS + pair, pairs (0,1) (0,2) (1,2)
SP_A2 = 11             # sum of A**2, A = sum_k o_k**2 (for the SE of a spot's variance)
SP_C2 = 12             # sum of C**2, C = sum over pairs of o_i * o_j (SE of the covariance)
SP_R2 = 13             # sum of R**2 (R = sum of the round's o_k)
SP_R4 = 14             # sum of R**4 (SE of the round's variance)
N_SP = 15

# --- cover: int64 array `cover_par[CP_*]` (read only when its feature is on) --
CP_LO = 0              # parlay band: true counts CP_LO..CP_HI are neutral
CP_HI = 1
CP_PARLAY = 2          # 1: after a win at a neutral count, bet = last bet + its winnings
CP_JUMP = 3            # largest ratio of two consecutive bets [1/100]; 0: none
CP_MIN = 4             # the ramp's smallest and largest bets [1/10 unit]
CP_MAX = 5
CP_RATE = 6            # chance of a cover round [1/2**53]
N_CP = 7

# --- cover bets: int64 array `cover_sums[N_TC, N_CV]` ------------------------
# With P_COVER_BET a round's bet is no longer the true count's bet_by_tc, so
# the kernel adds each true count's exact sums of the round's bet b [1/10 unit]
# and net x = b * outcome [1/100 unit]; the moments come from these instead of
# `hist` x bet_by_tc. Left at zero with the feature off.
# Overflow: b <= 10_000, |x| <= 850_000: CV_NET2 grows by at most 7.2e11 a
# round, as B_NET2 (see N_BATCHES): 1.2e7 rounds at the largest bet and outcome
# every round; at a 12-unit top bet 9e8 rounds.
CV_ROUNDS = 0
CV_BET = 1             # sum of b
CV_BET2 = 2            # sum of b**2
CV_NET = 3             # sum of x
CV_NET2 = 4            # sum of x**2
CV_NETBET = 5          # sum of x * b
N_CV = 6

# --- strategy tables: int8 array `strategy[kind, row, up card]` ------------
# and index plays: int64 array `dev[kind, row, up card, DEV_*]`
K_HARD = 0             # row: hard total
K_SOFT = 1             # row: soft total
K_PAIR = 2             # row: pair card (SPLIT / NO_SPLIT)
K_SURRENDER = 3        # row: hard total of a non-pair two-card hand
K_SURRENDER_PAIR = 4   # row: pair card
K_RESCUE = 5           # row: hard total after a double's card (SURRENDER: rescue it)
K_REDOUBLE = 6         # row: hard total after a double's card (DOUBLE: redouble it)
K_REDOUBLE_SOFT = 7    # row: soft total after a double's card (DOUBLE: redouble it)
N_KINDS = 8
N_ROWS = 22
N_UP = 11              # up card value 1..10 (index 0 unused)
DEV_DIRECTION = 0      # +1: at or above the index, -1: below it, 0: none
DEV_INDEX = 1          # the index (true count)
DEV_ACTION = 2
N_DEV = 3

# --- hands: int64 array `hand[slot, F_*]`, four slots per seat ---------------
F_SUM = 0              # card values added, aces as one
F_ACE = 1              # 1 when the hand holds an ace
F_CARDS = 2
F_C1 = 3               # first card
F_C2 = 4               # second card
F_MULT = 5             # 2 once doubled (4, 8 after redoubles, Spanish 21)
F_STATE = 6            # H_*
F_SPLIT = 7            # 1 for a hand made by splitting
F_SPLIT_ACES = 8       # 1 for a hand made by splitting aces
N_FIELDS = 9

# --- hand state ------------------------------------------------------------
H_LIVE = 0
H_STOOD = 1
H_BUST = 2
H_SURRENDERED = 3
H_BLACKJACK = 4
H_RESCUED = 5          # a double given up for the original bet (Spanish 21, features loop)
