"""Jobs side by side: their key figures ± SE, each job's differences from a reference job
(paired on common shoes where they share them) with a verdict per figure, what differs in
their configs, and a chart of advantage and SCORE (± 1 SE).

The estimates come from :mod:`jost_engine.analysis.compare`, the words of the
config differences from :func:`jost_engine.analysis.present.config_diff` (the
Build tab's field names), every figure is written by
:mod:`jost_engine.analysis.format`, the chart is
:mod:`jost_engine.analysis.compare_figures`.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from jost_engine.analysis import compare, compare_figures, labels, present
from jost_engine.analysis import format as fmt

from ._common import figure_png, message_html
from .result_view import set_image, shown_result

STYLE = ("<style>.jost-compare td, .jost-compare th {padding: 2px 10px;"
         " border-bottom: 1px solid #ddd; text-align: right; vertical-align: top}"
         " .jost-compare td:first-child, .jost-compare th:first-child {text-align: left}"
         " .jost-compare code {white-space: pre-wrap; word-break: break-word}</style>")
#: Figure names in the tables (the risk of ruin's own label names its bankroll).
NAMES = {"advantage": "advantage [% of the initial bet]",
         "win_rate_per_hour": "win rate [units per hour]",
         "sd_per_round": "SD per round [units]", "score": "SCORE", "di": "DI",
         "n0": "N0 [rounds]", "ror": "risk of ruin, lifetime", "rounds": "rounds played"}


def job_name(row: dict) -> str:
    """A job's name in a comparison: its label and its whole id (``Hi-Lo (job 4f2a0c91d7)``)."""
    return f"{row['label']} (job {row['id']})"


def _table(head: list[str], rows: list[list[str]], css: str) -> str:
    top = "".join(f"<th>{html.escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
                   for row in rows)
    return f'{STYLE}<table class="jost-compare {css}"><tr>{top}</tr>{body}</table>'


def figures_html(figures: dict) -> str:
    """Each job's figures, ``value ± SE`` (ranges for N0 and the risk of ruin), one column
    per job; the risk of ruin's row names its bankroll (the note names each when they
    differ); the note says once what the ± is."""
    names = list(figures)
    ruin = sorted({figures[n]["ror"].name for n in names if figures[n]["ror"].value is not None})
    rows = []
    for key in compare.COMPARED:
        cells = [fmt.estimate(figures[n][key]) if key in figures[n] else labels.NA
                 for n in names]
        name = ruin[0] if key == "ror" and len(ruin) == 1 else NAMES.get(key, labels.label(key))
        rows.append([name, *cells])
    note = (f"{fmt.SE_NOTE}; N0 and the risk of ruin are ranges: the figure at EV ± 1 SE. "
            "n/a: not defined (the words say why).")
    if len(ruin) > 1:  # the bankrolls differ: each named
        note += " The risks of ruin: " + "; ".join(ruin) + "."
    return (_table(["figure", *names], rows, "jost-compare-figures")
            + f"<small>{html.escape(note)}</small>")


def differences_html(figures: dict, reference: str, diffs: dict, shoes: dict) -> str:
    """One table per job: its figures minus the reference's ± SE, paired or unpaired (said),
    and a verdict per figure at 95 % confidence."""
    parts = []
    for name, rows in diffs.items():
        same, why = shoes[name]
        how = ("paired on common shoes" if any(d.method.startswith("paired")
                                              for d in rows.values())
               else "unpaired (errors taken as independent)")
        if same and how.startswith("unpaired"):
            why += ", but too few chunks for a paired SE"
        rounds = compare.verdict_rounds(figures, name, reference)
        body = [[NAMES.get(key, labels.label(key)), fmt.estimate(d, signed=True),
                 "paired" if d.method.startswith("paired") else "unpaired",
                 compare.verdict(d, rounds)] for key, d in rows.items()]
        head = ["figure", "difference", "SE", "verdict (95 %)"]
        parts.append(f"<h4>{html.escape(name)} minus the reference</h4><p>SE {how}: "
                     f"{html.escape(why)}</p>"
                     + _table(head, body, "jost-compare-differences"))
    note = (f"{fmt.SE_NOTE} of the difference. A verdict says resolved when |difference| > "
            "1.96 SE (95 % confidence, two-sided); else the rounds each job would need. N0 and "
            "the risk of ruin follow the win rate; the SD is not judged (its SE, a normal "
            "approximation, is a lower bound).")
    return "".join(parts) + f"<small>{html.escape(note)}</small>"


def diff_html(table) -> str:
    """:func:`jost_engine.analysis.present.config_diff` as HTML, or a sentence when none differ."""
    if table.empty:
        return "<p>The configs are the same (apart from their labels).</p>"
    head = ["setting", *[str(c) for c in table.columns]]
    rows = [[str(setting), *values] for setting, values in
            zip(table.index, table.itertuples(index=False))]
    return _table(head, rows, "jost-compare-diff")


class CompareView(widgets.VBox):
    """Several jobs side by side (``show(jobs)``): figures ± SE, differences from a reference
    job with verdicts, config differences in words, chart."""

    def __init__(self):
        self.title = widgets.HTML("<i>no comparison yet: tick 'compare' on two or more jobs "
                                  "in the Jobs tab, then 'Compare selected'</i>")
        self.message = widgets.HTML()
        self.figures = widgets.HTML(layout=widgets.Layout(overflow="auto", max_width="100%"))
        self.reference = widgets.Dropdown(description="reference job",
                                          style={"description_width": "initial"},
                                          layout=widgets.Layout(width="620px", max_width="100%",
                                                                display="none"))
        self.reference.add_class("jost-compare-reference")
        self.against = widgets.HTML(layout=widgets.Layout(overflow="auto", max_width="100%"))
        self.diff = widgets.HTML(layout=widgets.Layout(overflow="auto", max_width="100%"))
        self.chart = widgets.Image(format="png", layout=widgets.Layout(
            width="620px", max_width="100%", height="auto", display="none"))
        self.chart.add_class("jost-chart-compare")
        self.estimates = {}
        self.differences = None
        self.config_differences = None
        self._configs, self._chunks, self._loaded = {}, {}, {}
        self._quiet = False
        self.reference.observe(lambda _: self.show_differences(), names="value")
        super().__init__([self.title, self.message, self.figures, self.chart,
                          widgets.HTML("<h4>Against a reference job</h4>"), self.reference,
                          self.against,
                          widgets.HTML("<h4>What differs in their configs</h4>"), self.diff])
        self.add_class("jost-compare-view")

    def show(self, jobs: list) -> None:
        """Compare jobs (COMPLETE ones, or partial results of stopped ones); the reference is
        the first complete one (else the first)."""
        summaries, configs, chunks, notes = {}, {}, {}, []
        for job in jobs:
            row = job.info
            result, partial = shown_result(job)
            if result is None:
                notes.append(f"{job_name(row)} has no result yet and is left out")
                continue
            name = job_name(row) + (" PARTIAL" if partial else "")
            summaries[name], configs[name] = result.summary, row["config"]
            chunks[name] = lambda job=job: job.manager.ledger.partials(job.id)
        self.message.value = message_html("; ".join(notes), False) if notes else ""
        if len(summaries) < 2:
            self.title.value = "<h3>Compare</h3><p>Choose at least two jobs with a result.</p>"
            self.figures.value = self.diff.value = self.against.value = ""
            self.reference.layout.display = "none"
            set_image(self.chart, b"")
            return
        self._configs, self._chunks, self._loaded = configs, chunks, {}
        self.estimates = compare.job_figures(summaries, configs)
        self.config_differences = present.config_diff(configs)
        self.title.value = f"<h3>{len(summaries)} jobs side by side</h3>"
        self.figures.value = figures_html(self.estimates)
        self.diff.value = diff_html(self.config_differences)
        set_image(self.chart, figure_png(compare_figures.advantage_and_score(self.estimates)))
        self._quiet = True  # one computation below, not one per trait the options change
        try:
            self.reference.options = list(summaries)
            self.reference.value = next((n for n in summaries if not n.endswith(" PARTIAL")),
                                        next(iter(summaries)))
        finally:
            self._quiet = False
        self.reference.layout.display = None
        self.show_differences()

    def show_differences(self) -> None:
        """Each job minus the reference job chosen, paired where they share their shoes."""
        reference = self.reference.value
        if self._quiet or reference not in self.estimates:
            return
        paired, shoes, loaded = {}, {}, self._loaded
        for name in self.estimates:
            if name == reference:
                continue
            shoes[name] = compare.common_shoes(self._configs[name], self._configs[reference])
            if shoes[name][0]:
                for n in (name, reference):
                    loaded.setdefault(n, self._chunks[n]())
                per_hour = (self._configs[reference].get("run") or {}).get("rounds_per_hour")
                paired[name] = compare.paired_ses(loaded[name], loaded[reference], per_hour)
        self.differences = compare.differences(self.estimates, reference, paired)
        self.against.value = differences_html(self.estimates, reference, self.differences,
                                              shoes)
