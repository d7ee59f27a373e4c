"""``reports/index.html``: every report of a reports folder, newest first, sortable.

The table is a pandas DataFrame rendered by :class:`pandas.io.formats.style.Styler`
(every cell HTML-escaped; the last columns link to the report's HTML page and
PDF, where it has them). A few
lines of JavaScript in the page sort it by any column on a click (numbers by
value, text alphabetically), so the page works offline, with no library.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from ..analysis import labels, present

INDEX_NUMBERS = 2
COLUMNS = ["date", "template", "label", "headline figure", "status", "report", "pdf"]

STYLE = """<style>
body {font-family: system-ui, sans-serif; margin: 2em; color: #222;}
table.jost-index {border-collapse: collapse; font-variant-numeric: tabular-nums;}
table.jost-index th, table.jost-index td {padding: 0.35em 0.9em; border-bottom: 1px solid #ddd;
  text-align: left;}
table.jost-index thead th {border-bottom: 2px solid #888; cursor: pointer; user-select: none;
  white-space: nowrap;}
table.jost-index td:nth-child(1), table.jost-index td:nth-child(4) {white-space: nowrap;}
table.jost-index td:nth-child(3) {min-width: 16em;}
table.jost-index thead th::after {content: " \\2195"; color: #aaa;}
table.jost-index thead th[data-order=asc]::after {content: " \\25B2"; color: #222;}
table.jost-index thead th[data-order=desc]::after {content: " \\25BC"; color: #222;}
table.jost-index tbody tr:hover {background: #f4f8fb;}
</style>"""

SORT = """<script>
// Click a column heading to sort by it; click again to reverse.
document.querySelectorAll("table.jost-index thead th").forEach((th, column) => {
  th.title = "sort by this column";
  th.addEventListener("click", () => {
    const body = th.closest("table").tBodies[0];
    const ascending = th.dataset.order !== "asc";
    th.closest("tr").querySelectorAll("th").forEach(h => delete h.dataset.order);
    th.dataset.order = ascending ? "asc" : "desc";
    const key = row => {
      const text = row.cells[column].textContent.trim();
      const number = text.replace(/[$,]/g, "").match(/^[-+]?\\d+(\\.\\d+)?(?![\\d-])/);
      return number ? parseFloat(number[0]) : text;
    };
    const rows = Array.from(body.rows).sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      const order = typeof x === "number" && typeof y === "number"
        ? x - y : String(x).localeCompare(String(y));
      return ascending ? order : -order;
    });
    rows.forEach(row => body.appendChild(row));
  });
});
</script>"""

PAGE = ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>JOST reports</title>"
        "{style}</head><body><h1>JOST reports</h1>\n<p>Click a column heading to sort.</p>\n"
        "{table}{script}</body></html>\n")


def reports_in(folder: str | Path) -> list[dict]:
    """The ``summary.json`` of every report in a folder, newest first."""
    out = []
    for path in Path(folder).glob("*/summary.json"):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        data["folder"] = path.parent.name
        out.append(data)
    return sorted(out, key=lambda d: (d.get("created", ""), d["folder"]), reverse=True)


def headline(report: dict) -> str:
    """The figure a report is listed with: its own headline, else its first key figures
    exactly as the report shows them (the text the one formatter wrote there)."""
    if report.get("headline"):
        return report["headline"]
    shown = report.get("estimates") or {}
    if shown:
        keys = list(shown)[:INDEX_NUMBERS]
        return ", ".join(f"{labels.short_label(k)} {shown[k]['text']}" for k in keys)
    numbers = report.get("numbers") or {}
    keys = labels.shown_keys(numbers)[:INDEX_NUMBERS]
    return ", ".join(f"{labels.short_label(k)} {present.with_uncertainty(k, numbers)}"
                     for k in keys)


def _page(report: dict, kind: str, default: str | None) -> str:
    """The relative path of a report's page of one kind (``html``, ``pdf``), or ``""``."""
    name = report.get(kind, default)
    return f"{report['folder']}/{name}" if name else ""


def table(reports: list[dict]) -> pd.DataFrame:
    """One row per report: the index's columns, ``report`` and ``pdf`` the relative paths
    of its HTML page and PDF (``""`` for none)."""
    rows = [[r.get("created", "").replace("T", " ")[:16], r.get("template", ""),
             r.get("label", ""), headline(r), r.get("status", ""),
             _page(r, "html", "report.html"), _page(r, "pdf", None)] for r in reports]
    return pd.DataFrame(rows, columns=COLUMNS)


def _link(path: str, text: str = "open") -> str:
    """A link to a report page, its folder as tooltip (``path`` is already escaped)."""
    return f'<a href="{path}" title="{path.split("/", 1)[0]}">{text}</a>' if path else ""


def render(reports: list[dict]) -> str:
    """The index page's HTML."""
    styler = (table(reports).style.hide(axis="index")
              .format(escape="html")
              .format(_link, subset=["report"], escape="html")
              .format(lambda path: _link(path, "PDF"), subset=["pdf"], escape="html"))
    return PAGE.format(style=STYLE, script=SORT,
                       table=styler.to_html(table_attributes='class="jost-index"'))


def rebuild(folder: str | Path) -> Path:
    """Rewrite ``index.html`` of a reports folder; its path."""
    path = Path(folder) / "index.html"
    path.write_text(render(reports_in(folder)), encoding="utf-8")
    return path
