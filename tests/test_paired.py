"""Paired differences of two runs by batch means (jost_engine.analysis.paired): over the
kernel's 64 sub-batches, or over chunks for tallies saved without them (the hand-made ones)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from jost_engine.analysis.paired import MIN_BATCHES, paired_difference
from jost_engine.kernel import layout as L
from jost_engine.result import SimulationResult
from jost_engine.simulation import plan, run_chunk, validate
from jost_engine.tally import Tally, merge

WIN = L.OUTCOME_SPAN + 10   # outcome +1 initial bet
LOSS = L.OUTCOME_SPAN - 10  # outcome -1 initial bet
TC0 = -L.TC_MIN             # row of true count 0
CHART = json.loads((Path(__file__).parent / "data" / "chart_4d_s17.json").read_text("utf-8"))


def chunk_of(index: int, wins: int, losses: int) -> Tally:
    """A chunk of flat one-unit bets: ``wins`` rounds won, ``losses`` lost, at true count 0."""
    tally = Tally(chunks=[index])
    tally.hist[TC0][WIN] = wins
    tally.hist[TC0][LOSS] = losses
    tally.scalars[L.T_ALL_ROUNDS] = wins + losses
    return tally


def hand_runs(chunks: int = 20) -> tuple[list[Tally], list[Tally]]:
    """Run A: chunks of 10 rounds at EV +0.2, -0.2, +0.2, ...; run B: +0.2, 0, +0.2, 0, ..."""
    a = [chunk_of(i, 6 if i % 2 == 0 else 4, 4 if i % 2 == 0 else 6) for i in range(chunks)]
    b = [chunk_of(i, 6 if i % 2 == 0 else 5, 4 if i % 2 == 0 else 5) for i in range(chunks)]
    return a, b


@pytest.mark.parametrize("figure", ["advantage", "ev_per_round"])
def test_hand_computed_example(figure):
    """20 chunks of 10 flat-bet rounds: the chunk differences are 0, -0.2, 0, -0.2, ..., so the
    difference is -0.1 with paired SE sd/sqrt(20) = 0.1/sqrt(19); run A's chunks (+-0.2) and
    run B's (0.2, 0) give the unpaired SE sqrt(0.04 + 0.01)/sqrt(19)."""
    a, b = hand_runs()
    diff, se_paired, se_unpaired, n = paired_difference(a, b, figure)
    assert n == 20
    assert diff == pytest.approx(-0.1, abs=1e-12)
    assert se_paired == pytest.approx(0.1 / math.sqrt(19), rel=1e-12)
    assert se_unpaired == pytest.approx(math.sqrt(0.05 / 19), rel=1e-12)


def test_hand_computed_win_rate_per_hour():
    """At 100 rounds dealt per hour the same example reads -10 units/h, paired SE 10/sqrt(19)."""
    a, b = hand_runs()
    result = paired_difference(a, b, "win_rate_per_hour", rounds_per_hour=100)
    assert result.diff == pytest.approx(-10, abs=1e-9)
    assert result.se_paired == pytest.approx(10 / math.sqrt(19), rel=1e-12)
    with pytest.raises(ValueError, match="rounds_per_hour"):
        paired_difference(a, b, "win_rate_per_hour")


def test_too_few_batches_give_nan_errors():
    """Below MIN_BATCHES paired chunks the difference is given and both SEs are NaN; chunks
    only one run has are left out; ledger partials (dicts) are read as tallies."""
    a, b = hand_runs(MIN_BATCHES - 1)
    result = paired_difference([t.to_dict() for t in a], b + [chunk_of(99, 10, 0)])
    assert result.n_batches == MIN_BATCHES - 1
    assert result.diff == pytest.approx(-0.2 * 9 / 19, abs=1e-12)  # 9 odd chunks of 19
    assert math.isnan(result.se_paired) and math.isnan(result.se_unpaired)


def test_bad_input_is_one_clear_error():
    """An unknown figure, no chunk in common, a merged tally or a repeated chunk: ValueError."""
    a, b = hand_runs()
    with pytest.raises(ValueError, match="figure: must be one of advantage"):
        paired_difference(a, b, "edge")
    with pytest.raises(ValueError, match="no chunk in common"):
        paired_difference(a, [chunk_of(99, 1, 1)])
    with pytest.raises(ValueError, match="one chunk"):
        paired_difference([merge(a)], b)
    with pytest.raises(ValueError, match="given twice"):
        paired_difference(a + a[:1], b)


def test_score_is_nan_where_undefined():
    """SCORE needs EV > 0: a losing run gives a NaN difference and NaN errors."""
    a, b = hand_runs()
    losing = [chunk_of(i, 4, 6) for i in range(20)]
    result = paired_difference(losing, b, "score")
    assert math.isnan(result.diff) and math.isnan(result.se_paired)


def run_chunks(config: dict) -> list[Tally]:
    data = validate(config)
    return [run_chunk(data, chunk) for chunk in plan(data)]


@pytest.fixture(scope="module")
def off_the_top():
    """S17 and H17 off the top, 40 chunks of 5,000 rounds, seed 21; and H17 on seed 22."""
    def config(seed, **rules):
        return {"rules": {"decks": 6, "reshuffle": "every_round", **rules},
                "strategy": {"chart": CHART},
                "run": {"rounds": 200_000, "chunk_rounds": 5_000, "seed": seed}}
    return {"s17": (config(21), run_chunks(config(21))),
            "h17": (config(21, dealer_hits_soft_17=True),
                    run_chunks(config(21, dealer_hits_soft_17=True))),
            "h17_other_seed": (None, run_chunks(config(22, dealer_hits_soft_17=True)))}


def test_real_runs_common_shoes(off_the_top):
    """H17 - S17 off the top with common shoes: the difference is that of the merged results,
    paired over the 64 in-kernel batches, the paired SE is over 5 times smaller than the
    unpaired one, and the unpaired SE agrees with the runs' own SEs (iid) within 3 SEs of an
    SE estimated from 64 batches."""
    (config_s, s17), (config_h, h17) = off_the_top["s17"], off_the_top["h17"]
    result = paired_difference(h17, s17)
    whole_s = SimulationResult.from_tally(validate(config_s), merge(s17)).summary
    whole_h = SimulationResult.from_tally(validate(config_h), merge(h17)).summary
    assert result.n_batches == L.N_BATCHES
    assert result.diff == pytest.approx(whole_h["advantage"] - whole_s["advantage"], abs=1e-12)
    assert result.se_paired * 5 < result.se_unpaired
    iid = math.hypot(whole_s["se_advantage"], whole_h["se_advantage"])
    assert result.se_unpaired == pytest.approx(iid, rel=3 / math.sqrt(2 * (L.N_BATCHES - 1)))


def test_real_runs_independent_streams_gain_nothing(off_the_top):
    """H17 on another seed shares no shoes with S17: the paired SE is the unpaired one, within
    the noise of a correlation estimated from 64 batches (|r| < 3/sqrt(64))."""
    s17, other = off_the_top["s17"][1], off_the_top["h17_other_seed"][1]
    result = paired_difference(other, s17)
    assert 0.65 < result.se_paired / result.se_unpaired < 1.35
