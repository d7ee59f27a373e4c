"""The builder's controls: which section each belongs to, what a profile sets them to,
and which of them the user has edited since.

:class:`Controls` holds the widgets of :class:`~jost_widgets.builder.ConfigBuilder`
and the values the last profile or config set, so a later pick can say which
fields it would overwrite.
"""

from __future__ import annotations

from typing import get_args

import ipywidgets as widgets

from jost_engine.analysis.config_labels import bare_label, config_label
from jost_engine.config import FREE_BET_RULES, SPANISH_RULES, VARIANT_RULES, Rules, Run, Table
from jost_engine.data import count_systems, deviation_sets
from jost_engine.exact.sidebets.catalog import catalog
from jost_engine.numbers import show_number
from jost_engine.profiles import ProfileStore

from .fields import (
    COVER_HINT,
    ERRORS_HINT,
    OTHERS_HINT,
    RAMP_HINT,
    SPOTS_HINT,
    show_cover,
    show_errors,
    show_others,
    show_ramp,
    show_side_bets,
    side_bets_hint,
)

PAYOUTS = [("3:2", 1.5), ("6:5", 1.2), ("1:1", 1.0), ("2:1", 2.0)]
HOLE_CARDS = {"peek": "peek (US)", "enhc": "no hole card (ENHC)"}
# the game: which variant rules (config.VARIANT_RULES) are on; "custom" keeps the profile's mix
GAMES = [("classic blackjack", "classic"),
         ("Free Bet: 22 pushes, free doubles and splits", "free-bet"),
         ("Spanish 21: no tens, 21 wins, bonuses, rescue", "spanish-21"),
         ("Blackjack Switch: two hands, switch second cards, 22 pushes", "switch"),
         ("as the rules profile sets them", "custom")]
GAME_RULES = {"classic": (), "free-bet": FREE_BET_RULES, "spanish-21": SPANISH_RULES,
              "switch": ("dealer_22_pushes", "switch")}  # in VARIANT_RULES order


def game_of(rules: dict) -> str:
    """The Build tab's game of a rules piece: the game whose variant rules are exactly those
    on (none: classic), else custom."""
    on = tuple(name for name in VARIANT_RULES if rules.get(name))
    return next((game for game, names in GAME_RULES.items() if names == on), "custom")


def game_rules(game: str, rules: dict) -> dict:
    """The variant rules of ``game`` (``custom``: those of the profile's ``rules``); a game
    without Spanish 21's doubles has no redoubles (``max_doubles`` 1), Spanish 21 keeps the
    profile's."""
    if game == "custom":
        return {name: bool(rules.get(name)) for name in VARIANT_RULES}
    picked = {name: name in GAME_RULES[game] for name in VARIANT_RULES}
    if not picked["double_any_cards"]:
        picked["max_doubles"] = 1
    return picked
NO_COUNT = "(none)"
NO_DEVIATIONS = "none"
NO_CONFIG = "(pick a config to load)"
#: Profile kinds the dropdowns pick, and the config key each fills.
SECTIONS = {"rules": "rules", "strategies": "strategy", "betting": "betting"}
#: Length of a simulated bankroll trip when the betting profile sets none [hours].
DEFAULT_TRIP_HOURS = 25
DEFAULT_ROUNDS = 1_000_000
WIDE = widgets.Layout(width="470px", max_width="100%")
STYLE = {"description_width": "185px"}


def _names(store: ProfileStore, kind: str) -> list[tuple[str, str]]:
    """``(label, name)`` options of the profiles of a kind that load."""
    return [(f"{p.name} ({p.source})", p.name) for p in store.list(kind) if not p.error]


def field_choices(model, name: str) -> list:
    """The values a config field allows (its ``Literal``), as the config model states them."""
    return list(get_args(model.model_fields[name].annotation))


def field_bounds(model, name: str) -> dict:
    """``min`` and ``max`` of a numeric config field, from the config model's constraints."""
    out = {}
    for rule in model.model_fields[name].metadata:
        if hasattr(rule, "ge"):
            out["min"] = rule.ge
        if hasattr(rule, "le"):
            out["max"] = rule.le
    return out


def deviation_options() -> list[str]:
    """Index-play choices: none, each named set, and each pair of sets once.

    A pair is joined in reverse alphabetical order (``illustrious18+fab4``,
    as the shipped profiles write it).
    """
    names = sorted(deviation_sets(), reverse=True)
    pairs = [f"{a}+{b}" for i, a in enumerate(names) for b in names[i + 1:]]
    return [NO_DEVIATIONS, *sorted(names), *pairs]


def same_deviations(options, named: str) -> str | None:
    """The option naming the same sets as ``named`` in any order, else None."""
    wanted = sorted(named.split("+"))
    return next((o for o in options if sorted(o.split("+")) == wanted), None)


def custom_deviations(strategy: dict):
    """The strategy profile's own list of index plays, kept as it is; else None."""
    deviations = strategy.get("deviations")
    return deviations if isinstance(deviations, list) and deviations else None


def is_running_count(system: str) -> bool:
    """Whether a count's indexes are running counts (an unbalanced count such as KO)."""
    return count_systems().get(system, {}).get("balanced", True) is False


def _text(description: str, placeholder: str = "", layout=None) -> widgets.Text:
    return widgets.Text(description=description, placeholder=placeholder, style=STYLE,
                        layout=layout or widgets.Layout())


class Controls:
    """The builder's widgets and the values profiles last set them to.

    Parameters
    ----------
    store : ProfileStore
        Where the dropdowns' profiles come from.
    on_answer : callable
        Called with True ("replace my edits") or False ("keep my edits").
    """

    def __init__(self, store: ProfileStore, on_answer):
        self.store = store
        self._set: dict = {}  # widget -> the value a profile or config last set

        def drop(kind, value):
            options = _names(store, kind)
            names = [n for _, n in options]
            return widgets.Dropdown(options=options, description=kind, style=STYLE,
                                    layout=WIDE, value=value if value in names else names[0])

        self.config_profile = widgets.Dropdown(description="configs", style=STYLE, layout=WIDE)
        self.refresh_configs()
        self.profiles = {"rules": drop("rules", "vegas-strip-6d-s17"),
                         "strategies": drop("strategies", "basic"),
                         "betting": drop("betting", "flat")}
        self.label = _text(config_label("label"), "from the rules and bets", WIDE)
        self.decks = widgets.IntSlider(6, **field_bounds(Rules, "decks"),
                                       description=config_label("rules.decks"), style=STYLE,
                                       layout=WIDE)
        self.soft17 = widgets.ToggleButtons(options=["S17", "H17"],
                                            description=config_label("rules.dealer_hits_soft_17"),
                                            style=STYLE)
        self.payout = widgets.Dropdown(options=PAYOUTS,
                                       description=config_label("rules.blackjack_pays"),
                                       style=STYLE)
        self.double = widgets.Dropdown(options=field_choices(Rules, "double"),
                                       description=config_label("rules.double"), style=STYLE)
        self.das = widgets.Checkbox(description=config_label("rules.double_after_split"),
                                   indent=False)
        self.surrender = widgets.Dropdown(options=field_choices(Rules, "surrender"),
                                          description=config_label("rules.surrender"), style=STYLE)
        self.hole_card = widgets.Dropdown(
            options=[(HOLE_CARDS.get(v, v), v) for v in field_choices(Rules, "hole_card")],
            description=config_label("rules.hole_card"), style=STYLE)
        self.game = widgets.Dropdown(options=GAMES, description="game", style=STYLE,
                                     layout=WIDE, tooltip="the variants: docs/variants.md")
        self.penetration = widgets.FloatSlider(0.75, **field_bounds(Rules, "penetration"),
                                               step=0.01,
                                               description=config_label("rules.penetration"),
                                               style=STYLE, readout_format=".0%",
                                               layout=WIDE)
        self.players = widgets.IntSlider(1, **field_bounds(Table, "players"),
                                         description=config_label("table.players"), style=STYLE,
                                         layout=WIDE)
        self.count = widgets.Dropdown(options=[NO_COUNT, *sorted(count_systems())],
                                      description=config_label("strategy.count.system"),
                                      style=STYLE)
        self.deviations = widgets.Dropdown(options=deviation_options(),
                                           description=config_label("strategy.deviations"),
                                           style=STYLE, layout=WIDE)
        self.ramp = _text(bare_label("betting.ramp"), RAMP_HINT.split(" (")[0], WIDE)
        self.ramp.tooltip = RAMP_HINT
        self.spots = _text(config_label("betting.spots"), "blank = one spot; e.g. -99:1, 3:2")
        self.spots.tooltip = SPOTS_HINT
        self.cover = _text(config_label("betting.cover"),
                           "blank = none; e.g. parlay -1..1; jump 2", WIDE)
        self.cover.tooltip = COVER_HINT
        self.others = _text(config_label("table.others"),
                            "blank = none; e.g. right basic(slip=0.05); left counter", WIDE)
        self.others.tooltip = OTHERS_HINT
        self.errors = _text(config_label("strategy.errors"), "blank = none; e.g. slip=0.01, "
                            "bet=0.1", WIDE)
        self.errors.tooltip = ERRORS_HINT
        # the label's "(name, pay table, bet, entry)" would be cut at 185 px: the
        # placeholder and the tooltip give the form
        self.side_bets = _text(config_label("side_bets").split(" (")[0], "blank = none; "
                               "e.g. 21+3; buster bet=5 entry=6", WIDE)
        self.side_bets.tooltip = side_bets_hint(catalog()["bets"])
        self.wong_in = _text(config_label("betting.wong_in"), "none")
        self.wong_out = _text(config_label("betting.wong_out"), "none")
        self.bankroll = _text(config_label("betting.bankroll_units"), "none")
        self.trip_hours = _text(config_label("betting.trip_hours"), "until ruin")
        self.rounds = _text(config_label("run.rounds"), "e.g. 15M, 15e6 or 15_000_000")
        self.rounds.value = show_number(DEFAULT_ROUNDS)
        self.trips = _text("bankroll trips", "rounds / trip rounds")
        self.chunk_rounds = _text(config_label("run.chunk_rounds"))
        self.chunk_rounds.value = show_number(Run.model_fields["chunk_rounds"].default)
        self.seed = _text(config_label("run.seed"))
        self.seed.value = "1"
        self.target_se = _text("target SE [%]", "blank = off, e.g. 0.02")
        self.target_se.tooltip = ("stop when the SE of the advantage [% of the initial bet] "
                                  "is at or below this; the rounds (or max rounds) are then "
                                  "the budget")
        self.max_rounds = _text("max rounds", "with a target SE; blank = the rounds")
        self.project = _text("project", "optional")
        self.tags = _text("tags", "comma separated")
        self.profile_name = _text("save as", "my-game")
        self.save_button = widgets.Button(description="Save config", icon="save")
        self.submit_button = widgets.Button(description="Submit", button_style="primary",
                                            icon="play")
        self.message = widgets.HTML()
        self.confirm_text = widgets.HTML()
        self.replace_button = widgets.Button(description="Replace my edits",
                                             button_style="warning")
        self.keep_button = widgets.Button(description="Keep my edits")
        self.replace_button.on_click(lambda _: on_answer(True))
        self.keep_button.on_click(lambda _: on_answer(False))
        self.confirm = widgets.VBox([self.confirm_text, widgets.HBox(
            [self.replace_button, self.keep_button])], layout=widgets.Layout(display="none"))
        self.sections = {
            "rules": [self.game, self.decks, self.soft17, self.payout, self.double, self.das,
                      self.surrender, self.hole_card, self.penetration],
            "strategies": [self.count, self.deviations, self.errors],
            "betting": [self.ramp, self.spots, self.cover, self.wong_in, self.wong_out,
                        self.bankroll, self.trip_hours]}
        self.run_fields = [self.label, self.players, self.others, self.side_bets, self.rounds,
                           self.chunk_rounds, self.seed, self.target_se, self.max_rounds]
        self.fields = [w for ws in self.sections.values() for w in ws] + self.run_fields
        self.name_counts(NO_COUNT)
        section = widgets.HTML
        self.box = widgets.VBox([
            self.config_profile, *self.profiles.values(), self.confirm,
            section("<b>Game</b>"), self.label, *self.sections["rules"], self.players,
            self.others,
            section("<b>Count and bets</b>"), *self.sections["strategies"],
            *self.sections["betting"], self.side_bets,
            section("<b>Run</b>"), self.rounds, self.trips, self.chunk_rounds, self.seed,
            self.target_se, self.max_rounds, self.project, self.tags,
            widgets.HBox([self.profile_name, self.save_button],
                         layout=widgets.Layout(flex_flow="row wrap")),
            self.submit_button, self.message], layout=widgets.Layout(max_width="100%"))

    def expose(self, owner) -> None:
        """Make each widget an attribute of ``owner`` too (``builder.decks``, ...)."""
        for name, value in vars(self).items():
            if isinstance(value, (widgets.Widget, dict, list)) and not name.startswith("_"):
                setattr(owner, name, value)
        owner.rules_profile = self.profiles["rules"]
        owner.strategy_profile = self.profiles["strategies"]
        owner.betting_profile = self.profiles["betting"]

    # -- what profiles set -----------------------------------------------------------------

    def values(self, kind: str, piece: dict) -> dict:
        """The value each control of a section takes from a profile's piece."""
        if kind == "rules":
            return {self.game: game_of(piece), self.decks: piece.get("decks", 6),
                    self.soft17: "H17" if piece.get("dealer_hits_soft_17") else "S17",
                    self.payout: float(piece.get("blackjack_pays", 1.5)),
                    self.double: piece.get("double", "any"),
                    self.das: bool(piece.get("double_after_split", True)),
                    self.surrender: piece.get("surrender", "none"),
                    self.hole_card: piece.get("hole_card", "peek"),
                    self.penetration: piece.get("penetration", 0.75)}
        if kind == "strategies":
            system = (piece.get("count") or {}).get("system")
            deviations = piece.get("deviations")
            named = deviations if isinstance(deviations, str) and deviations else NO_DEVIATIONS
            return {self.count: system if system in self.count.options else NO_COUNT,
                    self.deviations: named, self.errors: show_errors(piece.get("errors"))}
        trip_hours = piece.get("trip_hours")
        spots = piece.get("spots") or [[-99, 1]]
        return {self.ramp: show_ramp(piece.get("ramp", [[-99, 1]])),
                self.spots: "" if spots == [[-99, 1]] else show_ramp(spots),
                self.cover: show_cover(piece.get("cover")),
                self.wong_in: show_number(piece.get("wong_in")),
                self.wong_out: show_number(piece.get("wong_out")),
                self.bankroll: show_number(piece.get("bankroll_units")),
                self.trip_hours: show_number(DEFAULT_TRIP_HOURS if trip_hours is None
                                             else trip_hours)}

    def config_values(self, config: dict) -> dict:
        """The value each control takes from a whole config (sections by name or written out)."""
        out = {}
        for kind, key in SECTIONS.items():
            value = config.get(key)
            piece = self.store.piece(kind, value) if isinstance(value, str) else value or {}
            out.update(self.values(kind, piece))
        run = config.get("run") or {}
        out.update({self.label: config.get("label") or "",
                    self.players: (config.get("table") or {}).get("players", 1),
                    self.others: show_others((config.get("table") or {}).get("others")),
                    self.side_bets: show_side_bets(config.get("side_bets")),
                    self.rounds: show_number(run.get("rounds", DEFAULT_ROUNDS)),
                    self.chunk_rounds: show_number(run.get(
                        "chunk_rounds", Run.model_fields["chunk_rounds"].default)),
                    self.seed: show_number(run.get("seed", 1)),
                    self.target_se: show_number(run.get("target_se")),
                    self.max_rounds: show_number(run.get("max_rounds")
                                                 if run.get("target_se") is not None else None)})
        return out

    def set(self, widget, value) -> None:
        """Set a control, adding a named index-play join the options lack."""
        if widget is self.deviations:
            value = same_deviations(widget.options, value) or value
            if value not in widget.options:
                widget.options = [*widget.options, value]
        widget.value = value

    def remember(self, widgets_) -> None:
        """Note the values the given controls now hold as set by a profile, not edited."""
        for widget in widgets_:
            self._set[widget] = widget.value

    def note(self, values: dict) -> None:
        """Note values a profile set for controls that keep the user's edits instead."""
        self._set.update(values)

    def edited(self, values: dict) -> list:
        """The controls among ``values`` the user changed and a pick would change again."""
        return [w for w, v in values.items()
                if w in self._set and w.value != self._set[w] and w.value != v]

    # -- dropdowns -------------------------------------------------------------------------

    def pick(self, kind: str, value: str, label: str) -> None:
        """Show ``value`` in a section's dropdown, adding it as ``label`` if it is not there."""
        drop = self.profiles[kind]
        if value not in [v for _, v in drop.options]:
            drop.options = [*[o for o in drop.options if not o[1].startswith("@")],
                            (label, value)]
        drop.value = value

    def refresh_profiles(self, kind: str) -> None:
        """Re-read a section's dropdown (a profile was saved elsewhere), keeping its value."""
        drop = self.profiles[kind]
        value = drop.value
        drop.options = [*_names(self.store, kind),
                        *[o for o in drop.options if o[1].startswith("@")]]
        drop.value = value if value in [v for _, v in drop.options] else drop.options[0][1]

    def refresh_configs(self, value: str | None = None) -> None:
        """List the configs (shipped and saved) in the picker, showing ``value``."""
        options = [(NO_CONFIG, NO_CONFIG), *_names(self.store, "configs")]
        self.config_profile.options = options
        self.config_profile.value = value if value in [v for _, v in options] else NO_CONFIG

    def name_counts(self, system: str) -> None:
        """Say "running count" on the ramp and wonging boxes for an unbalanced count."""
        unit = "running count" if is_running_count(system) else "true count"
        self.ramp.description = f"{bare_label('betting.ramp')} [{unit}:units]"
        self.wong_in.description = f"{config_label('betting.wong_in')} {unit}"
        self.wong_out.description = f"{config_label('betting.wong_out')} {unit}"

