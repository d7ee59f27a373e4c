"""The Betting tab's spots panel: how many spots to play and what to bet on each at every
true count, for maximum growth (Kelly) at the tab's bankroll, Kelly fraction and spread.

The advice is :func:`jost_engine.betting.spot_advice.advise` (the optimiser, its formula
and references: :mod:`jost_engine.betting.spots`, docs/betting.md "Multiple spots"), as
``jost optimize --spots N`` prints it. It needs a result with two spots or more at the
counts to decide; for any other result the panel says so and offers to run one.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from jost_engine.analysis import format as fmt
from jost_engine.betting.spot_advice import advise, borrowed, measuring_config, others_of
from jost_engine.errors import JostError

from ._common import check, click_submit, message_html, submit_config

NEEDS_SPOTS = ("The spot optimiser needs a result with two or more spots at the counts to "
               "decide (a spot's EV, variance and the covariance of two spots of a round, by "
               "true count). This result plays one spot; run it with {n} spots everywhere "
               "(the button below) and show that result here.")
STYLE = ("<style>.jost-spot-plan td, .jost-spot-plan th {padding: 2px 10px; border-bottom: "
         "1px solid #ddd; text-align: right}</style>")


class SpotPanel(widgets.VBox):
    """The spots and bet per spot by true count of the tab's result.

    Parameters
    ----------
    view : jost_widgets.betting_view.BettingView
        The tab whose result, bankroll, unit, Kelly fraction and spread the panel uses
        (the spread is the most units a spot may bet).
    """

    def __init__(self, view):
        self.view = view
        self.manager, self.on_submit, self.job, self.out = view.manager, view.on_submit, None, None
        self.submitting, self.submit_thread = False, None
        self.most = widgets.Dropdown(options=[("1", 1), ("2", 2), ("3", 3)], value=3,
                                     description="most spots",
                                     style={"description_width": "120px"},
                                     layout=widgets.Layout(width="230px"))
        self.most.observe(lambda _: self.update(), names="value")
        self.measure = widgets.Button(description="Run with spots everywhere", icon="play",
                                      layout=widgets.Layout(width="230px"),
                                      disabled=view.manager is None)
        self.measure.on_click(lambda _: click_submit(self, self.run_measure, self._enable))
        self.submit_button = self.measure  # what click_submit disables meanwhile
        self.objective = widgets.HTML()
        self.objective.add_class("jost-spots-objective")
        self.message = widgets.HTML()
        self.message.add_class("jost-spots-feasibility")
        self.plan = widgets.HTML()
        self.plan.add_class("jost-spots-plan")
        super().__init__([widgets.HTML("<h4>Spots and bet per spot by true count</h4>"),
                          widgets.HBox([self.most, self.measure]), self.objective,
                          self.message, self.plan])
        self.add_class("jost-betting-spots")

    def update(self) -> dict | None:
        """Recompute the advice from the tab's controls; the advice, or None with the
        reason shown (a result without spots, or a control the optimiser refuses)."""
        view, n = self.view, self.most.value
        self.out = None
        self.objective.value = self.plan.value = ""
        if view.result is None:
            return None
        units = view.bankroll.value / view.unit
        try:
            out = advise(view.result.tally, units, n, view.kelly.value, 1.0,
                         view.spread.value, others_of(view.result.config, n))
        except JostError as exc:
            self.message.value = message_html(
                NEEDS_SPOTS.format(n=n) if getattr(exc, "field", None) == "spots"
                else str(exc), False)
            return None
        self.out = out
        obj = out["objective"]
        self.objective.value = (
            f"<b>Objective: maximum {html.escape(obj['words'])} at x{obj['kelly_fraction']:.2f}"
            f" Kelly</b>, 1 to {n} spots, 1 to {view.spread.value:g} units a spot, bankroll "
            f"{units:,.0f} units; <small>{html.escape(obj['formula'])} "
            f"({html.escape(obj['reference'])})</small>")
        feas = out["feasibility"]
        self.message.value = "" if feas["feasible"] else message_html(
            f"Nothing feasible: {feas['words']}", False)
        self.plan.value = plan_html(out) if out["config"] else ""
        return out

    def run_measure(self):
        """Submit the result's config with the most spots at every count, one unit each (the
        run the optimiser reads); the Job, or None if refused."""
        if self.view.result is None:
            return None
        hydrated, error = check(measuring_config(self.view.result.config, self.most.value))
        if error:
            self.message.value = message_html(error, False)
            return None
        return submit_config(self, hydrated, tags=["spot-measure"])

    def _enable(self) -> None:
        self.measure.disabled = self.manager is None or self.submitting


def plan_html(out: dict) -> str:
    """The plan by true count (share of rounds, spots, bet per spot, a spot's advantage)
    and its figures per round, each with its uncertainty by the one formatter."""
    rows = "".join(
        f"<tr><td>{r['true_count']:+d}</td><td>{100 * r['share']:.2f} %</td>"
        f"<td>{r['spots']}</td><td>{r['bet']:.2f}</td>"
        f"<td>{html.escape(fmt.estimate(r['ev']))}</td><td>{html.escape(borrowed(r))}</td></tr>"
        for r in out["rows"])
    figures = "".join(f"<tr><td style='text-align:left'>{html.escape(e.name)}</td>"
                      f"<td>{html.escape(fmt.estimate(e))}</td></tr>"
                      for e in out["figures"].values())
    cfg = out["config"]
    return (f"{STYLE}<p>Play <code>betting.spots {html.escape(str(cfg['spots']))}</code>, "
            f"<code>betting.ramp</code> per spot <code>{html.escape(str(cfg['ramp']))}</code>"
            f"</p><table class='jost-spot-plan'><tr><th>true count</th><th>rounds</th>"
            f"<th>spots</th><th>bet per spot [units]</th><th>a spot's advantage</th>"
            f"<th></th></tr>"
            f"{rows}</table><table class='jost-spot-plan'>{figures}</table>"
            f"<small>{html.escape(fmt.SE_NOTE)}; the plan's figures are its model from "
            f"{out['rounds']:,} rounds (simulate the plan to check them)</small>")
