"""Ramps people can bet (issue #23): at most k changes of bet, a cover rule, and the cost
of each limit in win rate and in the objective, on hand-made true-count tables."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jost_engine.betting import Ramp, kelly_ramp, optimize
from jost_engine.betting.constraints import costs
from jost_engine.betting.objectives import fits
from jost_engine.betting.optimal import segments
from jost_engine.errors import BettingError
from tests.test_betting_optimal import linear_table


@settings(max_examples=30, deadline=None)
@given(bankroll=st.floats(200, 20_000), changes=st.integers(0, 4),
       cover=st.one_of(st.none(), st.floats(1.2, 4.0)), spread=st.integers(2, 20))
def test_the_ramp_keeps_its_changes_and_cover(bankroll, changes, cover, spread):
    """At most ``max_changes`` changes of bet; no step above ``cover`` times the one below;
    the usual limits still hold."""
    ramp = kelly_ramp(linear_table(), bankroll, spread=spread, max_changes=changes,
                      cover=cover)
    sizes = [u for _, u in ramp.steps]
    assert len(sizes) - 1 <= changes
    if cover is not None:
        assert all(b <= cover * a + 1e-9 for a, b in zip(sizes, sizes[1:]))
    assert min(sizes) >= 1 and max(sizes) <= spread + 1e-9
    assert sizes == sorted(sizes)


def test_segments_is_the_best_fit_of_that_many_levels():
    """On 7 points, the DP's 3-level fit has the least weighted squared error of every
    split into 3 contiguous runs at their weighted means (brute force)."""
    y = np.array([1.0, 1.5, 2.0, 5.0, 5.5, 9.0, 12.0])
    w = np.array([5.0, 4.0, 3.0, 2.0, 2.0, 1.0, 0.5])
    got = segments(y, w, 3)

    def err(fit):
        return float(w @ (y - fit) ** 2)

    best = np.inf
    for i, j in itertools.combinations(range(1, 7), 2):
        fit = np.empty(7)
        for a, b in ((0, i), (i, j), (j, 7)):
            fit[a:b] = (w[a:b] @ y[a:b]) / w[a:b].sum()
        best = min(best, err(fit))
    assert err(got) == pytest.approx(best)
    assert len(set(got.round(12))) <= 3 and np.all(np.diff(got) >= 0)


def test_a_bad_cover_names_its_field():
    with pytest.raises(BettingError) as err:
        kelly_ramp(linear_table(), 1000.0, spread=8, cover=0.5)
    assert err.value.field == "cover"


def test_fits_refuses_ramps_with_too_many_changes_or_jumps():
    t = linear_table()
    ramp = Ramp(((-99.0, 1.0), (1.0, 2.0), (2.0, 6.0), (3.0, 8.0)))
    assert fits(ramp, t, spread=8)
    assert not fits(ramp, t, spread=8, max_changes=2)
    assert not fits(ramp, t, spread=8, cover=2.0)  # 2 -> 6 is x3
    assert fits(ramp, t, spread=8, max_changes=3, cover=3.0)


@pytest.mark.parametrize("objective", ["growth", "score", "winrate"])
def test_each_limit_costs_at_least_nothing_on_the_objective(objective):
    """Lifting one limit (all others kept) never lowers the objective; with chips of 5
    units, at most 1 change and a x2 cover, growth pays for some of them."""
    rows = costs(linear_table(), objective, 3000.0, target_ror=0.3, spread=16,
                 round_to=5.0 if objective != "score" else 1.0, max_changes=1, cover=2.0)
    assert {r["limit"] for r in rows} >= {"spread", "max_changes", "cover", "round_to"}
    for row in rows:
        assert row["objective_value"] is None or row["objective_value"] >= -1e-12, row
    if objective == "growth":
        assert max(r["objective_value"] or 0 for r in rows) > 0


def test_optimize_passes_the_shape_limits_to_every_objective():
    t = linear_table()
    for objective in ("growth", "score", "winrate"):
        best = optimize(t, objective, 3000.0, target_ror=0.3, spread=16, max_changes=2)
        assert len(best.ramp.steps) - 1 <= 2, objective
