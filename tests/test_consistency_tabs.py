"""One finished job read in the Result, Compare and Betting tabs: the same figures with the
same digits and the same ± 1 SE or range in each, and each table saying once what the ± is.

The tabs are built and read without a browser (as tests/test_widgets*.py do). The strings
each tab shows are taken from its rendered HTML, not from the functions behind it, so a tab
that formats a figure its own way fails here.
"""

from __future__ import annotations

import html
import re

import pytest
from test_widgets_betting import hilo_config

from jost_engine.analysis import estimates
from jost_engine.analysis import format as fmt
from jost_engine.jobs import COMPLETE
from jost_widgets import ResultView
from jost_widgets.betting_view import BettingView
from jost_widgets.compare_view import CompareView

pytest_plugins = ["jobs_fixtures"]

#: The figures every tab that shows them must write alike: key -> the row names of the
#: Result tab (its label with unit), the Compare tab and the Betting tab ("yours").
SHARED = {
    "win_rate_per_100": ("win rate [units per 100 rounds]", None, "win rate [units/100 rounds]"),
    "win_rate_per_hour": ("win rate [units per hour]", "win rate [units per hour]",
                          "win rate [units/hour]"),
    "di": ("desirability index, DI", "DI", "DI"),
    "score": ("SCORE [$ per 100 rounds for a $10,000 bankroll]", "SCORE", "SCORE"),
    "n0": ("N0, rounds to overcome one SD [rounds]", "N0 [rounds]", "N0 [rounds]"),
    "advantage": ("player's advantage [% of the initial bet]",
                  "advantage [% of the initial bet]", None),
}


def rows(text: str, columns: int) -> dict:
    """An HTML table's rows as ``{first cell: [other cells]}`` (tags and entities read)."""
    cells = r"\s*<td[^>]*>(.*?)</td>" * columns
    found = re.findall(r"<tr[^>]*>" + cells + r"\s*</tr>", text, flags=re.S)
    return {html.unescape(r[0]).strip(): [html.unescape(c).strip() for c in r[1:]]
            for r in found}


@pytest.fixture(scope="module")
def shown(cluster, tmp_path_factory):
    """The Hi-Lo 1-12 game ($25 units, 400-unit bankroll), 200,000 rounds, in each tab."""
    from jost_engine.jobs import JobManager

    ledger = tmp_path_factory.mktemp("consistency") / "jobs.sqlite"
    with JobManager(client=cluster, ledger=ledger) as manager:
        config = hilo_config()
        job = manager.submit({**config, "label": "the job"})
        other = manager.submit({**config, "label": "another seed",
                                "run": {**config["run"], "seed": 2}})
        assert job.wait(120) == COMPLETE and other.wait(120) == COMPLETE
        result_view = ResultView()
        result_view.show_job(job)
        compare_view = CompareView()
        compare_view.show([job, other])
        betting_view = BettingView()
        betting_view.show(job.result())
        name = next(n for n in compare_view.estimates if n.startswith("the job"))
        yield {"result": rows(result_view.summary.value, 2),
               "result_html": result_view.summary.value,
               "compare": {k: v[list(compare_view.estimates).index(name)]
                           for k, v in rows(compare_view.figures.value, 3).items()},
               "compare_html": compare_view.figures.value + compare_view.against.value,
               "betting": {k: v[1] for k, v in rows(betting_view.figures.value, 3).items()},
               "figures": estimates.of_result(job.result())}


def test_each_figure_reads_the_same_in_the_result_compare_and_betting_tabs(shown):
    """Win rate, DI, SCORE, N0 and advantage: the Compare and Betting cells equal the
    formatter's text of the estimate, and the Result cell is that text (then its money)."""
    for key, (in_result, in_compare, in_betting) in SHARED.items():
        text = fmt.estimate(shown["figures"][key])
        assert " ± " in text or "at ± 1 SE" in text, (key, text)
        assert shown["result"][in_result][0].startswith(text), (key, shown["result"][in_result])
        if in_compare:
            assert shown["compare"][in_compare] == text, key
        if in_betting:
            assert shown["betting"][in_betting] == text, key


def test_the_lifetime_risk_of_ruin_reads_the_same_with_its_bankroll(shown):
    """The lifetime risk of ruin at the config's 400 units: one range at EV ± 1 SE, the
    same text in every tab; the Result and Compare tabs name the bankroll."""
    ror = shown["figures"]["ror"]
    text = fmt.estimate(ror)
    assert "at ± 1 SE" in text and "400 units ($10,000)" in ror.name
    assert shown["result"][ror.name] == [text]
    assert shown["compare"][ror.name] == text
    assert shown["betting"]["risk of ruin, lifetime"] == text
    assert shown["betting"]["bankroll [units]"] == "400"


def test_each_table_says_once_what_the_plus_minus_is(shown):
    """The Result table and the Compare figures and differences each state it once."""
    assert shown["result_html"].count(fmt.SE_NOTE) == 1
    assert shown["compare_html"].count(fmt.SE_NOTE) == 2  # figures, differences
    assert any(k.startswith(fmt.SE_NOTE) for k in shown["betting"])
