"""The figures of the summary, checked against direct computation."""

import math
import random
import subprocess
import sys

import numpy as np
import pytest

from jost_engine.kernel import layout as L
from jost_engine.statistics import (
    outcome_columns,
    risk_of_ruin,
    risk_of_ruin_schlesinger,
    summarize,
    total_moments,
    true_count_columns,
)
from jost_engine.tally import Tally, merge


def _tally(rounds):
    """A tally of explicit (true count, outcome in tenths of the bet) rounds."""
    tally = Tally()
    tally.bets = [10 * (1 + max(0, tc)) for tc in range(L.TC_MIN, L.TC_MAX + 1)]
    for tc, outcome in rounds:
        tally.hist[tc - L.TC_MIN][outcome + L.OUTCOME_SPAN] += 1
    tally.scalars[L.T_ALL_ROUNDS] = len(rounds)
    tally.scalars[L.T_SHOES] = 1
    tally.chunks = [0]
    return tally


def test_summary_matches_direct_computation():
    rng = random.Random(4)
    rounds = [(rng.randint(-3, 4), rng.choice([-20, -10, -10, 0, 10, 10, 15, 20]))
              for _ in range(5000)]
    tally = _tally(rounds)
    summary = summarize(tally, rounds_per_hour=100, bankroll_units=200)
    bets = [1 + max(0, tc) for tc, _ in rounds]
    nets = [b * o / 10 for b, (_, o) in zip(bets, rounds)]
    n = len(nets)
    mean = sum(nets) / n
    sd = math.sqrt(sum((x - mean) ** 2 for x in nets) / (n - 1))
    assert summary["rounds"] == n
    assert summary["net_units"] == pytest.approx(sum(nets))
    assert summary["ev_per_round"] == pytest.approx(mean)
    assert summary["sd_per_round"] == pytest.approx(sd)
    assert summary["advantage"] == pytest.approx(sum(nets) / sum(bets))
    assert summary["avg_bet"] == pytest.approx(sum(bets) / n)
    assert summary["win_rate_per_hour"] == pytest.approx(100 * mean)
    assert summary["di"] == pytest.approx(1000 * mean / sd)
    if mean > 0:
        assert summary["n0"] == pytest.approx((sd / mean) ** 2)
        assert summary["score"] == pytest.approx(1e6 * mean**2 / sd**2)
    # ratio-estimator standard error of the advantage
    r = sum(nets) / sum(bets)
    resid = [x - r * b for x, b in zip(nets, bets)]
    se = math.sqrt(sum(e * e for e in resid) / n / n) / (sum(bets) / n)
    assert summary["se_advantage"] == pytest.approx(se, rel=1e-9)


def test_moments_are_exact_integers():
    tally = _tally([(0, 15), (0, -10), (2, 20)])
    sums = total_moments(tally)
    assert sums == {"rounds": 3, "watched": 0, "bet": 10 + 10 + 30, "bet2": 100 + 100 + 900,
                    "net": 150 - 100 + 600, "net2": 150**2 + 100**2 + 600**2,
                    "netbet": 1500 - 1000 + 18000, "outcome": 25, "outcome2": 225 + 100 + 400,
                    "spots": 3}  # spots played: one a round without betting.spots


def test_columns_by_true_count_and_outcome_are_numpy_arrays():
    """The core's tables are columns of numpy arrays (the DataFrames are analysis.tables')."""
    tally = _tally([(0, 15), (0, -10), (2, 20), (2, 20)])
    table = true_count_columns(tally)
    assert all(isinstance(column, np.ndarray) for column in table.values())
    assert table["true_count"].tolist() == [0, 2]
    assert table["rounds"].tolist() == [2, 2]
    assert table["advantage"][1] == pytest.approx(2.0)
    dist = outcome_columns(tally)
    assert dict(zip(dist["net_bets"].tolist(), dist["rounds"].tolist())) == {
        -1.0: 1, 1.5: 1, 2.0: 2}
    assert dist["probability"].sum() == pytest.approx(1.0)


def test_importing_the_core_does_not_import_pandas():
    """simulation, statistics and result load without pandas (a fresh interpreter)."""
    code = ("import sys, jost_engine.simulation, jost_engine.statistics, jost_engine.result\n"
            "print('pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "False"


def test_merge_is_order_free_and_round_trips():
    a, b = _tally([(0, 10)]), _tally([(1, -10), (3, 15)])
    b.chunks = [1]
    assert merge([a, b]) == merge([b, a])
    merged = merge([a, b])
    assert Tally.from_dict(merged.to_dict()) == merged


def test_risk_of_ruin_formulas():
    assert risk_of_ruin(0.02, 3.0, None) is None
    assert risk_of_ruin(-0.01, 1.1, 100) == 1.0
    assert risk_of_ruin(0.02, 3.0, 400) == pytest.approx(math.exp(-2 * 0.02 * 400 / 9))
    # the two forms agree closely for small ev/sd
    assert risk_of_ruin_schlesinger(0.02, 3.0, 400) == pytest.approx(
        risk_of_ruin(0.02, 3.0, 400), rel=0.01)
