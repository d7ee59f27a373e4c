"""Build a config from profiles and a few controls, see it validated live, save, submit.

Each profile dropdown fills only its own section (rules, strategy, betting);
a saved or shipped config fills them all. When a pick would overwrite fields
the user has edited, the builder names them and asks (:mod:`.controls`).
"""

from __future__ import annotations

import contextlib
import copy

import ipywidgets as widgets

from jost_engine.config import default_label
from jost_engine.errors import JostError
from jost_engine.numbers import parse_number, show_number
from jost_engine.profiles import ProfileStore

from ._common import check, click_submit, errors_html, message_html, pretty, submit_config
from .controls import (
    NO_CONFIG,
    NO_COUNT,
    NO_DEVIATIONS,
    SECTIONS,
    Controls,
    custom_deviations,
    game_rules,
)
from .fields import (
    parse_cover,
    parse_errors,
    parse_others,
    parse_ramp,
    parse_side_bets,
    parse_spots,
)


class ConfigBuilder(widgets.HBox):
    """Rules, strategy and betting from profiles, the fields that matter as controls.

    The hydrated JSON and any validation message follow every change. A
    blank label becomes the rules, count, index plays and spread (e.g.
    ``6D S17 DAS 3:2 75% pen, Hi-Lo I18+Fab4 1-12``).

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
        self.submitting = False
        self.submit_thread = None
        self.controls = Controls(self.store, on_answer=self._answered)
        self.controls.expose(self)
        self._pieces: dict = {}
        self._base: dict = {"table": {}, "run": {"rounds_per_hour": 100.0}}
        self._loading = False
        self._pending = None  # (edited controls, function applying the pick) while asking
        for kind, drop in self.profiles.items():
            drop.observe(lambda change, kind=kind: self._profile_picked(kind, change),
                         names="value")
        self.config_profile.observe(self._config_picked, names="value")
        for field in self.fields:
            field.observe(lambda _: self.refresh(), names="value")
        for field in (self.rounds, self.trip_hours):
            field.observe(lambda _: self._show_trips(), names="value")
        self.trips.observe(self._trips_typed, names="value")
        self.count.observe(lambda _: self.controls.name_counts(self.count.value), names="value")
        self.save_button.on_click(lambda _: self.save())
        self.submit_button.on_click(lambda _: self._submit_clicked())
        self.submit_button.disabled = manager is None
        self.json = widgets.Textarea(disabled=True,
                                     layout=widgets.Layout(width="420px", height="640px",
                                                           max_width="100%"))
        super().__init__([self.controls.box, self.json],
                         layout=widgets.Layout(flex_flow="row wrap"))
        self.add_class("jost-build")
        with self._quiet():
            for kind in SECTIONS:
                self._apply(kind, self._piece(kind, self.profiles[kind].value))
            self.controls.remember(self.controls.run_fields)
        self._show_trips()
        self.refresh()

    @contextlib.contextmanager
    def _quiet(self):
        """Set controls without validating or asking after each one."""
        was, self._loading = self._loading, True
        try:
            yield
        finally:
            self._loading = was

    # -- from profiles to controls ---------------------------------------------------------

    def _piece(self, kind: str, name: str) -> dict:
        """A section's piece by profile name, or from a config (``@config``)."""
        if name.startswith("@"):
            config = self.store.piece("configs", name[1:])
            value = config.get(SECTIONS[kind])
            return self.store.piece(kind, value) if isinstance(value, str) else value or {}
        return self.store.piece(kind, name)

    def _apply(self, kind: str, piece: dict, keep=()) -> None:
        """Set a section's controls from its piece, except the ``keep`` widgets."""
        self._pieces[kind] = copy.deepcopy(piece)
        self._fill(self.controls.values(kind, piece), keep)

    def _fill(self, values: dict, keep=()) -> None:
        """Set controls to the values a pick gives them, except the ``keep`` widgets."""
        with self._quiet():
            for widget, value in values.items():
                if widget not in keep:
                    self.controls.set(widget, value)
            self.controls.remember([w for w in values if w not in keep])
            self.controls.note({w: v for w, v in values.items() if w in keep})

    def _ask(self, what: str, edited: list, apply) -> None:
        """Apply a pick at once, or ask first when it would overwrite ``edited`` fields."""
        if not edited:
            self._pending = None
            self.controls.confirm.layout.display = "none"
            apply(())
            self.refresh()
            return
        self._pending = (edited, apply)
        names = ", ".join(w.description for w in edited)
        self.controls.confirm_text.value = message_html(
            f"{what} would replace your edits to {names}.", False)
        self.controls.confirm.layout.display = None
        self.refresh()

    def _answered(self, replace: bool) -> None:
        """The user's answer to :meth:`_ask`: replace the edits, or keep them."""
        if self._pending is None:
            return
        edited, apply = self._pending
        self._pending = None
        self.controls.confirm.layout.display = "none"
        apply(() if replace else edited)
        self.refresh()

    def _profile_picked(self, kind: str, change) -> None:
        if self._loading or change["new"] is None:
            return
        piece = self._piece(kind, change["new"])
        edited = self.controls.edited(self.controls.values(kind, piece))
        self._ask(f"Picking {kind} {change['new']!r}", edited,
                  lambda keep: self._apply(kind, piece, keep))

    def _config_picked(self, change) -> None:
        if self._loading or change["new"] in (None, NO_CONFIG):
            return
        name = change["new"]
        data = self.store.piece("configs", name)
        edited = self.controls.edited(self.controls.config_values(data))
        self._ask(f"Loading config {name!r}", edited, lambda keep: self._load(name, data, keep))

    def _load(self, name: str, data: dict, keep=()) -> None:
        """Fill every control from a config (its sections named or written out)."""
        with self._quiet():
            for kind, key in SECTIONS.items():
                value = data.get(key)
                picked = value if isinstance(value, str) else f"@{name}"
                self.controls.pick(kind, picked, f"(from config {name})")
                self._apply(kind, self._piece(kind, picked), keep)
            self._base = {"table": dict(data.get("table") or {}),
                          "run": dict(data.get("run") or {})}
            values = self.controls.config_values(data)
            self._fill({w: values[w] for w in self.controls.run_fields}, keep)
        self._show_trips()
        if self.label not in keep:
            self._label_unless_default(data.get("label") or "")

    def _label_unless_default(self, label: str) -> None:
        """Show a loaded label, or leave the box blank when it is the default label."""
        with self._quiet():
            self.label.value = ""
            try:
                hydrated, _ = check(self.config())
            except JostError:
                hydrated = None
            if hydrated is not None and default_label(hydrated) == label:
                label = ""
            self.label.value = label
            self.controls.remember([self.label])

    # -- trips -----------------------------------------------------------------------------

    def _trip_rounds(self) -> float | None:
        """Rounds of one simulated trip [rounds], or None while it cannot be read."""
        try:
            hours = parse_number(self.trip_hours.value, "betting.trip_hours")
        except JostError:
            return None
        per_hour = self._base["run"].get("rounds_per_hour", 100.0)
        return hours * per_hour if hours else None

    def _show_trips(self) -> None:
        """The number of trips the run holds: rounds / (trip hours x rounds per hour)."""
        per_trip = self._trip_rounds()
        try:
            rounds = parse_number(self.rounds.value, "run.rounds", integer=True)
        except JostError:
            rounds = None
        with self._quiet():
            self.trips.value = (show_number(int(rounds // per_trip))
                                if per_trip and rounds else "")

    def _trips_typed(self, _change) -> None:
        """Trips typed: the rounds become trips x trip hours x rounds per hour."""
        if self._loading:
            return
        per_trip = self._trip_rounds()
        try:
            trips = parse_number(self.trips.value, "trips", integer=True)
        except JostError as exc:
            self.message.value = errors_html(str(exc))
            return
        if trips and per_trip:
            self.rounds.value = show_number(int(trips * per_trip))

    # -- from controls to a config ---------------------------------------------------------

    def config(self) -> dict:
        """The config the controls describe (not yet validated).

        Raises
        ------
        JostError
            Naming the field, when a number or the ramp cannot be read.
        """
        rules = {**self._pieces["rules"], "decks": self.decks.value,
                 "dealer_hits_soft_17": self.soft17.value == "H17",
                 "blackjack_pays": self.payout.value, "double": self.double.value,
                 "double_after_split": self.das.value, "surrender": self.surrender.value,
                 "hole_card": self.hole_card.value,
                 "penetration": round(self.penetration.value, 2),
                 **game_rules(self.game.value, self._pieces["rules"])}
        strategy = copy.deepcopy(self._pieces["strategies"])
        if self.count.value == NO_COUNT:
            strategy["count"] = None
        else:
            strategy["count"] = {**(strategy.get("count") or {}), "system": self.count.value}
        if custom_deviations(strategy) is None:
            strategy["deviations"] = (None if self.deviations.value == NO_DEVIATIONS
                                      else self.deviations.value)
        strategy.pop("errors", None)
        errors = parse_errors(self.errors.value)
        if errors is not None:
            strategy["errors"] = errors
        numbers = {name: parse_number(getattr(self, name).value, f"betting.{name}")
                   for name in ("wong_in", "wong_out")}
        betting = {**self._pieces["betting"], "ramp": parse_ramp(self.ramp.value),
                   "spots": parse_spots(self.spots.value), "cover": parse_cover(self.cover.value),
                   **numbers,
                   "bankroll_units": parse_number(self.bankroll.value, "betting.bankroll_units"),
                   "trip_hours": parse_number(self.trip_hours.value, "betting.trip_hours")}
        run = {**self._base["run"]}
        for name in ("rounds", "chunk_rounds", "seed"):
            run[name] = parse_number(getattr(self, name).value, f"run.{name}", integer=True)
            if run[name] is None:
                raise JostError(f"run.{name}: must be a whole number, got nothing")
        target = {"target_se": parse_number(self.target_se.value, "run.target_se"),
                  "max_rounds": parse_number(self.max_rounds.value, "run.max_rounds",
                                             integer=True)}
        run.update({k: v for k, v in target.items() if v is not None})
        table = {**self._base["table"], "players": self.players.value}
        table.pop("others", None)
        others = parse_others(self.others.value)
        if others is not None:  # players, seat and the pace follow from the others
            table = {"others": others}
            run.pop("rounds_per_hour", None)
        config = {"rules": rules, "table": table, "strategy": strategy, "betting": betting,
                  "run": run}
        side_bets = parse_side_bets(self.side_bets.value)
        if side_bets:
            config["side_bets"] = side_bets
        if self.label.value.strip():
            config["label"] = self.label.value.strip()
        return config

    def refresh(self) -> None:
        """Validate the current config and show its hydrated JSON or the errors."""
        if self._loading:
            return
        config = None
        self._players_free_without_others()
        try:
            config = self.config()
            self.hydrated, self.error = check(config)
        except JostError as exc:
            self.hydrated, self.error = None, str(exc)
        if self.hydrated is not None and config is not None and "label" not in config:
            self.hydrated["label"] = default_label(self.hydrated)
            self.label.placeholder = self.hydrated["label"]
        self._players_follow_others()
        if self.error:
            self.message.value = errors_html(self.error)
        elif self._pending:
            self.message.value = ""
        else:
            self.json.value = pretty(self.hydrated)
            self.message.value = message_html(f"valid: {self.hydrated['label']}", True)
        self._enable_submit()

    def _players_free_without_others(self) -> None:
        """Other players cleared: the players slider is free again, at the number it held
        before they were typed (read by :meth:`config` next)."""
        if self.players.disabled and not self.others.value.strip():
            with self._quiet():
                self.players.value = getattr(self, "_own_players", self.players.value)
            self.controls.remember([self.players])
            self.players.disabled = False

    def _players_follow_others(self) -> None:
        """With other players typed, the players slider is greyed and shows the players
        they make (``table.players`` follows from ``table.others``)."""
        others = bool(self.others.value.strip())
        if others and not self.players.disabled:
            self._own_players = self.players.value
        self.players.disabled = others
        if others and self.hydrated is not None:
            with self._quiet():
                self.players.value = self.hydrated["table"]["players"]
            self.controls.remember([self.players])

    def _enable_submit(self) -> None:
        """Submit is enabled for a valid config, with a manager, not asking, not submitting."""
        self.submit_button.disabled = (self.manager is None or self.error is not None
                                       or self._pending is not None or self.submitting)

    # -- actions ---------------------------------------------------------------------------

    def save(self):
        """Save the config as a user ``configs`` profile; its path, or None if refused.

        The saved config appears in the configs picker at once.
        """
        if self.error:
            return None
        name = self.profile_name.value.strip()
        try:
            path = self.store.save("configs", name, self.hydrated, label=self.hydrated["label"])
        except JostError as exc:
            self.message.value = errors_html(str(exc))
            return None
        with self._quiet():  # shown in the picker, not loaded again
            self.controls.refresh_configs(name)
        self.message.value = message_html(f"saved {path}", True)
        return path

    def refresh_profiles(self, kind: str) -> None:
        """List a profile saved elsewhere (e.g. by the Betting view) in its dropdown."""
        with self._quiet():
            self.controls.refresh_profiles(kind)

    def _submit_clicked(self) -> None:
        """Submit from the button, in the background: one job per click (see ``click_submit``)."""
        click_submit(self, self.submit, self._enable_submit)

    def submit(self):
        """Submit the config with its project and tags; the Job, or None if refused.

        Before the first job the message says the cluster is starting.
        """
        self.refresh()
        if self.error or self._pending:
            return None
        tags = [t.strip() for t in self.tags.value.split(",") if t.strip()]
        return submit_config(self, self.hydrated, project=self.project.value.strip() or None,
                             tags=tags or None)

