"""Additive tallies: what a chunk of rounds counted, and how chunks merge.

A :class:`Tally` holds integer counts only, so the tallies of the chunks of
a job add up, in chunk order, to the same numbers whatever ran them and in
whatever order they finished. Merged counts are Python integers (no
overflow, however many rounds).

Its heart is ``hist``: rounds by true count and outcome. With the bet of
each true count (``bets``, fixed by the config) every sum of bets and
results follows exactly from it. ``batches`` holds the same sums for each of
``layout.N_BATCHES`` sub-batches of rounds (by shoe), from which batch-means
standard errors follow (:mod:`jost_engine.batches`) however the run was cut
into chunks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .kernel import layout as L

SCALAR_NAMES = dict(sorted((value, name[2:].lower()) for name, value in vars(L).items()
                           if name.startswith("T_") and isinstance(value, int)))


def _ints(values) -> list[int]:
    return [int(v) for v in np.asarray(values).ravel()]


@dataclass
class Tally:
    """Counts of one chunk, or of several merged.

    Attributes
    ----------
    scalars : list of int
        Laid out as ``layout.T_*``.
    hist : list of list of int
        ``hist[tc - TC_MIN][outcome + OUTCOME_SPAN]``: rounds bet on, by
        true count and outcome (tenths of the initial bet); the last
        column counts the rounds watched without a bet.
    bets : list of int
        Initial bet [1/10 unit] at each true count from ``TC_MIN``.
    chunks : list of int
        Indices of the chunks merged in.
    paths : list of list of int
        ``paths[hour - 1][bin]``: recorded bankroll trips whose bankroll at
        the end of that hour fell in ``bin`` (``layout.PATH_TRIPS`` per
        chunk, see :mod:`jost_engine.kernel.layout`); empty when no trips
        are followed.
    path_width : int
        Width of a bankroll bin of ``paths`` [1/100 unit]; 0 without paths.
    batches : list of list of int
        ``batches[k][B_*]``: sums of sub-batch ``k`` (rounds bet on, rounds
        dealt, initial bets [1/10 unit], net [1/100 unit], squared nets), see
        ``layout.N_BATCHES``; batch ``k`` of every chunk merged adds into
        batch ``k``. Empty when unknown: a tally saved before JOST recorded
        batches, or merged with one.
    spots : list of list of int
        ``spots[tc - TC_MIN][SP_*]``: exact sums of the spots' outcomes by
        true count when the player takes several spots (``betting.spots``,
        see ``layout.SP_ROUNDS``); empty with one spot everywhere.
    cover : list of list of int
        ``cover[tc - TC_MIN][CV_*]``: exact sums of the rounds' bets and nets
        by true count when cover bets are on (``betting.cover``, see
        ``layout.CV_ROUNDS``): a round's bet is then not its true count's.
        Empty otherwise.
    side : list of int
        Side bet pay lines, flat ``[bet, tc - TC_MIN, line]`` (see
        :mod:`jost_engine.kernel.sidebets`); empty without side bets.
    """

    scalars: list[int] = field(default_factory=lambda: [0] * L.N_TALLY)
    hist: list[list[int]] = field(
        default_factory=lambda: [[0] * L.N_HIST for _ in range(L.N_TC)])
    bets: list[int] = field(default_factory=lambda: [10] * L.N_TC)
    chunks: list[int] = field(default_factory=list)
    paths: list[list[int]] = field(default_factory=list)
    path_width: int = 0
    batches: list[list[int]] = field(default_factory=list)
    spots: list[list[int]] = field(default_factory=list)
    cover: list[list[int]] = field(default_factory=list)
    side: list[int] = field(default_factory=list)

    @classmethod
    def from_arrays(cls, tally, hist, bets, chunk: int, paths=(), path_width: int = 0,
                    batches=(), spots=(), cover=(), side=()) -> Tally:
        """Wrap the kernel's int64 arrays as plain integers."""
        rows = [_ints(row) for row in paths]
        return cls(_ints(tally), [_ints(row) for row in hist], _ints(bets), [chunk],
                   rows, path_width if rows else 0, [_ints(row) for row in batches],
                   [_ints(row) for row in spots], [_ints(row) for row in cover], _ints(side))

    def __getitem__(self, name: str) -> int:
        return self.scalars[getattr(L, f"T_{name.upper()}")]

    def merged(self, other: Tally) -> Tally:
        """The sum of two tallies (chunk lists joined, sorted)."""
        if self.chunks and other.chunks and self.bets != other.bets:
            raise ValueError("cannot merge tallies of different bet ramps")
        return Tally(
            [a + b for a, b in zip(self.scalars, other.scalars)],
            [[a + b for a, b in zip(r, s)] for r, s in zip(self.hist, other.hist)],
            other.bets if not self.chunks else self.bets,
            sorted(self.chunks + other.chunks),
            *_merged_paths(self, other),
            _merged_batches(self, other),
            _merged_rows(self.spots, other.spots),
            _merged_rows(self.cover, other.cover),
            [a + b for a, b in zip(self.side, other.side)] if self.side and other.side
            else list(self.side or other.side),
        )

    def to_dict(self) -> dict:
        """Plain JSON data; :meth:`from_dict` reads it back.

        Only the true counts that occurred are written (sparse rows).
        """
        rows = {str(L.TC_MIN + i): row for i, row in enumerate(self.hist) if any(row)}
        data = {"scalars": dict(zip(SCALAR_NAMES.values(), self.scalars)), "hist": rows,
                "bets": self.bets, "chunks": self.chunks}
        if self.paths:  # sparse: [[bin, count], ...] for each hour
            data["paths"] = {"width": self.path_width,
                             "hours": [[[b, n] for b, n in enumerate(row) if n]
                                       for row in self.paths]}
        if self.batches:
            data["batches"] = self.batches
        if self.side:  # sparse: {flat index: count}
            data["side"] = {"size": len(self.side),
                            "counts": {str(i): n for i, n in enumerate(self.side) if n}}
        if self.spots:  # sparse like hist: the true counts bet on
            data["spots"] = {str(L.TC_MIN + i): row for i, row in enumerate(self.spots)
                             if any(row)}
        if self.cover:
            data["cover"] = {str(L.TC_MIN + i): row for i, row in enumerate(self.cover)
                             if any(row)}
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Tally:
        """Read a tally written by :meth:`to_dict`."""
        scalars = [int(data["scalars"].get(name, 0)) for name in SCALAR_NAMES.values()]
        hist = [[0] * L.N_HIST for _ in range(L.N_TC)]
        for tc, row in data["hist"].items():
            hist[int(tc) - L.TC_MIN] = [int(v) for v in row]
        paths = []
        if "paths" in data:
            for pairs in data["paths"]["hours"]:
                row = [0] * L.N_PATH_BINS
                for b, n in pairs:
                    row[int(b)] = int(n)
                paths.append(row)
        batches = [[int(v) for v in row] for row in data.get("batches", ())]
        spots = _sparse_rows(data.get("spots"), L.N_SP)
        cover = _sparse_rows(data.get("cover"), L.N_CV)
        side = []
        if "side" in data:
            side = [0] * int(data["side"]["size"])
            for i, n in data["side"]["counts"].items():
                side[int(i)] = int(n)
        return cls(scalars, hist, [int(b) for b in data["bets"]],
                   [int(c) for c in data["chunks"]], paths,
                   int(data["paths"]["width"]) if paths else 0, batches, spots, cover, side)


def _merged_paths(one: Tally, two: Tally) -> tuple[list[list[int]], int]:
    """The bankroll paths of two tallies added (one may have none)."""
    if not one.paths or not two.paths:
        return ([list(row) for row in one.paths or two.paths],
                one.path_width or two.path_width)
    if one.path_width != two.path_width or len(one.paths) != len(two.paths):
        raise ValueError("cannot merge bankroll paths of different bins or hours")
    return ([[a + b for a, b in zip(r, s)] for r, s in zip(one.paths, two.paths)],
            one.path_width)


def _merged_batches(one: Tally, two: Tally) -> list[list[int]]:
    """Batch ``k`` of one tally plus batch ``k`` of the other.

    An empty tally (no chunk) adds nothing; a tally without batches (saved
    before they were recorded) makes the sum's batches unknown (empty).
    """
    if not one.chunks or not two.chunks:
        return [list(row) for row in (one.batches if one.chunks else two.batches)]
    if not one.batches or not two.batches:
        return []
    return [[a + b for a, b in zip(r, s)] for r, s in zip(one.batches, two.batches)]


def _merged_rows(one: list[list[int]], two: list[list[int]]) -> list[list[int]]:
    """Sums by true count (spots, cover) of two tallies added (empty when off)."""
    if not one or not two:
        return [list(row) for row in one or two]
    return [[a + b for a, b in zip(r, s)] for r, s in zip(one, two)]


def _sparse_rows(data: dict | None, width: int) -> list[list[int]]:
    """Rows by true count from their sparse JSON form ``{tc: row}``; empty when absent."""
    if data is None:
        return []
    rows = [[0] * width for _ in range(L.N_TC)]
    for tc, row in data.items():
        rows[int(tc) - L.TC_MIN] = [int(v) for v in row]
    return rows


def merge(tallies: list[Tally]) -> Tally:
    """Add tallies in the order of their first chunk index."""
    total = Tally()
    for tally in sorted(tallies, key=lambda t: t.chunks[0] if t.chunks else -1):
        total = total.merged(tally)
    return total
