"""The Betting tab's bankroll and risk panel: "what is my risk at $1,000 with the ramp I play",
or with the optimal ramp re-optimised at that bankroll (a toggle; the panel says which).

Figures from :func:`jost_engine.betting.compare.tool_ranges` (diffusion model; the formulas
and their references in docs/betting.md), each with its range at the win rate ± 1 SE.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from jost_engine import betting
from jost_engine.analysis import format as fmt
from jost_engine.analysis.estimates import Estimate
from jost_engine.betting.compare import tool_ranges
from jost_engine.betting.risk import parse_risk
from jost_engine.betting.uncertainty import TOOL_KINDS
from jost_engine.errors import JostError

from ._common import message_html

#: The two ramps the panel can show.
MODES = {"the ramp I play": "yours", "the optimal ramp, re-optimised at this bankroll": "optimal"}
#: Rows: (label, key of the tools, format; "%" for a probability, "h" for hours, "u" for units).
ROWS = (("lifetime risk of ruin", "ror"),
        ("bankroll for a {risk} lifetime risk", "bankroll_for_risk"),
        ("risk of ruin before winning the goal of {goal}", "ruin_with_goal"),
        ("chance of winning the goal first", "goal_first"),
        ("hours to the goal with {conf} confidence [h]", "hours_to_goal"),
        ("risk of ruin within {hours:g} hours", "trip_ror"),
        ("chance of being ahead after {hours:g} hours", "ahead_after"),
        ("hours to N0, the win equal to one SD [h]", "hours_to_n0"),
        ("hours to be ahead with {conf} confidence [h]", "hours_ahead"))
STYLE = ("<style>.jost-betting-risks td {padding: 2px 10px; border-bottom: 1px solid #ddd;"
         " text-align: right} .jost-betting-risks td:first-child {text-align: left}</style>")
NOTE = ("Diffusion model from the win rate and SD per hour (formulas and references: "
        "docs/betting.md); each range is the figure at the win rate ± 1 SE, where ± is one "
        "standard error.")


def cell(key: str, value, low, high, unit: float) -> str:
    """A tool's figure with its range at the win rate ± 1 SE, by the one formatter; a
    bankroll in money."""
    kind = TOOL_KINDS.get(key, "ror")
    if value is None:
        return fmt.estimate(Estimate(kind, None, why="needs a positive win rate"))
    if low is None or high is None or low == high:
        e = Estimate(kind, value, se=0.0)
    else:
        e = Estimate(kind, value, low=low, high=high)
    return fmt.estimate(e, unit_money=unit if key == "bankroll_for_risk" else None)


def _box(description: str, value: float) -> widgets.BoundedFloatText:
    return widgets.BoundedFloatText(value=value, min=0.0, max=1e12, step=100.0,
                                    description=description,
                                    style={"description_width": "120px"},
                                    layout=widgets.Layout(width="230px"))


class BankrollPanel(widgets.VBox):
    """Bankroll and risk figures of one ramp at a bankroll, goal and trip length.

    Parameters
    ----------
    view : jost_widgets.betting_view.BettingView
        The tab whose table, limits and objective the panel uses.
    """

    def __init__(self, view):
        self.view = view
        self.bankroll = _box("at bankroll [$]", 1_000.0)
        self.goal = _box("win goal [$]", 1_000.0)
        self.confidence = widgets.Text(value="95%", description="confidence",
                                       style={"description_width": "120px"},
                                       layout=widgets.Layout(width="230px"))
        self.mode = widgets.ToggleButtons(options=list(MODES), description="ramp",
                                          style={"button_width": "330px"})
        for control in (self.bankroll, self.goal, self.confidence, self.mode):
            control.observe(lambda _: self.update(), names="value")
        self.heading = widgets.HTML()
        self.table = widgets.HTML()
        self.table.add_class("jost-betting-bankroll")
        super().__init__([widgets.HTML("<b>Bankroll and risk</b>"),
                          widgets.HBox([self.bankroll, self.goal, self.confidence]),
                          self.mode, self.heading, self.table])
        self.out: dict | None = None

    @property
    def which(self) -> str:
        """``"yours"`` or ``"optimal"``: the ramp the panel shows."""
        return MODES[self.mode.value]

    def update(self) -> dict | None:
        """Recompute the panel; the tools (``(value, low, high)`` per key) or None."""
        view = self.view
        if view.table is None:
            return None
        unit = view.unit
        units = self.bankroll.value / unit
        try:
            if not units > 0:
                raise JostError("at bankroll [$]: must be above 0")
            confidence = parse_risk(self.confidence.value)
            target = view.target() or 0.05
            ramp = view.given() if self.which == "yours" else view.optimum_at(units).ramp
            figures = betting.evaluate(view.table, ramp, units)
            tools = tool_ranges(figures, self.goal.value / unit or None, view.hours.value,
                                confidence, target)
        except JostError as exc:
            self.out = None
            text = str(exc).replace("ror:", "confidence:", 1) if "ror:" in str(exc)[:4] \
                else str(exc)
            self.heading.value = message_html(text, False)
            self.table.value = ""
            return None
        low, high = _ror_range(figures)
        tools["ror"] = (figures["ror"], low, high)
        what = ("your ramp (the one you play, not re-optimised)" if self.which == "yours" else
                f"the optimal ramp for {view.objective_name()}, re-optimised at this bankroll")
        self.heading.value = (
            f"<p>Showing <b>{html.escape(what)}</b> at ${self.bankroll.value:,.0f} "
            f"({units:,.0f} units): {html.escape(betting_ramp_text(figures))}</p>")
        names = {"risk": f"{100 * target:g}%",
                 "goal": f"${self.goal.value:,.0f}", "conf": f"{100 * confidence:g}%",
                 "hours": view.hours.value}
        rows = "".join(
            f"<tr><td>{html.escape(label.format(**names))}</td>"
            f"<td>{html.escape(cell(key, *tools[key], unit))}</td></tr>"
            for label, key in ROWS if key in tools)
        self.table.value = (f'{STYLE}<table class="jost-betting-risks">{rows}</table>'
                            f"<small>{html.escape(NOTE)}</small>")
        self.out = tools
        return tools


def _ror_range(figures: dict) -> tuple[float | None, float | None]:
    """The lifetime risk at the win rate ± 1 SE."""
    se = figures.get("se_win_rate_per_hour") or 0.0
    hands = figures.get("hands_per_hour") or 1.0
    ends = [betting.risk.diffusion(figures["ev_per_round"] + s * se / hands,
                                   figures["sd_per_round"], figures["bankroll_units"])
            for s in (-1, 1)]
    return min(ends), max(ends)


def betting_ramp_text(figures: dict) -> str:
    """A ramp of the Betting view's figures (``ramp``, ``wong_in``, ``wong_out``) in words."""
    from jost_engine.analysis.betting_tables import ramp_text

    return ramp_text(figures["ramp"], figures["wong_in"], figures["wong_out"])
