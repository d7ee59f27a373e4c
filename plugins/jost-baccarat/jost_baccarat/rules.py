"""The game as data: card values, the third-card rule, outcomes, pay tables, count tags.

Sources (read 2026-12-05):

- Drawing rules and the main bets' pays: the standard punto banco tableau as
  given by Wizard of Odds, "Baccarat" (wizardofodds.com/games/baccarat/).
- EZ Baccarat (no commission; a banker win with a three-card 7 pushes the
  banker bet), Dragon 7 (40 to 1 on a banker win with a three-card 7) and
  Panda 8 (25 to 1 on a player win with a three-card 8): Wizard of Odds,
  "EZ Baccarat" (wizardofodds.com/games/baccarat/ez-baccarat/).
- Count tags, in rank order A, 2, ..., 9, 10/J/Q/K: Dragon 7
  {0, 0, 0, -1, -1, -1, -1, +2, +2, 0}, entry at a true count of +4
  (Eliot Jacobson, "Card Counting the Dragon Side Bet in EZ Baccarat", 2011,
  published on Wizard of Odds; the same tags in his "Co-card counting the
  Dragon and Panda side bets in EZ Baccarat", 888casino blog); Panda 8
  {+1, +1, -2, -2, -2, -1, -1, -2, +4, +1} (same blog post, after Michael
  Shackleford's Panda 8 count). The Panda 8 entry is a parameter: no
  published entry was found in the sources read, so the default here is not
  a published figure (docs/plugins.md says so).
"""

from __future__ import annotations

import numpy as np

VALUES = 10
"""Card value classes 0 to 9 (value 0: ten, jack, queen, king)."""
PER_DECK = (16, 4, 4, 4, 4, 4, 4, 4, 4, 4)
"""Cards of each value class in one 52-card deck."""
CARDS_PER_DECK = 52

PLAYER_STOOD = 10
"""The column of :data:`BANKER_DRAWS` used when the player did not draw."""


def _banker_draws() -> np.ndarray:
    """``BANKER_DRAWS[banker_total, player_third]``: 1 when the banker draws a third card.

    Column ``player_third`` is the value (0-9) of the player's third card, or
    :data:`PLAYER_STOOD` when the player stood on 6 or 7.
    """
    draws = np.zeros((10, 11), dtype=np.int8)
    # banker total -> the player's third-card values on which the banker draws
    on = {0: range(10), 1: range(10), 2: range(10), 3: [v for v in range(10) if v != 8],
          4: range(2, 8), 5: range(4, 8), 6: (6, 7), 7: ()}
    for total, thirds in on.items():
        for v in thirds:
            draws[total, v] = 1
    draws[:6, PLAYER_STOOD] = 1  # the player stood: the banker draws on 0-5
    return draws


BANKER_DRAWS = _banker_draws()

OUTCOMES = ("player", "player_panda8", "banker", "banker_dragon7", "tie")
"""The coup's outcome classes: every bet's result is a function of the class.

``player_panda8``: the player wins with a three-card 8; ``banker_dragon7``:
the banker wins with a three-card 7; ``player`` / ``banker``: other wins.
"""
PLAYER, PANDA, BANKER, DRAGON, TIE = range(5)

BETS = ("banker", "player", "tie", "dragon7", "panda8")
"""Every bet tallied each round (one unit on each, as separate wagers)."""

BET_NAMES = {"banker": "Banker", "player": "Player", "tie": "Tie", "dragon7": "Dragon 7",
             "panda8": "Panda 8"}

TAGS = {
    "dragon7-jacobson": (0, 0, 0, -1, -1, -1, -1, 2, 2, 0),
    "panda8-jacobson": (1, 1, -2, -2, -2, -1, -1, -2, 4, 1),
}
"""Published count tags in rank order A, 2, ..., 9, 10/J/Q/K (see the module's sources)."""

DEFAULT_COUNTERS = (
    {"bet": "dragon7", "tags": "dragon7-jacobson", "entry": 4.0},
    {"bet": "panda8", "tags": "panda8-jacobson", "entry": 11.0},
)
"""The counters a config has unless it names its own (Dragon 7's entry is published)."""


def payouts(rules: dict) -> np.ndarray:
    """Net win of one unit on each bet, by outcome class: ``[len(BETS), len(OUTCOMES)]``.

    Parameters
    ----------
    rules : dict
        The validated ``rules`` section (``variant``, ``commission``,
        ``tie_pays``, ``dragon7_pays``, ``panda8_pays``).
    """
    table = np.zeros((len(BETS), len(OUTCOMES)))
    if rules["variant"] == "ez":  # no commission; a three-card 7 banker win pushes
        table[0] = (-1, -1, 1, 0, 0)
    else:
        win = 1.0 - rules["commission"]
        table[0] = (-1, -1, win, win, 0)
    table[1] = (1, 1, -1, -1, 0)
    table[2] = (-1, -1, -1, -1, rules["tie_pays"])
    table[3] = (-1, -1, -1, rules["dragon7_pays"], -1)
    table[4] = (-1, rules["panda8_pays"], -1, -1, -1)
    return table


def shoe_counts(decks: int) -> np.ndarray:
    """Cards of each value class in a full shoe of ``decks`` decks (int64[10])."""
    return np.array(PER_DECK, dtype=np.int64) * int(decks)


def tags_by_value(tags) -> np.ndarray:
    """Tags in rank order (A, 2, ..., 9, ten) as an int64[10] indexed by value class 0-9."""
    ranks = list(tags)
    return np.array([ranks[9], *ranks[:9]], dtype=np.int64)
