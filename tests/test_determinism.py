"""Determinism: the same config gives the same numbers, bit for bit, in any chunk order, in
another process, and after a JSON round trip; a chunk's stream depends on (seed, index) only."""

from __future__ import annotations

import json
import random
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from jost_engine import SimulationResult, run_simulation_from_config
from jost_engine.analysis import tables
from jost_engine.kernel.rng import chunk_key, shoe_state
from jost_engine.simulation import Chunk, plan, result_of, run_chunk, validate


@pytest.fixture
def config(make_config):
    """A counted, ramped game in four chunks of 5,000 rounds."""
    return make_config(rules={"surrender": "late", "penetration": 0.8},
                       strategy={"count": {"system": "hi-lo"}, "insurance_at": 3},
                       betting={"ramp": [[-99, 1], [1, 2], [2, 4], [3, 8]],
                                "bankroll_units": 500},
                       run={"rounds": 20_000, "seed": 11, "chunk_rounds": 5_000})


def test_same_config_same_figures(config):
    """Two runs of one config agree bit for bit (timing fields aside)."""
    first = run_simulation_from_config(config)
    second = run_simulation_from_config(config)
    assert first.figures() == second.figures()
    assert first.tally == second.tally
    assert "elapsed_s" not in first.figures() and "rounds_per_s" not in first.figures()


@pytest.mark.parametrize("order", [[3, 2, 1, 0], [2, 0, 3, 1]])
def test_chunk_order_does_not_matter(config, order):
    """Running the chunks in another order gives the same figures."""
    assert len(plan(validate(config))) == 4
    forward = run_simulation_from_config(config)
    other = run_simulation_from_config(config, chunks=order)
    assert other.figures() == forward.figures()
    assert other.tally.chunks == [0, 1, 2, 3]


def test_merge_in_completion_order(config):
    """Chunk tallies merged in any completion order give the same result."""
    data = validate(config)
    tallies = [run_chunk(data, chunk) for chunk in plan(data)]
    expected = result_of(data, tallies).figures()
    shuffled = tallies[:]
    random.Random(4).shuffle(shuffled)
    assert result_of(data, shuffled).figures() == expected
    merged = run_simulation_from_config(config)
    assert expected == merged.figures()
    assert merged.tally.scalars == [sum(column) for column in zip(*(t.scalars for t in tallies))]


def test_same_figures_in_another_process(config):
    """A fresh interpreter (another worker) computes the same figures."""
    script = ("import json, sys\n"
              "from jost_engine import run_simulation_from_config\n"
              "config = json.load(sys.stdin)\n"
              "print(json.dumps(run_simulation_from_config(config).figures()))\n")
    done = subprocess.run([sys.executable, "-c", script], input=json.dumps(config),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    here = json.loads(json.dumps(run_simulation_from_config(config).figures()))
    assert json.loads(done.stdout) == here


def test_result_json_round_trip(config):
    """to_dict() is plain JSON; from_dict() gives back the same figures and tables."""
    result = run_simulation_from_config(config)
    text = json.dumps(result.to_dict(), allow_nan=False)
    back = SimulationResult.from_dict(json.loads(text))
    assert back.figures() == result.figures()
    assert back.summary == result.summary
    assert back.config == result.config
    assert back.tally == result.tally
    for table in (tables.by_true_count, tables.outcome_distribution, tables.decisions):
        pd.testing.assert_frame_equal(table(back), table(result))


def test_result_tables(config):
    """The tables add up to the summary."""
    result = run_simulation_from_config(config)
    by_tc = tables.by_true_count(result)
    assert by_tc["rounds"].sum() == result.summary["rounds"] == 20_000
    assert by_tc["frequency"].sum() == pytest.approx(1.0)
    assert tables.outcome_distribution(result)["rounds"].sum() == 20_000
    decisions = tables.decisions(result).set_index("decision")["count"]
    assert decisions["doubles"] == result.summary["doubles"]


def test_different_seeds_differ(config):
    """Another seed gives other numbers."""
    first = run_simulation_from_config(config)
    other = run_simulation_from_config({**config, "run": {**config["run"], "seed": 12}})
    assert other.tally != first.tally
    assert other.figures()["net_units"] != first.figures()["net_units"]


def test_chunk_stream_depends_only_on_seed_and_index(config):
    """Chunk k plays the same rounds whatever the run's size, label or other chunks."""
    other = {**config, "label": "another job",
             "run": {**config["run"], "rounds": 1_000_000, "chunk_rounds": 250_000}}
    chunk = Chunk(2, 3_000)
    alone = run_chunk(config, chunk)
    assert run_chunk(other, chunk) == alone
    run_chunk(config, Chunk(0, 3_000))  # no state carried from chunk to chunk
    assert run_chunk(config, chunk) == alone
    assert run_chunk(config, Chunk(3, 3_000)) != alone
    reseeded = {**config, "run": {**config["run"], "seed": 12}}
    assert run_chunk(reseeded, chunk) != alone


def test_one_chunk_of_a_run(config):
    """Running only chunk k of a config gives chunk k's tally."""
    result = run_simulation_from_config(config, chunks=[1])
    assert result.tally.scalars == run_chunk(config, Chunk(1, 5_000)).scalars
    assert result.tally.chunks == [1]


def test_chunk_key_from_seed_sequence():
    """A chunk's key comes from SeedSequence(seed, spawn_key=(k,)), not seed + k, and each
    shoe's generator state from (key, shoe index): distinct, never all zero."""
    expected = np.random.SeedSequence(5, spawn_key=(3,)).generate_state(1, dtype=np.uint64)[0]
    assert chunk_key(5, 3) == expected
    assert chunk_key(1, 1) != chunk_key(2, 0)
    assert chunk_key(1, 0) != chunk_key(1, 1)
    assert chunk_key(1, 1) == chunk_key(1, 1)
    states = [tuple(shoe_state(chunk_key(1, 0), k)) for k in range(1000)]
    assert len(set(states)) == 1000
    assert all(any(words) for words in states)
    assert np.array_equal(shoe_state(chunk_key(1, 0), 7), shoe_state(chunk_key(1, 0), 7))
    assert tuple(shoe_state(0, 0)) != (0, 0, 0, 0)


def test_plan_cuts_rounds_into_chunks():
    """Chunks of chunk_rounds, the last one shorter, indexed from 0."""
    chunks = plan({"run": {"rounds": 12_500, "chunk_rounds": 5_000}})
    assert list(chunks) == [Chunk(0, 5_000), Chunk(1, 5_000), Chunk(2, 2_500)]
    assert plan({"run": {"rounds": 10_000, "chunk_rounds": 5_000}})[-1] == Chunk(1, 5_000)
