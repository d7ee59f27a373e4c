"""Blackjack Switch: when to exchange the second cards, and the game's EV.

The player bets two equal hands; the dealer peeks with an ace or a ten up
(a dealer blackjack beats both hands, but a dealt ace and ten pushes), then
the player may exchange the second cards of the two hands once and plays
each hand by the chart (docs/variants.md, "Blackjack Switch").

A deal is five cards indexed ``[a1, a2, b1, b2, up]`` by rank (0 = ace,
9 = ten): hand A holds ``a1, a2``, hand B ``b1, b2``; switching makes the
hands ``(a1, b2)`` and ``(b1, a2)``.

**Method.** For every two-card hand ``h`` and every pair ``o`` of other
cards, :func:`hand_values` values ``h`` against each up card played by the
chart, in an :class:`~.overall.ExactGame` whose shoe lacks ``o``: so each
hand's value has all five dealt cards out of the shoe, the up card, its
own cards and the other hand's, and the dealer's hole card and draws are
conditioned on them. The values are unnormalised (:mod:`.player`): the
dealer's blackjack is left out, which is right because the switch comes
after the peek, so both choices are compared given no dealer blackjack.
A deal's value is then ``-P(dealer blackjack) x (hands not a dealt
blackjack) + max(keep, switch)``, in units of one hand's bet.

**The other hand's draws.** Each hand is valued as if played alone from the
shoe without the five dealt cards, yet at the table hand B draws from what
hand A left and the dealer from what both left. This costs nothing: a hand
plays by its own cards only (the chart), so its draws stop by a rule that
reads only them, and the cards after them are, averaged over them, dealt as
the shoe would deal them (exchangeability). The analysis equals a brute
force of the round as dealt on every deal (tests/test_switch_exact.py); the
one approximation left is that of split hands (:mod:`.splits`). A switched
ace and ten stands as a 21 (a dealer's 21, or a pushing 22, pushes it) or,
with ``switched_blackjack``, is paid as a blackjack at once.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace

import numpy as np

from ..cards import shoe_counts
from ..errors import ConfigError
from .charts import chart_arrays
from .generate import generate_chart
from .overall import ExactGame
from .rules import ACE, N_RANKS, TEN, ExactRules

SWITCH_VERSION = 1  # of the analysis and its cached tables (jost_engine.chart_cache)
MEMORY_TABLES = 8  # switch analyses (and hand values) remembered in memory (~4 MB each)
_ANALYSES: dict[tuple, SwitchAnalysis] = {}
_VALUES: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}  # hand_values by rules, chart, shoe
DEAL_SHAPE = (N_RANKS,) * 5  # [a1, a2, b1, b2, up]


def check_switch(rules: ExactRules) -> None:
    """Refuse the rules the Switch analysis does not cover, in one line.

    Raises
    ------
    jost_engine.errors.ConfigError
        Without ``switch``, with a dealer who takes no hole card (the peek
        comes before the switch) or with early surrender.
    """
    if not rules.switch:
        raise ConfigError("rules.switch: the Blackjack Switch analysis needs switch true, "
                          "got false")
    if rules.enhc:
        raise ConfigError("rules.hole_card: Blackjack Switch is analysed with a dealer who "
                          "peeks before the switch ('peek'), got 'enhc'")
    if rules.surrender == "early":
        raise ConfigError("rules.surrender: Blackjack Switch is analysed with 'none' or "
                          "'late' surrender (the dealer peeks before the switch), got 'early'")


def chart_digest(chart: dict) -> str:
    """A digest of a chart's plays (the key of a switch table made with it).

    Its name, notes and ``applies_to`` are left out (the basic charts of the two
    rules of a switched ace and ten differ only there), and so are empty tables (a
    config's chart, dumped, holds ``{}`` where the generated one has none).
    """
    plays = {k: v for k, v in chart.items()
             if k not in ("name", "notes", "applies_to") and v not in (None, {})}
    return hashlib.sha1(json.dumps(plays, sort_keys=True).encode()).hexdigest()


def _pairs():
    for c1 in range(N_RANKS):
        for c2 in range(c1, N_RANKS):
            yield c1, c2


def _fits(shoe: np.ndarray, *cards: int) -> bool:
    """Whether the shoe holds these cards."""
    need = np.bincount(np.array(cards, dtype=np.int64), minlength=N_RANKS)
    return bool(np.all(shoe - need >= -1e-9))


def hand_values(rules: ExactRules, arrays, shoe: np.ndarray, kcap: int = 4
                ) -> tuple[np.ndarray, np.ndarray]:
    """Every two-card hand's unnormalised value with the other hand's cards gone.

    Parameters
    ----------
    rules : ExactRules
        The rules.
    arrays : ChartArrays
        The chart that plays every hand after the switch.
    shoe : numpy.ndarray
        Card counts by rank before the deal [cards].
    kcap : int
        See :func:`.splits.split_value`.

    Returns
    -------
    values : numpy.ndarray
        ``(10, 10, 10, 10, 10)`` indexed ``[h1, h2, o1, o2, up]``: the value of
        the hand ``h1, h2`` against ``up`` with ``o1, o2`` gone too, played by
        the chart, a dealer blackjack left out [hand's initial bets]; a dealt
        ace and ten is a blackjack (paid ``blackjack_pays``). Zero for deals
        the shoe cannot give.
    twenty_one : numpy.ndarray
        ``(10, 10, 10)`` indexed ``[o1, o2, up]``: the value of an ace and a ten
        standing as a 21 (a switched one under the Las Vegas rule).
    """
    values = np.zeros(DEAL_SHAPE)
    twenty_one = np.zeros((N_RANKS,) * 3)
    for o1, o2 in _pairs():
        if not _fits(shoe, o1, o2):
            continue
        rest = shoe.copy()
        rest[o1] -= 1
        rest[o2] -= 1
        game = ExactGame(rules, shoe=rest, kcap=kcap)
        for up in range(N_RANKS):
            if not _fits(rest, up):
                continue
            for h1, h2 in _pairs():
                if not _fits(rest, up, h1, h2):
                    continue
                value = game.td_value(up, h1, h2, arrays)[1]
                for a, b in ((h1, h2), (h2, h1)):
                    values[a, b, o1, o2, up] = values[a, b, o2, o1, up] = value
            if _fits(rest, up, ACE, TEN):
                main = game.main(up)
                stand = float(main.stand[main.hand([ACE, TEN])])
                twenty_one[o1, o2, up] = twenty_one[o2, o1, up] = stand
    return values, twenty_one


def deal_probabilities(shoe: np.ndarray) -> np.ndarray:
    """Chance of each ordered deal ``[a1, a2, b1, b2, up]`` from a shoe.

    The cards are exchangeable, so the order the casino deals them in does
    not matter. Shape ``(10,) * 5``; the chances add up to one.
    """
    total = shoe.sum()
    index = np.indices(DEAL_SHAPE).reshape(5, -1)
    p = np.ones(index.shape[1])
    seen = np.zeros((N_RANKS, index.shape[1]))
    cols = np.arange(index.shape[1])
    for k in range(5):
        ranks = index[k]
        p *= np.maximum(shoe[ranks] - seen[ranks, cols], 0.0) / (total - k)
        seen[ranks, cols] += 1
    return p.reshape(DEAL_SHAPE)


def _is_blackjack(c1: np.ndarray, c2: np.ndarray) -> np.ndarray:
    return ((c1 == ACE) & (c2 == TEN)) | ((c1 == TEN) & (c2 == ACE))


@dataclass(frozen=True)
class SwitchAnalysis:
    """Every deal's values, keeping and switching (:func:`analyse_switch`).

    Attributes
    ----------
    probability : numpy.ndarray
        Chance of each deal ``[a1, a2, b1, b2, up]``.
    p_blackjack : numpy.ndarray
        Chance of a dealer blackjack given the five cards (0 without an ace or
        ten up).
    keep, switch : numpy.ndarray
        Unnormalised value of the two hands together [one hand's bet],
        keeping the hands or switching them: a dealer blackjack left out
        (the module's notes); zero for deals the shoe cannot give.
    lost_to_blackjack : numpy.ndarray
        What a dealer blackjack costs the two hands [one hand's bet]: one per
        hand that is not a dealt blackjack.
    """

    probability: np.ndarray
    p_blackjack: np.ndarray
    keep: np.ndarray
    switch: np.ndarray
    lost_to_blackjack: np.ndarray

    @property
    def table(self) -> np.ndarray:
        """``int8`` 1 where switching is worth more than keeping, else 0."""
        return (self.switch > self.keep).astype(np.int8)

    def deal_ev(self, switching: np.ndarray | None = None) -> np.ndarray:
        """EV of each deal for the two hands together [one hand's bet].

        Parameters
        ----------
        switching : numpy.ndarray, optional
            Where to switch (a :attr:`table`); the best choice when omitted.
        """
        chosen = (np.maximum(self.keep, self.switch) if switching is None
                  else np.where(switching.astype(bool), self.switch, self.keep))
        return chosen - self.p_blackjack * self.lost_to_blackjack

    def ev(self, switching: np.ndarray | None = None) -> float:
        """EV per hand [initial bets]: the deals' EVs weighted by their chances, halved."""
        return float((self.probability * self.deal_ev(switching)).sum() / 2.0)

    def switch_rate(self, given_no_blackjack: bool = False) -> float:
        """Chance that the table switches in a round.

        Parameters
        ----------
        given_no_blackjack : bool
            Of the rounds the dealer has no blackjack (those that reach the
            switch) rather than of all rounds.
        """
        played = self.probability * (1.0 - self.p_blackjack)
        rate = float(played[self.table == 1].sum())
        return rate / float(played.sum()) if given_no_blackjack else rate


def analyse_switch(rules, chart: dict | None = None, shoe: np.ndarray | None = None,
                   kcap: int = 4) -> SwitchAnalysis:
    """Value every deal of a Blackjack Switch round, keeping and switching.

    Parameters
    ----------
    rules : dict, Rules or ExactRules
        The rules, with ``switch`` on.
    chart : dict, optional
        The chart every hand plays after the switch (JSON format of
        ``docs/charts.md``); the rules' generated basic chart when omitted.
    shoe : numpy.ndarray, optional
        Card counts by rank [cards]; a full shoe of ``rules.decks`` when omitted.
    kcap : int
        See :func:`.splits.split_value`.

    Returns
    -------
    SwitchAnalysis
        Remembered in memory per rules, chart and shoe (a full 6-deck analysis
        takes about half a minute).

    Raises
    ------
    jost_engine.errors.ConfigError
        For rules the analysis does not cover (:func:`check_switch`).
    """
    rules = ExactRules.from_rules(rules)
    check_switch(rules)
    chart = generate_chart(rules) if chart is None else {
        k: v for k, v in chart.items() if v is not None}  # a config's chart, dumped
    shoe = (shoe_counts(rules.decks) if shoe is None else np.asarray(shoe, dtype=float))
    key = (rules, chart_digest(chart), shoe.tobytes(), kcap)
    if key not in _ANALYSES:
        if len(_ANALYSES) >= MEMORY_TABLES:
            _ANALYSES.pop(next(iter(_ANALYSES)))
        _ANALYSES[key] = _analyse(rules, chart, shoe, kcap)
    return _ANALYSES[key]


def _analyse(rules: ExactRules, chart: dict, shoe: np.ndarray, kcap: int) -> SwitchAnalysis:
    values, twenty_one = _hand_values_cached(rules, chart, shoe, kcap)
    a1, a2, b1, b2, up = np.indices(DEAL_SHAPE)
    probability = deal_probabilities(shoe)
    gone = np.zeros((N_RANKS,) + DEAL_SHAPE)
    for cards in (a1, a2, b1, b2, up):
        for r in range(N_RANKS):
            gone[r] += cards == r
    left = shoe.sum() - 5.0
    hole = np.where(up == ACE, shoe[TEN] - gone[TEN], np.where(up == TEN, shoe[ACE] - gone[ACE],
                                                               0.0))
    p_blackjack = np.maximum(hole, 0.0) / left if left > 0 else np.zeros(DEAL_SHAPE)
    keep = values[a1, a2, b1, b2, up] + values[b1, b2, a1, a2, up]
    if rules.switched_blackjack:
        made = rules.blackjack_pays * (1.0 - p_blackjack)
        first, second = made, made
    else:
        first, second = twenty_one[b1, a2, up], twenty_one[a1, b2, up]
    switch = (np.where(_is_blackjack(a1, b2), first, values[a1, b2, b1, a2, up])
              + np.where(_is_blackjack(b1, a2), second, values[b1, a2, a1, b2, up]))
    lost = 2.0 - _is_blackjack(a1, a2) - _is_blackjack(b1, b2)
    possible = probability > 0
    keep = np.where(possible, keep, 0.0)
    switch = np.where(possible, switch, 0.0)
    return SwitchAnalysis(probability, np.where(possible, p_blackjack, 0.0), keep, switch,
                          lost.astype(float))


def _hand_values_cached(rules: ExactRules, chart: dict, shoe: np.ndarray, kcap: int
                        ) -> tuple[np.ndarray, np.ndarray]:
    """:func:`hand_values`, remembered: the two rules of a switched ace and ten share them."""
    key = (replace(rules, switched_blackjack=False), chart_digest(chart), shoe.tobytes(), kcap)
    if key not in _VALUES:
        if len(_VALUES) >= MEMORY_TABLES:
            _VALUES.pop(next(iter(_VALUES)))
        arrays = chart_arrays(chart, rules.double_after_split, rules.surrender,
                              rules.double_rescue)
        with np.errstate(invalid="ignore", divide="ignore"):
            _VALUES[key] = hand_values(rules, arrays, shoe, kcap)
    return _VALUES[key]


def switch_table(rules, chart: dict | None = None, shoe: np.ndarray | None = None
                 ) -> np.ndarray:
    """When to switch: ``int8`` of shape ``(10, 10, 10, 10, 10)``.

    Indexed ``[a1, a2, b1, b2, up]`` by rank index (0 = ace, 9 = ten): 1 to
    switch to the hands ``(a1, b2)`` and ``(b1, a2)``, 0 to keep (also for
    deals the shoe cannot give, and for ties). Symmetric in the two hands:
    ``table[a1, a2, b1, b2, u] == table[b1, b2, a1, a2, u]``.

    Parameters are those of :func:`analyse_switch` (remembered in memory:
    a second call is cheap; :meth:`jost_engine.chart_cache.ChartCache.switch_table`
    keeps tables on disk).
    """
    return analyse_switch(rules, chart, shoe).table


def switch_ev(rules, chart: dict | None = None, shoe: np.ndarray | None = None) -> dict:
    """Exact EV of Blackjack Switch off the top, per hand.

    Parameters are those of :func:`analyse_switch`.

    Returns
    -------
    dict
        ``ev``: EV per hand with the best switch [initial bets] (the average
        of the two hands' results); ``ev_keep``: the same never switching;
        ``switch_rate``: chance that a round is switched (the table's choice),
        and ``switch_rate_played`` the same of the rounds that reach the
        switch (the dealer has no blackjack).
    """
    analysis = analyse_switch(rules, chart, shoe)
    return {"ev": analysis.ev(), "ev_keep": analysis.ev(np.zeros(DEAL_SHAPE, np.int8)),
            "switch_rate": analysis.switch_rate(),
            "switch_rate_played": analysis.switch_rate(given_no_blackjack=True)}


__all__ = ["SwitchAnalysis", "analyse_switch", "chart_digest", "check_switch", "deal_probabilities",
           "hand_values", "switch_ev", "switch_table"]
