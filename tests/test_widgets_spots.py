"""The Betting tab's spots panel (jost_widgets.spot_panel) without a browser: the spots and
bet per spot by count of a result with three spots, what it maximises, nothing feasible in
words, a one-spot result explained, and the run that measures spots submitted as a job."""

from __future__ import annotations

import dataclasses

import pytest
from test_spot_advice import spot_tally
from test_widgets_betting import hilo_config

from jost_engine import run_simulation_from_config
from jost_engine.betting.spot_advice import measuring_config
from jost_engine.jobs import COMPLETE
from jost_engine.result import SimulationResult
from jost_widgets.betting_view import BettingView

pytest_plugins = ["jobs_fixtures"]

ROUNDS = 1_000_000


@pytest.fixture(scope="module")
def three_spots():
    """A real run of the Hi-Lo game with three spots of one unit at every count (1,000,000
    rounds: most counts to +6 have their own 10,000 rounds)."""
    return run_simulation_from_config(measuring_config(hilo_config(ROUNDS), 3))


def test_a_result_with_spots_shows_the_plan_and_names_the_objective(three_spots):
    """The panel names growth (Kelly) with its formula and reference, gives the plan as
    betting.spots and a row per count, and each figure with its uncertainty."""
    view = BettingView()
    view.show(three_spots)
    view.wait()
    panel = view.spots
    assert panel.out is not None and panel.out["objective"]["name"] == "growth"
    assert "Objective: maximum growth of the log bankroll per card dealt (Kelly)" in (
        panel.objective.value)
    assert "b* = k B e" in panel.objective.value and "docs/betting.md" in panel.objective.value
    assert "betting.spots [[-99, 1]" in panel.plan.value and "<td>+4</td>" in panel.plan.value
    assert panel.plan.value.count("±") >= len(panel.out["rows"]) + 3
    assert panel.message.value == ""


def test_the_tabs_controls_reach_the_plan(three_spots):
    """At most one spot: every count plays one spot; a larger bankroll and spread bet more
    at the highest counts; half Kelly bets less."""
    view = BettingView()
    view.show(three_spots)
    view.spots.most.value = 1
    assert {n for _, n in view.spots.out["config"]["spots"]} == {1}
    view.spots.most.value = 3
    view.bankroll.value, view.spread.value = 1_000_000.0, 16.0
    top = view.spots.out["rows"][-1]["bet"]
    assert top == 16.0
    view.bankroll.value = 20_000.0
    full = view.spots.out["rows"][-1]["bet"]
    view.kelly.value = 0.5
    assert view.spots.out["rows"][-1]["bet"] < full


def test_no_count_with_an_edge_says_nothing_feasible(three_spots):
    """Spot sums where every count loses: 'Nothing feasible: no true count has an edge'."""
    loss = spot_tally({0: (90_000, -0.005, 1.33, 0.49), 4: (10_000, -0.001, 1.36, 0.50)})
    result = SimulationResult(three_spots.config,
                              dataclasses.replace(three_spots.tally, spots=loss.spots), {})
    view = BettingView()
    view.show(result)
    assert "Nothing feasible: no true count has an edge" in view.spots.message.value


def test_a_one_spot_result_says_what_run_the_optimiser_needs():
    """A result of one spot: the panel explains the run needed and shows no plan; without a
    job manager its button is disabled."""
    view = BettingView()
    view.show(run_simulation_from_config(hilo_config(20_000)))
    assert view.spots.out is None and view.spots.plan.value == ""
    assert "needs a result with two or more spots" in view.spots.message.value
    assert view.spots.measure.disabled


def test_the_button_submits_the_measuring_run_whose_result_gives_a_plan(manager, workspace):
    """With a job manager the button submits the game with three spots of one unit at every
    count; shown in the tab, that job's result gives a plan."""
    view = BettingView(manager)
    view.show(run_simulation_from_config(hilo_config(20_000)))
    view.spots.measure.click()
    view.spots.submit_thread.join(60)
    job = view.spots.job
    assert job is not None
    config = job.info["config"]
    assert config["betting"]["spots"] == [[-99, 3]] and config["betting"]["ramp"] == [[-99, 1]]
    assert job.wait(120) == COMPLETE
    view.show(job.result())
    assert view.spots.out is not None and "betting.spots" in view.spots.plan.value
