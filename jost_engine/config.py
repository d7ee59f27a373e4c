"""The hydrated config: one JSON document that says everything a run needs.

The field names are the contract of design.md. :func:`validate_config` turns
a plain dict into a :class:`Config` or raises :class:`ConfigError` with one
message naming each bad field path and what is allowed, e.g.
``rules.decks: must be between 1 and 8, got 0``.
"""

from __future__ import annotations

import copy
import json
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationError,
    field_validator,
    model_validator,
)

from .cards import CHART_KEYS
from .data import count_systems, deviation_sets
from .describe import describe_play
from .errors import ConfigError
from .limits import LABEL_MAX, META_MAX_BYTES, NOTES_MAX, PROJECT_MAX, TAG_MAX, TAGS_MAX
from .messages import error_messages
from .others import has_counter, index_errors, pace, seats_of
from .spots import check_fit, most_spots, spot_pairs
from .strategy import check_chart

SCHEMA_VERSION = 1

PAYOUTS = {1.5: "3:2", 1.2: "6:5", 1.0: "1:1", 2.0: "2:1"}
CARD_KEYS = CHART_KEYS  # the keys of count tags and index plays


FREE_BET_RULES = ("dealer_22_pushes", "free_doubles", "free_splits")  # Free Bet Blackjack
SPANISH_RULES = ("spanish_deck", "player_21_wins", "double_any_cards", "bonus_21",
                 "double_rescue")  # Spanish 21
SWITCH_RULES = ("switch", "switched_blackjack")  # Blackjack Switch (with dealer_22_pushes)
VARIANT_GROUPS = (FREE_BET_RULES, SPANISH_RULES, SWITCH_RULES)
VARIANT_RULES = FREE_BET_RULES + SPANISH_RULES + SWITCH_RULES
INDEX_LIMIT = 100  # |true count| an index, ramp step or wonging point may name


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)


def _no_bool(value: Any) -> Any:
    """Refuse true/false where a number is expected (JSON has no 1 == true)."""
    if isinstance(value, bool):
        raise ValueError(f"must be a number, got {value!r}")
    return value


def _index(default=None, description: str = ""):
    return Field(default, ge=-INDEX_LIMIT, le=INDEX_LIMIT, description=description)


class Rules(_Strict):
    """Casino rules of the game."""

    decks: int = Field(ge=1, le=8, description="decks in the shoe (52 cards; 48 with "
                                               "spanish_deck)")
    dealer_hits_soft_17: bool = Field(False, description="H17 (true) or S17 (false)")
    blackjack_pays: Literal[1.5, 1.2, 1.0, 2.0] = Field(
        1.5, description="blackjack payout per unit bet: 1.5 (3:2), 1.2 (6:5), 1.0, 2.0")
    double: Literal["any", "9-11", "10-11"] = Field("any", description="first two cards")
    double_after_split: bool = True
    max_split_hands: int = Field(4, ge=1, le=4, description="hands after splitting")
    resplit_aces: bool = False
    hit_split_aces: bool = False
    surrender: Literal["none", "late", "early"] = "none"
    hole_card: Literal["peek", "enhc"] = "peek"
    penetration: float = Field(0.75, ge=0.25, le=0.95, description="fraction dealt")
    reshuffle: Literal["cut_card", "every_round"] = "cut_card"
    dealer_22_pushes: bool = Field(
        False, description="a dealer's hard 22 pushes every standing hand (a player "
                           "blackjack still wins); Free Bet Blackjack (docs/variants.md)")
    free_doubles: bool = Field(
        False, description="two-card hard 9, 10 and 11 double for free where the double rule "
                           "allows (after splits too, with double_after_split): the casino's "
                           "chip is won, never lost")
    free_splits: bool = Field(
        False, description="every pair but tens splits (and resplits) for free: the new "
                           "hand's bet is the casino's chip, won but never lost")
    spanish_deck: bool = Field(
        False, description="48-card decks: the four ten-spots of each deck removed (jacks, "
                           "queens and kings stay); Spanish 21 (docs/variants.md)")
    player_21_wins: bool = Field(
        False, description="a player's 21 beats a dealer's 21 and a player blackjack beats a "
                           "dealer blackjack (Spanish 21)")
    double_any_cards: bool = Field(
        False, description="a hand doubles on any number of cards (the totals of `double`; "
                           "after splits with double_after_split); split aces never double")
    bonus_21: bool = Field(
        False, description="Spanish 21's bonus 21s on a hand not doubled: five cards pay 3:2, "
                           "six 2:1, seven or more 3:1; 6-7-8 and 7-7-7 pay 3:2")
    double_rescue: bool = Field(
        False, description="double-down rescue: after a double's card a hard hand that did "
                           "not bust may be given up for the original bet (the chart's "
                           "`rescue` table); Spanish 21")
    max_doubles: int = Field(
        1, ge=1, le=3, description="doubles a hand may make, 1..3: 1 no redouble; 2 or 3 "
                                   "redoubles after the double's card (bets 2, 4, 8 units; "
                                   "the chart's `redouble` table), with double_any_cards; "
                                   "Spanish 21")
    switch: bool = Field(
        False, description="Blackjack Switch: a spot plays two hands of equal bets, and after "
                           "the dealer's peek the second cards of the two may be exchanged "
                           "(docs/variants.md)")
    switched_blackjack: bool = Field(
        False, description="with switch: an ace and a ten made by switching count as a "
                           "blackjack; else (the Las Vegas rule) as a 21")

    @field_validator("blackjack_pays", mode="before")
    @classmethod
    def _payout_as_float(cls, value: Any) -> Any:
        # JSON writes 1 and 2 as integers; they are the 1:1 and 2:1 payouts
        _no_bool(value)
        return float(value) if type(value) is int else value

    @model_validator(mode="after")
    def _one_variant(self) -> Rules:
        # the exact analysis values Free Bet's casino chips or Spanish 21's 21s, not both
        free = [f for f in FREE_BET_RULES if getattr(self, f)]
        spanish = [f for f in SPANISH_RULES[1:] if getattr(self, f)]
        if free and spanish:
            raise ValueError(f"{spanish[0]}: a Spanish 21 rule does not combine with the Free "
                             f"Bet rules, got {free[0]} too")
        if self.max_doubles > 1 and not self.double_any_cards:
            raise ValueError(f"max_doubles: redoubling (2 or 3) is a Spanish 21 rule and "
                             f"needs double_any_cards, got {self.max_doubles} without it")
        if self.switched_blackjack and not self.switch:
            raise ValueError("switched_blackjack: needs switch (it says what a switched ace "
                             "and ten count as), got switch false")
        others = [f for f in (*FREE_BET_RULES[1:], *SPANISH_RULES) if getattr(self, f)]
        if self.switch and others:
            raise ValueError(f"switch: Blackjack Switch does not combine with the Free Bet or "
                             f"Spanish 21 rules (dealer_22_pushes aside), got {others[0]} too")
        return self


def _rate(description: str):
    return Field(0.0, ge=0, le=1, description=description)


class ErringPlayer(_Strict):
    """Another player who makes play errors at given rates (:mod:`jost_engine.others`).

    The rates are those of ``strategy.errors`` (docs/errors.md), per decision of
    this seat's hands; index errors need a counter, who plays index plays.
    """

    profile: Literal["basic", "counter"] = Field(
        "basic", description="what the player means to play: 'basic' or 'counter'")
    slip: float = _rate("chance per play decision (split; hit, stand, double) of a random "
                        "other legal action")
    missed_index: float = _rate("chance of playing the chart where an index play applies "
                                "(a counter only)")
    wrong_index: float = _rate("chance of playing an index play where its index does not "
                               "apply (a counter only)")

    @field_validator("slip", "missed_index", "wrong_index", mode="before")
    @classmethod
    def _numbers(cls, value: Any) -> Any:
        return _no_bool(value)

    @model_validator(mode="after")
    def _index_errors_need_a_counter(self) -> ErringPlayer:
        for name in ("missed_index", "wrong_index"):
            if getattr(self, name) and self.profile != "counter":
                raise ValueError(f"{name}: an index error needs profile 'counter' (who plays "
                                 f"index plays), got {self.profile!r}")
        return self


def _other(value: Any) -> str:
    """The member of :data:`OtherPlayer` a seat's value is meant for (a name unless an object).

    The tags are union-member names that :mod:`jost_engine.messages` leaves
    out of a field's path.
    """
    return "ErringPlayer" if isinstance(value, (dict, BaseModel)) else "str"


#: One other seat: a profile name, or a player who makes play errors.
OtherPlayer = Annotated[
    Annotated[Literal["basic", "counter"], Tag("str")]
    | Annotated[ErringPlayer, Tag("ErringPlayer")],
    Discriminator(_other)]


class Others(_Strict):
    """``table.others``: the profiles of the players to our right and to our left
    (:mod:`jost_engine.others`): ``"basic"``, ``"counter"``, or an object with a
    profile and play-error rates (:class:`ErringPlayer`)."""

    right: list[OtherPlayer] = Field(
        default_factory=list, max_length=6, description="players dealt before us, in order: "
        "'basic', 'counter', or {\"profile\": ..., \"slip\": ...} with play errors")
    left: list[OtherPlayer] = Field(
        default_factory=list, max_length=6, description="players dealt after us, in order "
        "(as right)")


class Table(_Strict):
    """Players at the table and our seat among them (1 = first to act)."""

    players: int = Field(1, ge=1, le=7)
    seat: int = Field(1, ge=1, le=7)
    others: Others | None = Field(
        None, description="profiles of the players to our right and left; players and seat "
                          "then follow from it")

    @model_validator(mode="after")
    def _seat_at_table(self) -> Table:
        if self.seat > self.players:
            raise ValueError(f"seat: must be between 1 and players ({self.players}), "
                             f"got {self.seat}")
        return self


class Count(_Strict):
    """The card count the player keeps."""

    system: str = Field("hi-lo", description="a named system, or 'custom' with tags")
    tags: dict[str, float] | None = Field(None, description="custom tags, 2..9, T, A")
    balanced: bool | None = None
    initial_running_count: float | None = Field(None, ge=-1000, le=1000)
    deck_resolution: Literal[0, 0.25, 0.5, 1] = Field(
        0.5, description="decks remaining estimated to this many decks; 0 = exact")
    true_count: Literal["floor", "truncate", "round"] = "floor"

    @field_validator("deck_resolution", mode="before")
    @classmethod
    def _resolution_not_bool(cls, value: Any) -> Any:
        return _no_bool(value)

    @model_validator(mode="after")
    def _known_system(self) -> Count:
        systems = count_systems()
        if self.system == "custom":
            if self.tags is None:
                raise ValueError("tags: a custom count needs tags for 2..9, T and A")
            missing = [k for k in CARD_KEYS if k not in self.tags]
            extra = [k for k in self.tags if k not in CARD_KEYS]
            if missing or extra:
                raise ValueError(f"tags: must have exactly the keys {', '.join(CARD_KEYS)}"
                                 f"; missing {missing}, unknown {extra}")
            for key, value in self.tags.items():
                if not abs(value) <= 4 or value * 2 != int(value * 2):
                    raise ValueError(f"tags.{key}: must be a multiple of 0.5 between -4 "
                                     f"and 4, got {value}")
        elif self.system not in systems:
            raise ValueError(f"system: must be one of {', '.join(sorted(systems))} or "
                             f"'custom', got {self.system!r}")
        elif self.tags is not None:
            raise ValueError("tags: only a 'custom' system takes tags")
        return self


class Deviation(_Strict):
    """One index play: a hand against an up card, at or above / below a count."""

    hand: str | None = Field(None, description="hard total '16', soft 'A7', pair 'T,T'")
    dealer: Literal[CHART_KEYS] | None = None
    action: Literal["hit", "stand", "double", "split", "surrender"] | None = None
    play: Literal["insurance"] | None = None
    at_or_above: float | None = _index()
    below: float | None = _index()

    @model_validator(mode="after")
    def _one_threshold(self) -> Deviation:
        if (self.at_or_above is None) == (self.below is None):
            raise ValueError("give exactly one of at_or_above and below")
        if self.play is None and (self.hand is None or self.dealer is None
                                  or self.action is None):
            raise ValueError("an index play needs hand, dealer and action "
                             "(or play: 'insurance')")
        return self


class Errors(_Strict):
    """A person's errors (docs/errors.md): each a chance, or null/0 for none."""

    slip: float = _rate("chance per play decision (split; hit, stand, double) of a random "
                        "other legal action")
    missed_index: float = _rate("chance of playing the chart where an index play applies")
    wrong_index: float = _rate("chance of playing an index play where its index does not "
                               "apply (the count on the wrong side)")
    bet: float = _rate("chance per round bet on of the ramp step one above or below")
    cards_per_miscount: float | None = Field(
        None, ge=1, le=1e6, description="a card miscounted (off by one point) per this many "
                                        "cards [cards]; null: none")
    deck_sd: float = Field(0.0, ge=0, le=8, description="SD of the estimate of the decks "
                                                        "unseen [decks]")
    deck_sd_per_deck: float = Field(0.0, ge=0, le=1, description="SD added to deck_sd per "
                                                                 "deck dealt [decks]")

    @field_validator("*", mode="before")
    @classmethod
    def _numbers(cls, value: Any) -> Any:
        return _no_bool(value)

    def any(self) -> bool:
        """Whether any error is made."""
        return any(v for v in self.model_dump().values())


class Strategy(_Strict):
    """How the player plays, counts and deviates."""

    chart: Literal["basic"] | Chart = "basic"
    count: Count | None = None
    deviations: str | list[Deviation] | None = None
    insurance_at: float | None = _index(description="true count to insure at")
    errors: Errors | None = Field(None, description="a person's errors (docs/errors.md); "
                                                    "null: none")

    @model_validator(mode="after")
    def _needs_count(self) -> Strategy:
        if isinstance(self.deviations, str):
            sets = deviation_sets()
            names = self.deviations.split("+")
            unknown = [n for n in names if n not in sets and n != "none"]
            if unknown:
                raise ValueError(f"deviations: must be 'none', a list, or a '+' join of "
                                 f"{', '.join(sorted(sets))}; got {self.deviations!r}")
        uses_count = (self.deviations not in (None, "none", [])
                      or self.insurance_at is not None)
        if uses_count and self.count is None:
            raise ValueError("count: deviations and insurance_at need a count")
        self._errors_fit()
        return self

    def _errors_fit(self) -> None:
        """Errors of counting and index plays need a count, and index plays to miss."""
        errors = self.errors
        if errors is None:
            return
        for name in ("cards_per_miscount", "deck_sd", "deck_sd_per_deck"):
            if getattr(errors, name) and self.count is None:
                raise ValueError(f"errors.{name}: a count error needs strategy.count, "
                                 f"got no count")
        for name in ("missed_index", "wrong_index"):
            if getattr(errors, name) and self.deviations in (None, "none", []):
                raise ValueError(f"errors.{name}: an index error needs index plays "
                                 f"(strategy.deviations), got none")


ChartRow = Annotated[str, Field(pattern=r"^\s*\S+(\s+\S+){9}\s*$")]


class Chart(_Strict):
    """An explicit strategy chart: rows of 10 codes for up cards 2..9, T, A."""

    name: str | None = Field(None, max_length=LABEL_MAX)
    notes: str | None = Field(None, max_length=NOTES_MAX)
    applies_to: dict[str, Any] | None = None
    dealer: list[str] | None = None
    hard: dict[str, ChartRow]
    soft: dict[str, ChartRow]
    pairs: dict[str, ChartRow]
    late_surrender: dict[str, ChartRow] = Field(default_factory=dict)
    early_surrender: dict[str, ChartRow] = Field(default_factory=dict)
    rescue: dict[str, ChartRow] = Field(default_factory=dict)  # with rules.double_rescue
    redouble: dict[str, ChartRow] = Field(default_factory=dict)  # with rules.max_doubles > 1

    @model_validator(mode="after")
    def _rows_and_codes(self) -> Chart:
        check_chart(self.model_dump())
        return self


class CoverHand(_Strict):
    """One cell played against the chart in a cover round."""

    hand: str = Field(description="a hard total ('16') or a soft hand ('A7')")
    dealer: str = Field(description="the dealer's up card: 2..9, T or A")
    action: Literal["hit", "stand"]

    @model_validator(mode="after")
    def _no_pair(self) -> CoverHand:
        if "," in self.hand:
            raise ValueError(f"hand: a hard total ('16') or a soft hand ('A7'); pairs are "
                             f"not cover cells, got {self.hand!r}")
        return self


class CoverPlays(_Strict):
    """Cover rounds: their chance and the cells played against the chart."""

    rate: float = Field(gt=0, le=1, description="chance that a round is a cover round")
    hands: list[CoverHand] = Field(min_length=1, max_length=20)


class Cover(_Strict):
    """``betting.cover``: parlay, largest jump and cover plays (each off when null)."""

    parlay: list[int] | None = Field(
        None, description="[low, high] neutral true counts where a win is parlayed")
    max_jump: float | None = Field(
        None, ge=1.01, le=100, description="largest ratio of two consecutive bets")
    plays: CoverPlays | None = None

    @model_validator(mode="after")
    def _sane(self) -> Cover:
        if self.parlay is not None:
            low, high = (self.parlay + [99, 99])[:2]
            if len(self.parlay) != 2 or not (-20 <= low <= high <= 20):
                raise ValueError(f"parlay: must be [low, high] true counts with -20 <= low <= "
                                 f"high <= 20, got {list(self.parlay)}")
        if self.max_jump is not None and round(self.max_jump * 100) != self.max_jump * 100:
            raise ValueError(f"max_jump: must be a multiple of 0.01 between 1.01 and 100, "
                             f"got {self.max_jump}")
        if self.parlay is None and self.max_jump is None and self.plays is None:
            raise ValueError("cover: give at least one of parlay, max_jump, plays "
                             "(or leave betting.cover null)")
        return self


class Betting(_Strict):
    """Bet ramp by true count, wonging and bankroll."""

    ramp: list[tuple[float, float]] = Field(
        default_factory=lambda: [(-99.0, 1.0)],
        description="[true count at or above, units] pairs")
    wong_in: float | None = _index()
    wong_out: float | None = _index()
    unit: float = Field(1.0, gt=0, le=1e9, description="money per betting unit")
    bankroll_units: float | None = Field(None, gt=0, le=1e9)
    trip_goal_units: float | None = Field(
        None, gt=0, le=1e9, description="simulated trips end won at this gain [units]")
    trip_hours: float | None = Field(
        None, gt=0, le=1e6, description="simulated trips end survived after this long [hours]")
    min_units: float = Field(1.0, ge=0.1, le=1000, description="table minimum, in units")
    max_units: float | None = Field(None, ge=0.1, le=1000, description="table maximum, in units")
    spots: list[tuple[float, int]] = Field(
        default_factory=lambda: [(-99.0, 1)],
        description="[true count at or above, spots] pairs: spots taken (1..3) in seats "
                    "table.seat, table.seat + 1, ...; each spot bets the ramp's units")
    cover: Cover | None = Field(
        None, description="cover bets and plays (parlay, max_jump, plays); null: none")

    @model_validator(mode="before")
    @classmethod
    def _ramp_pairs(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("ramp"), list):
            ramp = data["ramp"]
            for i, pair in enumerate(ramp):
                if not (isinstance(pair, (list, tuple)) and len(pair) == 2 and all(
                        isinstance(v, (int, float)) and not isinstance(v, bool)
                        for v in pair)):
                    raise ValueError(f"ramp.{i}: must be a [true count, units] pair of "
                                     f"numbers, got {pair!r}")
                if not abs(pair[0]) <= 1000:
                    raise ValueError(f"ramp.{i}: the true count must be between -1000 and "
                                     f"1000, got {pair[0]!r}")
                if not abs(pair[1]) <= 1000:
                    raise ValueError(f"ramp: units must be multiples of 0.1 between 0.1 and "
                                     f"1000, got {pair[1]!r}")
            data = {**data, "ramp": [(float(a), float(b)) for a, b in ramp]}
        if isinstance(data, dict) and "spots" in data:
            data = {**data, "spots": spot_pairs(data["spots"])}
        return data

    @model_validator(mode="after")
    def _ramp_sane(self) -> Betting:
        if not self.ramp:
            raise ValueError("ramp: must have at least one [true count, units] pair")
        counts = [tc for tc, _ in self.ramp]
        if counts != sorted(counts) or len(set(counts)) != len(counts):
            raise ValueError(f"ramp: true counts must increase, got {counts}")
        for _tc, units in self.ramp:
            if units <= 0 or units > 1000 or round(units * 10) != units * 10:
                raise ValueError(f"ramp: units must be multiples of 0.1 between 0.1 "
                                 f"and 1000, got {units}")
        for name in ("min_units", "max_units"):
            value = getattr(self, name)
            if value is not None and round(value * 10) != value * 10:
                raise ValueError(f"{name}: must be a multiple of 0.1 units, got {value}")
        if self.max_units is not None and self.max_units < self.min_units:
            raise ValueError(f"max_units: must be at least min_units ({self.min_units}), "
                             f"got {self.max_units}")
        if (self.wong_in is not None and self.wong_out is not None
                and self.wong_out >= self.wong_in):
            raise ValueError(f"wong_out: must be below wong_in ({self.wong_in}), "
                             f"got {self.wong_out}")
        return self


class Run(_Strict):
    """Size and seed of the run, and the precision it may stop at.

    With ``target_se`` the run stops at the first chunk where the SE of the
    advantage of the chunks so far is at or below it (:mod:`jost_engine.stopping`);
    ``max_rounds`` is then its budget, ``rounds`` when not given.
    """

    rounds: int = Field(ge=1, le=10**12)
    seed: int = Field(1, ge=0, le=2**63 - 1)
    chunk_rounds: int = Field(5_000_000, ge=1_000, le=100_000_000)
    rounds_per_hour: float = Field(100.0, gt=0, le=1000)
    target_se: float | None = Field(
        None, gt=0, le=100,
        description="stop when the SE of the advantage is at or below this "
                    "[percentage points of the initial bet]")
    max_rounds: int | None = Field(
        None, ge=1, le=10**12,
        description="the most rounds a run with target_se deals (default: rounds)")

    @model_validator(mode="after")
    def _budget(self) -> Run:
        if self.target_se is None:
            if self.max_rounds is not None:
                raise ValueError(f"max_rounds: only with target_se (a budget for a run that "
                                 f"stops at a precision); set run.rounds instead, got "
                                 f"{self.max_rounds}")
        elif self.max_rounds is None:
            self.max_rounds = self.rounds
        return self

    @property
    def budget_rounds(self) -> int:
        """The rounds of the whole plan [rounds]: ``max_rounds`` with a target, else ``rounds``."""
        return self.max_rounds if self.target_se is not None else self.rounds


class SideBetSpec(_Strict):
    """One side bet on our seat (docs/side-bets.md)."""

    name: str = Field(description="the bet: 21+3, perfect-pairs, lucky-ladies or buster")
    paytable: str | dict[str, float] | None = Field(
        None, description="a pay table name of the bet, a {category: payout to one} object, "
                          "or null for the bet's first table")
    bet: float = Field(1.0, gt=0, le=1000, description="side bet [units]")
    entry: float | None = _index(
        None, "entry true count of the bet's side count: the result adds the win rate of "
              "betting it only at or above this count (null: none)")

    _bet_number = field_validator("bet", "entry", mode="before")(_no_bool)


class Config(_Strict):
    """The whole hydrated config."""

    schema_version: Literal[1] = SCHEMA_VERSION
    simulation_type: Literal["blackjack"] = "blackjack"
    label: str | None = Field(None, max_length=LABEL_MAX)
    rules: Rules
    table: Table = Field(default_factory=Table)
    strategy: Strategy = Field(default_factory=Strategy)
    betting: Betting = Field(default_factory=Betting)
    run: Run
    side_bets: list[SideBetSpec] = Field(
        default_factory=list, max_length=4,
        description="side bets on our seat, each with its own tallies (up to 4)")

    @model_validator(mode="after")
    def _others_seats(self) -> Config:
        others = self.table.others
        if others is not None:
            spots = most_spots(self.betting.spots)
            players, seat = seats_of(others, spots)
            given = self.table.model_fields_set
            for name, value in (("players", players), ("seat", seat)):
                if name in given and getattr(self.table, name) != value:
                    raise ValueError(
                        f"table.{name}: follows from table.others ({value} here: right + our "
                        f"spots + left); leave it out, got {getattr(self.table, name)}")
            self.table.players, self.table.seat = players, seat
            if "rounds_per_hour" not in self.run.model_fields_set:
                self.run.rounds_per_hour = pace(players)
            if has_counter(others) and self.strategy.count is None:
                raise ValueError("table.others: a 'counter' plays the count's index plays, so "
                                 "it needs strategy.count; allowed without a count: 'basic'")
            if index_errors(others) and self.strategy.deviations in (None, "none", []):
                raise ValueError("table.others: an index error (missed_index, wrong_index) "
                                 "needs index plays (strategy.deviations), got none; allowed "
                                 "without them: slip")
        cover = self.betting.cover
        if cover is not None and most_spots(self.betting.spots) > 1 \
                and (cover.parlay is not None or cover.max_jump is not None):
            raise ValueError("betting.cover: parlay and max_jump follow one spot's bets; "
                             "allowed with betting.spots of one spot only (plays may stay)")
        return self

    @model_validator(mode="after")
    def _spots_fit(self) -> Config:
        check_fit(self.betting.spots, self.table.seat, self.table.players)
        return self

    @model_validator(mode="after")
    def _bet_errors_fit(self) -> Config:
        errors = self.strategy.errors
        if errors is not None and errors.bet and len({u for _, u in self.betting.ramp}) < 2 \
                and len({n for _, n in self.betting.spots}) < 2:
            raise ValueError(f"strategy.errors.bet: a bet error needs a ramp of two or more "
                             f"bets (betting.ramp), got {self.betting.ramp}")
        return self

    @model_validator(mode="after")
    def _default_label(self) -> Config:
        if self.label is None:
            play = self.model_dump(include={"strategy", "betting"})
            self.label = f"{describe_rules(self.rules)}, {describe_play(play)}"
        return self

    def to_dict(self) -> dict:
        """The config as plain JSON-ready data, every default filled in.

        ``side_bets`` is left out when empty, and each variant's rules
        (:data:`VARIANT_GROUPS`) when all of them are off (configs without them
        read as they did before there were any).
        """
        data = json.loads(self.model_dump_json())
        if not data["side_bets"]:
            del data["side_bets"]
        for name in VARIANT_RULES:
            if name not in variant_fields(self.rules):
                del data["rules"][name]
        if self.rules.max_doubles == 1:
            del data["rules"]["max_doubles"]  # configs without redoubles read as before
        chart = data["strategy"].get("chart")
        for table in ("rescue", "redouble"):
            if isinstance(chart, dict) and not chart.get(table):
                chart.pop(table, None)  # a chart without the table reads as before
        return data


Strategy.model_rebuild()


def describe_rules(rules: Rules) -> str:
    """A short label for a rule set, e.g. ``6D S17 DAS 3:2 peek 75%``."""
    parts = [f"{rules.decks}D", "H17" if rules.dealer_hits_soft_17 else "S17"]
    if rules.double_after_split:
        parts.append("DAS")
    if rules.double != "any":
        parts.append(f"D{rules.double}")
    if rules.surrender != "none":
        parts.append("LS" if rules.surrender == "late" else "ES")
    if rules.resplit_aces:
        parts.append("RSA")
    parts.append(PAYOUTS[rules.blackjack_pays])
    if rules.hole_card == "enhc":
        parts.append("ENHC")
    parts.extend(variant_words(rules))
    if rules.reshuffle == "every_round":
        parts.append("CSM-like (every round)")
    else:
        parts.append(f"{rules.penetration:.0%} pen")
    return " ".join(parts)


def variant_fields(rules) -> list[str]:
    """The variant rules written out for a rule set: every field of each group of
    :data:`VARIANT_GROUPS` that has one on (a classic game writes none).

    ``rules``: anything with the fields of :data:`VARIANT_RULES` (a
    :class:`Rules` or an :class:`~jost_engine.exact.rules.ExactRules`).
    """
    return [name for group in VARIANT_GROUPS if any(getattr(rules, f) for f in group)
            for name in group]


def variant_words(rules) -> list[str]:
    """The variant rules that are on, as words of a label (``["free doubles", ...]``).

    ``rules``: as for :func:`variant_fields`.
    """
    words = {"free_doubles": "free doubles", "free_splits": "free splits",
             "dealer_22_pushes": "22 pushes", "spanish_deck": "Spanish decks",
             "player_21_wins": "player 21 wins", "double_any_cards": "double any cards",
             "bonus_21": "bonus 21s", "double_rescue": "double-down rescue",
             "switch": "switch", "switched_blackjack": "switched blackjacks"}
    said = [words[name] for name in ("switch", "free_doubles", "free_splits",
                                     "dealer_22_pushes", *SPANISH_RULES, "switched_blackjack")
            if getattr(rules, name)]
    if getattr(rules, "max_doubles", 1) > 1:
        said.append(f"doubles up to {rules.max_doubles} times")
    return said


def default_label(config: dict) -> str:
    """The label of a config that gives none: its rules, then what it plays.

    E.g. ``6D S17 DAS 3:2 75% pen, Hi-Lo I18+Fab4 1-12``. The one place a
    default label is decided: :class:`Config` fills ``label`` with it, and
    the Build tab shows it as the label box's placeholder.

    Parameters
    ----------
    config : dict
        A hydrated config (sections as data, not profile names); its own
        ``label`` is ignored.
    """
    return validate_config({**config, "label": None}).label


def validate_config(data: dict | Config) -> Config:
    """Check a plain config dict and return it as a :class:`Config`.

    Parameters
    ----------
    data : dict or Config
        The config, e.g. parsed from JSON. Profiles must already be
        resolved (see :func:`jost_engine.profiles.hydrate`).

    Returns
    -------
    Config
        The validated config with every default filled in.

    Raises
    ------
    ConfigError
        One message naming each bad field and what it allows.
    """
    if isinstance(data, Config):
        return data
    if not isinstance(data, dict):
        raise ConfigError(f"config: must be a JSON object, got {type(data).__name__}")
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        raise ConfigError("; ".join(error_messages(exc.errors(), Config))) from None
    if config.side_bets:
        from .exact.sidebets.catalog import side_bet

        for i, spec in enumerate(config.side_bets):
            side_bet(spec.name, spec.paytable, f"side_bets.{i}")
        if config.rules.spanish_deck:
            raise ConfigError("side_bets: not offered with rules.spanish_deck (the side bets "
                              "are valued on 52-card decks), got "
                              f"{len(config.side_bets)} side bet(s)")
    return config


class JobMeta(_Strict):
    """A job's project and tags, bounded like every free-text field."""

    project: str | None = Field(None, max_length=PROJECT_MAX)
    tags: list[Annotated[str, Field(min_length=1, max_length=TAG_MAX)]] | None = Field(
        None, max_length=TAGS_MAX)


def check_job_meta(project: str | None = None, tags=None, meta: dict | None = None) -> dict:
    """A job's metadata, checked against the bounds of free text.

    Parameters
    ----------
    project : str, optional
        At most :data:`PROJECT_MAX` characters.
    tags : str or list of str, optional
        At most :data:`TAGS_MAX` tags of 1 to :data:`TAG_MAX` characters.
    meta : dict, optional
        Any other metadata: plain JSON of at most :data:`META_MAX_BYTES` bytes.

    Returns
    -------
    dict
        ``meta`` with ``project`` and ``tags`` added when given.

    Raises
    ------
    ConfigError
        Naming the field and its limit, e.g. ``tags.0: must be at most 50
        characters long, got 51``.
    """
    if isinstance(tags, str):
        tags = [tags]
    elif tags is not None and not isinstance(tags, list):
        tags = list(tags)
    try:
        checked = JobMeta.model_validate({"project": project, "tags": tags})
    except ValidationError as exc:
        errors = exc.errors()
        raise ConfigError("; ".join(error_messages(errors, JobMeta)),
                          ".".join(str(p) for p in errors[0]["loc"])) from None
    if meta is not None and not isinstance(meta, dict):
        raise ConfigError(f"meta: must be a JSON object, got {type(meta).__name__}", "meta")
    try:
        size = len(json.dumps(meta or {}).encode("utf-8"))
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"meta: must be plain JSON data ({exc})", "meta") from None
    if size > META_MAX_BYTES:
        raise ConfigError(f"meta: must be at most {META_MAX_BYTES:,} bytes as JSON, "
                          f"got {size:,}", "meta")
    out = dict(meta or {})
    if checked.project is not None:
        out["project"] = checked.project
    if checked.tags is not None:
        out["tags"] = checked.tags
    return out


def merge_config(base: dict, *overrides: dict) -> dict:
    """A config with overrides merged over it: the one merge of CLI options, tests and studies.

    Like pvlib's ``ModelChain.with_pvwatts(**kwargs)`` over ``PVWATTS_CONFIG``,
    a variant is the base plus a small dict, e.g. ``{"rules": {"surrender":
    "late"}}`` or, with a dotted path, ``{"rules.surrender": "late"}``.

    Parameters
    ----------
    base : dict
        The config (or any JSON object); never changed.
    *overrides : dict
        Applied in order. A key may be a dotted path (``"run.rounds"``). An
        object merged over an object is merged key by key; any other value
        (a number, a list such as a ramp, a profile name) replaces what was
        there.

    Returns
    -------
    dict
        A new dict; nothing in it is shared with ``base`` or ``overrides``.

    Raises
    ------
    ConfigError
        When a dotted path goes through a value that is not an object (such
        as a profile name not yet hydrated), naming the path.
    """
    out = _copy(base)
    for override in overrides:
        if not isinstance(override, dict):
            raise ConfigError(f"override: must be a JSON object, got {type(override).__name__}")
        for key, value in override.items():
            _merge_path(out, str(key).split("."), value)
    return out


def _merge_path(target: dict, path: list[str], value: Any) -> None:
    """Merge ``value`` at ``path`` inside ``target`` (changed in place)."""
    *parents, leaf = path
    for depth, part in enumerate(parents):
        inner = target.get(part)
        if inner is None:
            inner = target[part] = {}
        if not isinstance(inner, dict):
            field = ".".join(path[:depth + 1])
            raise ConfigError(f"{field}: is {inner!r}, not an object, so "
                              f"{'.'.join(path)} cannot be set inside it (hydrate profile "
                              f"names first)", field)
        target = inner
    if isinstance(value, dict) and isinstance(target.get(leaf), dict):
        for key, inner_value in value.items():
            _merge_path(target[leaf], str(key).split("."), inner_value)
    else:
        target[leaf] = _copy(value)


def _copy(value: Any) -> Any:
    """A deep copy of JSON data (through JSON: ten times quicker than ``copy.deepcopy``)."""
    try:
        return json.loads(json.dumps(value, allow_nan=False))
    except (TypeError, ValueError):  # not plain JSON: copy it as it is
        return copy.deepcopy(value)


def config_schema() -> dict:
    """The JSON Schema of the hydrated config."""
    return Config.model_json_schema()
