"""``reports/index.html``: every report of a reports folder, newest first.

The table is a pandas DataFrame rendered by :class:`pandas.io.formats.style.Styler`
(every cell HTML-escaped; the last column links to the report's page).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from .page import fmt

INDEX_NUMBERS = 3
COLUMNS = ["created", "template", "label", "status", "key numbers", "report"]
PAGE = ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>JOST reports</title>"
        "</head><body><h1>JOST reports</h1>\n{table}</body></html>\n")


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


def table(reports: list[dict]) -> pd.DataFrame:
    """One row per report: the index's columns, ``report`` the page's relative path."""
    rows = []
    for r in reports:
        numbers = list((r.get("numbers") or {}).items())[:INDEX_NUMBERS]
        rows.append([r.get("created", ""), r.get("template", ""), r.get("label", ""),
                     r.get("status", ""), ", ".join(f"{k} = {fmt(v)}" for k, v in numbers),
                     f"{r['folder']}/{r.get('html', 'report.html')}"])
    return pd.DataFrame(rows, columns=COLUMNS)


def _link(path: str) -> str:
    """A link to a report page, named by its folder (``path`` is already escaped)."""
    return f'<a href="{path}">{path.split("/", 1)[0]}</a>'


def render(reports: list[dict]) -> str:
    """The index page's HTML."""
    styler = (table(reports).style.hide(axis="index")
              .format(escape="html")
              .format(_link, subset=["report"], escape="html"))
    return PAGE.format(table=styler.to_html(table_attributes='border="1"'))


def rebuild(folder: str | Path) -> Path:
    """Rewrite ``index.html`` of a reports folder; its path."""
    path = Path(folder) / "index.html"
    path.write_text(render(reports_in(folder)), encoding="utf-8")
    return path
