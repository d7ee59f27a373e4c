"""Jobs side by side: their key figures with standard errors, what differs in their
configs, and a chart of advantage and SCORE with 95 % intervals.

The tables come from :mod:`jost_engine.analysis.compare`, the chart from
:mod:`jost_engine.analysis.compare_figures`.
"""

from __future__ import annotations

import html
import math

import ipywidgets as widgets

from jost_engine.analysis import compare, compare_figures

from ._common import figure_png, message_html
from .result_view import set_image, shown_result

STYLE = ("<style>.jost-compare td, .jost-compare th {padding: 2px 10px;"
         " border-bottom: 1px solid #ddd; text-align: right; vertical-align: top}"
         " .jost-compare td:first-child, .jost-compare th:first-child {text-align: left}"
         " .jost-compare code {white-space: pre-wrap; word-break: break-word}</style>")
#: Digits of each figure (by readable label) in the figures table.
DIGITS = {"advantage [% of initial bet]": "{:+.3f}", "win rate [units/hour]": "{:+.3f}",
          "win rate [$/hour]": "{:+,.2f}", "SD per round [units]": "{:.3f}", "SCORE": "{:.2f}",
          "DI": "{:.2f}", "N0 [rounds]": "{:,.0f}", "risk of ruin, lifetime [%]": "{:.2f}",
          "rounds played": "{:,.0f}"}


def job_name(row: dict) -> str:
    """A job's name in a comparison: its label and the first characters of its id."""
    return f"{row['label']} ({row['id'][:6]})"


def figures_html(table) -> str:
    """:func:`jost_engine.analysis.compare.figures_table` as HTML: ``value ± SE`` per job."""
    names = list(dict.fromkeys(name for name, _ in table.columns))
    head = "".join(f"<th>{html.escape(n)}</th>" for n in names)
    body = ""
    for label in table.index:
        form = DIGITS.get(label, "{:.4g}")
        cells = ""
        for name in names:
            value, se = table.at[label, (name, "value")], table.at[label, (name, "SE")]
            text = "–" if math.isnan(value) else form.format(value)
            if not math.isnan(value) and not math.isnan(se):
                text += f" ± {form.format(se).lstrip('+')}"
            cells += f"<td>{text}</td>"
        body += f"<tr><td>{html.escape(label)}</td>{cells}</tr>"
    return (f'{STYLE}<table class="jost-compare jost-compare-figures"><tr><th>figure '
            f"(± standard error)</th>{head}</tr>{body}</table><small>– : not defined (SCORE "
            f"and N0 need a positive EV, the risk of ruin a bankroll, $ a unit)</small>")


def diff_html(table) -> str:
    """:func:`jost_engine.analysis.compare.config_diff` as HTML, or a sentence when none differ."""
    if table.empty:
        return "<p>The configs are the same (apart from their labels).</p>"
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in table.columns)
    body = "".join(
        f"<tr><td><code>{html.escape(path)}</code></td>"
        + "".join(f"<td><code>{html.escape(v)}</code></td>" for v in values) + "</tr>"
        for path, values in zip(table.index, table.itertuples(index=False)))
    return (f'{STYLE}<table class="jost-compare jost-compare-diff"><tr><th>config field</th>'
            f"{head}</tr>{body}</table>")


class CompareView(widgets.VBox):
    """Several jobs side by side (``show(jobs)``): figures with SEs, config differences, chart."""

    def __init__(self):
        self.title = widgets.HTML("<i>no comparison yet: tick 'compare' on two or more jobs "
                                  "in the Jobs tab, then 'Compare selected'</i>")
        self.message = widgets.HTML()
        self.figures = widgets.HTML(layout=widgets.Layout(overflow="auto", max_width="100%"))
        self.diff = widgets.HTML(layout=widgets.Layout(overflow="auto", max_width="100%"))
        self.chart = widgets.Image(format="png", layout=widgets.Layout(
            width="620px", max_width="100%", height="auto", display="none"))
        self.chart.add_class("jost-chart-compare")
        self.table = None
        self.differences = None
        super().__init__([self.title, self.message, self.figures, self.chart,
                          widgets.HTML("<h4>What differs in their configs</h4>"), self.diff])
        self.add_class("jost-compare-view")

    def show(self, jobs: list) -> None:
        """Compare jobs (COMPLETE ones, or partial results of stopped ones)."""
        summaries, configs, notes = {}, {}, []
        for job in jobs:
            row = job.info
            result, partial = shown_result(job)
            if result is None:
                notes.append(f"{job_name(row)} has no result yet and is left out")
                continue
            name = job_name(row) + (" PARTIAL" if partial else "")
            summaries[name], configs[name] = result.summary, row["config"]
        self.message.value = message_html("; ".join(notes), False) if notes else ""
        if len(summaries) < 2:
            self.title.value = "<h3>Compare</h3><p>Choose at least two jobs with a result.</p>"
            self.figures.value = self.diff.value = ""
            set_image(self.chart, b"")
            return
        self.table = compare.figures_table(summaries)
        self.differences = compare.config_diff(configs)
        self.title.value = f"<h3>{len(summaries)} jobs side by side</h3>"
        self.figures.value = figures_html(self.table)
        self.diff.value = diff_html(self.differences)
        set_image(self.chart, figure_png(compare_figures.advantage_and_score(self.table)))
