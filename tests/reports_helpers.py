"""Helpers of the report tests: checking a report's HTML against its files and summary."""

from __future__ import annotations

import base64
import html
import json
import re

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

from jost_engine.analysis import format as fmt
from jost_engine.analysis.estimates import Estimate
from jost_engine.cli import main as jost_main

PARAMETERS = ("rounds = 1000  # rounds\nseed = 1  # seed\nscheduler = None  # runner\n"
              "in_process = False  # runner")


def check_report(report) -> dict:
    """Assert the HTML embeds every figure, opens with the summary paragraph of summary.json,
    and shows every key figure it lists (``td data-key``) as the one formatter writes
    summary.json's estimate (:func:`jost_engine.analysis.format.estimate`)."""
    summary = json.loads((report.folder / "summary.json").read_text(encoding="utf-8"))
    page = report.html.read_text(encoding="utf-8")
    assert summary["status"] == "complete"
    assert summary["figures"], "the report has figures"
    for name in summary["figures"]:
        png = base64.b64encode((report.folder / name).read_bytes()).decode()
        assert f"data:image/png;base64,{png}" in page, name
    assert summary["summary"] and summary["headline"]
    escaped = html.escape(summary["summary"], quote=False)
    assert f'<p class="jost-summary">{escaped}</p>' in page
    shown = {html.unescape(k): html.unescape(v)
             for k, v in re.findall(r'<td data-key="([^"]*)">([^<]*)</td>', page)}
    numbers, estimates = summary["numbers"], summary["estimates"]
    assert numbers and set(shown) == set(estimates)
    assert shown == {k: fmt.estimate(Estimate.from_dict(k, estimates[k])) for k in shown}
    assert shown == {k: estimates[k]["text"] for k in shown}
    assert "reports.Simulator" not in page, "no code cells in the HTML"
    return summary


def write_notebook(path, *cells: str) -> None:
    """A template notebook: the standard parameters cell, then these code cells."""
    notebook = new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    params = new_code_cell(PARAMETERS)
    params.metadata["tags"] = ["parameters"]
    notebook.cells = [params, *(new_code_cell(c) for c in cells)]
    nbformat.write(notebook, str(path))


def jost_report(argv: list[str]) -> int:
    """Run ``jost report ARGV`` through the ``jost`` command's ``main``; the exit code."""
    return jost_main(["report", *argv])
