"""The widgets without a browser: set values, click buttons, read what they show."""

from __future__ import annotations

import datetime
import json
import time
from pathlib import Path

import pytest
from jobs_helpers import blackjack_config, held_after, toy_config

from jost_engine import registry
from jost_engine.analysis import estimates
from jost_engine.analysis import format as fmt
from jost_engine.config import FREE_BET_RULES, SPANISH_RULES, VARIANT_RULES
from jost_engine.jobs import CANCELLED, COMPLETE
from jost_engine.profiles import ProfileStore
from jost_widgets import ConfigBuilder, JobHistory, RawJsonRunner, ResultView, Workbench
from jost_widgets.controls import DEFAULT_TRIP_HOURS, game_of, game_rules

pytest_plugins = ["jobs_fixtures"]


def wait_for(predicate, timeout: float = 60.0):
    """Poll until ``predicate()`` is true."""
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_builder_follows_profiles_and_controls(workspace):
    builder = ConfigBuilder(ProfileStore(workspace))
    assert builder.error is None and "valid" in builder.message.value
    builder.rules_profile.value = "single-deck-6to5"
    assert builder.decks.value == 1 and builder.payout.value == 1.2
    builder.decks.value = 2
    builder.soft17.value = "H17"
    builder.surrender.value = "late"
    builder.penetration.value = 0.6
    builder.rounds.value = "20_000"
    builder.seed.value = "9"
    shown = json.loads(builder.json.value)
    assert shown == builder.hydrated
    rules = shown["rules"]
    assert (rules["decks"], rules["dealer_hits_soft_17"], rules["surrender"],
            rules["penetration"]) == (2, True, "late", 0.6)
    assert shown["run"]["rounds"] == 20_000 and shown["run"]["seed"] == 9


def test_builder_shows_field_errors_and_saves(workspace):
    builder = ConfigBuilder(ProfileStore(workspace))
    builder.strategy_profile.value = "hi-lo-i18"
    assert builder.count.value == "hi-lo"
    builder.ramp.value = "[[-99, 1], [2, 4]]"
    assert builder.hydrated["betting"]["ramp"] == [[-99.0, 1.0], [2.0, 4.0]]
    builder.count.value = "(none)"
    assert builder.error.startswith("strategy.count")
    assert "strategy.count" in builder.message.value and builder.submit_button.disabled
    builder.count.value = "hi-lo"
    builder.ramp.value = "[[3, 1], [2, 2]]"
    assert "betting.ramp" in builder.error
    builder.ramp.value = "[[-99, 1]]"
    builder.profile_name.value = "my-game"
    builder.save_button.click()
    saved = ProfileStore(workspace).piece("configs", "my-game")
    assert saved == builder.hydrated
    builder.profile_name.value = "strip-basic"  # a shipped default: refused, shown
    builder.save_button.click()
    assert "shipped default" in builder.message.value


def test_raw_json_messages(workspace):
    raw = RawJsonRunner()
    raw.text.value = "{not json"
    raw.validate_button.click()
    assert "JSON:" in raw.message.value and "line 1" in raw.message.value
    raw.text.value = json.dumps({"rules": {"decks": 0, "surrender": "sometimes"},
                                 "run": {"rounds": 10}})
    raw.validate_button.click()
    assert "rules.decks" in raw.message.value and "rules.surrender" in raw.message.value
    assert raw.message.value.count("<li>") >= 2
    raw.upload.value = ({"name": "c.json", "type": "application/json", "size": 10,
                         "last_modified": datetime.datetime(2026, 1, 1),
                         "content": memoryview(json.dumps(blackjack_config(20_000, 5_000))
                                               .encode())},)
    assert "valid" in raw.message.value and '"decks": 6' in raw.text.value
    assert raw.submit_button.disabled  # no manager


def test_submit_history_and_result(manager):
    seen = []
    builder = ConfigBuilder(manager=manager, on_submit=seen.append)
    builder.rounds.value = "20000"
    builder.submit_button.click()
    builder.submit_thread.join(60)
    raw = RawJsonRunner(manager, on_submit=seen.append)
    raw.text.value = json.dumps(blackjack_config(20_000, 5_000))
    raw.submit_button.click()
    raw.submit_thread.join(60)
    assert [j.id for j in seen] == [builder.job.id, raw.job.id]
    shown = []
    history = JobHistory(manager, on_show=shown.append, interval_s=0.05)
    history.start()
    for job in seen:
        job.wait(60)
    wait_for(lambda: history._thread is None)
    assert list(history.rows) == [raw.job.id, builder.job.id]
    row = history.rows[raw.job.id]
    assert COMPLETE in row.cells["state"].value and row.bar.value == 1.0
    assert "±" in row.cells["advantage"].value and row.cells["rounds"].value == "20,000 / 20,000"
    assert row.buttons["cancel"].disabled and not row.buttons["show"].disabled
    row.buttons["show"].click()
    result = shown[0].result()
    assert shown[0].id == raw.job.id and result.summary["rounds"] == 20_000
    view = ResultView()
    view.show_job(shown[0])
    assert "advantage" in view.summary.value
    drawn = {name for name, image in view.charts.items() if bytes(image.value)}
    assert drawn == {"outcomes", "convergence", "risk_of_ruin"}  # no count: no EV-by-TC
    assert all(bytes(view.charts[name].value).startswith(b"\x89PNG") for name in drawn)
    assert view.charts["trips"].layout.display == "none"
    history.rows[builder.job.id].buttons["delete"].click()
    assert list(history.rows) == [raw.job.id]
    assert list(manager.jobs().index) == [raw.job.id]


def test_cancel_and_resume_buttons(manager):
    job = manager.submit(toy_config(30, sleep_s=0.2))
    history = JobHistory(manager, interval_s=0.05)
    row = history.rows[job.id]
    assert not row.buttons["cancel"].disabled
    row.buttons["cancel"].click()
    assert job.status == CANCELLED and CANCELLED in row.cells["state"].value
    assert not row.buttons["resume"].disabled
    row.buttons["resume"].click()
    assert job.wait(60) == COMPLETE
    wait_for(lambda: history._thread is None)
    assert COMPLETE in row.cells["state"].value and row.bar.value == 1.0
    history.stop()


def test_workbench_tabs_and_dashboard(manager):
    bench = Workbench(manager, interval_s=0.05)
    try:
        assert bench.tabs.titles == ("Build", "Raw JSON", "Jobs", "Result", "Betting", "Compare",
                                     "Study")
        bench.builder.rounds.value = "20k"
        bench.builder.submit_button.click()
        bench.builder.submit_thread.join(60)
        assert bench.tabs.selected_index == 2
        assert "http" in bench.dashboard.value
        assert bench.builder.job.wait(60) == COMPLETE
        wait_for(lambda: COMPLETE in bench.history.rows[bench.builder.job.id]
                 .cells["state"].value)
        bench.history.rows[bench.builder.job.id].buttons["show"].click()
        assert bench.tabs.selected_index == 3 and bench.result.result is not None
    finally:
        bench.close()


def test_builder_game_count_and_run_controls(workspace):
    builder = ConfigBuilder(ProfileStore(workspace))
    builder.strategy_profile.value = "hi-lo-i18"
    assert builder.deviations.value == "illustrious18" and not builder.deviations.disabled
    builder.double.value = "9-11"
    builder.hole_card.value = "enhc"
    builder.players.value = 3
    builder.surrender.value = "late"
    builder.deviations.value = "illustrious18+fab4"
    builder.wong_in.value = "1"
    builder.wong_out.value = "-1"
    builder.bankroll.value = "400"
    assert builder.error is None, builder.error
    config = builder.hydrated
    assert (config["rules"]["double"], config["rules"]["hole_card"]) == ("9-11", "enhc")
    assert config["table"]["players"] == 3
    assert config["strategy"]["deviations"] == "illustrious18+fab4"
    betting = config["betting"]
    assert (betting["wong_in"], betting["wong_out"], betting["bankroll_units"]) == (1, -1, 400)
    builder.wong_in.value = "soon"
    assert builder.error.startswith("betting.wong_in") and "soon" in builder.message.value
    builder.wong_in.value = "-2"  # at or below wong_out: the engine's message
    assert "wong_out" in builder.error and builder.submit_button.disabled
    builder.wong_in.value = ""
    builder.deviations.value = "none"
    assert builder.hydrated["strategy"]["deviations"] in (None, "none")
    assert builder.hydrated["betting"]["wong_in"] is None
    builder.strategy_profile.value = "basic"  # no count: index plays refused by name
    builder.deviations.value = "illustrious18"
    assert builder.error.startswith("strategy")


def test_history_filters_by_state_project_and_tag(manager):
    builder = ConfigBuilder(manager=manager)
    builder.rounds.value = "10_000"
    builder.project.value = "strip"
    builder.tags.value = "s17, baseline"
    first = builder.submit()
    builder.project.value = "downtown"
    builder.tags.value = "h17"
    second = builder.submit()
    assert manager.job(first.id).info["meta"] == {"project": "strip",
                                                  "tags": ["s17", "baseline"]}
    for job in (first, second):
        assert job.wait(60) == COMPLETE
    history = JobHistory(manager)
    assert set(history.rows) == {first.id, second.id}
    assert history.project_filter.options == ("downtown", "strip")
    assert history.tag_filter.options == ("baseline", "h17", "s17")
    assert "strip · s17, baseline" in history.rows[first.id].cells["label"].value
    history.project_filter.value = "strip"
    assert list(history.rows) == [first.id]
    history.project_filter.value = ""
    history.tag_filter.value = "h17"
    assert list(history.rows) == [second.id]
    history.tag_filter.value = ""
    history.state_filter.value = CANCELLED
    assert list(history.rows) == []
    history.state_filter.value = COMPLETE
    assert set(history.rows) == {first.id, second.id}


def test_result_view_follows_a_job_and_draws_trips(manager, workspace):
    """The view of a running job reads each chunk once, as it arrives, and redraws; the job
    cancelled, it shows a PARTIAL, CANCELLED result. The job is held after 4 of its 10
    chunks (jost_engine/jobs/hold.py), so it is running at the cancel at any speed."""
    config = blackjack_config(2_000_000, 200_000)
    with held_after(workspace, 4):
        job = manager.submit(config)
        view = ResultView()
        view.watch(manager, job.id)
        for chunks in (2, 4):  # chunks are read once each, as they arrive
            wait_for(lambda chunks=chunks: job.progress.chunks_done >= chunks)
            assert view.update() is True
            saved = manager.ledger.partials(job.id, arrival=True)
            assert len(view._arrived) >= chunks
            assert [t.to_dict() for t in view._arrived] == saved[:len(view._arrived)]
            assert bytes(view.charts["convergence"].value).startswith(b"\x89PNG")
        later = manager.ledger.partials(job.id, arrival=True, skip=3)
        assert len(saved) == 4 and later == saved[3:]
        manager.cancel(job.id)
    assert view.update() is False and view.watched is None
    assert "PARTIAL" in view.title.value and "CANCELLED after" in view.title.value
    assert "RUNNING" not in view.title.value
    assert bytes(view.charts["convergence"].value).startswith(b"\x89PNG")
    assert view.charts["ev_by_true_count"].layout.display == "none"

    config = {**blackjack_config(60_000, 20_000), "betting": {"bankroll_units": 20,
                                                              "trip_hours": 2}}
    config["strategy"]["count"] = {"system": "hi-lo"}
    job = manager.submit(config)
    view.watch(manager, job.id)
    assert job.wait(60) == COMPLETE
    assert view.update() is False and view.result is not None
    assert view.result.summary["trips"] > 0
    assert all(bytes(image.value).startswith(b"\x89PNG") for image in view.charts.values())
    assert "per 2-hour trip, simulated" in view.summary.value and "at ± 1 SE" in view.summary.value
    assert "risk of ruin, lifetime, bankroll 20 units" in view.summary.value
    assert view.summary.value.count("± is one standard error") == 1


def test_trips_table_counts_every_trip():
    from jost_engine import run_simulation_from_config
    from jost_engine.analysis import tables

    config = {**blackjack_config(40_000, 40_000), "betting": {"bankroll_units": 10}}
    summary = run_simulation_from_config(config).summary
    table = tables.trips(summary)
    assert list(table["outcome"]) == ["ruined", "reached goal", "survived", "open at end"]
    assert table["trips"].sum() == summary["trips"] > 0
    assert abs(table["fraction"].sum() - 1.0) < 1e-12
    assert table["trips"].iloc[0] == summary["trips_ruined"]
    assert tables.trips({"rounds": 5}).empty


# -- #13 workbench defects: the builder ---------------------------------------------------


def test_profile_pick_sets_only_its_section_and_keeps_edits(workspace):
    """#13 item 1: a strategy or ramp pick leaves edited rules and bets alone; a rules pick
    over edited rules names the edited fields and asks (Replace / Keep my edits)."""
    builder = ConfigBuilder(ProfileStore(workspace))
    builder.rules_profile.value = "vegas-strip-6d-s17"
    builder.decks.value = 2
    builder.surrender.value = "late"
    builder.bankroll.value = "1000"
    builder.strategy_profile.value = "hi-lo"
    assert (builder.decks.value, builder.surrender.value, builder.bankroll.value) == (
        2, "late", "1000")
    builder.penetration.value = 0.83
    builder.betting_profile.value = "spread-1-12"  # a ramp: rules untouched
    assert (builder.decks.value, builder.penetration.value) == (2, 0.83)
    assert builder.hydrated["rules"]["decks"] == 2 and builder.error is None

    builder.rules_profile.value = "vegas-strip-8d-h17"  # would overwrite edits: asks
    assert builder.confirm.layout.display != "none"
    assert "decks" in builder.confirm_text.value and "penetration" in builder.confirm_text.value
    assert builder.decks.value == 2 and builder.submit_button.disabled
    assert "valid" not in builder.message.value
    builder.keep_button.click()  # the profile's other fields, the user's edits
    assert builder.confirm.layout.display == "none"
    assert (builder.decks.value, builder.soft17.value, builder.penetration.value) == (
        2, "H17", 0.83)
    builder.rules_profile.value = "vegas-strip-6d-s17"
    builder.replace_button.click()
    assert (builder.decks.value, builder.surrender.value, builder.penetration.value) == (
        6, "none", 0.75)
    builder.rules_profile.value = "single-deck-6to5"  # nothing edited now: no question
    assert builder.confirm.layout.display == "none" and builder.decks.value == 1


def test_numbers_accept_common_spellings_else_name_the_field(workspace):
    """#13 item 4: 15e6, 15_000_000, 15,000,000 and 15M are fifteen million rounds;
    "15x" or 1.5 rounds are an error naming run.rounds, never a wrong number."""
    builder = ConfigBuilder(ProfileStore(workspace))
    for text in ("15e6", "15_000_000", "15,000,000", "15M", "15m", "15000k"):
        builder.rounds.value = text
        assert builder.error is None and builder.hydrated["run"]["rounds"] == 15_000_000, text
    for text in ("15x", "1.5", "e6", "15MM"):
        builder.rounds.value = text
        assert builder.error.startswith("run.rounds: must be a whole number"), text
        assert "15e6" in builder.message.value and builder.hydrated is None
    builder.rounds.value = "1M"
    builder.bankroll.value = "10k"
    builder.seed.value = "2_000"
    assert builder.hydrated["betting"]["bankroll_units"] == 10_000
    assert builder.hydrated["run"]["seed"] == 2_000


def test_default_label_names_count_index_set_and_spread(workspace):
    """#13 item 3: a blank label says what the job plays, so basic strategy and a Hi-Lo
    1-12 ramp on the same game get different labels."""
    builder = ConfigBuilder(ProfileStore(workspace))
    assert builder.hydrated["label"] == "6D S17 DAS 3:2 75% pen, basic strategy, flat"
    builder.strategy_profile.value = "hi-lo-i18-fab4"
    builder.betting_profile.value = "spread-1-12"
    assert builder.hydrated["label"] == "6D S17 DAS 3:2 75% pen, Hi-Lo I18+Fab4 1-12"
    assert "valid: 6D S17 DAS 3:2 75% pen, Hi-Lo I18+Fab4 1-12" in builder.message.value
    builder.wong_in.value = "1"
    assert builder.hydrated["label"].endswith("Hi-Lo I18+Fab4 1-12 wong in +1")
    builder.label.value = "my game"
    assert builder.hydrated["label"] == "my game"


def test_configs_picker_loads_shipped_and_saved_configs(workspace):
    """#13 item 2: the configs picker loads a shipped config (strip-hilo-1-12) into every
    control, and a config saved from the builder loads back to the same config."""
    store = ProfileStore(workspace)
    builder = ConfigBuilder(store)
    assert "strip-hilo-1-12" in [v for _, v in builder.config_profile.options]
    builder.config_profile.value = "strip-hilo-1-12"
    expected = registry.validate("strip-hilo-1-12")
    expected["betting"]["trip_hours"] = DEFAULT_TRIP_HOURS  # the builder's trip length
    assert builder.error is None and builder.hydrated == expected
    assert (builder.rules_profile.value, builder.strategy_profile.value,
            builder.betting_profile.value) == ("vegas-strip-6d-s17", "hi-lo-i18-fab4",
                                               "spread-1-12")
    assert builder.rounds.value == "20_000_000"

    builder.decks.value = 4
    builder.rounds.value = "2M"
    builder.label.value = ""
    builder.profile_name.value = "my-four-deck"
    assert builder.save() is not None
    saved = builder.hydrated
    assert builder.config_profile.value == "my-four-deck"
    builder.config_profile.value = "strip-basic"
    assert "decks" in builder.confirm_text.value  # the four decks were an edit
    builder.replace_button.click()
    assert builder.hydrated["label"] == "Vegas Strip 6D S17, basic strategy, flat bet"
    builder.config_profile.value = "my-four-deck"
    assert builder.hydrated == saved and builder.label.value == ""
    assert ConfigBuilder(store).config_profile.options[-1] == ("my-four-deck (user)",
                                                                "my-four-deck")


def test_ko_running_counts_index_plays_penetration_and_ramp_spellings(workspace):
    """#13 item 11: KO ramps and wonging are labelled running counts; each pair of index
    sets is offered once; the penetration slider spans the config's 25-95 %; a ramp typed
    as steps is read and a bare spread such as 1-12 says what is expected."""
    builder = ConfigBuilder(ProfileStore(workspace))
    assert "true count" in builder.ramp.description
    builder.strategy_profile.value = "ko"
    builder.betting_profile.value = "ko-spread-1-8-6d"
    assert "running count" in builder.ramp.description
    assert "running count" in builder.wong_in.description
    assert "running count" in builder.wong_out.description
    joins = [sorted(o.split("+")) for o in builder.deviations.options]
    assert len(joins) == len({tuple(j) for j in joins})
    builder.strategy_profile.value = "hi-lo-i18-fab4"
    assert builder.deviations.value == "illustrious18+fab4"
    assert len(builder.deviations.options) == len(joins)
    assert (builder.penetration.min, builder.penetration.max) == (0.25, 0.95)
    for text in ("-99:1, 2:2, 3:4, 4:8, 5:12", "-99:1 2:2 3:4 4:8 5:12",
                 "[[-99, 1], [2, 2], [3, 4], [4, 8], [5, 12]]"):
        builder.ramp.value = text
        assert builder.error is None, text
        assert builder.hydrated["betting"]["ramp"][-1] == [5.0, 12.0]
    builder.ramp.value = "1-12"
    assert builder.error.startswith("betting.ramp: '1-12' is a spread, not a ramp")
    assert "-99:1, 2:4" in builder.message.value and "JSON" not in builder.error.split(":")[1]


# -- #13 workbench defects: jobs and results ------------------------------------------------


def test_cancelled_job_shows_its_partial_result_marked_partial(manager, workspace):
    """#13 item 5: "show" is enabled on a CANCELLED job with finished chunks; the Result
    holds the finished rounds, says PARTIAL and CANCELLED, and never "RUNNING".

    The job is cancelled with chunks 0-2 saved and the rest not started (held, at any
    machine speed: jost_engine/jobs/hold.py)."""
    with held_after(workspace, 3):
        job = manager.submit(blackjack_config(400_000, 20_000))
        wait_for(lambda: job.progress.chunks_done >= 3)
        manager.cancel(job.id)
        assert manager._drivers[job.id].done.wait(60), "the held chunks saw the cancel"
    shown = []
    history = JobHistory(manager, on_show=shown.append)
    row = history.rows[job.id]
    assert CANCELLED in row.cells["state"].value and not row.buttons["show"].disabled
    row.buttons["show"].click()
    view = ResultView()
    view.show_job(shown[0])
    info = job.info
    assert view.result.summary["rounds"] == info["rounds_done"] == 60_000
    assert info["rounds_total"] == 400_000
    assert "PARTIAL" in view.title.value and "CANCELLED after" in view.title.value
    assert "60,000 of 400,000 rounds" in view.title.value
    advantage = fmt.estimate(estimates.figures(view.result.summary)["advantage"])
    assert f"advantage {advantage} (± is one standard error)" in view.title.value
    assert " ± " in advantage
    assert "RUNNING" not in view.title.value
    assert bytes(view.charts["outcomes"].value).startswith(b"\x89PNG")


def test_first_submit_says_cluster_starts_and_ignores_a_second_click(cluster, workspace):
    """#13 item 6: before the cluster is connected, Submit shows "starting the cluster...",
    is disabled until the job is recorded, and a second click meanwhile submits nothing."""
    from jost_engine.jobs import JobManager

    with JobManager(scheduler=cluster.scheduler.address,
                    ledger=workspace / "jobs.sqlite") as jobs:
        builder = ConfigBuilder(manager=jobs)
        builder.rounds.value = "10k"
        seen = []
        builder.message.observe(lambda change: seen.append(
            (change["new"], builder.submit_button.disabled)), names="value")
        builder.submit_button.click()
        builder.submit_button.click()  # while the first is connecting
        builder.submit_thread.join(60)
        assert any("starting the cluster" in text and disabled for text, disabled in seen)
        assert len(jobs.jobs()) == 1 and builder.job is not None
        assert not builder.submit_button.disabled and "submitted job" in builder.message.value
        assert builder.job.wait(60) == COMPLETE


def test_simulated_risk_of_ruin_shows_its_interval_and_trips_are_set_in_build(workspace):
    """#13 item 12: Build sets the trip length (25 hours by default) and the number of trips
    (the rounds follow); the default gives hundreds of trips, and the summary shows the
    simulated risk of ruin per trip, named with its trip length and bankroll, with its range
    at ± 1 SE."""
    from jost_engine import run_simulation_from_config, statistics
    from jost_widgets.result_view import summary_table

    builder = ConfigBuilder(ProfileStore(workspace))
    builder.bankroll.value = "100"
    assert builder.trip_hours.value == str(DEFAULT_TRIP_HOURS) == "25"
    assert builder.trips.value == "400"  # 1,000,000 rounds / (25 hours x 100 rounds/hour)
    builder.trips.value = "1000"
    assert builder.rounds.value == "2_500_000"
    builder.trip_hours.value = "10"
    assert builder.trips.value == "2_500"
    assert builder.hydrated["betting"]["trip_hours"] == 10
    builder.trip_hours.value = "25"
    builder.rounds.value = "1M"
    summary = run_simulation_from_config(builder.hydrated).summary
    assert summary["trips"] >= 400
    assert summary["ror_simulated_high"] - summary["ror_simulated_low"] < 0.1
    table = summary_table({"rounds": 10_000, "trips": 5, "trips_ruined": 2,
                           "trip_hours_mean": 12.5},
                          {"betting": {"bankroll_units": 100, "unit": 10, "trip_hours": 25}})
    values = dict(zip(table["figure"], table["value"]))
    name = "risk of ruin per 25-hour trip, simulated (5 trips), bankroll 100 units ($1,000)"
    low, high = statistics.wilson_interval(2, 5, z=1.0)  # its range: Wilson at ± 1 SE
    assert values[name] == f"40 % (from {100 * low:.0f} % to {100 * high:.0f} % at ± 1 SE)"
    assert values["bankroll trips simulated"] == "5 (mean length 12.5 hours)"


def test_jobs_tab_sees_jobs_from_elsewhere_and_reads_an_idle_ledger_only_on_change(
        manager, cluster, workspace):
    """#13 item 10: while the Jobs tab is open the table shows a job submitted by another
    process's manager (as the CLI does) without Refresh, and an idle ledger is not read
    again until it changes."""
    from jost_engine.jobs import JobManager

    bench = Workbench(manager, interval_s=0.05)
    try:
        bench.tabs.selected_index = 2  # Jobs
        reads = []
        rows = manager.ledger.rows
        manager.ledger.rows = lambda: reads.append(1) or rows()
        time.sleep(0.5)
        assert bench.history._thread is not None and len(reads) <= 1  # idle: stat only
        with JobManager(client=cluster, ledger=workspace / "jobs.sqlite") as other:
            job = other.submit(blackjack_config(20_000, 10_000))
            wait_for(lambda: job.id in bench.history.rows)
            assert job.wait(60) == COMPLETE
        wait_for(lambda: COMPLETE in bench.history.rows[job.id].cells["state"].value)
        bench.tabs.selected_index = 0  # Build: polling ends once nothing is active
        wait_for(lambda: bench.history._thread is None)
    finally:
        bench.close()


def test_profile_texts_cite_no_missing_file_and_agree_with_configs_and_engine():
    """#13 item 13: profiles/README.md and the profile notes cite no design.md (not in the
    repository); the README's configs table names the pieces each config file uses; the
    Hi-Lo index-play notes say, as the README and the engine do, that a named set leaves
    out the plays a game does not offer instead of being refused."""
    folder = Path(__file__).resolve().parents[1] / "profiles"
    readme = (folder / "README.md").read_text()
    notes = {path: json.loads(path.read_text())["notes"] for path in folder.glob("*/*.json")}
    assert "design.md" not in readme
    assert [p.name for p, text in notes.items() if "design.md" in text] == []
    for path in (folder / "configs").glob("*.json"):
        config = json.loads(path.read_text())["config"]
        row = next(line for line in readme.splitlines() if line.startswith(f"| `{path.stem}`"))
        named = [f"`{config[key]}`" for key in ("rules", "strategy", "betting")]
        assert " + ".join(named) in row, (path.stem, row)
    assert "leaves out the plays a game does not offer" in " ".join(readme.split())
    for game, strategy in (("double-deck-d10", "hi-lo-i18"),
                           ("double-deck-d10", "hi-lo-i18-fab4"),
                           ("vegas-strip-6d-s17", "hi-lo-i18-fab4")):
        registry.validate({"rules": game, "strategy": strategy, "run": {"rounds": 1000}})
        text = notes[folder / "strategies" / f"{strategy}.json"]
        assert "refuse" not in text and "leaves out" in text, strategy


def test_result_view_shows_the_trimmed_true_count_table_and_csv_downloads():
    """A Hi-Lo result shows its EV-by-true-count table trimmed to counts in at least 0.1 %
    of rounds with pooled tails, and CSV links: the summary (every number, readable names)
    and the full true-count table (every count dealt, the rounds adding up)."""
    import base64
    import io
    import re

    import pandas as pd

    from jost_engine import run_simulation_from_config
    from jost_engine.analysis import tables
    from jost_engine.profiles import hydrate

    config = hydrate("strip-hilo-1-12")
    config["run"] = {**config["run"], "rounds": 200_000, "chunk_rounds": 100_000}
    result = run_simulation_from_config(config)
    view = ResultView()
    view.show(result)
    shown = view.true_counts.value
    assert "jost-true-counts" in shown and "&lt;= " in shown and "&gt;= " in shown
    full = tables.by_true_count(result)
    assert shown.count("<tr>") - 1 < len(full)  # trimmed: fewer rows than counts dealt
    csvs = {name: pd.read_csv(io.BytesIO(base64.b64decode(data))) for name, data in
            re.findall(r'download="[^"]*?-(summary|true-counts|outcomes)\.csv" '
                       r'href="data:text/csv;base64,([^"]+)"', view.downloads.value)}
    assert set(csvs) == {"summary", "true-counts", "outcomes"}
    assert len(csvs["true-counts"]) == len(full)
    assert csvs["true-counts"]["rounds"].sum() == 200_000
    summary = csvs["summary"].set_index("key")
    assert summary.loc["advantage", "value"] == pytest.approx(result.summary["advantage"])
    assert "win_rate_per_hour" not in set(summary["figure"])


def test_builder_errors_box_reads_kind_rate_pairs_and_names_the_field(workspace):
    """The Build tab's errors box: 'slip=0.01, bet=0.1' (or JSON) becomes strategy.errors,
    blank leaves the field out, a bad pair or rate is one message naming strategy.errors."""
    builder = ConfigBuilder(ProfileStore(workspace))
    builder.strategy_profile.value = "hi-lo-i18"
    builder.betting_profile.value = "spread-1-12"
    assert "errors" not in builder.config()["strategy"]
    for text in ("slip=0.01, bet=0.1", '{"slip": 0.01, "bet": 0.1}'):
        builder.errors.value = text
        assert builder.error is None, text
        assert builder.hydrated["strategy"]["errors"]["slip"] == 0.01
        assert builder.hydrated["strategy"]["errors"]["bet"] == 0.1
    builder.errors.value = "slip=lots"
    assert builder.error.startswith("strategy.errors: cannot read 'slip=lots'")
    builder.errors.value = "slip=2"
    assert builder.error.startswith("strategy.errors.slip: ")
    builder.errors.value = ""
    assert builder.error is None and "errors" not in builder.config()["strategy"]


def test_builder_players_slider_follows_the_other_players_and_is_greyed(workspace):
    """Other players typed ('right basic; left counter') set the table's players (3) and
    our seat (2): the players slider is disabled and shows 3, as the hydrated JSON does;
    with two spots from +3 it shows 4; cleared (one spot again), the slider is enabled at
    the 1 player it held and the config has 1 player and no others."""
    builder = ConfigBuilder(ProfileStore(workspace))
    builder.config_profile.value = "strip-hilo-1-12"
    assert builder.players.value == 1 and not builder.players.disabled
    builder.others.value = "right basic; left counter"
    assert builder.error is None
    assert builder.hydrated["table"]["players"] == 3 and builder.hydrated["table"]["seat"] == 2
    assert builder.players.disabled and builder.players.value == 3
    builder.spots.value = "-99:1, 3:2"
    assert builder.error is None and builder.players.value == 4
    builder.spots.value = ""
    builder.others.value = ""
    assert builder.error is None and not builder.players.disabled
    assert builder.players.value == 1
    assert builder.hydrated["table"]["players"] == 1
    assert not builder.hydrated["table"].get("others")


def test_builder_side_bets_box_reads_names_tables_and_bets_and_names_the_field(workspace):
    """The Build tab's side-bets box: '21+3 5-tier; buster bet=5 entry=6' (or the same JSON)
    becomes side_bets (pay table, bet, entry as typed; the rest the config's defaults); its
    tooltip lists every shipped bet with its pay tables; blank leaves side_bets out; a bad
    word, an unknown bet or pay table is one message naming side_bets; a saved config with
    side bets loads back into the box and to the same config."""
    store = ProfileStore(workspace)
    builder = ConfigBuilder(store)
    assert "side_bets" not in builder.config()
    for name in ("21+3", "perfect-pairs", "lucky-ladies", "buster", "5-tier", "30-10-5"):
        assert name in builder.side_bets.tooltip, name
    typed = ('[{"name": "21+3", "paytable": "5-tier"}, '
             '{"name": "buster", "bet": 5, "entry": 6}]')
    for text in ("21+3 5-tier; buster bet=5 entry=6", typed):
        builder.side_bets.value = text
        assert builder.error is None, text
        assert builder.hydrated["side_bets"] == [
            {"name": "21+3", "paytable": "5-tier", "bet": 1.0, "entry": None},
            {"name": "buster", "paytable": None, "bet": 5.0, "entry": 6.0}]
    builder.profile_name.value = "with-side-bets"
    assert builder.save() is not None
    saved = builder.hydrated
    builder.side_bets.value = "buster bet=lots"
    assert builder.error.startswith("side_bets: cannot read 'bet=lots' in 'buster bet=lots'")
    builder.side_bets.value = "keno"
    assert builder.error.startswith("side_bets.0.name: must be one of 21+3, perfect-pairs")
    builder.side_bets.value = "21+3 classic; perfect-pairs 9-9-9"
    assert builder.error.startswith("side_bets.1.paytable: ")
    builder.side_bets.value = ""
    assert builder.error is None and "side_bets" not in builder.hydrated
    fresh = ConfigBuilder(store)
    fresh.config_profile.value = "with-side-bets"
    assert fresh.side_bets.value == "21+3 5-tier; buster bet=5 entry=6"
    assert fresh.hydrated == saved


def test_builder_game_dropdown_sets_the_variant_rules_and_follows_the_rules_profile(workspace):
    """The Build tab's game: picking the free-bet-6d-h17 rules profile shows 'free-bet' and
    the config holds all three Free Bet rules; 'classic' turns them off (left out of the
    hydrated config); 'free-bet' on the classic profile turns them on; the spanish21-6d-h17
    profile shows 'spanish-21' with the Spanish rules on and Free Bet's off; switch-6d-h17
    shows 'switch' (switch and the 22 rule on, no Free Bet chips), and 'classic' turns both
    off; a profile with only some of them shows 'custom' and keeps its mix."""
    store = ProfileStore(workspace)
    builder = ConfigBuilder(store)
    assert builder.game.value == "classic"
    assert not any(builder.hydrated["rules"].get(n) for n in VARIANT_RULES)
    builder.rules_profile.value = "free-bet-6d-h17"
    assert builder.game.value == "free-bet"
    assert builder.error is None
    assert all(builder.hydrated["rules"][n] for n in FREE_BET_RULES)
    assert not any(builder.hydrated["rules"].get(n) for n in SPANISH_RULES)
    builder.game.value = "classic"
    assert builder.error is None
    assert not any(builder.hydrated["rules"].get(n) for n in VARIANT_RULES)
    builder.rules_profile.value = "vegas-strip-6d-s17"
    builder.game.value = "free-bet"
    assert all(builder.hydrated["rules"][n] for n in FREE_BET_RULES)
    assert builder.hydrated["rules"]["decks"] == builder.decks.value
    fresh = ConfigBuilder(store)
    fresh.rules_profile.value = "spanish21-6d-h17"
    assert fresh.game.value == "spanish-21" and fresh.error is None
    assert all(fresh.hydrated["rules"][n] for n in SPANISH_RULES)
    assert not any(fresh.hydrated["rules"].get(n) for n in FREE_BET_RULES)
    switch = ConfigBuilder(store)
    switch.rules_profile.value = "switch-6d-h17"
    assert switch.game.value == "switch" and switch.error is None
    on = {n for n in VARIANT_RULES if switch.hydrated["rules"].get(n)}
    assert on == {"switch", "dealer_22_pushes"}
    switch.game.value = "classic"
    assert not any(switch.hydrated["rules"].get(n) for n in VARIANT_RULES)
    assert game_of({"dealer_22_pushes": True}) == "custom"
    assert game_rules("custom", {"dealer_22_pushes": True}) == {
        n: n == "dealer_22_pushes" for n in VARIANT_RULES}
