"""A result as a summary table and the charts of :mod:`jost_engine.analysis`."""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd

from jost_engine.analysis import figures, tables

from ._common import figure_png

SUMMARY_FIELDS = ("rounds", "advantage", "se_advantage", "ev_per_round", "sd_per_round",
                  "avg_bet", "win_rate_per_hour", "sd_per_hour", "di", "score", "n0", "ror",
                  "rounds_per_s")
BANKROLL_MULTIPLES = (0.25, 0.5, 1, 2, 4)
BANKROLL_SDS = (10, 25, 50, 100, 200, 400)


def summary_table(summary: dict) -> pd.DataFrame:
    """The main figures of a summary as a two-column table (``figure``, ``value``)."""
    return pd.DataFrame([{"figure": k, "value": summary[k]} for k in SUMMARY_FIELDS
                         if k in summary])


def bankrolls(result) -> list[float]:
    """Bankrolls [units] for the risk-of-ruin chart: around the config's, else by SD."""
    own = (result.config.get("betting") or {}).get("bankroll_units")
    if own:
        return [own * m for m in BANKROLL_MULTIPLES]
    sd = result.summary.get("sd_per_round") or 1.0
    return [sd * n for n in BANKROLL_SDS]


class ResultView(widgets.VBox):
    """The summary of a result as a table, and its charts as images.

    Charts are drawn by :mod:`jost_engine.analysis.figures` and shown as PNG
    images, so :meth:`show` only sets widget values and may run in any thread.
    """

    def __init__(self):
        self.title = widgets.HTML("<i>no result yet: choose 'show' on a finished job</i>")
        self.summary = widgets.HTML()
        self.charts = {name: widgets.Image(format="png", layout=widgets.Layout(width="600px"))
                       for name in ("ev_by_true_count", "outcomes", "risk_of_ruin")}
        self.result = None
        super().__init__([self.title, self.summary,
                          widgets.HBox([self.charts["ev_by_true_count"],
                                        self.charts["outcomes"]]),
                          self.charts["risk_of_ruin"]])

    def show(self, result, title: str | None = None) -> None:
        """Show a :class:`~jost_engine.result.SimulationResult`.

        Parameters
        ----------
        result : SimulationResult
            The result; one without ``by_true_count`` (another simulation
            type) shows its summary only.
        title : str, optional
            Heading; the config's label by default.
        """
        self.result = result
        label = title or result.config.get("label", "")
        self.title.value = f"<h3>{html.escape(str(label))}</h3>"
        self.summary.value = summary_table(result.summary).to_html(index=False,
                                                                     float_format="{:.6g}".format)
        if not hasattr(result, "by_true_count"):
            for image in self.charts.values():
                image.value = b""
            return
        summary = result.summary
        ror = tables.risk_of_ruin(summary["ev_per_round"], summary["sd_per_round"],
                                  bankrolls(result))
        self.charts["ev_by_true_count"].value = figure_png(
            figures.ev_by_true_count(result.by_true_count))
        self.charts["outcomes"].value = figure_png(figures.outcome_distribution(result.outcomes))
        self.charts["risk_of_ruin"].value = figure_png(figures.risk_of_ruin(ror))
