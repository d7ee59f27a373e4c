"""The betting analysis against real simulations (issue #14).

A flat-bet run's true-count table predicts any ramp's figures; here the
predictions of the shipped ramps, and of the optimizer's ramps, are checked
against direct simulations of those ramps in two games (a six-deck shoe and a
double deck), within 3 standard errors (the table's and the simulation's,
from batch means over 20 chunks of each run: rounds of one shoe share its counts, so an
SE that takes rounds as independent is too small for a ramp's SD). Each table run is flat
bet with the wonging of the ramp it predicts when that wonging has memory
(see :mod:`jost_engine.betting.ramp`).
"""

from __future__ import annotations

import copy
import math
import statistics

import pytest

from jost_engine import run_simulation_from_config
from jost_engine.betting import Ramp, evaluate, from_result, kelly_ramp, max_score
from jost_engine.profiles import ProfileStore, hydrate

ROUNDS = 2_000_000
BATCHES = 20  # chunks of each run, for batch-means standard errors
GAMES = {"strip-6d": "vegas-strip-6d-s17", "downtown-2d": "downtown-2d-h17"}
SHIPPED = ("spread-1-8", "spread-1-12", "spread-1-16-wong-out", "back-count-plus2")
STORE = ProfileStore()


def game_config(rules: str, betting: dict, seed: int) -> dict:
    """A Hi-Lo (I18 + Fab 4) counter at ``rules`` with ``betting``, ROUNDS rounds."""
    config = hydrate({"rules": rules, "strategy": "hi-lo-i18-fab4", "betting": betting,
                      "run": {"rounds": ROUNDS, "seed": seed,
                              "chunk_rounds": ROUNDS // BATCHES,
                              "rounds_per_hour": 100}})
    return copy.deepcopy(config)


def flat(betting: dict) -> dict:
    """The flat 1-unit version of a betting section, keeping its wonging."""
    return {"ramp": [[-99, 1]], "wong_in": betting.get("wong_in"),
            "wong_out": betting.get("wong_out"), "bankroll_units": 400}


class Game:
    """Lazily run tables and direct simulations of one game, each once per session."""

    def __init__(self, rules: str):
        self.rules = rules
        self.runs: dict = {}

    def run(self, betting: dict, seed: int):
        key = (repr(sorted(betting.items())), seed)
        if key not in self.runs:
            self.runs[key] = run_simulation_from_config(game_config(self.rules, betting, seed))
        return self.runs[key]

    def batches(self, betting: dict, seed: int) -> list:
        """The results of each chunk of :meth:`run` alone (BATCHES of them)."""
        key = ("batches", repr(sorted(betting.items())), seed)
        if key not in self.runs:
            config = game_config(self.rules, betting, seed)
            self.runs[key] = [run_simulation_from_config(config, chunks=[i])
                              for i in range(BATCHES)]
        return self.runs[key]

    def table_for(self, betting: dict):
        """The table of a flat run with the same wonging as ``betting``."""
        return from_result(self.run(flat(betting), seed=11))


@pytest.fixture(scope="module", params=list(GAMES), ids=list(GAMES))
def game(request):
    return Game(GAMES[request.param])


def batch_se(values: list[float]) -> float:
    """Standard error of the mean of equal batches (batch means)."""
    return statistics.stdev(values) / math.sqrt(len(values))


def assert_agrees(game: Game, table_betting: dict, table_seed: int, ramp: Ramp,
                  bankroll: float, betting: dict, seed: int) -> None:
    """Win rate per hour and SD per round predicted from the flat table run lie within
    3 SE of the direct simulation's, the SEs by batch means over each run's chunks."""
    table = from_result(game.run(flat(table_betting), table_seed))
    pred = evaluate(table, ramp, bankroll)
    s = game.run(betting, seed).summary
    tables = [from_result(r) for r in game.batches(flat(table_betting), table_seed)]
    by_batch = [evaluate(t, ramp, bankroll) for t in tables]
    sims = [r.summary for r in game.batches(betting, seed)]
    for key in ("win_rate_per_hour", "sd_per_round"):
        se = math.hypot(batch_se([b[key] for b in by_batch]), batch_se([x[key] for x in sims]))
        assert abs(pred[key] - s[key]) < 3 * se, (key, pred[key], s[key], se)
    assert pred["played_share"] == pytest.approx(s["rounds"] / s["rounds_dealt"], abs=0.01)


def test_flat_table_reproduces_a_ramp_run_of_the_same_shoes_exactly(game):
    """Without wonging the kernel deals the same rounds whatever the bets, so the
    spread-1-12 ramp predicted from a flat run equals its run with the same seed to 1e-9
    (EV, average bet, win rate, SD per hour, and SD per round once the summary's
    n / (n - 1) is applied): the per-count moments are exact sufficient statistics."""
    betting = STORE.piece("betting", "spread-1-12")
    table = game.table_for(betting)
    pred = evaluate(table, Ramp.from_betting(betting), 400)
    s = game.run(betting, seed=11).summary
    for key in ("ev_per_round", "avg_bet", "win_rate_per_hour", "sd_per_hour"):
        assert pred[key] == pytest.approx(s[key], rel=1e-9), key
    n = s["rounds"]
    assert pred["sd_per_round"] * math.sqrt(n / (n - 1)) == pytest.approx(s["sd_per_round"],
                                                                          rel=1e-9)


@pytest.mark.slow
@pytest.mark.statistical
@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_ramp_predicted_within_3_se_of_its_simulation(game, name):
    """Each shipped ramp's win rate per hour and SD per round, predicted from a flat run's
    table (independent shoes, with the ramp's wonging), lie within 3 SE of a direct
    simulation of the ramp."""
    betting = STORE.piece("betting", name)
    assert_agrees(game, betting, 11, Ramp.from_betting(betting), 400, betting, seed=21)


@pytest.mark.slow
@pytest.mark.statistical
def test_optimal_ramp_resimulated_reproduces_its_prediction(game):
    """The optimizer's half-Kelly ramp (spread 12, whole units, back-counting chosen by the
    optimizer) simulated on fresh shoes gives its predicted win rate and SD within 3 SE."""
    table = game.table_for({})
    ramp = kelly_ramp(table, bankroll=1000, min_bet=1, spread=12, kelly_fraction=0.5,
                    round_to=1, wong_out="auto")
    assert ramp.wong_in is not None  # a back-counter sits out the negative counts
    betting = {**ramp.to_betting(bankroll_units=1000)}
    assert_agrees(game, {}, 11, ramp, 1000, betting, seed=31)


@pytest.mark.parametrize("name", SHIPPED)
def test_max_score_ramp_beats_every_shipped_ramp_at_its_spread(game, name):
    """Under the same table minimum, spread and wonging, the optimizer's SCORE ramp has at
    least the SCORE of each shipped ramp (both evaluated on the same table)."""
    betting = STORE.piece("betting", name)
    table = game.table_for(betting)
    shipped = Ramp.from_betting(betting)
    sizes = [units for _, units in shipped.steps]
    best = max_score(table, min_bet=min(sizes), spread=shipped.spread)
    assert evaluate(table, best)["score"] >= evaluate(table, shipped)["score"]
