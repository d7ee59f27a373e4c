"""Runs that stop at a target precision (``run.target_se``, issue 22).

The rule: the answer is the merge of chunks 0..c*, c* the first chunk whose
prefix has an SE of the advantage at or below the target, decided from
completed chunks in chunk order only (:mod:`jost_engine.stopping`).
"""

from __future__ import annotations

import statistics as stats
import time

import pytest
from jobs_helpers import CHART, blackjack_config, held_after

from jost_engine import run_simulation_from_config
from jost_engine.config import validate_config
from jost_engine.errors import ConfigError
from jost_engine.jobs import CANCELLED, COMPLETE, JobManager
from jost_engine.simulation import Chunk, plan, run_chunk, validate
from jost_engine.stopping import describe_stop, prefix_se
from jost_engine.tally import merge

pytest_plugins = ["jobs_fixtures"]

CHUNK = 2_000


def target_config(target: float, max_rounds: int, seed: int = 11, chunk: int = CHUNK) -> dict:
    """The 6-deck S17 test game in chunks of 2,000 rounds, stopping at ``target`` [pp]."""
    config = blackjack_config(max_rounds, chunk, seed)
    config["run"]["target_se"] = target
    return config


def first_meeting(config: dict) -> tuple[int, list[float]]:
    """c* and the SEs [pp] of every prefix 0..k, computed here from the chunk tallies."""
    data = validate(config)
    tallies, ses = [], []
    for chunk in plan(data):
        tallies.append(run_chunk(data, chunk))
        ses.append(prefix_se(merge(tallies)))
        if ses[-1] <= config["run"]["target_se"]:
            return chunk.index, ses
    return len(tallies) - 1, ses


def test_the_run_stops_at_the_first_chunk_whose_prefix_meets_the_target():
    config = target_config(0.7, 400_000)
    last, ses = first_meeting(config)
    assert 0 < last < 199 and ses[last] <= 0.7 < min(ses[:last])
    result = run_simulation_from_config(config)
    assert result.tally.chunks == list(range(last + 1))
    assert result.summary["rounds_dealt"] == (last + 1) * CHUNK
    assert result.summary["stopped"] == "target"
    assert 100 * result.summary["se_advantage"] == pytest.approx(ses[last], rel=1e-12)
    assert describe_stop(result.summary).startswith(
        f"stopped at the target SE 0.700 % after {(last + 1) * CHUNK:,} rounds")


def test_a_budget_spent_before_the_target_says_budget():
    result = run_simulation_from_config(target_config(0.05, 20_000))
    assert result.summary["stopped"] == "budget"
    assert result.summary["rounds_dealt"] == 20_000
    assert describe_stop(result.summary).startswith("budget of 20,000 rounds spent; SE ")


def test_max_rounds_is_the_budget_and_defaults_to_rounds():
    run = validate_config(target_config(0.5, 30_000)).run
    assert (run.max_rounds, run.budget_rounds) == (30_000, 30_000)
    config = target_config(0.5, 30_000)
    config["run"]["max_rounds"] = 50_000
    assert len(plan(validate(config))) == 25
    assert "stopped" not in run_simulation_from_config(blackjack_config(4_000, CHUNK)).summary


@pytest.mark.parametrize("run, message", [
    ({"target_se": 0}, "run.target_se: must be greater than 0"),
    ({"target_se": -0.02}, "run.target_se: must be greater than 0"),
    ({"target_se": 101}, "run.target_se: must be at most 100"),
    ({"target_se": "0.02"}, "run.target_se: "),
    ({"max_rounds": 10_000}, "run.max_rounds: only with target_se"),
    ({"target_se": 0.02, "max_rounds": 0}, "run.max_rounds: must be between 1 and"),
])
def test_bad_target_values_are_rejected_naming_the_field(run, message):
    config = blackjack_config(10_000, CHUNK)
    config["run"].update(run)
    with pytest.raises(ConfigError, match=message.replace(".", r"\.")):
        validate_config(config)


# -- on Dask -------------------------------------------------------------------------------

def test_dask_on_two_workers_and_on_one_gives_the_in_process_answer(manager, cluster):
    config = target_config(0.6, 400_000)
    expected = run_simulation_from_config(config)
    assert expected.summary["stopped"] == "target"
    job = manager.submit(config)
    assert job.result(timeout=120).figures() == expected.figures()
    assert job.status == COMPLETE
    assert "chunks (target met; budget 200" in str(job.progress)
    assert job.info["meta"]["stop"]["chunks"] == len(expected.tally.chunks)
    from distributed import Client, LocalCluster
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address="127.0.0.1:0") as local, \
            Client(local, set_as_default=False) as client, \
            JobManager(client=client, ledger=manager.ledger) as one:
        assert one.submit(config).result(timeout=120).figures() == expected.figures()


def test_a_cancelled_run_resumed_gives_the_same_answer(manager, workspace):
    """A run cancelled with chunks 0-2 saved and the rest not started (held, at any machine
    speed: jost_engine/jobs/hold.py) is CANCELLED with those 3 chunks, short of its target;
    resumed, it stops where an uncut run stops, with the in-process figures."""
    config = target_config(0.7, 400_000)
    expected = run_simulation_from_config(config)
    assert len(expected.tally.chunks) > 3
    with held_after(workspace, 3):
        job = manager.submit(config)
        deadline = time.monotonic() + 60
        while job.progress.chunks_done < 3:
            assert time.monotonic() < deadline
            time.sleep(0.01)
        job.cancel()
        assert manager._drivers[job.id].done.wait(60), "the held chunks saw the cancel"
    assert job.status == CANCELLED
    assert job.progress.chunks_done == 3
    assert "/up to 200 chunks" in str(job.progress)
    assert manager.resume(job.id).result(timeout=120).figures() == expected.figures()


def test_chunks_saved_past_the_stop_are_left_out_and_nothing_more_runs(manager):
    """A run killed after its target was met (and after two later chunks were
    saved) completes on resume without running a chunk, merging 0..c* only."""
    config = target_config(0.7, 400_000)
    last, _ = first_meeting(config)
    data = validate(config)
    job_id = manager.create(data)
    for index in range(last + 3):
        partial = run_chunk(data, Chunk(index, CHUNK)).to_dict()
        manager.ledger.record_chunk(job_id, 0, index, CHUNK, partial)
    job = manager._start(job_id, ("PENDING",))
    result = job.result(timeout=60)
    assert result.tally.chunks == list(range(last + 1))
    assert job.info["meta"]["stop"]["discarded_chunks"] == [last + 1, last + 2]
    assert job.progress.chunks_done == last + 3
    assert result.figures() == run_simulation_from_config(config).figures()


def test_jost_jobs_lists_a_stopped_run_by_the_chunks_and_rounds_of_its_answer(manager, capsys):
    """``jost jobs`` shows a run that met its target as ``*c/n`` chunks with the rounds of
    its answer (not its budget), and explains the star once below the table."""
    from jost_engine.cli import main

    config = target_config(0.7, 400_000)
    last, _ = first_meeting(config)
    manager.submit(config).result(timeout=120)
    assert main(["jobs"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert f"*{last + 1}/{400_000 // CHUNK}" in out[1]
    assert f"{(last + 1) * CHUNK:,}" in out[1] and "400,000" not in out[1]
    assert out[-1].startswith("* stopped early (its target SE met, or out of a race)")


# -- the rule does not bias the estimate ---------------------------------------------------

@pytest.mark.slow  # many stopped runs
@pytest.mark.statistical
def test_stopped_estimates_average_to_the_exact_edge_within_3_se():
    """150 runs of an off-the-top game (a fresh shoe each round), each stopped at
    an SE of 1 pp: the mean of their estimates is the exact EV of the chart
    played, within 3 SE of that mean (the spread of the estimates / sqrt(150))."""
    from jost_engine.exact import exact_ev

    rules = {"decks": 6, "reshuffle": "every_round"}
    exact = 100 * exact_ev(rules, chart=CHART)["ev_td"]
    estimates = []
    for seed in range(150):
        config = {"rules": rules, "strategy": {"chart": CHART},
                  "run": {"rounds": 200_000, "seed": seed, "chunk_rounds": 1_000,
                          "target_se": 1.0}}
        summary = run_simulation_from_config(config).summary
        assert summary["stopped"] == "target"
        estimates.append(100 * summary["advantage"])
    se_mean = stats.stdev(estimates) / len(estimates) ** 0.5
    assert abs(stats.fmean(estimates) - exact) <= 3 * se_mean, (
        stats.fmean(estimates), exact, se_mean)


def test_the_build_tab_sets_a_target_se_and_a_budget(workspace):
    from jost_engine.profiles import ProfileStore
    from jost_widgets import ConfigBuilder

    builder = ConfigBuilder(ProfileStore(workspace))
    assert builder.hydrated["run"]["target_se"] is None
    builder.target_se.value = "0.02"
    builder.max_rounds.value = "3M"
    assert (builder.hydrated["run"]["target_se"], builder.hydrated["run"]["max_rounds"]) == (
        0.02, 3_000_000)
    builder.max_rounds.value = ""
    assert builder.hydrated["run"]["max_rounds"] == builder.hydrated["run"]["rounds"]
    builder.target_se.value = "-1"
    assert builder.error.startswith("run.target_se")
    builder.target_se.value = ""
    builder.max_rounds.value = "3M"
    assert builder.error.startswith("run.max_rounds: only with target_se")


def test_the_counter_report_takes_a_target_se_and_its_rounds_are_the_budget():
    from jost_engine import reports
    from jost_engine.reports.work import prepare

    values = reports.check_parameters(reports.get("counter"), {"target_se": "0.05"})
    assert values["target_se"] == 0.05
    with pytest.raises(reports.ReportError, match="parameter target_se: must be 0 .off."):
        reports.check_parameters(reports.get("counter"), {"target_se": "-1"})
    run = prepare(blackjack_config(1_000_000, 500_000), 1_000_000, 3, 0.05)["run"]
    assert (run["target_se"], run["max_rounds"], run["chunk_rounds"]) == (0.05, 1_000_000,
                                                                         20_000)
    validate_config(prepare(blackjack_config(1_000_000, 500_000), 1_000_000, 3, 0.05))
