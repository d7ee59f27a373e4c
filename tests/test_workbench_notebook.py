"""notebooks/workbench.ipynb executed top to bottom in a fresh kernel (papermill)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import papermill as pm

from jost_engine.jobs import COMPLETE, JobManager

pytest_plugins = ["jobs_fixtures"]

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
WORKBENCH = NOTEBOOKS / "workbench.ipynb"


def execute(out: Path, **parameters) -> str:
    """Run the workbench notebook with ``parameters``; the text of all its outputs."""
    pm.execute_notebook(str(WORKBENCH), str(out), parameters=parameters, kernel_name="python3",
                        cwd=str(NOTEBOOKS), progress_bar=False, start_timeout=120,
                        execution_timeout=300)
    notebook = nbformat.read(out, as_version=4)
    texts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            texts.append(output.get("text", ""))
            texts.extend(str(v) for v in output.get("data", {}).values())
    return "\n".join(texts)


def test_notebook_as_shipped_runs_without_a_cluster(workspace, tmp_path):
    text = execute(tmp_path / "out.ipynb")
    assert "application/vnd.jupyter.widget-view+json" in (tmp_path / "out.ipynb").read_text()
    assert "state" in text  # the (empty) ledger table
    assert not (workspace / "jobs.sqlite").exists() or JobManager().jobs().empty


def test_notebook_submits_a_job_to_a_scheduler(cluster, workspace, tmp_path):
    text = execute(tmp_path / "out.ipynb", scheduler=cluster.scheduler.address,
                   demo_rounds=200_000)
    assert f": {COMPLETE}" in text and "advantage" in text
    jobs = JobManager(ledger=workspace / "jobs.sqlite").jobs()
    assert jobs["state"].tolist() == [COMPLETE]
    assert jobs["rounds_total"].tolist() == [200_000]
