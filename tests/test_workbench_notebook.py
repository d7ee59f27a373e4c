"""notebooks/workbench.ipynb executed top to bottom in a fresh kernel (papermill)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import nbformat
import papermill as pm

from jost_engine.jobs import COMPLETE, JobManager

pytest_plugins = ["jobs_fixtures"]

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
WORKBENCH = NOTEBOOKS / "workbench.ipynb"
#: What only a developer needs to read; the app (Voila shows markdown and outputs) has none.
DEVELOPER_TEXT = ("demo_rounds", "used by CI", "papermill")


def git_status(path: Path) -> str:
    """``git status --porcelain`` of one path: empty when it is unchanged."""
    return subprocess.run(["git", "status", "--porcelain", "--", str(path)], cwd=ROOT,
                          capture_output=True, text=True, check=True).stdout


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
    status, shipped = git_status(WORKBENCH), WORKBENCH.read_bytes()
    execute(tmp_path / "out.ipynb")
    assert "application/vnd.jupyter.widget-view+json" in (tmp_path / "out.ipynb").read_text()
    assert not (workspace / "jobs.sqlite").exists() or JobManager().jobs().empty
    assert (git_status(WORKBENCH), WORKBENCH.read_bytes()) == (status, shipped)  # untouched


def test_app_shows_the_workbench_only(workspace, tmp_path):
    """#13 item 9: what Voila shows (markdown cells and outputs) holds no developer text and
    no static ledger table: the only output of the shipped notebook is the workbench."""
    execute(tmp_path / "out.ipynb")
    notebook = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    markdown = " ".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    assert [t for t in DEVELOPER_TEXT if t in markdown] == []
    outputs = [o for c in notebook.cells for o in c.get("outputs", [])]
    assert [sorted(o.get("data", {})) for o in outputs] == [
        ["application/vnd.jupyter.widget-view+json", "text/plain"]]


def test_make_workbench_opens_a_git_ignored_copy(tmp_path):
    """#13 item 8: `make workbench` serves a copy of the notebook in the git-ignored
    workspace/ (made by `make workbench-copy`), never the tracked notebooks/workbench.ipynb."""
    plan = subprocess.run(["make", "-n", "workbench"], cwd=ROOT, capture_output=True,
                          text=True, check=True).stdout
    served = next(line for line in plan.splitlines() if "jupyter lab" in line)
    assert f"{ROOT}/workspace/notebooks/workbench.ipynb" in served
    assert "--ServerApp.root_dir=" + str(ROOT / "workspace" / "notebooks") in plan
    ignored = subprocess.run(["git", "check-ignore", "-q",
                              "workspace/notebooks/workbench.ipynb"], cwd=ROOT)
    assert ignored.returncode == 0
    copy_dir = tmp_path / "copies"
    subprocess.run(["make", "-s", "workbench-copy", f"NOTEBOOK_COPY_DIR={copy_dir}"], cwd=ROOT,
                   check=True)
    assert (copy_dir / "workbench.ipynb").read_bytes() == WORKBENCH.read_bytes()


def test_notebook_submits_a_job_to_a_scheduler(cluster, workspace, tmp_path):
    status, shipped = git_status(WORKBENCH), WORKBENCH.read_bytes()
    text = execute(tmp_path / "out.ipynb", scheduler=cluster.scheduler.address,
                   demo_rounds=200_000)
    assert f": {COMPLETE}" in text and "advantage" in text
    jobs = JobManager(ledger=workspace / "jobs.sqlite").jobs()
    assert jobs["state"].tolist() == [COMPLETE]
    assert jobs["rounds_total"].tolist() == [200_000]
    assert (git_status(WORKBENCH), WORKBENCH.read_bytes()) == (status, shipped)
