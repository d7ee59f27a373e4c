"""The widgets without a browser: set values, click buttons, read what they show."""

from __future__ import annotations

import datetime
import json
import time

from jobs_helpers import blackjack_config, toy_config

from jost_engine.jobs import CANCELLED, COMPLETE
from jost_engine.profiles import ProfileStore
from jost_widgets import ConfigBuilder, JobHistory, RawJsonRunner, ResultView, Workbench

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
    builder.rounds.value = 20_000
    builder.seed.value = 9
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
    builder.rounds.value = 20_000
    builder.submit_button.click()
    raw = RawJsonRunner(manager, on_submit=seen.append)
    raw.text.value = json.dumps(blackjack_config(20_000, 5_000))
    raw.submit_button.click()
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
        assert bench.tabs.titles == ("Build", "Raw JSON", "Jobs", "Result")
        bench.builder.rounds.value = 20_000
        bench.builder.submit_button.click()
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
    builder.deviations.value = "fab4+illustrious18"
    builder.wong_in.value = "1"
    builder.wong_out.value = "-1"
    builder.bankroll.value = "400"
    assert builder.error is None, builder.error
    config = builder.hydrated
    assert (config["rules"]["double"], config["rules"]["hole_card"]) == ("9-11", "enhc")
    assert config["table"]["players"] == 3
    assert config["strategy"]["deviations"] == "fab4+illustrious18"
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
    builder.rounds.value = 10_000
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


def test_result_view_follows_a_job_and_draws_trips(manager):
    config = blackjack_config(40_000_000, 1_000_000)  # 40 chunks, a few seconds
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
    assert manager.ledger.partials(job.id, arrival=True, skip=3) == saved[3:]
    manager.cancel(job.id)
    assert view.update() is False and view.watched is None
    assert "CANCELLED" in view.title.value and "chunks" in view.title.value
    assert bytes(view.charts["convergence"].value).startswith(b"\x89PNG")
    assert view.charts["ev_by_true_count"].layout.display == "none"

    config = {**blackjack_config(60_000, 20_000), "betting": {"bankroll_units": 20}}
    config["strategy"]["count"] = {"system": "hi-lo"}
    job = manager.submit(config)
    view.watch(manager, job.id)
    assert job.wait(60) == COMPLETE
    assert view.update() is False and view.result is not None
    assert view.result.summary["trips"] > 0
    assert all(bytes(image.value).startswith(b"\x89PNG") for image in view.charts.values())
    assert "simulated trips" in view.summary.value


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
