"""Reports whose simulations go through the jobs layer, on a real LocalCluster."""

from __future__ import annotations

import math

import pytest
from jobs_helpers import blackjack_config
from reports_helpers import check_report

from jost_engine import reports
from jost_engine.errors import JobError

pytest_plugins = ["jobs_fixtures"]

pytestmark = pytest.mark.cluster


@pytest.fixture
def folder(tmp_path, monkeypatch, workspace):
    monkeypatch.setenv("JOST_REPORTS", str(tmp_path / "reports"))
    return tmp_path / "reports"


def test_game_report_through_the_jobs_layer_matches_in_process(folder, cluster, workspace):
    """The game report's rule effects are one study of 9 jobs (the game off the top, 7 single
    rule changes, the game as dealt) on Dask, with the same numbers as in the kernel."""
    params = {"rounds": "20000", "seed": "4"}
    on_dask = reports.run_report("game", params, scheduler=cluster.scheduler.address)
    summary = check_report(on_dask)
    assert summary["scheduler"] == cluster.scheduler.address and not summary["in_process"]
    from jost_engine.jobs import JobManager

    manager = JobManager(ledger=workspace / "jobs.sqlite")
    jobs = manager.jobs(project="reports")
    assert len(jobs) == 9 and set(jobs["state"]) == {"COMPLETE"}
    (study,) = manager.ledger.studies()
    assert len(manager.ledger.study_jobs(study["id"])) == 9
    here = reports.run_report("game", params, in_process=True)
    assert here.numbers == on_dask.numbers


def test_compare_over_configs_runs_them_as_one_study_with_paired_errors(folder, cluster,
                                                                        workspace):
    """``compare`` of two configs on Dask records one study (the first config its base, both
    with the same seed and chunks: common shoes); the second's paired SE is recorded, smaller
    than the unpaired one, and the page has the paired table; in the kernel, the same numbers."""
    from jost_engine.jobs import JobManager

    params = {"items": "strip-basic, strip-hilo-1-12", "rounds": "20000", "seed": "5"}
    on_dask = reports.run_report("compare", params, scheduler=cluster.scheduler.address)
    numbers = check_report(on_dask)["numbers"]
    ledger = JobManager(ledger=workspace / "jobs.sqlite").ledger
    (study,) = ledger.studies()
    jobs = [ledger.get(r["id"]) for r in ledger.study_jobs(study["id"])]
    assert [j["meta"]["variant"] for j in jobs] == ["base", "strip-hilo-1-12"]
    assert {(j["config"]["run"]["seed"], j["config"]["run"]["chunk_rounds"]) for j in jobs} == {
        (5, 1000)}
    assert numbers["strip-basic paired_se_diff_advantage"] is None
    se = numbers["strip-hilo-1-12 paired_se_diff_advantage"]
    assert 0 < se < numbers["strip-hilo-1-12 unpaired_se_diff_advantage"]
    assert numbers["strip-hilo-1-12 paired_diff_advantage"] == pytest.approx(
        numbers["strip-hilo-1-12 advantage"] - numbers["strip-basic advantage"], abs=1e-12)
    assert "Against the first configuration, on common shoes" in on_dask.html.read_text(
        encoding="utf-8")
    here = reports.run_report("compare", params, in_process=True)
    assert here.numbers == on_dask.numbers


def test_job_and_compare_reports_read_a_finished_job(folder, manager):
    job = manager.submit(blackjack_config(10_000, 5_000, seed=2), project="x")
    result = job.result(timeout=120)
    report = reports.run_report("job", {"job_id": job.id[:8]}, in_process=True)
    summary = check_report(report)
    assert report.folder.name.endswith(f"-job-{job.id[:8].lower()}")
    assert summary["numbers"]["advantage"] == result.summary["advantage"]
    assert summary["numbers"]["rounds"] == 10_000
    assert summary["figures"] == ["convergence.png", "outcomes.png"], "no count: no TC table"
    both = reports.run_report("compare", {"items": f"job:{job.id}, strip-basic",
                                          "rounds": "5000"}, in_process=True)
    numbers = check_report(both)["numbers"]
    assert numbers[f"job:{job.id} advantage"] == result.summary["advantage"]
    assert f"(job {job.id[:8]})" in both.html.read_text(encoding="utf-8")
    with pytest.raises(JobError, match="no job 'nosuchjob' in "):  # before anything runs
        reports.run_report("job", {"job_id": "nosuchjob"}, in_process=True)


def test_study_report_reads_a_study_of_the_ledger_by_its_id(folder, manager):
    """``study`` given a study's id prefix reads it as it stands (nothing runs): each variant's
    advantage and paired difference are the study table's, and the page says which study."""
    from jost_engine.studies import Study

    spec = {"label": "tiny pen", "base": blackjack_config(20_000, 1000),
            "grid": {"rules.penetration": [0.6, 0.7]}}
    study = Study.submit(spec, manager)
    assert study.wait(120) == "COMPLETE"
    jobs_before = len(manager.jobs())
    report = reports.run_report("study", {"study": study.id[:7]}, in_process=True)
    numbers = check_report(report)["numbers"]
    for row in study.results().to_dict("records"):
        assert numbers[f"{row['variant']} advantage"] == row["advantage"]
        paired = row["paired_diff_advantage"]
        assert numbers[f"{row['variant']} paired_diff_advantage"] == (
            None if math.isnan(paired) else paired)
    assert len(manager.jobs()) == jobs_before, "nothing ran"
    assert f"Study {study.id} as it stands: 3 of 3 variants complete." in (
        report.html.read_text(encoding="utf-8").replace("<code>", "").replace("</code>", ""))
