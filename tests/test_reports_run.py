"""Running templates through papermill: same seed same numbers, a failing cell, the command.

The shipped templates' own content is checked in test_report_pages.py."""

from __future__ import annotations

import json

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


def test_same_parameters_and_seed_give_the_same_numbers(folder):
    first = reports.run_report("game", {"rounds": "5000", "seed": "9"}, in_process=True)
    again = reports.run_report("game", {"rounds": "5000", "seed": "9"}, in_process=True)
    other = reports.run_report("game", {"rounds": "5000", "seed": "10"}, in_process=True)
    assert again.folder != first.folder and again.folder.name.endswith("-2")
    assert again.numbers == first.numbers
    assert other.numbers != first.numbers


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


def test_jost_report_prints_the_html_path(folder, capsys):
    assert jost_report(["game", "-p", "rounds", "2000", "--in-process", "--label", "cli"]) == 0
    path = capsys.readouterr().out.strip()
    assert path.endswith("-game-cli/report.html")
