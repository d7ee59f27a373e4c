"""Values of the player's hands for one up card and one shoe.

:class:`HandValues` holds, for a set of hand compositions (closed under
drawing a card), the exact value of standing, of hitting and of doubling,
for composition-dependent play (the best of hit and stand for every
composition) and for a total-dependent chart.

**The peek.** Values are *unnormalised*: the expectation of the hand's
result times the indicator that the dealer has no blackjack, with the hole
card treated as drawn after the player's cards (the cards are exchangeable,
so this is exact). Every decision compares values at the same composition,
where the probability of no dealer blackjack is a common factor, so the
best play is unchanged; the round's EV is then ``-P(dealer blackjack) +
value`` and the value *given* no dealer blackjack is ``value / (1 -
P(dealer blackjack))``. Without a peek (ENHC) the dealer's blackjack is an
outcome like any other and takes every bet on the hand. All values are in
units of the hand's initial bet.

**Free bets** (Free Bet Blackjack, docs/variants.md). A hand's result is
``stake x win - own stake x loss``: the casino's chip of a free double or a
free split is paid when the hand wins and taken back, not lost, when it
loses. :class:`HandValues` keeps the chances of winning and of losing apart
(:func:`stand_parts`) and values a hand whose first unit is the player's own
(``lose=1``) or the casino's (``lose=0``, a hand a free split made); a
dealer's 22 that pushes is an outcome of its own (:mod:`.dealer`), so it
falls in neither.

**Spanish 21** (docs/variants.md). With ``player_21_wins`` a 21 wins against
a dealer's 21 too; with ``bonus_21`` a 21 of five or more cards, or of 6-7-8
or 7-7-7, is paid more when it wins (:func:`bonus_pays`), unless doubled;
with ``double_any_cards`` a hand of three or more cards may double too
(:attr:`HandValues.may_double_more`), so the recursion chooses among hit, stand
and double at every layer; with ``double_rescue`` a doubled hand that did not
bust may be given up for the original bet (:meth:`HandValues.double_by`); with
``max_doubles`` above 1 a doubled hand may double again once its card is seen
(:meth:`HandValues._doubled`).
"""

from __future__ import annotations

import numpy as np

from .dealer import BLACKJACK, BUST, DealerCache
from .rules import ACE, TEN, ExactRules
from .states import hand_space

HIT, STAND, DOUBLE_HIT, DOUBLE_STAND = 0, 1, 2, 3
DEALER_21 = 4  # the dealer outcome of a (non-blackjack) 21
SIX, SEVEN, EIGHT = 5, 6, 7  # rank indices of the 6-7-8 and 7-7-7 bonuses
PLAY_CODES = {"H": HIT, "S": STAND, "D": DOUBLE_HIT, "Ds": DOUBLE_STAND}


def stand_parts(probs: np.ndarray, totals: np.ndarray, enhc: bool
                ) -> tuple[np.ndarray, np.ndarray]:
    """Chances of winning and of losing by standing on each total.

    Parameters are those of :func:`stand_values`; a dealer's 22 that pushes
    (an eighth column of ``probs``) is in neither.

    Returns
    -------
    tuple of numpy.ndarray
        ``(win, loss)``, unnormalised like every value here.
    """
    cum = np.cumsum(probs[:, :5], axis=1)
    rows = np.arange(len(totals))
    j = np.clip(totals - 17, -1, 4)
    below = np.where(j >= 1, cum[rows, np.maximum(j - 1, 0)], 0.0)
    upto = np.where(j >= 0, cum[rows, np.maximum(j, 0)], 0.0)
    loss = cum[:, 4] - upto
    if enhc:
        loss = loss + probs[:, BLACKJACK]
    return probs[:, BUST] + below, loss


def bonus_pays(counts: np.ndarray) -> np.ndarray:
    """What a winning 21 pays per unit bet under Spanish 21's bonus 21s.

    Parameters
    ----------
    counts : numpy.ndarray
        ``(n, 10)`` cards of each rank in each hand (a 21 or not).

    Returns
    -------
    numpy.ndarray
        1 for an ordinary win; 1.5 for a 21 of five cards or of 6-7-8 or 7-7-7
        (any suits), 2 for six cards, 3 for seven or more; only a 21 gets a
        bonus (the caller's mask).
    """
    cards = counts.sum(axis=1)
    three = (cards == 3) & (((counts[:, SIX] == 1) & (counts[:, SEVEN] == 1)
                             & (counts[:, EIGHT] == 1)) | (counts[:, SEVEN] == 3))
    pays = np.select([cards >= 7, cards == 6, cards == 5, three], [3.0, 2.0, 1.5, 1.5], 1.0)
    return pays


def stand_values(probs: np.ndarray, totals: np.ndarray, enhc: bool) -> np.ndarray:
    """Value of standing on each total against the dealer's outcomes.

    Parameters
    ----------
    probs : numpy.ndarray
        ``(n, 7)`` dealer outcome probabilities (:func:`.dealer.dealer_probs`).
    totals : numpy.ndarray
        The player's totals (at most 21; 21 here is never a blackjack).
    enhc : bool
        Whether a dealer blackjack takes the bet (no peek); with a peek
        it is left out (the value is unnormalised, see the module notes).

    Returns
    -------
    numpy.ndarray
        Value per unit bet.
    """
    cum = np.cumsum(probs[:, :5], axis=1)
    rows = np.arange(len(totals))
    j = np.clip(totals - 17, -1, 4)
    below = np.where(j >= 1, cum[rows, np.maximum(j - 1, 0)], 0.0)
    upto = np.where(j >= 0, cum[rows, np.maximum(j, 0)], 0.0)
    value = probs[:, BUST] + below - (cum[:, 4] - upto)
    if enhc:
        value = value - probs[:, BLACKJACK]
    return value


class HandValues:
    """Stand, hit and double values of a closed set of hands.

    Parameters
    ----------
    rules : ExactRules
        The rules.
    dealer : DealerCache
        The dealer's probabilities for the up card and the shoe without it.
    extra : numpy.ndarray
        Cards known to be gone besides the up card and the hand's own (the
        other split cards), by rank.
    hands : numpy.ndarray
        Indices into :func:`.states.hand_space`; every non-busting child of
        a hand must be in the set, unless ``closed`` is False.
    closed : bool
        False for a set whose hands never draw (split aces that take one
        card): hits and doubles of its hands are then meaningless.
    more_doubles : bool
        Whether hands of three or more cards may double when the rules have
        ``double_any_cards`` (False for split hands without double after
        split, and for split aces).
    lose : float
        Share of the hand's first unit lost when it loses: 1 for the
        player's own bet, 0 for the casino's chip of a free split (see the
        module notes); 1 unless the rules have free bets.

    Attributes
    ----------
    stand, double : numpy.ndarray
        Value of standing, and of doubling (one card, twice the bet).
    draw : numpy.ndarray
        ``(n, 10)`` probability of each next card.
    p_blackjack : numpy.ndarray
        Probability that the dealer's hole card makes a blackjack.
    probs : numpy.ndarray
        ``(n, 7)`` the dealer's outcome probabilities against each hand (the
        hand's cards gone), :func:`.dealer.dealer_probs`.
    """

    def __init__(self, rules: ExactRules, dealer: DealerCache, extra: np.ndarray,
                 hands: np.ndarray, closed: bool = True, lose: float = 1.0,
                 more_doubles: bool = True):
        space = hand_space()
        self.rules, self.up = rules, dealer.up
        self.hands = np.asarray(hands, dtype=np.int64)
        local = np.full(len(space.hard) + 1, -1, dtype=np.int32)
        local[self.hands] = np.arange(len(self.hands))
        children = space.child[self.hands]
        self.child = np.where(children >= 0, local[children], -1).astype(np.int32)
        if closed and np.any((children >= 0) & (self.child < 0)):
            raise ValueError("the hand set is not closed under drawing a card")
        self.total = space.total[self.hands]
        self.soft = space.soft[self.hands]
        self.hard = space.hard[self.hands]
        self.cards = space.cards[self.hands]
        self.layers = [local[layer][local[layer] >= 0] for layer in space.layers]
        self._local = local
        removed = space.counts[self.hands] + np.asarray(extra, dtype=np.int64)[None, :]
        left = dealer.shoe[None, :] - removed
        left_pos = np.maximum(left, 0.0)
        n_left = left.sum(axis=1)
        self.draw = left_pos / n_left[:, None]
        probs = dealer.get(removed)
        self.probs = probs
        self.p_blackjack = probs[:, BLACKJACK].copy()
        self.lose = lose
        if rules.free_bets or rules.dealer_22_pushes:
            self._free_values(probs, left_pos, n_left)
        elif rules.spanish:
            self._spanish_values(probs, left_pos, n_left, space.counts[self.hands])
        else:
            self.stand = stand_values(probs, self.total, rules.enhc)
            self.bust = self._bust_values(left_pos, n_left)
            self.double = 2.0 * self._after_one_card(self.stand)
        self.may_double_more = np.zeros(len(self.hands), dtype=bool)
        if rules.double_any_cards and more_doubles:
            self.may_double_more = (self.cards >= 3) & np.array(
                [rules.may_double(int(h), bool(s)) for h, s in zip(self.hard, self.soft)],
                dtype=bool)
        self._cd = None
        self._td: dict = {}

    def _spanish_values(self, probs: np.ndarray, left: np.ndarray, n_left: np.ndarray,
                        counts: np.ndarray) -> None:
        """Stand, bust and double values under Spanish 21's 21 rules (module notes).

        A doubled hand's 21 wins against a dealer's 21 but gets no bonus.
        """
        win, loss = stand_parts(probs, self.total, self.rules.enhc)
        if self.rules.player_21_wins:
            win = win + np.where(self.total == 21, probs[:, DEALER_21], 0.0)
        self.stand = win - loss
        self.bust = self._bust_values(left, n_left)
        self.stand_plain = self.stand  # a doubled hand's value per unit (no bonus)
        # a rescued double loses the original bet (a peeked dealer blackjack aside)
        self.rescue_value = -np.ones(len(self.hands)) if self.rules.enhc else -(
            1.0 - self.p_blackjack)
        self._doubles: dict = {}
        # a doubled hand doubles again (max_doubles) where a hand of its total may double
        self.may_redouble = (self.total < 21) & np.array(
            [self.rules.may_double(int(h), bool(s)) for h, s in zip(self.hard, self.soft)],
            dtype=bool)
        if self.rules.double_rescue or self.rules.max_doubles > 1:
            self.double = self._doubled()  # composition-dependent: the best after each card
        else:
            self.double = 2.0 * self._after_one_card(self.stand)
        if self.rules.bonus_21:
            extra = np.where(self.total == 21, bonus_pays(counts) - 1.0, 0.0)
            self.stand = self.stand + extra * win

    def _free_values(self, probs: np.ndarray, left: np.ndarray, n_left: np.ndarray) -> None:
        """Stand, bust and double values with free bets or a pushing 22 (module notes).

        A double puts up one more unit: the casino's chip on a two-card hard
        9, 10 or 11 with free doubles (:meth:`.ExactRules.free_double`), else
        the player's own.
        """
        win, loss = stand_parts(probs, self.total, self.rules.enhc)
        unit_bust = self._bust_values(left, n_left)
        self.stand = win - self.lose * loss
        self.bust = self.lose * unit_bust
        free = np.array([self.rules.free_double(int(t), bool(s))
                         for t, s in zip(self.total, self.soft)])
        lose_doubled = self.lose + np.where(free, 0.0, 1.0)
        self.double = (self._after_one_card(2.0 * win, 0.0)
                       + lose_doubled * self._after_one_card(-loss, unit_bust))

    def _doubled(self, rescued=None, redoubles=None, level: int = 1) -> np.ndarray:
        """Value of doubling each hand under Spanish 21's rescue and redoubles [unit bet].

        The double's card is drawn for two units; a hand doubled ``k`` times
        (``2**k`` units) then stands, is rescued (the original bet lost, the
        doubled units taken back: :attr:`rescue_value` whatever ``k``) or, while
        ``k < max_doubles`` and :attr:`may_redouble`, doubles again: one more card
        for ``2**(k + 1)`` units. Valued from the last double back to the first.

        Parameters
        ----------
        rescued, redoubles : numpy.ndarray, optional
            Per hand, whether a chart rescues it and whether it redoubles it
            (:meth:`double_by`); both omitted: the best of the three for every
            hand (composition-dependent).
        level : int
            Which double is valued: 1 the first (the value of doubling), 2 the
            first redouble (at a hand once the double's card is seen), ...
        """
        rules = self.rules
        after = None  # the value of one more double, at the hands before its card
        for k in range(rules.max_doubles, level - 1, -1):
            keep = 2.0 ** k * self.stand_plain
            if rescued is None:
                best = np.maximum(keep, self.rescue_value) if rules.double_rescue else keep
                if after is not None:
                    best = np.where(self.may_redouble, np.maximum(best, after), best)
            else:
                best = np.where(rescued, self.rescue_value, keep)
                if after is not None:
                    best = np.where(redoubles & self.may_redouble, after, best)
            after = self._after_one_card(best, 2.0 ** k * self.bust)
        return after

    def chart_doubles(self, rescue, redouble) -> tuple[np.ndarray, np.ndarray]:
        """Per hand, whether a chart rescues it and whether it redoubles it once doubled.

        ``rescue`` and ``redouble`` as in :meth:`double_by` (not None).
        """
        rules = self.rules
        given_up = rescue[self.hard] & ~self.soft if rules.double_rescue else np.zeros(
            len(self.hands), dtype=bool)
        again = redouble[self.soft.astype(int), self.total] if rules.max_doubles > 1 \
            else np.zeros(len(self.hands), dtype=bool)
        return given_up, again

    def redouble_gain(self, rescue, redouble) -> np.ndarray:
        """Per hand once a first double's card is seen: doubling again (two units to
        four, then the chart's ``redouble`` and ``rescue`` rows) minus standing or
        rescuing by the chart [unit bet]; 0 where the hand may not double again.

        ``rescue`` and ``redouble`` as in :meth:`double_by` (not None); needs
        ``max_doubles`` above 1.
        """
        given_up, again = self.chart_doubles(rescue, redouble)
        keep = np.where(given_up, self.rescue_value, 2.0 * self.stand_plain)
        gain = self._doubled(given_up, again, level=2) - keep
        return np.where(self.may_redouble, gain, 0.0)

    def double_by(self, rescue, redouble=None) -> np.ndarray:
        """Values of doubling with the doubled hands rescued and redoubled by a chart.

        Parameters
        ----------
        rescue : numpy.ndarray or None
            ``(22,)`` whether a doubled hard hand of each total is given up for
            the original bet, for this up card (:attr:`.charts.ChartArrays.rescue`).
        redouble : numpy.ndarray, optional
            ``(2, 22)`` whether a doubled hand of each hard (row 0) and soft
            (row 1) total doubles again, for this up card
            (:attr:`.charts.ChartArrays.redouble`); none when omitted.

        Returns
        -------
        numpy.ndarray
            :attr:`double` without ``double_rescue`` and redoubles (or without
            a table); else each doubled hand stands, or, where the tables say
            so, doubles again (up to ``max_doubles`` doubles in all) or loses
            the original bet.
        """
        rules = self.rules
        if rescue is None or not (rules.double_rescue or rules.max_doubles > 1):
            return self.double
        if redouble is None or rules.max_doubles == 1:
            redouble = np.zeros((2, 22), dtype=bool)
        key = rescue.tobytes() + redouble.tobytes()
        if key not in self._doubles:
            self._doubles[key] = self._doubled(*self.chart_doubles(rescue, redouble))
        return self._doubles[key]

    def _bust_values(self, left: np.ndarray, n_left: np.ndarray) -> np.ndarray | float:
        """Value of busting by drawing each rank, ``(n, 10)`` or one number [unit bet].

        A bust loses the bet, times the chance of no dealer blackjack when
        a peeking dealer shows an ace or a ten.
        """
        if self.rules.enhc or self.up not in (ACE, TEN):
            return -1.0
        other = TEN if self.up == ACE else ACE
        hole = left[:, other][:, None] - (np.arange(10) == other)[None, :]
        return -(1.0 - np.maximum(hole, 0.0) / (n_left[:, None] - 1.0))

    def _after_one_card(self, values: np.ndarray, bust=None) -> np.ndarray:
        """Expected ``values`` of the hand after one more card, a bust worth ``bust``
        (the hand's :attr:`bust` when omitted)."""
        bust = self.bust if bust is None else bust
        nxt = np.where(self.child >= 0, values[np.maximum(self.child, 0)], bust)
        return (self.draw * nxt).sum(axis=1)

    def _layered(self, choose) -> tuple[np.ndarray, np.ndarray]:
        value = np.zeros(len(self.hands))
        hit = np.zeros(len(self.hands))
        for members in self.layers:
            if len(members) == 0:
                continue
            children = self.child[members]
            bust = self.bust if np.isscalar(self.bust) else self.bust[members]
            nxt = np.where(children >= 0, value[np.maximum(children, 0)], bust)
            hit[members] = (self.draw[members] * nxt).sum(axis=1)
            value[members] = choose(members, hit[members])
        return value, hit

    def cd(self) -> tuple[np.ndarray, np.ndarray]:
        """Composition-dependent play: ``(best of hit and stand, hit)`` per hand.

        A hand of 21 stands (as the simulator does); a hand of three or more
        cards doubles where that is best and allowed (:attr:`may_double_more`).
        """
        if self._cd is None:
            def best(members, hit):
                stand = self.stand[members]
                play = np.maximum(stand, hit)
                play = np.where(self.may_double_more[members],
                                np.maximum(play, self.double[members]), play)
                return np.where(self.total[members] >= 21, stand, play)

            self._cd = self._layered(best)
        return self._cd

    def td(self, play: np.ndarray, decide=None, double=None) -> tuple[np.ndarray, np.ndarray]:
        """Total-dependent play after the first decision: ``(value, hit)`` per hand.

        Parameters
        ----------
        play : numpy.ndarray
            ``(2, 22)`` chart codes (``HIT``, ``STAND``, ``DOUBLE_HIT``,
            ``DOUBLE_STAND``) for this up card, hard row 0 and soft row 1, by
            total. A hand that can no longer double hits on ``DOUBLE_HIT``
            and stands on ``DOUBLE_STAND``; one of three or more cards that
            may (:attr:`may_double_more`) doubles.
        decide : callable, optional
            Called as ``decide(members, hit)`` for every layer before it is
            valued, to fill in ``play`` for that layer's totals (the chart
            generator).
        double : numpy.ndarray, optional
            Values of doubling (:meth:`double_by`, the chart's rescues);
            :attr:`double` when omitted.
        """
        double = self.double if double is None else double
        def chosen(members, hit):
            if decide is not None:
                decide(members, hit)
            code = play[self.soft[members].astype(int), self.total[members]]
            stands = (code == STAND) | (code == DOUBLE_STAND) | (self.total[members] >= 21)
            value = np.where(stands, self.stand[members], hit)
            doubles = ((code == DOUBLE_HIT) | (code == DOUBLE_STAND)) & (
                self.total[members] < 21) & self.may_double_more[members]
            return np.where(doubles, double[members], value)

        return self._layered(chosen)

    def td_cached(self, key, play: np.ndarray, double=None) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`td` for a chart, remembered under ``key`` (the chart's identity)."""
        if key not in self._td:
            self._td[key] = self.td(play, double=double)
        return self._td[key]

    def hand(self, ranks) -> int:
        """Position in this set of the hand holding these ranks."""
        return int(self._local[hand_space().of(ranks)])
