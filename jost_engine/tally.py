"""Additive tallies: what a chunk of rounds counted, and how chunks merge.

A :class:`Tally` holds integer counts and sums only, so the tallies of the
chunks of a job add up, in chunk order, to the same numbers whatever ran
them and in whatever order they finished. Merged sums are Python integers
(no overflow, however many rounds).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .kernel import layout as L

SCALAR_NAMES = dict(sorted((value, name[2:].lower()) for name, value in vars(L).items()
                          if name.startswith("T_") and isinstance(value, int)))
TC_NAMES = dict(sorted((value, name[4:].lower()) for name, value in vars(L).items()
                       if name.startswith("TCT_") and isinstance(value, int)))


def _ints(values) -> list[int]:
    return [int(v) for v in np.asarray(values).ravel()]


@dataclass
class Tally:
    """Counts and sums of one chunk, or of several merged.

    Attributes
    ----------
    scalars : list of int
        Laid out as ``layout.T_*``.
    by_tc : list of list of int
        One row per true count from ``layout.TC_MIN``, laid out as
        ``layout.TCT_*``.
    outcomes : list of int
        Rounds by outcome, in tenths of the initial bet, from
        ``-OUTCOME_SPAN``.
    chunks : list of int
        Indices of the chunks merged in.
    """

    scalars: list[int] = field(default_factory=lambda: [0] * L.N_TALLY)
    by_tc: list[list[int]] = field(
        default_factory=lambda: [[0] * L.N_TCT for _ in range(L.N_TC)])
    outcomes: list[int] = field(default_factory=lambda: [0] * L.N_OUTCOMES)
    chunks: list[int] = field(default_factory=list)

    @classmethod
    def from_arrays(cls, tally, tc_tally, outcomes, chunk: int) -> Tally:
        """Wrap the kernel's int64 arrays as plain integers."""
        return cls(_ints(tally), [_ints(row) for row in tc_tally], _ints(outcomes), [chunk])

    def __getitem__(self, name: str) -> int:
        return self.scalars[getattr(L, f"T_{name.upper()}")]

    def merged(self, other: Tally) -> Tally:
        """The sum of two tallies (chunk lists joined, sorted)."""
        return Tally(
            [a + b for a, b in zip(self.scalars, other.scalars)],
            [[a + b for a, b in zip(r, s)] for r, s in zip(self.by_tc, other.by_tc)],
            [a + b for a, b in zip(self.outcomes, other.outcomes)],
            sorted(self.chunks + other.chunks),
        )

    def to_dict(self) -> dict:
        """Plain JSON data; :meth:`from_dict` reads it back."""
        return {"scalars": dict(zip(SCALAR_NAMES.values(), self.scalars)),
                "by_tc": self.by_tc, "outcomes": self.outcomes, "chunks": self.chunks}

    @classmethod
    def from_dict(cls, data: dict) -> Tally:
        """Read a tally written by :meth:`to_dict`."""
        scalars = [int(data["scalars"].get(name, 0)) for name in SCALAR_NAMES.values()]
        return cls(scalars, [[int(v) for v in row] for row in data["by_tc"]],
                   [int(v) for v in data["outcomes"]], [int(c) for c in data["chunks"]])


def merge(tallies: list[Tally]) -> Tally:
    """Add tallies in the order of their first chunk index."""
    total = Tally()
    for tally in sorted(tallies, key=lambda t: t.chunks[0] if t.chunks else -1):
        total = total.merged(tally)
    return total
