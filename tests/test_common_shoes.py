"""Common shoes: variants of a game see the same cards wherever the game allows it.

The kernel's random stream is keyed by (seed, chunk, shoe index), not by how many
cards earlier play consumed (jost_engine/kernel/rng.py). The cards a round or a shoe
dealt are read from the shoe array the kernel permutes in place: after ``r`` rounds
its leading cards are the current shoe's, in dealing order.
"""

from __future__ import annotations

import numpy as np
import pytest

from jost_engine import run_simulation_from_config
from jost_engine.config import validate_config
from jost_engine.kernel.rng import chunk_key
from jost_engine.prepare import prepare
from jost_engine.simulation import plan, play, run_chunk, validate


def dealt(config: dict, rounds: int, seed: int = 3) -> list[tuple[int, int, np.ndarray]]:
    """Shoe index, cards dealt so far and shoe array after each of 1..rounds rounds.

    Chunk 0 of ``seed`` is replayed from its start for every length (the rounds
    are few), so the array after ``r`` rounds shows the cards of round ``r``'s shoe.
    """
    inputs = prepare(validate_config(config))
    states = []
    for r in range(1, rounds + 1):
        shoe = inputs.shoe.copy()
        tally = play(inputs, r, chunk_key(seed, 0), shoe=shoe)
        states.append((tally["shoes"], tally["cards"], shoe))
    return states


def cards_by_round(config: dict, rounds: int) -> list[np.ndarray]:
    """The cards each round dealt, in order, in a game reshuffled every round."""
    states = dealt(config, rounds)
    before = [0] + [cards for _, cards, _ in states]
    return [shoe[:cards - previous] for (_, cards, shoe), previous in zip(states, before)]


def cards_by_shoe(config: dict, rounds: int) -> list[np.ndarray]:
    """The cards each finished shoe dealt, in order, in a cut-card game."""
    states = dealt(config, rounds)
    shoes, start = [], 0
    for (shoe_no, cards, array), (next_no, _, _) in zip(states, states[1:]):
        if next_no != shoe_no:  # the round after this one starts a new shoe
            shoes.append(array[:cards - start].copy())
            start = cards
    return shoes


def every_round(make_config, **rules) -> dict:
    return make_config(rules={"reshuffle": "every_round", **rules})


@pytest.mark.parametrize("rule", [{"dealer_hits_soft_17": True}, {"double_after_split": False}])
def test_every_round_variants_deal_the_same_first_cards(make_config, rule):
    """Off the top, S17 vs H17 and DAS vs no DAS: every round deals the same player
    cards, up card and hole card, and the same cards as far as both rounds went,
    although the rounds' lengths differ."""
    base = cards_by_round(every_round(make_config), 300)
    other = cards_by_round(every_round(make_config, **rule), 300)
    for a, b in zip(base, other):
        assert np.array_equal(a[:4], b[:4])
        n = min(len(a), len(b))
        assert np.array_equal(a[:n], b[:n])
    if "dealer_hits_soft_17" in rule:
        assert [len(a) for a in base] != [len(b) for b in other]


def test_six_and_eight_decks_share_most_first_cards(make_config):
    """Off the top, 6 vs 8 decks: shoes start sorted by rank, so every round's first card is
    the same, and over 300 rounds at least 90 % of the rounds begin with the same four cards
    (each later card differs with a chance of about 1 %: measured 97 %)."""
    six = cards_by_round(every_round(make_config), 300)
    eight = cards_by_round(every_round(make_config, decks=8), 300)
    assert all(a[0] == b[0] for a, b in zip(six, eight))
    assert sum(np.array_equal(a[:4], b[:4]) for a, b in zip(six, eight)) >= 270


def test_cut_card_shoe_k_is_the_same_permutation(make_config):
    """In a 6-deck cut-card game, S17 vs H17 with late surrender on one side only: the
    rounds of the two variants fall out of step, yet every shoe k deals the same cards
    in the same order as far as both went."""
    base = cards_by_shoe(make_config(rules={"penetration": 0.75}), 200)
    other = cards_by_shoe(make_config(rules={"penetration": 0.75, "dealer_hits_soft_17": True,
                                             "surrender": "late"}), 200)
    assert min(len(base), len(other)) >= 3
    for a, b in zip(base, other):
        n = min(len(a), len(b))
        assert n >= 0.7 * 312
        assert np.array_equal(a[:n], b[:n])
    assert [len(a) for a in base] != [len(b) for b in other]


def test_shoes_differ_between_chunks_and_shoes(make_config):
    """Keyed by position does not mean repeated: shoes of one chunk differ from each
    other, and shoe 0 of chunk 1 differs from shoe 0 of chunk 0."""
    shoes = cards_by_shoe(make_config(rules={"penetration": 0.75}), 100)
    assert not np.array_equal(shoes[0][:100], shoes[1][:100])
    inputs = prepare(validate_config(make_config()))
    first = [inputs.shoe.copy() for _ in range(2)]
    for chunk, shoe in enumerate(first):
        play(inputs, 1, chunk_key(3, chunk), shoe=shoe)
    assert not np.array_equal(first[0][:4], first[1][:4])


@pytest.mark.parametrize("rule", [{"dealer_hits_soft_17": True}, {"double_after_split": False}])
def test_every_round_blackjack_counts_are_equal(make_config, rule):
    """Over 100,000 rounds off the top in 20 chunks, variants whose rule cannot change the
    first four cards count exactly the same player and dealer blackjacks (independent
    runs would differ by about 40 of each)."""
    run = {"rounds": 100_000, "chunk_rounds": 5_000, "seed": 21}
    base = run_simulation_from_config(every_round(make_config) | {"run": run}).tally
    other = run_simulation_from_config(every_round(make_config, **rule) | {"run": run}).tally
    assert base["player_bj"] == other["player_bj"]
    assert base["dealer_bj"] == other["dealer_bj"]
    assert base.hist != other.hist


def test_chunk_tallies_are_those_of_the_whole_run(make_config):
    """A chunk's tally is the same alone or inside a run (reseeding depends on the
    chunk's own shoes only), in both dealing modes."""
    for reshuffle in ("every_round", "cut_card"):
        config = validate(make_config(rules={"reshuffle": reshuffle},
                                      run={"rounds": 12_000, "chunk_rounds": 4_000}))
        whole = run_simulation_from_config(config)
        alone = [run_chunk(config, chunk) for chunk in reversed(plan(config))]
        assert whole.tally.scalars == [sum(c) for c in zip(*(t.scalars for t in alone))]
