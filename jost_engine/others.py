"""Other players at the table (``table.others``) and the pace of the game.

``table.others`` seats players to our right (dealt and played before us:
toward first base, as seen by a player facing the dealer) and to our left
(after us, toward third base), each with a profile:

- ``"basic"``: plays the chart (``strategy.chart``) and no index plays;
- ``"counter"``: plays the chart and the count's index plays
  (``strategy.deviations``) at the true count we keep: every player sees the
  same cards;
- a player who errs, ``{"profile": "basic", "slip": 0.05}``: one of the two,
  with the play errors of ``strategy.errors`` at its own rates (``slip``; a
  counter also ``missed_index``, ``wrong_index``), drawn from the errors'
  stream of the shoe (:mod:`jost_engine.kernel.errors`).

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
PLAY_ERRORS = ("slip", "missed_index", "wrong_index")  # an erring player's rates, in order
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


def profile_of(player) -> str:
    """The profile of one other seat: ``"basic"`` or ``"counter"`` (a name or an object)."""
    if isinstance(player, str):
        return player
    if isinstance(player, dict):
        return player.get("profile", "basic")
    return player.profile


def play_errors(player) -> tuple[float, ...] | None:
    """An other seat's play-error rates (:data:`PLAY_ERRORS`); None when it makes none."""
    if isinstance(player, str):
        return None
    rates = tuple(float(getattr(player, name)) for name in PLAY_ERRORS)
    return rates if any(rates) else None


def has_counter(others) -> bool:
    """Whether some other seat is a counter (a profile name or an erring counter)."""
    return others is not None and any(profile_of(p) == "counter"
                                      for p in others.right + others.left)


def index_errors(others) -> bool:
    """Whether some other seat misses or misplays index plays."""
    return others is not None and any((play_errors(p) or (0, 0, 0))[1:] != (0, 0)
                                      for p in others.right + others.left)


def other_seats(others, spots: int) -> list[tuple[int, object]]:
    """``(seat from 0, player)`` of every other seat, our ``spots`` seats between."""
    if others is None:
        return []
    return [(i, p) for i, p in enumerate(others.right)] + \
        [(len(others.right) + spots + i, p) for i, p in enumerate(others.left)]


def seat_kinds(others, players: int, spots: int) -> np.ndarray:
    """The counters of the kernel's ``seat_kind`` (int64, by seat from 0): 1 for a counter.

    The rows of the players who err are added by :func:`jost_engine.prepare.prepare`.
    """
    kinds = np.zeros(players, dtype=np.int64)
    for seat, player in other_seats(others, spots):
        kinds[seat] = profile_of(player) == "counter"
    return kinds


def _label(player) -> str:
    """One seat in a label: its profile, and its error rates (``basic slip=0.05``)."""
    if isinstance(player, str):
        return player
    rates = " ".join(f"{name}={player[name]:g}" for name in PLAY_ERRORS if player.get(name))
    return f"{profile_of(player)} {rates}".strip()


def describe_others(others: dict | None) -> str | None:
    """A short label, e.g. ``2 right (basic, counter slip=0.05), 1 left (basic)``; None without."""
    if not others:
        return None
    parts = [f"{len(others[side])} {side} ({', '.join(_label(p) for p in others[side])})"
             for side in ("right", "left") if others.get(side)]
    return ", ".join(parts) or "no others"
