"""Build a config from profiles and a few controls, see it validated live, save, submit."""

from __future__ import annotations

import copy
import json
from typing import get_args

import ipywidgets as widgets

from jost_engine.config import Rules, Run, Table
from jost_engine.data import count_systems, deviation_sets
from jost_engine.errors import JostError
from jost_engine.profiles import ProfileStore

from ._common import check, errors_html, message_html, pretty, submit_config

PAYOUTS = [("3:2", 1.5), ("6:5", 1.2), ("1:1", 1.0), ("2:1", 2.0)]
HOLE_CARDS = {"peek": "peek (US)", "enhc": "no hole card (ENHC)"}
NO_COUNT = "(none)"
NO_DEVIATIONS = "none"
WIDE = widgets.Layout(width="420px")


def _names(store: ProfileStore, kind: str) -> list[tuple[str, str]]:
    """``(label, name)`` options of the profiles of a kind that load."""
    return [(f"{p.name} ({p.source})", p.name) for p in store.list(kind) if not p.error]


def _choices(model, name: str) -> list:
    """The values a config field allows (its ``Literal``), as the config model states them."""
    return list(get_args(model.model_fields[name].annotation))


def _bounds(model, name: str) -> dict:
    """``min`` and ``max`` of a numeric config field, from the config model's constraints."""
    out = {}
    for rule in model.model_fields[name].metadata:
        if hasattr(rule, "ge"):
            out["min"] = rule.ge
        if hasattr(rule, "le"):
            out["max"] = rule.le
    return out


def _optional_number_box(description: str, style: dict) -> widgets.Text:
    """A text box for a number that may be left blank (none)."""
    return widgets.Text(description=description, placeholder="none", style=style)


def _deviation_options() -> list[str]:
    """Index-play choices: none, each named set, and each pair of sets joined by ``+``."""
    names = sorted(deviation_sets())
    pairs = [f"{a}+{b}" for i, a in enumerate(names) for b in names[i + 1:]]
    return [NO_DEVIATIONS, *names, *pairs]


def _optional_number(text: str, field: str) -> float | None:
    """A number typed in a text box, blank meaning none.

    Raises
    ------
    JostError
        Naming ``field`` when the text is neither blank nor a number.
    """
    text = text.strip()
    if not text or text.lower() == "none":
        return None
    try:
        return float(text)
    except ValueError:
        raise JostError(f"{field}: must be a number or blank (none), got {text!r}") from None


def _show_number(value) -> str:
    """A number for an optional-number text box: blank for None, no trailing ``.0``."""
    if value is None:
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)


class ConfigBuilder(widgets.HBox):
    """Rules, strategy and betting from profiles, the fields that matter as controls.

    The hydrated JSON and any validation message follow every change.

    Parameters
    ----------
    store : jost_engine.profiles.ProfileStore, optional
        Profiles to choose from and save to; the workspace's by default.
    manager : jost_engine.jobs.JobManager, optional
        Where Submit sends the config; without one Submit is disabled.
    on_submit : callable, optional
        Called with the :class:`~jost_engine.jobs.Job` just submitted.
    """

    def __init__(self, store: ProfileStore | None = None, manager=None, on_submit=None):
        self.store = store or ProfileStore()
        self.manager = manager
        self.on_submit = on_submit
        self.job = None
        self.hydrated: dict | None = None
        self.error: str | None = None
        self._pieces: dict = {}
        self._loading = False
        style = {"description_width": "110px"}

        def drop(kind, value):
            options = _names(self.store, kind)
            names = [n for _, n in options]
            return widgets.Dropdown(options=options, description=kind, style=style,
                                    layout=WIDE, value=value if value in names else names[0])

        self.rules_profile = drop("rules", "vegas-strip-6d-s17")
        self.strategy_profile = drop("strategies", "basic")
        self.betting_profile = drop("betting", "flat")
        self.label = widgets.Text(description="label", placeholder="from the rules",
                                  style=style, layout=WIDE)
        self.decks = widgets.IntSlider(1, **_bounds(Rules, "decks"), description="decks",
                                       style=style)
        self.soft17 = widgets.ToggleButtons(options=["S17", "H17"], description="dealer",
                                            style=style)
        self.payout = widgets.Dropdown(options=PAYOUTS, description="blackjack pays",
                                       style=style)
        self.double = widgets.Dropdown(options=_choices(Rules, "double"),
                                       description="double on", style=style)
        self.das = widgets.Checkbox(description="double after split", indent=False)
        self.surrender = widgets.Dropdown(options=_choices(Rules, "surrender"),
                                          description="surrender", style=style)
        self.hole_card = widgets.Dropdown(
            options=[(HOLE_CARDS.get(v, v), v) for v in _choices(Rules, "hole_card")],
            description="hole card", style=style)
        self.penetration = widgets.FloatSlider(0.75, **_bounds(Rules, "penetration"),
                                               step=0.01, description="penetration",
                                               style=style, readout_format=".0%")
        self.players = widgets.IntSlider(1, **_bounds(Table, "players"), description="players",
                                         style=style)
        self.count = widgets.Dropdown(options=[NO_COUNT, *sorted(count_systems())],
                                      description="count system", style=style)
        self.deviations = widgets.Dropdown(options=_deviation_options(),
                                           description="index plays", style=style)
        self.ramp = widgets.Text(description="ramp [[tc, units]]", style=style, layout=WIDE)
        self.wong_in = _optional_number_box("wong in at TC", style)
        self.wong_out = _optional_number_box("wong out at TC", style)
        self.bankroll = _optional_number_box("bankroll [units]", style)
        self.rounds = widgets.BoundedIntText(1_000_000, **_bounds(Run, "rounds"),
                                             description="rounds", style=style)
        self.chunk_rounds = widgets.BoundedIntText(
            Run.model_fields["chunk_rounds"].default, **_bounds(Run, "chunk_rounds"),
            step=1_000_000, description="chunk rounds", style=style)
        self.seed = widgets.BoundedIntText(1, **_bounds(Run, "seed"), description="seed",
                                           style=style)
        self.project = widgets.Text(description="project", placeholder="optional",
                                    style=style)
        self.tags = widgets.Text(description="tags", placeholder="comma separated",
                                 style=style)
        self.profile_name = widgets.Text(description="save as", placeholder="my-game",
                                         style=style)
        self.save_button = widgets.Button(description="Save profile", icon="save")
        self.submit_button = widgets.Button(description="Submit", button_style="primary",
                                            icon="play", disabled=manager is None)
        self.message = widgets.HTML()
        self.json = widgets.Textarea(disabled=True,
                                     layout=widgets.Layout(width="420px", height="640px"))
        self.fields = [self.label, self.decks, self.soft17, self.payout, self.double, self.das,
                       self.surrender, self.hole_card, self.penetration, self.players,
                       self.count, self.deviations, self.ramp, self.wong_in, self.wong_out,
                       self.bankroll, self.rounds, self.chunk_rounds, self.seed]
        for profile in (self.rules_profile, self.strategy_profile, self.betting_profile):
            profile.observe(self._profile_changed, names="value")
        for field in self.fields:
            field.observe(lambda _: self.refresh(), names="value")
        self.save_button.on_click(lambda _: self.save())
        self.submit_button.on_click(lambda _: self.submit())
        section = widgets.HTML
        controls = widgets.VBox([
            self.rules_profile, self.strategy_profile, self.betting_profile,
            section("<b>Game</b>"), self.label, self.decks, self.soft17, self.payout,
            self.double, self.das, self.surrender, self.hole_card, self.penetration,
            self.players,
            section("<b>Count and bets</b>"), self.count, self.deviations, self.ramp,
            self.wong_in, self.wong_out, self.bankroll,
            section("<b>Run</b>"), self.rounds, self.chunk_rounds, self.seed, self.project,
            self.tags,
            widgets.HBox([self.profile_name, self.save_button]), self.submit_button,
            self.message])
        super().__init__([controls, self.json])
        self._profile_changed()

    # -- from profiles to controls ---------------------------------------------------------

    def _profile_changed(self, _change=None) -> None:
        self._pieces = {
            "rules": self.store.piece("rules", self.rules_profile.value),
            "strategy": self.store.piece("strategies", self.strategy_profile.value),
            "betting": self.store.piece("betting", self.betting_profile.value)}
        rules, strategy = self._pieces["rules"], self._pieces["strategy"]
        count = strategy.get("count") or {}
        self._loading = True
        try:
            self.decks.value = rules.get("decks", 6)
            self.soft17.value = "H17" if rules.get("dealer_hits_soft_17") else "S17"
            self.payout.value = float(rules.get("blackjack_pays", 1.5))
            self.double.value = rules.get("double", "any")
            self.das.value = bool(rules.get("double_after_split", True))
            self.surrender.value = rules.get("surrender", "none")
            self.hole_card.value = rules.get("hole_card", "peek")
            self.penetration.value = rules.get("penetration", 0.75)
            system = count.get("system") if count else None
            self.count.value = system if system in self.count.options else NO_COUNT
            deviations = strategy.get("deviations")
            named = deviations if isinstance(deviations, str) and deviations else NO_DEVIATIONS
            if named not in self.deviations.options:  # e.g. a join in another order
                self.deviations.options = [*_deviation_options(), named]
            self.deviations.value = named
            custom = self._custom_deviations(strategy) is not None
            self.deviations.disabled = custom
            self.deviations.tooltip = (
                "the strategy profile's own index plays" if custom else None)
            betting = self._pieces["betting"]
            self.ramp.value = json.dumps(betting.get("ramp", [[-99, 1]]))
            self.wong_in.value = _show_number(betting.get("wong_in"))
            self.wong_out.value = _show_number(betting.get("wong_out"))
            self.bankroll.value = _show_number(betting.get("bankroll_units"))
        finally:
            self._loading = False
        self.refresh()

    # -- from controls to a config ---------------------------------------------------------

    def config(self) -> dict:
        """The config the controls describe (not yet validated).

        Raises
        ------
        JostError
            When the ramp text is not JSON.
        """
        rules = {**self._pieces["rules"], "decks": self.decks.value,
                 "dealer_hits_soft_17": self.soft17.value == "H17",
                 "blackjack_pays": self.payout.value, "double": self.double.value,
                 "double_after_split": self.das.value, "surrender": self.surrender.value,
                 "hole_card": self.hole_card.value,
                 "penetration": round(self.penetration.value, 2)}
        strategy = copy.deepcopy(self._pieces["strategy"])
        if self.count.value == NO_COUNT:
            strategy["count"] = None
        else:
            strategy["count"] = {**(strategy.get("count") or {}), "system": self.count.value}
        if self._custom_deviations(strategy) is None:
            strategy["deviations"] = (None if self.deviations.value == NO_DEVIATIONS
                                      else self.deviations.value)
        try:
            ramp = json.loads(self.ramp.value)
        except json.JSONDecodeError as exc:
            raise JostError(f"betting.ramp: not JSON ({exc.msg})") from None
        betting = {**self._pieces["betting"], "ramp": ramp,
                   "wong_in": _optional_number(self.wong_in.value, "betting.wong_in"),
                   "wong_out": _optional_number(self.wong_out.value, "betting.wong_out"),
                   "bankroll_units": _optional_number(self.bankroll.value,
                                                      "betting.bankroll_units")}
        config = {"rules": rules, "table": {"players": self.players.value},
                  "strategy": strategy, "betting": betting,
                  "run": {"rounds": self.rounds.value, "seed": self.seed.value,
                          "chunk_rounds": self.chunk_rounds.value}}
        if self.label.value.strip():
            config["label"] = self.label.value.strip()
        return config

    @staticmethod
    def _custom_deviations(strategy: dict):
        """The strategy profile's own list of index plays, kept as it is; else None."""
        deviations = strategy.get("deviations")
        return deviations if isinstance(deviations, list) and deviations else None

    def refresh(self) -> None:
        """Validate the current config and show its hydrated JSON or the errors."""
        if self._loading:
            return
        try:
            self.hydrated, self.error = check(self.config())
        except JostError as exc:
            self.hydrated, self.error = None, str(exc)
        if self.error:
            self.message.value = errors_html(self.error)
        else:
            self.json.value = pretty(self.hydrated)
            self.message.value = message_html(f"valid: {self.hydrated['label']}", True)
        self.submit_button.disabled = self.manager is None or self.error is not None

    # -- actions ---------------------------------------------------------------------------

    def save(self):
        """Save the config as a user ``configs`` profile; its path, or None if refused."""
        if self.error:
            return None
        try:
            path = self.store.save("configs", self.profile_name.value.strip(), self.hydrated,
                                   label=self.hydrated["label"])
        except JostError as exc:
            self.message.value = errors_html(str(exc))
            return None
        self.message.value = message_html(f"saved {path}", True)
        return path

    def submit(self):
        """Submit the config with its project and tags; the Job, or None if refused."""
        self.refresh()
        tags = [t.strip() for t in self.tags.value.split(",") if t.strip()]
        return submit_config(self, None if self.error else self.hydrated,
                             project=self.project.value.strip() or None, tags=tags or None)
