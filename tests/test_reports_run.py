"""Running templates through papermill: same seed same numbers, a failing cell, the command.

The shipped templates' own content is checked in test_report_pages.py."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest
from reports_helpers import jost_report, write_notebook

from jost_engine import reports
from jost_engine.reports import templates

ROUNDS = "20000"


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """An empty reports folder, named by $JOST_REPORTS; an empty workspace."""
    monkeypatch.setenv("JOST_REPORTS", str(tmp_path / "reports"))
    monkeypatch.setenv("JOST_WORKSPACE", str(tmp_path / "workspace"))
    return tmp_path / "reports"


@pytest.fixture(scope="module")
def game_reports(tmp_path_factory):
    """Three game reports of 5,000 rounds in one reports folder: seed 9 twice from Python,
    then seed 10 by ``jost report game ... --label cli`` (its exit code and the path it
    printed). Shared: a game report is one of the suite's costliest steps."""
    root = tmp_path_factory.mktemp("game-reports")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JOST_REPORTS", str(root / "reports"))
        patch.setenv("JOST_WORKSPACE", str(root / "workspace"))
        first = reports.run_report("game", {"rounds": "5000", "seed": "9"}, in_process=True)
        again = reports.run_report("game", {"rounds": "5000", "seed": "9"}, in_process=True)
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            code = jost_report(["game", "-p", "rounds", "5000", "-p", "seed", "10",
                                "--in-process", "--label", "cli"])
    return {"first": first, "again": again, "cli": (code, printed.getvalue().strip())}


@pytest.mark.slow  # runs a whole report (papermill kernel)
def test_same_parameters_and_seed_give_the_same_numbers(game_reports):
    """Seed 9 twice: the same numbers, in a second folder (``-2``); seed 10: others."""
    first, again = game_reports["first"], game_reports["again"]
    _, path = game_reports["cli"]
    other = json.loads((Path(path).parent / "summary.json").read_text(encoding="utf-8"))
    assert again.folder != first.folder and again.folder.name.endswith("-2")
    assert again.numbers == first.numbers
    assert other["numbers"] != first.numbers


def test_a_failing_cell_marks_the_report_failed_and_keeps_the_notebook(folder, tmp_path,
                                                                       monkeypatch, capsys):
    write_notebook(tmp_path / "broken.ipynb", "x = rounds + 1",
                   "raise RuntimeError('boom at ' + str(x))")
    monkeypatch.setattr(templates, "_extra", {})
    reports.register(reports.Template("broken", tmp_path / "broken.ipynb"))
    with pytest.raises(reports.ReportFailedError, match="RuntimeError: boom at 1001") as info:
        reports.run_report("broken", in_process=True)
    failed = info.value.report
    summary = json.loads((failed.folder / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == "failed" and "boom at 1001" in summary["error"]
    assert failed.notebook.is_file() and failed.html.is_file()
    assert "failed" in (folder / "index.html").read_text(encoding="utf-8")
    assert jost_report(["broken", "-p", "rounds", "5", "--in-process"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("jost: report broken failed: cell")
    assert "boom at 6" in err[0] and "report.ipynb" in err[0]


@pytest.mark.slow  # runs a whole report (papermill kernel)
def test_jost_report_prints_the_html_path(game_reports):
    """``jost report game ... --label cli`` exits 0 and prints the report's HTML path, its
    folder named by the label."""
    code, path = game_reports["cli"]
    assert code == 0
    assert path.endswith("-game-cli/report.html") and Path(path).is_file()
