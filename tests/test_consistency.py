"""One finished job reads the same on every surface: ``jost result``, its ``--json``, the job
report, the counter report of the same config, the reports index and the workbench's Result,
Compare and Betting tabs show each key figure as the one formatter writes it
(:func:`jost_engine.analysis.format.estimate`), digits and interval alike.

To add a surface (a workbench tab), render it from ``finished["result"]`` to text and call
:func:`assert_surface_shows` with :func:`expected_strings` of that result, as the tests below
do for the CLI, the reports and the tabs.
"""

from __future__ import annotations

import html
import json
import re

import pytest

from jost_engine import reports
from jost_engine.analysis import estimates
from jost_engine.analysis import format as fmt
from jost_engine.cli import main

pytest_plugins = ["jobs_fixtures"]

pytestmark = pytest.mark.cluster

ROUNDS, SEED, CHUNK = 200_000, 11, 50_000
#: The figures every surface must show identically.
KEYS = ("advantage", "win_rate_per_100", "sd_per_round", "di", "score", "n0", "ror")


def expected_strings(result) -> dict:
    """Figure key -> the string every view must show for it: :func:`fmt.estimate` of
    :func:`estimates.of_result`; ``win_rate_per_100_money`` is the win rate in money."""
    figs = estimates.of_result(result)
    out = {key: fmt.estimate(figs[key]) for key in figs}
    unit = (result.config.get("betting") or {}).get("unit") or 1
    out["win_rate_per_100_money"] = fmt.estimate(figs["win_rate_per_100"], unit)
    return out


def assert_surface_shows(surface: str, text: str, expected: dict, keys=KEYS) -> None:
    """Assert ``text`` (a view's visible text, HTML unescaped) holds each figure of ``keys``
    exactly as ``expected`` writes it, and not the advantage to more digits than its SE
    supports (the old ``+0.7795 %``)."""
    for key in keys:
        assert expected[key] in text, f"{surface}: {key} is not shown as {expected[key]!r}"
    if "advantage" in keys:
        shown = re.findall(r"[+-]\d+\.\d+ %", text)
        value = expected["advantage"].split(" %")[0]
        longer = [s for s in shown if s.startswith(value) and len(s) > len(value) + 2]
        assert not longer, f"{surface}: the advantage with more digits than its SE: {longer}"


def page_text(path) -> str:
    """A page's text as a reader sees it: tags dropped, entities unescaped."""
    return html.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def finished(tmp_path_factory, cluster):
    """A finished Hi-Lo 1-12 job (200,000 rounds in 4 chunks, $25 unit, 400-unit bankroll)
    on the session LocalCluster, its job report, and the counter report of its config with
    the same rounds and seed (so the same numbers), in one reports folder."""
    from jost_engine.jobs import JobManager

    root = tmp_path_factory.mktemp("consistency")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JOST_REPORTS", str(root / "reports"))
        patch.setenv("JOST_WORKSPACE", str(root / "workspace"))
        patch.delenv("JOST_SCHEDULER", raising=False)
        config = reports.prepare("strip-hilo-1-12", ROUNDS, SEED)
        config["run"]["chunk_rounds"] = CHUNK
        with JobManager(client=cluster, ledger=root / "workspace" / "jobs.sqlite") as manager:
            job = manager.submit(config, project="consistency")
            result = job.result(timeout=300)
        path = root / "config.json"
        path.write_text(json.dumps(result.config), encoding="utf-8")
        pages = {
            "job report": reports.run_report("job", {"job_id": job.id}, in_process=True),
            "counter report": reports.run_report(
                "counter", {"config": str(path), "rounds": ROUNDS, "seed": SEED,
                            "bankrolls": "[400, 800]"}, in_process=True),
        }
        yield {"job id": job.id, "result": result, "pages": pages,
               "index": root / "reports" / "index.html",
               "ledger": root / "workspace" / "jobs.sqlite"}


def test_the_counter_report_ran_the_jobs_numbers(finished):
    """The counter report of the job's config, rounds and seed has the job's summary figures
    bit for bit, so the surfaces below compare like with like."""
    summary = json.loads((finished["pages"]["counter report"].folder / "summary.json")
                         .read_text(encoding="utf-8"))
    s = finished["result"].summary
    assert summary["numbers"]["advantage"] == s["advantage"]
    assert summary["numbers"]["se_advantage"] == s["se_advantage"]


def test_jost_result_shows_every_figure_as_the_formatter_writes_it(finished, capsys):
    """``jost result ID``: each key figure's string, the lifetime risk of ruin with its
    bankroll, and the SE note once."""
    expected = expected_strings(finished["result"])
    capsys.readouterr()
    assert main(["result", finished["job id"]]) == 0
    out = capsys.readouterr().out
    assert_surface_shows("jost result", out, expected)
    assert "risk of ruin, lifetime, bankroll 400 units ($10,000): " + expected["ror"] in out
    assert out.count(fmt.SE_NOTE) == 1


def test_jost_result_json_carries_the_same_estimates(finished, capsys):
    """``jost result ID --json``: ``estimates`` has value, se, range, unit, method, why and
    the shown text of each figure, and keeps the ``summary``."""
    expected = expected_strings(finished["result"])
    capsys.readouterr()
    assert main(["result", finished["job id"], "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["summary"]["advantage"] == finished["result"].summary["advantage"]
    for key in KEYS:
        entry = data["estimates"][key]
        assert {"value", "se", "low", "high", "unit", "method", "why"} <= set(entry)
        assert entry["text"] == expected[key]


@pytest.mark.parametrize("name", ["job report", "counter report"])
def test_the_reports_show_every_figure_as_the_formatter_writes_it(finished, name):
    """The job and counter reports' HTML: the same strings as ``jost result``, the SE note."""
    report = finished["pages"][name]
    text = page_text(report.html)
    assert_surface_shows(name, text, expected_strings(finished["result"]))
    assert fmt.SE_NOTE in text


def test_the_index_lists_the_reports_with_the_reports_own_strings(finished):
    """The reports index lists each report with its advantage and win rate in money exactly
    as the report shows them."""
    expected = expected_strings(finished["result"])
    text = page_text(finished["index"])
    assert_surface_shows("reports index", text, expected,
                         keys=("advantage", "win_rate_per_100_money"))
    for name, report in finished["pages"].items():
        assert expected["win_rate_per_100_money"] in page_text(report.html), name


# -- the workbench tabs (helper "views") ---------------------------------------------------


def tab_text(value: str) -> str:
    """A tab's HTML as a reader sees it: tags dropped, entities unescaped."""
    return html.unescape(re.sub(r"<[^>]+>", " ", value))


@pytest.fixture(scope="module")
def tabs(finished, cluster):
    """The Result, Compare and Betting tabs of the finished job (Compare against a second
    job of another seed, the finished one the reference)."""
    from jost_engine.jobs import COMPLETE, JobManager
    from jost_widgets import ResultView
    from jost_widgets.betting_view import BettingView
    from jost_widgets.compare_view import CompareView

    with JobManager(client=cluster, ledger=finished["ledger"]) as manager:
        job = manager.job(finished["job id"])
        config = finished["result"].config
        other = manager.submit({**config, "label": "another seed",
                                "run": {**config["run"], "seed": SEED + 1}})
        assert other.wait(300) == COMPLETE
        result_view, compare_view, betting_view = ResultView(), CompareView(), BettingView()
        result_view.show_job(job)
        compare_view.show([job, other])
        betting_view.show(finished["result"])
        yield {"Result tab": result_view.summary.value,
               "Compare tab": compare_view.figures.value,
               "Betting tab": betting_view.figures.value}


#: The figures each tab shows (the Compare tab has the win rate per hour, the Betting tab
#: the SD per hour from its own true-count model and no advantage).
TAB_KEYS = {"Result tab": KEYS,
            "Compare tab": ("advantage", "sd_per_round", "di", "score", "n0", "ror"),
            "Betting tab": ("win_rate_per_100", "di", "score", "n0", "ror")}


@pytest.mark.parametrize("tab", list(TAB_KEYS))
def test_the_workbench_tabs_show_every_figure_as_the_formatter_writes_it(finished, tabs, tab):
    """The Result, Compare and Betting tabs of the same job: the same strings as ``jost
    result`` and the reports, and the SE note once per table."""
    text = tab_text(tabs[tab])
    assert_surface_shows(tab, text, expected_strings(finished["result"]), keys=TAB_KEYS[tab])
    assert text.count(fmt.SE_NOTE) == 1


def test_the_tabs_name_the_lifetime_risk_of_ruin_with_its_bankroll(finished, tabs):
    """The lifetime risk of ruin's row names its bankroll (400 units, $10,000) in the Result
    and Compare tabs; the Betting tab gives the bankroll it is for as a row."""
    ror = estimates.of_result(finished["result"])["ror"]
    assert "400 units ($10,000)" in ror.name
    for tab in ("Result tab", "Compare tab"):
        assert f"{ror.name} {fmt.estimate(ror)}" in re.sub(r"\s+", " ", tab_text(tabs[tab]))
    assert re.search(r"bankroll \[units\]\s+400\s+400", tab_text(tabs["Betting tab"]))


def test_jost_status_shows_the_advantage_as_jost_result_does(finished, capsys):
    """``jost status ID`` of the finished job gives the advantage string of ``jost result``."""
    expected = expected_strings(finished["result"])
    capsys.readouterr()
    assert main(["status", finished["job id"]]) == 0
    out = capsys.readouterr().out
    assert f"advantage  {expected['advantage']} ({fmt.SE_NOTE})" in out


def test_a_cancelled_job_shows_its_partial_advantage_with_its_rounds(finished):
    """With two of four chunks saved (a cancelled job), the status line gives the advantage
    ± 1 SE of those 100,000 rounds, as the formatter writes the merged partial result."""
    from types import SimpleNamespace

    from jost_engine import registry
    from jost_engine.cli.jobs import _advantage_so_far
    from jost_engine.jobs import JobManager

    with JobManager(ledger=finished["index"].parents[1] / "workspace" / "jobs.sqlite") as jobs:
        job = jobs.job(finished["job id"])
        partials = jobs.ledger.partials(job.id)[:2]
        info = job.info
    cancelled = SimpleNamespace(
        id=finished["job id"], info=info, status="CANCELLED",
        manager=SimpleNamespace(ledger=SimpleNamespace(partials=lambda _: partials)))
    partial = registry.merge(info["simulation_type"], info["config"], partials)
    figure = estimates.figures(partial.summary, info["config"])["advantage"]
    assert _advantage_so_far(cancelled) == (
        f"{fmt.estimate(figure)} ({fmt.SE_NOTE}, from the 100,000 rounds so far)")
