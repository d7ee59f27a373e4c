"""The study report: a study's variants as tables for people, run here or read from the ledger.

The tables' text (cells with SEs, tables of tables, the sentence) is checked on
hand-written study tables; the template itself on small studies run in the
kernel (the same numbers as on Dask). A study read by id from a ledger driven
on Dask is in test_reports_dask.py.
"""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from reports_helpers import check_report, jost_report

from jost_engine import reports
from jost_engine.analysis import study_tables

RAMPS = [[[-99, 1], [2, 2], [4, 8]], [[-99, 1], [2, 4], [4, 12]]]


def frame() -> pd.DataFrame:
    """Base + a 2 x 2 x 2 grid (penetration x ramp x decks) as a study's results hold it."""
    rows = [{"variant": "base", "kind": "base", "rules.penetration": 0.75, "betting.ramp": "1-8",
             "rules.decks": 6, "advantage": 0.004, "se_advantage": 0.0003}]
    for decks in (6, 8):
        for pen in (0.7, 0.8):
            for ramp, gain in (("1-8", 0.0), ("1-12", 0.002)):
                adv = 0.004 + (pen - 0.75) * 0.05 + gain - (decks - 6) * 0.001
                rows.append({"variant": f"p{pen} {ramp} {decks}", "kind": "grid",
                             "rules.penetration": pen, "betting.ramp": ramp, "rules.decks": decks,
                             "advantage": adv, "se_advantage": 0.0003,
                             "paired_diff_advantage": adv - 0.004,
                             "paired_se_diff_advantage": 0.00005,
                             "unpaired_se_diff_advantage": 0.0004})
    out = pd.DataFrame(rows)
    out["rounds"] = 1_000_000
    out["state"] = "COMPLETE"
    out["exact_ev_td"] = -0.004
    return out


def test_a_cell_holds_the_estimate_and_its_se_with_the_digits_the_se_supports():
    """``+0.520 ± 0.031 %`` for an advantage of 0.0052 with SE 0.00031 (two significant digits
    of the SE); differences in pp without the % sign; a figure without an SE alone; a missing
    value as n/a."""
    assert study_tables.cell(0.0052, 0.00031) == "+0.520 ± 0.031 %"
    assert study_tables.cell(-0.01234, 0.00012) == "-1.234 ± 0.012 %"
    assert study_tables.cell(0.0026, 0.00012, "paired_diff_advantage") == "+0.260 ± 0.012"
    assert study_tables.cell(12.34, None, "score") == "12.3"
    assert study_tables.cell(None, 0.1) == "n/a"


def test_table_of_tables_is_the_figure_by_two_fields_one_table_per_value_of_the_third():
    """Penetration down, ramp across, one 2 x 2 table per number of decks (the grid's rows only,
    not the base), each cell value ± SE, the caption naming the decks."""
    tables = study_tables.table_of_tables(frame(), "advantage", "rules.penetration",
                                          "betting.ramp")
    assert [caption for caption, _ in tables] == ["decks 6", "decks 8"]
    six = tables[0][1]
    assert list(six.index) == ["70 %", "80 %"] and list(six.columns) == ["1-8", "1-12"]
    assert six.loc["80 %", "1-12"] == "+0.850 ± 0.030 %"
    assert six.index.name == "penetration" and six.columns.name == "bet ramp [units]"
    one = frame()[(frame()["rules.decks"] == 6) & (frame()["betting.ramp"] == "1-8")]
    (only,) = study_tables.table_of_tables(one, "paired_diff_advantage", "rules.penetration")
    assert only[0] == "" and only[1].shape == (2, 1)


def test_the_variants_view_has_fields_estimates_paired_differences_and_the_exact_ev():
    """One row per variant, grid points named for people; the base's paired cell says base."""
    view = study_tables.variants_view(frame())
    assert view.index[0] == "base" and view.index[1] == "penetration 70 %, bet ramp 1-8, decks 6"
    assert list(view.columns) == [
        "penetration", "bet ramp [units]", "decks", "Advantage [%], ± SE",
        "vs the base [pp], ± paired SE", "unpaired SE [pp]", "exact EV [%]", "rounds"]
    assert view.iloc[0]["vs the base [pp], ± paired SE"] == "base"
    assert view.iloc[1]["vs the base [pp], ± paired SE"] == "-0.2500 ± 0.0050"
    assert view.iloc[2]["unpaired SE [pp]"] == "0.040"


def test_the_sentence_names_a_best_variant_only_when_its_lead_is_resolved():
    """The best by advantage ± 1 SE is named "best" when its lead over the next exceeds 1.96
    SEs of the lead (here 0.200 ± 0.042 pp, 4.7 SE), then its paired difference from the base
    with its verdict; with the lead cut to 0.030 pp (0.7 SE) no variant is named best and the
    sentence says the rounds needed, N (1.96 SE / lead)**2 = 7.7 M (about 7,700,000)."""
    text = study_tables.study_sentence("Hi-Lo", frame())
    assert text.startswith("Hi-Lo: of 9 variants, penetration 80 %, bet ramp 1-12, decks 6 is "
                           "best by advantage, +0.850 ± 0.030 %, ahead of the next, "
                           "penetration 80 %, bet ramp 1-8, decks 6 (+0.650 ± 0.030 %), by "
                           "+0.200 ± 0.042 pp (their SEs taken as independent), resolved at "
                           "95 % confidence")
    assert ("Against the base (+0.400 ± 0.030 %), it is +0.4500 ± 0.0050 pp, paired on common "
            "shoes: beyond the noise at 95 %.") in text
    assert text.endswith("From 1,000,000 rounds per variant; ± is one standard error.")
    close = frame()
    close.loc[close["variant"] == "p0.8 1-12 8", "advantage"] = 0.0082
    text = study_tables.study_sentence("Hi-Lo", close)
    assert "is best" not in text and "none is resolved as best by advantage" in text
    assert "by +0.030 ± 0.042 pp (their SEs taken as independent), not resolved at 1,000,000 " \
           "rounds (need about 7,700,000)" in text


def spec(**extra) -> dict:
    """Hi-Lo 1-12 over penetration x ramp, with a named variant."""
    return {"label": "pen x ramp", "base": "strip-hilo-1-12",
            "grid": {"rules.penetration": [0.7, 0.8], "betting.ramp": RAMPS},
            "variants": {"late surrender": {"rules.surrender": "late"}}, **extra}


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("JOST_REPORTS", str(tmp_path / "reports"))
    monkeypatch.setenv("JOST_WORKSPACE", str(tmp_path / "workspace"))
    return tmp_path / "reports"


@pytest.mark.slow  # runs a whole report (papermill kernel)
def test_study_report_of_a_spec_shows_tables_of_tables_ranked_charts_and_paired_errors(folder):
    """A 2 x 2 grid and a named variant, 20,000 rounds each in 20 chunks: the page opens with
    the sentence, has the variants table, the figure by penetration and ramp (± SE cells), the
    paired differences, the exact EV column, four charts and the CSV; every variant's paired
    SE is recorded and, on common shoes, smaller than the unpaired one."""
    report = reports.run_report("study", {"study": json.dumps(spec()), "rounds": "20000"},
                                in_process=True)
    summary = check_report(report)
    assert summary["label"] == "pen x ramp"
    assert summary["summary"].startswith("pen x ramp: of 6 variants, ")
    assert summary["figures"] == ["ranked.png", "ranked_paired.png", "heatmap.png",
                                  "by_field.png"]
    assert summary["files"] == ["study.csv"]
    numbers = summary["numbers"]
    paired = [k for k in numbers if k.endswith(" paired_se_diff_advantage")]
    assert len(paired) == 6 and numbers["base paired_se_diff_advantage"] is None
    for key in paired[1:]:
        variant = key.removesuffix(" paired_se_diff_advantage")
        assert 0 < numbers[key] < numbers[f"{variant} unpaired_se_diff_advantage"], variant
    page = report.html.read_text(encoding="utf-8")
    for text in ("Tables of tables", "Advantage (± SE)", "Advantage minus the base",
                 "exact EV [%]", "late surrender", "The variants ranked"):
        assert text in page, text
    assert re.search(r"<td[^>]*>[+-]\d\.\d+ ± \d\.\d+ %</td>", page), "a '+0.52 ± 0.03 %' cell"
    frame = pd.read_csv(report.folder / "study.csv")
    assert len(frame) == 6 and set(frame["rounds"]) == {20_000}


@pytest.mark.slow  # runs a whole report (papermill kernel)
def test_study_report_of_one_field_and_of_named_variants_only(folder):
    """One varied field: one column of cells and the figure by that field (no heatmap); named
    variants only: no tables of tables, the variants table says it all."""
    one = {"label": "penetration", "base": "strip-hilo-1-12",
           "grid": {"rules.penetration": [0.7, 0.8]}}
    report = reports.run_report("study", {"study": json.dumps(one), "rounds": 20000},
                                in_process=True)
    assert check_report(report)["figures"] == ["ranked.png", "ranked_paired.png",
                                               "by_field.png"]
    named = {"label": "surrender", "base": "strip-basic",
             "variants": {"late surrender": {"rules.surrender": "late"}}}
    report = reports.run_report("study", {"study": json.dumps(named), "rounds": 20000},
                                in_process=True)
    summary = check_report(report)
    assert summary["figures"] == ["ranked.png", "ranked_paired.png"]
    assert "The study has no grid" in report.html.read_text(encoding="utf-8")


@pytest.mark.slow  # runs a whole report (papermill kernel)
def test_jost_report_study_takes_a_spec_file_after_its_name(folder, tmp_path, monkeypatch,
                                                           capsys):
    """``jost report study pen.json`` (a path relative to the caller, not to the report's
    folder) runs it; a figure the study has not is one line naming the parameter, exit 2,
    before anything runs."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pen.json").write_text(json.dumps(
        {"base": "strip-basic", "grid": {"rules.penetration": [0.7]}}), encoding="utf-8")
    assert jost_report(["study", "pen.json", "-p", "rounds", "20000", "--in-process"]) == 0
    assert capsys.readouterr().out.strip().endswith("-study-pen-json/report.html")
    assert jost_report(["study", "pen.json", "-p", "rounds", "20000", "-p", "figure", "luck",
                        "--in-process"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "parameter figure: must be one of advantage, " in err[0]
