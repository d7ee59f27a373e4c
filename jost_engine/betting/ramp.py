"""A bet ramp with its wonging rule, and which rounds of a true-count table it plays.

Two kinds of wonging are told apart, because only one of them follows from
a per-count table:

- **By the count alone** (``wong_in = wong_out + 1``, or no wonging): the
  player bets exactly at the counts ``>= wong_in`` and watches the others.
  Any true-count table that has results at those counts evaluates it
  exactly: the kernel deals the same rounds whether the seat bets or watches
  (a watching seat still draws its cards by basic strategy, so only its
  deviations and insurance differ, see :mod:`jost_engine.kernel.rounds`).
- **With memory** (wong-out alone, wong-in alone, or a gap between the two
  points): whether a round at count *t* is played depends on the counts
  earlier in the shoe. The share of rounds played at each count is then
  known only from a run with that same rule, whose table records it
  (rounds played and watched per count); any ramp with that rule is
  evaluated exactly from such a table, other memory rules are refused.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..errors import BettingError
from ..kernel import layout as L
from .table import CountTable

LOWEST = -99.0  # the true count of a ramp's first step, as the shipped profiles write it
BET_STEP = 0.1  # the kernel's bet resolution [units]


def _point(value, rounding) -> int | None:
    return None if value is None else int(rounding(value))


@dataclass(frozen=True)
class Ramp:
    """Bets by true count and a wonging rule, as a config's ``betting`` holds them.

    Attributes
    ----------
    steps : tuple of (float, float)
        ``(true count at or above, units)`` pairs in increasing count.
    wong_in, wong_out : float or None
        Enter at or above / leave at or below these true counts.
    """

    steps: tuple[tuple[float, float], ...]
    wong_in: float | None = None
    wong_out: float | None = None

    @classmethod
    def from_betting(cls, betting: dict) -> Ramp:
        """The ramp of a config's ``betting`` section (or a betting profile's piece).

        ``min_units`` and ``max_units`` are applied as the kernel applies them
        (:func:`jost_engine.prepare`), so the steps are the bets it places.
        """
        counts = np.arange(L.TC_MIN, L.TC_MAX + 1)
        low = float(betting.get("min_units", 1.0))
        high = betting.get("max_units")
        units = np.full(counts.shape, low)
        for at, size in betting.get("ramp") or [[LOWEST, 1.0]]:
            units[counts >= at] = size
        units = np.maximum(units, low)
        if high is not None:
            units = np.minimum(units, high)
        return cls.from_units(counts, units, betting.get("wong_in"), betting.get("wong_out"))

    @classmethod
    def from_units(cls, true_count, units, wong_in=None, wong_out=None) -> Ramp:
        """The ramp betting ``units[i]`` at ``true_count[i]`` (whole counts, increasing)."""
        steps: list[tuple[float, float]] = []
        for tc, size in zip(np.asarray(true_count).tolist(), np.asarray(units, float).tolist()):
            size = round(size / BET_STEP) * BET_STEP
            if not steps or not math.isclose(size, steps[-1][1]):
                steps.append((float(tc) if steps else LOWEST, round(size, 1)))
        return cls(tuple(steps), wong_in, wong_out)

    def units(self, true_count) -> np.ndarray:
        """The bet at each true count [units], to the kernel's 0.1-unit resolution."""
        counts = np.asarray(true_count, dtype=float)
        out = np.full(counts.shape, self.steps[0][1])
        for at, size in self.steps:
            out[counts >= at] = size
        return np.round(out / BET_STEP) * BET_STEP

    def pairs(self) -> list[list[float]]:
        """``[[true count, units], ...]`` as a config's ``betting.ramp`` writes them."""
        return [[at, size] for at, size in self.steps]

    @property
    def spread(self) -> float:
        """Largest bet over smallest bet."""
        sizes = [size for _, size in self.steps]
        return max(sizes) / min(sizes)

    def points(self) -> tuple[int | None, int | None]:
        """The wonging points as the kernel applies them: ``ceil(wong_in)``, ``floor(wong_out)``."""
        return _point(self.wong_in, math.ceil), _point(self.wong_out, math.floor)

    def to_betting(self, unit: float = 1.0, bankroll_units: float | None = None) -> dict:
        """A config ``betting`` section (a betting profile's piece) for this ramp.

        Parameters
        ----------
        unit : float
            Money per unit [currency].
        bankroll_units : float, optional
            Bankroll [units].
        """
        sizes = [size for _, size in self.steps]
        return {"ramp": self.pairs(), "wong_in": self.wong_in, "wong_out": self.wong_out,
                "unit": unit, "bankroll_units": bankroll_units, "min_units": min(sizes),
                "max_units": max(sizes)}

    def play_fraction(self, table: CountTable) -> np.ndarray:
        """The share of the rounds dealt at each count of ``table`` that this ramp bets on.

        Raises
        ------
        BettingError
            For a wonging rule with memory that is not the table's own, or
            when the ramp plays a count where the table has no result.
        """
        wong_in, wong_out = self.points()
        if (wong_in, wong_out) == (table.wong_in, table.wong_out):
            with np.errstate(invalid="ignore", divide="ignore"):
                share = np.where(table.dealt > 0, table.played / table.dealt, 0.0)
        elif wong_in is None and wong_out is None:
            share = np.ones(table.true_count.shape)
        elif wong_in is not None and wong_out is not None and wong_in == wong_out + 1:
            share = (table.true_count >= wong_in).astype(float)
        else:
            field = "wong_out" if wong_out is not None else "wong_in"
            raise BettingError(
                f"{field}: wonging with wong_in={self.wong_in}, wong_out={self.wong_out} "
                f"depends on the counts earlier in the shoe; evaluate it from a run with the "
                f"same wonging (the table's run used wong_in={table.wong_in}, "
                f"wong_out={table.wong_out}), or wong by the count alone "
                f"(wong_in = wong_out + 1)", field)
        missing = (share > 0) & (table.dealt > 0) & (table.played == 0)
        if missing.any():
            raise BettingError(
                f"wong_out: the ramp bets at true count {int(table.true_count[missing][0])}, "
                f"where the table's run (wong_in={table.wong_in}, wong_out={table.wong_out}) "
                f"played no round; evaluate it from a run that plays there", "wong_out")
        return share
