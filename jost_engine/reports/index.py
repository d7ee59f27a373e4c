"""``reports/index.html``: every report of a reports folder, newest first."""

from __future__ import annotations

import html
import json
from pathlib import Path

from .page import fmt

INDEX_NUMBERS = 3


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


def render(reports: list[dict]) -> str:
    """The index page's HTML."""
    rows = []
    for r in reports:
        numbers = list((r.get("numbers") or {}).items())[:INDEX_NUMBERS]
        shown = ", ".join(f"{k} = {fmt(v)}" for k, v in numbers)
        link = f"{r['folder']}/{r.get('html', 'report.html')}"
        cells = [r.get("created", ""), r.get("template", ""), r.get("label", ""),
                 r.get("status", ""), shown]
        tds = "".join(f"<td>{html.escape(str(c))}</td>" for c in cells)
        rows.append(f"<tr>{tds}<td><a href=\"{html.escape(link)}\">"
                    f"{html.escape(r['folder'])}</a></td></tr>")
    head = "".join(f"<th>{h}</th>" for h in
                   ("created", "template", "label", "status", "key numbers", "report"))
    return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>JOST reports</title>"
            "</head><body><h1>JOST reports</h1>"
            f"<table border=\"1\"><tr>{head}</tr>{''.join(rows)}</table></body></html>\n")


def rebuild(folder: str | Path) -> Path:
    """Rewrite ``index.html`` of a reports folder; its path."""
    path = Path(folder) / "index.html"
    path.write_text(render(reports_in(folder)), encoding="utf-8")
    return path
