"""Jobs compared side by side: config differences in the Build tab's words, differences
from a reference with paired or unpaired SEs and verdicts, the Jobs tab's selection and the
Compare tab."""

from __future__ import annotations

import math

from jobs_helpers import blackjack_config, toy_config

from jost_engine.analysis import compare, present
from jost_engine.analysis.config_labels import config_label
from jost_engine.analysis.estimates import Estimate
from jost_engine.jobs import COMPLETE
from jost_engine.profiles import ProfileStore
from jost_widgets import ConfigBuilder, JobHistory, Workbench
from jost_widgets.compare_view import CompareView

pytest_plugins = ["jobs_fixtures"]


def test_config_differences_are_named_as_the_build_tab_names_its_controls(workspace):
    """Every setting that differs is named by the label of the Build tab's control for it
    (one table, analysis.config_labels), never by its dotted path; the label is left out."""
    a = {"label": "A", "rules": {"decks": 6, "dealer_hits_soft_17": False},
         "betting": {"bankroll_units": 400}, "run": {"rounds": 10_000_000, "seed": 1,
                                                     "chunk_rounds": 250_000}}
    b = {"label": "B", "rules": {"decks": 2, "dealer_hits_soft_17": True},
         "betting": {"bankroll_units": 800}, "run": {"rounds": 10_000_000, "seed": 5,
                                                     "chunk_rounds": 500_000}}
    diff = present.config_diff({"A": a, "B": b})
    builder = ConfigBuilder(ProfileStore(workspace))
    shown = {builder.decks, builder.soft17, builder.bankroll, builder.seed,
             builder.chunk_rounds}
    assert set(diff.index) == {w.description for w in shown}
    assert not any("." in name or "_" in name for name in diff.index)
    assert diff.loc[config_label("run.chunk_rounds")].tolist() == ["250,000", "500,000"]
    assert diff.loc[config_label("rules.dealer_hits_soft_17")].tolist() == ["S17", "H17"]
    assert present.config_diff({"A": a, "A again": {**a, "label": "x"}}).empty


def test_a_verdict_names_a_difference_only_beyond_1_96_se():
    """|diff| > 1.96 SE: resolved at 95 %; below: not resolved at N rounds, with the rounds
    needed N (1.96 SE / |diff|)**2 (here 1e6 x 1.96**2 x 4 = 15.4 M, given as about 16 M)."""
    resolved = Estimate("advantage", 0.0040, 0.0020)
    assert compare.verdict(resolved, 1_000_000).startswith("resolved at 95 %")
    open_ = Estimate("advantage", 0.0010, 0.0020)
    assert compare.verdict(open_, 1_000_000) == (
        "not resolved at 1,000,000 rounds (need about 16,000,000)")
    assert not compare.verdict(Estimate("advantage", 0.0039, 0.0020), 10).startswith(
        "resolved")


def test_jobs_on_common_shoes_get_a_paired_se_and_others_an_unpaired_one(manager):
    """Late surrender against none on the same seed and chunks: the difference's SE is the
    paired one (from the chunks), much smaller than the two SEs in quadrature; a job on
    another seed gets exactly the unpaired SE; the method says which."""
    base = blackjack_config(48_000, 2_000)
    late = {**base, "rules": {**base["rules"], "surrender": "late"}}
    other = blackjack_config(48_000, 2_000, seed=99)
    jobs = [manager.submit({**c, "label": n}) for c, n in
            ((base, "none"), (late, "late"), (other, "seed 99"))]
    for job in jobs:
        assert job.wait(120) == COMPLETE
    view = CompareView()
    view.show(jobs)
    names = list(view.estimates)
    assert view.reference.value == names[0]
    late_diff, other_diff = (view.differences[n]["advantage"] for n in names[1:])
    assert late_diff.method.startswith("paired") and other_diff.method.startswith("unpaired")
    a, b = (view.estimates[n]["advantage"].se for n in (names[1], names[0]))
    assert late_diff.se < 0.5 * math.hypot(a, b)
    c = view.estimates[names[2]]["advantage"].se
    assert math.isclose(other_diff.se, math.hypot(c, b))
    assert "SE paired on common shoes: same seed 11 and chunk rounds 2,000" in (
        view.against.value)
    assert "SE unpaired (errors taken as independent): seeds differ: 99 and 11" in (
        view.against.value)
    view.reference.value = names[2]  # another reference: the differences follow it
    assert set(view.differences) == set(names[:2])


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
        for job in (six, two):  # the whole id, never cut
            assert f"(job {job.id})" in view.figures.value
        assert view.figures.value.count("±") >= 8 and "± is one standard error" in (
            view.figures.value)
        for label in ("advantage [% of the initial bet]", "win rate [units per hour]", "SCORE",
                      "DI", "N0 [rounds]", "risk of ruin, lifetime"):
            assert f"<td>{label}</td>" in view.figures.value
        assert list(view.config_differences.index) == ["decks", "seed"]
        assert "SE unpaired (errors taken as independent): seeds differ" in view.against.value
        assert "verdict (95 %)" in view.against.value
        assert ("resolved at 95 %" in view.against.value
                or "not resolved at 20,000 rounds (need about" in view.against.value)
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
