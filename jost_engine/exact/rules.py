"""The rules and the shoe as the exact analysis sees them.

Cards are indexed by rank ``0..9`` for the values ace, 2, ..., 9 and ten
(every ten-valued card), so the card of index ``r`` is worth ``r + 1`` with
the ace counted as one (:mod:`jost_engine.cards`). A shoe is a float array of
ten card counts (:func:`~jost_engine.cards.shoe_counts`); real
(non-integer) counts are allowed, which is how :mod:`.indices` builds a shoe
at a given true count.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from ..cards import shoe_counts
from ..config import Rules

ACE = 0
TEN = 9
N_RANKS = 10
PER_DECK = shoe_counts(1)  # cards of each rank in one deck
FREE_DOUBLE_LOW, FREE_DOUBLE_HIGH = 9, 11  # hard totals doubled for free
DOUBLE_LIMITS = {"any": (4, 21, True), "9-11": (9, 11, False), "10-11": (10, 11, False)}


@dataclass(frozen=True)
class ExactRules:
    """The rules that change the exact EV (hashable, so results can be cached).

    Built from a ``rules`` dict of the config (or a validated
    :class:`~jost_engine.config.Rules`) with :meth:`from_rules`; fields that
    only concern a simulation (penetration, reshuffle) are dropped.
    """

    decks: int = 6
    dealer_hits_soft_17: bool = False
    blackjack_pays: float = 1.5
    double: str = "any"
    double_after_split: bool = True
    max_split_hands: int = 4
    resplit_aces: bool = False
    hit_split_aces: bool = False
    surrender: str = "none"
    hole_card: str = "peek"
    dealer_22_pushes: bool = False
    free_doubles: bool = False
    free_splits: bool = False
    spanish_deck: bool = False
    player_21_wins: bool = False
    double_any_cards: bool = False
    bonus_21: bool = False
    double_rescue: bool = False
    max_doubles: int = 1
    switch: bool = False
    switched_blackjack: bool = False

    @classmethod
    def from_rules(cls, rules: dict | Rules | ExactRules) -> ExactRules:
        """Validate a rules dict (defaults filled in) and keep the exact fields.

        Raises
        ------
        jost_engine.errors.ConfigError
            For a bad rules dict, naming the field.
        """
        if isinstance(rules, ExactRules):
            return rules
        if isinstance(rules, dict):
            from ..config import validate_config

            rules = validate_config({"rules": rules, "run": {"rounds": 1}}).rules
        return cls(**{k: getattr(rules, k) for k in cls.__dataclass_fields__})

    def to_dict(self) -> dict:
        """The fields as a plain dict (a valid ``rules`` section)."""
        return asdict(self)

    @property
    def enhc(self) -> bool:
        """Whether the dealer takes no hole card (European no hole card)."""
        return self.hole_card == "enhc"

    def may_double(self, hard_sum: int, soft: bool) -> bool:
        """Whether a two-card hand may be doubled (before any split).

        Parameters
        ----------
        hard_sum : int
            Card values added, aces as one.
        soft : bool
            Whether the hand counts an ace as eleven.
        """
        low, high, soft_ok = DOUBLE_LIMITS[self.double]
        if soft:
            return soft_ok
        return low <= hard_sum <= high

    @property
    def free_bets(self) -> bool:
        """Whether any double or split is free (Free Bet Blackjack, docs/variants.md)."""
        return self.free_doubles or self.free_splits

    def free_double(self, total: int, soft: bool) -> bool:
        """Whether doubling a two-card hand of this total puts up the casino's chip.

        Parameters
        ----------
        total : int
            The hand's total (a hard hand's card values added).
        soft : bool
            Whether the hand counts an ace as eleven (never free).
        """
        return self.free_doubles and not soft and FREE_DOUBLE_LOW <= total <= FREE_DOUBLE_HIGH

    def free_split(self, rank: int) -> bool:
        """Whether splitting a pair of this rank puts up the casino's chip (all but tens)."""
        return self.free_splits and rank != TEN

    @property
    def spanish(self) -> bool:
        """Whether a Spanish 21 rule changes the hand values (docs/variants.md)."""
        return (self.player_21_wins or self.double_any_cards or self.bonus_21
                or self.double_rescue or self.max_doubles > 1)

    def may_resplit(self, rank: int) -> bool:
        """Whether a split hand of this rank may be split again (hands allowing)."""
        return rank != ACE or self.resplit_aces
