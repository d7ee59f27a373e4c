"""The expected value of a round off the top of the shoe.

:class:`ExactGame` values every two-card hand against every up card, for
composition-dependent play (``cd``: each decision the best for the cards in
the hand, the same after splits, see :mod:`.splits`) and for a
total-dependent chart (``td``: every decision read from the chart, as the
simulator plays it), and sums them with the chances of the deal into the
expected value of a round, in units of the initial bet.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..cards import RANK_KEYS, shoe_counts
from .charts import ChartArrays
from .dealer import DealerCache
from .player import DOUBLE_HIT, DOUBLE_STAND, HIT, HandValues
from .rules import ACE, TEN, ExactRules
from .splits import free_split_value, split_hands, split_value
from .states import descendants, hand_space

ACTIONS = ("stand", "hit", "double", "split", "surrender")


@dataclass
class HandEV:
    """Values of one two-card hand against one up card.

    ``values`` maps each action the rules allow to its value, unnormalised
    (see :mod:`.player`): for a peeking dealer with an ace or ten up it
    leaves out the dealer's blackjack, which costs ``p_dealer_bj`` on top;
    early surrender is always worth -0.5. ``ev`` is the round's EV with the
    best play (``best``), everything included.
    """

    up: int
    cards: tuple
    probability: float
    p_dealer_bj: float
    values: dict
    best: str
    ev: float


class ExactGame:
    """Exact analysis of one rule set and shoe.

    Parameters
    ----------
    rules : dict, Rules or ExactRules
        The rules (a config's ``rules`` section).
    shoe : numpy.ndarray, optional
        Card counts by rank index (aces, 2..9, tens) [cards], real counts
        allowed; a full shoe of ``rules.decks`` decks when omitted.
    kcap : int
        See :func:`.splits.split_value`.
    hands : sequence of tuple, optional
        Value only these two-card hands (rank pairs) and what they lead to,
        which is much faster when only a few hands matter (index generation).
    """

    def __init__(self, rules, shoe: np.ndarray | None = None, kcap: int = 4,
                 hands=None):
        self.rules = ExactRules.from_rules(rules)
        self.full = shoe is None
        self.shoe = (shoe_counts(self.rules.decks, self.rules.spanish_deck) if shoe is None
                     else np.asarray(shoe, float))
        self.kcap = kcap
        self._dealer: dict[int, DealerCache] = {}
        self._main: dict[int, HandValues] = {}
        self._split: dict[tuple, HandValues] = {}
        self._split_ev: dict[tuple, float] = {}
        space = hand_space()
        if hands is None:
            self._two = np.flatnonzero(space.cards >= 2)
        else:
            self._two = descendants([space.of(h) for h in hands])

    # --- values ------------------------------------------------------------
    def up_shoe(self, up: int) -> np.ndarray:
        """The shoe once the up card is gone."""
        shoe = self.shoe.copy()
        shoe[up] -= 1
        return shoe

    def dealer(self, up: int) -> DealerCache:
        """The dealer's probabilities against ``up``, by the cards removed."""
        if up not in self._dealer:
            h17, push22 = self.rules.dealer_hits_soft_17, self.rules.dealer_22_pushes
            if self.full:
                self._dealer[up] = shared_dealer(self.rules.decks, h17, push22,
                                                 self.rules.spanish_deck)[up]
            else:
                self._dealer[up] = DealerCache(up, h17, self.up_shoe(up), push22)
        return self._dealer[up]

    def main(self, up: int) -> HandValues:
        """Values of every hand of two or more cards against ``up``."""
        if up not in self._main:
            self._main[up] = HandValues(self.rules, self.dealer(up), np.zeros(10, int),
                                        self._two)
        return self._main[up]

    def split_variant(self, up: int, pair: int, k: int, lose: float = 1.0) -> HandValues:
        """Values of split hands of ``pair`` with ``k`` pair cards gone; ``lose`` 0 for
        the hands whose bet is the casino's chip (a free split, :mod:`.player`)."""
        key = (up, pair, k, lose)
        if key not in self._split:
            extra = np.zeros(10, dtype=int)
            extra[pair] = k - 1  # the hand's own pair card is one of its cards
            one_card = pair == ACE and not self.rules.hit_split_aces
            hands = split_hands(pair, one_card)
            more = self.rules.double_after_split and pair != ACE  # double_any_cards
            self._split[key] = HandValues(self.rules, self.dealer(up), extra, hands,
                                          closed=not one_card, lose=lose, more_doubles=more)
        return self._split[key]

    def split(self, up: int, pair: int, chart: ChartArrays | None = None,
              das: bool | None = None) -> float:
        """Unnormalised value of splitting ``pair`` against ``up`` (see :mod:`.splits`)."""
        das = self.rules.double_after_split if das is None else das
        key = (up, pair, None if chart is None else chart.key, das)
        if key not in self._split_ev:
            value_of = free_split_value if self.rules.free_split(pair) else split_value
            self._split_ev[key] = value_of(self.split_variant, up, pair, das, chart, self.kcap)
        return self._split_ev[key]

    # --- the deal ----------------------------------------------------------
    def up_probability(self, up: int) -> float:
        """Chance of the up card."""
        return float(self.shoe[up] / self.shoe.sum())

    def deals(self, up: int):
        """The two-card hands against ``up`` with their chances (given the up card).

        Yields
        ------
        tuple
            ``(c1, c2, probability)`` with ``c1 <= c2`` rank indices.
        """
        shoe = self.up_shoe(up)
        n = shoe.sum()
        for c1 in range(10):
            for c2 in range(c1, 10):
                if c1 == c2:
                    p = shoe[c1] * max(shoe[c1] - 1, 0) / (n * (n - 1))
                else:
                    p = 2 * shoe[c1] * shoe[c2] / (n * (n - 1))
                if p > 0:
                    yield c1, c2, float(p)

    def blackjack_value(self, p_bj: float) -> float:
        """EV of a player blackjack [initial bets]: it pushes a dealer blackjack
        (chance ``p_bj``) unless ``player_21_wins``, when it always wins."""
        if self.rules.player_21_wins:
            return self.rules.blackjack_pays
        return self.rules.blackjack_pays * (1.0 - p_bj)

    def surrender_value(self, p_bj: float) -> float:
        """Unnormalised value of late surrender (early surrender is -0.5 outright)."""
        if self.rules.enhc:
            return -0.5 * (1.0 - p_bj) - p_bj  # a dealer blackjack takes the whole bet
        return -0.5 * (1.0 - p_bj)

    def round_from_value(self, p_bj: float, value: float, surrendered: bool) -> float:
        """EV of the round from a hand's unnormalised value."""
        if surrendered and self.rules.surrender == "early":
            return -0.5
        return value - (0.0 if self.rules.enhc else p_bj)

    def hand_ev(self, up: int, c1: int, c2: int, probability: float = 0.0) -> HandEV:
        """Composition-dependent values of every action for one two-card hand."""
        rules = self.rules
        values = self.main(up)
        i = values.hand([c1, c2])
        p_bj = float(values.p_blackjack[i])
        if {c1, c2} == {ACE, TEN}:
            ev = self.blackjack_value(p_bj)
            return HandEV(up, (c1, c2), probability, p_bj, {}, "blackjack", ev)
        best, hit = values.cd()
        acts = {"stand": float(values.stand[i]), "hit": float(hit[i])}
        if rules.may_double(int(values.hard[i]), bool(values.soft[i])):
            acts["double"] = float(values.double[i])
        if c1 == c2 and rules.max_split_hands >= 2:
            acts["split"] = self.split(up, c1)
        if rules.surrender != "none":
            acts["surrender"] = self.surrender_value(p_bj)
        best = max(acts, key=acts.get)
        ev = self.round_from_value(p_bj, acts[best], False)
        if rules.surrender == "early" and -0.5 > ev:
            best, ev = "surrender", -0.5
        return HandEV(up, (c1, c2), probability, p_bj, acts, best, ev)

    def td_play(self, up: int, c1: int, c2: int, chart: ChartArrays) -> str:
        """The chart's play of one two-card hand: ``blackjack``, ``surrender``,
        ``split``, ``double``, ``hit`` or ``stand`` (as the simulator reads the chart)."""
        rules = self.rules
        values = self.main(up)
        i = values.hand([c1, c2])
        if {c1, c2} == {ACE, TEN}:
            return "blackjack"
        pair = c1 == c2
        if rules.surrender != "none" and (
                chart.surrender_pair[up, c1] if pair else
                (c1 != ACE and chart.surrender_hard[up, values.total[i]])):
            return "surrender"
        if pair and rules.max_split_hands >= 2 and chart.split[up, c1]:
            return "split"
        code = chart.play[up, int(values.soft[i]), values.total[i]]
        if rules.may_double(int(values.hard[i]), bool(values.soft[i])) and code in (
                DOUBLE_HIT, DOUBLE_STAND):
            return "double"
        if code in (HIT, DOUBLE_HIT):
            return "hit"
        return "stand"

    def hand_td(self, up: int, c1: int, c2: int, chart: ChartArrays) -> tuple[str, float]:
        """The chart's play of one two-card hand and the round's EV with it."""
        values = self.main(up)
        p_bj = float(values.p_blackjack[values.hand([c1, c2])])
        play, value = self.td_value(up, c1, c2, chart)
        if play == "blackjack":
            return play, self.blackjack_value(p_bj)
        return play, self.round_from_value(p_bj, value, play == "surrender")

    def td_value(self, up: int, c1: int, c2: int, chart: ChartArrays) -> tuple[str, float]:
        """The chart's play of one two-card hand and its unnormalised value.

        The value leaves out a peeking dealer's blackjack (:mod:`.player`); a
        blackjack is paid ``blackjack_pays`` when the dealer has none, a late
        surrender is worth :meth:`surrender_value`.
        """
        values = self.main(up)
        i = values.hand([c1, c2])
        p_bj = float(values.p_blackjack[i])
        play = self.td_play(up, c1, c2, chart)
        if play == "blackjack":
            return play, self.rules.blackjack_pays * (1.0 - p_bj)
        if play == "surrender":
            return play, self.surrender_value(p_bj)
        if play == "split":
            value = self.split(up, c1, chart)
        elif play == "double":
            value = float(values.double_by(chart.rescue[up], chart.redouble[up])[i])
        elif play == "hit":
            double = values.double_by(chart.rescue[up], chart.redouble[up])
            value = float(values.td_cached(chart.key, chart.play[up], double)[1][i])
        else:
            value = float(values.stand[i])
        return play, value

    def round_ev(self, hand: HandEV, action: str) -> float:
        """The round's EV of one of a hand's actions [initial bets], everything included."""
        return self.round_from_value(hand.p_dealer_bj, hand.values[action], action == "surrender")

    # --- the round -----------------------------------------------------------
    def hands(self) -> list[HandEV]:
        """Composition-dependent values of every two-card hand against every up card."""
        out = []
        for up in range(10):
            p_up = self.up_probability(up)
            for c1, c2, p in self.deals(up):
                out.append(self.hand_ev(up, c1, c2, p_up * p))
        return out

    def ev_cd(self) -> float:
        """EV of a round [initial bets] with composition-dependent play."""
        return float(sum(h.probability * h.ev for h in self.hands()))

    def ev_td(self, chart: ChartArrays) -> float:
        """EV of a round [initial bets] playing a total-dependent chart."""
        total = 0.0
        for up in range(10):
            p_up = self.up_probability(up)
            for c1, c2, p in self.deals(up):
                total += p_up * p * self.hand_td(up, c1, c2, chart)[1]
        return total


@lru_cache(maxsize=6)
def shared_dealer(decks: int, h17: bool, push22: bool = False,
                  spanish: bool = False) -> list[DealerCache]:
    """Dealer caches of a full shoe, one per up card, shared by every rule set
    with these decks (Spanish or not), soft-17 rule and 22 rule (the rest of the
    rules do not change the dealer)."""
    shoe = shoe_counts(decks, spanish)
    caches = []
    for up in range(10):
        left = shoe.copy()
        left[up] -= 1
        caches.append(DealerCache(up, h17, left, push22))
    return caches


@lru_cache(maxsize=2)
def game_for(rules: ExactRules) -> ExactGame:
    """The (remembered) :class:`ExactGame` of a rule set with a full shoe.

    The two most recent games are kept, so generating a chart and then
    valuing it reuses the dealer's probabilities. ``game_for.cache_clear()``
    frees them.
    """
    return ExactGame(rules)


def describe_hand(c1: int, c2: int) -> str:
    """A two-card hand as text, e.g. ``'T,6'`` (higher card first, aces last)."""
    order = sorted((c1, c2), key=lambda r: (r == ACE, r), reverse=True)
    return ",".join(RANK_KEYS[r] for r in order)


__all__ = ["ACTIONS", "ExactGame", "HandEV", "describe_hand", "game_for", "shared_dealer"]
