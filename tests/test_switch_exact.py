"""Blackjack Switch in the exact analysis (docs/variants.md, jost_engine/exact/switch.py).

The analysis is checked against a brute force written here on its own, of the round as
the table deals it: on a shoe of 40 cards, every deal of the five cards, then the dealer's
hole card, hand A's draws by the chart, hand B's draws from the cards A left, the dealer's
draws from what is left then. The analysis values each hand alone with the five dealt
cards gone; the two agree to 1e-12 on every deal, because the cards after a hand's draws
are, averaged over them, dealt as if the hand had drawn none (exchangeability: a hand's
stopping rule reads only its own cards). No splits in the tiny game
(``max_split_hands: 1``), so the brute force needs no split model.
"""

from __future__ import annotations

import argparse
from functools import cache

import numpy as np
import pytest

from jost_engine.cards import CHART_KEYS, CHART_RANKS
from jost_engine.chart_cache import ChartCache, _read_switch
from jost_engine.cli.exact import add_commands
from jost_engine.errors import ConfigError
from jost_engine.exact import exact_ev, moments
from jost_engine.exact.charts import chart_arrays
from jost_engine.exact.overall import ExactGame
from jost_engine.exact.rules import ACE, TEN, ExactRules
from jost_engine.exact.switch import (
    DEAL_SHAPE,
    analyse_switch,
    deal_probabilities,
    switch_ev,
    switch_table,
)
from jost_engine.profiles import ProfileStore

SWITCH = {"decks": 6, "dealer_hits_soft_17": True, "blackjack_pays": 1.0,
          "dealer_22_pushes": True, "switch": True}
TINY_RULES = ExactRules(decks=1, dealer_hits_soft_17=True, blackjack_pays=1.0,
                        dealer_22_pushes=True, max_split_hands=1, switch=True)
# aces, sixes to nines and tens only (few states for the brute force); 40 cards, so that no
# path runs out and the analysis' hand space (up to 21 aces) leaves the dealer cards to draw
TINY_SHOE = np.array([6, 0, 0, 0, 0, 6, 6, 6, 6, 10], dtype=float)
PUBLISHED_EDGE = 0.58  # % (Wizard of Odds, Grochowski): 6D H17, a switched A-10 is a 21
PUBLISHED_SWITCHED_BJ = -0.40  # % change of the edge when a switched A-10 is a blackjack


def tiny_chart() -> dict:
    """A small chart using every code: doubles 10-11 (``D``) and soft 17-18 v 3-6 (``Ds``
    on soft 18), hits below 17 v 7 up and below 13 v 2-6, stands otherwise."""
    def row(codes):
        return " ".join(codes[k] for k in CHART_KEYS)

    hard = {}
    for total in range(4, 22):
        codes = {}
        for key in CHART_KEYS:
            small = key in "23456"
            if total in (10, 11) and key not in "TA":
                codes[key] = "D"
            elif total < 12 or (total < 17 and not small) or (total == 12 and key in "23"):
                codes[key] = "H"
            else:
                codes[key] = "S"
        hard[str(total)] = row(codes)
    soft = {}
    for total in range(12, 22):
        codes = {}
        for key in CHART_KEYS:
            if total in (17, 18) and key in "3456":
                codes[key] = "D" if total == 17 else "Ds"
            else:
                codes[key] = "H" if total < 18 or (total == 18 and key in "9TA") else "S"
        soft[str(total)] = row(codes)
    return {"name": "tiny test chart", "dealer": list(CHART_KEYS), "hard": hard,
            "soft": soft, "pairs": {k: row(dict.fromkeys(CHART_KEYS, "N"))
                                    for k in CHART_KEYS}}


# --- the brute force ----------------------------------------------------------------------

class BruteForce:
    """The round as the table deals it: the hole card, hand A's draws by the chart, then
    hand B's from what is left, then the dealer's, every branch enumerated."""

    PAID = 99  # a hand's "total" when it is a blackjack, paid at once

    def __init__(self, chart: dict):
        self.chart = chart
        self.column = {rank: i for i, rank in enumerate(CHART_RANKS)}
        self.dealer = cache(self._dealer)
        self.settle = cache(self._settle)
        self.play = cache(self._play)
        self.next = cache(self._next)

    @staticmethod
    def total(cards) -> tuple[int, bool]:
        hard = sum(c + 1 for c in cards)
        soft = ACE in cards and hard + 10 <= 21
        return (hard + 10 if soft else hard), soft

    @staticmethod
    def draws(shoe):
        n = sum(shoe)
        assert n > 0, "the tiny shoe ran out"
        for r, count in enumerate(shoe):
            if count:
                yield r, count / n, shoe[:r] + (count - 1,) + shoe[r + 1:]

    def _dealer(self, cards: tuple, shoe: tuple) -> dict:
        """Final dealer totals (22 a 22, 23 any other bust) and their chances."""
        total, soft = self.total(cards)
        if total > 21:
            return {min(total, 23): 1.0}
        if total > 17 or (total == 17 and not soft):  # the dealer hits soft 17
            return {total: 1.0}
        out: dict = {}
        for r, p, rest in self.draws(shoe):
            for final, q in self.dealer(tuple(sorted(cards + (r,))), rest).items():
                out[final] = out.get(final, 0.0) + p * q
        return out

    def _settle(self, up: int, hole: int, shoe: tuple, hands: tuple) -> float:
        """The hands' results once the dealer has drawn: ``hands`` holds ``(total, stake)``
        pairs (total 0 for a bust)."""
        value = 0.0
        for final, q in self.dealer(tuple(sorted((up, hole))), shoe).items():
            for total, stake in hands:
                if total == self.PAID or (total and (final == 23 or final < total)):
                    value += q * stake
                elif total == 0 or (final != 22 and final > total):  # a 22 pushes
                    value -= q * stake
        return value

    def _next(self, done: tuple, waiting: tuple, up: int, hole: int, shoe: tuple) -> float:
        if not waiting:
            return self.settle(up, hole, shoe, done)
        (c1, c2, paid), waiting = waiting[0], waiting[1:]  # paid: an ace-ten is a blackjack
        if {c1, c2} == {ACE, TEN} and paid:
            paid = (self.PAID, TINY_RULES.blackjack_pays)
            return self.next(done + (paid,), waiting, up, hole, shoe)
        return self.play(tuple(sorted((c1, c2))), True, done, waiting, up, hole, shoe)

    def _play(self, cards: tuple, first: bool, done: tuple, waiting: tuple, up: int,
              hole: int, shoe: tuple) -> float:
        """Play a hand by the chart, then the hands waiting, then the dealer."""
        total, soft = self.total(cards)
        if total >= 21:
            return self.next(done + ((0 if total > 21 else 21, 1.0),), waiting, up, hole, shoe)
        code = self.chart["soft" if soft else "hard"][str(total)].split()[self.column[up]]
        if first and code in ("D", "Ds"):
            value = 0.0
            for r, p, rest in self.draws(shoe):
                after, _ = self.total(cards + (r,))
                value += p * self.next(done + ((0 if after > 21 else after, 2.0),),
                                       waiting, up, hole, rest)
            return value
        if code in ("H", "D"):
            return sum(p * self.play(tuple(sorted(cards + (r,))), False, done, waiting, up,
                                     hole, rest) for r, p, rest in self.draws(shoe))
        return self.next(done + ((total, 1.0),), waiting, up, hole, shoe)

    def deal(self, a1, a2, b1, b2, up, shoe: tuple) -> np.ndarray:
        """``(keep, switch, switch paying a switched blackjack, P(dealer blackjack))``;
        keep and switch leave out the dealer's blackjack (it comes before the switch), like
        the analysis' values."""
        out = np.zeros(4)
        for hole, p, rest in self.draws(shoe):
            if {up, hole} == {ACE, TEN}:
                out[3] += p
                continue
            out[0] += p * self.next((), ((a1, a2, True), (b1, b2, True)), up, hole, rest)
            for k, paid in ((1, False), (2, True)):
                out[k] += p * self.next((), ((a1, b2, paid), (b1, a2, paid)), up, hole, rest)
        return out


@pytest.fixture(scope="module")
def brute() -> dict:
    """Every possible deal of the tiny shoe: ``{deal: (P, keep, switch with a switched
    ace-ten a 21, the same a blackjack, P(dealer blackjack))}``."""
    force = BruteForce(tiny_chart())
    out = {}
    for deal in np.ndindex(*DEAL_SHAPE):
        shoe = list(TINY_SHOE.astype(int))
        p = 1.0
        for k, r in enumerate(deal):
            p *= shoe[r] / (TINY_SHOE.sum() - k)
            shoe[r] -= 1
        if p > 0:
            out[deal] = (p, *force.deal(*deal, tuple(shoe)))
    return out


@pytest.fixture(scope="module", params=[False, True], ids=["switched-21", "switched-bj"])
def tiny(request, brute):
    """The rules, their analysis and the brute force's ``{deal: (P, keep, switch, P(dealer
    blackjack))}`` for one rule of a switched ace and ten."""
    from dataclasses import replace

    rules = replace(TINY_RULES, switched_blackjack=request.param)
    pick = 2 if request.param else 1
    deals = {deal: (v[0], v[1], v[1 + pick], v[4]) for deal, v in brute.items()}
    return rules, analyse_switch(rules, tiny_chart(), TINY_SHOE), deals


def test_every_deal_matches_a_brute_force_on_a_tiny_shoe(tiny):
    """Keeping, switching, the dealer's blackjack and each deal's chance agree with the
    brute force to 1e-12 for every possible deal, and so does the EV."""
    rules, analysis, brute = tiny
    deals = tuple(np.array(list(brute)).T)
    p, keep, switch, p_bj = (np.array(v) for v in zip(*brute.values(), strict=True))
    np.testing.assert_allclose(analysis.probability[deals], p, rtol=0, atol=1e-15)
    assert analysis.probability.sum() == pytest.approx(1.0, abs=1e-12)
    assert np.count_nonzero(analysis.probability) == len(p)
    np.testing.assert_allclose(analysis.p_blackjack[deals], p_bj, rtol=0, atol=1e-12)
    np.testing.assert_allclose(analysis.keep[deals], keep, rtol=0, atol=1e-12)
    np.testing.assert_allclose(analysis.switch[deals], switch, rtol=0, atol=1e-12)
    lost = np.array([2.0 - ({d[0], d[1]} == {ACE, TEN}) - ({d[2], d[3]} == {ACE, TEN})
                     for d in brute])
    ev = float((p * (np.maximum(keep, switch) - p_bj * lost)).sum() / 2)
    assert switch_ev(rules, tiny_chart(), TINY_SHOE)["ev"] == pytest.approx(ev, abs=1e-12)
    assert np.any(switch > keep) and np.any(switch < keep)  # both choices occur


def test_never_switching_is_the_one_hand_game(tiny):
    """Averaged over the other hand's cards, two hands kept as dealt are worth what one
    hand is off the top (to 1e-12: no splits, so no split approximation in between)."""
    rules, analysis, _ = tiny
    arrays = chart_arrays(tiny_chart(), False, "none")
    one_hand = ExactGame(rules, shoe=TINY_SHOE).ev_td(arrays)
    assert analysis.ev(np.zeros(DEAL_SHAPE, np.int8)) == pytest.approx(one_hand, abs=1e-12)


def test_the_table_switches_exactly_where_switching_is_worth_more(tiny):
    """The table's choice is the best one for every deal, it is symmetric in the two
    hands, and switching identical second cards is never chosen (a tie keeps)."""
    rules, analysis, _ = tiny
    table = switch_table(rules, tiny_chart(), TINY_SHOE)
    assert table.dtype == np.int8 and table.shape == DEAL_SHAPE
    np.testing.assert_array_equal(table, table.transpose(2, 3, 0, 1, 4))
    best = analysis.deal_ev()
    np.testing.assert_array_equal(analysis.deal_ev(table), best)
    assert np.all(best >= analysis.deal_ev(np.zeros(DEAL_SHAPE, np.int8)))
    assert np.all(best >= analysis.deal_ev(np.ones(DEAL_SHAPE, np.int8)))
    a1, a2, b1, b2, _ = np.indices(DEAL_SHAPE)
    assert not table[a2 == b2].any()


def test_a_switched_ace_and_ten_is_a_21_unless_the_rule_makes_it_a_blackjack():
    """The two rules differ exactly on the deals whose switch makes an ace and a ten; there
    the Las Vegas rule gives the hand a standing 21, worth less than a blackjack."""
    from dataclasses import replace

    as_21 = analyse_switch(TINY_RULES, tiny_chart(), TINY_SHOE)
    as_bj = analyse_switch(replace(TINY_RULES, switched_blackjack=True), tiny_chart(),
                           TINY_SHOE)
    a1, a2, b1, b2, _ = np.indices(DEAL_SHAPE)
    def ace_ten(x, y):
        return ((x == ACE) & (y == TEN)) | ((x == TEN) & (y == ACE))

    makes = (ace_ten(a1, b2) | ace_ten(b1, a2)) & (as_21.probability > 0)
    np.testing.assert_array_equal(as_21.keep, as_bj.keep)
    differs = as_21.switch != as_bj.switch
    np.testing.assert_array_equal(differs, makes)
    assert np.all(as_bj.switch[makes] > as_21.switch[makes])
    assert as_bj.ev() > as_21.ev()


def test_the_deal_probabilities_follow_the_shoe():
    """The chance of a deal is that of drawing its five cards one by one."""
    p = deal_probabilities(TINY_SHOE)
    assert p[ACE, 1, TEN, TEN, TEN] == 0.0  # no deuce in the shoe
    assert p[ACE, TEN, 5, TEN, TEN] == pytest.approx(6 / 40 * 10 / 39 * 6 / 38 * 9 / 37 * 8 / 36,
                                                      abs=1e-15)


def run_cli(argv: list[str]) -> int:
    """Run a ``jost exact`` or ``jost strategy`` command in this process."""
    parser = argparse.ArgumentParser(prog="jost")
    add_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


# --- refusals -----------------------------------------------------------------------------

@pytest.mark.parametrize(("rules", "message"), [
    ({"hole_card": "enhc"}, "rules.hole_card: Blackjack Switch is analysed with a dealer "
                            "who peeks before the switch ('peek'), got 'enhc'"),
    ({"surrender": "early"}, "rules.surrender: Blackjack Switch is analysed with 'none' or "
                             "'late' surrender"),
    ({"switch": False}, "rules.switch: the Blackjack Switch analysis needs switch true"),
])
def test_rules_the_analysis_does_not_cover_are_refused_in_one_line(rules, message):
    with pytest.raises(ConfigError) as caught:
        switch_table({**SWITCH, "decks": 1, **rules})
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_the_exact_variance_refuses_switch():
    with pytest.raises(ConfigError, match="^rules.switch: the exact variance is not computed "
                                          "for Blackjack Switch"):
        moments(SWITCH)


# --- the full six-deck game ---------------------------------------------------------------

@pytest.mark.slow
def test_six_decks_against_the_published_house_edge(tmp_path, capsys, monkeypatch):
    """6D H17 with the profile's rules: the house edge is 0.58 % published (Wizard of Odds,
    Grochowski), given to two decimals. Ours switches by the values of the five cards
    themselves, which no strategy a player carries beats, so ours may be lower but not
    above the rounded figure (0.005); how much lower is bounded at 0.05, the order of what
    a simpler switching rule loses. Switched blackjacks paid at once lower it by 0.40 %
    published; ours within 0.02 (two figures rounded to two decimals, and the
    published strategies')."""
    monkeypatch.setenv("JOST_WORKSPACE", str(tmp_path / "workspace"))
    store = ProfileStore()
    rules = store.piece("rules", "switch-6d-h17")
    ev = exact_ev(rules)
    edge = -100 * ev["ev_td"]
    assert PUBLISHED_EDGE - 0.05 <= edge <= PUBLISHED_EDGE + 0.005
    assert ev["ev_cd"] is None and ev["switch"]["ev"] == ev["ev_td"]
    assert ev["switch"]["ev_keep"] < ev["ev_td"]
    assert 0.3 < ev["switch"]["switch_rate"] < ev["switch"]["switch_rate_played"] < 0.4
    blackjack = exact_ev({**rules, "switched_blackjack": True})
    change = 100 * (ev["ev_td"] - blackjack["ev_td"])
    assert abs(change - PUBLISHED_SWITCHED_BJ) <= 0.02
    assert run_cli(["exact", "switch-6d-h17"]) == 0
    out = capsys.readouterr().out
    assert f"{100 * ev['ev_td']:+.5f}" in out and "rounds switched" in out
    assert "not computed for Blackjack Switch" in out
    assert run_cli(["strategy", "switch-6d-h17"]) == 0
    out = capsys.readouterr().out
    assert "switch (Blackjack Switch)" in out and "8,8" in out
    assert f"{100 * ev['switch']['switch_rate']:.2f} %" in out
    table = ChartCache(tmp_path).switch_table(rules)
    np.testing.assert_array_equal(table, table.transpose(2, 3, 0, 1, 4))
    path = ChartCache(tmp_path).switch_path(rules)
    np.testing.assert_array_equal(_read_switch(path), table)
    path.write_text("not a table", encoding="utf-8")
    assert _read_switch(path) is None


def test_the_chart_in_the_docs_is_the_generated_one():
    """docs/charts.md's Blackjack Switch block is what ``jost strategy switch-6d-h17``
    prints before its legend, and the eight-deck chart differs only in hard 9 v 5."""
    from pathlib import Path

    from jost_engine.cli.exact import format_chart
    from jost_engine.exact import generate_chart

    text = (Path(__file__).resolve().parents[1] / "docs" / "charts.md").read_text("utf-8")
    block = text.split("## Variants: Blackjack Switch", 1)[1].split("```text\n", 1)[1]
    block = block.split("\n```", 1)[0]
    store = ProfileStore()
    six = generate_chart(store.piece("rules", "switch-6d-h17"))
    eight = generate_chart(store.piece("rules", "switch-8d-h17"))
    assert format_chart(six).split("\nlegend")[0].rstrip("\n") == block
    differ = {(t, k) for t in ("hard", "soft", "pairs") for k in six[t]
              if six[t][k] != eight[t][k]}
    assert differ == {("hard", "9")}


def test_a_config_chart_reuses_the_analysis_of_the_same_chart(tiny):
    """The chart of a config, dumped with empty tables and its own name, is the same chart:
    the analysis remembered for it is reused (a second switch_table call is free)."""
    from jost_engine.config import validate_config

    rules, analysis, _ = tiny
    config = validate_config({"rules": rules.to_dict(), "run": {"rounds": 1},
                              "strategy": {"chart": {**tiny_chart(), "name": "mine"}}})
    dumped = config.strategy.chart.model_dump()
    assert analyse_switch(rules, dumped, TINY_SHOE) is analysis
