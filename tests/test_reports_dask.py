"""Reports whose simulations go through the jobs layer, on a real LocalCluster."""

from __future__ import annotations

import pytest
from jobs_helpers import blackjack_config
from reports_helpers import check_report

from jost_engine import reports

pytest_plugins = ["jobs_fixtures"]


@pytest.fixture
def folder(tmp_path, monkeypatch, workspace):
    monkeypatch.setenv("JOST_REPORTS", str(tmp_path / "reports"))
    return tmp_path / "reports"


def test_game_report_through_the_jobs_layer_matches_in_process(folder, cluster, workspace):
    params = {"rounds": "10000", "seed": "4"}
    on_dask = reports.run_report("game", params, scheduler=cluster.scheduler.address)
    summary = check_report(on_dask)
    assert summary["scheduler"] == cluster.scheduler.address and not summary["in_process"]
    from jost_engine.jobs import JobManager

    jobs = JobManager(ledger=workspace / "jobs.sqlite").jobs(project="reports")
    assert len(jobs) == 8 and set(jobs["state"]) == {"COMPLETE"}
    here = reports.run_report("game", params, in_process=True)
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
    with pytest.raises(reports.ReportFailedError, match="JobError"):
        reports.run_report("job", {"job_id": "nosuchjob"}, in_process=True)
