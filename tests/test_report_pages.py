"""Each report as a colleague opens it: its HTML page in Chromium (Playwright).

One small report of each template (game, counter, compare, job, study; simulations
in the kernel, the job on the session's Dask cluster) is opened in Debian's
Chromium (``$JOST_CHROMIUM``, default ``/usr/bin/chromium``). Each page must
open with its summary paragraph, show no variable name as visible text, and
load every figure. The first screen of each is saved to tests/artifacts/
(and to docs/examples/ when ``JOST_EXAMPLES=1``, to refresh the docs).
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest
from reports_helpers import check_report

from jost_engine import reports

pytest_plugins = ["jobs_fixtures", "browser_fixtures"]

pytestmark = [pytest.mark.browser, pytest.mark.cluster]

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
EXAMPLES = Path(__file__).resolve().parents[1] / "docs" / "examples"
#: Summary keys and table columns that must never be a visible label.
RAW_NAMES = ("win_rate_per_hour", "win_rate_per_100", "win_rate_per_hour_money", "ev_per_round",
             "sd_per_round", "sd_per_hour", "se_advantage", "se_ev_per_round", "n0", "avg_bet",
             "bankroll_units", "true_count", "advantage_per_hand", "house_edge", "ci_low",
             "ci_high", "exact_house_edge_off_the_top", "rounds_per_hour", "di", "score", "ror",
             "net_bets", "per_round", "insurance_taken", "player_blackjacks", "frequency",
             "total_wagered_units", "exact_effect", "simulated_shown", "sd", "ev")
TEMPLATES = ("game", "counter", "compare", "job", "study")
#: The study of the study report: penetration x ramp for Hi-Lo.
STUDY = {"label": "Hi-Lo: penetration x ramp", "base": "strip-hilo-1-12",
         "grid": {"rules.penetration": [0.7, 0.8],
                  "betting.ramp": [[[-99, 1], [2, 2], [4, 8]], [[-99, 1], [2, 4], [4, 12]]]}}
#: The first screen of a report at report width [px].
SCREEN = {"width": 1000, "height": 760}


def raw_names_in(text: str) -> list[str]:
    """The raw variable names that occur as words of a text (``n0`` yes, ``N0`` no)."""
    return [n for n in RAW_NAMES if re.search(rf"(?<![\w.-]){re.escape(n)}(?![\w-])", text)]


def test_raw_names_in_finds_variable_names_not_readable_labels():
    """The check itself: it finds ``n0`` and ``avg_bet`` but not ``N0`` or "average bet"."""
    assert raw_names_in("n0 67124.3, avg_bet 1.6") == ["n0", "avg_bet"]
    assert raw_names_in("N0, rounds to overcome one SD; average initial bet; SCORE") == []


@pytest.fixture(scope="module")
def pages(tmp_path_factory, cluster):
    """One report of each template in one reports folder: template -> Report.

    The game report: 20,000 rounds, seed 3; the counter report: 20,000 rounds,
    bankrolls 100 and 1000 units; the job: Hi-Lo 1-12, 20,000 rounds in two
    chunks, on Dask; the compare report: basic strategy (5,000 rounds) against
    that job; the study report: Hi-Lo 1-12 over two penetrations and two ramps, 20,000 rounds
    a variant.
    """
    from jost_engine.jobs import JobManager

    root = tmp_path_factory.mktemp("pages")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JOST_REPORTS", str(root / "reports"))
        patch.setenv("JOST_WORKSPACE", str(root / "workspace"))
        config = reports.prepare("strip-hilo-1-12", 20_000, 2)
        config["run"]["chunk_rounds"] = 10_000
        with JobManager(client=cluster, ledger=root / "workspace" / "jobs.sqlite") as manager:
            job = manager.submit(config, project="pages")
            job.result(timeout=120)
        out = {
            "game": reports.run_report("game", {"rounds": "20000", "seed": "3"},
                                       in_process=True),
            "counter": reports.run_report("counter", {"rounds": 20_000,
                                                      "bankrolls": "[100, 1000]"},
                                          in_process=True),
            "compare": reports.run_report("compare", {"rounds": 5000, "items":
                                                      f"strip-basic, job:{job.id}"},
                                          in_process=True, label="two"),
            "job": reports.run_report("job", {"job_id": job.id[:8]}, in_process=True),
            "study": reports.run_report("study", {"study": json.dumps(STUDY), "rounds": 20_000},
                                        in_process=True, label="pen-x-ramp"),
        }
        out["job id"] = job.id
        yield out


def screenshot(tab, name: str) -> None:
    """The first screen, to tests/artifacts/ (and docs/examples/ with JOST_EXAMPLES=1)."""
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"{name}.png"))
    if os.environ.get("JOST_EXAMPLES") == "1":
        EXAMPLES.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(EXAMPLES / f"{name}.png"))


@pytest.mark.parametrize("template", TEMPLATES)
def test_each_report_page_opens_with_its_summary_shows_no_variable_name_and_loads_figures(
        pages, tab, template):
    """In Chromium, the report's first paragraph is the summary of summary.json (saying what
    its ± is: one standard error), above the first table; no raw variable name is visible
    text; every figure of summary.json is an image that loaded (naturalWidth > 0); every
    attached CSV exists."""
    report = pages[template]
    summary = json.loads((report.folder / "summary.json").read_text(encoding="utf-8"))
    tab.goto(report.html.as_uri())
    paragraph = tab.locator("p.jost-summary")
    assert paragraph.count() == 1 and paragraph.is_visible()
    assert paragraph.inner_text() == summary["summary"]
    assert "± is one standard error" in summary["summary"]
    first_table = tab.locator("table").first.bounding_box()
    assert paragraph.bounding_box()["y"] < first_table["y"], "the summary comes first"
    visible = tab.locator("body").inner_text()
    assert raw_names_in(visible) == []
    assert "job:" not in visible and "[units]" not in visible.split("\n")[0]
    widths = tab.eval_on_selector_all("img", "imgs => imgs.map(i => i.complete && i.naturalWidth)")
    assert len(widths) == len(summary["figures"]) and all(w > 0 for w in widths)
    for name in summary["files"]:
        assert (report.folder / name).is_file()
        assert tab.locator(f'a[href="{name}"]').count() == 1
    screenshot(tab, f"report-{template}")


def test_the_true_count_table_is_trimmed_and_the_full_one_attached(pages):
    """The counter report's true-count table has the pooled tails ``<= ...`` and ``>= ...``
    and fewer rows than the attached CSV, which has every true count dealt."""
    import pandas as pd

    report = pages["counter"]
    full = pd.read_csv(report.folder / "true_counts.csv")
    page = report.html.read_text(encoding="utf-8")
    shown = re.findall(r">((?:&lt;|&gt;)= [+-]\d+)<", page)
    assert [s.split(" ")[0] for s in shown] == ["&lt;=", "&gt;="]
    assert full["rounds"].sum() == 20_000
    table = page[page.index("True counts of at least"):]
    rows = table[:table.index("</table>")].count("<tr") - 1
    assert len(full) > rows


def test_the_index_page_sorts_by_a_clicked_column(pages, tab):
    """reports/index.html lists the four reports with date, template, label (a job's by its
    config's label) and headline figure; a click on a heading sorts the rows by it, a second
    click reverses them."""
    root = pages["game"].folder.parent
    tab.goto((root / "index.html").as_uri())
    headings = tab.locator("table.jost-index thead th").all_inner_texts()
    assert [h.strip() for h in headings][:4] == ["date", "template", "label", "headline figure"]

    def column(n: int) -> list[str]:
        return tab.eval_on_selector_all(
            "table.jost-index tbody tr", f"rows => rows.map(r => r.cells[{n}].innerText)")

    assert sorted(column(1)) == sorted(TEMPLATES)
    tab.locator("table.jost-index thead th", has_text="template").click()
    assert column(1) == sorted(TEMPLATES)
    tab.locator("table.jost-index thead th", has_text="template").click()
    assert column(1) == sorted(TEMPLATES, reverse=True)
    assert all(column(3)), "every report has a headline figure"
    job = pages["job id"]
    assert f"Vegas Strip 6D S17, Hi-Lo I18 + Fab 4, 1-12 (job {job[:8]})" in column(2), (
        "a job report is listed by its config's label, not its id")
    screenshot(tab, "reports-index")


def test_game_report_shows_edge_rule_effects_and_figures(pages):
    """The game report: its folder, files, figures and key numbers (the house edge ± 1 SE, no
    95 % interval beside it), the parameters it ran and the rule changes by name."""
    report = pages["game"]
    assert report.folder.parent.name == "reports"
    assert report.folder.name.endswith("-game-vegas-strip-6d-s17")
    assert report.notebook.is_file() and report.html.is_file()
    summary = check_report(report)
    assert summary["figures"] == ["rule_effects.png", "outcomes.png"]
    numbers = summary["numbers"]
    assert numbers["rounds"] == 20000
    assert 0 < numbers["se"] < 0.05 and "ci_low" not in numbers
    assert summary["estimates"]["house_edge"]["text"].count("±") == 1
    assert summary["parameters"] == {"rules": "vegas-strip-6d-s17", "rounds": 20000, "seed": 3}
    assert summary["python"] == sys.executable, "the kernel runs the venv's interpreter"
    page = report.html.read_text(encoding="utf-8")
    for change in ("dealer hits soft 17", "blackjack pays 6:5", "late surrender"):
        assert change in page


def test_game_report_rule_effects_are_the_exact_differences(pages):
    """Each ``exact effect: CHANGE`` of the report equals ``exact_ev(changed) - exact_ev(base)``
    (``ev_td``, to 1e-9), and the exact house edge off the top is ``-exact_ev(base)``."""
    from jost_engine.exact import exact_ev

    numbers = check_report(pages["game"])["numbers"]
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


def test_counter_report_shows_money_score_optimal_betting_and_attaches_the_true_counts(pages):
    """The counter report: its four figures (EV by true count, risk of ruin, the optimal
    ramp beside yours, the win-rate/risk frontier), the counter's numbers, money at the $25
    unit, the optimal-betting table, and the full true-count table attached as CSV."""
    report = pages["counter"]
    summary = check_report(report)
    assert summary["figures"] == ["ev_by_true_count.png", "risk_of_ruin.png",
                                  "optimal_ramp.png", "betting_frontier.png"]
    assert {"di", "score", "n0", "sd_per_round", "win_rate_per_hour"} <= set(summary["numbers"])
    assert summary["files"] == ["true_counts.csv"]
    page = report.html.read_text(encoding="utf-8")
    assert 'href="true_counts.csv"' in page
    assert "bankroll [$]" in page and "$25,000" in page and "SCORE" in page
    assert "Optimal betting" in page and "The optimal ramp (growth) beside yours" in page
    assert "certainty equivalent [$/hour]" in page and "Objective: maximum growth" in page
    assert "Bankroll and risk" in page


def test_compare_report_names_configs_and_jobs_by_label_and_shows_their_differences(pages):
    """The compare report calls each item by its label (a job as ``LABEL (job ID8)``), lists
    RoR, SCORE, DI and N0, the rules and ramp rows, the settings that differ, and the index
    links it."""
    report = pages["compare"]
    job = pages["job id"]
    summary = check_report(report)
    assert report.folder.name.endswith("-compare-two")
    assert {"strip-basic advantage", f"job:{job} advantage"} <= set(summary["numbers"])
    page = report.html.read_text(encoding="utf-8")
    assert f"Vegas Strip 6D S17, Hi-Lo I18 + Fab 4, 1-12 (job {job[:8]})" in page
    for row in ("risk of ruin", "SCORE", "desirability index, DI", "N0", "rules",
                "bet ramp", "Settings that differ", "Illustrious 18 + Fab 4"):
        assert row in page, row
    index = (report.folder.parent / "index.html").read_text(encoding="utf-8")
    assert f'href="{report.folder.name}/report.html"' in index
