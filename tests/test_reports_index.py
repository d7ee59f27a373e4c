"""reports/index.html: a pandas table of every report, newest first, escaped and linked."""

from __future__ import annotations

import json

from jost_engine.reports import index


def _summary(folder, created, label, status="complete", numbers=None, headline=None):
    folder.mkdir(parents=True)
    (folder / "summary.json").write_text(json.dumps({
        "template": "game", "label": label, "created": created, "status": status,
        "numbers": numbers or {}, "headline": headline, "html": "report.html"}),
        encoding="utf-8")


def test_the_index_table_lists_reports_newest_first_with_date_and_headline_figure(tmp_path):
    """``index.table`` has one row per readable summary.json, newest first: its date and
    time, template, label, headline figure (the report's own, else its first two key figures
    named and formatted for people), status and the page's relative path."""
    _summary(tmp_path / "old", "2026-01-01T10:00:00", "old",
             numbers={"advantage": 0.0064, "se_advantage": 0.0043, "n0": 88553.6})
    _summary(tmp_path / "new", "2026-01-02T10:00:00", "new", "failed",
             headline="$26.58 ± $17.69 per 100 rounds")
    (tmp_path / "damaged").mkdir()
    (tmp_path / "damaged" / "summary.json").write_text("{", encoding="utf-8")
    frame = index.table(index.reports_in(tmp_path))
    assert list(frame.columns) == index.COLUMNS
    assert list(frame["date"]) == ["2026-01-02 10:00", "2026-01-01 10:00"]
    assert list(frame["label"]) == ["new", "old"]
    assert list(frame["status"]) == ["failed", "complete"]
    assert list(frame["headline figure"]) == [
        "$26.58 ± $17.69 per 100 rounds",
        "player's advantage +0.64 % ± 0.43 %, N0, rounds to overcome one SD 88,554"]
    assert list(frame["report"]) == ["new/report.html", "old/report.html"]


def test_the_index_page_escapes_every_cell_and_links_each_report(tmp_path):
    """A label with HTML in it is shown as text; each row links to its report's page."""
    _summary(tmp_path / "2026-x", "2026-01-01T10:00:00", "<script>alert(1)</script> & co")
    page = index.rebuild(tmp_path).read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<title>JOST reports</title>" in page
    assert page.count("<script>") == 1, "only the page's own sorting script"
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in page
    assert '<a href="2026-x/report.html" title="2026-x">open</a>' in page
    for column in index.COLUMNS:
        assert f">{column}</th>" in page
