"""What a template's cells call to show numbers, tables and figures.

A :class:`Page` displays its content in the notebook and records it in
``page.json`` in the working directory (the report's folder), from which
the runner writes ``summary.json``. Numbers are shown in cells marked
``data-key``, formatted by :func:`fmt`, so a test can match the HTML
against ``summary.json``.
"""

from __future__ import annotations

import html
import io
import json
import math
import sys
from pathlib import Path

from ..analysis import labels

PAGE_FILE = "page.json"


def fmt(value) -> str:
    """A number as shown in a report: 6 significant digits, ``n/a`` for none."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if isinstance(value, bool) or isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def _plain(value):
    if value is None or isinstance(value, bool | int | str):
        return value
    try:
        value = float(value)
    except (TypeError, ValueError):
        return str(value)
    return None if math.isnan(value) else value


def numbers_html(numbers: dict, title: str = "", unit: float | None = None) -> str:
    """An HTML table of key figures for people: readable name, estimate, SE or interval, money.

    Parameters
    ----------
    numbers : dict
        Key -> value; a key's standard error or interval (see
        :data:`jost_engine.analysis.labels.FIELDS`) goes beside it, not on a row
        of its own. Each estimate is in a ``<td data-key=KEY>``, written by
        :func:`jost_engine.analysis.labels.format_estimate`.
    title : str
        The caption.
    unit : float, optional
        Money per unit: figures in units get a column in the currency.
    """
    e = html.escape
    money = unit is not None and any(labels.FIELDS.get(k, labels.Field("")).money
                                     for k in numbers)
    head = "<tr><th>figure</th><th>estimate</th><th>± SE or 95 % interval</th>"
    if money:
        head += f"<th>in {labels.CURRENCY} (1 unit = {e(labels.money(unit))})</th>"
    head += "</tr>"
    rows = []
    for key in labels.shown_keys(numbers):
        field = labels.FIELDS.get(key)
        cells = (f"<th>{e(labels.label(key))}</th><td data-key=\"{e(key)}\">"
                 f"{e(labels.format_estimate(key, numbers))}</td>"
                 f"<td>{e(labels.format_uncertainty(key, numbers))}</td>")
        if money:
            value = numbers.get(key)
            cells += (f"<td>{e(labels.money(value * unit))}</td>"
                      if field and field.money and isinstance(value, int | float) else "<td></td>")
        rows.append(f"<tr>{cells}</tr>")
    caption = f"<caption>{e(title)}</caption>" if title else ""
    return (f"<table class=\"jost-numbers\">{caption}<thead>{head}</thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


#: The look of a report's tables and summary (the notebook's HTML keeps it).
CSS = """<style>
.jost-summary {font-size: 1.15em; line-height: 1.5; max-width: 60em; padding: 0.6em 1em;
  border-left: 4px solid #1f77b4; background: #f4f8fb; margin: 0.5em 0 1em 0;}
table.jost-numbers, table.jost-table {border-collapse: collapse; margin: 0.5em 0 1em 0;
  font-variant-numeric: tabular-nums;}
table.jost-numbers caption, table.jost-table caption {caption-side: top; text-align: left;
  font-weight: bold; padding-bottom: 0.3em;}
table.jost-numbers th, table.jost-numbers td, table.jost-table th, table.jost-table td {
  padding: 0.25em 0.8em; border-bottom: 1px solid #ddd; text-align: right;}
table.jost-numbers tbody th, table.jost-table tbody th {text-align: left !important;
  font-weight: normal;}
table.jost-table.jost-text td, table.jost-table.jost-text thead th,
  table.jost-numbers thead th:first-child {text-align: left !important;}
table.jost-numbers thead th, table.jost-table thead th {border-bottom: 2px solid #888;
  text-align: right;}
table.jost-table.jost-nowrap td, table.jost-table.jost-nowrap tbody th {
  white-space: nowrap;}
</style>"""


class Page:
    """The content of a report page, shown and recorded as it is added.

    Parameters
    ----------
    folder : str or Path
        Where ``page.json``, the figures' PNG and the CSV files go (the working directory).
    """

    def __init__(self, folder: str | Path = "."):
        self.folder = Path(folder)
        self.data = {"python": sys.executable, "numbers": {}, "figures": [], "files": [],
                     "summary": "", "headline": ""}
        self._save()
        self._css_shown = False

    def _save(self) -> None:
        (self.folder / PAGE_FILE).write_text(json.dumps(self.data, indent=2), encoding="utf-8")

    def _show(self, markup: str) -> None:
        from IPython.display import HTML, display

        if not self._css_shown:
            markup, self._css_shown = CSS + markup, True
        display(HTML(markup))

    def summary(self, text: str, headline: str = "", label: str = "") -> None:
        """Show the answer in plain words (a ``jost-summary`` paragraph) and record it.

        Parameters
        ----------
        text : str
            The report's first sentences (see :mod:`jost_engine.analysis.summary_text`).
        headline : str
            The one figure the reports index lists.
        label : str
            What the index calls the report when the user named none (e.g. the
            job's config label rather than its id).
        """
        self.data["summary"], self.data["headline"] = text, headline
        if label:
            self.data["label"] = label
        self._save()
        # quote=False: nbconvert writes quotes back as they are, so the page holds the text
        self._show(f"<p class=\"jost-summary\">{html.escape(text, quote=False)}</p>")

    def record(self, numbers: dict) -> None:
        """Record numbers for ``summary.json`` without showing them."""
        self.data["numbers"].update({k: _plain(v) for k, v in numbers.items()})
        self._save()

    def numbers(self, numbers: dict, title: str = "", unit: float | None = None) -> None:
        """Show key figures as a table for people (:func:`numbers_html`) and record them."""
        plain = {k: _plain(v) for k, v in numbers.items()}
        self.record(plain)
        self._show(numbers_html(plain, title, unit))

    def figure(self, fig, name: str) -> None:
        """Show a figure (embedded PNG) and save it as ``<name>.png``."""
        from IPython.display import Image, display

        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=100)
        png = buffer.getvalue()
        (self.folder / f"{name}.png").write_bytes(png)
        self.data["figures"].append(f"{name}.png")
        self._save()
        display(Image(data=png, format="png"))

    def table(self, frame, caption: str = "", formats: dict | None = None,
              index: bool = True, text: bool = False, nowrap: bool = False) -> None:
        """Show a DataFrame through :class:`pandas.io.formats.style.Styler`, cells escaped.

        Parameters
        ----------
        frame : pandas.DataFrame
            Columns already named for people.
        caption : str
        formats : dict, optional
            Column -> format string or function (Styler.format's ``formatter``).
        index : bool
            Show the index (the row names) as the first column.
        text : bool
            The cells are words, not numbers: aligned left.
        nowrap : bool
            Keep each cell on one line (an estimate with its SE).
        """
        styler = frame.style.format(formats, na_rep=labels.NA, escape="html")
        styler = styler.format_index(escape="html", axis=0).format_index(escape="html", axis=1)
        if not index:
            styler = styler.hide(axis="index")
        if caption:
            styler = styler.set_caption(html.escape(caption))
        kind = "jost-table jost-text" if text else "jost-table"
        kind += " jost-nowrap" if nowrap else ""
        self._show(styler.to_html(table_attributes=f'class="{kind}"'))

    def csv(self, frame, name: str, text: str) -> None:
        """Write a DataFrame as ``<name>.csv`` beside the report and show a link to it."""
        path = self.folder / f"{name}.csv"
        frame.to_csv(path, index=False)
        self.data["files"].append(path.name)
        self._save()
        self._show(f"<p><a href=\"{html.escape(path.name)}\" download>{html.escape(text)}</a> "
                   f"({html.escape(path.name)})</p>")

    def details(self, title: str, data) -> None:
        """Show data as indented JSON, folded under a title the reader can open."""
        self._show(f"<details><summary>{html.escape(title)}</summary><pre>"
                   f"{html.escape(json.dumps(data, indent=2))}</pre></details>")

    def text(self, markdown: str) -> None:
        """Show Markdown text."""
        from IPython.display import Markdown, display

        display(Markdown(markdown))
