"""The bankroll and risk tools (jost_engine.betting.goals, risk.trip, bankroll_for_risk)
against random walks drawn from a job's own per-round results (issue #23).

Each game is a flat-bet Hi-Lo run; the walk draws independent rounds from its outcome
histogram times the spread-1-8 ramp's bets by true count (watched rounds win 0), so
the walk has the game's real, skewed and discrete results, and the formula's diffusion
model (win rate and SD per hour from the same table) is the only approximation. Each
figure agrees with its walk within 3 binomial standard errors of the walk's proportion.
The bankrolls are a few dozen SDs of one round, so the discrete walk's overshoot of a
barrier stays well under one SE.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from jost_engine import run_simulation_from_config
from jost_engine.betting import Ramp, bankroll_for_risk, evaluate, from_result, goals, risk
from jost_engine.betting.walk import first_passage, round_distribution
from jost_engine.profiles import ProfileStore, hydrate

ROUNDS = 1_000_000
PATHS = 3000
GAMES = {"strip-6d": "vegas-strip-6d-s17", "downtown-2d": "downtown-2d-h17"}


class Game:
    """A game's per-hour figures and per-round distribution for the spread-1-8 ramp."""

    def __init__(self, rules: str):
        config = hydrate({"rules": rules, "strategy": "hi-lo-i18-fab4",
                          "run": {"rounds": ROUNDS, "seed": 5, "chunk_rounds": ROUNDS,
                                  "rounds_per_hour": 100}})
        result = run_simulation_from_config(config)
        self.ramp = Ramp.from_betting(ProfileStore().piece("betting", "spread-1-8"))
        self.figures = evaluate(from_result(result), self.ramp)
        self.values, self.probs = round_distribution(result.tally, self.ramp, 100)
        self.rate = 100
        self.win, self.sd = self.figures["win_rate_per_hour"], self.figures["sd_per_hour"]
        self.sd_round = self.sd / math.sqrt(self.rate)

    def end_results(self, hours: float, seed: int) -> np.ndarray:
        """Results [units] of PATHS walks after ``hours`` hours: a sum of n independent
        rounds is the values times multinomial counts."""
        counts = np.random.default_rng(seed).multinomial(int(round(hours * self.rate)),
                                                         self.probs, size=PATHS)
        return counts @ self.values


@pytest.fixture(scope="module", params=list(GAMES), ids=list(GAMES))
def game(request):
    return Game(GAMES[request.param])


def assert_within_3_se(predicted: float, hits: np.ndarray) -> None:
    """The walk's proportion of hits lies within 3 binomial SEs of the prediction."""
    share = hits.mean()
    se = math.sqrt(max(predicted * (1 - predicted), 1e-12) / hits.size)
    assert abs(share - predicted) < 3 * se, (predicted, share, se)


def test_the_walk_has_the_ramps_mean_and_variance(game):
    """The per-round distribution reproduces the table's win rate and SD per hour."""
    mean = float(game.values @ game.probs)
    var = float(game.values**2 @ game.probs) - mean**2
    assert mean * game.rate == pytest.approx(game.win, rel=1e-9)
    assert math.sqrt(var * game.rate) == pytest.approx(game.sd, rel=1e-9)


def test_ruin_with_goal_and_goal_first_agree_with_the_walk(game):
    """Double barrier: bankroll and goal 40 SDs of a round each; the share of walks ruined
    first, and of those reaching the goal first, within 3 SE of the formulas."""
    bankroll = goal = 40 * game.sd_round
    ruined, ended = first_passage(game.values, game.probs, PATHS, bankroll, goal,
                                  max_steps=400_000, seed=11)
    assert ended.all()
    assert_within_3_se(goals.ruin_with_goal(game.win, game.sd, bankroll, goal), ruined)
    assert_within_3_se(goals.goal_first(game.win, game.sd, bankroll, goal), ~ruined)


def test_trip_risk_agrees_with_the_walk(game):
    """Risk of ruin within H hours (H with the trip's SD equal to a 60-SD bankroll)."""
    bankroll = 60 * game.sd_round
    hours = (bankroll / game.sd) ** 2
    ruined, _ = first_passage(game.values, game.probs, PATHS, bankroll, None,
                              max_steps=int(round(hours * game.rate)), seed=12)
    assert_within_3_se(risk.trip(game.win, game.sd, bankroll, hours), ruined)


def test_ahead_after_hours_agrees_with_the_walk(game):
    """Probability of being ahead after N0 hours and after a tenth of them."""
    n0 = goals.hours_to_n0(game.win, game.sd)
    for hours, seed in ((n0, 13), (n0 / 10, 14)):
        assert_within_3_se(goals.ahead_after(game.win, game.sd, hours),
                           game.end_results(hours, seed) > 0)


def test_hours_to_goal_reach_the_goal_with_the_stated_confidence(game):
    """After hours_to_goal(G, c) hours the share of walks at or above G is c (70 %), and
    after hours_to_n0 the share ahead is Phi(1)."""
    goal = 20 * game.sd_round
    hours = goals.hours_to_goal(game.win, game.sd, goal, 0.7)
    assert_within_3_se(0.7, game.end_results(hours, 15) >= goal)
    assert_within_3_se(0.8413447460685429,
                       game.end_results(goals.hours_to_n0(game.win, game.sd), 16) > 0)


def test_bankroll_for_risk_round_trips_with_the_risk_of_ruin():
    """bankroll_for_risk(r) has risk r again, to 1e-6, by every lifetime and goal method."""
    for method, goal in (("diffusion", None), ("schlesinger", None), ("hall", None),
                         ("diffusion", 500.0), ("hall", 500.0)):
        for target in (0.01, 0.05, 0.135, 0.5):
            bank = bankroll_for_risk(0.02, 3.1, target, method, goal)
            assert risk.risk_of_ruin(0.02, 3.1, bank, method, goal) == pytest.approx(
                target, abs=1e-6), (method, goal, target)
    bank = bankroll_for_risk(1.0, 30.0, 0.1, "trip", hours=200)
    assert risk.trip(1.0, 30.0, bank, 200) == pytest.approx(0.1, abs=1e-6)


def test_hours_to_goal_is_n0_at_one_sd_and_refuses_a_losing_game():
    """G = 0 at c = Phi(1) gives N0 hours; a negative win rate names the field ev."""
    assert goals.hours_to_goal(1.0, 30.0, 0.0, 0.8413447460685429) == pytest.approx(900.0)
    from jost_engine.errors import BettingError
    with pytest.raises(BettingError) as err:
        goals.hours_to_goal(-0.5, 30.0, 10.0, 0.9)
    assert err.value.field == "ev"
