"""The value of splitting a pair, resplits included.

**Method.** Every split hand starts with the pair card ``p``. The hands are
played one after another; each takes a second card, and a second ``p`` is
split again while the rules allow (``max_split_hands``, ``resplit_aces``),
otherwise the hand plays on as the pair's total (split aces without
``hit_split_aces`` then stand). The split's value is the sum of the
expected values of the hands, computed by a recursion over
``(hands waiting for a second card, hands made, pair cards seen k)``::

    F(w, h, k) = a_k + (1 - q_k) F(w - 1, h, k)
                 + q_k F(w + 1, h + 1, k + 1)          if a resplit is allowed
                 + q_k (b_(k+1) + F(w - 1, h, k + 1))  otherwise

with ``F(0, h, k) = 0`` and the split worth ``F(2, 2, 2)``. Here ``q_k`` is
the chance that the next card is ``p`` when ``k`` pair cards are gone,
``a_k`` the value of a hand drawing a non-pair second card (summed over
those cards, weighted by their chances) and ``b_(k+1)`` the value of a hand
stuck with a pair it may not split. ``a_k`` and ``b`` are exact values of
one hand (every later hit, double and the dealer's draw enumerated) from a
shoe without the up card and ``k`` pair cards.

**Approximation.** A hand's value sees only the pair cards dealt so far,
not the other cards the other split hands drew, nor pair cards that later
hands take. After the split the player plays each hand with that knowledge
(composition-dependent) or by the chart (total-dependent), and always
resplits when allowed. Pair cards beyond ``kcap`` use the values at
``kcap`` (an effect far below 1e-6 of a bet).

**Free splits** (Free Bet Blackjack). The player's own unit stays on the
first hand; every hand a free split makes bets the casino's chip, won but
never lost (:mod:`.player`, ``lose=0``). :func:`free_split_value` adds up
every hand valued as a casino's chip by the recursion above, then what the
own unit adds to the hand that holds it: the hand dealt first, followed
through its resplits, ``G(h, k) = a'_k + q_k G(h + 1, k + 1)`` while a
resplit is allowed and ``a'_k + q_k b'_k`` once not, where ``a'`` and ``b'``
are the terms of the own hand less those of a casino's chip.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from .player import DOUBLE_HIT, DOUBLE_STAND, HIT, HandValues
from .rules import ACE
from .states import hand_space


@cache
def split_hands(pair: int, one_card_aces: bool) -> np.ndarray:
    """The hands a split of ``pair`` can lead to (the lone pair card included).

    Parameters
    ----------
    pair : int
        Rank index of the pair.
    one_card_aces : bool
        Split aces take one card and stand: only two-card hands are needed.
    """
    space = hand_space()
    holds = space.counts[:, pair] > 0
    if pair == ACE and one_card_aces:
        holds &= space.cards <= 2
    return np.flatnonzero(holds)


def post_split_play(values: HandValues, hand: int, pair: int, das: bool, chart) -> str:
    """The chart's play of a two-card hand after a split: ``stand``, ``hit`` or ``double``.

    Parameters are those of :func:`post_split_value` (``chart`` required).
    """
    rules = values.rules
    if (pair == ACE and not rules.hit_split_aces) or values.total[hand] >= 21:
        return "stand"
    may_double = (das and pair != ACE
                  and rules.may_double(int(values.hard[hand]), bool(values.soft[hand])))
    code = chart.play[values.up, int(values.soft[hand]), values.total[hand]]
    if may_double and code in (DOUBLE_HIT, DOUBLE_STAND):
        return "double"
    if code in (HIT, DOUBLE_HIT):
        return "hit"
    return "stand"


def post_split_value(values: HandValues, hand: int, pair: int, das: bool, chart=None
                     ) -> float:
    """Value of a two-card hand after a split, without splitting it again.

    Parameters
    ----------
    values : HandValues
        Values of the split hands' shoe.
    hand : int
        Position of the two-card hand in ``values``.
    pair : int
        The split rank.
    das : bool
        Whether the hand may double (double after split).
    chart : ChartArrays, optional
        Play by this chart; composition-dependent play when omitted.
    """
    rules = values.rules
    if pair == ACE and not rules.hit_split_aces:
        return float(values.stand[hand])
    if chart is None:
        may_double = (das and pair != ACE
                       and rules.may_double(int(values.hard[hand]), bool(values.soft[hand])))
        best, _ = values.cd()
        value = best[hand]
        return float(max(value, values.double[hand]) if may_double else value)
    play = post_split_play(values, hand, pair, das, chart)
    double = values.double_by(chart.rescue[values.up], chart.redouble[values.up])
    if play == "double":
        return float(double[hand])
    if play == "hit":
        _, hit = values.td_cached(chart.key, chart.play[values.up], double)
        return float(hit[hand])
    return float(values.stand[hand])


def split_terms(values: HandValues, pair: int, per_hand):
    """The terms of the split recursion for one shoe: ``(a, q, b)``.

    Parameters
    ----------
    values : HandValues
        The split hands' values with ``k`` pair cards gone.
    pair : int
        The split rank.
    per_hand : callable
        ``per_hand(values, hand)``: the quantity added up over the split
        hands (a float or an array), for a two-card hand's position.

    Returns
    -------
    tuple
        ``a``: ``per_hand`` of a hand drawing a non-pair second card, summed
        over those cards times their chances; ``q``: the chance of a pair
        card; ``b``: ``per_hand`` of the hand stuck with a pair (0 when
        ``q`` is 0).
    """
    one = values.hand([pair])
    q = float(values.draw[one, pair])
    a = sum(float(values.draw[one, c]) * per_hand(values, values.hand([pair, c]))
            for c in range(10) if c != pair and values.draw[one, c] > 0)
    b = per_hand(values, values.hand([pair, pair])) if q > 0 else 0.0
    return a, q, b


def split_recursion(rules, pair: int, term, then, zero):
    """The sum over the split hands, by the recursion of the module notes.

    Parameters
    ----------
    rules : ExactRules
        The rules (``max_split_hands`` and resplits).
    pair : int
        The split rank.
    term : callable
        ``term(k) -> (a, q, b)``: the hand terms with ``k`` pair cards gone
        (:func:`split_terms`, ``kcap`` applied by the caller).
    then : callable
        ``then(x, weight, rest)``: a hand's term ``x`` (carrying the chance
        ``weight`` of its branch) followed by the ``rest`` of the hands:
        ``x + weight * rest`` for expectations, a convolution for
        distributions.
    zero
        The sum over no hands.

    Returns
    -------
    The sum for the two hands of the first split, ``F(2, 2, 2)``.
    """
    hands_max = rules.max_split_hands
    resplit = rules.may_resplit(pair)

    @cache
    def hands(waiting: int, made: int, k: int):
        if waiting == 0:
            return zero
        a, q, b = term(k)
        value = then(a, 1.0 - q, hands(waiting - 1, made, k))
        if q > 0:
            if resplit and made < hands_max:
                value += q * hands(waiting + 1, made + 1, k + 1)
            else:
                value += q * then(b, 1.0, hands(waiting - 1, made, k + 1))
        return value

    return hands(2, 2, 2)


def free_split_value(variant, up: int, pair: int, das: bool, chart=None, kcap: int = 4
                     ) -> float:
    """Value of a free split (Free Bet Blackjack, module notes), as :func:`split_value`.

    ``variant(up, pair, k, lose)`` returns the split hands' values with the
    hand's first unit lost (``lose=1``, the player's own) or not (``lose=0``,
    the casino's chip).
    """
    rules = variant(up, pair, 2).rules
    terms: dict[tuple, tuple] = {}

    def value_of(values, hand):
        return post_split_value(values, hand, pair, das, chart)

    def term(k: int, lose: float):
        k = min(k, kcap)
        if (k, lose) not in terms:
            terms[k, lose] = split_terms(variant(up, pair, k, lose), pair, value_of)
        return terms[k, lose]

    chips = split_recursion(rules, pair, lambda k: term(k, 0.0), add_after, 0.0)
    resplit = rules.may_resplit(pair)

    @cache
    def own(made: int, k: int) -> float:
        (a1, q, b1), (a0, _, b0) = term(k, 1.0), term(k, 0.0)
        value = a1 - a0
        if q > 0:
            if resplit and made < rules.max_split_hands:
                value += q * own(made + 1, k + 1)
            else:
                value += q * (b1 - b0)
        return value

    return chips + own(2, 2)


def add_after(x, weight, rest):
    """``then`` of :func:`split_recursion` for expectations: ``x + weight * rest``."""
    return x + weight * rest


def split_value(variant, up: int, pair: int, das: bool, chart=None, kcap: int = 4) -> float:
    """Value of splitting a pair against an up card (unnormalised, see :mod:`.player`).

    Parameters
    ----------
    variant : callable
        ``variant(up, pair, k)`` returns the :class:`HandValues` of the split
        hands with ``k`` pair cards gone.
    up, pair : int
        Rank indices of the up card and of the pair.
    das : bool
        Double after split.
    chart : ChartArrays, optional
        Post-split play by the chart; composition-dependent when omitted.
    kcap : int
        Largest number of pair cards whose removal is followed.

    Returns
    -------
    float
        Sum of the split hands' values [initial bets].
    """
    rules = variant(up, pair, 2).rules
    terms: dict[int, tuple] = {}

    def value_of(values, hand):
        return post_split_value(values, hand, pair, das, chart)

    def term(k: int):
        k = min(k, kcap)
        if k not in terms:
            terms[k] = split_terms(variant(up, pair, k), pair, value_of)
        return terms[k]

    return split_recursion(rules, pair, term, add_after, 0.0)
