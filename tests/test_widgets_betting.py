"""The Betting view without a browser: a Hi-Lo result's optimal ramp beside its own,
recomputed as the controls move; saved as a profile; simulated as a job."""

from __future__ import annotations

import re

import pytest
from jobs_helpers import blackjack_config

from jost_engine import betting, run_simulation_from_config
from jost_engine.analysis import betting_figures
from jost_engine.jobs import COMPLETE
from jost_engine.profiles import ProfileStore, hydrate
from jost_widgets import Workbench
from jost_widgets.betting_view import NO_COUNT, BettingView

pytest_plugins = ["jobs_fixtures"]

ROUNDS = 200_000


def hilo_config(rounds: int = ROUNDS) -> dict:
    """The shipped Hi-Lo 1-12 game ($25 units, 400-unit bankroll), ``rounds`` long."""
    config = hydrate("strip-hilo-1-12")
    config["run"] = {**config["run"], "rounds": rounds, "chunk_rounds": rounds // 2}
    return config


@pytest.fixture(scope="module")
def hilo_result():
    return run_simulation_from_config(hilo_config())


def figure_values(view: BettingView) -> dict:
    """The figures table as ``{label: (optimal, yours)}`` texts."""
    rows = re.findall(r"<tr><td>([^<]+)</td><td>([^<]*)</td><td>([^<]*)</td>"
                      r"<td class='jost-optimised'>[^<]*</td></tr>", view.figures.value)
    return {label.strip(): (opt, yours) for label, opt, yours in rows}


def test_view_starts_from_the_results_ramp_bankroll_and_unit(hilo_result):
    """The controls start at the config's bankroll in $ (400 x $25), its spread (12) and
    trip length; both ramps, the figures of both and the three charts are shown."""
    view = BettingView()
    view.show(hilo_result)
    view.wait()
    assert view.body.layout.display is None
    assert (view.bankroll.value, view.spread.value) == (10_000.0, 12.0)
    assert "your ramp</b>: 1 unit, 2 from +2, 4 from +3, 8 from +4, 12 from +5" in view.ramps.value
    values = figure_values(view)
    for label in ("win rate [units/100 rounds]", "win rate [$/hour]", "SD [$/hour]", "DI",
                  "SCORE", "N0 [rounds]", "risk of ruin, lifetime",
                  "certainty equivalent [$/hour]",
                  f"risk of ruin within {view.hours.value:g} hours"):
        assert label in values and all(values[label]), label
    assert not re.search(r"win_rate|ev_per_round|_per_hour", view.figures.value)
    for name, image in view.charts.items():
        assert bytes(image.value).startswith(b"\x89PNG"), name


def test_moving_the_bankroll_recomputes_the_figures_and_charts(hilo_result):
    """Doubling the bankroll changes the optimal ramp's risk and the bands chart at once;
    the user's ramp keeps its win rate (it does not depend on the bankroll)."""
    view = BettingView()
    view.show(hilo_result)
    view.wait()
    before, bands = figure_values(view), bytes(view.charts["bands"].value)
    view.bankroll.value = 20_000.0
    after = figure_values(view)
    assert view.out["optimal"]["bankroll_units"] == 800.0
    assert after["risk of ruin, lifetime"] != before["risk of ruin, lifetime"]
    assert after["win rate [units/hour]"][1] == before["win rate [units/hour]"][1]
    view.wait()
    assert bytes(view.charts["bands"].value) != bands


def test_constraints_and_risk_target_hold_for_the_ramp_shown(hilo_result):
    """The optimal ramp keeps the spread and the chip step; with a risk target its lifetime
    risk is at most the target and the Kelly slider is greyed out (the fraction is chosen);
    an unreachable target names the control."""
    view = BettingView()
    view.show(hilo_result)
    view.spread.value = 8.0
    view.chip.value = 2.0
    units = [u for _, u in view.out["optimal"]["ramp"]]
    assert max(units) / min(units) <= 8.0 + 1e-9
    assert all(abs(u / 2.0 - round(u / 2.0)) < 1e-9 or u in (1.0, 8.0) for u in units)
    view.bankroll.value = 40_000.0  # 1,600 units
    view.objective.value = "winrate"
    view.risk_target.value = "5%"
    assert view.kelly.disabled and view.out["optimal"]["ror"] <= 0.05
    assert "lifetime risk of ruin at most 5%" in view.message.value
    view.risk_target.value = "0.05"  # the same risk as a fraction
    assert view.out["objective"]["target_ror"] == 0.05
    view.bankroll.value = 100.0  # 4 units: the target cannot be met, and the view says so
    assert view.out is not None
    assert "No ramp at 1-8 keeps the lifetime risk" in view.feasibility.value
    view.risk_target.value = "5"  # ambiguous without %
    assert view.out is None and "risk target: &#x27;5&#x27; is ambiguous" in view.message.value
    view.objective.value = "growth"
    assert view.out is not None and not view.kelly.disabled


@pytest.mark.parametrize("objective, row", [("growth", "certainty equivalent [$/hour]"),
                                            ("score", "SCORE"),
                                            ("winrate", "win rate [units/hour]")])
def test_first_line_names_the_objective_and_its_row_is_marked(hilo_result, objective, row):
    """The line above the controls names the objective; the row it maximizes is marked; the
    optimum is at least as good as yours on it."""
    view = BettingView()
    view.show(hilo_result)
    view.objective.value = objective
    words = {"growth": "maximum growth", "score": "maximum SCORE",
             "winrate": "maximum win rate"}[objective]
    assert view.message.value.startswith(f"<b>Objective: {words}")
    marked = re.findall(r"<tr><td>([^<]+)</td>(?:<td>[^<]*</td>){2}"
                        r"<td class='jost-optimised'>◀ optimised</td>", view.figures.value)
    assert row in marked and len(marked) <= 2  # the figure, in units and in $
    opt, own = view.out["optimal"]["objective_value"], view.out["given"]["objective_value"]
    assert own is None or opt >= own - 1e-12


def test_a_bankroll_too_small_to_grow_says_so_with_the_bankroll_that_can(hilo_result):
    """40 units at 1-12: no ramp grows it; the view says so first (above the controls) and
    gives a bankroll and/or a wong-out point that would."""
    view = BettingView()
    view.show(hilo_result)
    view.bankroll.value = 1_000.0
    text = view.feasibility.value
    assert "No ramp at 1-12 grows a bankroll of 40 units ($1,000)" in text
    assert "bankroll of at least" in text or "leaving the table" in text
    children = view.body.children
    assert children.index(view.message) == 0 and children.index(view.feasibility) == 1


def test_bankroll_panel_shows_the_ramp_i_play_or_the_reoptimised_one(hilo_result):
    """The panel's toggle: your ramp at $1,000 (its lifetime risk is your ramp's at 40 units),
    or the optimal ramp re-optimised there; the heading says which."""
    view = BettingView()
    view.show(hilo_result)
    panel = view.panel
    panel.bankroll.value = 1_000.0
    panel.mode.value = "the ramp I play"
    mine = betting.evaluate(view.table, view.given(), 40.0)["ror"]
    assert panel.out["ror"][0] == pytest.approx(mine)
    assert "your ramp (the one you play, not re-optimised)" in panel.heading.value
    assert "at $1,000" in panel.heading.value and "lifetime risk of ruin" in panel.table.value
    panel.mode.value = "the optimal ramp, re-optimised at this bankroll"
    assert "re-optimised at this bankroll" in panel.heading.value
    assert panel.out["ror"][0] != pytest.approx(mine)
    low, value, high = panel.out["ror"][1], panel.out["ror"][0], panel.out["ror"][2]
    assert low <= value <= high and "(from" in panel.table.value


def test_result_without_a_count_hides_the_view_and_says_why(cluster):
    """A basic-strategy result has no true-count table: the view hides its controls."""
    result = run_simulation_from_config(blackjack_config(20_000, 10_000))
    view = BettingView()
    view.show(result)
    assert view.body.layout.display == "none" and view.out is None
    assert NO_COUNT in view.title.value.replace("&#x27;", "'")


def test_save_stores_the_optimal_ramp_as_a_betting_profile(hilo_result, workspace):
    """The optimal ramp saved under a name is a user betting profile that evaluates to the
    same ramp; a shipped name is refused with a message."""
    store = ProfileStore(workspace)
    view = BettingView(store=store)
    view.show(hilo_result)
    view.profile_name.value = "my-optimal"
    view.save_button.click()
    assert "saved betting profile my-optimal" in view.message.value
    piece = store.piece("betting", "my-optimal")
    assert betting.Ramp.from_betting(piece).pairs() == view.out["optimal"]["ramp"]
    assert piece["unit"] == 25.0 and piece["bankroll_units"] == 400.0
    view.profile_name.value = "spread-1-12"
    view.save_button.click()
    assert "shipped default" in view.message.value


def test_simulate_submits_the_optimal_ramp_and_the_workbench_follows(manager, workspace):
    """In the workbench, 'show' on a Hi-Lo job fills the Betting tab; its Simulate button
    submits the same game with the optimal ramp as a job (through the Build tab's path);
    a ramp saved there is listed at once in the Build tab's betting dropdown."""
    bench = Workbench(manager, ProfileStore(workspace), interval_s=0.05)
    try:
        job = manager.submit(hilo_config())
        assert job.wait(120) == COMPLETE
        bench.show(job)
        assert bench.betting.out is not None
        ramp = bench.betting.out["optimal"]["ramp"]
        bench.betting.profile_name.value = "bench-optimal"
        bench.betting.save_button.click()
        assert "bench-optimal" in [v for _, v in bench.builder.profiles["betting"].options]
        bench.betting.submit_button.click()
        bench.betting.submit_thread.join(60)
        confirm = bench.betting.job
        assert confirm is not None and confirm.id != job.id
        config = confirm.info["config"]
        assert config["betting"]["ramp"] == ramp
        assert config["rules"] == job.info["config"]["rules"]
        assert "optimal 1-12" in config["label"]
        assert bench.tabs.selected_index == bench.tabs.titles.index("Jobs")
        assert confirm.wait(120) == COMPLETE
    finally:
        bench.close()


def test_betting_figures_have_titles_and_axis_labels_with_units():
    """The three charts of the view have a title, x and y labels, and a $ axis with a unit."""
    optimal, yours = [[-99, 1], [3, 6], [7, 12]], [[-99, 1], [2, 2], [5, 12]]
    rows = [{"kelly_fraction": k, "win_rate_per_hour": k, "ror": min(0.9, 0.1 * k)}
            for k in (0.25, 0.5, 1.0, 2.0)]
    bands = betting.bankroll_bands(400, 1.0, 30.0, [0, 10, 20])
    for fig in (betting_figures.ramps(optimal, yours, unit=25),
                betting_figures.frontier(rows, {"optimal": rows[2]}, unit=25),
                betting_figures.bankroll_bands(bands, unit=25)):
        fig.canvas.draw()
        ax = fig.axes[0]
        assert ax.get_title() and "[" in ax.get_xlabel() + ax.get_ylabel()
        assert ax.get_xlabel() and ax.get_ylabel()
        assert any("[$" in other.get_ylabel() for other in ax.child_axes)


def test_bands_of_your_ramp_at_the_jobs_bankroll_add_the_simulated_trips(hilo_result):
    """Your ramp at the bankroll the job ran with (400 units) gets the quantiles of the
    job's own simulated trips beside the normal model; the optimal ramp, or another
    bankroll, gets the normal model alone (no trip played them)."""
    view = BettingView()
    view.show(hilo_result)
    view.wait()
    units = hilo_result.config["betting"]["bankroll_units"]
    view.bands_of.value = "yours"
    simulated = view._simulated_bands(units)
    assert simulated is not None and simulated["paths"] > 0
    assert simulated["p5"][-1] <= simulated["p50"][-1] <= simulated["p95"][-1]
    assert view._simulated_bands(units * 2) is None
    view.bands_of.value = "optimal"
    assert view._simulated_bands(units) is None


def test_changes_and_cover_hold_and_each_limit_shows_its_cost(hilo_result):
    """At most 2 changes of bet and a x2 cover hold for the ramp shown; the costs line
    names each limit with the win rate it costs."""
    view = BettingView()
    view.show(hilo_result)
    view.max_changes.value = 2
    view.cover.value = 2.0
    sizes = [u for _, u in view.out["optimal"]["ramp"]]
    assert len(sizes) - 1 <= 2 and all(b <= 2 * a for a, b in zip(sizes, sizes[1:]))
    view.show_costs.value = True
    for words in ("at most 2 changes of bet", "cover: no bet above x2", "a spread of 1-12"):
        assert words in view.costs.value
    assert "/hour of win rate" in view.costs.value
