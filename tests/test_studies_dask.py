"""Studies on a real Dask cluster (2 worker processes) with a real SQLite ledger."""

from __future__ import annotations

import math
import time

import pytest
from jobs_helpers import blackjack_config, held_after

from jost_engine.jobs import driver as driver_module
from jost_engine.studies import Study, frame_from_json, frame_to_json
from jost_engine.studies import results as study_results

pytest_plugins = ["jobs_fixtures"]

pytestmark = pytest.mark.cluster

FIGURES = ("advantage", "se_advantage", "ev_per_round", "sd_per_round", "hands")


def counting_spec(rounds: int, chunk_rounds: int) -> dict:
    """Penetration x spread with Hi-Lo over an explicit chart (no chart to generate)."""
    base = blackjack_config(rounds, chunk_rounds)
    base["strategy"]["count"] = {"system": "hi-lo"}
    base["betting"] = {"ramp": [[-99, 1], [2, 4], [4, 8]]}
    return {"label": "pen x spread", "base": base,
            "grid": {"rules.penetration": [0.65, 0.8],
                     "betting.ramp": [[[-99, 1], [2, 4], [4, 8]], [[-99, 1], [2, 6], [4, 12]]]},
            "project": "tests", "tags": ["study"]}


def figures_of(result_or_row) -> dict:
    summary = getattr(result_or_row, "summary", result_or_row)
    return {k: summary[k] for k in FIGURES}


def test_a_study_on_dask_gives_every_variant_its_in_process_result_bit_for_bit(
        manager, reference):
    """Each variant's row equals run_simulation_from_config of its config, whatever the order."""
    study = Study.submit(counting_spec(6000, 1000), manager)
    assert study.wait(240) == "COMPLETE"
    frame = study.results(exact=False)
    assert list(frame["variant"])[0] == "base" and len(frame) == 5
    assert list(frame["betting.ramp"]) == ["1-8", "1-8", "1-12", "1-8", "1-12"]
    for _, row in frame.iterrows():
        config = manager.ledger.get(row["job"])["config"]
        assert figures_of(row) == figures_of(reference(config)), row["variant"]
        assert row["state"] == "COMPLETE" and row["rounds"] == 6000
    progress = study.progress
    assert (progress.variants_done, progress.variants) == (5, 5)
    assert progress.rounds_done == progress.rounds_total == 30000
    assert manager.jobs(project="tests", tag="study").shape[0] == 5


def test_the_chunks_of_all_variants_are_interleaved_on_the_cluster(manager, monkeypatch):
    """Chunk i of every variant starts before chunk i + 2 of any (2 workers, a chunk a task).

    The order of starts (the workers' clocks, one machine) is the driver's order of
    dispatch; the order of saving also depends on which worker the machine's load slows
    (it broke once in CI with the other test process busy). Chunks this short would go
    several to a task (jobs/driver.py, TASKS_PER_S), which interleaves by tasks: the test
    keeps one chunk a task.
    """
    monkeypatch.setattr(driver_module, "TASKS_PER_S", math.inf)
    study = Study.submit(counting_spec(8000, 1000), manager)
    assert study.wait(240) == "COMPLETE"
    saved = manager.ledger._read(
        "SELECT c.idx FROM chunks c JOIN jobs j ON j.id = c.job_id WHERE j.study_id = ?"
        " ORDER BY c.started_at", (study.id,))
    order = [r[0] for r in saved]
    assert len(order) == 40
    assert all(later >= earlier - 1 for i, earlier in enumerate(order) for later in order[i:]), \
        order


def test_cancel_then_resume_runs_only_the_missing_chunks_and_gives_the_same_table(
        manager, reference, workspace):
    """A study cancelled with chunks 0-1 of each variant saved and the rest not started
    (held, at any machine speed: jost_engine/jobs/hold.py) is CANCELLED with exactly those;
    resumed, it runs only the missing chunks, and every row is then bit-identical."""
    with held_after(workspace, 2):
        study = Study.submit(counting_spec(40_000, 5000), manager)  # 5 variants x 8 chunks
        deadline = time.monotonic() + 120
        while study.progress.rounds_done < 5 * 2 * 5000:
            assert time.monotonic() < deadline, "timed out"
            time.sleep(0.05)
        assert study.cancel() > 0
        for driver in {id(d): d for d in manager._drivers.values()}.values():
            assert driver.done.wait(60), "the held chunks saw the cancel"
    assert study.status == "CANCELLED"
    done_before = {r["id"]: manager.ledger.done_indices(r["id"]) for r in study.job_rows()}
    assert all(done == {0, 1} for done in done_before.values()), done_before
    half = study.results(exact=False)
    assert half["rounds"].sum() == 5 * 2 * 5000 and half["advantage"].notna().all()
    runs_before = {r["id"]: r["runs"] for r in study.job_rows()}
    study.resume()
    assert study.wait(300) == "COMPLETE"
    for row in study.job_rows():
        reran = {c["idx"] for c in manager.ledger.chunk_rows(row["id"])
                 if c["run"] > runs_before[row["id"]]}
        assert not reran & done_before[row["id"]], "a saved chunk ran again"
    frame = study.results(exact=False)
    for _, row in frame.iterrows():
        config = manager.ledger.get(row["job"])["config"]
        assert figures_of(row) == figures_of(reference(config))


def test_results_read_back_from_json_and_carry_the_exact_ev_once_per_rule_set(manager):
    """to_json -> from_json gives the same table; the exact EV is computed once for shared rules."""
    spec = {"label": "tiny", "base": blackjack_config(2000, 1000),
            "grid": {"rules.penetration": [0.6, 0.7]}}
    study = Study.submit(spec, manager)
    assert study.wait(120) == "COMPLETE"
    calls = []
    real = study_results.exact_of

    def counted(config):
        calls.append(1)
        return real(config)

    before = len(study_results._EXACT)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(study_results, "exact_of", counted)
        frame = study.results(exact=True)
    assert len(calls) == 3 and len(study_results._EXACT) - before <= 1
    assert frame["exact_ev_td"].nunique() == 1 and -0.01 < frame["exact_ev_td"][0] < 0
    back = frame_from_json(frame_to_json(frame))
    assert back.columns.tolist() == frame.columns.tolist()
    assert plain(back) == plain(frame)


def plain(frame) -> list[dict]:
    """Records with every missing value as None (NaN and None compare equal then)."""
    return [{k: (None if v is None or v != v else v) for k, v in r.items()}
            for r in frame.to_dict("records")]


def test_1000_variants_are_submitted_in_under_5_s_and_the_ledger_answers_while_they_run(
        manager, workspace):
    """Study.submit of 1,001 variants (validated, recorded, claimed, started) < 5 s of CPU.

    While they run, the study's progress and the list of all jobs read in under 5 s of CPU.
    The variants are held after their first chunk (jost_engine/jobs/hold.py), so they are
    still running when read, at any machine speed.
    """
    spec = {"label": "big", "base": blackjack_config(2000, 1000),
            "grid": {"rules.penetration": [round(0.5 + 0.004 * i, 3) for i in range(100)],
                     "run.rounds_per_hour": [60.0 + 10 * k for k in range(10)]}}
    with held_after(workspace, 1):
        start = time.process_time()  # CPU time: the machine is shared with other work
        study = Study.submit(spec, manager)
        took = time.process_time() - start
        try:
            assert took < 5, f"submitting 1,001 variants took {took:.1f} s of CPU"
            deadline = time.monotonic() + 60
            while study.progress.rounds_done == 0:
                assert time.monotonic() < deadline
                time.sleep(0.1)
            start = time.thread_time()  # this thread's CPU: the driver's thread and the
            progress = study.progress  # other test process share the cores
            assert progress.variants == 1001 and progress.state == "RUNNING"
            assert len(manager.jobs()) == 1001
            assert time.thread_time() - start < 5, "reading took over 5 s of CPU"
        finally:
            study.cancel()
            for driver in {id(d): d for d in manager._drivers.values()}.values():
                driver.done.wait(60)
    assert study.status == "CANCELLED"
