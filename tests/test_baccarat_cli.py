"""Baccarat through the ``jost`` command as a user runs it: submit on a LocalCluster, status,
result, schema, bad input, a study of 6 against 8 decks and the report template."""

from __future__ import annotations

import json

import pytest
from baccarat_helpers import baccarat_config
from jobs_helpers import run_jost

pytest_plugins = ["baccarat_fixtures", "jobs_fixtures"]


def write(folder, name: str, data: dict) -> str:
    path = folder / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_submit_on_a_local_cluster_gives_the_in_process_figures(baccarat_plugin, workspace):
    config = write(workspace, "b.json", baccarat_config(40_000, 10_000, seed=3))
    job = run_jost("submit", config, "--workers", "1", workspace=workspace).stdout.strip()
    shown = run_jost("result", job, "--wait", "--timeout", "200", "--json",
                     workspace=workspace).stdout
    here = run_jost("run", config, "--in-process", "--json", workspace=workspace).stdout
    assert json.loads(shown)["tally"] == json.loads(here)["tally"]
    status = run_jost("status", job, workspace=workspace).stdout
    assert "COMPLETE" in status and "(baccarat)" in status
    text = run_jost("result", job, workspace=workspace).stdout
    assert "Banker house edge" in text and "(exact +1.058 %" in text


def test_bad_input_exits_2_with_one_line_naming_the_field(baccarat_plugin, workspace):
    bad = baccarat_config()
    bad["rules"]["decks"] = 9
    out = run_jost("run", write(workspace, "bad.json", bad), "--in-process",
                   workspace=workspace, ok=False)
    assert out.returncode == 2
    assert out.stderr.strip() == "jost: rules.decks: must be between 1 and 8, got 9"


def test_jost_schema_baccarat_is_the_plugins_schema(baccarat_plugin, workspace):
    schema = json.loads(run_jost("schema", "baccarat", workspace=workspace).stdout)
    assert schema["title"] == "BaccaratConfig" and "counters" in schema["properties"]
    out = run_jost("schema", "poker", workspace=workspace, ok=False)
    assert out.returncode == 2 and "must be one of config, study, blackjack, baccarat" in out.stderr


def test_a_study_of_6_against_8_decks_runs_in_process_with_exact_columns(baccarat_plugin,
                                                                         workspace):
    from jost_engine.reports.study_runs import run_here

    spec = {"label": "decks", "base": baccarat_config(40_000, 20_000, decks=6),
            "variants": {"8 decks": {"rules.decks": 8}}}
    run = run_here(spec)
    frame = run.frame
    assert list(frame["rules.decks"]) == [6, 8]
    assert frame["exact_ev_td"].round(6).tolist() == [-0.010558, -0.010579]
    assert (frame["paired_note"].iloc[1] == "no paired SE: not offered for baccarat")
    assert all(r.summary["rounds"] == 40_000 for r in run.results.values())


@pytest.mark.slow
def test_the_baccarat_report_runs_in_process_and_records_its_figures(baccarat_plugin,
                                                                     workspace):
    from pathlib import Path

    out = run_jost("report", "baccarat", "-p", "rounds", "20000", "--in-process",
                   "--reports-dir", str(workspace / "reports"), workspace=workspace,
                   timeout=400)
    html = Path(out.stdout.strip().splitlines()[-1])
    summary = json.loads((html.parent / "summary.json").read_text())
    assert summary["status"] == "complete"
    assert set(summary["numbers"]) >= {"6_decks_banker_house_edge", "8_decks_dragon7_house_edge"}
    page = html.read_text()
    assert "± is one standard error" in page and "Dragon 7" in page
