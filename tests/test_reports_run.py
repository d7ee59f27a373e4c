"""Every template run through papermill with small parameters (simulations in the kernel)."""

from __future__ import annotations

import json
import sys

import pytest
from reports_helpers import check_report, jost_report, write_notebook

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
def game_report(tmp_path_factory):
    """One game report (20,000 rounds, seed 3) in its own reports folder and workspace."""
    root = tmp_path_factory.mktemp("game")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JOST_REPORTS", str(root / "reports"))
        patch.setenv("JOST_WORKSPACE", str(root / "workspace"))
        yield reports.run_report("game", {"rounds": ROUNDS, "seed": "3"}, in_process=True)


def test_game_report_shows_edge_rule_effects_and_figures(game_report):
    report = game_report
    assert report.folder.parent.name == "reports"
    assert report.folder.name.endswith("-game-vegas-strip-6d-s17")
    assert report.notebook.is_file() and report.html.is_file()
    summary = check_report(report)
    assert summary["figures"] == ["rule_effects.png", "outcomes.png"]
    numbers = summary["numbers"]
    assert numbers["rounds"] == 20000
    assert numbers["ci_low"] < numbers["house_edge"] < numbers["ci_high"]
    assert summary["parameters"] == {"rules": "vegas-strip-6d-s17", "rounds": 20000, "seed": 3}
    assert summary["python"] == sys.executable, "the kernel runs the venv's interpreter"
    page = report.html.read_text(encoding="utf-8")
    for change in ("dealer hits soft 17", "blackjack pays 6:5", "late surrender"):
        assert change in page


def test_game_report_rule_effects_are_the_exact_differences(game_report):
    """Each ``exact effect: CHANGE`` of the report equals ``exact_ev(changed) - exact_ev(base)``
    (``ev_td``, to 1e-9), and the exact house edge off the top is ``-exact_ev(base)``."""
    from jost_engine.exact import exact_ev

    numbers = check_report(game_report)["numbers"]
    base = reports.game("vegas-strip-6d-s17", 1000, 1)["rules"]
    base_ev = exact_ev(base)["ev_td"]
    assert numbers["exact_house_edge_off_the_top"] == pytest.approx(-base_ev, abs=1e-9)
    changes = reports.rule_changes(base)
    shown = {k.removeprefix("exact effect: "): v for k, v in numbers.items()
             if k.startswith("exact effect: ")}
    assert set(shown) == set(changes)
    for change, rules in changes.items():
        assert shown[change] == pytest.approx(exact_ev(rules)["ev_td"] - base_ev, abs=1e-9)
    assert shown["8 decks"] < 0 < shown["late surrender"], "the published signs"


def test_same_parameters_and_seed_give_the_same_numbers(folder):
    first = reports.run_report("game", {"rounds": "5000", "seed": "9"}, in_process=True)
    again = reports.run_report("game", {"rounds": "5000", "seed": "9"}, in_process=True)
    other = reports.run_report("game", {"rounds": "5000", "seed": "10"}, in_process=True)
    assert again.folder != first.folder and again.folder.name.endswith("-2")
    assert again.numbers == first.numbers
    assert other.numbers != first.numbers


def test_counter_report(folder):
    report = reports.run_report("counter", {"rounds": ROUNDS, "bankrolls": "[100, 1000]"},
                                in_process=True)
    summary = check_report(report)
    assert summary["figures"] == ["ev_by_true_count.png", "risk_of_ruin.png"]
    assert {"di", "score", "n0", "sd_per_round", "win_rate_per_hour"} <= set(summary["numbers"])
    page = report.html.read_text(encoding="utf-8")
    assert "true_count" in page and "bankroll_units" in page


def test_compare_report_and_index(folder):
    report = reports.run_report("compare", {"rounds": ROUNDS,
                                            "items": "strip-basic, strip-hilo-1-12"},
                                in_process=True, label="two")
    summary = check_report(report)
    assert report.folder.name.endswith("-compare-two")
    assert "strip-hilo-1-12 advantage" in summary["numbers"]
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert f'href="{report.folder.name}/report.html"' in index


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
