"""Jobs compared side by side: the config differences and figures with SEs (pure
functions), the Jobs tab's selection and the Compare tab."""

from __future__ import annotations

import math

from jobs_helpers import blackjack_config, toy_config

from jost_engine.analysis import compare, compare_figures
from jost_engine.jobs import COMPLETE
from jost_widgets import JobHistory, Workbench
from jost_widgets.compare_view import CompareView

pytest_plugins = ["jobs_fixtures"]


def test_config_diff_lists_only_the_differing_fields_by_dotted_path():
    """Fields equal in every config, and the label, are left out; a field one config lacks
    shows as absent; lists (a ramp) compare as one value."""
    a = {"label": "A", "rules": {"decks": 6, "surrender": "none"},
         "betting": {"ramp": [[-99, 1], [2, 4]], "unit": 25}, "run": {"rounds": 10_000_000}}
    b = {"label": "B", "rules": {"decks": 2, "surrender": "none"},
         "betting": {"ramp": [[-99, 1], [2, 8]], "unit": 25, "wong_out": -1},
         "run": {"rounds": 20_000_000}}
    diff = compare.config_diff({"A": a, "B": b})
    assert list(diff.index) == ["betting.ramp", "betting.wong_out", "rules.decks", "run.rounds"]
    assert list(diff.columns) == ["A", "B"]
    assert diff.loc["rules.decks"].tolist() == ["6", "2"]
    assert diff.loc["betting.wong_out"].tolist() == ["(absent)", "-1"]
    assert diff.loc["betting.ramp", "B"] == "[[-99, 1], [2, 8]]"
    assert diff.loc["run.rounds"].tolist() == ["10,000,000", "20,000,000"]
    assert compare.config_diff({"A": a, "A again": {**a, "label": "x"}}).empty


def test_figures_table_has_readable_labels_and_delta_method_standard_errors():
    """Advantage and its SE in %, the summary's own SE; SCORE's SE is 2 SCORE se_ev / ev;
    the win rate's is SD per hour over the square root of the hours dealt."""
    summary = {"advantage": 0.01, "se_advantage": 0.002, "ev_per_round": 0.02,
               "se_ev_per_round": 0.004, "sd_per_round": 2.0, "score": 100.0, "di": 10.0,
               "n0": 10_000.0, "rounds": 1_000_000, "rounds_dealt": 1_000_000,
               "rounds_per_hour": 100.0, "sd_per_hour": 20.0, "win_rate_per_hour": 2.0,
               "ror": None}
    table = compare.figures_table({"one": summary, "two": {**summary, "score": None}})
    assert all("_" not in label for label in table.index)
    assert math.isclose(table.at["advantage [% of initial bet]", ("one", "value")], 1.0)
    assert math.isclose(table.at["advantage [% of initial bet]", ("one", "SE")], 0.2)
    assert math.isclose(table.at["SCORE", ("one", "SE")], 2 * 100 * 0.004 / 0.02)
    assert math.isnan(table.at["SCORE", ("two", "value")])
    assert math.isclose(table.at["win rate [units/hour]", ("one", "SE")], 20.0 / 100.0)
    assert math.isclose(table.at["DI", ("one", "SE")], 1000 * 0.004 / 2.0)
    assert math.isnan(table.at["risk of ruin, lifetime [%]", ("one", "value")])  # no bankroll
    fig = compare_figures.advantage_and_score(table)
    left, right = fig.axes[:2]
    assert left.get_xlabel() == "advantage [% of initial bet]" and right.get_xlabel() == "SCORE"
    ticks = sorted(zip(left.get_yticks(), (t.get_text() for t in left.get_yticklabels())))
    assert [text for _, text in ticks] == ["two", "one"]  # the first result on top
    assert fig.get_suptitle()


def test_jobs_ticked_in_the_jobs_tab_are_compared_side_by_side(manager):
    """Two finished jobs ticked 'compare' go to the Compare tab: their figures with ±,
    only the fields that differ (rules.decks, run.seed), and the interval chart."""
    six = manager.submit({**blackjack_config(20_000, 10_000), "label": "six decks"})
    two = blackjack_config(20_000, 10_000, seed=5)
    two["rules"]["decks"] = 2
    two = manager.submit({**two, "label": "two decks"})
    for job in (six, two):
        assert job.wait(60) == COMPLETE
    bench = Workbench(manager, interval_s=0.05)
    try:
        history = bench.history
        history.refresh()
        assert history.compare() is None and "two or more" in history.message.value
        for job in (six, two):
            history.rows[job.id].pick.value = True
        history.compare_button.click()
        assert bench.tabs.selected_index == bench.tabs.titles.index("Compare")
        view = bench.compare
        assert "2 jobs side by side" in view.title.value
        assert "two decks" in view.figures.value and "six decks" in view.figures.value
        assert view.figures.value.count("±") >= 8
        for label in ("advantage [% of initial bet]", "win rate [units/hour]", "SCORE", "DI",
                      "N0 [rounds]", "risk of ruin, lifetime [%]"):
            assert f"<td>{label}</td>" in view.figures.value
        assert list(view.differences.index) == ["rules.decks", "run.seed"]
        assert bytes(view.chart.value).startswith(b"\x89PNG")
    finally:
        bench.close()


def test_a_running_job_cannot_be_ticked_and_is_left_out(manager):
    """A job still running has its 'compare' box disabled; given anyway, the view leaves
    it out, says so, and asks for two jobs with a result."""
    done = manager.submit(blackjack_config(20_000, 10_000))
    assert done.wait(60) == COMPLETE
    running = manager.submit(toy_config(40, sleep_s=0.5))
    try:
        history = JobHistory(manager)
        assert history.rows[running.id].pick.disabled
        assert not history.rows[done.id].pick.disabled
        view = CompareView()
        view.show([done, running])
        assert "has no result yet and is left out" in view.message.value
        assert "at least two jobs" in view.title.value
    finally:
        manager.cancel(running.id)
