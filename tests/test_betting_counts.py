"""Counts compared at their own optimal ramps (issue #23): a count whose true counts run
twice as far (a level-2 count) is neither helped nor hurt, unlike one ramp for all."""

from __future__ import annotations

import numpy as np
import pytest

from jost_engine.betting import Ramp, evaluate
from jost_engine.betting.counts import at_own_optimum
from tests.test_betting_optimal import COUNTS, table

LEVEL1_EV = -0.0075 + 0.005 * COUNTS


def stretched() -> tuple:
    """The same game counted at level 1 and at level 2 (count t read as 2t)."""
    dealt = np.where(np.abs(COUNTS) <= 12, 100_000 * np.exp(-0.1 * COUNTS**2), 0).astype(int)
    level1 = table(LEVEL1_EV, dealt=dealt)
    ev2, dealt2 = np.full(COUNTS.size, -0.0075), np.zeros(COUNTS.size, dtype=int)
    for i, t in enumerate(COUNTS):
        j = np.flatnonzero(COUNTS == 2 * t)
        if j.size:
            ev2[j], dealt2[j] = LEVEL1_EV[i], dealt[i]
    return level1, table(ev2, dealt=dealt2)


def test_a_level_2_count_scores_the_same_at_its_own_optimum():
    """SCORE, win rate and certainty equivalent at each count's own optimum are equal for
    the two readings of one game; one common true-count ramp scores them differently."""
    one, two = stretched()
    a, b = at_own_optimum(one, 400, 12), at_own_optimum(two, 400, 12)
    for key in ("score", "win_rate_per_hour", "ce_per_hour"):
        assert a[key] == pytest.approx(b[key], rel=1e-9), key
    common = Ramp(((-99.0, 1.0), (2.0, 4.0), (3.0, 8.0), (4.0, 12.0)))
    assert evaluate(one, common)["score"] != pytest.approx(evaluate(two, common)["score"],
                                                           rel=0.05)


def test_wonging_allowed_is_at_least_playing_every_round():
    one, _ = stretched()
    assert at_own_optimum(one, 400, 12, "auto")["ce_per_hour"] >= at_own_optimum(
        one, 400, 12)["ce_per_hour"] - 1e-12


def test_own_optimum_columns_of_a_result_and_of_none():
    """A counted result gets its own-optimum SCORE, win rate and CE with SEs; a missing
    result or a game without a count gets None in every column."""
    from jost_engine import run_simulation_from_config
    from jost_engine.betting.counts import COLUMNS, own_optimum_columns
    from jost_engine.profiles import hydrate

    config = hydrate({"rules": "vegas-strip-6d-s17", "strategy": "hi-lo",
                      "run": {"rounds": 200_000, "seed": 2, "chunk_rounds": 200_000}})
    got = own_optimum_columns(run_simulation_from_config(config), 400, 12)
    for name in COLUMNS:
        assert got[name] is not None and got[f"se_{name}"] > 0, name
    assert all(v is None for v in own_optimum_columns(None).values())


@pytest.mark.parametrize("text", ["12", "0.5,400", "12,-1", "12,400,maybe", "a,b"])
def test_study_own_optimum_option_refuses_bad_limits(text):
    """``--own-optimum`` takes SPREAD,BANKROLL[,wong]; anything else is refused (exit 2)."""
    from jost_engine.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["study", "result", "s0123", "--own-optimum", text])
    assert exc.value.code == 2
