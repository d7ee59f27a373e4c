"""Basic strategy for any rule set, from the exact values.

:func:`generate_chart` builds a total-dependent chart (JSON format of
``docs/charts.md``) cell by cell. Each cell's play is the one with the
highest EV summed over the two-card hands of that cell, weighted by their
chances of being dealt (pairs count towards a hard or soft cell only when
the cell has no other two-card hand), where every later decision follows
the chart itself:

1. hit or stand, hard and soft, from the highest hard sum down, so that the
   cells a hit can reach are already decided;
2. double (``D`` if hitting beats standing, else ``Ds``) where the rules
   allow doubling that total;
3. pairs: ``P`` if splitting (post-split play by the chart) beats playing the
   total, ``Ph`` if it does only with double after split (games with DAS);
4. surrender (the rules' late or early table): ``R`` where surrendering
   beats the chart's play; only rows with an ``R`` are written.

With double-down rescue, before step 2: a hard total is rescued (``R`` in the
``rescue`` table) where losing the original bet beats standing on two units,
summed over the hands one card away from a two-card hand, weighted by their
chances (:func:`_rescues`). With redoubles (``max_doubles`` above 1), then: a hard
or soft total is redoubled (``D`` in the ``redouble`` table) where doubling
again beats standing or the rescue, weighed the same way, the deeper redoubles
playing the table itself (:func:`_redoubles`).

The chart depends on the rules in :data:`CHART_FIELDS` only (the blackjack
payout is settled before any decision, so it never changes a play; the
penetration and the reshuffle are not exact rules at all). Charts are
remembered per set of those fields in memory for the process; this module
never reads or writes files (:mod:`jost_engine.chart_cache` keeps charts on
disk for the callers that own a folder).
"""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np

from ..cards import CHART_KEYS, RANK_KEYS
from ..config import variant_words
from .charts import ChartArrays, chart_arrays, pair_key, row_of
from .overall import ExactGame, game_for
from .player import DOUBLE_HIT, DOUBLE_STAND, HIT, PLAY_CODES, STAND
from .rules import ACE, TEN, ExactRules

VERSION = 2  # of the generator and its files: a new version never reads an older file
# the rule fields a basic chart depends on (every exact rule but the payout)
CHART_FIELDS = tuple(f for f in ExactRules.__dataclass_fields__ if f != "blackjack_pays")
MEMORY_CHARTS = 64  # charts remembered in memory (a few kB each)
_CHARTS: dict[ExactRules, str] = {}  # rules (payout 3:2) -> chart text
NAMES = {v: k for k, v in PLAY_CODES.items()}
REDOUBLE_ROUNDS = 8  # most rounds of building the redouble table again (it holds in 2 or 3)


def _two_card_cells(game: ExactGame, up: int) -> dict:
    """Two-card hands of each (soft, total) cell: ``{(soft, total): [(pos, w, pair)]}``."""
    values = game.main(up)
    cells: dict = {}
    for c1, c2, p in game.deals(up):
        if {c1, c2} == {ACE, TEN}:
            continue  # a blackjack is not played
        i = values.hand([c1, c2])
        cells.setdefault((int(values.soft[i]), int(values.total[i])), []).append(
            (i, p, c1 == c2))
    return {cell: ([h for h in hands if not h[2]] or hands) for cell, hands in cells.items()}


def _blackjack_cost(game: ExactGame, values, pos: np.ndarray, w: np.ndarray) -> float:
    """What a peeking dealer's blackjack costs the cell's hands, on average [bets]."""
    if game.rules.enhc:
        return 0.0
    return float(w @ values.p_blackjack[pos]) / w.sum()


def _hit_stand(game: ExactGame, up: int, play: np.ndarray, cells: dict, evs: dict) -> None:
    """Decide hit or stand for every cell of one up card (fills ``play[up]``)."""
    values = game.main(up)

    def decide(members, hit):
        layer_hard = int(values.hard[members[0]])
        for soft, total in ((0, layer_hard), (1, layer_hard + 10)):
            hands = cells.get((soft, total))
            if total > 21 or (soft and layer_hard > 11):
                continue
            if not hands or total >= 21:
                play[up, soft, total] = STAND
                continue
            pos = np.array([h[0] for h in hands])
            w = np.array([h[1] for h in hands])
            where = np.searchsorted(members, pos)
            ev_hit = float(w @ hit[where]) / w.sum()
            ev_stand = float(w @ values.stand[pos]) / w.sum()
            play[up, soft, total] = HIT if ev_hit > ev_stand else STAND
            cost = _blackjack_cost(game, values, pos, w)
            evs[("soft" if soft else "hard", total, up)] = {"hit": ev_hit - cost,
                                                           "stand": ev_stand - cost}

    values.td(play[up], decide)


def _rescues(game: ExactGame, up: int) -> np.ndarray:
    """The hard totals a doubled hand is given up at, against ``up`` (``(22,)`` bool)."""
    values = game.main(up)
    gain = np.zeros(22)
    loss_over_stand = values.rescue_value - 2.0 * values.stand_plain
    for c1, c2, p in game.deals(up):
        i = values.hand([c1, c2])
        for rank in range(10):
            child = values.child[i, rank]
            if child >= 0 and not values.soft[child]:
                gain[values.hard[child]] += p * values.draw[i, rank] * loss_over_stand[child]
    return gain > 0


def _redoubles(game: ExactGame, up: int, rescue: np.ndarray) -> np.ndarray:
    """The hard (row 0) and soft (row 1) totals a doubled hand doubles again at, against
    ``up`` (``(2, 22)`` bool): where, summed over the hands one card away from a two-card
    hand and weighted by their chances, doubling again beats standing (or the rescue);
    the deeper redoubles play the table being built, so it is built again until it
    holds (a few rounds)."""
    values = game.main(up)
    table = np.zeros((2, 22), dtype=bool)
    for _ in range(REDOUBLE_ROUNDS):
        gain_of = values.redouble_gain(rescue, table)
        gain = np.zeros((2, 22))
        for c1, c2, p in game.deals(up):
            i = values.hand([c1, c2])
            for rank in range(10):
                child = values.child[i, rank]
                if child >= 0 and values.may_redouble[child]:
                    gain[int(values.soft[child]), values.total[child]] += (
                        p * values.draw[i, rank] * gain_of[child])
        if np.array_equal(gain > 0, table):
            break
        table = gain > 0
    return table


def _doubles(game: ExactGame, up: int, play: np.ndarray, cells: dict, evs: dict,
             rescue: np.ndarray, redouble: np.ndarray) -> None:
    values = game.main(up)
    double = values.double_by(rescue, redouble)
    for (soft, total), hands in cells.items():
        pos = np.array([h[0] for h in hands])
        w = np.array([h[1] for h in hands])
        if total >= 21 or not game.rules.may_double(int(values.hard[pos[0]]), bool(soft)):
            continue
        ev_double = float(w @ double[pos]) / w.sum() - _blackjack_cost(
            game, values, pos, w)
        cell = evs[("soft" if soft else "hard", total, up)]
        cell["double"] = ev_double
        if ev_double > max(cell["hit"], cell["stand"]):
            play[up, soft, total] = DOUBLE_HIT if play[up, soft, total] == HIT else DOUBLE_STAND


def _no_split_value(game: ExactGame, up: int, pair: int, chart: ChartArrays) -> float:
    values = game.main(up)
    i = values.hand([pair, pair])
    double = values.double_by(chart.rescue[up], chart.redouble[up])
    _, hit = values.td_cached(chart.key, chart.play[up], double)
    code = chart.play[up, int(values.soft[i]), values.total[i]]
    if game.rules.may_double(int(values.hard[i]), bool(values.soft[i])) and code in (
            DOUBLE_HIT, DOUBLE_STAND):
        return float(double[i])
    return float(hit[i] if code in (HIT, DOUBLE_HIT) else values.stand[i])


def generate(rules) -> tuple[dict, dict]:
    """Generate the basic chart of a rule set, with the EVs that decided it.

    Parameters
    ----------
    rules : dict, Rules or ExactRules
        The rules.

    Returns
    -------
    chart : dict
        The chart (JSON format of ``docs/charts.md``).
    evs : dict
        ``{(table, row, up key): {action: EV}}``: the cell's EV of each play
        compared, per hand, averaged over the cell's two-card hands [initial
        bets]; tables ``hard``, ``soft``, ``pairs``, ``surrender``.
    """
    rules = ExactRules.from_rules(rules)
    game = game_for(rules)
    play = np.full((10, 2, 22), STAND, dtype=np.int64)
    play[:, 0, :12] = HIT
    evs: dict = {}
    cells = {up: _two_card_cells(game, up) for up in range(10)}
    rescue = np.zeros((10, 22), dtype=bool)
    redouble = np.zeros((10, 2, 22), dtype=bool)
    for up in range(10):
        _hit_stand(game, up, play, cells[up], evs)
        if rules.double_rescue:
            rescue[up] = _rescues(game, up)
        if rules.max_doubles > 1:
            redouble[up] = _redoubles(game, up, rescue[up])
        _doubles(game, up, play, cells[up], evs, rescue[up], redouble[up])
    chart = {"name": f"Generated basic strategy: {_describe(rules)}",
             "applies_to": {f: getattr(rules, f) for f in CHART_FIELDS},
             "notes": f"jost_engine.exact.generate version {VERSION}: exact total-dependent "
                      "basic strategy, off the top of a full shoe.",
             "dealer": list(CHART_KEYS),
             "hard": {str(t): row_of([NAMES[play[u, 0, t]] for u in range(10)])
                      for t in range(4, 22)},
             "soft": {str(t): row_of([NAMES[play[u, 1, t]] for u in range(10)])
                      for t in range(12, 22)}}
    chart["pairs"] = {pair_key(p): "N N N N N N N N N N" for p in range(10)}
    if rules.double_rescue:
        chart["rescue"] = {str(t): row_of(["R" if rescue[u, t] else "-" for u in range(10)])
                           for t in range(4, 22) if rescue[:, t].any()}
    if rules.max_doubles > 1:
        chart["redouble"] = {
            key: row_of(["D" if redouble[u, soft, t] else "-" for u in range(10)])
            for soft, prefix, low in ((0, "", 4), (1, "s", 12)) for t in range(low, 22)
            if redouble[:, soft, t].any() for key in (f"{prefix}{t}",)}
    arrays = chart_arrays(chart, rules.double_after_split, "none", rules.double_rescue,
                          rules.max_doubles > 1)
    pairs = [["N"] * 10 for _ in range(10)]
    if rules.max_split_hands >= 2:
        for up in range(10):
            for pair in range(10):
                keep = _no_split_value(game, up, pair, arrays)
                split = game.split(up, pair, arrays)
                key = ("pairs", RANK_KEYS[pair], up)
                evs[key] = {"split": split - keep, "no split": 0.0}
                if split > keep:
                    plain = rules.double_after_split and game.split(
                        up, pair, arrays, das=False) <= keep
                    pairs[pair][up] = "Ph" if plain else "P"
                    if plain:
                        evs[key]["split without DAS"] = game.split(up, pair, arrays,
                                                                   das=False) - keep
    chart["pairs"] = {pair_key(p): row_of(pairs[p]) for p in range(10)}
    if rules.surrender != "none":
        chart[f"{rules.surrender}_surrender"] = _surrender(game, chart, evs)
    evs = {(t, str(r), RANK_KEYS[u]): v for (t, r, u), v in evs.items()}
    return chart, evs


def _surrender(game: ExactGame, chart: dict, evs: dict) -> dict:
    rules = game.rules
    arrays = chart_arrays(chart, rules.double_after_split, "none", rules.double_rescue,
                          rules.max_doubles > 1)
    rows: dict = {}
    for up in range(10):
        groups: dict = {}
        for c1, c2, p in game.deals(up):
            if {c1, c2} == {ACE, TEN} or (c1 != c2 and ACE in (c1, c2)):
                continue
            key = f"{RANK_KEYS[c1]}-{RANK_KEYS[c1]}" if c1 == c2 else str(c1 + c2 + 2)
            _, ev_play = game.hand_td(up, c1, c2, arrays)
            values = game.main(up)
            p_bj = float(values.p_blackjack[values.hand([c1, c2])])
            ev_give = game.round_from_value(p_bj, game.surrender_value(p_bj), True)
            group = groups.setdefault(key, [0.0, 0.0, 0.0])
            group[0] += p
            group[1] += p * ev_play
            group[2] += p * ev_give
        for key, (w, ev_play, ev_give) in groups.items():
            evs[("surrender", key, up)] = {"surrender": ev_give / w, "play": ev_play / w}
            if ev_give > ev_play:
                rows.setdefault(key, ["-"] * 10)[up] = "R"
    order = sorted(rows, key=lambda k: (1, k) if "-" in k else (0, int(k)))
    return {key: row_of(rows[key]) for key in order}


def _describe(rules: ExactRules) -> str:
    parts = [f"{rules.decks}D", "H17" if rules.dealer_hits_soft_17 else "S17"]
    parts.append("DAS" if rules.double_after_split else "no DAS")
    if rules.double != "any":
        parts.append(f"D{rules.double}")
    parts.append(f"split to {rules.max_split_hands}")
    if rules.resplit_aces:
        parts.append("RSA")
    if rules.hit_split_aces:
        parts.append("HSA")
    if rules.surrender != "none":
        parts.append(f"{rules.surrender} surrender")
    if rules.enhc:
        parts.append("ENHC")
    parts.extend(variant_words(rules))
    return " ".join(parts)


def generate_chart(rules) -> dict:
    """The basic strategy chart of a rule set (remembered in memory for the process).

    This is the chart ``strategy.chart: "basic"`` plays. Nothing is read or
    written on disk here; :class:`jost_engine.chart_cache.ChartCache` keeps
    charts in a folder for callers that want them across processes.

    Parameters
    ----------
    rules : dict, Rules or ExactRules
        The rules (a config's ``rules`` section; defaults filled in). Only
        :data:`CHART_FIELDS` matter: rule sets differing in the payout,
        penetration or reshuffle share one chart.

    Returns
    -------
    dict
        A chart in the JSON format of ``docs/charts.md`` (a fresh copy).

    Raises
    ------
    jost_engine.errors.ConfigError
        For a bad rules dict, naming the field.
    """
    rules = ExactRules.from_rules(rules)
    key = replace(rules, blackjack_pays=1.5)  # the payout changes no play
    if key not in _CHARTS:
        # with the rules' own game, which exact_ev values next; the chart is the same
        text = json.dumps(generate(rules)[0], indent=1)
        if len(_CHARTS) >= MEMORY_CHARTS:
            _CHARTS.pop(next(iter(_CHARTS)), None)  # the oldest
        _CHARTS[key] = text
    return json.loads(_CHARTS[key])
