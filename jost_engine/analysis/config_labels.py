"""The names people read for config fields: one table for the Build tab and for comparisons.

The workbench's Build tab labels its controls with :data:`CONFIG_LABELS`,
and every place that says what differs between configs (the Compare tab, the
compare and study reports) names the fields the same way, so a person who
set "chunk rounds" in the Build tab reads "chunk rounds" in a comparison,
never ``run.chunk_rounds``.
"""

from __future__ import annotations

#: Readable names of config fields, by dotted path, with the unit in brackets where there
#: is one (a control whose unit follows the count adds it: "bet ramp [true count:units]").
CONFIG_LABELS = {
    "label": "label",
    "rules.decks": "decks",
    "rules.dealer_hits_soft_17": "dealer on soft 17",
    "rules.blackjack_pays": "blackjack pays",
    "rules.double": "double on",
    "rules.double_after_split": "double after split",
    "rules.max_split_hands": "split to hands",
    "rules.resplit_aces": "resplit aces",
    "rules.hit_split_aces": "hit split aces",
    "rules.surrender": "surrender",
    "rules.hole_card": "hole card",
    "rules.penetration": "penetration",
    "rules.reshuffle": "reshuffle",
    "rules.spanish_deck": "Spanish decks (48 cards)",
    "rules.player_21_wins": "player 21 always wins",
    "rules.double_any_cards": "double on any number of cards",
    "rules.bonus_21": "bonus 21s",
    "table.players": "players",
    "table.seat": "seat",
    "strategy.chart": "strategy chart",
    "strategy.count.system": "count system",
    "strategy.count.deck_resolution": "count: deck resolution [decks]",
    "strategy.count.true_count": "count: true count rounding",
    "strategy.deviations": "index plays",
    "strategy.insurance_at": "insurance at true count",
    "strategy.errors": "errors [kind=rate]",
    "strategy.errors.slip": "errors: slip [chance a decision]",
    "strategy.errors.missed_index": "errors: missed index [chance]",
    "strategy.errors.wrong_index": "errors: wrong index [chance]",
    "strategy.errors.bet": "errors: bet step [chance a round]",
    "strategy.errors.cards_per_miscount": "errors: a miscount per [cards]",
    "strategy.errors.deck_sd": "errors: deck estimate SD [decks]",
    "strategy.errors.deck_sd_per_deck": "errors: deck SD per deck dealt [decks]",
    "betting.ramp": "bet ramp [units]",
    "betting.wong_in": "wong in at",
    "betting.wong_out": "wong out at",
    "betting.unit": "betting unit [$]",
    "betting.bankroll_units": "bankroll [units]",
    "betting.trip_hours": "trip length [hours]",
    "betting.trip_goal_units": "trip goal [units]",
    "betting.min_units": "table minimum [units]",
    "betting.max_units": "table maximum [units]",
    "betting.spots": "spots [true count:spots]",
    "betting.cover": "cover (parlay, jumps, plays)",
    "table.others": "other players (right; left)",
    "side_bets": "side bets (name, pay table, bet, entry)",
    "run.rounds": "rounds",
    "run.chunk_rounds": "chunk rounds",
    "run.seed": "seed",
    "run.rounds_per_hour": "rounds per hour",
    "run.target_se": "target SE [% of the initial bet]",
    "run.max_rounds": "max rounds",
}


def config_label(path: str) -> str:
    """The readable name of a config field: ``run.chunk_rounds`` -> ``chunk rounds``.

    A field without an entry in :data:`CONFIG_LABELS` is named by its path
    with dots and underscores read as words (``rules.foo_bar`` -> ``rules: foo bar``).
    """
    return CONFIG_LABELS.get(path, path.replace("_", " ").replace(".", ": "))


def bare_label(path: str) -> str:
    """:func:`config_label` without its unit: ``betting.ramp`` -> ``bet ramp``."""
    return config_label(path).split(" [")[0]
