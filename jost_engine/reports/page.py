"""What a template's cells call to show numbers, tables and figures.

A :class:`Page` displays its content in the notebook and records it in
``page.json`` in the working directory (the report's folder), from which
the runner writes ``summary.json``. Key figures are shown in cells marked
``data-key``, written by :func:`jost_engine.analysis.format.estimate`, and
recorded with that text under ``estimates``, so a test and the reports index
use the same strings.
"""

from __future__ import annotations

import html
import io
import json
import math
import sys
from pathlib import Path

from ..analysis import estimates, labels, present
from ..analysis import format as fmt

PAGE_FILE = "page.json"


def _plain(value):
    if value is None or isinstance(value, bool | int | str):
        return value
    try:
        value = float(value)
    except (TypeError, ValueError):
        return str(value)
    return None if math.isnan(value) else value


def numbers_html(figs: dict, title: str = "", unit: float | None = None) -> str:
    """An HTML table of key figures for people: name, estimate ± 1 SE, money, method.

    Parameters
    ----------
    figs : dict
        Key -> :class:`~jost_engine.analysis.estimates.Estimate`. Each estimate
        is in a ``<td data-key=KEY>``, written by
        :func:`jost_engine.analysis.format.estimate` (the one formatter).
    title : str
        The caption; the table states once what its ± and ranges are.
    unit : float, optional
        Money per unit: figures in units get a column in the currency.
    """
    e = html.escape
    money = unit is not None and any(labels.FIELDS.get(k, labels.Field("")).money
                                     and f.value is not None for k, f in figs.items())
    head = "<tr><th>figure</th><th>estimate</th>"
    if money:
        head += f"<th>in {labels.CURRENCY} (1 unit = {e(labels.money(unit))})</th>"
    head += "<th>how the uncertainty is obtained</th></tr>"
    rows = []
    for key, est in figs.items():
        field = labels.FIELDS.get(key)
        cells = (f"<th>{e(est.name)}</th><td data-key=\"{e(key)}\">"
                 f"{e(fmt.estimate(est))}</td>")
        if money:
            cells += (f"<td>{e(fmt.estimate(est, unit))}</td>"
                      if field and field.money and est.value is not None else "<td></td>")
        cells += f"<td class=\"jost-method\">{e(est.method)}</td>"
        rows.append(f"<tr>{cells}</tr>")
    note = f"{fmt.SE_NOTE}; {fmt.RANGE_NOTE}"
    caption = f"<caption>{e(title + '. ' if title else '')}{e(note)}</caption>"
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
  table.jost-numbers thead th:first-child,
  table.jost-numbers thead th:last-child {text-align: left !important;}
table.jost-numbers thead th, table.jost-table thead th {border-bottom: 2px solid #888;
  text-align: right;}
table.jost-table.jost-nowrap td, table.jost-table.jost-nowrap tbody th {
  white-space: nowrap;}
table.jost-numbers td.jost-method {text-align: left; color: #555;}
table.jost-numbers td[data-key] {white-space: nowrap;}
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
        """Show flat key figures (a figure's SE and range under the keys of
        :data:`~jost_engine.analysis.labels.FIELDS`) as :meth:`estimates` does."""
        plain = {k: _plain(v) for k, v in numbers.items()}
        self.estimates({k: present.from_numbers(k, plain) for k in labels.shown_keys(plain)},
                       title, unit, plain)

    def estimates(self, figs: dict, title: str = "", unit: float | None = None,
                  numbers: dict | None = None) -> None:
        """Show estimates as a table for people (:func:`numbers_html`) and record them:
        their flat numbers under ``numbers`` and their JSON form under ``estimates``."""
        self.data.setdefault("estimates", {}).update(
            {k: {**est.to_dict(), "text": fmt.estimate(est)} for k, est in figs.items()})
        self.record(numbers if numbers is not None else estimates.plain(figs))
        self._show(numbers_html(figs, title, unit))

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
