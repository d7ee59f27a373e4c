"""The Betting view: the optimal ramp for a result with a count, beside the user's,
recomputed as the bankroll, spread, Kelly fraction, risk target and chip step move.

Everything is computed from the result's true-count table by
:mod:`jost_engine.betting` (a few tens of milliseconds), and drawn by
:mod:`jost_engine.analysis.betting_figures`.
"""

from __future__ import annotations

import contextlib
import copy
import html
import threading

import ipywidgets as widgets
import numpy as np

from jost_engine import betting
from jost_engine.analysis import betting_figures, betting_tables
from jost_engine.analysis.betting_tables import ramp_text
from jost_engine.betting import risk
from jost_engine.betting.risk import parse_risk
from jost_engine.errors import JostError
from jost_engine.limits import LABEL_MAX
from jost_engine.profiles import ProfileStore
from jost_engine.tally import Tally

from ._common import check, click_submit, errors_html, figure_png, message_html, submit_config
from .bankroll_panel import BankrollPanel
from .controls import is_running_count
from .result_view import set_image
from .spot_panel import SpotPanel

DEFAULT_BANKROLL_UNITS = 400.0
DEFAULT_HOURS = 100.0
LOWEST_DRAWN = -4  # the ramps chart starts here at the lowest (ramps seldom change below)
MIN_FREQUENCY = 0.001  # counts drawn in the ramps chart: dealt in at least 0.1 % of rounds
NO_COUNT = ("The Betting view needs a result with a count: this job counts no cards "
            "(strategy.count is none), so its rounds were not tallied by true count and no "
            "ramp can be evaluated from it. Run a config with a count (e.g. the strategy "
            "hi-lo-i18-fab4) and show its result.")
TABLE_STYLE = ("<style>.jost-betting-figures td, .jost-betting-figures th {padding: 2px 10px;"
               " border-bottom: 1px solid #ddd; text-align: right}"
               " .jost-betting-figures td:first-child {text-align: left}</style>")


#: The objectives of the selector: (words, name).
OBJECTIVES = (("maximum growth (Kelly)", "growth"), ("maximum SCORE", "score"),
              ("maximum win rate at a risk target", "winrate"))
#: The figure row each objective maximizes (marked "optimised" in the table).
OPTIMISED = {"growth": "certainty_equivalent_per_hour", "score": "score",
             "winrate": "win_rate_per_hour"}
MARK = "◀ optimised"


def figures_html(optimal: dict, yours: dict, unit: float, objective: str | None = None) -> str:
    """The figures of both ramps as an HTML table (label, optimal, yours); the rows of the
    figure ``objective`` maximizes are marked."""
    frame = betting_tables.figures_frame(optimal, yours, unit)
    marked = {label.strip().format(hours=optimal.get("trip_hours") or 0)
              for label, key, _, _ in betting_tables.ROWS if key == OPTIMISED.get(objective)}
    rows = "".join(f"<tr><td>{html.escape(label)}</td><td>{html.escape(opt)}</td>"
                   f"<td>{html.escape(own)}</td>"
                   f"<td class='jost-optimised'>{MARK if label in marked else ''}</td></tr>"
                   for label, opt, own in frame.itertuples(index=False))
    return (TABLE_STYLE + '<table class="jost-betting-figures"><tr><th></th><th>optimal</th>'
            f"<th>yours</th><th></th></tr>{rows}</table>")


def _number_box(description: str, value: float, low: float, high: float, step: float,
                width: str = "230px") -> widgets.BoundedFloatText:
    return widgets.BoundedFloatText(value=value, min=low, max=high, step=step,
                                    description=description,
                                    style={"description_width": "120px"},
                                    layout=widgets.Layout(width=width))


class BettingView(widgets.VBox):
    """The optimal ramp of a result with a count, beside the config's own ramp.

    Parameters
    ----------
    manager : jost_engine.jobs.JobManager, optional
        Where *Simulate the optimal ramp* submits; without one the button is disabled.
    store : jost_engine.profiles.ProfileStore, optional
        Where *Save as betting profile* writes; the workspace's by default.
    on_submit : callable, optional
        Called with the :class:`~jost_engine.jobs.Job` of a confirming simulation.
    on_save : callable, optional
        Called with the name of a betting profile just saved.

    Notes
    -----
    :meth:`show` takes a result; every control change calls :meth:`update`,
    which recomputes the optimal ramp, both ramps' figures, the frontier and
    the bankroll bands from the result's true-count table. The last
    computation is in :attr:`out` (:func:`jost_engine.betting.optimal_vs_given`).
    """

    def __init__(self, manager=None, store: ProfileStore | None = None, on_submit=None,
                 on_save=None):
        self.manager = manager
        self.store = store
        self.on_submit = on_submit
        self.on_save = on_save
        self.job = None
        self.submitting = False
        self.submit_thread = None
        self.result = None
        self.table = None
        self.out: dict | None = None
        self.unit = 1.0
        self._updating = False
        self._lock = threading.Lock()
        self._draw_lock = threading.Lock()
        self._generation = 0
        self._drawn: dict = {}  # chart name -> the inputs it shows
        self.draw_thread: threading.Thread | None = None
        self.title = widgets.HTML("<i>no result yet: choose 'show' on a finished job with a "
                                  "count</i>")
        self.bankroll = _number_box("bankroll [$]", 10_000.0, 1.0, 1e12, 100.0)
        self.spread = _number_box("spread (1 to)", 12.0, 1.0, 1000.0, 1.0)
        self.kelly = widgets.FloatSlider(value=1.0, min=0.05, max=2.0, step=0.05,
                                         description="Kelly fraction", readout_format=".2f",
                                         continuous_update=False,
                                         style={"description_width": "120px"},
                                         layout=widgets.Layout(width="330px"))
        self.objective = widgets.Dropdown(options=list(OBJECTIVES), value="growth",
                                          description="objective",
                                          style={"description_width": "120px"},
                                          layout=widgets.Layout(width="360px"))
        self.risk_target = widgets.Text(value="5%", description="risk target",
                                        placeholder="5% or 0.05",
                                        style={"description_width": "120px"},
                                        layout=widgets.Layout(width="230px"))
        self.risk_target.tooltip = ("the lifetime risk of ruin of the win-rate objective, as "
                                    "5% or 0.05 (as jost optimize --ror takes it)")
        self.chip = _number_box("chip step [units]", 1.0, 0.1, 100.0, 0.1)
        self.max_changes = widgets.Dropdown(
            options=[("no limit", 0)] + [(str(k), k) for k in range(1, 9)],
            value=0, description="changes of bet", style={"description_width": "120px"},
            layout=widgets.Layout(width="230px"))
        self.cover = widgets.Dropdown(
            options=[("none", 0.0), ("at most x1.5", 1.5), ("at most x2", 2.0),
                     ("at most x3", 3.0)], value=0.0,
            description="cover", style={"description_width": "120px"},
            layout=widgets.Layout(width="230px"))
        self.max_changes.tooltip = "at most this many changes of bet over the ramp"
        self.cover.tooltip = "cover: no bet above this many times the bet of the count below"
        self.show_costs = widgets.Checkbox(value=False, description="cost of each limit",
                                           indent=False, layout=widgets.Layout(width="230px"))
        self.costs = widgets.HTML()
        self.costs.add_class("jost-betting-costs")
        self.hours = _number_box("trip [hours]", DEFAULT_HOURS, 1.0, 100_000.0, 10.0)
        self.bands_of = widgets.ToggleButtons(options=["optimal", "yours"],
                                              description="bands of",
                                              style={"button_width": "70px"})
        self.controls = [self.objective, self.bankroll, self.spread, self.kelly,
                         self.risk_target, self.chip, self.hours, self.bands_of,
                         self.max_changes, self.cover, self.show_costs]
        for control in self.controls:
            control.observe(lambda _: self.update(), names="value")
        self.message = widgets.HTML()
        self.message.add_class("jost-betting-objective")
        self.feasibility = widgets.HTML()
        self.feasibility.add_class("jost-betting-feasibility")
        self.ramps = widgets.HTML()
        self.figures = widgets.HTML()
        self.figures.add_class("jost-betting-figures-box")
        self.charts = {name: widgets.Image(format="png", layout=widgets.Layout(
            width="560px", max_width="100%", height="auto", display="none"))
            for name in ("ramps", "frontier", "bands")}
        for name, image in self.charts.items():
            image.add_class(f"jost-chart-betting-{name}")
        self.submit_button = widgets.Button(description="Simulate the optimal ramp",
                                            icon="play", layout=widgets.Layout(width="230px"),
                                            disabled=manager is None)
        self.submit_button.on_click(lambda _: click_submit(self, self.simulate,
                                                           self._enable_submit))
        self.profile_name = widgets.Text(placeholder="profile name",
                                         layout=widgets.Layout(width="180px"))
        self.save_button = widgets.Button(description="Save as betting profile", icon="save",
                                          layout=widgets.Layout(width="210px"))
        self.save_button.on_click(lambda _: self.save())
        row = widgets.Layout(flex_flow="row wrap", align_items="flex-start", width="100%")
        controls = widgets.HBox([
            widgets.VBox([self.objective, self.bankroll, self.spread, self.chip]),
            widgets.VBox([self.kelly, self.risk_target, self.hours]),
            widgets.VBox([self.max_changes, self.cover, self.show_costs])], layout=row)
        self.panel = BankrollPanel(self)
        self.spots = SpotPanel(self)
        actions = widgets.HBox([self.submit_button, self.profile_name, self.save_button],
                               layout=row)
        self.body = widgets.VBox([
            self.message, self.feasibility, controls, actions, self.ramps, self.costs,
            widgets.HBox([self.figures, self.charts["ramps"]], layout=row),
            widgets.HBox([self.charts["frontier"],
                          widgets.VBox([self.bands_of, self.charts["bands"]])], layout=row),
            self.panel, self.spots],
            layout=widgets.Layout(display="none"))
        super().__init__([self.title, self.body])
        self.add_class("jost-betting")

    # -- a result --------------------------------------------------------------------------

    def show(self, result, title: str | None = None) -> None:
        """Take a result: its table, its ramp, its bankroll and unit as the starting controls.

        A result without a count (or of another simulation type) hides the
        view and says why.
        """
        config = result.config
        label = html.escape(str(title or config.get("label", "")))
        strategy = config.get("strategy") or {}
        if not isinstance(getattr(result, "tally", None), Tally) or not strategy.get("count"):
            self.result = self.table = self.out = None
            self.title.value = (f"<h3>{label}</h3><p class='jost-betting-none'>"
                                f"{html.escape(NO_COUNT)}</p>")
            self.body.layout.display = "none"
            return
        self.result = result
        self.table = betting.from_result(result)
        self._drawn = {}
        bets = config.get("betting") or {}
        self.unit = float(bets.get("unit") or 1.0)
        given = betting.Ramp.from_betting(bets)
        units = float(bets.get("bankroll_units") or DEFAULT_BANKROLL_UNITS)
        with self._quiet():
            self.bankroll.value = units * self.unit
            self.panel.bankroll.value = units * self.unit
            self.spread.value = given.spread if given.spread > 1 else 12.0
            self.hours.value = float(bets.get("trip_hours") or DEFAULT_HOURS)
        count = strategy["count"].get("system", "")
        self.title.value = (f"<h3>Betting: {label}</h3><small>from {self.table.rounds:,} "
                            f"rounds counted with {html.escape(count)}, 1 unit = "
                            f"${self.unit:g}; the table minimum is 1 unit</small>")
        self.body.layout.display = None
        self.update()

    @contextlib.contextmanager
    def _quiet(self):
        """Set controls without recomputing after each one."""
        self._updating = True
        try:
            yield
        finally:
            self._updating = False

    def given(self) -> betting.Ramp:
        """The result's own ramp (its config's ``betting``)."""
        return betting.Ramp.from_betting(self.result.config.get("betting") or {})

    def target(self) -> float | None:
        """The risk target as a fraction (:func:`~jost_engine.betting.risk.parse_risk`);
        None when the field is empty."""
        text = self.risk_target.value.strip()
        return parse_risk(text) if text else None

    def objective_name(self) -> str:
        """The objective in words, with its Kelly fraction or risk target."""
        name = self.objective.value
        if name == "growth":
            return f"maximum growth (certainty equivalent at x{self.kelly.value:.2f} Kelly)"
        if name == "score":
            return "maximum SCORE"
        target = self.target()
        return (f"maximum win rate with a lifetime risk of ruin at most "
                f"{100 * target:g}%" if target else "maximum win rate at a risk target")

    def _limits(self) -> dict:
        limits = {"spread": self.spread.value, "round_to": self.chip.value}
        shape = {"max_changes": self.max_changes.value, "cover": self.cover.value}
        return {**limits, **{k: v for k, v in shape.items() if v}}  # 0: no such limit

    def optimum_at(self, units: float) -> betting.Optimum:
        """The optimum of the selected objective at ``units`` of bankroll, same limits."""
        return betting.optimize(self.table, self.objective.value, units, self.kelly.value,
                                self.target(), self.given(), **self._limits())

    def update(self) -> dict | None:
        """Recompute the optimal ramp and every figure and chart from the controls.

        Returns the comparison (:func:`jost_engine.betting.optimal_vs_given`),
        or None when there is no result or the controls give no ramp (the
        message names the control).
        """
        if self.table is None or self._updating:
            return None
        units = self.bankroll.value / self.unit
        objective = self.objective.value
        self.kelly.disabled = objective != "growth"
        self.risk_target.disabled = objective != "winrate"
        limits = self._limits()
        try:
            target = self.target() if objective == "winrate" else None
            if objective == "winrate" and target is None:
                raise JostError("risk target: give the lifetime risk of ruin of the win-rate "
                                "objective, as 5% or 0.05")
            out = betting.optimal_vs_given(self.table, self.given(), units,
                                           kelly_fraction=self.kelly.value, target_ror=target,
                                           unit=self.unit, trip_hours=self.hours.value,
                                           objective=objective, **limits)
            curve = betting.frontier(self.table, units, **limits)
            self.costs.value = self._costs_html(units, target) if self.show_costs.value else ""
        except JostError as exc:
            self.out = None
            self.message.value = message_html(_control_message(exc), False)
            self.feasibility.value = ""
            return None
        self.out = out
        opt, yours = out["optimal"], out["given"]
        how = (f"Kelly x{opt['kelly_fraction']:.2f}" if opt["kelly_fraction"] is not None
               else "your own ramp")
        self.message.value = (
            f"<b>Objective: {html.escape(self.objective_name())}</b>"
            f" &mdash; {html.escape(f'optimal for a bankroll of {units:,.0f} units, spread 1-')}"
            f"{self.spread.value:g}, chips of {self.chip.value:g} units ({html.escape(how)})")
        words = out["feasibility"]["words"]
        self.feasibility.value = message_html(words, False) if words else ""
        self.ramps.value = "<br>".join(
            f"<b>{name}</b>: {html.escape(ramp_text(f['ramp'], f['wong_in'], f['wong_out']))}"
            for name, f in (("optimal ramp", opt), ("your ramp", yours)))
        if out["why"]:
            self.ramps.value += f"<br><i>{html.escape(out['why'])}</i>"
        self.figures.value = figures_html(opt, yours, self.unit, objective)
        shown = out[{"optimal": "optimal", "yours": "given"}[self.bands_of.value]]
        bands = risk.bankroll_bands(units, shown["win_rate_per_hour"], shown["sd_per_hour"],
                                    np.linspace(0.0, self.hours.value, 41))
        simulated = self._simulated_bands(units)
        self._draw({
            "ramps": (betting_figures.ramps, opt["ramp"], yours["ramp"], self._count_range(),
                      self.unit, self._count_name()),
            "frontier": (betting_figures.frontier, curve, {"optimal": opt, "yours": yours},
                         self.unit),
            "bands": (betting_figures.bankroll_bands, bands, self.unit,
                      f"Bankroll with the {self.bands_of.value} ramp" + (
                          " (normal model and simulated trips)" if simulated else
                          " (normal model)"), simulated)})
        self.panel.update()
        self.spots.update()
        return out

    def _costs_html(self, units: float, target) -> str:
        """One line per binding limit: the win rate [$/hour] and objective it costs."""
        from jost_engine.betting.constraints import costs

        rows = costs(self.table, self.objective.value, units, self.kelly.value, target,
                     **self._limits())
        items = "".join(
            f"<li>{html.escape(r['words'])}: "
            f"{html.escape(_signed_money(r['win_rate_per_hour'], self.unit))}/hour of win "
            f"rate</li>" for r in rows)
        return (f"<b>What each limit costs</b> (the optimum without it, all others kept):"
                f"<ul>{items}</ul>") if items else ""

    def _simulated_bands(self, units: float) -> dict | None:
        """The quantiles of the job's own simulated trips, when the bands shown are of
        your ramp at the bankroll the job ran with (else None: no trip played them)."""
        own = (self.result.config.get("betting") or {}).get("bankroll_units")
        if self.bands_of.value != "yours" or not own or abs(float(own) - units) > 1e-9:
            return None
        return risk.simulated_bankroll_bands(self.result)

    def _draw(self, charts: dict) -> None:
        """Draw the charts whose inputs changed, in a background thread (the figures
        above are shown at once); a newer call makes an older drawing stop."""
        with self._lock:
            self._generation += 1
            generation = self._generation
        todo = {name: spec for name, spec in charts.items()
                if self._drawn.get(name) != repr(spec[1:])}

        def run():
            with self._draw_lock:
                for name, (draw, *args) in todo.items():
                    if generation != self._generation:
                        return
                    set_image(self.charts[name], figure_png(draw(*args)))
                    self._drawn[name] = repr(tuple(args))

        self.draw_thread = threading.Thread(target=run, name="jost-betting-charts",
                                            daemon=True)
        self.draw_thread.start()

    def wait(self, timeout: float = 60.0) -> None:
        """Wait until the charts of the last change are drawn."""
        if self.draw_thread is not None:
            self.draw_thread.join(timeout)

    def _count_range(self) -> tuple[int, int]:
        seen = self.table.true_count[self.table.frequency >= MIN_FREQUENCY]
        return (max(int(seen.min()), LOWEST_DRAWN), int(seen.max())) if seen.size else (-4, 10)

    def _count_name(self) -> str:
        count = (self.result.config.get("strategy") or {}).get("count") or {}
        return "running count" if is_running_count(count.get("system", "")) else "true count"

    # -- actions ---------------------------------------------------------------------------

    def optimal_ramp(self) -> betting.Ramp:
        """The optimal ramp last computed."""
        opt = self.out["optimal"]
        return betting.Ramp(tuple(tuple(p) for p in opt["ramp"]), opt["wong_in"],
                            opt["wong_out"])

    def optimal_config(self) -> dict:
        """The result's config betting the optimal ramp (same game, count, rounds, seed)."""
        config = copy.deepcopy(self.result.config)
        opt = self.out["optimal"]
        piece = self.optimal_ramp().to_betting(self.unit, opt["bankroll_units"])
        config["betting"] = {**(config.get("betting") or {}), **piece}
        what = f", optimal 1-{opt['spread']:g} {opt['objective']}"
        config["label"] = config.get("label", "")[:LABEL_MAX - len(what)] + what
        return config

    def simulate(self):
        """Submit a confirming simulation of the optimal ramp; the Job, or None if refused."""
        if self.out is None:
            return None
        hydrated, error = check(self.optimal_config())
        if error:
            self.message.value = errors_html(error)
            return None
        return submit_config(self, hydrated, tags=["optimal-ramp"])

    def _enable_submit(self) -> None:
        self.submit_button.disabled = self.manager is None or self.submitting

    def save(self):
        """Save the optimal ramp as a user betting profile; its path, or None if refused."""
        if self.out is None:
            return None
        opt = self.out["optimal"]
        name = self.profile_name.value.strip()
        store = self.store or ProfileStore()
        label = (f"Optimal 1-{opt['spread']:g} ramp ({opt['objective']}), "
                 f"{opt['bankroll_units']:,.0f} units of ${self.unit:g}")
        notes = (f"Made in the workbench's Betting view from "
                 f"{self.result.config.get('label', 'a result')}: "
                 f"{opt['win_rate_per_hour']:+.3f} units/hour, lifetime risk of ruin "
                 f"{opt['ror']:.1%}.")
        try:
            path = store.save("betting", name, self.optimal_ramp().to_betting(
                self.unit, opt["bankroll_units"]), label=label[:LABEL_MAX], notes=notes)
        except JostError as exc:
            self.message.value = errors_html(str(exc))
            return None
        self.message.value = message_html(f"saved betting profile {name} ({path}); the Build "
                                          f"tab lists it under betting", True)
        if self.on_save:
            self.on_save(name)
        return path


def _signed_money(units, unit: float) -> str:
    return "n/a" if units is None else f"{'-' if units < 0 else '+'}${abs(units) * unit:,.2f}"


#: The control behind each field a BettingError names.
CONTROLS = {"bankroll": "bankroll [$]", "spread": "spread", "max_bet": "spread",
            "cover": "cover", "max_changes": "changes of bet",
            "kelly_fraction": "Kelly fraction", "ror": "risk target", "round_to": "chip step",
            "wong_out": "the result's wonging",
            "wong_in": "the result's wonging", "ramp": "your ramp"}


def _control_message(exc: JostError) -> str:
    """A library message with the control's name instead of the argument's."""
    field = getattr(exc, "field", None)
    text = str(exc)
    if field in CONTROLS and text.startswith(f"{field}:"):
        return CONTROLS[field] + text[len(field):]
    return text
