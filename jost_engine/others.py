"""Other players at the table (``table.others``) and the pace of the game.

``table.others`` seats players to our right (dealt and played before us:
toward first base, as seen by a player facing the dealer) and to our left
(after us, toward third base), each with a profile:

- ``"basic"``: plays the chart (``strategy.chart``) and no index plays;
- ``"counter"``: plays the chart and the count's index plays
  (``strategy.deviations``) at the true count we keep: every player sees the
  same cards.

A "random-error" player (decisions that slip at a rate) needs the play-error
hook of the kernel, which is not on main yet: it is not offered.

The table is then ``right + our spots + left`` seats: ``table.players`` and
``table.seat`` follow from it (:func:`seats_of`). Unless ``run.rounds_per_hour``
is given, the pace follows the seats dealt (:data:`PACE`).
"""

from __future__ import annotations

import numpy as np

#: Rounds dealt per hour by seats dealt (1..7): Jim Kilby's figures in
#: *Casino Operations Management* (Kilby, Fox and Lucas, 2nd ed., Wiley 2005).
PACE = {1: 209, 2: 139, 3: 105, 4: 84, 5: 70, 6: 60, 7: 52}
PROFILES = ("basic", "counter")
MAX_SEATS = 7


def seats_of(others, spots: int) -> tuple[int, int]:
    """``(table.players, table.seat)`` of a table of others around our ``spots`` seats.

    Raises
    ------
    ValueError
        When the seats exceed the table's seven, naming ``table.others``.
    """
    players = len(others.right) + spots + len(others.left)
    if players > MAX_SEATS:
        raise ValueError(f"table.others: {len(others.right)} right + {spots} of ours + "
                         f"{len(others.left)} left = {players} seats; allowed: at most "
                         f"{MAX_SEATS} seats in all")
    return players, len(others.right) + 1


def pace(seats: int) -> float:
    """Rounds dealt per hour at a table of ``seats`` seats dealt [1/h] (:data:`PACE`)."""
    return float(PACE[min(max(seats, 1), MAX_SEATS)])


def seat_kinds(others, players: int, spots: int) -> np.ndarray:
    """The kernel's ``seat_kind`` (int64, by seat from 0): 1 for a counter."""
    kinds = np.zeros(players, dtype=np.int64)
    if others is None:
        return kinds
    for i, profile in enumerate(others.right):
        kinds[i] = profile == "counter"
    for i, profile in enumerate(others.left):
        kinds[len(others.right) + spots + i] = profile == "counter"
    return kinds


def describe_others(others: dict | None) -> str | None:
    """A short label, e.g. ``2 right (basic, counter), 1 left (basic)``; None without."""
    if not others:
        return None
    parts = [f"{len(others[side])} {side} ({', '.join(others[side])})"
             for side in ("right", "left") if others.get(side)]
    return ", ".join(parts) or "no others"
