"""The kernel's sub-batches (layout.N_BATCHES) and the batch-means SEs they give.

A round's batch is its shoe's index in the chunk modulo 64, so batch means do
not depend on how a run is chunked, and batch k pairs across variants dealt
from common shoes (jost_engine.batches, jost_engine.analysis.paired).
"""

from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from jost_engine import run_simulation_from_config
from jost_engine.analysis.paired import paired_difference, paired_tallies
from jost_engine.batches import batch_errors
from jost_engine.exact import exact_ev
from jost_engine.kernel import layout as L
from jost_engine.result import SimulationResult
from jost_engine.simulation import plan, run_chunk, validate
from jost_engine.statistics import total_moments
from jost_engine.tally import Tally, merge

RAMP = {"ramp": [[-99, 1], [2, 2], [3, 4], [4, 8], [5, 12]], "wong_out": -1}
HILO = {"count": {"system": "hi-lo"}}
SEEDS = 40
CHART_4D_S17 = json.loads((Path(__file__).parent / "data" / "chart_4d_s17.json").read_text("utf-8"))


def chunks_of(config: dict) -> list[Tally]:
    data = validate(config)
    return [run_chunk(data, chunk) for chunk in plan(data)]


def column(tally: Tally, b: int) -> int:
    return sum(row[b] for row in tally.batches)


def chi2_bounds(k: int, z: float = 3.29) -> tuple[float, float]:
    """Two-sided 0.1 % bounds of a chi-square with ``k`` degrees of freedom (Wilson-Hilferty)."""
    c = 2 / (9 * k)
    return k * (1 - c - z * math.sqrt(c)) ** 3, k * (1 - c + z * math.sqrt(c)) ** 3


def test_batches_sum_exactly_to_the_totals(make_config):
    """In every chunk of a counted, ramped, wonging game the batches add up to the rounds bet
    on, the rounds dealt (watched ones included), the initial bets, the net and the squared
    nets of the whole chunk; its shoes fill all 64 batches."""
    config = make_config(strategy=HILO, betting=RAMP,
                         run={"rounds": 40_000, "chunk_rounds": 20_000})
    for tally in chunks_of(config):
        m = total_moments(tally)
        assert len(tally.batches) == L.N_BATCHES
        assert all(len(row) == L.N_BSUMS for row in tally.batches)
        assert column(tally, L.B_ROUNDS) == m["rounds"]
        assert column(tally, L.B_DEALT) == tally["all_rounds"] == 20_000
        assert m["watched"] > 0
        assert column(tally, L.B_BET) == m["bet"]
        assert column(tally, L.B_NET) == m["net"]
        assert column(tally, L.B_NET2) == m["net2"]
        assert all(row[L.B_DEALT] > 0 for row in tally.batches)


def test_every_round_puts_round_k_in_batch_k_mod_64(make_config):
    """Reshuffled every round, each round is its own shoe: 200 rounds deal 4 rounds to
    batches 0-7 and 3 to batches 8-63."""
    config = make_config(rules={"reshuffle": "every_round"},
                         run={"rounds": 200, "chunk_rounds": 1_000})
    (tally,) = chunks_of(config)
    assert [row[L.B_DEALT] for row in tally.batches] == [4] * 8 + [3] * 56


def test_variants_dealt_alike_fill_the_same_batches(make_config):
    """6:5 and 3:2 blackjack deal the same cards from common shoes: every batch has the same
    rounds and initial bets in both, and the nets differ (blackjacks pay less)."""
    run = {"rounds": 10_000, "chunk_rounds": 10_000}
    (three_two,) = chunks_of(make_config(run=run))
    (six_five,) = chunks_of(make_config(rules={"blackjack_pays": 1.2}, run=run))
    for a, b in zip(three_two.batches, six_five.batches):
        assert a[L.B_DEALT] == b[L.B_DEALT] and a[L.B_BET] == b[L.B_BET]
    assert column(six_five, L.B_NET) < column(three_two, L.B_NET)


def test_merge_adds_batch_k_into_batch_k_in_any_order_and_round_trips(make_config):
    """Merged tallies add batch by batch, whatever the order; to_dict/from_dict keeps them;
    merged with a tally saved without batches, the batches are unknown (empty)."""
    chunks = chunks_of(make_config())
    total = merge(chunks)
    assert total.batches == [[sum(c.batches[k][j] for c in chunks) for j in range(L.N_BSUMS)]
                             for k in range(L.N_BATCHES)]
    assert merge(list(reversed(chunks))).batches == total.batches
    assert chunks[2].merged(chunks[0]).batches == chunks[0].merged(chunks[2]).batches
    assert Tally.from_dict(json.loads(json.dumps(total.to_dict()))) == total
    old = replace(chunks[0], batches=[])
    assert merge([old, *chunks[1:]]).batches == []


def test_a_tally_saved_without_batches_loads_and_gives_its_figures(make_config):
    """A ledger tally from before batches (no "batches" key) reads back and gives the same
    figures; its batch-means SEs are absent (None, 0 batches), not made up."""
    config = validate(make_config())
    result = run_simulation_from_config(config)
    data = result.tally.to_dict()
    del data["batches"]
    old = SimulationResult.from_tally(config, Tally.from_dict(data)).figures()
    new = result.figures()
    assert old["batches"] == 0 and old["se_advantage_batches"] is None
    assert new["batches"] == L.N_BATCHES and new["se_advantage_batches"] > 0
    batch_fields = {k for k in new if k.endswith("_batches") or k == "batches"}
    assert {k: v for k, v in old.items() if k not in batch_fields} == {
        k: v for k, v in new.items() if k not in batch_fields}


def test_batch_se_is_honest_over_seeds_in_a_counted_cut_card_game(make_config):
    """40 one-chunk runs of a Hi-Lo 1-12 ramp game (cut card, 25,000 rounds each, seeds 1-40):
    the advantages scatter about their mean as their batch-means SEs say: the sum of squared
    z-scores lies within the two-sided 0.1 % bounds of a chi-square with 39 degrees of freedom
    (an SE off by a factor 2 puts it near 10 or 156, outside [16.6, 75.4])."""
    advantages, ses = [], []
    for seed in range(1, SEEDS + 1):
        config = validate(make_config(strategy=HILO, betting=RAMP,
                                      run={"rounds": 25_000, "chunk_rounds": 25_000,
                                           "seed": seed}))
        (tally,) = chunks_of(config)
        summary = SimulationResult.from_tally(config, tally).summary
        advantages.append(summary["advantage"])
        ses.append(summary["se_advantage_batches"])
    z = (np.array(advantages) - np.mean(advantages)) / np.array(ses)
    low, high = chi2_bounds(SEEDS - 1)
    assert low < float(np.sum(z**2)) < high, (float(np.sum(z**2)), low, high)


@pytest.fixture(scope="module")
def s17_h17():
    """S17 and H17 off the top on common shoes, each ONE chunk of 100,000 rounds, seeds 1-40;
    and the exact effect of H17 playing the same chart."""
    def config(seed, **rules):
        return validate({"rules": {"decks": 6, "reshuffle": "every_round", **rules},
                         "strategy": {"chart": CHART_4D_S17},
                         "run": {"rounds": 100_000, "chunk_rounds": 100_000, "seed": seed}})
    runs = [(chunks_of(config(seed)), chunks_of(config(seed, dealer_hits_soft_17=True)))
            for seed in range(1, SEEDS + 1)]
    rules = {"decks": 6, "reshuffle": "every_round"}
    exact = (exact_ev({**rules, "dealer_hits_soft_17": True}, CHART_4D_S17)["ev_td"]
             - exact_ev(rules, CHART_4D_S17)["ev_td"])
    return runs, exact


def test_one_chunk_paired_se_is_small_and_honest_against_the_exact_effect(s17_h17):
    """One chunk a variant is enough: the paired difference H17 - S17 has 64 batches and a
    paired SE several times below the unpaired one; against the exact effect its z-score is
    within 3.5 for the first seed, and over 40 seeds the sum of squared z-scores lies within
    the 0.1 % bounds of a chi-square with 40 degrees of freedom (an SE off by 2 fails)."""
    runs, exact = s17_h17
    s17, h17 = runs[0]
    first = paired_difference(h17, s17)
    assert first.n_batches == L.N_BATCHES
    assert first.se_paired * 4 < first.se_unpaired
    assert abs(first.diff - exact) < 3.5 * first.se_paired
    assert paired_tallies(merge(h17), merge(s17)) == first
    z = np.array([(r.diff - exact) / r.se_paired
                  for r in (paired_difference(h, s) for s, h in runs)])
    low, high = chi2_bounds(SEEDS)
    assert low < float(np.sum(z**2)) < high, (float(np.sum(z**2)), low, high)


def test_paired_tallies_need_the_same_chunks_and_batches(s17_h17):
    """Merged tallies of different chunks, or without batches, are refused with one clear
    ValueError; the summary's batch fields of a merged tally come from its batches."""
    s17, h17 = s17_h17[0][0]
    with pytest.raises(ValueError, match="different chunks"):
        paired_tallies(merge(h17), replace(merge(s17), chunks=[5]))
    with pytest.raises(ValueError, match="no batches"):
        paired_tallies(merge(h17), replace(merge(s17), batches=[]))
    errors = batch_errors(merge(s17), 100)
    assert errors["batches"] == L.N_BATCHES
    assert errors["se_win_rate_per_hour_batches"] == pytest.approx(
        100 * errors["se_ev_per_round_batches"])
