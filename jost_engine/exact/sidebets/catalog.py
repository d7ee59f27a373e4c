"""The side bets, their category sets and pay tables (``data/side_bets.json``).

A *category set* is the list of pay lines a family of bets can win, best
first; a hand is classified into the first category it meets (a suited
three of a kind is not also a flush). A *pay table* maps categories to
payouts "to one"; a category it leaves out loses, like a hand in no
category. A bet names its category set and its pay tables; a user-defined
pay table is a dict ``{category: payout}`` over the bet's category set
(schema in docs/side-bets.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from ...data import load_json
from ...errors import ConfigError


@dataclass(frozen=True)
class SideBet:
    """One side bet with one pay table.

    Attributes
    ----------
    name : str
        The bet's name in ``side_bets.json`` (``"21+3"``).
    category_set : str
        Its category set (``"three_card_poker"``).
    categories : tuple of str
        The set's categories, best first; pay line ``k + 1`` is category
        ``k`` and pay line 0 is a loss.
    pays : tuple of float
        Payout to one of each category (-1 for a category the table leaves out).
    paytable : str
        The pay table's name, or ``"custom"`` for a user-defined one.
    """

    name: str
    category_set: str
    categories: tuple
    pays: tuple
    paytable: str

    @property
    def lines(self) -> tuple:
        """Names of the pay lines: ``"lose"`` then the categories."""
        return ("lose", *self.categories)

    @property
    def line_pays(self) -> tuple:
        """Payout to one of each pay line (-1 for a loss)."""
        return (-1.0, *self.pays)


def catalog() -> dict:
    """The shipped side bets and category sets (``side_bets.json``)."""
    return load_json("side_bets.json")


def bet_names() -> list[str]:
    """Names of the shipped side bets."""
    return list(catalog()["bets"])


def side_bet(name: str, paytable: str | dict | None = None, field: str = "side_bet") -> SideBet:
    """Look up a bet and a pay table (a shipped name, a user-defined dict or the default).

    Parameters
    ----------
    name : str
        A bet of :func:`bet_names` (case is ignored).
    paytable : str, dict or None
        A pay table name of the bet, a ``{category: payout to one}`` dict
        over its category set, or None for the bet's default table.
    field : str
        The config path named in error messages.

    Raises
    ------
    jost_engine.errors.ConfigError
        One line naming the field and the allowed values.
    """
    bets = catalog()["bets"]
    key = str(name).strip().lower()
    if key not in bets:
        raise ConfigError(f"{field}.name: must be one of {', '.join(bets)}, got {name!r}",
                          f"{field}.name")
    bet = bets[key]
    categories = tuple(catalog()["category_sets"][bet["category_set"]]["categories"])
    if paytable is None:
        paytable = bet["default"]
    if isinstance(paytable, str):
        if paytable not in bet["paytables"]:
            raise ConfigError(f"{field}.paytable: {key} has pay tables "
                              f"{', '.join(bet['paytables'])}, or a {{category: payout}} "
                              f"object; got {paytable!r}", f"{field}.paytable")
        table, label = bet["paytables"][paytable], paytable
    elif isinstance(paytable, dict):
        table, label = _checked_table(paytable, categories, key, field), "custom"
    else:
        raise ConfigError(f"{field}.paytable: must be a pay table name or a {{category: "
                          f"payout}} object, got {type(paytable).__name__}", f"{field}.paytable")
    pays = tuple(float(table.get(c, -1.0)) for c in categories)
    return SideBet(key, bet["category_set"], categories, pays, label)


def _checked_table(table: dict, categories: tuple, key: str, field: str) -> dict:
    """A user-defined pay table, refused in one line unless its keys and payouts are valid."""
    for category, pay in table.items():
        if category not in categories:
            raise ConfigError(f"{field}.paytable: {key} pays on {', '.join(categories)}, "
                              f"got {category!r}", f"{field}.paytable")
        if isinstance(pay, bool) or not isinstance(pay, (int, float)) or not -1 <= pay <= 1e5:
            raise ConfigError(f"{field}.paytable.{category}: must be a payout to one "
                              f"between -1 and 100000, got {pay!r}", f"{field}.paytable")
    return table
