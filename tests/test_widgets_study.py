"""The Study tab without a browser: fields and values typed, the Build tab's config as the
base, a study submitted to a real Dask cluster, its table and chart filled by the job
table's polling, CSV export, cancel and resume, a study of the ledger opened."""

from __future__ import annotations

import base64
import io
import re
import time

import pandas as pd
import pytest
from jobs_helpers import held_after, release

from jost_engine import registry
from jost_engine.errors import JostError
from jost_engine.jobs import CANCELLED, COMPLETE
from jost_engine.profiles import ProfileStore
from jost_engine.studies import Study
from jost_widgets import Workbench
from jost_widgets._common import figure_png
from jost_widgets.study_fields import parse_values
from jost_widgets.study_view import StudyView, chart
from jost_widgets.workbench import TABS

pytest_plugins = ["jobs_fixtures"]

STUDY = TABS.index("Study")


def wait_for(predicate, timeout: float = 120.0):
    """Poll until ``predicate()`` is true."""
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def table_rows(view: StudyView) -> list[str]:
    """The study table's body rows as text (cells joined by ``|``)."""
    body = view.table.value.split("<tbody>")[-1]
    return ["|".join(re.sub(r"<[^>]+>", "", cell).strip()
                     for cell in re.findall(r"<td>(.*?)</td>", row, re.S))
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def csv_of(view: StudyView) -> pd.DataFrame:
    """The table the CSV link of the Study tab downloads."""
    match = re.search(r'download="(study-[^"]+\.csv)" href="data:text/csv;base64,([^"]+)"',
                      view.downloads.value)
    assert match, view.downloads.value
    return pd.read_csv(io.BytesIO(base64.b64decode(match[2])))


def small_build(bench: Workbench, rounds: str = "50k", chunk_rounds: str = "2_500") -> None:
    """A small default game in Build: 20 chunks a variant, enough for the paired SE."""
    bench.builder.rounds.value = rounds
    bench.builder.chunk_rounds.value = chunk_rounds
    assert bench.builder.error is None, bench.builder.error


def test_values_are_lists_or_ranges_and_bad_input_is_one_message_naming_the_field(workspace):
    """Numbers are read as a comma list or 'FROM to TO step STEP'; a choice, a strategy or a
    betting profile (its ramp) by name. Bad input in the tab is one message naming the field
    and what it accepts, Submit disabled, no traceback; the variant count and total rounds
    follow the form."""
    store = ProfileStore(workspace)
    assert parse_values("rules.penetration", "0.65 to 0.85 step 0.05", store) == [
        0.65, 0.7, 0.75, 0.8, 0.85]
    assert parse_values("rules.decks", "2, 6, 8, 6", store) == [2, 6, 8]
    assert parse_values("rules.dealer_hits_soft_17", "S17, H17", store) == [False, True]
    assert parse_values("betting.ramp", "spread-1-12", store) == [
        store.piece("betting", "spread-1-12")["ramp"]]
    assert parse_values("strategy", "hi-lo, zen", store) == ["hi-lo", "zen"]
    with pytest.raises(JostError, match=r"^rules\.decks: 9 is outside 1 to 8; give whole"):
        parse_values("rules.decks", "6, 9", store)

    base = registry.validate({"rules": "vegas-strip-6d-s17",
                              "run": {"rounds": 50_000, "chunk_rounds": 2_500}})
    view = StudyView(base=lambda: (base, None), store=store)
    view.fields[0].value = "rules.penetration"
    view.values[0].value = "0.7, lots"
    shown = view.plan_text.value
    assert view.error == ("rules.penetration: 'lots' is not a number; give numbers from 0.25 "
                          "to 0.95: a comma list or a range such as '0.65 to 0.85 step 0.05'")
    assert html_text(shown) == view.error and "Traceback" not in shown
    assert view.submit_button.disabled and view.plan is None
    view.values[0].value = "0.7 to 0.8 step 0.05"
    assert view.error is None
    assert "4 variants (the base and 3 grid points) x 50,000 rounds = 200,000 rounds" in (
        view.plan_text.value)
    view.fields[1].value = "rules.surrender"
    view.values[1].value = "none, sometimes"
    assert view.error.startswith("rules.surrender: 'sometimes' is not allowed; give a comma "
                                 "list of none, late, early")
    view.values[1].value = "late"
    assert "x 50,000 rounds = 200,000 rounds" in view.plan_text.value
    view.fields[1].value = "rules.penetration"
    assert view.error.startswith("rules.penetration: chosen twice")
    view.fields[1].value = ""
    view.fields[0].value = ""
    assert view.error.startswith("fields: choose at least one field")
    broken = StudyView(base=lambda: (None, "run.rounds: must be a whole number"), store=store)
    assert "Build tab's config is not valid (run.rounds" in html_text(broken.base_text.value)
    assert broken.submit_button.disabled


def html_text(value: str) -> str:
    """The text of a widget's HTML value."""
    import html

    return html.unescape(re.sub(r"<[^>]+>", "", value))


def test_study_tab_runs_the_build_config_and_fills_table_chart_and_csv(manager, workspace):
    """The Study tab's base is Build's config as it is when used (edited after the tab was
    made); Submit runs base + 2 penetrations on Dask; the job table's polling fills the table
    (drawn first while the variants run) until every row is COMPLETE with its advantage,
    paired difference and exact EV; the chart is drawn; the CSV link holds the same table.

    The study is held after its first chunk (jost_engine/jobs/hold.py) until the table
    has been drawn while it runs, at any machine speed."""
    bench = Workbench(manager, interval_s=0.05)
    try:
        view = bench.study
        view.fields[0].value = "rules.penetration"
        view.values[0].value = "0.7, 0.8"
        small_build(bench)
        bench.builder.decks.value = 4  # edited after the Study tab was made
        bench.tabs.selected_index = STUDY
        assert "50,000 rounds a variant in chunks of 2,500" in view.base_text.value
        assert "3 variants (the base and 2 grid points) x 50,000 rounds = 150,000 rounds" in (
            view.plan_text.value)
        seen = []
        view.table.observe(lambda change: seen.append(change["new"]), names="value")
        with held_after(workspace, 1) as hold:
            view.submit_button.click()
            view.submit_thread.join(120)
            study = view.study
            assert study is not None and "submitted study" in view.message.value
            wait_for(lambda: any("PENDING" in v or "RUNNING" in v for v in seen))
            release(hold)  # drawn while running: now let it run
        jobs = study.job_rows()
        configs = manager.ledger.study_configs(study.id)
        assert [configs[j["id"]]["rules"]["decks"] for j in jobs] == [4, 4, 4]
        assert [configs[j["id"]]["rules"]["penetration"] for j in jobs] == [0.75, 0.7, 0.8]
        assert study.wait(180) == COMPLETE
        wait_for(lambda: all("COMPLETE" in row for row in table_rows(view))
                 and len(table_rows(view)) == 3)
        view.wait()
        wait_for(lambda: "…" not in view.table.value)
        rows = table_rows(view)
        assert [r.split("|")[:2] for r in rows] == [["base", "75 %"], ["1", "70 %"],
                                                   ["2", "80 %"]]
        pm = r"[+-]\d+\.\d+ ± \d+\.\d+"  # digits follow the SE (the one rule)
        for row in rows:
            cells = row.split("|")
            assert cells[2:4] == ["COMPLETE", "50,000 / 50,000"]
            assert re.fullmatch(pm + " %", cells[4]) and re.fullmatch(r"[+-]\d\.\d{3} %", cells[6])
        assert [r.split("|")[5] for r in rows][0] == "(base)"
        assert all(re.fullmatch(pm, r.split("|")[5]) for r in rows[1:])
        assert bytes(view.chart.value) == figure_png(chart(study.results(exact=False),
                                                           ["rules.penetration"], "advantage"))
        assert view.chart.layout.display != "none"
        assert view.resume_button.disabled and view.cancel_button.disabled
        table = csv_of(view)
        assert table["rules.penetration"].tolist() == [0.75, 0.7, 0.8]
        assert table["state"].tolist() == [COMPLETE] * 3
        assert table["rounds"].tolist() == [50_000] * 3
        assert table["exact_ev_td"].notna().all()
        assert table["paired_se_diff_advantage"].iloc[1:].notna().all()
        expected = study.results(exact=False)
        assert table["advantage"].tolist() == pytest.approx(expected["advantage"].tolist())
    finally:
        bench.close()


def test_a_study_of_the_ledger_is_opened_cancelled_and_resumed_from_the_tab(manager,
                                                                           workspace):
    """A study submitted elsewhere (as `jost study submit` records one) is listed when the
    Study tab opens; picked, its table follows it; Cancel study stops every variant
    (CANCELLED rows, Resume enabled) and Resume study runs the rest to COMPLETE. The study
    is held after 2 chunks a variant (jost_engine/jobs/hold.py): running at the cancel at
    any machine speed."""
    base = registry.validate({"rules": "vegas-strip-6d-s17",
                              "run": {"rounds": 2_000_000, "chunk_rounds": 250_000}})
    bench = Workbench(manager, interval_s=0.05)
    try:
        with held_after(workspace, 2):
            study = Study.submit({"label": "from elsewhere", "base": base,
                                  "grid": {"rules.surrender": ["late"]}}, manager)
            view = bench.study
            bench.tabs.selected_index = STUDY
            assert study.id in [v for _, v in view.picker.options]
            view.picker.value = study.id
            assert view.study.id == study.id and "from elsewhere" in view.title.value
            wait_for(lambda: study.progress.rounds_done >= 1_000_000)
            assert not view.cancel_button.disabled
            view.cancel_button.click()
            assert study.status == CANCELLED
        wait_for(lambda: table_rows(view) and all(CANCELLED in r for r in table_rows(view)))
        assert not view.resume_button.disabled and view.cancel_button.disabled
        assert study.progress.rounds_done == 1_000_000  # 2 chunks of each of 2 variants
        view.resume_button.click()
        assert study.wait(300) == COMPLETE
        wait_for(lambda: all(COMPLETE in r for r in table_rows(view)))
        assert [r.split("|")[3] for r in table_rows(view)] == ["2,000,000 / 2,000,000"] * 2
        assert view.resume_button.disabled and "COMPLETE 2/2 variants" in view.progress.value
        assert "(COMPLETE, 2 variants)" in view.picker.label  # the picker follows the state
    finally:
        bench.close()
